// Process termination: do_exit in the lecture's order, exit_notify with
// SIGCHLD and reparenting, zombies, and reaping with wait4 → release_task.
// linux: kernel/exit.c

import { RETRY, type Retry } from '../lang/abi';
import type { Kernel } from './kernel';
import { wakeUpProcess } from './sched/core';
import { threadGroupCputime } from './sched/cputime';
import {
  EXIT_DEAD,
  EXIT_ZOMBIE,
  PF_EXITING,
  PF_NOFREEZE,
  PF_POSTCOREDUMP,
  SIGNAL_GROUP_EXIT,
  SIGNAL_STOP_STOPPED,
  TASK_DEAD,
  TASK_INTERRUPTIBLE,
  type TaskStruct,
} from './task';
import { doNotifyParent, killOrphanedPgrp, sendSignal, makeInfo, signalWakeUp } from './signal';
import { CLD_CONTINUED, CLD_DUMPED, CLD_EXITED, CLD_KILLED, CLD_STOPPED, SIGCHLD, SIGCONT, SIGKILL, SI_KERNEL, sigbit } from './uapi/signal';
import { ECHILD, EINTR, EINVAL } from './uapi/errno';
import { P_PGID, P_PID, WCONTINUED, WNOHANG, WNOWAIT, WUNTRACED, __WALL, __WCLONE, __WNOTHREAD, WEXITED } from './uapi/sched';
import { futexUnqueue, futexWake } from './futex';
import { unchargeTask } from './cred';
import { panic } from './panic';

/**
 * linux: do_exit. The task releases what it holds in the order the
 * lecture gives: PF_EXITING, the exit code, exit_mm (the address space is
 * destroyed if no one else uses it), files and fs, then exit_notify
 * (SIGCHLD to the parent, children to a new reaper, EXIT_ZOMBIE), then
 * do_task_dead: TASK_DEAD, and schedule() never returns to it.
 * `code` is the wait status: (status & 0xff) << 8 for exit, or the signal.
 */
export function doExit(k: Kernel, t: TaskStruct, code: number): void {
  if (t.flags & PF_EXITING) throw new Error(`do_exit: recursive exit of ${t.pid}`);
  t.flags |= PF_EXITING; // exit_signals
  k.strace.exitEvent(t); // PTRACE_EVENT_EXIT: a call still in progress ends with "= ?"
  const groupDead = --t.signal.live === 0;
  // The last thread of init: nothing could reap the orphans (linux: is_global_init).
  if (groupDead && t.tgid === 1) panic(`Attempted to kill init! exitcode=0x${((t.signal.groupExitCode || code) >>> 0).toString(16).padStart(8, '0')}`);
  t.exitCode = code;
  if (t.kthread) {
    // kthread_stop callers get the thread's result.
    t.kthread.exited = true;
    t.kthread.result = code;
    for (const s of t.kthread.stoppers) {
      if (s.restart?.fn === 'kthread_stop') {
        s.restart.woken = true;
        s.restart.value = code;
      }
      wakeUpProcess(k, s, t.pid);
    }
    k.events.emit({ type: 'kthread', pid: t.pid, what: 'stopped', result: code });
  }
  t.flags |= PF_POSTCOREDUMP; // coredump_task_exit
  exitMm(k, t);
  // exit_sem, exit_shm: nothing held. exit_files, exit_fs: drop our references.
  if (--t.files.count === 0) k.pipes.putFiles(k, t.files);
  t.fs.users--;
  // A call it was blocked in is over: off any futex queue it waited on
  // (futex_wait's unqueue_me on the way out), or a FUTEX_WAKE meant for a
  // live waiter would be spent on it.
  futexUnqueue(k, t);
  if (t.vforkWaiting) {
    // Killed waiting for a vfork child: the child no longer completes to us
    // (wait_for_vfork_done clears its vfork_done when the wait is killed).
    for (const c of k.tasks.values()) if (c.vforkDone === t) c.vforkDone = null;
    t.vforkWaiting = false;
  }
  t.restart = null;
  exitNotify(k, t, groupDead);
  // do_task_dead: PF_NOFREEZE so the freezer never waits for the corpse
  t.flags |= PF_NOFREEZE;
  t.state = TASK_DEAD;
  t.needResched = true;
}

/**
 * linux: mm_release — the parts of exit and exec that concern user space
 * waiting on us: CLONE_CHILD_CLEARTID (zero the tid word and wake its
 * futex: pthread_join) and vfork completion (wake the parent).
 */
