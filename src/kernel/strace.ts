// strace -f: the lines strace prints for traced tasks, in strace's format.
// Kernel-side here (kernlab has no ptrace): the syscall entry and exit call
// in, and the lines go to the tty's 'strace' stream.
//
// Format as strace 6.x prints to stderr: "[pid  NNNN] " while more than one
// task is traced; "= result" at column 40; a call that blocks while
// another task prints is split into "<unfinished ...>" and
// "<... name resumed>"; strings cut at 32 bytes; "--- SIGCHLD {...} ---",
// "+++ exited with N +++". Each traced task carries the filter of the
// strace that traces it (-e trace=, -e signal=, -q: strace-filter.ts): a
// line it filters out is never started, so it neither ends another task's
// line as "<unfinished ...>" nor is resumed.

import type { Kernel } from './kernel';
import { TASK_RUNNING, type RestartBlock, type SigInfo, type TaskStruct } from './task';
import { GONE, RETRY, type Gone, type Retry } from '../lang/abi';
import { EINTR, errnoName, strerror } from './uapi/errno';
import { SIGIO, signalName } from './uapi/signal';
import { cloneFlagsString } from './uapi/sched';
import { TRACE_ALL, type StraceFilter } from './strace-filter';

const ACOLUMN = 40;
const MAX_STRLEN = 32;

/** A pointer as strace prints it: kernel (upper-half) addresses, negative here, as their 64 bits. */
function hex(n: number): string {
  return n ? '0x' + (n < 0 ? BigInt.asUintN(64, BigInt(n)).toString(16) : n.toString(16)) : 'NULL';
}

/** strace's printxval: the name, or the number in hex followed by a comment naming `dflt` (SIG_???). */
function xval(v: number, names: Record<number, string>, dflt: string): string {
  return names[v] ?? `0x${(v >>> 0).toString(16)} /* ${dflt} */`;
}

/**
 * strace's printflags: the names of the bits set, then the bits no name
 * covers in hex; unknown bits alone get a comment naming `dflt` (W???).
 */
function flagsString(v: number, names: [number, string][], zero = '0', dflt = ''): string {
  const parts: string[] = [];
  let rest = v >>> 0; // unsigned: bit 31 (SA_RESETHAND) is a flag like the others
  for (const [bit, name] of names) {
    if (bit && (rest & bit) >>> 0 === bit >>> 0) {
      parts.push(name);
      rest = (rest & ~bit) >>> 0;
    }
  }
  if (rest) parts.push(parts.length || !dflt ? '0x' + rest.toString(16) : `0x${rest.toString(16)} /* ${dflt} */`);
  return parts.length ? parts.join('|') : zero;
}

const PROT: [number, string][] = [
  [1, 'PROT_READ'],
  [2, 'PROT_WRITE'],
  [4, 'PROT_EXEC'],
  [8, 'PROT_SEM'],
  [0x01000000, 'PROT_GROWSDOWN'],
  [0x02000000, 'PROT_GROWSUP'],
];
/** The map type (flags & MAP_TYPE), which strace prints first. */
const MAP_TYPES = ['MAP_FILE', 'MAP_SHARED', 'MAP_PRIVATE', 'MAP_SHARED_VALIDATE'];
const MAP: [number, string][] = [
  [0x10, 'MAP_FIXED'],
  [0x20, 'MAP_ANONYMOUS'],
  [0x40, 'MAP_32BIT'],
  [0x100, 'MAP_GROWSDOWN'],
  [0x800, 'MAP_DENYWRITE'],
  [0x1000, 'MAP_EXECUTABLE'],
  [0x2000, 'MAP_LOCKED'],
  [0x4000, 'MAP_NORESERVE'],
  [0x8000, 'MAP_POPULATE'],
  [0x10000, 'MAP_NONBLOCK'],
  [0x20000, 'MAP_STACK'],
  [0x40000, 'MAP_HUGETLB'],
  [0x80000, 'MAP_SYNC'],
  [0x100000, 'MAP_FIXED_NOREPLACE'],
];
const MADV: Record<number, string> = {
  0: 'MADV_NORMAL', 1: 'MADV_RANDOM', 2: 'MADV_SEQUENTIAL', 3: 'MADV_WILLNEED', 4: 'MADV_DONTNEED', 8: 'MADV_FREE', 9: 'MADV_REMOVE',
  10: 'MADV_DONTFORK', 11: 'MADV_DOFORK', 12: 'MADV_MERGEABLE', 13: 'MADV_UNMERGEABLE', 14: 'MADV_HUGEPAGE', 15: 'MADV_NOHUGEPAGE',
  16: 'MADV_DONTDUMP', 17: 'MADV_DODUMP', 18: 'MADV_WIPEONFORK', 19: 'MADV_KEEPONFORK', 20: 'MADV_COLD', 21: 'MADV_PAGEOUT',
  22: 'MADV_POPULATE_READ', 23: 'MADV_POPULATE_WRITE', 24: 'MADV_DONTNEED_LOCKED', 100: 'MADV_HWPOISON', 101: 'MADV_SOFT_OFFLINE',
};

/** mmap's flags as strace 6.1 prints them: the map type, the other flags, then the huge page size. linux: strace src/mem.c print_mmap_flags */
function mmapFlagsString(flags: number): string {
  const HUGE_SHIFT = 26;
  const huge = Math.floor(flags / 2 ** HUGE_SHIFT) & 0x3f;
  const rest = flags & ~0xf & (2 ** HUGE_SHIFT - 1);
  let s = MAP_TYPES[flags & 0xf] ?? `0x${(flags & 0xf).toString(16)} /* MAP_??? */`;
  if (rest) s += '|' + flagsString(rest, MAP);
  if (huge) s += `|${huge}<<MAP_HUGE_SHIFT`;
  return s;
}
/** waitid's idtypes (strace's idtypes xlat). */
const ID_TYPES: Record<number, string> = { 0: 'P_ALL', 1: 'P_PID', 2: 'P_PGID', 3: 'P_PIDFD' };
/** strace's wait4_options, in its order. */
const WAIT_OPTS: [number, string][] = [
  [1, 'WNOHANG'],
  [2, 'WSTOPPED'],
  [4, 'WEXITED'],
  [8, 'WCONTINUED'],
  [0x01000000, 'WNOWAIT'],
  [0x20000000, '__WNOTHREAD'],
  [0x40000000, '__WALL'],
  [0x80000000, '__WCLONE'],
];
/** In strace's order (its sigact_flags table): SA_RESTORER|SA_ONSTACK|...|SA_SIGINFO|SA_NOCLDSTOP. */
const SA_FLAGS: [number, string][] = [
  [0x04000000, 'SA_RESTORER'],
  [0x08000000, 'SA_ONSTACK'],
  [0x10000000, 'SA_RESTART'],
  [0x40000000, 'SA_NODEFER'],
  [0x80000000, 'SA_RESETHAND'],
  [0x00000004, 'SA_SIGINFO'],
  [0x00000001, 'SA_NOCLDSTOP'],
  [0x00000002, 'SA_NOCLDWAIT'],
];

