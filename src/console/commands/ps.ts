// ps: report a snapshot of the processes, as procps-ng 4.0.2 does.
// Option parsing follows procps's three syntaxes (UNIX -ef, BSD aux, GNU
// --ppid) for the options kernlab supports; selection, formats, headers,
// widths and error messages are procps's.

import type { Kernel } from '../../kernel/kernel';
import type { TaskStruct } from '../../kernel/task';
import { wallclock } from '../clock';
import type { Command, ConsoleServices, Out } from '../command';
import { FORMATS, MACROS } from '../ps/format';
import { showOneProc, type PsColumn, type PsScreen } from '../ps/layout';
import { psRow, type PsRow } from '../ps/row';
import { ppidOf, processes, threadsOf, ttyName, userId } from '../tasks';
import { memTotalKb } from '../meminfo';

const USAGE = `
Usage:
 ps [options]

 Try 'ps --help <simple|list|output|threads|misc|all>'
  or 'ps --help <s|l|o|t|m|a>'
 for additional help text.

For more details see ps(1).
`;

class PsError extends Error {}

/** What the command line asked for. */
interface PsOptions {
  all: boolean; // -e, -A, ax
  notLeaders: boolean; // -a: all with a tty except session leaders
  notLeadersAny: boolean; // -d: all except session leaders
  bsdA: boolean; // BSD a: lift "only yours"
  bsdX: boolean; // BSD x: lift "must have a tty"
  pids: number[]; // -p, --pid, BSD p, bare numbers
  ppids: number[]; // --ppid
  cmds: string[]; // -C
  ttys: string[]; // -t
  users: number[]; // -u, -U, --user
  sessions: number[]; // -s
  fmt: string[]; // -o specifiers
  full: boolean; // -f
  extra: boolean; // -F
  long: boolean; // -l
  jobs: boolean; // -j
  bsdFmt: '' | 'u' | 'l' | 'j' | 's'; // BSD format letter
  bsd: boolean; // some BSD option was given (default format DefBSD)
  threadsL: boolean; // -L: a line per thread with LWP (and NLWP with -f)
  threadsT: boolean; // -T: a line per thread with SPID
  threadsH: boolean; // H: threads as if processes
  noHeaders: boolean; // --no-headers, BSD h
  forest: '' | 'b' | 'u'; // BSD f and --forest draw " \\_ " trees; -H indents by two spaces
  sort: { key: (r: PsRow) => number | string; reverse: boolean }[]; // --sort, BSD k: keys, most significant first
  width: number; // -w/w count
  cols: number | null; // --cols N
}

function newOptions(): PsOptions {
  return {
    all: false,
    notLeaders: false,
    notLeadersAny: false,
    bsdA: false,
    bsdX: false,
    pids: [],
    ppids: [],
    cmds: [],
    ttys: [],
    users: [],
    sessions: [],
    fmt: [],
    full: false,
    extra: false,
    long: false,
    jobs: false,
    bsdFmt: '',
    bsd: false,
    threadsL: false,
    threadsT: false,
    threadsH: false,
    noHeaders: false,
    forest: '',
    sort: [],
    width: 0,
    cols: null,
  };
}

function pidList(s: string, what: string): number[] {
  const items = s.split(/[ ,]+/).filter(Boolean);
  if (!items.length) throw new PsError(`list of process IDs must follow ${what}`);
  return items.map((x) => {
    if (!/^\d+$/.test(x) || Number(x) < 1 || Number(x) > 0x7fffffff) throw new PsError('process ID list syntax error');
    return Number(x);
  });
}

