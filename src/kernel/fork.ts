// Process creation: kernel_clone → copy_process → wake_up_new_task.
// linux: kernel/fork.c
//
// fork(), vfork() and pthread_create() are all clone(): the flags say what
// the child shares with its parent (CLONE_VM the address space,
// CLONE_SIGHAND the handlers, CLONE_THREAD the thread group, ...).

import { cpu } from '../lang/cpu';
import { RETRY, type Retry } from '../lang/abi';
import type { Kernel } from './kernel';
import { wakeUpNewTask } from './sched/core';
import { niceToWeight } from './sched/weight';
import { chargeTask, userTasks } from './cred';
import {
  PF_EXITING,
  PF_FORKNOEXEC,
  PF_KTHREAD,
  PF_SUPERPRIV,
  SIGNAL_GROUP_EXIT,
  TASK_KILLABLE,
  TASK_NEW,
  TaskStruct,
  newSigPending,
  type SignalStruct,
} from './task';
import {
  CLONE_CHILD_CLEARTID,
  CLONE_CHILD_SETTID,
  CLONE_FILES,
  CLONE_FS,
  CLONE_PARENT,
  CLONE_PARENT_SETTID,
  CLONE_SIGHAND,
  CLONE_THREAD,
  CLONE_VFORK,
  CLONE_VM,
  CSIGNAL,
} from './uapi/sched';
import { EAGAIN, EINTR, EINVAL, ENOMEM } from './uapi/errno';

/** linux: struct kernel_clone_args */
export interface CloneArgs {
  flags: number; // CLONE_* flags (without the exit signal)
  exitSignal: number; // signal to the parent when the child exits (SIGCHLD for fork, 0 for threads)
  stack: number; // lowest address of the child's stack, or 0 to share the parent's sp
  stackSize: number; // its size (clone3); the child starts at stack + stackSize
  parentTid: number; // CLONE_PARENT_SETTID: where to store the child's tid in the parent
  childTid: number; // CLONE_CHILD_SETTID / CLONE_CHILD_CLEARTID address in the child
  tls: number; // CLONE_SETTLS: the thread pointer (kept, not used)
  /** Made by the kernel on the parent's behalf (the console, a level, a
   * user-mode helper): no user context is copied, an execve follows at once. */
  kernel?: boolean;
}

export function cloneArgs(flags: number, exitSignal: number): CloneArgs {
  return { flags, exitSignal, stack: 0, stackSize: 0, parentTid: 0, childTid: 0, tls: 0 };
}

/** A signal_struct for a new process: pgrp, session, tty and limits from the parent's. */
export function newSignalStruct(parent: TaskStruct | null): SignalStruct {
  const ps = parent?.signal;
  return {
    nrThreads: 1,
    live: 1,
    threads: [],
    sharedPending: newSigPending(),
    flags: 0,
    groupExitCode: 0,
    groupStopCount: 0,
    groupStopSig: 0,
    notifyStopped: false,
    notifyContinued: false,
    groupExecTask: null,
    isChildSubreaper: false,
    hasChildSubreaper: ps ? ps.hasChildSubreaper || ps.isChildSubreaper : false,
    pgrp: ps ? ps.pgrp : 0,
    session: ps ? ps.session : 0,
    tty: ps ? ps.tty : null,
    utime: 0,
    stime: 0,
    minFlt: 0,
    cutime: 0,
    cstime: 0,
    cminFlt: 0,
    rlimitNproc: ps ? ps.rlimitNproc : 0,
    alarmExpires: 0, // alarms are not inherited by fork
    oomScoreAdj: ps ? ps.oomScoreAdj : 0, // copy_signal
  };
}

/**
 * linux: copy_process — the lecture's steps: dup_task_struct; check the
 * process-number limits; adjust a few fields; sched_fork (TASK_NEW); copy
 * or share files, fs, signal handlers, signal state and mm; copy_thread;
 * alloc_pid. Returns the new task (not yet runnable) or -errno.
 */
