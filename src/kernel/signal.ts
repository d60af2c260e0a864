// Signals: generation (kill, tgkill, faults, SIGCHLD), delivery on the way
// back to user mode (handlers, default actions), job-control stop and
// continue. linux: kernel/signal.c, arch/x86/kernel/signal.c

import { UserFault } from '../lang/abi';
import { cpu } from '../lang/cpu';
import type { Kernel } from './kernel';
import { kickProcess, tryToWakeUp, reschedCurr } from './sched/core';
import { nsecToClockT } from './sched/cputime';
import {
  PF_EXITING,
  PF_KTHREAD,
  SIGNAL_GROUP_EXIT,
  SIGNAL_STOP_CONTINUED,
  SIGNAL_CLD_STOPPED,
  SIGNAL_CLD_CONTINUED,
  SIGNAL_STOP_STOPPED,
  SIGNAL_UNKILLABLE,
  TASK_INTERRUPTIBLE,
  TASK_STOPPED,
  TASK_WAKEKILL,
  __TASK_STOPPED,
  type KSigaction,
  type SigInfo,
  type SigPending,
  type TaskStruct,
} from './task';
import {
  CLD_CONTINUED,
  CLD_DUMPED,
  CLD_EXITED,
  CLD_KILLED,
  CLD_STOPPED,
  NSIG,
  SIGRTMIN,
  SA_NOCLDSTOP,
  SA_NOCLDWAIT,
  SA_NODEFER,
  SA_RESETHAND,
  SA_RESTART,
  SA_SIGINFO,
  UAPI_SA_FLAGS,
  SIGABRT,
  SIGBUS,
  SIGCHLD,
  SIGCONT,
  SIGFPE,
  SIGHUP,
  SIGILL,
  SIGKILL,
  SIGQUIT,
  SIGSEGV,
  SIGSTOP,
  SIGSYS,
  SIGTRAP,
  SIGTSTP,
  SIGTTIN,
  SIGTTOU,
  SIGURG,
  SIGWINCH,
  SIGXCPU,
  SIGXFSZ,
  SIG_DFL,
  SIG_IGN,
  SI_KERNEL,
  SI_USER,
  sigbit,
} from './uapi/signal';
import { EINTR, EINVAL, EPERM, ESRCH } from './uapi/errno';
import { doGroupExit, wakeUpParent } from './exit';
import { memoryFor } from './run';
import { futexUnqueue } from './futex';

export type DefaultAction = 'term' | 'core' | 'stop' | 'cont' | 'ign';

/** linux: sig_kernel_{only,coredump,ignore,stop} — the default action of each signal. */
export function defaultAction(sig: number): DefaultAction {
  switch (sig) {
    case SIGCHLD:
    case SIGURG:
    case SIGWINCH:
      return 'ign';
    case SIGCONT:
      return 'cont';
    case SIGSTOP:
    case SIGTSTP:
    case SIGTTIN:
    case SIGTTOU:
      return 'stop';
    case SIGQUIT:
    case SIGILL:
    case SIGTRAP:
    case SIGABRT:
    case SIGBUS:
    case SIGFPE:
    case SIGSEGV:
    case SIGXCPU:
    case SIGXFSZ:
    case SIGSYS:
      return 'core';
    default:
      return 'term';
  }
}

/** SIGKILL and SIGSTOP cannot be caught, blocked or ignored. linux: sig_kernel_only */
export function sigKernelOnly(sig: number): boolean {
  return sig === SIGKILL || sig === SIGSTOP;
}

const ALL_SIGNALS = (1n << 64n) - 1n;
const UNBLOCKABLE = sigbit(SIGKILL) | sigbit(SIGSTOP);

export function newSigaction(): KSigaction {
  return { handler: SIG_DFL, flags: 0, mask: 0n, restorer: 0 };
}

/** linux: fatal_signal_pending — SIGKILL is pending, or the group is exiting. */
export function fatalSignalPending(t: TaskStruct): boolean {
  return (t.signal.flags & SIGNAL_GROUP_EXIT) !== 0 || (t.pending.signal & sigbit(SIGKILL)) !== 0n;
}

