// What a CPU does with its tick: run the current task's statements until
// the budget is spent, entering the kernel for system calls, faults and
// signal delivery, and calling schedule() whenever the running task blocks,
// exits or must be preempted.
// linux: arch/x86/entry (syscall entry/exit), kernel/entry/common.c exit_to_user_mode_loop

import { showFaultMsg } from './fault_msg';
import { RunStop, type Gone, type Memory, type Retry, type Sys } from '../lang/abi';
import { cpu } from '../lang/cpu';
import type { Kernel } from './kernel';
import { NSEC_PER_STMT } from './param';
import { schedule } from './sched/core';
import type { Rq } from './sched/rq';
import { TASK_DEAD, TASK_RUNNING, type TaskStruct } from './task';
import { doSignal, forceSigFault, rtSigreturn } from './signal';
import { doSyscall } from './syscalls';
import { doKcall, kthreadStart } from './kthread';

/** The kernel entry of one CPU: system calls of the task running there. */
export class CpuSys implements Sys {
  needResched = false;
  stmts = 0; // statements of the current cpu.run before the native now running: rq.clock lags by them

  constructor(
    private readonly k: Kernel,
    private readonly rq: Rq,
  ) {}

  syscall(name: string, args: number[]): number | Retry | Gone {
    return doSyscall(this.k, this.rq.curr, name, args);
  }

  kcall(name: string, args: number[]): number | Retry | Gone {
    return doKcall(this.k, this.rq.curr, name, args);
  }

  printk(text: string): void {
    this.k.printk(text);
    this.k.events.emit({ type: 'printk', pid: this.rq.curr.pid, text });
  }
}

/** The memory the CPU uses for `p`: its mm through the MMU, or kernel memory for a kthread. */
export function memoryFor(k: Kernel, rq: Rq, p: TaskStruct): Memory {
  return p.mm ? k.mm.cpu(rq.cpu) : k.mm.kmem;
}

/**
 * Runs one CPU until its clock reaches `until` (ns), it goes idle (then it
 * is parked for the rest of the tick), or it made a task runnable on a
 * parked CPU (k.yieldCpu: that CPU takes its turn). Every statement costs
 * NSEC_PER_STMT; each entry into the kernel (a system call that blocks or
 * returns to a signal, a fault, a signal return) costs at least one
 * statement, so time always moves. A new image first pays for its exec
 * (ld.so's start-up) before main runs.
 */
export function runCpu(k: Kernel, rq: Rq, until: number): void {
  let budget = Math.ceil((until - rq.clock) / NSEC_PER_STMT);
  const sys = k.cpuSys[rq.cpu];
  // The CPU the kernel runs on: its TLB flushes are local, the others' shootdowns.
  k.mm.thisCpu = rq.cpu;
  while (budget > 0 && !k.yieldCpu) {
    let p = rq.curr;
    // Schedule when asked to, or when the task blocked, stopped or died (a
    // kthread preempted after set_current_state() keeps running instead).
    if (p === rq.idle || p.needResched || (p.state !== TASK_RUNNING && !p.preempted) || p.state === TASK_DEAD) {
      schedule(k, rq);
      p = rq.curr;
      if (p === rq.idle) {
        rq.parked = true;
        break;
      }
    }
    // exit_to_user_mode: deliver signals before user code runs again. A
    // task woken in a blocked call first runs the call again: it completes
    // if what it waited for came, or gives way to the signal (restart.signalled).
    if (p.sigpending && (!p.restart || p.restart.signalled)) {
      p.preempted = false;
      doSignal(k, p);
      if (p.state !== TASK_RUNNING || p.needResched) continue;
    }
    if (!p.regs) {
      if (!p.kthread) throw new Error(`task ${p.pid} has no context`);
      kthreadStart(k, p);
      continue;
    }
    if (p.execCostNs > 0) {
      // ld.so maps libc and relocates before main: CPU time of the new image.
      const n = Math.min(budget, Math.ceil(p.execCostNs / NSEC_PER_STMT));
      p.execCostNs -= n * NSEC_PER_STMT;
      budget -= n;
      rq.clock += n * NSEC_PER_STMT;
      rq.busyNs += n * NSEC_PER_STMT;
      p.preempted = true;
      continue;
    }
    sys.needResched = false;
    p.preempted = false;
    sys.stmts = 0;
    const res = cpu.run(p.regs, memoryFor(k, rq, p), sys, budget);
    sys.stmts = 0;
    const used = res.stop === RunStop.Budget ? res.stmts : Math.max(1, res.stmts);
    budget -= used;
    rq.clock += used * NSEC_PER_STMT;
    rq.busyNs += used * NSEC_PER_STMT;
    // Preempted (budget, resched) tasks stay queued even if a kthread set its
    // state before being preempted; a call that blocked really sleeps.
    p.preempted = res.stop === RunStop.Budget || res.stop === RunStop.Resched;
    switch (res.stop) {
      case RunStop.Budget:
      case RunStop.Retry:
      case RunStop.Gone:
      case RunStop.Resched:
        // The state tells what happened: still running, asleep, or dead.
        break;
      case RunStop.SigReturn:
        rtSigreturn(k, p);
        break;
      case RunStop.Fault:
        // Faulting while executing a blocked call again (its arguments are
        // read anew): the call gives way to the signal as to any other, or
        // the task would fault there forever, never taking the signal.
        if (p.restart) p.restart.signalled = true;
        showFaultMsg(k, p, res.fault!, rq.cpu);
        forceSigFault(k, p, res.fault!);
        break;
    }
  }
  k.mm.thisCpu = -1;
}