export function copyProcess(k: Kernel, parent: TaskStruct, args: CloneArgs): TaskStruct | number {
  const flags = args.flags;
  // Flag combinations Linux refuses.
  if (flags & CLONE_THREAD && !(flags & CLONE_SIGHAND)) return -EINVAL;
  if (flags & CLONE_SIGHAND && !(flags & CLONE_VM)) return -EINVAL;
  if (parent.signal.flags & SIGNAL_GROUP_EXIT || parent.flags & PF_EXITING) return -EINTR;

  // 2. Do not overflow the number of processes (threads-max, RLIMIT_NPROC; root is exempt).
  if (k.nrThreads >= k.maxThreads) return -EAGAIN;
  if (parent.uid !== 0 && parent.signal.rlimitNproc > 0 && userTasks(k, parent.uid) >= parent.signal.rlimitNproc)
    return -EAGAIN;

  // 6 (early): a PID, so that failure leaves nothing behind. linux: alloc_pid
  const pid = k.pids.alloc(() => k.events.emit({ type: 'pid-wrap', pidMax: k.pids.pidMax }));
  if (pid < 0) return -EAGAIN;

  // 1. dup_task_struct, and 3. the few fields that differ.
  const p = new TaskStruct(pid, parent.comm, k.jiffies, parent.cpusAllowed, parent.nrCpusAllowed);
  p.uid = parent.uid;
  p.flags = (parent.flags & ~(PF_SUPERPRIV | PF_EXITING)) | PF_FORKNOEXEC;
  p.staticPrio = parent.staticPrio;
  p.prio = parent.prio;
  p.se.loadWeight = niceToWeight(parent.nice);
  p.blocked = parent.blocked;
  // The signal frames on the copied stack: the child returns from the same handlers.
  p.savedSigmask = parent.savedSigmask.slice();
  p.savedRestart = parent.savedRestart.map((r) => (r ? { ...r } : null));
  p.savedRax = parent.savedRax.slice();
  p.cmdline = parent.cmdline;
  p.traced = parent.traced && parent.traceFollowForks;
  p.traceFollowForks = p.traced;

  // 4. sched_fork: TASK_NEW, on the parent's CPU, vruntime placed at wake-up.
  p.state = TASK_NEW;
  p.cpu = parent.cpu;
  p.se.vruntime = parent.se.vruntime;

  // 5. Copy or share the parent's resources.
  if (flags & CLONE_FILES) {
    p.files = parent.files;
    p.files.count++;
  } else {
    p.files = { count: 1, fds: new Map(parent.files.fds) };
    k.pipes.getFiles(p.files); // dup_fd: each copied fd is one more reference to its file
  }
  if (flags & CLONE_FS) {
    p.fs = parent.fs;
    p.fs.users++;
  } else p.fs = { users: 1, cwd: parent.fs.cwd, umask: parent.fs.umask };
  if (flags & CLONE_SIGHAND) {
    p.sighand = parent.sighand;
    p.sighand.count++;
  } else p.sighand = { count: 1, action: parent.sighand.action.map((a) => ({ ...a })) };
  if (flags & CLONE_THREAD) {
    p.signal = parent.signal;
    p.signal.nrThreads++;
    p.signal.live++;
  } else {
    p.signal = newSignalStruct(parent);
  }
  // copy_mm: CLONE_VM shares (mm_users++), else dup_mm copies the address space (COW).
  if (parent.mm) {
    if (flags & CLONE_VM) {
      k.mm.mmget(parent.mm);
      p.mm = parent.mm;
    } else {
      const mm = k.mm.dupMm(parent.mm, p);
      if (typeof mm === 'number') {
        k.pids.free(pid);
        return mm < 0 ? mm : -ENOMEM;
      }
      p.mm = mm;
    }
    p.activeMm = p.mm;
  }
  // copy_thread: the child's registers (fork returns 0 in it).
  if (parent.regs && !(parent.flags & PF_KTHREAD) && !args.kernel) {
    const top = args.stack ? args.stack + args.stackSize : 0;
    p.regs = cpu.copyThread(parent.regs, 0, top || undefined);
  }

  // 7. Family: threads and CLONE_PARENT share the parent's parent.
  if (flags & (CLONE_PARENT | CLONE_THREAD)) {
    p.realParent = parent.realParent;
    p.exitSignal = flags & CLONE_THREAD ? -1 : parent.groupLeader.exitSignal;
  } else {
    p.realParent = parent;
    p.exitSignal = args.exitSignal;
  }
  p.parent = p.realParent;
  if (flags & CLONE_THREAD) {
    p.tgid = parent.tgid;
    p.groupLeader = parent.groupLeader;
    p.signal.threads.push(p);
  } else {
    p.signal.threads.push(p);
    p.realParent!.children.add(p);
  }
  if (flags & CLONE_CHILD_CLEARTID) p.clearChildTid = args.childTid;
  if (flags & CLONE_CHILD_SETTID && p.mm) {
    p.setChildTid = args.childTid;
    k.mm.putUser(p.mm, args.childTid, 4, pid, p);
  }
  if (flags & CLONE_PARENT_SETTID && parent.mm) k.mm.putUser(parent.mm, args.parentTid, 4, pid, parent);
  k.tasks.set(pid, p);
  chargeTask(k, p);
  k.nrThreads++;
  k.totalForks++;
  return p;
}

/**
 * linux: kernel_clone — copy_process, then wake_up_new_task; for
 * CLONE_VFORK the parent then sleeps (TASK_KILLABLE, shown as D) until the
 * child execs or exits (mm_release completes vfork_done). Returns the
 * child's pid, -errno, or RETRY for the sleeping vfork parent (the call is
 * re-executed and then returns the pid).
 */
export function kernelClone(k: Kernel, parent: TaskStruct, args: CloneArgs): number | Retry {
  const p = copyProcess(k, parent, args);
  if (typeof p === 'number') {
    k.events.emit({ type: 'fork-failed', pid: parent.pid, errno: p === -EAGAIN ? 'EAGAIN' : `${-p}` });
    return p;
  }
  const flags = args.flags;
  k.events.emit({
    type: 'fork',
    pid: parent.pid,
    child: p.pid,
    flags: flags | (args.exitSignal & CSIGNAL),
    thread: (flags & CLONE_THREAD) !== 0,
    vfork: (flags & CLONE_VFORK) !== 0,
    kthread: (p.flags & PF_KTHREAD) !== 0,
  });
  if (p.traced) k.strace.attached(p);
  if (flags & CLONE_VFORK) {
    p.vforkDone = parent;
    parent.vforkWaiting = true;
  }
  wakeUpNewTask(k, p);
  if (flags & CLONE_VFORK) return vforkWait(k, parent, p.pid);
  return p.pid;
}

/** linux: wait_for_vfork_done — the vfork parent sleeps until the child releases the mm. */
export function vforkWait(k: Kernel, parent: TaskStruct, child: number): number | Retry {
  if (!parent.vforkWaiting) {
    parent.restart = null;
    return child;
  }
  parent.restart = { fn: 'vfork', policy: 'none', expires: -1, interrupted: false, woken: false, value: child };
  parent.state = TASK_KILLABLE;
  parent.wchan = 'kernel_clone'; // wait_for_vfork_done() is inlined there: /proc/PID/wchan names kernel_clone, as on Linux
  k.events.emit({ type: 'sleep', pid: parent.pid, state: 'D', wchan: parent.wchan });
  return RETRY;
}