function parseArgs(args: string[]): PsOptions {
  const o = newOptions();
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    const next = (what: string): string => {
      if (i + 1 >= args.length) throw new PsError(`list of ${what} must follow`);
      return args[++i];
    };
    if (a.startsWith('--')) {
      const eq = a.indexOf('=');
      const name = eq >= 0 ? a.slice(2, eq) : a.slice(2);
      const val = (msg: string): string => {
        if (eq >= 0) return a.slice(eq + 1);
        if (i + 1 >= args.length) throw new PsError(msg);
        return args[++i];
      };
      switch (name) {
        case 'ppid':
          o.ppids.push(...pidList(val('list of process IDs must follow --ppid'), '--ppid'));
          break;
        case 'pid':
          o.pids.push(...pidList(val('list of process IDs must follow --pid'), '--pid'));
          break;
        case 'tty':
          o.ttys.push(...val('list of terminals (pty, tty...) must follow --tty').split(','));
          break;
        case 'user':
        case 'User':
          o.users.push(...userList(val('list of users must follow --user')));
          break;
        case 'sid':
          o.sessions.push(...pidList(val('list of session IDs must follow --sid'), '--sid'));
          break;
        case 'format':
          o.fmt.push(val('format specification must follow --format'));
          break;
        case 'forest':
          o.forest = 'b';
          break;
        case 'sort':
          o.sort.push(...sortList(val('long sort specification must follow --sort')));
          break;
        case 'no-headers':
        case 'no-heading':
          o.noHeaders = true;
          break;
        case 'cols':
        case 'columns':
        case 'width': {
          const v = val('number of columns must follow --cols, --width, or --columns');
          if (!/^\d+$/.test(v) || Number(v) < 1) throw new PsError('number of columns must follow --cols, --width, or --columns');
          o.cols = Number(v);
          break;
        }
        default:
          throw new PsError('unknown gnu long option');
      }
      continue;
    }
    if (a.startsWith('-') && a.length > 1) {
      for (let j = 1; j < a.length; j++) {
        const ch = a[j];
        const rest = (): string => {
          const r = a.slice(j + 1);
          j = a.length;
          return r || next('arguments');
        };
        switch (ch) {
          case 'e':
          case 'A':
            o.all = true;
            break;
          case 'a':
            o.notLeaders = true;
            break;
          case 'd':
            o.notLeadersAny = true;
            break;
          case 'f':
            o.full = true;
            break;
          case 'F':
            o.extra = true;
            o.full = true;
            break;
          case 'l':
            o.long = true;
            break;
          case 'j':
            o.jobs = true;
            break;
          case 'L':
            o.threadsL = true;
            break;
          case 'T':
            o.threadsT = true;
            break;
          case 'H':
            o.forest = 'u';
            break;
          case 'w':
            o.width++;
            break;
          case 'o': {
            if (j + 1 >= a.length && i + 1 >= args.length) throw new PsError('format specification must follow -o');
            o.fmt.push(rest());
            break;
          }
          case 'O': {
            // -O: -o preloaded with pid before and s,tname,time,args after (procps's -O).
            if (j + 1 >= a.length && i + 1 >= args.length) throw new PsError('format specification must follow -O');
            o.fmt.push(`pid,${rest()},s,tname,time,args`);
            break;
          }
          case 'g': {
            // -g: by session ID (or by effective group name: kernlab's users are their own groups).
            if (j + 1 >= a.length && i + 1 >= args.length) throw new PsError('list of session leaders OR effective group names must follow -g');
            const r = rest();
            if (/^\d+(,\d+)*$/.test(r)) o.sessions.push(...pidList(r, '-g'));
            else o.users.push(...userList(r));
            break;
          }
          case 'p':
          case 'q': {
            if (j + 1 >= a.length && i + 1 >= args.length) throw new PsError('list of process IDs must follow -' + ch);
            o.pids.push(...pidList(rest(), '-' + ch));
            break;
          }
          case 'C': {
            if (j + 1 >= a.length && i + 1 >= args.length) throw new PsError('list of command names must follow -C');
            o.cmds.push(...rest().split(',').filter(Boolean));
            break;
          }
          case 't': {
            if (j + 1 >= a.length && i + 1 >= args.length) throw new PsError('list of terminals (pty, tty...) must follow -t');
            o.ttys.push(...rest().split(',').filter(Boolean));
            break;
          }
          case 'u':
          case 'U': {
            if (j + 1 >= a.length && i + 1 >= args.length) throw new PsError(`list of users must follow -${ch}`);
            o.users.push(...userList(rest()));
            break;
          }
          case 's': {
            if (j + 1 >= a.length && i + 1 >= args.length) throw new PsError('list of session IDs must follow -s');
            o.sessions.push(...pidList(rest(), '-s'));
            break;
          }
          default:
            throw new PsError('unsupported SysV option');
        }
      }
      continue;
    }
    // BSD syntax: letters without a dash (a bare PID list is BSD p). Any of
    // them makes the default format BSD's (PID TTY STAT TIME COMMAND), as
    // procps 4.0.2 does for ps p 1, ps h -p 1, ps f -p 1, ...
    o.bsd = true;
    if (/^\d+(,\d+)*$/.test(a)) {
      o.pids.push(...pidList(a, 'p'));
      continue;
    }
    for (let j = 0; j < a.length; j++) {
      const ch = a[j];
      switch (ch) {
        case 'a':
          o.bsdA = true;
          o.bsd = true;
          break;
        case 'x':
          o.bsdX = true;
          o.bsd = true;
          break;
        case 'u':
        case 'l':
        case 'j':
        case 's':
          o.bsdFmt = ch;
          o.bsd = true;
          break;
        case 'w':
          o.width++;
          break;
        case 'h':
          o.noHeaders = true;
          break;
        case 'H':
          o.threadsH = true;
          break;
        case 'f':
          o.forest = 'b';
          break;
        case 'k': {
          if (i + 1 >= args.length) throw new PsError('long sort specification must follow \'k\'');
          o.sort.push(...sortList(args[++i]));
          j = a.length;
          break;
        }
        case 'e':
          break; // show environment: kernlab's ps does not print environments
        case 'o': {
          if (i + 1 >= args.length) throw new PsError('format specification must follow o');
          o.fmt.push(args[++i]);
          j = a.length;
          break;
        }
        case 'p': {
          const r = a.slice(j + 1);
          if (!r && i + 1 >= args.length) throw new PsError('list of process IDs must follow p');
          o.pids.push(...pidList(r || args[++i], 'p'));
          j = a.length;
          break;
        }
        default:
          throw new PsError('unsupported option (BSD syntax)');
      }
    }
  }
  return o;
}

