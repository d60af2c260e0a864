// The system call table: entry from user space, argument copying, and the
// small syscalls that need no file of their own. linux: arch/x86/entry/syscalls/syscall_64.tbl
//
// Arguments arrive as the registers of the x86-64 syscall ABI; pointers
// are user addresses read and written through the task's mm (faults there
// give -EFAULT, never a signal). A handler returns the result, -errno,
// RETRY (it blocked; the CPU executes the call again when the task runs)
// or GONE (the task exited or exec'd).

import { GONE, RETRY, type Gone, type Retry } from '../lang/abi';
import type { Kernel } from './kernel';
import type { RestartBlock, TaskStruct } from './task';
import { cloneArgs, kernelClone, vforkWait, type CloneArgs } from './fork';
import { doExecve } from './exec';
import { doExit, doGroupExit, doWait, setChildSubreaper, wait4Who, waitidWho, type WaitResult } from './exit';
import {
  fatalSignalPending,
  killSomething,
  recalcSigpending,
  sigaction,
  sigprocmask,
  tgkill,
} from './signal';
import { sleepUntil, remainingNs, sysAlarm } from './time';
import { pipeRead, pipeWrite } from './pipe';
import { futexWait, futexWake, FUTEX_CMD_MASK, FUTEX_WAIT, FUTEX_WAIT_BITSET, FUTEX_WAKE, FUTEX_WAKE_BITSET } from './futex';
import { reschedCurr, setUserNice } from './sched/core';
import { PF_FORKNOEXEC, TASK_INTERRUPTIBLE, TASK_RUNNING } from './task';
import {
  CLONE_VFORK, CLONE_VM, CSIGNAL, PR_GET_CHILD_SUBREAPER, PR_GET_NAME, PR_GET_PDEATHSIG, PR_SET_CHILD_SUBREAPER, PR_SET_NAME, PR_SET_PDEATHSIG, MAX_NICE, MIN_NICE,
  WCONTINUED, WNOHANG, WUNTRACED, __WALL, __WCLONE, __WNOTHREAD, WEXITED, WNOWAIT, WSTOPPED, P_ALL, P_PID, P_PGID,
} from './uapi/sched';
import { EACCES, EBADF, EFAULT, EINTR, EINVAL, EMFILE, ENOENT, ENOSYS, ENOTTY, EPERM, ESRCH } from './uapi/errno';
import { SIGCHLD } from './uapi/signal';
import { HZ, NOFILE_RLIMIT, PAGE_SIZE } from './param';

export type SyscallResult = number | Retry | Gone;
type Handler = (k: Kernel, t: TaskStruct, a: number[]) => SyscallResult;

const AT_EMPTY_PATH = 0x1000;
const TIMER_ABSTIME = 1;
const S_IFCHR = 0o020000;
const S_IFIFO = 0o010000;
const S_IFREG = 0o100000;

// ---- user memory helpers ----------------------------------------------------

export function getUser(k: Kernel, t: TaskStruct, addr: number, size: 1 | 2 | 4 | 8): number | null {
  return t.mm ? k.mm.getUser(t.mm, addr, size, t) : null;
}

export function putUser(k: Kernel, t: TaskStruct, addr: number, size: 1 | 2 | 4 | 8, v: number): number {
  return t.mm ? k.mm.putUser(t.mm, addr, size, v, t) : -EFAULT;
}

export function userString(k: Kernel, t: TaskStruct, addr: number, max = 4096): string | null {
  return t.mm ? k.mm.strncpyFromUser(t.mm, addr, max, t) : null;
}

/** A NULL-terminated array of string pointers (argv, envp). */
export function userStringArray(k: Kernel, t: TaskStruct, addr: number): string[] | null {
  const out: string[] = [];
  if (!addr) return out;
  for (let i = 0; i < 4096; i++) {
    const p = getUser(k, t, addr + 8 * i, 8);
    if (p === null) return null;
    if (!p) return out;
    const s = userString(k, t, p);
    if (s === null) return null;
    out.push(s);
  }
  return null;
}

/** Reads a 64-bit sigset (bits above 2^53 are lost; no user signal lives there). */
function getSigset(k: Kernel, t: TaskStruct, addr: number): bigint | null {
  const lo = getUser(k, t, addr, 4);
  const hi = getUser(k, t, addr + 4, 4);
  if (lo === null || hi === null) return null;
  return (BigInt(hi >>> 0) << 32n) | BigInt(lo >>> 0);
}

function putSigset(k: Kernel, t: TaskStruct, addr: number, set: bigint): number {
  const r = putUser(k, t, addr, 4, Number(set & 0xffffffffn) | 0);
  return r || putUser(k, t, addr + 4, 4, Number((set >> 32n) & 0xffffffffn) | 0);
}

// ---- the syscalls -------------------------------------------------------------

