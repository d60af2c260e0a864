// The task tree as rows, pstree-like: processes under their parent (by
// real_parent's thread group, as /proc's PPid), each process's other
// threads grouped under it as {name}, kernel threads under kthreadd.
// Pure: reads task_structs, draws nothing. The tasks pane formats the
// visible rows only.

import type { Kernel } from '../kernel/kernel';
import type { TaskStruct } from '../kernel/task';
import { isKthread, ppidOf } from '../console/tasks';

/** One row of the tree. */
export interface TaskRow {
  task: TaskStruct; // the task (a process's leader, or a thread)
  depth: number; // 0 for the roots (init, kthreadd)
  lines: string; // the tree lines before it, one glyph pair per level (see Glyphs)
  thread: boolean; // a non-leader thread, drawn as {comm}
  kids: number; // rows directly under it (threads and child processes)
  collapsed: boolean; // its subtree is folded away
  hidden: number; // tasks folded away under it (0 unless collapsed)
}

/** The tree lines a row needs, as indices into a glyph set. */
export interface TreeGlyphs {
  branch: string; // ├─
  last: string; // └─
  pipe: string; // │
  blank: string; // (two spaces)
}

/** Tasks under each process: its other threads, then its child processes, by pid. */
interface Family {
  threads: Map<number, TaskStruct[]>; // tgid -> non-leader threads
  children: Map<number, TaskStruct[]>; // tgid of the parent -> child process leaders
  roots: TaskStruct[]; // processes whose parent is the idle task (init, kthreadd)
}

/** Sorts tasks by pid, in place. */
function byPid(a: TaskStruct, b: TaskStruct): number {
  return a.pid - b.pid;
}

/** One pass over the pid hash: who is under whom. */
function family(k: Kernel): Family {
  const threads = new Map<number, TaskStruct[]>();
  const children = new Map<number, TaskStruct[]>();
  const roots: TaskStruct[] = [];
  for (const t of k.tasks.values()) {
    if (!t.isLeader) {
      const list = threads.get(t.tgid);
      if (list) list.push(t);
      else threads.set(t.tgid, [t]);
      continue;
    }
    const ppid = ppidOf(t);
    if (ppid === 0 || !k.tasks.has(ppid)) {
      roots.push(t);
      continue;
    }
    const list = children.get(ppid);
    if (list) list.push(t);
    else children.set(ppid, [t]);
  }
  for (const l of threads.values()) l.sort(byPid);
  for (const l of children.values()) l.sort(byPid);
  roots.sort(byPid);
  return { threads, children, roots };
}

/** Tasks in the subtree under `t` (not counting t). */
function countUnder(f: Family, t: TaskStruct): number {
  let n = f.threads.get(t.tgid)?.length ?? 0;
  for (const c of f.children.get(t.tgid) ?? []) n += 1 + countUnder(f, c);
  return n;
}

/**
 * The rows of the task tree. `collapsed` holds the pids of folded
 * processes; `pinned` tasks stay visible under a folded kthreadd (the
 * level's own kernel threads), so folding the dozens of boot kthreads
 * never hides the one the level is about.
 */
export function buildTaskRows(k: Kernel, collapsed: ReadonlySet<number>, g: TreeGlyphs, pinned: ReadonlySet<number> = new Set()): TaskRow[] {
  const f = family(k);
  const rows: TaskRow[] = [];
  const visit = (t: TaskStruct, depth: number, lines: string, thread: boolean): void => {
    const threads = thread ? [] : (f.threads.get(t.tgid) ?? []);
    const kids = thread ? [] : (f.children.get(t.tgid) ?? []);
    const under: Array<{ task: TaskStruct; thread: boolean }> = [
      ...threads.map((x) => ({ task: x, thread: true })),
      ...kids.map((x) => ({ task: x, thread: false })),
    ];
    const folded = !thread && collapsed.has(t.pid) && under.length > 0;
    let shown = under;
    if (folded) {
      // Pinned kernel threads stay in sight (under kthreadd only: a folded
      // user process hides everything, as the user asked).
      shown = isKthread(t) ? under.filter((u) => pinned.has(u.task.pid)) : [];
    }
    const row: TaskRow = {
      task: t,
      depth,
      lines,
      thread,
      kids: under.length,
      collapsed: folded,
      hidden: folded ? countUnder(f, t) - shown.length : 0,
    };
    rows.push(row);
    const childLines = depth === 0 ? '' : lines.slice(0, -g.branch.length) + (lines.endsWith(g.last) ? g.blank : g.pipe);
    shown.forEach((u, i) => {
      const last = i === shown.length - 1;
      visit(u.task, depth + 1, childLines + (last ? g.last : g.branch), u.thread);
    });
  };
  for (const r of f.roots) visit(r, 0, '', false);
  return rows;
}

/** Index of the row holding `pid`, or -1. */
export function rowOfPid(rows: readonly TaskRow[], pid: number): number {
  for (let i = 0; i < rows.length; i++) if (rows[i].task.pid === pid) return i;
  return -1;
}