export function mmRelease(k: Kernel, t: TaskStruct): void {
  if (t.clearChildTid && t.mm) {
    // Only worth doing if someone else uses the address space (a pthread_join).
    if (t.mm.mmUsers > 1) {
      k.mm.putUser(t.mm, t.clearChildTid, 4, 0, t);
      futexWake(k, t.mm, t.clearChildTid, 1);
    }
    t.clearChildTid = 0;
  }
  if (t.vforkDone) {
    const parent = t.vforkDone;
    t.vforkDone = null;
    parent.vforkWaiting = false;
    wakeUpProcess(k, parent, t.pid);
  }
}

/** linux: exit_mm — let go of the address space; it is freed when its last user goes (mmput). */
function exitMm(k: Kernel, t: TaskStruct): void {
  const mm = t.mm;
  mmRelease(k, t);
  if (!mm) return;
  k.mm.mmgrab(mm); // we keep running on it lazily (active_mm) until we switch away
  t.mm = null;
  k.mm.mmput(mm);
}

/** linux: find_alive_thread */
function findAliveThread(p: TaskStruct): TaskStruct | null {
  for (const t of p.signal.threads) if (!(t.flags & PF_EXITING)) return t;
  return null;
}

/**
 * linux: find_new_reaper — who adopts the children of a dying task:
 * another live thread of its group; else the nearest ancestor that set
 * PR_SET_CHILD_SUBREAPER; else init.
 */
export function findNewReaper(k: Kernel, father: TaskStruct): TaskStruct {
  const thread = findAliveThread(father);
  if (thread) return thread;
  if (father.signal.hasChildSubreaper) {
    for (let reaper = father.realParent; reaper && reaper !== k.init && !reaper.isIdle; reaper = reaper.realParent) {
      if (!reaper.signal.isChildSubreaper) continue;
      const th = findAliveThread(reaper);
      if (th) return th;
    }
  }
  return k.init;
}

/**
 * PR_SET_CHILD_SUBREAPER on process `p`: it adopts the orphans of its
 * descendants instead of init. Setting it marks every existing descendant
 * (has_child_subreaper), which find_new_reaper looks at.
 * linux: kernel/sys.c prctl(PR_SET_CHILD_SUBREAPER)
 */
export function setChildSubreaper(k: Kernel, p: TaskStruct, on: boolean): void {
  p.signal.isChildSubreaper = on;
  if (on) {
    const stack = [...p.children];
    while (stack.length) {
      const c = stack.pop()!;
      c.signal.hasChildSubreaper = true;
      stack.push(...c.children);
    }
  }
  k.events.emit({ type: 'subreaper', pid: p.tgid, on });
}

/** No thread but the leader is left in the group. linux: thread_group_empty */
function threadGroupEmpty(p: TaskStruct): boolean {
  return p.signal.threads.length === 1 && p.signal.threads[0] === p;
}

/** A leader waiting for its threads before it can be reaped. linux: delay_group_leader */
export function delayGroupLeader(p: TaskStruct): boolean {
  return p.isLeader && !threadGroupEmpty(p);
}

/** linux: forget_original_parent/reparent_leader — hand our children to the reaper. */
export function forgetOriginalParent(k: Kernel, father: TaskStruct, dead: TaskStruct[]): void {
  if (father.children.size === 0) return;
  const reaper = findNewReaper(k, father);
  for (const p of [...father.children]) {
    father.children.delete(p);
    for (const t of p.signal.threads) {
      t.realParent = reaper;
      if (t.parent === father) t.parent = reaper;
      if (t.pdeathSignal) sendSignal(k, t.pdeathSignal, makeInfo(t.pdeathSignal, SI_KERNEL, 0), t, false);
    }
    reaper.children.add(p);
    k.events.emit({ type: 'reparent', pid: p.pid, from: father.pid, to: reaper.pid });
    // A threaded reparent (another thread of the group adopts) tells nobody anything.
    if (reaper.tgid === father.tgid) continue;
    // A zombie the old parent never reaped: tell the new one (init reaps it).
    if (p.exitState === EXIT_ZOMBIE && threadGroupEmpty(p)) {
      if (p.exitSignal !== SIGCHLD) p.exitSignal = SIGCHLD;
      if (doNotifyParent(k, p, p.exitSignal)) {
        p.exitState = EXIT_DEAD;
        dead.push(p);
      }
    }
    killOrphanedPgrp(k, p, father);
  }
}

/**
 * linux: exit_notify — reparent our children, tell our parent (a group
 * leader only once its whole group is gone), and become a zombie — or be
 * released at once when nobody will wait for us (a thread, or a parent
 * that ignores SIGCHLD).
 */