function sysWrite(k: Kernel, t: TaskStruct, [fd, buf, count]: number[]): SyscallResult {
  const f = t.files.fds.get(fd);
  if (f === undefined) return -EBADF;
  const pe = k.pipes.lookup(f);
  if (pe) return pe.write ? pipeWrite(k, t, pe.pipe, buf, count) : -EBADF;
  if (fd === 0) return -EBADF;
  if (count === 0) return 0;
  const bytes = t.mm ? k.mm.copyFromUser(t.mm, buf, count, t) : null;
  if (!bytes) return -EFAULT;
  k.tty.writeBytes(t.tgid, fd === 2 ? 'stderr' : 'stdout', bytes, k.jiffies);
  return count;
}

function sysNewfstatat(k: Kernel, t: TaskStruct, [dirfd, pathp, statbuf, flags]: number[]): SyscallResult {
  const path = userString(k, t, pathp);
  if (path === null) return -EFAULT;
  let mode: number;
  let rdev = 0;
  let size = 0;
  let blksize = 4096;
  let ino: number;
  if (path === '' && flags & AT_EMPTY_PATH) {
    const f = t.files.fds.get(dirfd);
    if (f === undefined) return -EBADF;
    const pe = k.pipes.lookup(f);
    if (pe) {
      mode = S_IFIFO | 0o600; // prw------- on pipefs: glibc then buffers stdout fully
      ino = pe.pipe.ino;
    } else {
      mode = S_IFCHR | 0o620; // crw--w---- the pty
      rdev = k.tty.rdev;
      blksize = 1024;
      ino = 3;
    }
  } else {
    const f = k.vfs.files.get(path);
    if (!f) return -ENOENT;
    mode = S_IFREG | f.mode;
    size = f.source.length;
    ino = 1000 + [...k.vfs.files.keys()].indexOf(path);
  }
  const fields: [number, 4 | 8, number][] = [
    [0, 8, 0x16], // st_dev
    [8, 8, ino], // st_ino
    [16, 8, 1], // st_nlink
    [24, 4, mode], // st_mode
    [28, 4, t.uid], // st_uid
    [32, 4, rdev ? 5 : 0], // st_gid (tty group for the pty)
    [40, 8, rdev], // st_rdev
    [48, 8, size], // st_size
    [56, 8, blksize], // st_blksize
    [64, 8, Math.ceil(size / 512)], // st_blocks
  ];
  for (const [off, sz, v] of fields) if (putUser(k, t, statbuf + off, sz, v)) return -EFAULT;
  return 0;
}

function sysGetrandom(k: Kernel, t: TaskStruct, [buf, len]: number[]): SyscallResult {
  for (let i = 0; i < len; i++) if (putUser(k, t, buf + i, 1, Math.floor(k.rng() * 256))) return -EFAULT;
  return len;
}

function sysClone(k: Kernel, t: TaskStruct, [flags, newsp, parentTid, childTid, tls]: number[]): SyscallResult {
  const args: CloneArgs = cloneArgs(flags & ~CSIGNAL, flags & CSIGNAL);
  args.stack = newsp;
  args.parentTid = parentTid;
  args.childTid = childTid;
  args.tls = tls;
  if (t.restart?.fn === 'clone') return vforkWait(k, t, t.restart.value);
  const r = kernelClone(k, t, args);
  if (r === RETRY) t.restart!.fn = 'clone';
  return r;
}

function sysClone3(k: Kernel, t: TaskStruct, [uargs, size]: number[]): SyscallResult {
  if (t.restart?.fn === 'clone3') return vforkWait(k, t, t.restart.value);
  if (size < 64) return -EINVAL;
  const field = (i: number) => getUser(k, t, uargs + 8 * i, 8);
  const f = [0, 1, 2, 3, 4, 5, 6, 7].map(field);
  if (f.some((v) => v === null)) return -EFAULT;
  const [flags, , childTid, parentTid, exitSignal, stack, stackSize, tls] = f as number[];
  const args: CloneArgs = { flags, exitSignal, stack, stackSize, parentTid, childTid, tls };
  const r = kernelClone(k, t, args);
  if (r === RETRY) t.restart!.fn = 'clone3';
  return r;
}

function sysVfork(k: Kernel, t: TaskStruct): SyscallResult {
  if (t.restart?.fn === 'vfork') return vforkWait(k, t, t.restart.value);
  return kernelClone(k, t, cloneArgs(CLONE_VFORK | CLONE_VM, SIGCHLD));
}

function sysFork(k: Kernel, t: TaskStruct): SyscallResult {
  return kernelClone(k, t, cloneArgs(0, SIGCHLD));
}

function sysExecve(k: Kernel, t: TaskStruct, [pathp, argvp, envp]: number[]): SyscallResult {
  const path = userString(k, t, pathp);
  const argv = userStringArray(k, t, argvp);
  const env = userStringArray(k, t, envp);
  if (path === null || argv === null || env === null) return -EFAULT;
  return doExecve(k, t, path, argv, env);
}

function sysExit(k: Kernel, t: TaskStruct, [code]: number[]): SyscallResult {
  doExit(k, t, (code & 0xff) << 8);
  return GONE;
}

function sysExitGroup(k: Kernel, t: TaskStruct, [code]: number[]): SyscallResult {
  doGroupExit(k, t, (code & 0xff) << 8);
  return GONE;
}