/** Sort keys: what procps's sort functions compare for each specifier (the data, not the text). */
const SORT_KEYS: Record<string, (r: PsRow) => number | string> = {
  pid: (r) => r.tgid,
  tgid: (r) => r.tgid,
  tid: (r) => r.tid,
  lwp: (r) => r.tid,
  spid: (r) => r.tid,
  ppid: (r) => r.ppid,
  pgid: (r) => r.pgrp,
  pgrp: (r) => r.pgrp,
  sid: (r) => r.session,
  sess: (r) => r.session,
  session: (r) => r.session,
  '%cpu': (r) => (r.bootTics > r.startTime ? (r.utime + r.stime) / (r.bootTics - r.startTime) : 0),
  pcpu: (r) => (r.bootTics > r.startTime ? (r.utime + r.stime) / (r.bootTics - r.startTime) : 0),
  c: (r) => (r.bootTics > r.startTime ? (r.utime + r.stime) / (r.bootTics - r.startTime) : 0),
  '%mem': (r) => r.vmRssKb,
  pmem: (r) => r.vmRssKb,
  rss: (r) => r.vmRssKb,
  rssize: (r) => r.vmRssKb,
  rsz: (r) => r.vmRssKb,
  vsz: (r) => r.vmSizeKb,
  vsize: (r) => r.vmSizeKb,
  sz: (r) => r.vmSizeKb,
  time: (r) => r.utime + r.stime,
  cputime: (r) => r.utime + r.stime,
  start_time: (r) => r.startTime,
  stime: (r) => r.startTime,
  start: (r) => r.startTime,
  etime: (r) => r.startTime,
  comm: (r) => r.comm,
  ucmd: (r) => r.comm,
  cmd: (r) => (r.cmdline.length ? r.cmdline.join(' ') : `[${r.comm}]`),
  args: (r) => (r.cmdline.length ? r.cmdline.join(' ') : `[${r.comm}]`),
  ni: (r) => r.nice,
  nice: (r) => r.nice,
  pri: (r) => -r.priority,
  priority: (r) => r.priority,
  uid: (r) => r.euid,
  user: (r) => r.user,
  tty: (r) => r.tty,
  stat: (r) => r.state,
  state: (r) => r.state,
  nlwp: (r) => r.nlwp,
  psr: (r) => r.processor,
  minflt: (r) => r.minFlt,
  min_flt: (r) => r.minFlt,
};

/** "-pcpu,+pid" → sort keys. */
function sortList(s: string): PsOptions['sort'] {
  const out: PsOptions['sort'] = [];
  for (const item of s.split(',').filter(Boolean)) {
    const reverse = item.startsWith('-');
    const name = item.replace(/^[+-]/, '');
    const key = SORT_KEYS[name];
    if (!key) throw new PsError('unknown sort specifier');
    out.push({ key, reverse });
  }
  if (!out.length) throw new PsError('long sort specification must follow --sort');
  return out;
}

function userList(s: string): number[] {
  return s
    .split(',')
    .filter(Boolean)
    .map((u) => {
      const id = userId(u);
      if (id === null) throw new PsError('user name does not exist');
      return id;
    });
}

