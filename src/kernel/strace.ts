// strace -f: the lines strace prints for traced tasks, in strace's format.
// Kernel-side here (kernlab has no ptrace): the syscall entry and exit call
// in, and the lines go to the tty's 'strace' stream.
//
// Format as strace 6.x prints to stderr: "[pid  NNNN] " while more than one
// task is traced; "= result" at column 40; a call that blocks while
// another task prints is split into "<unfinished ...>" and
// "<... name resumed>"; strings cut at 32 bytes; "--- SIGCHLD {...} ---",
// "+++ exited with N +++".

import type { Kernel } from './kernel';
import type { RestartBlock, SigInfo, TaskStruct } from './task';
import { GONE, RETRY, type Gone, type Retry } from '../lang/abi';
import { errnoName, strerror } from './uapi/errno';
import { signalName } from './uapi/signal';
import { cloneFlagsString } from './uapi/sched';

const ACOLUMN = 40;
const MAX_STRLEN = 32;

function hex(n: number): string {
  return n ? '0x' + n.toString(16) : 'NULL';
}

function flagsString(v: number, names: [number, string][], zero = '0'): string {
  const parts: string[] = [];
  let rest = v;
  for (const [bit, name] of names) {
    if (bit && (rest & bit) === bit) {
      parts.push(name);
      rest &= ~bit;
    }
  }
  if (rest) parts.push('0x' + rest.toString(16));
  return parts.length ? parts.join('|') : zero;
}

const PROT: [number, string][] = [
  [1, 'PROT_READ'],
  [2, 'PROT_WRITE'],
  [4, 'PROT_EXEC'],
];
const MAP: [number, string][] = [
  [0x01, 'MAP_SHARED'],
  [0x02, 'MAP_PRIVATE'],
  [0x10, 'MAP_FIXED'],
  [0x20, 'MAP_ANONYMOUS'],
  [0x100, 'MAP_GROWSDOWN'],
  [0x2000, 'MAP_LOCKED'],
  [0x4000, 'MAP_NORESERVE'],
  [0x8000, 'MAP_POPULATE'],
  [0x20000, 'MAP_STACK'],
  [0x100000, 'MAP_FIXED_NOREPLACE'],
];
const WAIT_OPTS: [number, string][] = [
  [1, 'WNOHANG'],
  [2, 'WUNTRACED'],
  [8, 'WCONTINUED'],
  [0x01000000, 'WNOWAIT'],
  [0x40000000, '__WALL'],
];
const SA_FLAGS: [number, string][] = [
  [0x00000001, 'SA_NOCLDSTOP'],
  [0x00000002, 'SA_NOCLDWAIT'],
  [0x00000004, 'SA_SIGINFO'],
  [0x04000000, 'SA_RESTORER'],
  [0x08000000, 'SA_ONSTACK'],
  [0x10000000, 'SA_RESTART'],
  [0x40000000, 'SA_NODEFER'],
  [0x80000000, 'SA_RESETHAND'],
];

function protString(p: number): string {
  return flagsString(p, PROT, 'PROT_NONE');
}

function sigsetString(set: bigint): string {
  const names: string[] = [];
  for (let s = 1; s <= 64; s++) if (set & (1n << BigInt(s - 1))) names.push(signalName(s).replace(/^SIG/, ''));
  return `[${names.join(' ')}]`;
}