function sysWait4(k: Kernel, t: TaskStruct, [pid, statusp, options]: number[]): SyscallResult {
  // linux: kernel_wait4 — WEXITED and WNOWAIT are waitid's; wait4 always waits for exits and reaps.
  if (options & ~(WNOHANG | WUNTRACED | WCONTINUED | __WNOTHREAD | __WCLONE | __WALL)) return -EINVAL;
  if ((pid | 0) === -0x80000000) return -ESRCH; // -INT_MIN is not defined
  const r = doWait(k, t, 'wait4', ...wait4Who(t, pid | 0), options | WEXITED);
  if (typeof r !== 'object') return r;
  if (statusp && r.status !== null && putUser(k, t, statusp, 4, r.status)) return -EFAULT;
  return r.pid;
}

/**
 * linux: kernel/exit.c sys_waitid → kernel_waitid → do_wait. idtype P_ALL,
 * P_PID (id > 0) or P_PGID (id >= 0, 0 the caller's group); at least one of
 * WEXITED, WSTOPPED, WCONTINUED. Returns 0; the siginfo_t gets si_signo
 * (SIGCHLD, or 0 when WNOHANG found nothing), si_errno 0, si_code, si_pid,
 * si_uid and si_status, and nothing else, even when the call fails.
 */
function sysWaitid(k: Kernel, t: TaskStruct, [which, upid, infop, options, ru]: number[]): SyscallResult {
  let err: number;
  let r: WaitResult | null = null;
  const id = upid | 0;
  if (options & ~(WNOHANG | WNOWAIT | WEXITED | WSTOPPED | WCONTINUED | __WNOTHREAD | __WCLONE | __WALL)) err = -EINVAL;
  else if (!(options & (WEXITED | WSTOPPED | WCONTINUED))) err = -EINVAL;
  else if (which === P_ALL) err = 0;
  else if (which === P_PID) err = id <= 0 ? -EINVAL : 0;
  else if (which === P_PGID) err = id < 0 ? -EINVAL : 0;
  else err = -EINVAL; // P_PIDFD: kernlab has no pidfds
  if (err === 0) {
    const w = doWait(k, t, 'waitid', ...waitidWho(t, which, id), options);
    if (w === RETRY) return RETRY;
    if (typeof w === 'number') err = w;
    else r = w;
  }
  void ru; // kernlab: no struct rusage is filled (glibc's waitid passes NULL)
  if (!infop) return err;
  const fields: [number, number][] = [
    [0, r && r.pid > 0 ? SIGCHLD : 0], // si_signo
    [4, 0], // si_errno
    [8, r?.cause ?? 0], // si_code
    [16, r?.pid ?? 0], // si_pid
    [20, r?.uid ?? 0], // si_uid
    [24, r?.info ?? 0], // si_status
  ];
  for (const [off, v] of fields) if (putUser(k, t, infop + off, 4, v)) return -EFAULT;
  return err;
}

function sysKill(k: Kernel, t: TaskStruct, [pid, sig]: number[]): SyscallResult {
  return killSomething(k, t, pid | 0, sig);
}

function sysTgkill(k: Kernel, t: TaskStruct, [tgid, tid, sig]: number[]): SyscallResult {
  return tgkill(k, t, tgid | 0, tid | 0, sig);
}

function sysTkill(k: Kernel, t: TaskStruct, [tid, sig]: number[]): SyscallResult {
  return tgkill(k, t, -1, tid | 0, sig);
}

function sysRtSigaction(k: Kernel, t: TaskStruct, [sig, actp, oactp, size]: number[]): SyscallResult {
  if (size !== 8) return -EINVAL;
  let act = null;
  if (actp) {
    const handler = getUser(k, t, actp, 8);
    const flags = getUser(k, t, actp + 8, 8);
    const restorer = getUser(k, t, actp + 16, 8);
    const mask = getSigset(k, t, actp + 24);
    if (handler === null || flags === null || restorer === null || mask === null) return -EFAULT;
    act = { handler, flags, restorer, mask };
  }
  const old = sigaction(t, sig, act);
  if (typeof old === 'number') return old;
  if (oactp) {
    if (putUser(k, t, oactp, 8, old.handler) || putUser(k, t, oactp + 8, 8, old.flags) || putUser(k, t, oactp + 16, 8, old.restorer))
      return -EFAULT;
    if (putSigset(k, t, oactp + 24, old.mask)) return -EFAULT;
  }
  return 0;
}

function sysRtSigprocmask(k: Kernel, t: TaskStruct, [how, setp, osetp, size]: number[]): SyscallResult {
  if (size !== 8) return -EINVAL;
  let set: bigint | null = null;
  if (setp) {
    set = getSigset(k, t, setp);
    if (set === null) return -EFAULT;
  }
  const old = sigprocmask(t, how, set);
  if (typeof old === 'number') return old;
  if (osetp && putSigset(k, t, osetp, old)) return -EFAULT;
  return 0;
}