/** The column list for these options. */
function columns(k: Kernel, o: PsOptions): PsColumn[] {
  let specs: string[];
  const user = o.fmt.length > 0;
  if (user) specs = o.fmt.flatMap((f) => splitFormat(f));
  else {
    let macro: string;
    if (o.bsdFmt === 'u') macro = MACROS.OL_u;
    else if (o.bsdFmt === 'l') macro = MACROS.OL_l;
    else if (o.bsdFmt === 'j') macro = MACROS.OL_j;
    else if (o.bsdFmt === 's') macro = MACROS.OL_s;
    else if (o.extra) macro = MACROS.Std_F;
    else if (o.full && o.long) macro = MACROS.Std_fl;
    else if (o.full && o.jobs) macro = MACROS.Std_jf;
    else if (o.full) macro = MACROS.Std_f;
    else if (o.long) macro = MACROS.Std_l;
    else if (o.jobs) macro = MACROS.Std_j;
    else if (o.bsd) macro = MACROS.DefBSD;
    else macro = MACROS.DefSysV;
    specs = macro.split(',');
    if (o.threadsL || o.threadsT) {
      const at = specs.includes('ppid') && o.threadsL ? specs.indexOf('ppid') : specs.indexOf('pid');
      specs.splice(at + 1, 0, o.threadsL ? 'lwp' : 'spid');
      if (o.threadsL && o.full && specs.includes('c')) specs.splice(specs.indexOf('c') + 1, 0, 'nlwp');
    }
  }
  const pidDigits = String(k.pids.pidMax).length;
  return specs.map((item) => {
    const m = /^([^=:]+)(?::(\d+))?(?:=(.*))?$/s.exec(item);
    const name = m ? m[1] : item;
    const spec = FORMATS[name];
    if (!m || !spec) throw new PsError(`unknown user-defined format specifier "${name}"`);
    let width = spec.pidmax ? Math.max(pidDigits, spec.head.length) : spec.width;
    let header = spec.head;
    if (m[3] !== undefined) {
      header = m[3];
      width = Math.max(width, header.length);
    }
    if (m[2] !== undefined) width = Number(m[2]);
    return { spec, header, width };
  });
}

/** "pid,comm=NAME" → ["pid", "comm=NAME"]; a header after '=' runs to the next comma. */
function splitFormat(f: string): string[] {
  const out = f.split(/[\s,]+/).filter(Boolean);
  if (!out.length) throw new PsError('improper format list');
  return out;
}

/** Is process `p` selected? */
function selected(k: Kernel, o: PsOptions, p: TaskStruct, shellUid: number): boolean {
  const tty = ttyName(p);
  if (o.all || (o.bsdA && o.bsdX)) return true;
  const lists = o.pids.length || o.ppids.length || o.cmds.length || o.ttys.length || o.users.length || o.sessions.length;
  const flags = o.notLeaders || o.notLeadersAny;
  if (lists || flags) {
    if (o.pids.includes(p.tgid)) return true;
    if (o.ppids.includes(p.realParent && !p.realParent.isIdle ? p.realParent.tgid : 0)) return true;
    if (o.cmds.includes(p.comm)) return true;
    if (o.ttys.some((t) => t === tty || t === `/dev/${tty}` || (tty && t === tty.replace('pts/', '')))) return true;
    if (o.users.includes(p.uid)) return true;
    if (o.sessions.includes(p.signal.session)) return true;
    if (o.notLeaders && tty && p.signal.session !== p.tgid) return true;
    if (o.notLeadersAny && p.signal.session !== p.tgid) return true;
    return false;
  }
  if (o.bsdA) return tty !== null;
  if (o.bsdX) return p.uid === shellUid;
  return tty === k.tty.name && p.uid === shellUid;
}

/**
 * procps's forest (prep_forest_sort, show_forest, show_tree, forest_helper):
 * the selected processes sorted by start time then parent, each tree from
 * a process whose parent is not selected, children under their parent.
 * Prefix characters: '+' or 'L' for a child (" \\_ "), '|' or ' ' for the
 * levels above (" |  ", "    "); -H ('u') draws every level as two spaces.
 */