/** PROT bits; bits no name covers, alone, get strace's PROT_??? comment. */
function protString(p: number): string {
  const s = flagsString(p, PROT, 'PROT_NONE');
  return /^0x[0-9a-f]+$/.test(s) ? `${s} /* PROT_??? */` : s;
}

/** A signal's name in a set: HUP, ..., IO, RTMIN, RT_1, ... (strace's signame without "SIG"). */
function setMemberName(s: number): string {
  return s === SIGIO ? 'IO' : signalName(s).replace(/^SIG/, '');
}

/**
 * strace's sprintsigmask_n: "[HUP INT]"; when two thirds or more of the
 * set's bits are set (42 of 8 bytes' 64), the complement with "~": "~[]"
 * is every signal, "~[RT_1]" every signal but 33.
 */
export function sigsetString(set: bigint, bytes = 8): string {
  const bits = bytes * 8;
  let n = 0;
  for (let s = 1; s <= bits; s++) if (set & (1n << BigInt(s - 1))) n++;
  const invert = n >= Math.floor((bits * 2) / 3);
  const names: string[] = [];
  for (let s = 1; s <= bits; s++) if (((set & (1n << BigInt(s - 1))) !== 0n) !== invert) names.push(setMemberName(s));
  return `${invert ? '~' : ''}[${names.join(' ')}]`;
}

const O_FLAGS: [number, string][] = [
  [0o100, 'O_CREAT'],
  [0o200, 'O_EXCL'],
  [0o400, 'O_NOCTTY'],
  [0o1000, 'O_TRUNC'],
  [0o2000, 'O_APPEND'],
  [0o4000, 'O_NONBLOCK'],
  [0o10000, 'O_DSYNC'],
  [0o20000, 'O_ASYNC'],
  [0o40000, 'O_DIRECT'],
  [0o100000, 'O_LARGEFILE'],
  [0o200000, 'O_DIRECTORY'],
  [0o400000, 'O_NOFOLLOW'],
  [0o1000000, 'O_NOATIME'],
  [0o2000000, 'O_CLOEXEC'],
];

/** "O_RDWR|O_LARGEFILE": the access mode, then the flags. */
export function openFlagsString(f: number): string {
  const acc = ['O_RDONLY', 'O_WRONLY', 'O_RDWR', '0x3'][f & 3];
  const rest = flagsString(f & ~3, O_FLAGS, '');
  return rest ? `${acc}|${rest}` : acc;
}

/** strace's print_rlim64_t: RLIM64_INFINITY, "8192*1024" for multiples of 1024 above it, else the number. */
function rlimString(v: number): string {
  if (v < 0 || v >= 2 ** 63) return 'RLIM64_INFINITY';
  return v > 1024 && v % 1024 === 0 ? `${v / 1024}*1024` : String(v);
}

const RLIMITS = ['RLIMIT_CPU', 'RLIMIT_FSIZE', 'RLIMIT_DATA', 'RLIMIT_STACK', 'RLIMIT_CORE', 'RLIMIT_RSS', 'RLIMIT_NPROC', 'RLIMIT_NOFILE', 'RLIMIT_MEMLOCK', 'RLIMIT_AS', 'RLIMIT_LOCKS', 'RLIMIT_SIGPENDING', 'RLIMIT_MSGQUEUE', 'RLIMIT_NICE', 'RLIMIT_RTPRIO', 'RLIMIT_RTTIME'];
const FCNTL_CMDS: Record<number, string> = { 0: 'F_DUPFD', 1: 'F_GETFD', 2: 'F_SETFD', 3: 'F_GETFL', 4: 'F_SETFL', 1030: 'F_DUPFD_CLOEXEC' };
const PRIO_WHICH: Record<number, string> = { 0: 'PRIO_PROCESS', 1: 'PRIO_PGRP', 2: 'PRIO_USER' };
const PR_SET_PDEATHSIG = 1;
const PR_GET_PDEATHSIG = 2;
const PR_SET_NAME = 15;
const PR_GET_NAME = 16;
const PR_SET_CHILD_SUBREAPER = 36;
const PR_GET_CHILD_SUBREAPER = 37;
const PR_OPTIONS: Record<number, string> = {
  [PR_SET_PDEATHSIG]: 'PR_SET_PDEATHSIG', [PR_GET_PDEATHSIG]: 'PR_GET_PDEATHSIG', [PR_SET_NAME]: 'PR_SET_NAME',
  [PR_GET_NAME]: 'PR_GET_NAME', [PR_SET_CHILD_SUBREAPER]: 'PR_SET_CHILD_SUBREAPER', [PR_GET_CHILD_SUBREAPER]: 'PR_GET_CHILD_SUBREAPER',
};

const ESC: Record<number, string> = { 9: '\\t', 10: '\\n', 11: '\\v', 12: '\\f', 13: '\\r', 34: '\\"', 92: '\\\\' };

/**
 * strace's quoting of a byte string, cut at 32 bytes. linux: strace
 * src/util.c string_quote: C escapes for \t \n \v \f \r " \\, other
 * unprintable bytes in octal with as few digits as it takes ("\0",
 * "\33", "\377"), three when an octal digit follows; `forceHex` (strace's
 * QUOTE_FORCE_HEX, which getrandom's decoder asks for) writes every byte
 * as "\xNN".
 */
export function quoteBytes(bytes: ArrayLike<number>, len: number, forceHex = false): string {
  const n = Math.min(len, bytes.length);
  const shown = Math.min(n, MAX_STRLEN);
  let s = '"';
  for (let i = 0; i < shown; i++) {
    const c = bytes[i];
    if (forceHex) s += '\\x' + c.toString(16).padStart(2, '0');
    else if (ESC[c]) s += ESC[c];
    else if (c >= 0x20 && c <= 0x7e) s += String.fromCharCode(c);
    else {
      const next = i + 1 < shown ? bytes[i + 1] : -1;
      const oct = c.toString(8);
      s += '\\' + (next >= 0x30 && next <= 0x37 ? oct.padStart(3, '0') : oct);
    }
  }
  s += '"';
  if (n > MAX_STRLEN) s += '...';
  return s;
}

