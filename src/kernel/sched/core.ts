// Scheduler core: enqueue/dequeue, schedule(), wake-ups, the tick, nice and
// affinity. linux: kernel/sched/core.c

import type { Kernel } from '../kernel';
import {
  PF_KTHREAD,
  TASK_DEAD,
  TASK_NEW,
  TASK_NORMAL,
  TASK_RUNNING,
  type TaskStruct,
} from '../task';
import type { Rq } from './rq';
import { niceToWeight } from './weight';
import { selectTaskRq, newidleBalance } from './balance';
import { accountProcessTick } from './cputime';
import { localApicTimerInterrupt, sendCallFunctionSingleIpi, smpSendReschedule } from '../irq_stat';

/** cpumask_test_cpu(cpu, p->cpus_ptr) */
export function cpuAllowed(p: TaskStruct, cpu: number): boolean {
  return ((p.cpusAllowed >> BigInt(cpu)) & 1n) === 1n;
}

/**
 * linux: resched_curr — ask the CPU to call schedule() at its next chance.
 * Asked from another CPU (`from`, smp_processor_id), it gets a reschedule
 * IPI, unless its task was asked already (test_tsk_need_resched). Kernel
 * work from outside the CPUs (-1: the console) counts as done on this one.
 */
export function reschedCurr(k: Kernel, rq: Rq, from = k.smpProcessorId): void {
  if (!rq.curr.needResched && from >= 0 && from !== rq.cpu) smpSendReschedule(k, rq.cpu);
  rq.curr.needResched = true;
  k.cpuSys[rq.cpu].needResched = true;
}

/**
 * linux: kick_process — a task running on another CPU is interrupted
 * (reschedule IPI) so that it enters the kernel and sees, say, a signal.
 */
export function kickProcess(k: Kernel, p: TaskStruct): void {
  if (!p.onCpu) return;
  k.cpuSys[p.cpu].needResched = true;
  const from = k.smpProcessorId;
  if (from >= 0 && from !== p.cpu) smpSendReschedule(k, p.cpu);
}

/** linux: activate_task/enqueue_task_fair. `p` must not be queued. */
export function activateTask(k: Kernel, rq: Rq, p: TaskStruct, how: 'wakeup' | 'new' | 'migrate'): void {
  if (rq.parked) k.unparkCpu(rq);
  const cfs = rq.cfs;
  cfs.updateCurr(rq.clock);
  if (how === 'new') cfs.placeEntity(p.se, true);
  else if (how === 'wakeup') cfs.placeEntity(p.se, false);
  p.cpu = rq.cpu;
  cfs.enqueue(p.se, false);
  void k;
}

/** linux: deactivate_task/dequeue_task_fair */
export function deactivateTask(rq: Rq, p: TaskStruct): void {
  rq.cfs.updateCurr(rq.clock);
  rq.cfs.dequeue(p.se);
}

/** Charges the running task for the time since it last was. */
export function updateCurr(rq: Rq): void {
  const curr = rq.curr;
  if (curr === rq.idle) return;
  const delta = rq.cfs.updateCurr(rq.clock);
  if (curr.flags & PF_KTHREAD) curr.stime += delta;
  else curr.utime += delta;
}

/**
 * linux: __schedule. Puts the running task back (or takes it off the
 * queue if it is no longer TASK_RUNNING), picks the leftmost task — pulling
 * one from a busier CPU first if this one would go idle — and switches.
 */
export function schedule(k: Kernel, rq: Rq): void {
  const prev = rq.curr;
  prev.needResched = false;
  k.cpuSys[rq.cpu].needResched = false;
  updateCurr(rq);
  // A task preempted between set_current_state() and schedule() stays queued (SM_PREEMPT).
  const voluntary = prev !== rq.idle && prev.state !== TASK_RUNNING && !prev.preempted;
  if (prev !== rq.idle) {
    if (voluntary && prev.se.onRq) rq.cfs.dequeue(prev.se);
    rq.cfs.putPrev(prev.se);
    // Affinity changed while it ran: the stopper (migration/N) moves it now.
    if (prev.se.onRq && !cpuAllowed(prev, rq.cpu)) {
      const dst = selectTaskRq(k, prev, 'wakeup');
      prev.onCpu = false; // it has left this CPU: the stopper may move it
      moveQueuedTask(k, prev, rq, k.rqs[dst], 'affinity');
    }
  }
  if (rq.cfs.nrRunning === 0) newidleBalance(k, rq);
  const se = rq.cfs.pickFirst();
  const next = se ? se.task : rq.idle;
  if (se) rq.cfs.setNext(se, rq.clock);
  if (next !== prev) {
    if (voluntary) prev.nvcsw++;
    else if (prev !== rq.idle) prev.nivcsw++;
    contextSwitch(k, rq, prev, next);
  }
}