function forestOrder(list: TaskStruct[], type: 'b' | 'u'): { p: TaskStruct; prefix: string }[] {
  const arr = list.slice().sort((a, b) => a.startTime - b.startTime);
  arr.sort((a, b) => ppidOf(a) - ppidOf(b));
  const out: { p: TaskStruct; prefix: string }[] = [];
  const prefix: string[] = [];
  const render = (): string => prefix.map((ch) => (type === 'u' ? '  ' : ch === ' ' ? '    ' : ch === '|' ? ' |  ' : ' \\_ ')).join('');
  const showTree = (self: number, level: number, haveSibling: boolean): void => {
    if (level) prefix[level - 1] = haveSibling ? '+' : 'L';
    prefix.length = level;
    out.push({ p: arr[self], prefix: render() });
    const selfPid = arr[self].tgid;
    let i = arr.findIndex((x) => ppidOf(x) === selfPid);
    if (i < 0) return;
    if (level) prefix[level - 1] = haveSibling ? '|' : ' ';
    prefix.length = level;
    for (let more = true; more && i < arr.length; i++) {
      if (i + 1 >= arr.length || ppidOf(arr[i + 1]) !== selfPid) more = false;
      showTree(i, level + 1, more);
    }
    prefix.length = level;
  };
  for (let i = arr.length - 1; i >= 0; i--) {
    if (arr.some((x) => x.tgid === ppidOf(arr[i]))) continue;
    showTree(i, 0, false);
  }
  return out;
}

function runPs(c: ConsoleServices, argv: string[], out: Out): number {
  const k = c.k;
  let o: PsOptions;
  let cols: PsColumn[];
  try {
    o = parseArgs(argv.slice(1));
    cols = columns(k, o);
  } catch (e) {
    if (!(e instanceof PsError)) throw e;
    out.write(`error: ${e.message}\n${USAGE}`);
    return 1;
  }
  const screen: PsScreen = {
    cols: o.cols ?? (o.width >= 2 ? 0 : o.width === 1 ? Math.max(132, c.columns) : c.columns),
    memTotalKb: memTotalKb(k),
    now: wallclock(k),
  };
  const shellUid = k.shell ? k.shell.uid : 1000;
  const showHeader = !o.noHeaders && cols.some((col) => col.header !== '');
  if (showHeader) out.write(showOneProc(null, cols, screen));
  const perThread = o.threadsL || o.threadsT || o.threadsH;
  const chosen = processes(k).filter((p) => selected(k, o, p, shellUid));
  const ordered = o.forest ? forestOrder(chosen, o.forest) : chosen.map((p) => ({ p, prefix: '' }));
  const rows: PsRow[] = [];
  for (const { p, prefix } of ordered) {
    for (const r of perThread ? threadsOf(p).map((t) => psRow(k, p, t)) : [psRow(k, p, null)]) {
      r.forest = prefix;
      rows.push(r);
    }
  }
  if (o.sort.length && !o.forest) {
    rows.sort((a, b) => {
      for (const { key, reverse } of o.sort) {
        const x = key(a);
        const y = key(b);
        const d = x < y ? -1 : x > y ? 1 : 0;
        if (d) return reverse ? -d : d;
      }
      return 0;
    });
  }
  for (const r of rows) out.write(showOneProc(r, cols, screen));
  return rows.length ? 0 : 1;
}

export const ps: Command = {
  name: 'ps',
  summary: 'report a snapshot of the processes (procps-ng 4.0.2)',
  usage: 'ps [-e|-A] [-f|-F|-l|-j] [-L|-T] [-o FMT] [-p PIDS] [--ppid PIDS] [aux]',
  details:
    'Without options: the processes of your terminal (pts/0). Selection: -e/-A every process, -p/--pid, --ppid, -C, -t, -u, -s; ' +
    'BSD a, x, aux. Formats: -f full, -F extra full, -l long, -j jobs, BSD u, l, j, s; -o pid,ppid,tgid,tid,lwp,nlwp,stat,state,s,psr,ni,pri, comm,cmd,args,tty,time,uid,user,vsz,rss,wchan, pgid,sid,c,%cpu,%mem,... ' +
    '("pid=" hides the header, "pid:8" sets the width). Threads: -L (LWP, NLWP with -f), -T (SPID). ps --ppid 2 lists the kernel threads. ' +
    'STAT: R running, S sleeping, D uninterruptible, T stopped, t traced, Z zombie, X dead, I idle; then < high priority, N low priority, ' +
    'L locked pages, s session leader, l threads, + foreground group. Forests: f, --forest, -H. --sort=[+|-]KEY,... (BSD k). Lines are cut at the console width (ww: never).',
  run: (c, argv, out) => runPs(c, argv, out),
  complete: (c, _before, word) => {
    if (word.startsWith('-')) return ['-e', '-A', '-f', '-F', '-l', '-j', '-L', '-T', '-o', '-p', '-C', '--ppid', '--pid', '--no-headers'].filter((x) => x.startsWith(word));
    return processes(c.k)
      .map((p) => String(p.pid))
      .filter((x) => x.startsWith(word));
  },
};