function quoteString(str: string): string {
  const bytes: number[] = [];
  for (let i = 0; i < str.length; i++) bytes.push(str.charCodeAt(i) & 0xff);
  return quoteBytes(bytes, bytes.length);
}

/** "[{WIFEXITED(s) && WEXITSTATUS(s) == 0}]" */
export function waitStatusString(status: number): string {
  if ((status & 0xff) === 0x7f) return `[{WIFSTOPPED(s) && WSTOPSIG(s) == ${signalName((status >> 8) & 0xff)}}]`;
  if (status === 0xffff) return '[{WIFCONTINUED(s)}]';
  if ((status & 0x7f) === 0) return `[{WIFEXITED(s) && WEXITSTATUS(s) == ${(status >> 8) & 0xff}}]`;
  return `[{WIFSIGNALED(s) && WTERMSIG(s) == ${signalName(status & 0x7f)}${status & 0x80 ? ' && WCOREDUMP(s)' : ''}}]`;
}

function siCodeName(info: SigInfo): string {
  const c = info.code;
  if (info.signo === 17) return ['', 'CLD_EXITED', 'CLD_KILLED', 'CLD_DUMPED', 'CLD_TRAPPED', 'CLD_STOPPED', 'CLD_CONTINUED'][c] ?? `${c}`;
  if (info.signo === 11) return c === 1 ? 'SEGV_MAPERR' : c === 2 ? 'SEGV_ACCERR' : c === 0x80 ? 'SI_KERNEL' : `${c}`;
  if (info.signo === 8 && c === 1) return 'FPE_INTDIV';
  if (c === 0) return 'SI_USER';
  if (c === -6) return 'SI_TKILL';
  if (c === 0x80) return 'SI_KERNEL';
  return `${c}`;
}

/** A clock_t in clock ticks, as strace's print_clock_t: the seconds in a comment when not 0 (USER_HZ 100). */
function clockString(v: bigint): string {
  return v ? `${v} /* ${v / 100n}.${String(v % 100n).padStart(2, '0')} s */` : '0';
}

/** SIGCHLD's siginfo (the signal's, or the one waitid filled). */
function sigchldString(info: SigInfo, utime: bigint, stime: bigint): string {
  const status = info.code === 1 ? info.status : signalName(info.status);
  return `{si_signo=${signalName(info.signo)}, si_code=${siCodeName(info)}, si_pid=${info.pid}, si_uid=${info.uid}, si_status=${status}, si_utime=${clockString(utime)}, si_stime=${clockString(stime)}}`;
}

/** The siginfo strace prints between "---". */
export function siginfoString(info: SigInfo): string {
  const name = signalName(info.signo);
  const code = siCodeName(info);
  if (info.signo === 17) return sigchldString(info, BigInt(info.utime ?? 0), BigInt(info.stime ?? 0));
  if ([11, 7, 8, 4].includes(info.signo) && info.code > 0 && info.code !== 0x80) return `{si_signo=${name}, si_code=${code}, si_addr=${hex(info.addr)}}`;
  // SI_KERNEL: a fault signal still shows its (NULL) address; SIGALRM and the like show nothing more.
  if (info.code === 0x80) return [11, 7, 8, 4].includes(info.signo) ? `{si_signo=${name}, si_code=${code}, si_addr=NULL}` : `{si_signo=${name}, si_code=${code}}`;
  return `{si_signo=${name}, si_code=${code}, si_pid=${info.pid}, si_uid=${info.uid}}`;
}

/** What strace knows of one traced task (its struct tcb). */
interface Tcb {
  col: number; // curcol: characters strace printed on this task's line since its leader (0: the line is complete)
  sys: string | null; // the system call whose entry was printed and whose exit was not (strace's "in syscall")
  args: number[]; // that call's arguments, for the exit's decoding
  zombie?: boolean; // a leader that exited before its threads: waited for (and reported) once they are gone
  filter: StraceFilter; // what the strace tracing it prints
  hidden?: boolean; // sys is a call the filter leaves out: its entry was not printed, nor will its exit be
}

/** The -ERESTART* code a blocked call returns when a signal interrupts it, as strace names it. */
const RESTART_CODES: Record<RestartBlock['policy'], string> = {
  sys: 'ERESTARTSYS (To be restarted if SA_RESTART is set)',
  nohand: 'ERESTARTNOHAND (To be restarted if no handler)',
  block: 'ERESTART_RESTARTBLOCK (Interrupted by signal)',
  none: 'ERESTARTNOINTR (To be restarted)',
};

/** Calls strace decodes completely at entry (RVAL_DECODED): nothing is left to print at exit but the result. */
const DECODED_AT_EXIT = new Set([
  'wait4', 'waitid', 'rt_sigaction', 'rt_sigprocmask', 'rt_sigpending', 'clock_nanosleep', 'nanosleep', 'newfstatat', 'getrandom',
  'clone', 'clone3', 'read', 'prlimit64', 'sysinfo', 'pipe2',
]);

/**
 * strace -f's printer, as strace 6.1 prints: a call's entry is printed at
 * once (a partial line: what the program writes meanwhile lands after it,
 * as on a terminal), its exit completes the line if nothing else was
 * printed since, else another task's line first ends the partial one with
 * " <unfinished ...>" and the exit comes as "<... NAME resumed>". "strace:
 * Process N attached" is written straight to the terminal, in the middle
 * of a partial line if there is one (strace does that too).
 */
export class Strace {
  /** Traced tasks still alive: above one, lines carry "[pid N] ". */
  private nprocs = 0;
  /** The task whose line was printed last (printing_tcp). */
  private printing: TaskStruct | null = null;
  private readonly tcbs = new Map<TaskStruct, Tcb>();
  /** The task whose syscall entry came last: the one a clone that attaches a new task was made by. */
  private entering: TaskStruct | null = null;
  /** The filter for tasks whose tracing starts inside withFilter(). */
  private starting: StraceFilter = TRACE_ALL;

  constructor(private readonly k: Kernel) {}

  private tcb(t: TaskStruct): Tcb {
    let c = this.tcbs.get(t);
    if (!c) {
      c = { col: 0, sys: null, args: [], filter: TRACE_ALL };
      this.tcbs.set(t, c);
    }
    return c;
  }

  /** The filter t is traced with. */
  filterOf(t: TaskStruct): StraceFilter {
    return this.tcbs.get(t)?.filter ?? TRACE_ALL;
  }

