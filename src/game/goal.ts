// Evaluating goal, fail and penalty predicates (level-schema.ts) against
// a running level.

import type { Compare, Predicate, TaskFilter } from './level-schema';
import type { GameView } from './view';
import { EXIT_ZOMBIE, PF_KTHREAD, taskStateLetter, type TaskStruct } from '../kernel/task';
import { parseSignal } from '../kernel/uapi/signal';

export function compare(n: number, c: Compare | undefined, dflt: Compare): boolean {
  const cmp = c ?? dflt;
  if (typeof cmp === 'number') return n === cmp;
  if (cmp.eq !== undefined && !(n === cmp.eq)) return false;
  if (cmp.ne !== undefined && !(n !== cmp.ne)) return false;
  if (cmp.lt !== undefined && !(n < cmp.lt)) return false;
  if (cmp.le !== undefined && !(n <= cmp.le)) return false;
  if (cmp.gt !== undefined && !(n > cmp.gt)) return false;
  if (cmp.ge !== undefined && !(n >= cmp.ge)) return false;
  return true;
}

function num(v: GameView, x: number | string): number | undefined {
  if (typeof x === 'number') return x;
  const s = v.fill(x);
  const n = Number(s);
  return Number.isFinite(n) ? n : undefined;
}

/** The pid a `parent:` field names. */
function parentPid(v: GameView, p: string): number | undefined {
  if (p === 'init') return 1;
  if (p === 'kthreadd') return 2;
  if (p === 'shell') return v.k.shell.pid;
  if (v.labels.has(p)) return v.labels.get(p);
  return num(v, p);
}

export function matchTask(v: GameView, t: TaskStruct, f: TaskFilter): boolean {
  if (f.name !== undefined && v.labels.get(f.name) !== t.pid) return false;
  if (f.comm !== undefined && t.comm !== f.comm) return false;
  if (f.pid !== undefined && num(v, f.pid) !== t.pid) return false;
  if (f.tgid !== undefined && num(v, f.tgid) !== t.tgid) return false;
  if (f.state !== undefined) {
    const letter = taskStateLetter(t);
    if (Array.isArray(f.state) ? !(f.state as string[]).includes(letter) : f.state !== letter) return false;
  }
  if (f.parent !== undefined && parentPid(v, f.parent) !== t.realParent?.tgid) return false;
  if (f.uid !== undefined && t.uid !== f.uid) return false;
  if (f.cpu !== undefined && t.cpu !== f.cpu) return false;
  if (f.nice !== undefined && t.nice !== f.nice) return false;
  if (f.kthread !== undefined && !!(t.flags & PF_KTHREAD) !== f.kthread) return false;
  if (f.thread !== undefined && !t.isLeader !== f.thread) return false;
  if (f.threads !== undefined && !compare(t.signal.threads.length, f.threads, 0)) return false;
  return true;
}

function countTasks(v: GameView, f: TaskFilter): number {
  let n = 0;
  for (const t of v.k.tasks.values()) if (matchTask(v, t, f)) n++;
  return n;
}

function eventMatches(v: GameView, e: Record<string, unknown>, want: Record<string, unknown>): boolean {
  for (const [key, w] of Object.entries(want)) {
    if (key === 'count') continue;
    let got = e[key];
    if (key === 'pid' || key === 'child' || key === 'to' || key === 'from' || key === 'by') {
      const expected = typeof w === 'string' ? (v.labels.get(w) ?? num(v, w)) : w;
      if (got !== expected) return false;
      continue;
    }
    if (key === 'signo' && typeof w === 'string') {
      if (got !== parseSignal(w)) return false;
      continue;
    }
    if ((key === 'addr' || key === 'page') && typeof w === 'string') {
      const a = num(v, w);
      if (key === 'page') got = typeof e.addr === 'number' ? e.addr - (e.addr % 4096) : undefined;
      if (got !== a) return false;
      continue;
    }
    // Other values may hold templates ({page:x.buf+4096} for a start or end).
    if (typeof w === 'string' && w.includes('{')) {
      const filled = v.fill(w);
      if (typeof got === 'number' ? got !== Number(filled) : got !== filled) return false;
      continue;
    }
    if (got !== w) return false;
  }
  return true;
}

/**
 * Answers compare word by word, case-insensitively; numbers compare by
 * value whatever their base ("0x1A" = "26"), and commas count as spaces.
 */
/** An answer's values: words split at spaces and commas, in lower case. */
export function answerWords(s: string): string[] {
  return s.trim().toLowerCase().split(/[\s,]+/).filter(Boolean);
}

export function sameAnswer(given: string, expected: string): boolean {
  const a = answerWords(given);
  const b = answerWords(expected);
  if (a.length !== b.length) return false;
  return a.every((w, i) => {
    const x = Number(w);
    const y = Number(b[i]);
    return Number.isFinite(x) && Number.isFinite(y) ? x === y : w === b[i];
  });
}