/** linux: recalc_sigpending */
export function recalcSigpending(t: TaskStruct): void {
  if (t.jobctlStop || t.signal.flags & (SIGNAL_GROUP_EXIT | SIGNAL_CLD_STOPPED | SIGNAL_CLD_CONTINUED)) {
    t.sigpending = true;
    return;
  }
  const own = t.pending.signal;
  const shared = t.signal.sharedPending.signal;
  // The common case, nothing pending, without bigint arithmetic (this runs after every syscall).
  if (own === 0n && shared === 0n) {
    t.sigpending = false;
    return;
  }
  t.sigpending = ((own | shared) & ~t.blocked) !== 0n;
}

/** linux: sig_kernel_ignore — signals whose default action does nothing (SIGCONT's work is done when it is sent). */
function sigKernelIgnore(sig: number): boolean {
  const act = defaultAction(sig);
  return act === 'ign' || act === 'cont';
}

/** linux: sig_task_ignored / sig_ignored — would delivering `sig` to `t` do nothing? */
function sigIgnored(t: TaskStruct, sig: number, force: boolean): boolean {
  const handler = t.sighand.action[sig].handler;
  // init and kernel threads ignore signals they have no handler for (SIGNAL_UNKILLABLE, ignore_signals).
  if ((t.signal.flags & SIGNAL_UNKILLABLE) && handler === SIG_DFL && !(force && sigKernelOnly(sig))) return true;
  if (t.flags & PF_KTHREAD) return handler === SIG_IGN || handler === SIG_DFL;
  // Blocked signals are queued even if ignored: the handler may change before they are unblocked.
  if (t.blocked & sigbit(sig)) return false;
  // A tracer wants to see even ignored signals (strace prints them), all but SIGKILL.
  if (t.traced && sig !== SIGKILL) return false;
  return handler === SIG_IGN || (handler === SIG_DFL && sigKernelIgnore(sig));
}

/**
 * linux: signal_wake_up_state — make `t` notice a signal; wake it if it
 * sleeps interruptibly (or it is fatal). A task still on its CPU between
 * set_current_state() and schedule() is woken too (it stays queued), or
 * schedule() would put it to sleep with the signal pending; one running
 * is kicked (kick_process).
 */
export function signalWakeUp(k: Kernel, t: TaskStruct, fatal: boolean): void {
  t.sigpending = true;
  tryToWakeUp(k, t, TASK_INTERRUPTIBLE | (fatal ? TASK_WAKEKILL : 0), 0);
  kickProcess(k, t);
}

/**
 * linux: prepare_signal — side effects of generating a signal: SIGCONT
 * resumes a stopped group and cancels pending stops; a stop signal cancels
 * pending SIGCONTs. Returns false if the signal is to be dropped.
 */
function prepareSignal(k: Kernel, sig: number, p: TaskStruct, force: boolean, from: number): boolean {
  const signal = p.signal;
  if (signal.flags & SIGNAL_GROUP_EXIT) return sig === SIGKILL;
  if (defaultAction(sig) === 'stop') {
    const cont = sigbit(SIGCONT);
    flushSigqueueMask(signal.sharedPending, cont);
    for (const t of signal.threads) flushSigqueueMask(t.pending, cont);
  } else if (sig === SIGCONT) {
    const stops = sigbit(SIGSTOP) | sigbit(SIGTSTP) | sigbit(SIGTTIN) | sigbit(SIGTTOU);
    flushSigqueueMask(signal.sharedPending, stops);
    let wasStopped = false;
    for (const t of signal.threads) {
      flushSigqueueMask(t.pending, stops);
      t.jobctlStop = false;
      if (t.state & __TASK_STOPPED) {
        wasStopped = true;
        tryToWakeUp(k, t, __TASK_STOPPED, from);
      }
      recalcSigpending(t);
    }
    if (signal.flags & SIGNAL_STOP_STOPPED || signal.groupStopCount > 0 || wasStopped) {
      // A stop still in progress is reported as a stop (the parent learns it happened).
      const why = signal.flags & SIGNAL_STOP_STOPPED || wasStopped ? SIGNAL_CLD_CONTINUED : SIGNAL_CLD_STOPPED;
      signal.flags = (signal.flags & ~(SIGNAL_STOP_STOPPED | SIGNAL_CLD_STOPPED | SIGNAL_CLD_CONTINUED)) | SIGNAL_STOP_CONTINUED | why;
      signal.groupStopCount = 0;
      signal.groupExitCode = 0;
      signal.notifyStopped = false;
      signal.notifyContinued = true; // wait4(WCONTINUED) sees it at once
      k.events.emit({ type: 'continue', pid: p.tgid });
      // The SIGCHLD and the parent's wake-up come from the continued task
      // itself once it runs (get_signal, below), not from the sender.
      for (const t of signal.threads) recalcSigpending(t);
    }
  }
  return !sigIgnored(p, sig, force);
}