  /** Runs fn with `filter` for every task whose tracing starts meanwhile (strace -e ... PROG: the program started traced). */
  withFilter<T>(filter: StraceFilter, fn: () => T): T {
    const before = this.starting;
    this.starting = filter;
    try {
      return fn();
    } finally {
      this.starting = before;
    }
  }

  /** Raw text on the terminal, not counted in any line (strace's error_msg). */
  private raw(t: TaskStruct, text: string): void {
    this.k.tty.write(t.pid, 'strace', text, this.k.jiffies);
  }

  /** tprints: text on t's line. */
  private print(t: TaskStruct, text: string): void {
    this.raw(t, text);
    const c = this.tcb(t);
    const nl = text.lastIndexOf('\n');
    c.col = nl >= 0 ? text.length - nl - 1 : c.col + text.length;
  }

  /** printleader: ends another task's partial line with " <unfinished ...>", then starts t's line. */
  private leader(t: TaskStruct): void {
    const p = this.printing;
    if (p && this.tcb(p).col !== 0) this.print(p, ' <unfinished ...>\n');
    this.printing = t;
    this.tcb(t).col = 0;
    if (this.nprocs > 1) this.print(t, `[pid ${String(t.pid).padStart(5)}] `);
  }

  /** print_syscall_resume: if another line came since t's entry, say which call this exit belongs to. */
  private resume(t: TaskStruct, name: string): void {
    if (this.printing !== t) {
      this.leader(t);
      this.print(t, `<... ${name} resumed>`);
    }
    this.printing = t;
  }

  /** ") " then tabto(): the result column. */
  private tab(t: TaskStruct): void {
    const col = this.tcb(t).col;
    this.print(t, col < ACOLUMN ? ' '.repeat(ACOLUMN - col) : ' ');
  }

  /** strace -f follows a clone: the new task is traced, with the filter of the task that cloned it. */
  attached(t: TaskStruct): void {
    const by = this.entering?.traced ? this.entering : t.realParent;
    this.attachedGroup([t], by ? this.filterOf(by) : TRACE_ALL);
  }

  /**
   * strace -p (-f: every thread of the process): "strace: Process N
   * attached" ("with K threads"), then the call each one was blocked in,
   * made again (PTRACE_INTERRUPT restarts it), the newest thread first.
   */
  attachedGroup(threads: TaskStruct[], filter: StraceFilter = TRACE_ALL): void {
    if (!threads.length) return;
    for (const t of threads) {
      t.traced = true;
      this.nprocs++;
      this.tcbs.set(t, { col: 0, sys: null, args: [], filter });
    }
    const lead = threads[0];
    if (!filter.quiets('attach')) this.raw(lead, `strace: Process ${lead.pid} attached${threads.length > 1 ? ` with ${threads.length} threads` : ''}\n`);
    for (const t of [...threads].reverse()) {
      const r = t.restart;
      if (r && t.state !== TASK_RUNNING && r.policy !== 'none') this.restartEntry(t, r, true);
    }
  }

  /** The first traced task (kernlab exec --strace): no attach message. */
  tracing(t: TaskStruct): void {
    t.traced = true;
    t.traceFollowForks = true;
    this.nprocs++;
    this.tcbs.set(t, { col: 0, sys: null, args: [], filter: this.starting });
  }

  /** The execve that started a traced program (`kernlab exec --strace`): its line, as strace prints it first. */
  execed(t: TaskStruct, path: string, argv: string[], envc: number): void {
    if (!this.filterOf(t).traces('execve')) return;
    this.leader(t);
    this.print(t, `execve(${quoteString(path)}, [${argv.map(quoteString).join(', ')}], ${hex(t.mm ? this.k.mm.statFields(t.mm).env_start : 0)} /* ${envc} vars */)`);
    this.tab(t);
    this.print(t, '= 0\n');
  }

  /** strace lets go of t (Ctrl-C): "strace: Process N detached", then its partial line ends with " <detached ...>". */
  detached(t: TaskStruct): void {
    const c = this.tcb(t);
    if (!c.filter.quiets('attach')) this.raw(t, `strace: Process ${t.pid} detached\n`);
    if (this.printing === t && c.col !== 0) this.print(t, ' <detached ...>\n');
    if (this.printing === t) this.printing = null;
    this.nprocs = Math.max(0, this.nprocs - 1);
    this.tcbs.delete(t);
    t.traced = false;
    t.traceFollowForks = false;
  }

  /** Syscall-entry stop: "name(args" (the arguments known at entry). */
  enter(t: TaskStruct, name: string, args: number[]): void {
    this.entering = t;
    if (!this.startCall(t, name, args)) return;
    this.leader(t);
    this.print(t, `${name}(${this.enterArgs(t, name, args)}`);
  }

  /** t is in call `name` now; returns whether its line is printed (the filter traces it). */
  private startCall(t: TaskStruct, name: string, args: number[]): boolean {
    const c = this.tcb(t);
    c.sys = name;
    c.args = args;
    c.hidden = !c.filter.traces(name);
    return !c.hidden;
  }

  /** A filtered-out call ends: nothing to print. True if it was one. */
  private endHidden(c: Tcb): boolean {
    if (!c.hidden) return false;
    c.sys = null;
    c.hidden = false;
    return true;
  }

  /**
   * A blocked call executed again. If strace saw it end (a signal
   * interrupted it) or never saw it start (attached meanwhile), this is a
   * new syscall-entry stop: the call again, or restart_syscall for a sleep.
   */
  resumed(t: TaskStruct, r: RestartBlock, name: string, args: number[]): void {
    const c = this.tcb(t);
    if (c.sys) return;
    if (r.policy === 'block') this.restartEntry(t, r);
    else this.enter(t, name, args);
  }

  /**
   * The entry strace sees when a blocked call restarts: the call again, or
   * restart_syscall for a sleep. Just attached, strace does not know which
   * call a sleep was: strace 6.1 then names it "read" (system call 0).
   */
  private restartEntry(t: TaskStruct, r: RestartBlock, attaching = false): void {
    if (r.policy !== 'block') {
      this.enter(t, r.fn, r.args ?? []);
      return;
    }
    if (!this.startCall(t, 'restart_syscall', [])) return;
    this.leader(t);
    this.print(t, `restart_syscall(<... resuming interrupted ${attaching ? 'read' : r.fn} ...>`);
  }

