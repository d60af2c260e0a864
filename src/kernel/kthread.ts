// Kernel threads. linux: kernel/kthread.c
//
// Every kernel thread is forked by kthreadd (PID 2). kthread_create leaves
// the new thread asleep (TASK_UNINTERRUPTIBLE, "D") until wake_up_process;
// kthread_run does both. A kernel thread has no mm (it borrows the previous
// task's as active_mm), ignores signals, and runs until its function
// returns, it calls do_exit, or someone calls kthread_stop — which sets
// "should stop", wakes it, and waits for it to exit.

import { cpu } from '../lang/cpu';
import { GONE, RETRY, type Gone, type Image, type Retry } from '../lang/abi';
import type { Kernel } from './kernel';
import { cloneArgs, copyProcess } from './fork';
import { doExit } from './exit';
import { reschedCurr, wakeUpProcess } from './sched/core';
import {
  PF_KTHREAD,
  PF_NO_SETAFFINITY,
  TASK_INTERRUPTIBLE,
  TASK_RUNNING,
  TASK_UNINTERRUPTIBLE,
  type TaskStruct,
} from './task';
import { CLONE_FILES, CLONE_FS } from './uapi/sched';
import { SIGCHLD } from './uapi/signal';
import { EINTR, EINVAL, ENOSYS, ESRCH } from './uapi/errno';
import { sleepUntil } from './time';
import { NSEC_PER_TICK } from './param';

export interface KthreadSpec {
  name: string; // comm, e.g. "kworker/0:1"
  image: Image; // kernel image holding the body
  fn: string; // body function name: int fn(void *data)
  data: number; // its argument
  cpu: number; // bind to this CPU (kthread_bind), or -1 for any
}

/**
 * linux: kthread_create_on_node (+ kthreadd's create_kthread). The new
 * thread is a child of kthreadd, asleep in TASK_UNINTERRUPTIBLE until
 * someone wakes it. Returns the task or -errno.
 */
export function kthreadCreate(k: Kernel, spec: KthreadSpec): TaskStruct | number {
  const info = spec.image.prog.functions.find((f) => f.name === spec.fn);
  if (!info) return -EINVAL;
  const p = copyProcess(k, k.kthreadd, cloneArgs(CLONE_FS | CLONE_FILES, SIGCHLD));
  if (typeof p === 'number') return p;
  p.comm = spec.name.slice(0, 15);
  p.flags |= PF_KTHREAD;
  p.kstack = k.mm.allocKernelStack();
  p.kthread = {
    image: spec.image,
    fn: spec.image.textBase + 4 * info.entry,
    threadfn: spec.fn,
    data: spec.data,
    shouldStop: false,
    started: false,
    result: 0,
    exited: false,
    stoppers: [],
  };
  if (spec.cpu >= 0) {
    // linux: kthread_bind — a per-CPU thread userspace may not move.
    p.cpusAllowed = 1n << BigInt(spec.cpu);
    p.nrCpusAllowed = 1;
    p.cpu = spec.cpu;
    p.flags |= PF_NO_SETAFFINITY;
  }
  // kthread(): tell the creator we exist, then sleep until woken.
  p.state = TASK_UNINTERRUPTIBLE;
  p.wchan = 'kthread';
  k.events.emit({ type: 'fork', pid: k.kthreadd.pid, child: p.pid, flags: CLONE_FS | CLONE_FILES | SIGCHLD, thread: false, vfork: false, kthread: true });
  k.events.emit({ type: 'kthread', pid: p.pid, what: 'create', result: 0 });
  return p;
}

/** linux: kthread_run — create and wake. */
export function kthreadRun(k: Kernel, spec: KthreadSpec): TaskStruct | number {
  const p = kthreadCreate(k, spec);
  if (typeof p !== 'number') wakeUpProcess(k, p, 0);
  return p;
}

/**
 * The first time a woken kthread runs (the rest of kthread()): if it was
 * told to stop before it ever ran, it exits with -EINTR without calling
 * its function; otherwise threadfn(data) starts on its kernel stack.
 */
export function kthreadStart(k: Kernel, t: TaskStruct): void {
  const kt = t.kthread!;
  if (kt.shouldStop) {
    kt.result = -EINTR;
    doExit(k, t, -EINTR);
    return;
  }
  kt.started = true;
  t.regs = cpu.entryRegs(kt.image, kt.fn, [kt.data], t.kstack, 'kthread');
}

/**
 * linux: kthread_stop — set "should stop", wake the thread, and (for a
 * caller that can wait) wait for it to exit. Returns the thread's result
 * once it has exited, or RETRY while waiting. From the console (`waiter`
 * null) it does not wait: the result is reported by the exit event.
 */