/** linux: do_sigpending — the signals pending for this thread or its process that are blocked. */
function sysRtSigpending(k: Kernel, t: TaskStruct, [setp, size]: number[]): SyscallResult {
  if (size > 8) return -EINVAL;
  const pending = (t.pending.signal | t.signal.sharedPending.signal) & t.blocked;
  return putSigset(k, t, setp, pending) ? -EFAULT : 0;
}

/**
 * linux: sigsuspend — waits with `mask` as the blocked set until a signal
 * is handled; the old mask comes back when the handler returns (it is
 * saved in the signal frame: TIF_RESTORE_SIGMASK). Always fails with EINTR.
 */
function sysRtSigsuspend(k: Kernel, t: TaskStruct, [maskp, size]: number[]): SyscallResult {
  const r = t.restart;
  if (r?.fn === 'rt_sigsuspend') {
    if (r.interrupted) {
      t.restart = null;
      return -EINTR;
    }
  } else {
    if (size !== 8) return -EINVAL;
    const mask = getSigset(k, t, maskp);
    if (mask === null) return -EFAULT;
    t.restoreSigmask = t.blocked;
    sigprocmask(t, 2, mask);
    t.restart = { fn: 'rt_sigsuspend', policy: 'nohand', expires: -1, interrupted: false, woken: false, value: 0 };
  }
  if (!t.sigpending) {
    t.state = TASK_INTERRUPTIBLE;
    t.wchan = 'sigsuspend.isra.0'; // as the reference machine's kernel names it
    k.events.emit({ type: 'sleep', pid: t.pid, state: 'S', wchan: t.wchan });
  }
  return RETRY;
}

function sysPause(k: Kernel, t: TaskStruct): SyscallResult {
  if (t.restart?.fn === 'pause' && t.restart.interrupted) {
    t.restart = null;
    return -EINTR;
  }
  t.restart = { fn: 'pause', policy: 'nohand', expires: -1, interrupted: false, woken: false, value: 0 };
  if (!t.sigpending) {
    t.state = TASK_INTERRUPTIBLE;
    t.wchan = '__do_sys_pause'; // SYSCALL_DEFINE0(pause)'s body, as /proc/PID/wchan names it
    k.events.emit({ type: 'sleep', pid: t.pid, state: 'S', wchan: t.wchan });
  }
  return RETRY;
}

function readTimespecNs(k: Kernel, t: TaskStruct, addr: number): number | null {
  const sec = getUser(k, t, addr, 8);
  const nsec = getUser(k, t, addr + 8, 8);
  if (sec === null || nsec === null) return null;
  if (sec < 0 || nsec < 0 || nsec >= 1e9) return -1;
  return sec * 1e9 + nsec;
}

/** Stores `ns` at `addr` as a struct timespec. */
function putTimespec(k: Kernel, t: TaskStruct, addr: number, ns: number): void {
  putUser(k, t, addr, 8, Math.floor(ns / 1e9));
  putUser(k, t, addr + 8, 8, ns % 1e9);
}

/**
 * linux: hrtimer_nanosleep. A signal stores the time left in `remp` when
 * it interrupts the sleep (syscallInterrupted); a handler then makes it
 * fail with EINTR, an ignored signal (seen by a tracer) restarts it.
 */
function sysClockNanosleep(k: Kernel, t: TaskStruct, [clockid, flags, reqp, remp]: number[], name = 'clock_nanosleep'): SyscallResult {
  void clockid;
  let ns = 0;
  const fresh = t.restart?.fn !== name;
  if (fresh) {
    const req = readTimespecNs(k, t, reqp);
    if (req === null) return -EFAULT;
    if (req < 0) return -EINVAL;
    ns = flags & TIMER_ABSTIME ? Math.max(0, req - k.clockNs) : req;
  }
  const before = t.restart;
  const r = sleepUntil(k, t, name, ns);
  if (fresh && r === RETRY && t.restart) t.restart.value = flags & TIMER_ABSTIME ? 0 : remp;
  // Failing with EINTR after a handler: rem again (the library call that asked may have been made afresh).
  if (r === -EINTR && remp && !(flags & TIMER_ABSTIME) && before?.left !== undefined) putTimespec(k, t, remp, before.left);
  return r;
}

function sysNanosleep(k: Kernel, t: TaskStruct, [reqp, remp]: number[]): SyscallResult {
  return sysClockNanosleep(k, t, [0, 0, reqp, remp], 'nanosleep');
}

function sysPrctl(k: Kernel, t: TaskStruct, [option, arg2]: number[]): SyscallResult {
  switch (option) {
    case PR_SET_CHILD_SUBREAPER:
      setChildSubreaper(k, t.groupLeader, arg2 !== 0);
      return 0;
    case PR_GET_CHILD_SUBREAPER:
      return putUser(k, t, arg2, 4, t.signal.isChildSubreaper ? 1 : 0);
    case PR_SET_PDEATHSIG:
      if (arg2 < 0 || arg2 > 64) return -EINVAL;
      t.pdeathSignal = arg2;
      return 0;
    case PR_GET_PDEATHSIG:
      return putUser(k, t, arg2, 4, t.pdeathSignal);
    case PR_SET_NAME: {
      const name = userString(k, t, arg2, 16);
      if (name === null) return -EFAULT;
      t.comm = name.slice(0, 15);
      return 0;
    }
    case PR_GET_NAME: {
      for (let i = 0; i < 16; i++) if (putUser(k, t, arg2 + i, 1, i < t.comm.length ? t.comm.charCodeAt(i) : 0)) return -EFAULT;
      return 0;
    }
    default:
      return -EINVAL;
  }
}