  /** Syscall-exit stop: the rest of the line and "= result". */
  exit(t: TaskStruct, name: string, args: number[], ret: number | Retry | Gone): void {
    const c = this.tcb(t);
    if (c.zombie) return; // its exit(2) line ended at PTRACE_EVENT_EXIT
    if (this.endHidden(c)) return;
    const sys = c.sys ?? name;
    if (!c.filter.traces(sys)) return; // attached inside a call the filter leaves out
    this.resume(t, sys);
    c.sys = null;
    this.print(t, sys === 'restart_syscall' ? ')' : this.exitArgs(t, sys, args, ret));
    this.tab(t);
    this.print(t, this.result(sys, ret, args) + '\n');
  }

  private result(name: string, ret: number | Retry | Gone, args: number[] = []): string {
    if (ret === GONE) return name === 'execve' ? `= 0` : `= ?`;
    if (ret === RETRY) return `= ?`;
    if (ret < 0 && ret > -4096) return `= -1 ${errnoName(-ret)} (${strerror(-ret)})`;
    if (['brk', 'mmap', 'mremap'].includes(name)) return `= ${hex(ret)}`;
    if (name === 'fcntl' && args[1] === 3) return `= ${hex(ret)} (flags ${openFlagsString(ret)})`;
    return `= ${ret}`;
  }

  /** A signal makes a blocked call return -ERESTART*: its exit, "= ? ERESTART...". */
  interrupted(t: TaskStruct, r: RestartBlock): void {
    const c = this.tcb(t);
    if (!c.sys || this.endHidden(c)) return;
    const sys = c.sys;
    this.resume(t, sys);
    c.sys = null;
    this.print(t, sys === 'restart_syscall' ? ')' : this.exitArgs(t, sys, c.args, -EINTR));
    this.tab(t);
    this.print(t, '= ? ' + RESTART_CODES[r.policy] + '\n');
  }

  /** Signal-delivery stop: "--- SIGCHLD {...} ---". */
  signalDelivered(t: TaskStruct, info: SigInfo): void {
    if (!t.traced || !this.filterOf(t).shows(info.signo)) return;
    this.leader(t);
    this.print(t, `--- ${signalName(info.signo)} ${siginfoString(info)} ---\n`);
  }

  /** Group-stop: "--- stopped by SIGSTOP ---". */
  stopped(t: TaskStruct, sig: number): void {
    if (!t.traced || !this.filterOf(t).shows(sig)) return;
    this.leader(t);
    this.print(t, `--- stopped by ${signalName(sig)} ---\n`);
  }

  /** rt_sigreturn, the handler's way back: its result is the interrupted context's rax. */
  sigreturn(t: TaskStruct, mask: bigint, ret: number): void {
    if (!t.traced || !this.filterOf(t).traces('rt_sigreturn')) return;
    this.leader(t);
    this.print(t, `rt_sigreturn({mask=${sigsetString(mask, 8)}})`);
    this.tab(t);
    this.print(t, this.result('rt_sigreturn', ret) + '\n');
  }

  /**
   * PTRACE_EVENT_EXIT: a task dies inside a system call (exit_group, or
   * killed while blocked): "= ?" ends that call's line, after "<unfinished
   * ...>" if the call would have printed more at its exit.
   */
  exitEvent(t: TaskStruct): void {
    if (!t.traced) return;
    const c = this.tcb(t);
    if (!c.sys || this.endHidden(c)) return;
    const sys = c.sys;
    this.resume(t, sys);
    c.sys = null;
    if (DECODED_AT_EXIT.has(sys)) this.print(t, ' <unfinished ...>');
    this.print(t, ')');
    this.tab(t);
    this.print(t, '= ?\n');
  }

  /** The task is gone: "+++ exited with N +++" or "+++ killed by SIG +++". */
  exited(t: TaskStruct): void {
    if (!t.traced) return;
    this.exitEvent(t);
    // delay_group_leader: strace's wait4 sees a leader's zombie only when its last thread is gone.
    if (t.isLeader && t.signal.threads.some((th) => th !== t)) {
      this.tcb(t).zombie = true;
      return;
    }
    this.report(t);
  }

  /** The last thread of a group whose leader exited first is released: the leader's "+++" line now. */
  groupEmptied(leader: TaskStruct): void {
    if (leader.traced && this.tcbs.get(leader)?.zombie) this.report(leader);
  }

  private report(t: TaskStruct): void {
    const st = t.signal.groupExitCode && t.signal.flags & 4 ? t.signal.groupExitCode : t.exitCode;
    const filter = this.filterOf(t);
    // print_signalled shows only the signals -e signal= lets through; -qq silences print_exited.
    if (st & 0x7f ? filter.shows(st & 0x7f) : !filter.quiets('exit')) {
      this.leader(t);
      this.print(t, st & 0x7f ? `+++ killed by ${signalName(st & 0x7f)}${st & 0x80 ? ' (core dumped)' : ''} +++\n` : `+++ exited with ${(st >> 8) & 0xff} +++\n`);
    }
    if (this.printing === t) this.printing = null;
    this.tcbs.delete(t);
    this.nprocs = Math.max(0, this.nprocs - 1);
    t.traced = false;
  }

  /**
   * de_thread: a non-leader thread execs and takes over the leader's PID;
   * the leader's blocked call ends ("= ?") and strace says it was
   * superseded (PTRACE_EVENT_EXEC reports the old thread id).
   */
  superseded(leader: TaskStruct, by: number): void {
    if (!leader.traced) return;
    this.exitEvent(leader);
    // maybe_switch_tcbs: the execer's own entry is dropped first (so with no other
    // traced task the line has no [pid N]); the leader's entry then stands for it.
    this.nprocs = Math.max(0, this.nprocs - 1);
    if (!this.filterOf(leader).quiets('thread-execve')) {
      this.leader(leader);
      this.print(leader, `+++ superseded by execve in pid ${by} +++\n`);
    }
    if (this.printing === leader) this.printing = null;
    this.tcbs.delete(leader);
    leader.traced = false;
  }

  // ---- argument formatting ----------------------------------------------------

  private str(t: TaskStruct, addr: number): string {
    if (!addr) return 'NULL';
    const s = t.mm ? this.k.mm.strncpyFromUser(t.mm, addr, MAX_STRLEN + 1, t) : null;
    return s === null ? hex(addr) : quoteString(s);
  }

  /** A task name as prctl's decoder prints it: printstr_ex(addr, TASK_COMM_LEN, QUOTE_0_TERMINATED). */
  private comm(t: TaskStruct, addr: number): string {
    if (!addr) return 'NULL';
    const bytes = t.mm ? this.k.mm.copyFromUser(t.mm, addr, 16, t) : null;
    if (!bytes) return hex(addr);
    const nul = bytes.indexOf(0);
    // No NUL in the 16 bytes: strace prints them and "...".
    return nul < 0 ? quoteBytes(bytes, 16) + '...' : quoteBytes(bytes, nul);
  }