/** linux: flush_sigqueue_mask — forgets the pending signals of `mask`, every queued instance. */
function flushSigqueueMask(pending: SigPending, mask: bigint): void {
  if (!(pending.signal & mask)) return;
  pending.signal &= ~mask;
  for (const sig of pending.info.keys()) if (mask & sigbit(sig)) pending.info.delete(sig);
}

/**
 * The most siginfos one real-time signal queues: RLIMIT_SIGPENDING of the
 * reference machine (it counts a user's queued signals; here, one signal's).
 * kill() of a signal already queued this often is dropped.
 */
const SIGQUEUE_MAX = 96365;

/**
 * linux: __send_signal_locked. Queues `sig` for a thread (group=false) or
 * its whole process (group=true), then wakes a thread to handle it. A
 * standard signal already pending is not queued twice; a real-time one
 * (SIGRTMIN and up) queues each instance.
 */
export function sendSignal(k: Kernel, sig: number, info: SigInfo, t: TaskStruct, group: boolean, force = false): void {
  // A dead thread takes nothing; a process whose leader is a zombie (it
  // called pthread_exit) still takes signals for its live threads.
  if (t.exitState && (!group || t.signal.threads.every((x) => x.exitState))) return;
  if (!prepareSignal(k, sig, t, force, info.pid)) {
    k.events.emit({ type: 'signal', pid: t.pid, signo: sig, from: info.pid, action: 'ignored', code: info.code, addr: info.addr });
    return;
  }
  const pending: SigPending = group ? t.signal.sharedPending : t.pending;
  const bit = sigbit(sig);
  if (sig < SIGRTMIN && pending.signal & bit) return; // legacy_queue: already pending
  const queue = pending.info.get(sig);
  if (queue && queue.length >= SIGQUEUE_MAX) return;
  pending.signal |= bit;
  if (queue) queue.push(info);
  else pending.info.set(sig, [info]);
  k.events.emit({ type: 'signal', pid: t.pid, signo: sig, from: info.pid, action: 'queued', code: info.code, addr: info.addr });
  completeSignal(k, sig, t, group);
}

/** linux: wants_signal */
function wantsSignal(sig: number, t: TaskStruct): boolean {
  if (t.blocked & sigbit(sig)) return false;
  if (t.flags & PF_EXITING) return false;
  if (sig === SIGKILL) return true;
  if (t.state & __TASK_STOPPED) return false;
  return t.onCpu || !t.sigpending;
}

/**
 * linux: complete_signal — pick the thread to handle it; a fatal signal
 * (default action kills, not blocked) takes the whole group down now.
 */
function completeSignal(k: Kernel, sig: number, p: TaskStruct, group: boolean): void {
  let t: TaskStruct | null = null;
  if (wantsSignal(sig, p)) t = p;
  else if (!group || p.signal.threads.length === 1) return;
  else {
    for (const th of p.signal.threads) if (wantsSignal(sig, th)) { t = th; break; }
    if (!t) return;
  }
  const signal = p.signal;
  const handler = p.sighand.action[sig].handler;
  const fatal =
    !(signal.flags & SIGNAL_GROUP_EXIT) &&
    !(t.blocked & sigbit(sig)) &&
    (sig === SIGKILL || (handler === SIG_DFL && (defaultAction(sig) === 'term' || defaultAction(sig) === 'core'))) &&
    !(signal.flags & SIGNAL_UNKILLABLE && sig !== SIGKILL) &&
    // A traced task takes a fatal signal the slow way, so that the tracer sees it first.
    (sig === SIGKILL || !p.traced);
  if (fatal && !(p.flags & PF_KTHREAD)) {
    // Start the group exit: every thread gets SIGKILL and is woken.
    signal.flags = SIGNAL_GROUP_EXIT;
    signal.groupExitCode = sig;
    signal.groupStopCount = 0;
    for (const th of signal.threads) {
      th.jobctlStop = false;
      th.pending.signal |= sigbit(SIGKILL);
      signalWakeUp(k, th, true);
    }
    return;
  }
  signalWakeUp(k, t, sig === SIGKILL);
}