/**
 * linux: context_switch. Switches the address space — or, for a kernel
 * thread (mm NULL), borrows the previous one as active_mm (lazy TLB) — and
 * makes `next` current.
 */
function contextSwitch(k: Kernel, rq: Rq, prev: TaskStruct, next: TaskStruct): void {
  rq.nrSwitches++;
  const mmu = k.mm.cpu(rq.cpu);
  if (!next.mm) {
    mmu.enterLazy();
    next.activeMm = prev.activeMm;
    if (prev.mm) {
      if (prev.activeMm) k.mm.mmgrab(prev.activeMm);
    } else prev.activeMm = null;
  } else {
    mmu.switchMm(next.mm, next);
    if (!prev.mm) {
      rq.prevMm = prev.activeMm;
      prev.activeMm = null;
    }
  }
  prev.onCpu = false;
  next.onCpu = true;
  rq.curr = next;
  next.lastRan = k.jiffies;
  k.events.emit({ type: 'switch', cpu: rq.cpu, prev: prev.pid, next: next.pid });
  // linux: finish_task_switch
  if (rq.prevMm) {
    k.mm.mmdrop(rq.prevMm);
    rq.prevMm = null;
  }
  if (prev.state === TASK_DEAD) k.finishDeadTask(prev);
}

/**
 * linux: try_to_wake_up. Wakes `p` if its state is in `stateMask`: puts it
 * on a runqueue (an idle allowed CPU if there is one), gives it a little
 * vruntime credit for its sleep, and preempts the CPU's current task if
 * the woken one is far enough behind. Returns false if it was not asleep.
 */
export function tryToWakeUp(k: Kernel, p: TaskStruct, stateMask: number, by: number): boolean {
  // A timer fires in the local timer interrupt of the CPU its sleeper armed
  // it on (its own), even an idle one whose tick is stopped.
  if (k.inTimerIrq) localApicTimerInterrupt(k, p.cpu);
  if (!(p.state & stateMask)) return false;
  p.state = TASK_RUNNING;
  p.wchan = '';
  if (p.se.onRq) {
    // ttwu_runnable: it set its state but never left the queue.
    return true;
  }
  // The waking CPU; from outside the CPUs (a timer, the console), the task's own.
  const thisCpu = k.smpProcessorId >= 0 ? k.smpProcessorId : p.cpu;
  const cpu = selectTaskRq(k, p, 'wakeup');
  const rq = k.rqs[cpu];
  if (cpu !== p.cpu) {
    k.events.emit({ type: 'migrate', pid: p.pid, from: p.cpu, to: cpu, reason: 'wakeup' });
    p.se.vruntime += rq.cfs.minVruntime - k.rqs[p.cpu].cfs.minVruntime;
    p.se.nrMigrations++;
  }
  // ttwu_queue_wakelist: a wake-up onto another CPU with nothing queued is
  // handed to it by a function-call IPI (CAL, not RES, since Linux 5.8);
  // that CPU then activates the task itself, so its preemption is local.
  const wakelist = cpu !== thisCpu && rq.nrRunning === 0;
  if (wakelist) sendCallFunctionSingleIpi(k, cpu);
  activateTask(k, rq, p, 'wakeup');
  checkPreemptCurr(k, rq, p, wakelist ? cpu : thisCpu);
  k.events.emit({ type: 'wakeup', pid: p.pid, cpu, by });
  return true;
}

/** wake_up_process: wakes a task in any sleep (TASK_NORMAL). */
export function wakeUpProcess(k: Kernel, p: TaskStruct, by = 0): boolean {
  const woken = tryToWakeUp(k, p, TASK_NORMAL, by);
  if (p.kthread) k.events.emit({ type: 'kthread', pid: p.pid, what: 'wake', result: woken ? 1 : 0 });
  return woken;
}