  private enterArgs(t: TaskStruct, name: string, a: number[]): string {
    switch (name) {
      case 'write': {
        const bytes = t.mm ? this.k.mm.copyFromUser(t.mm, a[1], Math.min(a[2], MAX_STRLEN + 1), t) : null;
        return `${a[0]}, ${bytes ? quoteBytes(bytes, a[2]) : hex(a[1])}, ${a[2]}`;
      }
      case 'clone':
        // The child's tid pointer is printed at exit (strace decodes it as an output).
        return `child_stack=${hex(a[1])}, flags=${cloneFlagsString(a[0], signalName)}`;
      case 'clone3': {
        const f = [0, 1, 2, 3, 4, 5, 6, 7].map((i) => (t.mm ? this.k.mm.getUser(t.mm, a[0] + 8 * i, 8, t) ?? 0 : 0));
        return `{flags=${cloneFlagsString(f[0], signalName)}, child_tid=${hex(f[2])}, parent_tid=${hex(f[3])}, exit_signal=${f[4] ? signalName(f[4]) : 0}, stack=${hex(f[5])}, stack_size=${hex(f[6])}, tls=${hex(f[7])}}`;
      }
      case 'vfork':
      case 'fork':
      case 'getpid':
      case 'getppid':
      case 'gettid':
      case 'getuid':
      case 'geteuid':
      case 'getpgrp':
      case 'pause':
      case 'sched_yield':
        return '';
      case 'execve': {
        const path = t.mm ? this.k.mm.strncpyFromUser(t.mm, a[0], 4096, t) : null;
        const argv = this.stringArray(t, a[1]);
        const envc = this.stringArray(t, a[2]);
        const args = argv ? `[${argv.map(quoteString).join(', ')}]` : hex(a[1]);
        const env = envc ? `${hex(a[2])} /* ${envc.length} var${envc.length === 1 ? '' : 's'} */` : hex(a[2]);
        return `${path === null ? hex(a[0]) : quoteString(path)}, ${args}, ${env}`;
      }
      case 'exit':
      case 'exit_group':
        return `${a[0] | 0}`;
      case 'wait4':
        return `${a[0] | 0}, `;
      case 'waitid':
        return `${ID_TYPES[a[0]] ?? `${hex(a[0])} /* P_??? */`}, ${a[1] | 0}, `;
      case 'kill':
        return `${a[0] | 0}, ${signalName(a[1])}`;
      case 'tgkill':
        return `${a[0]}, ${a[1]}, ${signalName(a[2])}`;
      case 'tkill':
        return `${a[0]}, ${signalName(a[1])}`;
      case 'rt_sigaction':
        return `${signalName(a[0])}, ${a[1] ? this.sigactionString(t, a[1]) : 'NULL'}, `;
      case 'rt_sigprocmask':
        return `${xval(a[0], ['SIG_BLOCK', 'SIG_UNBLOCK', 'SIG_SETMASK'], 'SIG_???')}, ${a[1] ? this.sigsetAt(t, a[1]) : 'NULL'}, `;
      case 'clock_nanosleep':
        return `CLOCK_REALTIME, ${a[1] & 1 ? 'TIMER_ABSTIME' : 0}, ${this.timespec(t, a[2])}, `;
      case 'nanosleep':
        return `${this.timespec(t, a[0])}, `;
      case 'brk':
        return hex(a[0]);
      case 'mmap':
        return `${hex(a[0])}, ${a[1]}, ${protString(a[2])}, ${mmapFlagsString(a[3])}, ${a[4] | 0}, ${hex(a[5]) === 'NULL' ? 0 : hex(a[5])}`;
      case 'munmap':
        return `${hex(a[0])}, ${a[1]}`;
      case 'mprotect':
        return `${hex(a[0])}, ${a[1]}, ${protString(a[2])}`;
      case 'mremap': {
        const names: string[] = ['MREMAP_MAYMOVE', 'MREMAP_FIXED', 'MREMAP_DONTUNMAP'].filter((_, i) => a[3] & (1 << i));
        const unknown = a[3] & ~7;
        if (unknown) names.push(names.length ? hex(unknown) : `${hex(unknown)} /* MREMAP_??? */`);
        // strace prints the new address only when both MREMAP_MAYMOVE and MREMAP_FIXED are set.
        return `${hex(a[0])}, ${a[1]}, ${a[2]}, ${names.join('|') || '0'}${(a[3] & 3) === 3 ? `, ${hex(a[4])}` : ''}`;
      }
      case 'prctl':
        // linux: strace src/prctl.c SYS_FUNC(prctl): a GET's result is printed at exit.
        switch (a[0]) {
          case PR_SET_PDEATHSIG:
            return `${PR_OPTIONS[a[0]]}, ${a[1] > 128 ? a[1] : signalName(a[1])}`;
          case PR_SET_NAME:
            return `${PR_OPTIONS[a[0]]}, ${this.comm(t, a[1])}`;
          case PR_SET_CHILD_SUBREAPER:
            return `${PR_OPTIONS[a[0]]}, ${a[1]}`;
          case PR_GET_PDEATHSIG:
          case PR_GET_NAME:
          case PR_GET_CHILD_SUBREAPER:
            return `${PR_OPTIONS[a[0]]}, `;
          default:
            // print_prctl_args: the other four arguments, "%#lx" each.
            return `${xval(a[0], PR_OPTIONS, 'PR_???')}, ${a.slice(1, 5).map((x) => (x ? hex(x) : '0')).join(', ')}`;
        }
      case 'newfstatat':
        return `${a[0]}, ${this.str(t, a[1])}, `;
      case 'getrandom':
        return '';
      case 'futex': {
        const cmd = { 0: 'FUTEX_WAIT', 1: 'FUTEX_WAKE', 9: 'FUTEX_WAIT_BITSET', 10: 'FUTEX_WAKE_BITSET' }[a[1] & 0x7f] ?? `${a[1] & 0x7f}`;
        const priv = a[1] & 128 ? '_PRIVATE' : '';
        const rt = a[1] & 256 ? '|FUTEX_CLOCK_REALTIME' : '';
        const tail = (a[1] & 0x7f) === 9 ? ', NULL, FUTEX_BITSET_MATCH_ANY' : (a[1] & 0x7f) === 0 ? ', NULL' : '';
        return `${hex(a[0])}, ${cmd}${priv}${rt}, ${a[2]}${tail}`;
      }
      case 'getpriority':
        return `${xval(a[0], PRIO_WHICH, 'PRIO_???')}, ${a[1]}`;
      case 'setpriority':
        return `${xval(a[0], PRIO_WHICH, 'PRIO_???')}, ${a[1]}, ${a[2] | 0}`;
      case 'madvise':
        return `${hex(a[0])}, ${a[1]}, ${MADV[a[2]] ?? `0x${(a[2] >>> 0).toString(16)} /* MADV_??? */`}`;
      case 'close':
      case 'dup':
      case 'alarm':
      case 'getpgid':
      case 'getsid':
        return `${a[0] | 0}`;
      case 'dup2':
      case 'setpgid':
        return `${a[0] | 0}, ${a[1] | 0}`;
      case 'writev':
        return `${a[0] | 0}, ${this.iovec(t, a[1], a[2])}, ${a[2] | 0}`;
      case 'fcntl': {
        const cmd = FCNTL_CMDS[a[1]] ?? String(a[1]);
        if (a[1] === 1 || a[1] === 3) return `${a[0] | 0}, ${cmd}`;
        if (a[1] === 2) return `${a[0] | 0}, ${cmd}, ${a[2] & 1 ? 'FD_CLOEXEC' : a[2]}`;
        if (a[1] === 4) return `${a[0] | 0}, ${cmd}, ${openFlagsString(a[2])}`;
        return `${a[0] | 0}, ${cmd}, ${a[2] | 0}`;
      }
      case 'openat':
        return `${(a[0] | 0) === -100 ? 'AT_FDCWD' : a[0] | 0}, ${this.str(t, a[1])}, ${openFlagsString(a[2])}`;
      case 'read':
        return `${a[0] | 0}, `;
      case 'prlimit64':
        return `${a[0]}, ${RLIMITS[a[1]] ?? a[1]}, ${a[2] ? this.rlimitAt(t, a[2]) : 'NULL'}, `;
      case 'sysinfo':
      case 'rt_sigpending':
      case 'pipe2':
        return '';
      case 'rt_sigsuspend':
        return `${this.sigsetAt(t, a[0])}, ${a[1]}`;
      case 'set_robust_list':
        return `${hex(a[0])}, ${a[1]}`;
      case 'rseq':
        return `${hex(a[0])}, ${hex(a[1] >>> 0)}, ${a[2] & 1 ? 'RSEQ_FLAG_UNREGISTER' : a[2]}, ${hex(a[3] >>> 0)}`;
      case 'set_tid_address':
        return hex(a[0]);
      default:
        return a.map((x) => (x > 0xffff ? hex(x) : String(x | 0))).join(', ');
    }
  }