/** A signal from user space (kill/tgkill) or the kernel, with its siginfo. */
export function makeInfo(sig: number, code: number, from: number, uid = 0): SigInfo {
  return { signo: sig, code, pid: from, uid, addr: 0, status: 0 };
}

/**
 * linux: check_kill_permission/kill_ok_by_cred — root may signal anyone;
 * others only tasks of their own uid, and SIGCONT to their own session.
 * Signal 0 is checked too (kill(pid, 0) tells whether one may).
 */
function killPermitted(from: TaskStruct | null, uid: number, sig: number, t: TaskStruct): boolean {
  if (uid === 0 || t.uid === uid) return true;
  return sig === SIGCONT && from !== null && t.signal.session === from.signal.session;
}

/**
 * linux: kill_something_info — kill(2): pid > 0 the process with that
 * tgid (or thread id), 0 the caller's process group, -1 every process but
 * init and the caller, < -1 the process group -pid. Returns 0 or -errno.
 */
export function killSomething(k: Kernel, from: TaskStruct | null, pid: number, sig: number, uid = from ? from.uid : 0): number {
  if (sig < 0 || sig > NSIG) return -EINVAL;
  const fromPid = from ? from.tgid : 0;
  if (pid > 0) {
    const t = k.findTask(pid);
    if (!t) return -ESRCH;
    if (!killPermitted(from, uid, sig, t)) return -EPERM;
    // A zombie exists: kill succeeds and does nothing.
    if (t.exitState && t.signal.threads.every((x) => x.exitState)) return 0;
    // kill_pid_info: the whole process, but complete_signal tries the task
    // the PID names first (a thread's TID makes that thread the first choice).
    if (sig) sendSignal(k, sig, makeInfo(sig, SI_USER, fromPid, uid), t, true);
    return 0;
  }
  const targets: TaskStruct[] = [];
  for (const t of k.tasks.values()) {
    if (!t.isLeader || t.flags & PF_KTHREAD) continue;
    if (pid === -1) {
      if (t.pid === 1 || (from && t.tgid === from.tgid)) continue;
    } else {
      const pgrp = pid === 0 ? (from ? from.signal.pgrp : 0) : -pid;
      if (t.signal.pgrp !== pgrp) continue;
    }
    targets.push(t);
  }
  if (!targets.length) return -ESRCH;
  // A group kill succeeds if one member may be signalled; kill(-1) skips
  // the others silently (kill_something_info ignores their EPERM).
  const allowed = targets.filter((t) => killPermitted(from, uid, sig, t));
  if (!allowed.length && pid !== -1) return -EPERM;
  if (sig) for (const t of allowed) sendSignal(k, sig, makeInfo(sig, SI_USER, fromPid, uid), t, true);
  return 0;
}

/** linux: do_tkill — tgkill(2): a signal to one thread. */
export function tgkill(k: Kernel, from: TaskStruct, tgid: number, tid: number, sig: number): number {
  if (tid <= 0 || (tgid !== -1 && tgid <= 0) || sig < 0 || sig > NSIG) return -EINVAL;
  const t = k.findTask(tid);
  if (!t || (tgid > 0 && t.tgid !== tgid)) return -ESRCH;
  if (!killPermitted(from, from.uid, sig, t)) return -EPERM;
  if (sig) sendSignal(k, sig, makeInfo(sig, -6 /* SI_TKILL */, from.tgid, from.uid), t, false);
  return 0;
}

/**
 * linux: force_sig_fault — a synchronous signal from a fault (SIGSEGV with
 * si_code and si_addr, SIGFPE). If the signal is blocked or ignored it is
 * unblocked and reset to the default action: a faulting task cannot
 * ignore its own fault.
 */
export function forceSigFault(k: Kernel, t: TaskStruct, f: UserFault): void {
  const sig = f.signo;
  const ka = t.sighand.action[sig];
  // linux: force_sig_info_to_task — a fault's signal that is ignored or blocked (even with a
  // handler: say a fault inside the SIGSEGV handler) gets the default action, unblocked.
  if (ka.handler === SIG_IGN || t.blocked & sigbit(sig)) {
    t.blocked &= ~sigbit(sig);
    ka.handler = SIG_DFL;
  }
  if (t.signal.flags & SIGNAL_UNKILLABLE && ka.handler === SIG_DFL) t.signal.flags &= ~SIGNAL_UNKILLABLE;
  const info: SigInfo = { signo: sig, code: f.code, pid: 0, uid: 0, addr: f.addr, status: 0 };
  sendSignal(k, sig, info, t, false, true);
}