function exitNotify(k: Kernel, t: TaskStruct, groupDead: boolean): void {
  const dead: TaskStruct[] = [];
  forgetOriginalParent(k, t, dead);
  if (groupDead) killOrphanedPgrp(k, t.groupLeader, null);
  t.exitState = EXIT_ZOMBIE;
  let autoreap: boolean;
  if (t.isLeader) autoreap = threadGroupEmpty(t) && doNotifyParent(k, t, t.exitSignal);
  else autoreap = true;
  k.events.emit({ type: 'exit', pid: t.pid, tgid: t.tgid, status: t.exitCode, zombie: !autoreap });
  k.strace.exited(t);
  if (autoreap) {
    t.exitState = EXIT_DEAD;
    dead.push(t);
  }
  for (const p of dead) releaseTask(k, p, true);
}

/**
 * linux: release_task — the last of a dead task: out of its thread group,
 * the task list and the PID hash; its PID is free again. A thread's
 * release may complete a zombie leader's group: the leader's parent is
 * told now.
 */
export function releaseTask(k: Kernel, p: TaskStruct, auto: boolean, by = 0): void {
  const signal = p.signal;
  // __exit_signal: the group keeps what its threads used as they go.
  signal.utime += p.utime;
  signal.stime += p.stime;
  signal.minFlt += p.minFlt;
  const i = signal.threads.indexOf(p);
  if (i >= 0) signal.threads.splice(i, 1);
  signal.nrThreads--;
  if (p.realParent) p.realParent.children.delete(p);
  if (p.children.size) throw new Error(`release_task: ${p.pid} still has children`);
  k.tasks.delete(p.pid);
  k.pids.free(p.pid);
  unchargeTask(k, p);
  k.nrThreads--;
  p.exitState = EXIT_DEAD;
  k.events.emit({ type: 'reap', pid: p.pid, by: by || (p.realParent?.pid ?? 0), auto });
  const leader = p.groupLeader;
  if (leader !== p && threadGroupEmpty(leader) && leader.exitState === EXIT_ZOMBIE) {
    k.strace.groupEmptied(leader);
    if (doNotifyParent(k, leader, leader.exitSignal)) releaseTask(k, leader, true);
  }
}

/** linux: do_group_exit — exit_group(2) and fatal signals: every thread of the process exits. */
export function doGroupExit(k: Kernel, t: TaskStruct, code: number): void {
  const signal = t.signal;
  if (signal.flags & SIGNAL_GROUP_EXIT) code = signal.groupExitCode;
  else {
    signal.groupExitCode = code;
    signal.flags = SIGNAL_GROUP_EXIT;
    // zap_other_threads
    for (const th of signal.threads) {
      if (th === t || th.exitState) continue;
      th.pending.signal |= sigbit(SIGKILL);
      signalWakeUp(k, th, true);
    }
  }
  doExit(k, t, code);
}

/**
 * Wakes the threads of `parent`'s process sleeping in wait4 or waitid for
 * `child`. linux: __wake_up_parent — wait_chldexit's callback
 * (child_wait_callback → pid_child_should_wake) wakes a waiter only if it
 * asked for this child: by its pid, its process group, or any; with
 * __WNOTHREAD, only its own child.
 */
export function wakeUpParent(k: Kernel, child: TaskStruct, parent: TaskStruct): void {
  for (const th of parent.signal.threads) {
    const r = th.restart;
    if ((r?.fn !== 'wait4' && r?.fn !== 'waitid') || !r.args || th.state !== TASK_INTERRUPTIBLE) continue;
    const [type, id, options] = r.fn === 'wait4' ? [...wait4Who(th, r.args[0] | 0), r.args[2]] : [...waitidWho(th, r.args[0], r.args[1] | 0), r.args[3]];
    if (!whoMatches(child, type, id)) continue;
    if (options & __WNOTHREAD && child.parent !== th) continue;
    wakeUpProcess(k, th, 0);
  }
}

/** What do_wait found: the child's pid, and how wait4 and waitid report it. */
export interface WaitResult {
  pid: number; // 0: WNOHANG and nothing to report
  status: number | null; // wait4's status word (null: none to store)
  cause: number; // waitid's si_code: CLD_EXITED, CLD_KILLED, CLD_DUMPED, CLD_STOPPED, CLD_CONTINUED
  info: number; // waitid's si_status: the exit code or the signal
  uid: number; // the child's uid (si_uid)
}

/** Which children a wait asks for (linux: wait_opts.wo_type): PIDTYPE_MAX (all), PIDTYPE_PID, PIDTYPE_PGID. */
export const WAIT_ALL = 0;
export const WAIT_PID = 1;
export const WAIT_PGID = 2;

/** linux: kernel_wait4's pid: < -1 a process group, -1 any child, 0 the caller's group, > 0 one child. */
export function wait4Who(t: TaskStruct, pid: number): [number, number] {
  if (pid < -1) return [WAIT_PGID, -pid];
  if (pid === -1) return [WAIT_ALL, 0];
  if (pid === 0) return [WAIT_PGID, t.signal.pgrp];
  return [WAIT_PID, pid];
}