/** linux: check_preempt_curr/check_preempt_wakeup, run on CPU `from` (see reschedCurr). */
export function checkPreemptCurr(k: Kernel, rq: Rq, p: TaskStruct, from = k.smpProcessorId): void {
  const curr = rq.curr;
  if (curr === p) return;
  if (curr === rq.idle) {
    reschedCurr(k, rq, from);
    return;
  }
  rq.cfs.updateCurr(rq.clock);
  if (rq.cfs.wakeupPreempts(curr.se, p.se)) reschedCurr(k, rq, from);
}

/**
 * linux: wake_up_new_task. The first wake-up of a forked task: it goes to
 * the idlest allowed CPU (SD_BALANCE_FORK), one slice behind min_vruntime.
 */
export function wakeUpNewTask(k: Kernel, p: TaskStruct): void {
  if (p.state !== TASK_NEW) throw new Error(`wake_up_new_task: ${p.pid} is not TASK_NEW`);
  p.state = TASK_RUNNING;
  const parentCpu = p.cpu;
  const cpu = selectTaskRq(k, p, 'fork');
  const rq = k.rqs[cpu];
  if (cpu !== parentCpu) {
    p.se.vruntime += rq.cfs.minVruntime - k.rqs[parentCpu].cfs.minVruntime;
    k.events.emit({ type: 'migrate', pid: p.pid, from: parentCpu, to: cpu, reason: 'fork' });
  }
  activateTask(k, rq, p, 'new');
  checkPreemptCurr(k, rq, p);
}

/** linux: scheduler_tick — account the running task; preempt it when its slice is over. */
export function schedulerTick(k: Kernel, rq: Rq): void {
  accountProcessTick(rq); // update_process_times
  updateCurr(rq);
  if (rq.curr !== rq.idle && rq.cfs.checkPreemptTick()) reschedCurr(k, rq);
  else if (rq.curr === rq.idle && rq.cfs.nrRunning > 0) reschedCurr(k, rq);
}

/** Moves a queued, not running task between runqueues. linux: move_queued_task */
export function moveQueuedTask(k: Kernel, p: TaskStruct, src: Rq, dst: Rq, reason: 'balance' | 'affinity'): void {
  if (p.onCpu) throw new Error(`move_queued_task: ${p.pid} is running`);
  src.cfs.dequeue(p.se);
  p.se.vruntime += dst.cfs.minVruntime - src.cfs.minVruntime;
  p.se.nrMigrations++;
  dst.nrMigrationsIn++;
  k.events.emit({ type: 'migrate', pid: p.pid, from: src.cpu, to: dst.cpu, reason });
  p.cpu = dst.cpu;
  if (dst.parked) k.unparkCpu(dst);
  dst.cfs.updateCurr(dst.clock);
  dst.cfs.enqueue(p.se, false);
  checkPreemptCurr(k, dst, p);
}

/** linux: set_user_nice. Changes the weight; the running task is re-checked at once. */
export function setUserNice(k: Kernel, p: TaskStruct, nice: number): void {
  const rq = k.rqs[p.cpu];
  if (p.se.onRq) rq.cfs.updateCurr(rq.clock);
  p.staticPrio = 120 + nice;
  p.prio = p.staticPrio;
  rq.cfs.reweight(p.se, niceToWeight(nice));
  if (p.onCpu) reschedCurr(k, rq);
  else if (p.se.onRq) checkPreemptCurr(k, rq, p);
  k.events.emit({ type: 'nice', pid: p.pid, nice });
}

/**
 * linux: __set_cpus_allowed_ptr. A queued task on a CPU it may no longer
 * use moves at once; a running one is moved when it next leaves the CPU
 * (schedule), which reschedules it now.
 */
export function setCpusAllowed(k: Kernel, p: TaskStruct, mask: bigint): void {
  p.cpusAllowed = mask;
  let n = 0;
  for (let m = mask; m; m >>= 1n) if (m & 1n) n++;
  p.nrCpusAllowed = n;
  k.events.emit({ type: 'affinity', pid: p.pid, mask: mask.toString(16) });
  if (cpuAllowed(p, p.cpu)) return;
  const src = k.rqs[p.cpu];
  if (p.onCpu) reschedCurr(k, src);
  else if (p.se.onRq) moveQueuedTask(k, p, src, k.rqs[selectTaskRq(k, p, 'wakeup')], 'affinity');
  else {
    // Asleep: it will be placed on an allowed CPU when it wakes.
    p.cpu = selectTaskRq(k, p, 'wakeup');
  }
}