  private exitArgs(t: TaskStruct, name: string, a: number[], ret: number | Retry | Gone): string {
    const ok = typeof ret === 'number' && ret >= 0;
    switch (name) {
      case 'waitid':
        return `${a[2] ? (ok ? this.waitidInfoAt(t, a[2]) : hex(a[2])) : 'NULL'}, ${flagsString(a[3], WAIT_OPTS, '0', 'W???')}, ${a[4] ? hex(a[4]) : 'NULL'})`;
      case 'wait4':
        if (a.length === 0) return '';
        return `${a[1] ? (ok && ret > 0 ? waitStatusString(this.k.mm.getUser(t.mm!, a[1], 4, t) ?? 0) : hex(a[1])) : 'NULL'}, ${flagsString(a[2], WAIT_OPTS, '0', 'W???')}, NULL)`;
      case 'rt_sigaction':
        return `${a[2] ? (ok ? this.sigactionString(t, a[2]) : hex(a[2])) : 'NULL'}, ${a[3]})`;
      case 'rt_sigprocmask':
        return `${a[2] ? (ok ? this.sigsetAt(t, a[2]) : hex(a[2])) : 'NULL'}, ${a[3]})`;
      case 'clock_nanosleep':
      case 'nanosleep': {
        const remp = name === 'nanosleep' ? a[1] : a[3];
        return `${remp ? (ret === -4 ? this.timespec(t, remp) : hex(remp)) : 'NULL'})`;
      }
      case 'newfstatat': {
        if (!ok) return `${hex(a[2])}, AT_EMPTY_PATH)`;
        const f = t.files.fds.get(a[0]);
        const fifo = f !== undefined && this.k.pipes.lookup(f) !== null;
        return `${fifo ? '{st_mode=S_IFIFO|0600, st_size=0, ...}' : '{st_mode=S_IFCHR|0620, st_rdev=makedev(0x88, 0), ...}'}, AT_EMPTY_PATH)`;
      }
      case 'getrandom': {
        const bytes = t.mm ? this.k.mm.copyFromUser(t.mm, a[0], a[1], t) : null;
        return `${bytes ? quoteBytes(bytes, a[1], true) : hex(a[0])}, ${a[1]}, GRND_NONBLOCK)`;
      }
      case 'clone3':
        return ok ? ` => {parent_tid=[${ret}]}, ${a[1]})` : `, ${a[1]})`;
      case 'clone':
        return a[0] & 0x01000000 || a[0] & 0x00200000 ? `, child_tidptr=${hex(a[3])})` : ')';
      case 'read': {
        const n = ok ? (ret as number) : 0;
        const bytes = ok && t.mm ? this.k.mm.copyFromUser(t.mm, a[1], Math.min(n, MAX_STRLEN + 1), t) : null;
        return `${bytes ? quoteBytes(bytes, n) : hex(a[1])}, ${a[2]})`;
      }
      case 'prlimit64':
        return `${a[3] ? (ok ? this.rlimitAt(t, a[3]) : hex(a[3])) : 'NULL'})`;
      case 'prctl': {
        if (a[0] === PR_GET_NAME) return `${ok ? this.comm(t, a[1]) : hex(a[1])})`;
        if (a[0] !== PR_GET_PDEATHSIG && a[0] !== PR_GET_CHILD_SUBREAPER) return ')';
        const v = ok && t.mm ? this.k.mm.getUser(t.mm, a[1], 4, t) : null;
        return `${v === null ? hex(a[1]) : `[${a[0] === PR_GET_PDEATHSIG ? signalName(v | 0) : v | 0}]`})`;
      }
      case 'sysinfo':
        return `${ok ? this.sysinfoAt(t, a[0]) : hex(a[0])})`;
      case 'rt_sigpending':
        return `${ok ? this.sigsetAt(t, a[0]) : hex(a[0])}, ${a[1]})`;
      case 'pipe2': {
        const r0 = ok && t.mm ? this.k.mm.getUser(t.mm, a[0], 4, t) : null;
        const r1 = ok && t.mm ? this.k.mm.getUser(t.mm, a[0] + 4, 4, t) : null;
        return `${r0 !== null && r1 !== null ? `[${r0}, ${r1}]` : hex(a[0])}, ${a[1] ? openFlagsString(a[1]).replace(/^O_RDONLY\|/, '') : 0})`;
      }
      default:
        return ')';
    }
  }