/** strace's quoting of a byte string, cut at 32 bytes. */
export function quoteBytes(bytes: ArrayLike<number>, len: number): string {
  const n = Math.min(len, bytes.length);
  const shown = Math.min(n, MAX_STRLEN);
  let binary = false;
  for (let i = 0; i < shown; i++) {
    const c = bytes[i];
    if ((c < 0x20 && c !== 10 && c !== 9 && c !== 13) || c >= 0x7f) binary = true;
  }
  let s = '"';
  for (let i = 0; i < shown; i++) {
    const c = bytes[i];
    if (binary) s += '\\x' + c.toString(16).padStart(2, '0');
    else if (c === 10) s += '\\n';
    else if (c === 9) s += '\\t';
    else if (c === 13) s += '\\r';
    else if (c === 34) s += '\\"';
    else if (c === 92) s += '\\\\';
    else s += String.fromCharCode(c);
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

/** The siginfo strace prints between "---". */
export function siginfoString(info: SigInfo): string {
  const name = signalName(info.signo);
  const code = siCodeName(info);
  if (info.signo === 17)
    return `{si_signo=${name}, si_code=${code}, si_pid=${info.pid}, si_uid=${info.uid}, si_status=${info.code === 1 ? info.status : signalName(info.status)}, si_utime=0, si_stime=0}`;
  if ([11, 7, 8, 4].includes(info.signo) && info.code > 0 && info.code !== 0x80) return `{si_signo=${name}, si_code=${code}, si_addr=${hex(info.addr)}}`;
  if (info.code === 0x80) return `{si_signo=${name}, si_code=${code}, si_addr=NULL}`;
  return `{si_signo=${name}, si_code=${code}, si_pid=${info.pid}, si_uid=${info.uid}}`;
}

interface Pending {
  t: TaskStruct;
  name: string;
  head: string; // what was printed (or is held) for the entry part
  shown: boolean; // the entry part has been flushed with "<unfinished ...>"
}

export class Strace {
  /** Traced tasks still alive: above one, lines carry "[pid N] ". */
  private nprocs = 0;
  /** A line whose entry part is held until its exit (or another line) comes. */
  private open: Pending | null = null;
  /** Calls that blocked after being flushed as unfinished, by tid. */
  private readonly blockedCalls = new Map<number, Pending>();
  /** "Process N attached" lines held until the clone that made N is printed. */
  private attachLines: { t: TaskStruct; text: string }[] = [];

  constructor(private readonly k: Kernel) {}

  private prefix(t: TaskStruct): string {
    return this.nprocs > 1 ? `[pid ${String(t.pid).padStart(5)}] ` : '';
  }

  private emit(t: TaskStruct, line: string): void {
    this.k.tty.write(t.pid, 'strace', line + '\n', this.k.jiffies);
  }

  /** Flushes the held entry of another task as "<unfinished ...>". */
  private flushOpen(except: TaskStruct | null): void {
    const o = this.open;
    if (!o || o.t === except) return;
    this.emit(o.t, o.head + ' <unfinished ...>');
    o.shown = true;
    this.blockedCalls.set(o.t.pid, o);
    this.open = null;
    this.flushAttach();
  }

  private line(t: TaskStruct, text: string): void {
    this.flushOpen(null);
    this.flushAttach();
    this.emit(t, this.prefix(t) + text);
  }

  /** A task starts being traced (strace -p, or -f following a clone: then the line waits for the clone's). */
  attached(t: TaskStruct): void {
    this.nprocs++;
    const text = `strace: Process ${t.pid} attached`;
    if (this.open) this.attachLines.push({ t, text });
    else this.emit(t, text);
  }

  private flushAttach(): void {
    const lines = this.attachLines;
    this.attachLines = [];
    for (const l of lines) this.emit(l.t, l.text);
  }

  /** The first traced task (kernlab exec --strace): no attach message. */
  tracing(t: TaskStruct): void {
    t.traced = true;
    t.traceFollowForks = true;
    this.nprocs++;
  }

  /** The execve that started a traced program (`kernlab exec --strace`): its line, as strace prints it first. */
  execed(t: TaskStruct, path: string, argv: string[], envc: number): void {
    const text = `${this.prefix(t)}execve(${quoteString(path)}, [${argv.map(quoteString).join(', ')}], ${hex(t.mm ? this.k.mm.statFields(t.mm).env_start : 0)} /* ${envc} vars */)`;
    this.line(t, text + (text.length < ACOLUMN ? ' '.repeat(ACOLUMN - text.length) : ' ') + '= 0');
  }

  detached(t: TaskStruct): void {
    this.nprocs = Math.max(0, this.nprocs - 1);
    t.traced = false;
    t.traceFollowForks = false;
    this.flushOpen(null);
    this.emit(t, `strace: Process ${t.pid} detached`);
  }

  enter(t: TaskStruct, name: string, args: number[]): void {
    this.flushOpen(t);
    this.open = { t, name, head: this.prefix(t) + name + '(' + this.enterArgs(t, name, args), shown: false };
  }

  exit(t: TaskStruct, name: string, args: number[], ret: number | Retry | Gone): void {
    let head: string;
    const o = this.open && this.open.t === t ? this.open : this.blockedCalls.get(t.pid);
    if (o && !o.shown && this.open === o) {
      head = o.head;
      this.open = null;
    } else {
      this.flushOpen(t);
      if (o) this.blockedCalls.delete(t.pid);
      head = `${this.prefix(t)}<... ${name} resumed>`;
    }
    const text = head + this.exitArgs(t, name, args, ret);
    this.emit(t, text + this.result(text.length, name, ret));
    this.flushAttach();
  }

  private result(col: number, name: string, ret: number | Retry | Gone): string {
    const pad = col < ACOLUMN ? ' '.repeat(ACOLUMN - col) : ' ';
    if (ret === GONE) return name === 'execve' ? `${pad}= 0` : `${pad}= ?`;
    if (ret === RETRY) return `${pad}= ?`;
    if (ret < 0 && ret > -4096) return `${pad}= -1 ${errnoName(-ret)} (${strerror(-ret)})`;
    if (['brk', 'mmap'].includes(name)) return `${pad}= ${hex(ret)}`;
    return `${pad}= ${ret}`;
  }

  /** A blocked call is interrupted by a signal that has a handler. */
  syscallInterrupted(t: TaskStruct, r: RestartBlock): void {
    if (!t.traced) return;
    const o = this.open && this.open.t === t ? this.open : this.blockedCalls.get(t.pid);
    if (!o) return;
    const restartsys = r.policy === 'sys';
    const code = r.policy === 'nohand' ? 'ERESTARTNOHAND (To be restarted if no handler)' : restartsys ? 'ERESTARTSYS (To be restarted if SA_RESTART is set)' : 'ERESTART_RESTARTBLOCK (Interrupted by signal)';
    let head: string;
    if (this.open === o) {
      head = o.head;
      this.open = null;
    } else {
      this.flushOpen(t);
      head = `${this.prefix(t)}<... ${o.name} resumed>`;
    }
    this.blockedCalls.delete(t.pid);
    const text = head + this.exitArgs(t, o.name, [], 0);
    this.emit(t, text + (text.length < ACOLUMN ? ' '.repeat(ACOLUMN - text.length) : ' ') + '= ? ' + code);
  }

  signalDelivered(t: TaskStruct, info: SigInfo): void {
    if (!t.traced) return;
    this.line(t, `--- ${signalName(info.signo)} ${siginfoString(info)} ---`);
  }

  sigreturn(t: TaskStruct, mask: bigint): void {
    if (!t.traced) return;
    const eintr = t.restart?.interrupted;
    const text = `${this.prefix(t)}rt_sigreturn({mask=${sigsetString(mask)}})`;
    this.line(t, text + (text.length < ACOLUMN ? ' '.repeat(ACOLUMN - text.length) : ' ') + (eintr ? '= -1 EINTR (Interrupted system call)' : '= 0'));
  }

  /** The task is gone: "+++ exited with N +++" or "+++ killed by SIG +++". */
  exited(t: TaskStruct): void {
    if (!t.traced) return;
    const st = t.signal.groupExitCode && t.signal.flags & 4 ? t.signal.groupExitCode : t.exitCode;
    if (this.open && this.open.t === t) {
      // exit_group's line: "= ?"
      const o = this.open;
      this.open = null;
      const text = o.head + ')';
      this.emit(t, text + (text.length < ACOLUMN ? ' '.repeat(ACOLUMN - text.length) : ' ') + '= ?');
    }
    const msg = st & 0x7f ? `+++ killed by ${signalName(st & 0x7f)}${st & 0x80 ? ' (core dumped)' : ''} +++` : `+++ exited with ${(st >> 8) & 0xff} +++`;
    this.line(t, msg);
    this.blockedCalls.delete(t.pid);
    this.nprocs = Math.max(0, this.nprocs - 1);
    t.traced = false;
  }

  // ---- argument formatting ----------------------------------------------------

  private str(t: TaskStruct, addr: number): string {
    if (!addr) return 'NULL';
    const s = t.mm ? this.k.mm.strncpyFromUser(t.mm, addr, MAX_STRLEN + 1, t) : null;
    return s === null ? hex(addr) : quoteString(s);
  }

  private enterArgs(t: TaskStruct, name: string, a: number[]): string {
    switch (name) {
      case 'write': {
        const bytes = t.mm ? this.k.mm.copyFromUser(t.mm, a[1], Math.min(a[2], MAX_STRLEN + 1), t) : null;
        return `${a[0]}, ${bytes ? quoteBytes(bytes, a[2]) : hex(a[1])}, ${a[2]}`;
      }
      case 'clone':
        return `child_stack=${hex(a[1])}, flags=${cloneFlagsString(a[0], signalName)}${a[0] & 0x01000000 || a[0] & 0x00200000 ? `, child_tidptr=${hex(a[3])}` : ''}`;
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
      case 'kill':
        return `${a[0] | 0}, ${signalName(a[1])}`;
      case 'tgkill':
        return `${a[0]}, ${a[1]}, ${signalName(a[2])}`;
      case 'tkill':
        return `${a[0]}, ${signalName(a[1])}`;
      case 'rt_sigaction':
        return `${signalName(a[0])}, ${a[1] ? this.sigactionString(t, a[1]) : 'NULL'}, `;
      case 'rt_sigprocmask':
        return `${['SIG_BLOCK', 'SIG_UNBLOCK', 'SIG_SETMASK'][a[0]] ?? a[0]}, ${a[1] ? this.sigsetAt(t, a[1]) : 'NULL'}, `;
      case 'clock_nanosleep':
        return `CLOCK_REALTIME, ${a[1] & 1 ? 'TIMER_ABSTIME' : 0}, ${this.timespec(t, a[2])}, `;
      case 'nanosleep':
        return `${this.timespec(t, a[0])}, `;
      case 'brk':
        return hex(a[0]);
      case 'mmap':
        return `${hex(a[0])}, ${a[1]}, ${protString(a[2])}, ${flagsString(a[3], MAP)}, ${a[4] | 0}, ${hex(a[5]) === 'NULL' ? 0 : hex(a[5])}`;
      case 'munmap':
        return `${hex(a[0])}, ${a[1]}`;
      case 'mprotect':
        return `${hex(a[0])}, ${a[1]}, ${protString(a[2])}`;
      case 'prctl': {
        const names: Record<number, string> = { 1: 'PR_SET_PDEATHSIG', 2: 'PR_GET_PDEATHSIG', 15: 'PR_SET_NAME', 16: 'PR_GET_NAME', 36: 'PR_SET_CHILD_SUBREAPER', 37: 'PR_GET_CHILD_SUBREAPER' };
        return `${names[a[0]] ?? a[0]}, ${a[0] === 15 ? this.str(t, a[1]) : a[1]}`;
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
        return `PRIO_PROCESS, ${a[1]}`;
      case 'setpriority':
        return `PRIO_PROCESS, ${a[1]}, ${a[2] | 0}`;
      case 'madvise': {
        const adv: Record<number, string> = { 0: 'MADV_NORMAL', 1: 'MADV_RANDOM', 2: 'MADV_SEQUENTIAL', 3: 'MADV_WILLNEED', 4: 'MADV_DONTNEED', 10: 'MADV_DONTFORK', 11: 'MADV_DOFORK' };
        return `${hex(a[0])}, ${a[1]}, ${adv[a[2]] ?? a[2]}`;
      }
      case 'close':
      case 'dup':
      case 'alarm':
        return `${a[0] | 0}`;
      case 'set_robust_list':
        return `${hex(a[0])}, ${a[1]}`;
      case 'set_tid_address':
        return hex(a[0]);
      default:
        return a.map((x) => (x > 0xffff ? hex(x) : String(x | 0))).join(', ');
    }
  }

  private exitArgs(t: TaskStruct, name: string, a: number[], ret: number | Retry | Gone): string {
    const ok = typeof ret === 'number' && ret >= 0;
    switch (name) {
      case 'wait4':
        if (a.length === 0) return '';
        return `${a[1] ? (ok && ret > 0 ? waitStatusString(this.k.mm.getUser(t.mm!, a[1], 4, t) ?? 0) : hex(a[1])) : 'NULL'}, ${flagsString(a[2], WAIT_OPTS)}, NULL)`;
      case 'rt_sigaction':
        return `${a[2] ? (ok ? this.sigactionString(t, a[2]) : hex(a[2])) : 'NULL'}, ${a[3]})`;
      case 'rt_sigprocmask':
        return `${a[2] ? (ok ? this.sigsetAt(t, a[2]) : hex(a[2])) : 'NULL'}, ${a[3]})`;
      case 'clock_nanosleep':
      case 'nanosleep': {
        const remp = name === 'nanosleep' ? a[1] : a[3];
        return `${remp ? (ret === -4 ? this.timespec(t, remp) : hex(remp)) : 'NULL'})`;
      }
      case 'newfstatat':
        return ok ? `{st_mode=S_IFCHR|0620, st_rdev=makedev(0x88, 0), ...}, AT_EMPTY_PATH)` : `${hex(a[2])}, AT_EMPTY_PATH)`;
      case 'getrandom': {
        const bytes = t.mm ? this.k.mm.copyFromUser(t.mm, a[0], a[1], t) : null;
        return `${bytes ? quoteBytes(bytes, a[1]) : hex(a[0])}, ${a[1]}, GRND_NONBLOCK)`;
      }
      case 'clone3':
        return ok ? ` => {parent_tid=[${ret}]}, ${a[1]})` : `, ${a[1]})`;
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
    const lo = this.k.mm.getUser(t.mm, addr + 24, 4, t) ?? 0;
    const h = handler === 0 ? 'SIG_DFL' : handler === 1 ? 'SIG_IGN' : hex(handler);
    const fl = flagsString(flags, SA_FLAGS);
    return `{sa_handler=${h}, sa_mask=${sigsetString(BigInt(lo >>> 0))}, sa_flags=${fl}${flags & 0x04000000 ? `, sa_restorer=${hex(restorer)}` : ''}}`;
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