const PRIO_PROCESS = 0;
const PRIO_PGRP = 1;
const PRIO_USER = 2;

/**
 * The tasks `which`/`who` of get/setpriority name: one thread
 * (PRIO_PROCESS), every thread of a process group (PRIO_PGRP), every
 * thread of a user (PRIO_USER); `who` 0 is the caller's own.
 * linux: kernel/sys.c (find_task_by_vpid, do_each_pid_thread, for_each_process_thread)
 */
function prioTargets(k: Kernel, t: TaskStruct, which: number, who: number): TaskStruct[] {
  if (which === PRIO_PROCESS) {
    const p = who ? k.findTask(who) : t;
    return p ? [p] : [];
  }
  const match = which === PRIO_PGRP ? (p: TaskStruct) => p.signal.pgrp === (who || t.signal.pgrp) : (p: TaskStruct) => p.uid === (who || t.uid);
  return [...k.tasks.values()].filter((p) => p.pid !== 0 && match(p));
}

/** The highest priority (lowest nice) of the tasks, as 40..1. linux: sys_getpriority */
function sysGetpriority(k: Kernel, t: TaskStruct, [which, who]: number[]): SyscallResult {
  if (which < PRIO_PROCESS || which > PRIO_USER) return -EINVAL;
  const targets = prioTargets(k, t, which, who);
  if (!targets.length) return -ESRCH;
  return Math.max(...targets.map((p) => 20 - p.nice)); // the raw syscall returns 40..1; glibc turns it back into nice
}

/**
 * linux: sys_setpriority + set_one_prio — each target needs the caller to
 * own it (EPERM) and, to lower its nice value, CAP_SYS_NICE (EACCES); the
 * last failure is the result, 0 if any succeeded and none failed.
 */
function sysSetpriority(k: Kernel, t: TaskStruct, [which, who, prio]: number[]): SyscallResult {
  if (which < PRIO_PROCESS || which > PRIO_USER) return -EINVAL;
  const nice = Math.max(MIN_NICE, Math.min(MAX_NICE, prio | 0));
  let error = -ESRCH;
  for (const p of prioTargets(k, t, which, who)) {
    // set_one_prio_perm: same user, or CAP_SYS_NICE (root).
    if (t.uid !== 0 && t.uid !== p.uid) error = -EPERM;
    else if (nice < p.nice && t.uid !== 0) error = -EACCES;
    else {
      if (error === -ESRCH) error = 0;
      setUserNice(k, p, nice);
    }
  }
  return error;
}

function sysFutex(k: Kernel, t: TaskStruct, [uaddr, op, val]: number[]): SyscallResult {
  if (!t.mm) return -EFAULT;
  switch (op & FUTEX_CMD_MASK) {
    case FUTEX_WAIT:
    case FUTEX_WAIT_BITSET:
      return futexWait(k, t, uaddr, val);
    case FUTEX_WAKE:
    case FUTEX_WAKE_BITSET:
      return futexWake(k, t.mm, uaddr, val);
    default:
      return -ENOSYS;
  }
}

function sysSchedYield(k: Kernel, t: TaskStruct): SyscallResult {
  reschedCurr(k, k.rqs[t.cpu]);
  return 0;
}

function sysMmap(k: Kernel, t: TaskStruct, [addr, len, prot, flags, fd, off]: number[]): SyscallResult {
  if (!t.mm) return -EINVAL;
  return k.mm.doMmap(t.mm, addr, len, prot, flags, fd | 0, off, t);
}


// ---- file descriptors (the console's terminal is the only file) ----------

/** The lowest free descriptor at or above `from`, or EMFILE when none is under RLIMIT_NOFILE. linux: fs/file.c alloc_fd */
function lowestFreeFd(t: TaskStruct, from: number): number {
  let fd = from;
  while (t.files.fds.has(fd)) fd++;
  return fd < NOFILE_RLIMIT ? fd : -EMFILE;
}

/** Points `fd` at `f`, closing what it referred to before (do_dup2). */
function installFd(k: Kernel, t: TaskStruct, fd: number, f: string): void {
  const old = t.files.fds.get(fd);
  k.pipes.get(f);
  t.files.fds.set(fd, f);
  if (old !== undefined) k.pipes.put(k, old);
}

function sysClose(k: Kernel, t: TaskStruct, [fd]: number[]): SyscallResult {
  const f = t.files.fds.get(fd);
  if (f === undefined) return -EBADF;
  t.files.fds.delete(fd);
  k.pipes.put(k, f);
  return 0;
}