/** linux: kernel_waitid's idtype and id (checked already): P_ALL, P_PID, P_PGID (0: the caller's group). */
export function waitidWho(t: TaskStruct, which: number, id: number): [number, number] {
  if (which === P_PID) return [WAIT_PID, id];
  if (which === P_PGID) return [WAIT_PGID, id || t.signal.pgrp];
  return [WAIT_ALL, 0];
}

/** linux: eligible_pid — is child `p` one the wait asks for? */
function whoMatches(p: TaskStruct, type: number, id: number): boolean {
  if (type === WAIT_ALL) return true;
  if (type === WAIT_PID) return p.pid === id;
  return p.signal.pgrp === id;
}

/**
 * linux: do_wait/wait_consider_task — what wait4(2) and waitid(2) share.
 * Looks at the children of every thread of the caller's process: reports
 * a zombie (WEXITED: wait_task_zombie, which reaps it → release_task unless
 * WNOWAIT), a stopped child (WSTOPPED) or a continued one (WCONTINUED).
 * Blocks in TASK_INTERRUPTIBLE while there are children but none to report
 * (RETRY); ECHILD if there are none (a zombie counts only with WEXITED).
 */
export function doWait(k: Kernel, t: TaskStruct, fn: 'wait4' | 'waitid', type: number, id: number, options: number): WaitResult | number | Retry {
  if (options & ~(WNOHANG | WUNTRACED | WCONTINUED | WEXITED | WNOWAIT | __WNOTHREAD | __WCLONE | __WALL)) return -EINVAL;
  if (t.restart?.fn === fn && t.restart.interrupted) {
    t.restart = null;
    return -EINTR;
  }
  let eligible = false;
  const threads = options & __WNOTHREAD ? [t] : t.signal.threads;
  for (const th of threads) {
    for (const p of th.children) {
      if (!whoMatches(p, type, id)) continue;
      // A "clone" child (exit signal other than SIGCHLD) is waited for only with __WCLONE or __WALL.
      if ((p.exitSignal !== SIGCHLD) !== !!(options & __WCLONE) && !(options & __WALL)) continue;
      if (p.exitState === EXIT_ZOMBIE && !delayGroupLeader(p)) {
        if (!(options & WEXITED)) continue; // wait_task_zombie: not asked for, nor counted
        const status = p.signal.flags & SIGNAL_GROUP_EXIT ? p.signal.groupExitCode : p.exitCode;
        if (!(options & WNOWAIT)) {
          // wait_task_zombie: the child's whole group's times (and its own reaped children's) go to the parent's cutime/cstime.
          const g = threadGroupCputime(p);
          t.signal.cutime += g.utime + p.signal.cutime;
          t.signal.cstime += g.stime + p.signal.cstime;
          t.signal.cminFlt += p.minFlt + p.signal.minFlt + p.signal.cminFlt;
          releaseTask(k, p, false, t.pid);
        }
        t.restart = null;
        const exited = (status & 0x7f) === 0;
        return { pid: p.pid, status, cause: exited ? CLD_EXITED : status & 0x80 ? CLD_DUMPED : CLD_KILLED, info: exited ? (status >> 8) & 0xff : status & 0x7f, uid: p.uid };
      }
      eligible = true;
      if (p.exitState === EXIT_DEAD) continue;
      const sig = p.signal;
      if (options & WUNTRACED && sig.flags & SIGNAL_STOP_STOPPED && sig.notifyStopped && !p.exitState) {
        const stopSig = sig.groupStopSig;
        if (!(options & WNOWAIT)) {
          sig.notifyStopped = false;
          sig.groupExitCode = 0; // wait_task_stopped: reported
        }
        t.restart = null;
        return { pid: p.pid, status: (stopSig << 8) | 0x7f, cause: CLD_STOPPED, info: stopSig, uid: p.uid };
      }
      if (options & WCONTINUED && sig.notifyContinued && !p.exitState) {
        if (!(options & WNOWAIT)) sig.notifyContinued = false;
        t.restart = null;
        return { pid: p.pid, status: 0xffff, cause: CLD_CONTINUED, info: SIGCONT, uid: p.uid };
      }
    }
  }
  if (!eligible) {
    t.restart = null;
    return -ECHILD;
  }
  if (options & WNOHANG) {
    t.restart = null;
    return { pid: 0, status: null, cause: 0, info: 0, uid: 0 };
  }
  t.restart = { fn, policy: 'sys', expires: -1, interrupted: false, woken: false, value: 0 }; // doSyscall keeps the call's arguments (wakeUpParent reads them)
  if (!t.sigpending) {
    t.state = TASK_INTERRUPTIBLE;
    t.wchan = 'do_wait';
    k.events.emit({ type: 'sleep', pid: t.pid, state: 'S', wchan: 'do_wait' });
  }
  return RETRY;
}