/** The tests `p` is made of: the leaves under its all, any and not, in order. */
export function leaves(p: Predicate): Predicate[] {
  if ('all' in p) return p.all.flatMap(leaves);
  if ('any' in p) return p.any.flatMap(leaves);
  if ('not' in p) return leaves(p.not);
  return [p];
}

/** Does `p` hold now? */
export function evaluate(v: GameView, p: Predicate): boolean {
  if ('all' in p) return p.all.every((q) => evaluate(v, q));
  if ('any' in p) return p.any.some((q) => evaluate(v, q));
  if ('not' in p) return !evaluate(v, p.not);
  if ('tasks' in p) {
    const { count, ...f } = p.tasks;
    return compare(countTasks(v, f), count, { ge: 1 });
  }
  if ('no_tasks' in p) return countTasks(v, p.no_tasks) === 0;
  if ('task' in p) {
    for (const t of v.k.tasks.values()) if (matchTask(v, t, p.task)) return true;
    return false;
  }
  if ('alive' in p) {
    const t = v.task(p.alive);
    return !!t && !(t.exitState & EXIT_ZOMBIE) && t.exitState === 0;
  }
  if ('reaped' in p) return v.labels.has(p.reaped) && !v.task(p.reaped);
  if ('exited' in p) {
    const st = v.exits.get(p.exited.name);
    if (st === undefined) return false;
    if (p.exited.status !== undefined && ((st & 0x7f) !== 0 || ((st >> 8) & 0xff) !== p.exited.status)) return false;
    if (p.exited.signal !== undefined && (st & 0x7f) !== parseSignal(p.exited.signal)) return false;
    return true;
  }
  if ('events' in p) {
    let n = 0;
    for (const e of v.events) if (e.type === p.events.type && eventMatches(v, e as unknown as Record<string, unknown>, p.events)) n++;
    return compare(n, p.events.count, { ge: 1 });
  }
  if ('vma' in p) {
    const t = v.task(p.vma.name);
    if (!t || !t.mm) return false;
    const addr = num(v, p.vma.addr);
    if (addr === undefined) return false;
    const vma = v.k.mm.findVma(t.mm, addr);
    const inside = !!vma && vma.vmStart <= addr;
    if (p.vma.exists !== undefined && inside !== p.vma.exists) return false;
    if (p.vma.perms !== undefined) {
      if (!inside) return false;
      const perms = v.k.mm.vmaPerms(vma!);
      if (!perms.startsWith(p.vma.perms)) return false;
    }
    if (p.vma.start !== undefined && (!inside || vma!.vmStart !== num(v, p.vma.start))) return false;
    if (p.vma.end !== undefined && (!inside || vma!.vmEnd !== num(v, p.vma.end))) return false;
    return true;
  }
  if ('output' in p) {
    if (p.output.contains !== undefined && !v.output.includes(v.fill(p.output.contains))) return false;
    if (p.output.matches !== undefined && !new RegExp(p.output.matches, 'm').test(v.output)) return false;
    return true;
  }
  if ('ticks' in p) return compare(v.ticks, p.ticks, 0);
  if ('answer' in p) return v.answers.some((a) => sameAnswer(a, v.fill(p.answer)));
  throw new Error(`unknown predicate ${JSON.stringify(p)}`);
}

/** The top-level clauses of a goal, each with its text and whether it holds (for the goal pane). */
export function checklist(v: GameView, p: Predicate): { text: string; done: boolean }[] {
  const parts = 'all' in p ? p.all : [p];
  return parts.map((q) => ({ text: q.text ?? describe(q), done: evaluate(v, q) }));
}

/** A short English rendering of a predicate, when the level gives no text. */
export function describe(p: Predicate): string {
  if ('all' in p) return p.all.map(describe).join(' and ');
  if ('any' in p) return p.any.map(describe).join(' or ');
  if ('not' in p) return `not (${describe(p.not)})`;
  if ('no_tasks' in p) return `no task ${filterText(p.no_tasks)}`;
  if ('tasks' in p) return `tasks ${filterText(p.tasks)}`;
  if ('task' in p) return `a task ${filterText(p.task)}`;
  if ('alive' in p) return `${p.alive} is alive`;
  if ('reaped' in p) return `${p.reaped} is reaped`;
  if ('exited' in p) return `${p.exited.name} exited`;
  if ('events' in p) return `${p.events.type} events`;
  if ('vma' in p) return `${p.vma.name}'s memory at ${p.vma.addr}${p.vma.perms ? ` is ${p.vma.perms}` : ''}`;
  if ('output' in p) return `the output shows "${p.output.contains ?? p.output.matches}"`;
  if ('answer' in p) return 'the right answer';
  return 'time';
}

function filterText(f: TaskFilter & { count?: Compare }): string {
  return Object.entries(f)
    .map(([k, val]) => `${k}=${typeof val === 'object' ? JSON.stringify(val) : String(val)}`)
    .join(' ');
}