function sysDup(k: Kernel, t: TaskStruct, [fd]: number[]): SyscallResult {
  const f = t.files.fds.get(fd);
  if (f === undefined) return -EBADF;
  const nfd = lowestFreeFd(t, 0);
  if (nfd < 0) return nfd;
  installFd(k, t, nfd, f);
  return nfd;
}

/** linux: fs/file.c dup2, ksys_dup3 — a newfd at or past RLIMIT_NOFILE (or negative: unsigned there) is EBADF. */
function sysDup2(k: Kernel, t: TaskStruct, [oldfd, newfd]: number[]): SyscallResult {
  const f = t.files.fds.get(oldfd);
  if (f === undefined || newfd < 0 || (newfd !== oldfd && newfd >= NOFILE_RLIMIT)) return -EBADF;
  if (newfd !== oldfd) installFd(k, t, newfd, f);
  return newfd;
}

/** linux: do_pipe2 — the read end at the lowest free fd, the write end at the next. */
function sysPipe2(k: Kernel, t: TaskStruct, [fdsp, flags]: number[]): SyscallResult {
  if (flags & ~(O_CLOEXEC | O_NONBLOCK | O_DIRECT)) return -EINVAL;
  // kernlab: blocking pipes without close-on-exec only (libc's pipe() passes 0).
  if (flags) return -EINVAL;
  // Both descriptors must fit under RLIMIT_NOFILE (get_unused_fd_flags twice).
  const rfd = lowestFreeFd(t, 0);
  if (rfd < 0 || lowestFreeFd(t, rfd + 1) < 0) return -EMFILE;
  const { r, w } = k.pipes.create();
  installFd(k, t, rfd, r);
  const wfd = lowestFreeFd(t, 0);
  installFd(k, t, wfd, w);
  if (putUser(k, t, fdsp, 4, rfd) || putUser(k, t, fdsp + 4, 4, wfd)) {
    sysClose(k, t, [rfd]);
    sysClose(k, t, [wfd]);
    return -EFAULT;
  }
  return 0;
}

const F_DUPFD = 0;
const F_GETFD = 1;
const F_SETFD = 2;
const F_GETFL = 3;
const F_SETFL = 4;
const F_DUPFD_CLOEXEC = 1030;
const O_RDONLY = 0;
const O_WRONLY = 1;
const O_RDWR = 2;
const O_NONBLOCK = 0o4000;
const O_DIRECT = 0o40000;
const O_CLOEXEC = 0o2000000;
const O_LARGEFILE = 0o100000; // always set for a 64-bit process (force_o_largefile)

function sysFcntl(k: Kernel, t: TaskStruct, [fd, cmd, arg]: number[]): SyscallResult {
  const f = t.files.fds.get(fd);
  if (f === undefined) return -EBADF;
  switch (cmd) {
    case F_DUPFD:
    case F_DUPFD_CLOEXEC: {
      // linux: f_dupfd — a start at or past RLIMIT_NOFILE is EINVAL, no free fd from there EMFILE.
      if (arg < 0 || arg >= NOFILE_RLIMIT) return -EINVAL;
      const nfd = lowestFreeFd(t, arg);
      if (nfd < 0) return nfd;
      installFd(k, t, nfd, f);
      return nfd;
    }
    case F_GETFD:
    case F_SETFD:
    case F_SETFL:
      return 0;
    case F_GETFL: {
      // A pipe's files are made by create_pipe_files, not open(): no O_LARGEFILE on them.
      const pe = k.pipes.lookup(f);
      return pe ? (pe.write ? O_WRONLY : O_RDONLY) : O_RDWR | O_LARGEFILE;
    }
    default:
      return -EINVAL;
  }
}

const TCGETS = 0x5401;

/** Only the terminal answers ioctls, and only TCGETS (isatty): the termios is all zeros. */
function sysIoctl(k: Kernel, t: TaskStruct, [fd, req, argp]: number[]): SyscallResult {
  const f = t.files.fds.get(fd);
  if (f === undefined) return -EBADF;
  if (!f.startsWith('/dev/pts/') && f !== '/dev/console') return -ENOTTY;
  if (req !== TCGETS) return -EINVAL;
  for (let i = 0; i < 60; i += 4) if (putUser(k, t, argp + i, 4, 0)) return -EFAULT;
  return 0;
}

function sysWritev(k: Kernel, t: TaskStruct, [fd, iov, iovcnt]: number[]): SyscallResult {
  if (iovcnt < 0 || iovcnt > 1024) return -EINVAL;
  let total = 0;
  for (let i = 0; i < iovcnt; i++) {
    const base = getUser(k, t, iov + 16 * i, 8);
    const len = getUser(k, t, iov + 16 * i + 8, 8);
    if (base === null || len === null) return -EFAULT;
    const r = sysWrite(k, t, [fd, base, len]);
    if (typeof r !== 'number' || r < 0) return r;
    total += r;
  }
  return total;
}

/** A pipe's read end reads the pipe; kernlab has no keyboard input for programs: the terminal reads end of file, as /dev/null. */
function sysRead(k: Kernel, t: TaskStruct, [fd, buf, count]: number[]): SyscallResult {
  const f = t.files.fds.get(fd);
  if (f === undefined) return -EBADF;
  const pe = k.pipes.lookup(f);
  if (pe) return pe.write ? -EBADF : pipeRead(k, t, pe.pipe, buf, count);
  return 0;
}

