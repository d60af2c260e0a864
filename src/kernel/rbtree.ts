// A red-black tree, the ordered index Linux uses for the CFS timeline
// (rq->cfs.tasks_timeline) and, in the lecture's kernels, for VMAs (mm->mm_rb).
// linux: lib/rbtree.c, include/linux/rbtree.h
//
// The tree is intrusive, as in Linux: the caller's object *is* the node
// (it carries rbParent/rbLeft/rbRight/rbRed), so insert and erase allocate
// nothing. Ordering comes from a comparator given to the tree. Equal keys are
// allowed; a new node goes after the existing equal ones (stable).

export interface RbNode {
  rbParent: RbNode | null;
  rbLeft: RbNode | null;
  rbRight: RbNode | null;
  rbRed: boolean;
}

/** Fields an RbNode starts with; spread into a new object. */
export function rbFields(): RbNode {
  return { rbParent: null, rbLeft: null, rbRight: null, rbRed: false };
}

export class RbTree<T extends RbNode> {
  root: T | null = null;
  /** Cached leftmost node, as rb_root_cached keeps it: the CFS pick is O(1). */
  leftmost: T | null = null;
  size = 0;

  constructor(private readonly cmp: (a: T, b: T) => number) {}

  /** linux: rb_add_cached. Inserts `node`, which must not be in any tree. */
  insert(node: T): void {
    let parent: T | null = null;
    let link = this.root;
    let goLeft = false;
    let isLeftmost = true;
    while (link) {
      parent = link;
      goLeft = this.cmp(node, link) < 0;
      if (goLeft) link = link.rbLeft as T | null;
      else {
        link = link.rbRight as T | null;
        isLeftmost = false;
      }
    }
    node.rbParent = parent;
    node.rbLeft = node.rbRight = null;
    node.rbRed = true;
    if (!parent) this.root = node;
    else if (goLeft) parent.rbLeft = node;
    else parent.rbRight = node;
    if (isLeftmost) this.leftmost = node;
    this.size++;
    this.insertFixup(node);
  }

  /** linux: rb_erase_cached. Removes `node`, which must be in this tree. */
  erase(node: T): void {
    if (this.leftmost === node) this.leftmost = this.next(node);
    let y: RbNode = node;
    let yWasRed = y.rbRed;
    let x: RbNode | null;
    let xParent: RbNode | null;
    if (!node.rbLeft) {
      x = node.rbRight;
      xParent = node.rbParent;
      this.transplant(node, node.rbRight);
    } else if (!node.rbRight) {
      x = node.rbLeft;
      xParent = node.rbParent;
      this.transplant(node, node.rbLeft);
    } else {
      y = node.rbRight;
      while (y.rbLeft) y = y.rbLeft;
      yWasRed = y.rbRed;
      x = y.rbRight;
      if (y.rbParent === node) {
        xParent = y;
      } else {
        xParent = y.rbParent;
        this.transplant(y, y.rbRight);
        y.rbRight = node.rbRight;
        y.rbRight!.rbParent = y;
      }
      this.transplant(node, y);
      y.rbLeft = node.rbLeft;
      y.rbLeft!.rbParent = y;
      y.rbRed = node.rbRed;
    }
    node.rbParent = node.rbLeft = node.rbRight = null;
    node.rbRed = false;
    this.size--;
    if (!yWasRed) this.eraseFixup(x, xParent);
  }

  first(): T | null {
    return this.leftmost;
  }

  last(): T | null {
    let n = this.root as RbNode | null;
    if (!n) return null;
    while (n.rbRight) n = n.rbRight;
    return n as T;
  }

  /** linux: rb_next */
  next(node: T): T | null {
    let n: RbNode | null = node;
    if (n.rbRight) {
      n = n.rbRight;
      while (n.rbLeft) n = n.rbLeft;
      return n as T;
    }
    let p: RbNode | null = n.rbParent;
    while (p && n === p.rbRight) {
      n = p;
      p = p.rbParent;
    }
    return p as T | null;
  }

  /** linux: rb_prev */
  prev(node: T): T | null {
    let n: RbNode | null = node;
    if (n.rbLeft) {
      n = n.rbLeft;
      while (n.rbRight) n = n.rbRight;
      return n as T;
    }
    let p: RbNode | null = n.rbParent;
    while (p && n === p.rbLeft) {
      n = p;
      p = p.rbParent;
    }
    return p as T | null;
  }

  /**
   * The first node for which `pred` holds, where `pred` is false for a prefix
   * of the order and true for the rest (the walk find_vma does). O(log n).
   */
  lowerBound(pred: (n: T) => boolean): T | null {
    let n = this.root as RbNode | null;
    let found: T | null = null;
    while (n) {
      if (pred(n as T)) {
        found = n as T;
        n = n.rbLeft;
      } else n = n.rbRight;
    }
    return found;
  }

  /** In-order walk; the callback may not modify the tree. */
  forEach(fn: (n: T) => void): void {
    for (let n = this.leftmost; n; n = this.next(n)) fn(n);
  }

  toArray(): T[] {
    const out: T[] = [];
    this.forEach((n) => out.push(n));
    return out;
  }