/** linux: SYNCHRONOUS_MASK, in signal-number order (next_signal takes the lowest). */
const SYNCHRONOUS = [SIGILL, SIGTRAP, SIGBUS, SIGFPE, SIGSEGV, SIGSYS];

/** Dequeues the lowest pending unblocked signal, thread-private first. linux: dequeue_signal */
function dequeueSignal(t: TaskStruct): SigInfo | null {
  for (const pending of [t.pending, t.signal.sharedPending]) {
    const deliverable = pending.signal & ~t.blocked;
    if (!deliverable) continue;
    // linux: next_signal — synchronous (fault) signals first, the lowest of them, then the lowest number.
    const sync = SYNCHRONOUS.find((s) => deliverable & sigbit(s));
    let sig = sync ?? 0;
    if (!sig) for (sig = 1; sig <= NSIG && !(deliverable & sigbit(sig)); sig++);
    // linux: collect_signal — the bit stays while more instances are queued.
    const queue = pending.info.get(sig);
    const info = queue?.shift() ?? makeInfo(sig, SI_KERNEL, 0);
    if (!queue?.length) {
      pending.signal &= ~sigbit(sig);
      pending.info.delete(sig);
    }
    return info;
  }
  return null;
}

/**
 * linux: will_become_orphaned_pgrp — no member of the process group
 * (`ignored` aside: the one exiting) has a parent in another group of the
 * same session (init's children do not count): nobody is left to continue
 * it, so terminal stops are dropped.
 */
export function isPgrpOrphaned(k: Kernel, pgrp: number, ignored: TaskStruct | null = null): boolean {
  for (const p of k.tasks.values()) {
    if (!p.isLeader || p === ignored || p.signal.pgrp !== pgrp || (p.exitState && p.signal.threads.length <= 1)) continue;
    const parent = p.realParent;
    if (!parent || parent === k.init) continue;
    if (parent.signal.pgrp !== pgrp && parent.signal.session === p.signal.session) return false;
  }
  return true;
}

/** linux: has_stopped_jobs — a process of the group is in a job-control stop. */
function hasStoppedJobs(k: Kernel, pgrp: number): boolean {
  for (const p of k.tasks.values()) if (p.isLeader && p.signal.pgrp === pgrp && p.signal.flags & SIGNAL_STOP_STOPPED) return true;
  return false;
}

/**
 * linux: kill_orphaned_pgrp — POSIX: a process group that becomes
 * orphaned while one of its processes is stopped gets SIGHUP, then
 * SIGCONT (from the kernel), so that it is not left stopped forever.
 * Called when `tsk` exits (`parent` null: its parent was the group's link
 * outside) and when `parent` exits and `tsk`, its child, is reparented.
 */
export function killOrphanedPgrp(k: Kernel, tsk: TaskStruct, parent: TaskStruct | null): void {
  const pgrp = tsk.signal.pgrp;
  const ignored = parent ? null : tsk;
  const outside = parent ?? tsk.realParent;
  if (!outside || outside.signal.pgrp === pgrp || outside.signal.session !== tsk.signal.session) return;
  if (!isPgrpOrphaned(k, pgrp, ignored) || !hasStoppedJobs(k, pgrp)) return;
  for (const sig of [SIGHUP, SIGCONT]) {
    for (const p of [...k.tasks.values()]) if (p.isLeader && p.signal.pgrp === pgrp) sendSignal(k, sig, makeInfo(sig, SI_KERNEL, 0), p, true);
  }
}

/**
 * linux: get_signal + handle_signal — called on the way back to user mode
 * when TIF_SIGPENDING is set: takes part in a group stop or exit, then
 * delivers pending signals: ignored ones vanish, a handler gets a signal
 * frame, default actions stop, continue or kill the process. A traced
 * task first shows each signal to strace (ptrace_signal), and a blocked
 * call ends there for strace: it restarts afterwards unless a handler
 * makes it fail with EINTR. Every deliverable signal with a handler gets
 * its frame before user code runs again (the handlers then run in the
 * reverse order: highest-numbered of a batch first).
 */