function sysSetsid(k: Kernel, t: TaskStruct): SyscallResult {
  // linux: ksys_setsid — no group may already have our pid as its id: a
  // group leader (a session leader is one too) may not start a session.
  for (const p of k.tasks.values()) if (p.signal.pgrp === t.tgid) return -EPERM;
  t.signal.session = t.tgid;
  t.signal.pgrp = t.tgid;
  t.signal.tty = null;
  return t.tgid;
}

/**
 * linux: ksys_setpgid — the caller or a child of it that has not exec'd
 * (EACCES), in the caller's session (EPERM), not a session leader (EPERM),
 * joins the group pgid, which must exist in the caller's session (EPERM),
 * or starts its own (pgid 0 or its pid).
 */
function sysSetpgid(k: Kernel, t: TaskStruct, [pid, pgid]: number[]): SyscallResult {
  if ((pid | 0) < 0 || (pgid | 0) < 0) return -EINVAL;
  const leader = t.groupLeader;
  const p0 = pid ? k.findTask(pid) : leader;
  const p = p0?.groupLeader;
  if (!p || p.tgid !== (pid || leader.tgid) || (p !== leader && p.realParent?.tgid !== leader.tgid)) return -ESRCH;
  if (p !== leader) {
    if (p.signal.session !== leader.signal.session) return -EPERM;
    if (!(p.flags & PF_FORKNOEXEC)) return -EACCES;
  }
  if (p.signal.session === p.tgid) return -EPERM;
  const target = pgid || p.tgid;
  if (target !== p.tgid) {
    let found = false;
    for (const g of k.tasks.values()) if (g.signal.pgrp === target && g.signal.session === leader.signal.session) found = true;
    if (!found) return -EPERM;
  }
  p.signal.pgrp = target;
  return 0;
}

function sysGetpgid(k: Kernel, t: TaskStruct, [pid]: number[]): SyscallResult {
  const p = pid ? k.findTask(pid) : t;
  return p ? p.signal.pgrp : -ESRCH;
}

function sysGetsid(k: Kernel, t: TaskStruct, [pid]: number[]): SyscallResult {
  const p = pid ? k.findTask(pid) : t;
  return p ? p.signal.session : -ESRCH;
}

/**
 * linux: kernel/rseq.c sys_rseq — a thread registers its struct rseq
 * (glibc's start_thread does, for every new thread). The checks are
 * Linux's: unknown flags, a length other than 32 or an unaligned area are
 * EINVAL. kernlab: nothing is kept (no restartable sequences run here, and
 * kernlab C cannot read the cpu_id the kernel would store there).
 */
function sysRseq(k: Kernel, t: TaskStruct, [addr, len, flags]: number[]): SyscallResult {
  const RSEQ_FLAG_UNREGISTER = 1;
  if (flags & ~RSEQ_FLAG_UNREGISTER || len !== 32 || addr % 32) return -EINVAL;
  return t.mm && k.mm.findVma(t.mm, addr) ? 0 : -EFAULT;
}

/**
 * linux: kernel/sys.c do_sysinfo — uptime (rounded up to the second), the
 * load averages (avenrun << (SI_LOAD_SHIFT - FSHIFT)), memory in bytes
 * (mem_unit 1, as a 64-bit kernel normalises it), no swap, and the number
 * of tasks. glibc's sysconf(_SC_PHYS_PAGES) asks for it (qsort does, once).
 */
function sysSysinfo(k: Kernel, t: TaskStruct, [info]: number[]): SyscallResult {
  const mi = k.mm.meminfo();
  const fields: [number, 2 | 4 | 8, number][] = [
    [0, 8, Math.ceil(k.jiffies / HZ)],
    [8, 8, k.loadavg.avenrun[0] << 5],
    [16, 8, k.loadavg.avenrun[1] << 5],
    [24, 8, k.loadavg.avenrun[2] << 5],
    [32, 8, mi.totalPages * PAGE_SIZE],
    [40, 8, mi.freePages * PAGE_SIZE],
    [80, 2, k.nrThreads],
    [104, 4, 1],
  ];
  for (let off = 0; off < 112; off += 8) if (putUser(k, t, info + off, 8, 0)) return -EFAULT;
  for (const [off, size, v] of fields) putUser(k, t, info + off, size, v);
  return 0;
}

