// pstree: display the process tree, as psmisc 23.6 does — children
// sorted by name, identical subtrees merged into "N*[name]" (unless -p or
// -c), threads as {name}, Unicode line drawing (-A: ASCII), lines cut at
// the terminal width with '+' (-l: never). A port of psmisc's read_proc,
// add_proc/add_child, tree_equal and dump_tree.

import type { Kernel } from '../../kernel/kernel';
import type { Command, ConsoleServices, Out } from '../command';
import { parseUint } from '../numbers';
import { ppidOf, processes, threadsOf } from '../tasks';

interface Sym {
  empty2: string; // "  "
  branch2: string; // "|-"
  vert2: string; // "| "
  last2: string; // "`-"
  single3: string; // "---"
  first3: string; // "-+-"
}

const ASCII: Sym = { empty2: '  ', branch2: '|-', vert2: '| ', last2: '`-', single3: '---', first3: '-+-' };
const UTF: Sym = { empty2: '  ', branch2: '├─', vert2: '│ ', last2: '└─', single3: '───', first3: '─┬─' };

/** psmisc's PROC. */
interface Proc {
  comm: string; // name, "{name}" for a thread, "?" until known
  pid: number; // pid or tid
  pgid: number; // process group (a thread's is its process's)
  uid: number; // owner
  children: Proc[]; // sorted children
  parent: Proc | null; // null until added under a parent
}

interface Options {
  pids: boolean; // -p: show PIDs (and do not compact)
  pgids: boolean; // -g: show process group IDs (compaction stays)
  compact: boolean; // merge identical subtrees
  byPid: boolean; // -n: sort by PID
  hideThreads: boolean; // -T
  trunc: boolean; // cut lines at the width (not -l)
  width: number; // output width
  sym: Sym; // line drawing
}

/** Builds psmisc's process list: threads, then their process, in /proc order. */
function readProc(k: Kernel, o: Options): Map<number, Proc> {
  const list = new Map<number, Proc>();
  const newProc = (comm: string, pid: number, uid: number, pgid = 0): Proc => {
    const p: Proc = { comm, pid, pgid, uid, children: [], parent: null };
    list.set(pid, p);
    return p;
  };
  const addChild = (parent: Proc, child: Proc): void => {
    const ch = parent.children;
    let i = 0;
    for (; i < ch.length; i++) {
      const w = ch[i];
      if (o.byPid) {
        if (w.pid > child.pid) break;
      } else if (w.comm > child.comm) break;
      else if (w.comm === child.comm && w.uid > child.uid) break;
    }
    ch.splice(i, 0, child);
  };
  const renameProc = (p: Proc, comm: string, uid: number): void => {
    p.comm = comm;
    p.uid = uid;
    if (o.byPid || !p.parent) return;
    const ch = p.parent.children;
    for (let i = 0; i + 1 < ch.length; i++) {
      if (ch[i].comm > ch[i + 1].comm) [ch[i], ch[i + 1]] = [ch[i + 1], ch[i]];
    }
  };
  const addProc = (comm: string, pid: number, ppidIn: number, uid: number, pgid: number): void => {
    let p = list.get(pid);
    if (!p) p = newProc(comm, pid, uid, pgid);
    else renameProc(p, comm, uid);
    p.pgid = pgid;
    const ppid = pid === ppidIn ? 0 : ppidIn;
    const parent = list.get(ppid) ?? newProc('?', ppid, 0);
    if (pid !== 0) {
      addChild(parent, p);
      p.parent = parent;
    }
  };
  for (const p of processes(k)) {
    if (!o.hideThreads) {
      for (const t of threadsOf(p)) if (t.pid !== p.pid) addProc(`{${p.comm}}`, t.pid, p.pid, p.uid, p.signal.pgrp);
    }
    addProc(p.comm, p.pid, ppidOf(p), p.uid, p.signal.pgrp);
  }
  // fix_orphans: processes without a known parent hang under PID 1.
  const root = list.get(1) ?? newProc('?', 1, 0);
  for (const p of [...list.values()].reverse()) {
    if (p.pid === 1 || p.pid === 0 || p.parent) continue;
    addChild(root, p);
    p.parent = root;
  }
  return list;
}

function treeEqual(a: Proc, b: Proc): boolean {
  if (a.comm !== b.comm) return false;
  if (a.children.length !== b.children.length) return false;
  for (let i = 0; i < a.children.length; i++) if (!treeEqual(a.children[i], b.children[i])) return false;
  return true;
}

/** psmisc's output machinery: a column counter, truncation with '+'. */
class Printer {
  out = '';
  curX = 1;
  readonly width: number[] = [];
  readonly more: boolean[] = [];
  constructor(private readonly o: Options) {}

  char(c: string): void {
    this.curX++;
    if (!this.o.trunc || this.curX <= this.o.width) this.out += c;
    else if (this.curX === this.o.width + 1) this.out += '+';
  }

  str(s: string): void {
    for (const c of s) this.char(c);
  }

  int(x: number): number {
    const s = String(x);
    this.str(s);
    return s.length;
  }

  newline(): void {
    this.out += '\n';
    this.curX = 1;
  }

  /** out_args: printable ASCII as is, '\\' doubled, other bytes as \ooo. */
  args(s: string): number {
    let n = 0;
    for (const c of s) {
      const code = c.charCodeAt(0);
      if (c === '\\') {
        this.str('\\\\');
        n += 2;
      } else if (code >= 32 && code <= 126) {
        this.char(c);
        n++;
      } else {
        this.str('\\' + (code & 0xff).toString(8).padStart(3, '0'));
        n += 4;
      }
    }
    return n;
  }
}