  private stringArray(t: TaskStruct, addr: number): string[] | null {
    if (!addr || !t.mm) return addr ? null : [];
    const out: string[] = [];
    for (let i = 0; i < 256; i++) {
      const p = this.k.mm.getUser(t.mm, addr + 8 * i, 8, t);
      if (p === null) return null;
      if (!p) return out;
      out.push(this.k.mm.strncpyFromUser(t.mm, p, 4096, t) ?? '');
    }
    return out;
  }

  private sigactionString(t: TaskStruct, addr: number): string {
    if (!t.mm) return hex(addr);
    const g = (off: number) => this.k.mm.getUser(t.mm!, addr + off, 8, t) ?? 0;
    const handler = g(0);
    const flags = g(8);
    const restorer = g(16);
    const h = handler === 0 ? 'SIG_DFL' : handler === 1 ? 'SIG_IGN' : hex(handler);
    let fl = flagsString(flags, SA_FLAGS);
    // glibc sign-extends its int sa_flags into the kernel's unsigned long, so SA_RESETHAND (bit 31) brings
    // the high half along; strace shows it as is (the kernel keeps only the flags it knows, so oact has none).
    const high = (this.k.mm.getUser(t.mm, addr + 12, 4, t) ?? 0) >>> 0;
    if (high) fl = `${fl === '0' ? '' : fl + '|'}0x${high.toString(16)}00000000`;
    return `{sa_handler=${h}, sa_mask=${this.sigsetAt(t, addr + 24)}, sa_flags=${fl}${flags & 0x04000000 ? `, sa_restorer=${hex(restorer)}` : ''}}`;
  }

  /**
   * An output iovec array: "[{iov_base="...", iov_len=N}, ...]", each
   * buffer quoted up to its length. linux: strace src/io.c tprint_iov_upto
   */
  private iovec(t: TaskStruct, addr: number, cnt: number): string {
    if (!t.mm || cnt <= 0 || cnt > 1024) return hex(addr);
    const out: string[] = [];
    for (let i = 0; i < Math.min(cnt, MAX_STRLEN); i++) {
      const base = this.k.mm.getUser(t.mm, addr + 16 * i, 8, t);
      const len = this.k.mm.getUser(t.mm, addr + 16 * i + 8, 8, t);
      if (base === null || len === null) return out.length ? `[${out.join(', ')}, ...${hex(addr + 16 * i)}]` : hex(addr);
      const bytes = this.k.mm.copyFromUser(t.mm, base, Math.min(len, MAX_STRLEN + 1), t);
      out.push(`{iov_base=${bytes ? quoteBytes(bytes, len) : hex(base)}, iov_len=${len}}`);
    }
    return `[${out.join(', ')}${cnt > MAX_STRLEN ? ', ...' : ''}]`;
  }

  private rlimitAt(t: TaskStruct, addr: number): string {
    const cur = t.mm ? this.k.mm.getUser(t.mm, addr, 8, t) : null;
    const max = t.mm ? this.k.mm.getUser(t.mm, addr + 8, 8, t) : null;
    if (cur === null || max === null) return hex(addr);
    return `{rlim_cur=${rlimString(cur)}, rlim_max=${rlimString(max)}}`;
  }

  /**
   * The siginfo_t waitid filled, as strace's printsiginfo_at reads it from
   * memory: "{}" when si_signo is 0 (WNOHANG, nothing to report); si_utime
   * and si_stime are whatever the program left there (waitid does not
   * write them).
   */
  private waitidInfoAt(t: TaskStruct, addr: number): string {
    const u32 = (off: number) => (t.mm ? this.k.mm.getUser(t.mm, addr + off, 4, t) : null);
    const words = [0, 8, 16, 20, 24, 32, 36, 40, 44].map(u32);
    if (words.some((w) => w === null)) return hex(addr);
    const [signo, code, pid, uid, status, utLo, utHi, stLo, stHi] = words as number[];
    if (signo === 0) return '{}';
    const clock = (lo: number, hi: number): bigint => (BigInt(hi >>> 0) << 32n) | BigInt(lo >>> 0);
    const info: SigInfo = { signo, code: code | 0, pid: pid | 0, uid: uid >>> 0, addr: 0, status: status | 0 };
    return signo === 17 ? sigchldString(info, clock(utLo, utHi), clock(stLo, stHi)) : siginfoString(info);
  }

  /** struct sysinfo as strace prints it. */
  private sysinfoAt(t: TaskStruct, addr: number): string {
    const g = (off: number, size: 2 | 4 | 8) => (t.mm ? this.k.mm.getUser(t.mm, addr + off, size, t) ?? 0 : 0);
    return (
      `{uptime=${g(0, 8)}, loads=[${g(8, 8)}, ${g(16, 8)}, ${g(24, 8)}], totalram=${g(32, 8)}, freeram=${g(40, 8)}, ` +
      `sharedram=${g(48, 8)}, bufferram=${g(56, 8)}, totalswap=${g(64, 8)}, freeswap=${g(72, 8)}, procs=${g(80, 2)}, ` +
      `totalhigh=${g(88, 8)}, freehigh=${g(96, 8)}, mem_unit=${g(104, 4)}}`
    );
  }

  private sigsetAt(t: TaskStruct, addr: number): string {
    const lo = t.mm ? this.k.mm.getUser(t.mm, addr, 4, t) : null;
    const hi = t.mm ? this.k.mm.getUser(t.mm, addr + 4, 4, t) : null;
    if (lo === null || hi === null) return hex(addr);
    return sigsetString((BigInt(hi >>> 0) << 32n) | BigInt(lo >>> 0));
  }

  private timespec(t: TaskStruct, addr: number): string {
    if (!addr) return 'NULL';
    const sec = t.mm ? this.k.mm.getUser(t.mm, addr, 8, t) : null;
    const nsec = t.mm ? this.k.mm.getUser(t.mm, addr + 8, 8, t) : null;
    if (sec === null || nsec === null) return hex(addr);
    return `{tv_sec=${sec}, tv_nsec=${nsec}}`;
  }
}