export function doSignal(k: Kernel, t: TaskStruct): void {
  const cld = t.signal.flags & (SIGNAL_CLD_STOPPED | SIGNAL_CLD_CONTINUED);
  if (cld) {
    // linux: get_signal — a SIGCONT ended our stop: tell the parent now.
    t.signal.flags &= ~(SIGNAL_CLD_STOPPED | SIGNAL_CLD_CONTINUED);
    doNotifyParentCldstop(k, t.groupLeader, cld & SIGNAL_CLD_CONTINUED ? CLD_CONTINUED : CLD_STOPPED);
  }
  for (;;) {
    if (t.signal.flags & SIGNAL_GROUP_EXIT) {
      flushSigqueueMask(t.pending, sigbit(SIGKILL));
      doGroupExit(k, t, t.signal.groupExitCode & 0x7f);
      return;
    }
    if (t.jobctlStop) {
      doSignalStop(k, t, t.signal.groupStopSig);
      return;
    }
    const info = dequeueSignal(t);
    if (!info) break;
    const sig = info.signo;
    if (t.traced && sig !== SIGKILL) k.strace.signalDelivered(t, info);
    const ka = t.sighand.action[sig];
    if (ka.handler === SIG_IGN) continue;
    if (ka.handler !== SIG_DFL) {
      // linux: exit_to_user_mode_loop calls arch_do_signal_or_restart again
      // while signals are pending: each handler's frame goes on top of the
      // last, so the handler of the last signal dequeued runs first.
      handleSignal(k, t, info, ka);
      continue;
    }
    const act = defaultAction(sig);
    if (act === 'ign' || act === 'cont') continue;
    if (t.signal.flags & SIGNAL_UNKILLABLE && sig !== SIGKILL) continue;
    if (t.flags & PF_KTHREAD) continue;
    if (act === 'stop') {
      // Terminal stops in an orphaned process group: nobody would continue it.
      if (sig !== SIGSTOP && isPgrpOrphaned(k, t.signal.pgrp)) continue;
      startGroupStop(k, t, sig);
      return;
    }
    // Fatal: the whole thread group exits with this signal.
    k.events.emit({ type: 'signal', pid: t.pid, signo: sig, from: info.pid, action: act, code: info.code, addr: info.addr });
    if (t.restart) t.restart = null;
    doGroupExit(k, t, sig);
    return;
  }
  // The pending signals are dealt with: a restarted call runs again before the next one is looked at.
  if (t.restart) t.restart.signalled = false;
  recalcSigpending(t);
}

/**
 * linux: handle_signal/setup_rt_frame — run the handler on the user stack.
 * A call the signal interrupted fails with EINTR when the handler returns
 * (its restart block waits in the frame), or, restarted with SA_RESTART,
 * is made again from the start.
 */
function handleSignal(k: Kernel, t: TaskStruct, info: SigInfo, ka: KSigaction): void {
  const sig = info.signo;
  const r = t.restart;
  if (r) {
    if (r.policy === 'nohand' || r.policy === 'block' || (r.policy === 'sys' && !(ka.flags & SA_RESTART))) r.interrupted = true;
    // A futex waiter leaves the queue either way (futex_wait returns -ERESTARTSYS).
    if (r.fn === 'futex') futexUnqueue(k, t);
  }
  try {
    cpu.pushSignalFrame(t.regs!, memoryFor(k, k.rqs[t.cpu], t), ka.handler, sig, ka.flags & SA_SIGINFO ? info : null);
  } catch (e) {
    if (!(e instanceof UserFault)) throw e;
    // linux: signal_setup_done -> force_sigsegv: no room for the frame.
    t.sighand.action[SIGSEGV].handler = SIG_DFL;
    forceSigFault(k, t, new UserFault(SIGSEGV, SI_KERNEL, 0, 'w'));
    return;
  }
  // The frame keeps the mask to restore (rt_sigsuspend's, if it replaced it) and the interrupted call.
  t.savedSigmask.push(t.restoreSigmask ?? t.blocked);
  t.restoreSigmask = null;
  t.savedRestart.push(r);
  t.savedRax.push(t.lastSyscallRet);
  t.lastSyscallRet = 0; // setup_rt_frame: regs->ax = 0 (a frame set up on top of this one saves 0)
  t.restart = null;
  let mask = ka.mask;
  if (!(ka.flags & SA_NODEFER)) mask |= sigbit(sig);
  t.blocked = (t.blocked | mask) & ~UNBLOCKABLE;
  if (ka.flags & SA_RESETHAND) ka.handler = SIG_DFL;
  k.events.emit({ type: 'signal', pid: t.pid, signo: sig, from: info.pid, action: 'handler', code: info.code, addr: info.addr });
  recalcSigpending(t);
}