export function kthreadStop(k: Kernel, target: TaskStruct, waiter: TaskStruct | null): number | Retry {
  const kt = target.kthread;
  if (!kt) return -EINVAL;
  kt.shouldStop = true;
  k.events.emit({ type: 'kthread', pid: target.pid, what: 'should-stop', result: 0 });
  wakeUpProcess(k, target, waiter?.pid ?? 0);
  if (!waiter) return 0;
  if (kt.exited) return kt.result;
  kt.stoppers.push(waiter);
  waiter.restart = { fn: 'kthread_stop', policy: 'none', expires: -1, interrupted: false, woken: false, value: target.pid };
  waiter.state = TASK_UNINTERRUPTIBLE;
  waiter.wchan = 'kthread_stop';
  return RETRY;
}

/** Reads a NUL-terminated string from kernel memory. */
function kstring(k: Kernel, addr: number, max = 256): string {
  let s = '';
  for (let i = 0; i < max; i++) {
    const c = k.mm.kmem.load8u(addr + i);
    if (!c) break;
    s += String.fromCharCode(c);
  }
  return s;
}

function taskArg(k: Kernel, handle: number): TaskStruct | null {
  return k.findTask(handle) ?? null;
}

/**
 * Kernel services called from kthread bodies (no syscall entry, no strace
 * line). Arguments are numbers; strings are kernel-memory addresses;
 * `struct task_struct *` values are pids.
 */
export function doKcall(k: Kernel, t: TaskStruct, name: string, args: number[]): number | Retry | Gone {
  switch (name) {
    case 'current':
    case 'get_current':
      return t.pid;
    case 'kthread_should_stop':
      if (t.kthread?.shouldStop) k.events.emit({ type: 'kthread', pid: t.pid, what: 'should-stop', result: 1 });
      return t.kthread?.shouldStop ? 1 : 0;
    case 'set_current_state':
    case '__set_current_state':
      t.state = args[0];
      // Where it will sleep: its own function, as /proc/PID/wchan names it.
      if (args[0] !== TASK_RUNNING) t.wchan = t.kthread?.threadfn ?? 'schedule';
      return 0;
    case 'schedule': {
      // A task that set a sleeping state leaves the CPU until woken; when it
      // runs again the call returns. In TASK_RUNNING it only yields.
      if (t.restart?.fn === 'schedule') {
        t.restart = null;
        return 0;
      }
      if (t.state === TASK_RUNNING) {
        reschedCurr(k, k.rqs[t.cpu]);
        return 0;
      }
      t.restart = { fn: 'schedule', policy: 'none', expires: -1, interrupted: false, woken: false, value: 0 };
      k.events.emit({ type: 'sleep', pid: t.pid, state: t.state === TASK_INTERRUPTIBLE ? 'S' : 'D', wchan: t.wchan });
      return RETRY;
    }
    case 'schedule_timeout': {
      // Sleeps in the state the caller set; returns the jiffies left (0 when it timed out).
      const state = t.state === TASK_RUNNING ? TASK_INTERRUPTIBLE : t.state;
      const r = t.restart;
      if (r?.fn === 'schedule_timeout' && k.jiffies < r.expires && t.state === TASK_RUNNING) {
        const left = r.expires - k.jiffies;
        t.restart = null;
        return left;
      }
      const res = sleepUntil(k, t, 'schedule_timeout', args[0] * NSEC_PER_TICK, state);
      return res === RETRY ? res : 0;
    }
    case 'msleep':
    case 'ssleep': {
      const ns = name === 'msleep' ? args[0] * 1_000_000 : args[0] * 1_000_000_000;
      const res = sleepUntil(k, t, name, ns, TASK_UNINTERRUPTIBLE);
      return res === RETRY ? res : 0;
    }
    case 'wake_up_process': {
      const p = taskArg(k, args[0]);
      return p ? (wakeUpProcess(k, p, t.pid) ? 1 : 0) : -ESRCH;
    }
    case 'kthread_create':
    case 'kthread_run': {
      const image = t.kthread?.image;
      if (!image) return -EINVAL;
      const fn = image.prog.functions.find((f) => image.textBase + 4 * f.entry === args[0]);
      if (!fn) return -EINVAL;
      const spec: KthreadSpec = { name: kstring(k, args[2]), image, fn: fn.name, data: args[1], cpu: -1 };
      const p = name === 'kthread_run' ? kthreadRun(k, spec) : kthreadCreate(k, spec);
      return typeof p === 'number' ? p : p.pid;
    }
    case 'kthread_stop': {
      // Executed again after the target exited: its result was left in our restart block.
      if (t.restart?.fn === 'kthread_stop') {
        if (!t.restart.woken) return RETRY;
        const result = t.restart.value;
        t.restart = null;
        return result;
      }
      const p = taskArg(k, args[0]);
      return p ? kthreadStop(k, p, t) : -ESRCH;
    }
    case 'do_exit':
      if (t.kthread) t.kthread.result = args[0];
      doExit(k, t, args[0]);
      return GONE;
    default:
      return -ENOSYS;
  }
}