  /** Checks the red-black invariants; for tests. Returns the black height. */
  verify(): number {
    const walk = (n: RbNode | null, parent: RbNode | null): number => {
      if (!n) return 1;
      if (n.rbParent !== parent) throw new Error('rbtree: bad parent link');
      if (n.rbRed && ((n.rbLeft && n.rbLeft.rbRed) || (n.rbRight && n.rbRight.rbRed)))
        throw new Error('rbtree: red node with red child');
      if (n.rbLeft && this.cmp(n.rbLeft as T, n as T) > 0) throw new Error('rbtree: order');
      if (n.rbRight && this.cmp(n.rbRight as T, n as T) < 0) throw new Error('rbtree: order');
      const l = walk(n.rbLeft, n);
      const r = walk(n.rbRight, n);
      if (l !== r) throw new Error('rbtree: black height');
      return l + (n.rbRed ? 0 : 1);
    };
    if (this.root && this.root.rbRed) throw new Error('rbtree: red root');
    let min: RbNode | null = this.root;
    while (min && min.rbLeft) min = min.rbLeft;
    if (min !== this.leftmost) throw new Error('rbtree: stale leftmost cache');
    return walk(this.root, null);
  }

  private transplant(u: RbNode, v: RbNode | null): void {
    if (!u.rbParent) this.root = v as T | null;
    else if (u === u.rbParent.rbLeft) u.rbParent.rbLeft = v;
    else u.rbParent.rbRight = v;
    if (v) v.rbParent = u.rbParent;
  }

  private rotateLeft(x: RbNode): void {
    const y = x.rbRight!;
    x.rbRight = y.rbLeft;
    if (y.rbLeft) y.rbLeft.rbParent = x;
    y.rbParent = x.rbParent;
    if (!x.rbParent) this.root = y as T;
    else if (x === x.rbParent.rbLeft) x.rbParent.rbLeft = y;
    else x.rbParent.rbRight = y;
    y.rbLeft = x;
    x.rbParent = y;
  }

  private rotateRight(x: RbNode): void {
    const y = x.rbLeft!;
    x.rbLeft = y.rbRight;
    if (y.rbRight) y.rbRight.rbParent = x;
    y.rbParent = x.rbParent;
    if (!x.rbParent) this.root = y as T;
    else if (x === x.rbParent.rbRight) x.rbParent.rbRight = y;
    else x.rbParent.rbLeft = y;
    y.rbRight = x;
    x.rbParent = y;
  }

  private insertFixup(z: RbNode): void {
    while (z.rbParent && z.rbParent.rbRed) {
      const p = z.rbParent;
      const g = p.rbParent!;
      if (p === g.rbLeft) {
        const u = g.rbRight;
        if (u && u.rbRed) {
          p.rbRed = false;
          u.rbRed = false;
          g.rbRed = true;
          z = g;
        } else {
          if (z === p.rbRight) {
            z = p;
            this.rotateLeft(z);
          }
          z.rbParent!.rbRed = false;
          g.rbRed = true;
          this.rotateRight(g);
        }
      } else {
        const u = g.rbLeft;
        if (u && u.rbRed) {
          p.rbRed = false;
          u.rbRed = false;
          g.rbRed = true;
          z = g;
        } else {
          if (z === p.rbLeft) {
            z = p;
            this.rotateRight(z);
          }
          z.rbParent!.rbRed = false;
          g.rbRed = true;
          this.rotateLeft(g);
        }
      }
    }
    this.root!.rbRed = false;
  }

  private eraseFixup(x: RbNode | null, parent: RbNode | null): void {
    while (x !== this.root && (!x || !x.rbRed)) {
      if (!parent) break;
      if (x === parent.rbLeft) {
        let w = parent.rbRight!;
        if (w.rbRed) {
          w.rbRed = false;
          parent.rbRed = true;
          this.rotateLeft(parent);
          w = parent.rbRight!;
        }
        if ((!w.rbLeft || !w.rbLeft.rbRed) && (!w.rbRight || !w.rbRight.rbRed)) {
          w.rbRed = true;
          x = parent;
          parent = x.rbParent;
        } else {
          if (!w.rbRight || !w.rbRight.rbRed) {
            if (w.rbLeft) w.rbLeft.rbRed = false;
            w.rbRed = true;
            this.rotateRight(w);
            w = parent.rbRight!;
          }
          w.rbRed = parent.rbRed;
          parent.rbRed = false;
          if (w.rbRight) w.rbRight.rbRed = false;
          this.rotateLeft(parent);
          x = this.root;
          parent = null;
        }
      } else {
        let w = parent.rbLeft!;
        if (w.rbRed) {
          w.rbRed = false;
          parent.rbRed = true;
          this.rotateRight(parent);
          w = parent.rbLeft!;
        }
        if ((!w.rbRight || !w.rbRight.rbRed) && (!w.rbLeft || !w.rbLeft.rbRed)) {
          w.rbRed = true;
          x = parent;
          parent = x.rbParent;
        } else {
          if (!w.rbLeft || !w.rbLeft.rbRed) {
            if (w.rbRight) w.rbRight.rbRed = false;
            w.rbRed = true;
            this.rotateLeft(w);
            w = parent.rbLeft!;
          }
          w.rbRed = parent.rbRed;
          parent.rbRed = false;
          if (w.rbLeft) w.rbLeft.rbRed = false;
          this.rotateRight(parent);
          x = this.root;
          parent = null;
        }
      }
    }
    if (x) x.rbRed = false;
  }
}