/**
 * linux: sys_rt_sigreturn — the handler returned: restore the mask and the
 * interrupted context. A call that is to fail with EINTR gets its restart
 * block back (executed again, it returns -EINTR); a call to restart is
 * made again from scratch. strace shows rax: -EINTR, the number of the
 * call to restart (its ip was moved back onto the syscall instruction),
 * or what the last call returned.
 */
export function rtSigreturn(k: Kernel, t: TaskStruct): void {
  const mask = t.savedSigmask.pop() ?? 0n;
  const r = t.savedRestart.pop() ?? null;
  const saved = t.savedRax.pop() ?? t.lastSyscallRet;
  const rax = !r ? saved : r.interrupted ? -EINTR : (SYSCALL_NR[r.fn] ?? saved);
  k.strace.sigreturn(t, mask, rax);
  t.lastSyscallRet = rax;
  t.blocked = mask & ~UNBLOCKABLE;
  t.restart = r && r.interrupted ? r : null;
  cpu.popSignalFrame(t.regs!, memoryFor(k, k.rqs[t.cpu], t));
  recalcSigpending(t);
}

/** x86-64 numbers of the calls that can be restarted after a handler (what rt_sigreturn leaves in rax). */
const SYSCALL_NR: Record<string, number> = { read: 0, pause: 34, nanosleep: 35, clone: 56, vfork: 58, wait4: 61, rt_sigsuspend: 130, futex: 202, clock_nanosleep: 230, clone3: 435 };

/** Starts a group stop for `sig`: every thread must stop. linux: do_signal_stop */
function startGroupStop(k: Kernel, t: TaskStruct, sig: number): void {
  const signal = t.signal;
  if (!(signal.flags & SIGNAL_STOP_STOPPED) && signal.groupStopCount === 0) {
    signal.groupStopSig = sig;
    signal.groupExitCode = sig; // the stop wait4(WUNTRACED) has yet to report (/proc stat's exit_code)
    signal.groupStopCount = 0;
    for (const th of signal.threads) {
      if (th.exitState || th.flags & PF_EXITING) continue;
      signal.groupStopCount++;
      if (th !== t) {
        th.jobctlStop = true;
        signalWakeUp(k, th, false);
      }
    }
  }
  doSignalStop(k, t, sig);
}

/** This thread stops for the group; the last one to stop tells the parent. */
function doSignalStop(k: Kernel, t: TaskStruct, sig: number): void {
  const signal = t.signal;
  t.jobctlStop = false;
  k.strace.stopped(t, sig);
  t.state = TASK_STOPPED;
  t.wchan = 'do_signal_stop';
  if (signal.groupStopCount > 0) signal.groupStopCount--;
  if (signal.groupStopCount === 0 && !(signal.flags & SIGNAL_STOP_STOPPED)) {
    signal.flags = (signal.flags & ~SIGNAL_STOP_CONTINUED) | SIGNAL_STOP_STOPPED;
    signal.notifyStopped = true;
    signal.notifyContinued = false;
    k.events.emit({ type: 'stop', pid: t.tgid, signo: sig });
    doNotifyParentCldstop(k, t.groupLeader, CLD_STOPPED);
  }
  recalcSigpending(t);
  reschedCurr(k, k.rqs[t.cpu]);
}

/** linux: do_notify_parent_cldstop — SIGCHLD with CLD_STOPPED/CLD_CONTINUED, unless SA_NOCLDSTOP. */
export function doNotifyParentCldstop(k: Kernel, tsk: TaskStruct, why: number): void {
  const parent = tsk.realParent;
  if (!parent) return;
  const info: SigInfo = {
    signo: SIGCHLD,
    code: why,
    pid: tsk.tgid,
    uid: tsk.uid,
    addr: 0,
    status: why === CLD_CONTINUED ? SIGCONT : tsk.signal.groupStopSig,
    utime: nsecToClockT(tsk.utime), // the leader's own, as Linux reports it here
    stime: nsecToClockT(tsk.stime),
  };
  const ka = parent.sighand.action[SIGCHLD];
  if (ka.handler !== SIG_IGN && !(ka.flags & SA_NOCLDSTOP)) sendSignal(k, SIGCHLD, info, parent, true);
  wakeUpParent(k, tsk, parent);
}