const TABLE: Record<string, Handler> = {
  write: sysWrite,
  newfstatat: sysNewfstatat,
  getrandom: sysGetrandom,
  sysinfo: sysSysinfo,
  waitid: sysWaitid,
  brk: (k, t, [addr]) => (t.mm ? k.mm.brk(t.mm, addr) : 0),
  mmap: sysMmap,
  munmap: (k, t, [addr, len]) => (t.mm ? k.mm.doMunmap(t.mm, addr, len) : -EINVAL),
  mprotect: (k, t, [addr, len, prot]) => (t.mm ? k.mm.mprotect(t.mm, addr, len, prot, t) : -EINVAL),
  mremap: (k, t, [addr, oldLen, newLen, flags, newAddr]) => (t.mm ? k.mm.mremap(t.mm, addr, oldLen, newLen, flags, newAddr, t) : -EINVAL),
  madvise: (k, t, [addr, len, advice]) => (t.mm ? k.mm.madvise(t.mm, addr, len, advice, t) : -EINVAL),
  close: sysClose,
  dup: sysDup,
  dup2: sysDup2,
  fcntl: sysFcntl,
  ioctl: sysIoctl,
  writev: sysWritev,
  read: sysRead,
  pipe2: sysPipe2,
  setsid: sysSetsid,
  setpgid: sysSetpgid,
  getpgid: sysGetpgid,
  getsid: sysGetsid,
  alarm: (k, t, [seconds]) => sysAlarm(k, t, seconds),
  clone: sysClone,
  clone3: sysClone3,
  vfork: sysVfork,
  fork: sysFork,
  execve: sysExecve,
  exit: sysExit,
  exit_group: sysExitGroup,
  wait4: sysWait4,
  kill: sysKill,
  tgkill: sysTgkill,
  tkill: sysTkill,
  rt_sigaction: sysRtSigaction,
  rt_sigprocmask: sysRtSigprocmask,
  rt_sigpending: sysRtSigpending,
  rt_sigsuspend: sysRtSigsuspend,
  pause: sysPause,
  clock_nanosleep: sysClockNanosleep,
  nanosleep: sysNanosleep,
  getpid: (_k, t) => t.tgid,
  gettid: (_k, t) => t.pid,
  getppid: (_k, t) => t.groupLeader.realParent?.tgid ?? 0,
  getuid: (_k, t) => t.uid,
  geteuid: (_k, t) => t.uid,
  getpgrp: (_k, t) => t.signal.pgrp,
  prctl: sysPrctl,
  getpriority: sysGetpriority,
  setpriority: sysSetpriority,
  futex: sysFutex,
  sched_yield: sysSchedYield,
  set_robust_list: () => 0,
  rseq: sysRseq,
  set_tid_address: (_k, t, [tidptr]) => {
    t.clearChildTid = tidptr;
    return t.pid;
  },
};

/** Syscalls kernlab implements (for `help` and the docs). */
export const SYSCALL_NAMES = Object.keys(TABLE);

/**
 * A blocked call gives way to a signal (it returns -ERESTART* in Linux):
 * strace sees its exit, and a sleep stores the time left in its rem
 * argument (hrtimer_nanosleep's nanosleep_copyout).
 */
function syscallInterrupted(k: Kernel, t: TaskStruct, r: RestartBlock): void {
  if (r.policy === 'block' && r.expires >= 0) {
    r.left = remainingNs(k, r.expires);
    if (r.value) putTimespec(k, t, r.value, r.left);
  }
  if (t.traced) k.strace.interrupted(t, r);
}

/**
 * Syscall entry and exit: dispatch, and strace's lines for a traced task.
 * A call executed again after it blocked is a continuation, not a new
 * call: strace shows it as resumed.
 */
export function doSyscall(k: Kernel, t: TaskStruct, name: string, args: number[]): SyscallResult {
  const handler = TABLE[name];
  const r0 = t.restart;
  const resumed = r0 !== null && r0.fn === name;
  // A call a handler interrupted comes back only to fail with EINTR: strace already saw it end.
  const silent = resumed && r0.interrupted;
  if (t.traced && !silent) {
    if (resumed) k.strace.resumed(t, r0, name, args);
    else k.strace.enter(t, name, args);
  }
  const ret = handler ? handler(k, t, args) : -ENOSYS;
  const r = t.restart;
  if (ret === RETRY && r) {
    r.args = args;
    // A pending signal makes the call give way (it returns -ERESTART* in
    // Linux): the signal is delivered, then the call restarts or fails.
    // Only a fatal signal ends an uninterruptible (killable) wait.
    if (t.sigpending && !r.signalled && (r.policy !== 'none' || fatalSignalPending(t))) {
      r.signalled = true;
      if (t.state !== TASK_RUNNING) {
        t.state = TASK_RUNNING;
        t.wchan = '';
      }
      if (!fatalSignalPending(t)) syscallInterrupted(k, t, r);
    }
  }
  // A call that blocked keeps its entry part open: strace shows it as
  // unfinished only if another traced task prints first.
  if (t.traced && ret !== RETRY && !silent) k.strace.exit(t, name, args, ret);
  if (typeof ret === 'number') t.lastSyscallRet = ret;
  // exit_to_user_mode: a signal made deliverable by this call (kill to
  // oneself, sigprocmask unblocking one) is handled before user code
  // resumes. TIF_SIGPENDING is only ever raised by complete_signal's choice
  // of thread (or a call that recalculates, as sigprocmask): a process
  // signal another thread was chosen for is not taken by this one.
  if (ret !== GONE && t.sigpending) {
    recalcSigpending(t);
    if (t.sigpending) k.cpuSys[t.cpu].needResched = true;
  }
  return ret;
}
