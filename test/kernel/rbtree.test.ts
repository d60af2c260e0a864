import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { RbTree, rbFields, type RbNode } from '../../src/kernel/rbtree';

interface Item extends RbNode {
  key: number;
  id: number;
}

const byKey = (a: Item, b: Item) => a.key - b.key;

describe('RbTree', () => {
  it('keeps order, invariants and the leftmost cache under random inserts and erases', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.boolean(), fc.integer({ min: 0, max: 50 })), { maxLength: 300 }), (ops) => {
        const tree = new RbTree<Item>(byKey);
        const model: Item[] = [];
        let id = 0;
        for (const [add, key] of ops) {
          if (add || model.length === 0) {
            const item: Item = { ...rbFields(), key, id: id++ };
            tree.insert(item);
            // equal keys go after existing ones
            let i = model.length;
            while (i > 0 && model[i - 1].key > key) i--;
            model.splice(i, 0, item);
          } else {
            const victim = model.splice(key % model.length, 1)[0];
            tree.erase(victim);
          }
          tree.verify();
        }
        expect(tree.toArray().map((n) => n.id)).toEqual(model.map((n) => n.id));
        expect(tree.size).toBe(model.length);
        expect(tree.first()).toBe(model[0] ?? null);
        expect(tree.last()).toBe(model[model.length - 1] ?? null);
      }),
    );
  });

  it('lowerBound finds the first node satisfying a monotone predicate', () => {
    const tree = new RbTree<Item>(byKey);
    for (const key of [10, 20, 30, 40]) tree.insert({ ...rbFields(), key, id: key });
    expect(tree.lowerBound((n) => n.key > 25)?.key).toBe(30);
    expect(tree.lowerBound((n) => n.key > 40)).toBeNull();
    expect(tree.lowerBound((n) => n.key >= 0)?.key).toBe(10);
  });

  it('walks backwards with prev', () => {
    const tree = new RbTree<Item>(byKey);
    for (let k = 0; k < 100; k++) tree.insert({ ...rbFields(), key: (k * 37) % 100, id: k });
    const keys: number[] = [];
    for (let n = tree.last(); n; n = tree.prev(n)) keys.push(n.key);
    expect(keys).toEqual([...Array(100).keys()].reverse());
  });
});