/** psmisc dump_tree. */
function dumpTree(pr: Printer, o: Options, cur: Proc, level: number, rep: number, leaf: boolean, last: boolean, closing: number): void {
  const sym = o.sym;
  if (!leaf) {
    for (let lvl = 0; lvl < level; lvl++) {
      for (let i = pr.width[lvl] + 1; i; i--) pr.char(' ');
      pr.str(lvl === level - 1 ? (last ? sym.last2 : sym.branch2) : pr.more[lvl + 1] ? sym.vert2 : sym.empty2);
    }
  }
  let add = 0;
  if (rep >= 2) {
    add = pr.int(rep) + 2;
    pr.str('*[');
  }
  const commLen = pr.args(cur.comm);
  const offset = pr.curX;
  let info = 0;
  if (o.pids) {
    pr.char(info++ ? ',' : '(');
    pr.int(cur.pid);
  }
  if (o.pgids) {
    pr.char(info++ ? ',' : '(');
    pr.int(cur.pgid);
  }
  if (info) pr.char(')');
  if (!cur.children.length) {
    while (closing-- > 0) pr.char(']');
    pr.newline();
  }
  pr.more[level] = !last;
  pr.width[level] = commLen + pr.curX - offset + add;
  if (pr.curX >= o.width && o.trunc) {
    pr.str(sym.first3);
    pr.str('+');
    pr.newline();
    return;
  }
  let first = true;
  const children = cur.children.slice();
  for (let i = 0; i < children.length; i++) {
    const child = children[i];
    let count = 0;
    if (o.compact) {
      for (let j = i + 1; j < children.length; ) {
        if (treeEqual(child, children[j])) {
          children.splice(j, 1);
          count++;
        } else j++;
      }
    }
    const hasNext = i + 1 < children.length;
    if (first) {
      pr.str(hasNext ? sym.first3 : sym.single3);
      first = false;
    }
    dumpTree(pr, o, child, level + 1, count + 1, i === 0, !hasNext, closing + (count ? 1 : 0));
  }
}

const USAGE = `Usage: pstree [-acglpsStTuZ] [ -h | -H PID ] [ -n | -N type ]
              [ -A | -G | -U ] [ PID | USER ]
kernlab supports: -A ASCII, -U Unicode (the default), -c no compaction, -g show PGIDs,
                  -l long lines, -n sort by PID, -p show PIDs, -s show parents,
                  -T hide threads; PID (default 1)
`;

function runPstree(c: ConsoleServices, argv: string[], out: Out): number {
  const o: Options = {
    pids: false,
    pgids: false,
    compact: true,
    byPid: false,
    hideThreads: false,
    trunc: true,
    width: c.columns > 0 ? c.columns : 132,
    sym: UTF,
  };
  let root = 1;
  let gotPid = false;
  let parents = false;
  for (const a of argv.slice(1)) {
    if (a.startsWith('-') && a.length > 1) {
      for (const ch of a.slice(1)) {
        if (ch === 'p') {
          o.pids = true;
          o.compact = false;
        } else if (ch === 'c') o.compact = false;
        else if (ch === 'g') o.pgids = true;
        else if (ch === 's') parents = true;
        else if (ch === 'A') o.sym = ASCII;
        else if (ch === 'U') o.sym = UTF;
        else if (ch === 'n') o.byPid = true;
        else if (ch === 'T') o.hideThreads = true;
        else if (ch === 'l') o.trunc = false;
        else {
          out.line(`pstree: invalid option -- '${ch}'`);
          out.write(USAGE);
          return 1;
        }
      }
      continue;
    }
    const pid = parseUint(a);
    if (pid === null || gotPid) {
      out.line(pid === null ? `No such user name: ${a}` : `pstree: too many arguments`);
      out.write(USAGE);
      return 1;
    }
    root = pid;
    gotPid = true;
  }
  const list = readProc(c.k, o);
  if (parents && gotPid) {
    // trim_tree_by_parent: each ancestor keeps only the branch that leads to PID; print from init.
    const child = list.get(root);
    if (!child) {
      out.line(`Process ${root} not found.`);
      return 1;
    }
    for (let p = child; p.parent; p = p.parent) p.parent.children = [p];
    root = 1;
  }
  const cur = list.get(root);
  if (!cur) return 0;
  const pr = new Printer(o);
  dumpTree(pr, o, cur, 0, 1, true, true, 0);
  out.write(pr.out);
  return 0;
}

export const pstree: Command = {
  name: 'pstree',
  summary: 'display the process tree (psmisc)',
  usage: 'pstree [-p] [-g] [-s] [-A] [-c] [-n] [-T] [-l] [PID]',
  details: [
    'From PID 1 by default; pstree 2 shows kthreadd\'s kernel threads. Identical siblings merge into',
    '"3*[name]" unless -p (show PIDs) or -c; threads appear as {name}. -g adds each process group',
    'ID, -s PID shows the ancestors of PID down to it.',
  ].join('\n'),
  run: (c, argv, out) => runPstree(c, argv, out),
  complete: (c, _b, word) =>
    processes(c.k)
      .map((p) => String(p.pid))
      .filter((p) => p.startsWith(word)),
};