/**
 * linux: do_notify_parent — a child is dead: send its exit signal to the
 * parent and wake the parent's wait4. Returns true if the child is to be
 * reaped at once because the parent ignores SIGCHLD (SIG_IGN or
 * SA_NOCLDWAIT): "autoreap".
 */
export function doNotifyParent(k: Kernel, tsk: TaskStruct, sig: number): boolean {
  const parent = tsk.parent!;
  const status = tsk.exitCode;
  let code = CLD_EXITED;
  let siStatus = (status >> 8) & 0xff;
  if (status & 0x7f) {
    code = status & 0x80 ? CLD_DUMPED : CLD_KILLED;
    siStatus = status & 0x7f;
  }
  // Every thread but the leader is gone: its time and the released threads' (signal->utime).
  const utime = nsecToClockT(tsk.utime + tsk.signal.utime);
  const stime = nsecToClockT(tsk.stime + tsk.signal.stime);
  const info: SigInfo = { signo: sig, code, pid: tsk.tgid, uid: tsk.uid, addr: 0, status: siStatus, utime, stime };
  let autoreap = false;
  const ka = parent.sighand.action[SIGCHLD];
  if (sig === SIGCHLD && (ka.handler === SIG_IGN || ka.flags & SA_NOCLDWAIT)) {
    autoreap = true;
    if (ka.handler === SIG_IGN) sig = 0;
  }
  if (sig > 0 && sig <= NSIG) sendSignal(k, sig, info, parent, true);
  wakeUpParent(k, tsk, parent);
  return autoreap;
}

/** Signal handlers for a new process: all default. */
export function newSighand(): { count: number; action: KSigaction[] } {
  const action: KSigaction[] = [];
  for (let i = 0; i <= NSIG; i++) action.push(newSigaction());
  return { count: 1, action };
}

/** linux: ignore_signals — kernel threads ignore every signal. */
export function ignoreSignals(t: TaskStruct): void {
  for (let i = 1; i <= NSIG; i++) t.sighand.action[i].handler = SIG_IGN;
  t.blocked = 0n;
}

/** linux: flush_signal_handlers — at execve, handlers reset to default; ignored stay ignored. */
export function flushSignalHandlers(t: TaskStruct): void {
  for (let i = 1; i <= NSIG; i++) {
    const a = t.sighand.action[i];
    if (a.handler !== SIG_IGN) a.handler = SIG_DFL;
    a.flags = 0;
    a.mask = 0n;
    a.restorer = 0;
  }
}

// ---- system calls ------------------------------------------------------------

/** linux: sys_rt_sigaction. `act`/`oact` are JS copies read from and written to user memory by the caller. */
export function sigaction(t: TaskStruct, sig: number, act: KSigaction | null): KSigaction | number {
  if (sig < 1 || sig > NSIG || (act && sigKernelOnly(sig))) return -EINVAL;
  const ka = t.sighand.action[sig];
  const old = { ...ka };
  if (act) {
    ka.handler = act.handler;
    ka.flags = (act.flags & UAPI_SA_FLAGS) >>> 0; // linux: do_sigaction clears unknown bits (glibc's sign extension of SA_RESETHAND among them)
    ka.mask = act.mask & ~UNBLOCKABLE;
    ka.restorer = act.restorer;
    // POSIX: setting SIG_IGN discards a pending instance of the signal, in every thread.
    if (act.handler === SIG_IGN || (act.handler === SIG_DFL && defaultAction(sig) === 'ign')) {
      flushSigqueueMask(t.signal.sharedPending, sigbit(sig));
      for (const th of t.signal.threads) flushSigqueueMask(th.pending, sigbit(sig));
    }
  }
  return old;
}

/** linux: sys_rt_sigprocmask. Returns the old mask or -errno. */
export function sigprocmask(t: TaskStruct, how: number, set: bigint | null): bigint | number {
  const old = t.blocked;
  if (set !== null) {
    if (how === 0) t.blocked |= set;
    else if (how === 1) t.blocked &= ~set;
    else if (how === 2) t.blocked = set;
    else return -EINVAL;
    t.blocked &= ~UNBLOCKABLE & ALL_SIGNALS;
    recalcSigpending(t);
  }
  return old;
}
