// Tick-based CPU time accounting: each CPU's time by category, the
// numbers /proc/stat prints. linux: kernel/sched/cputime.c
// (account_process_tick, account_user_time, account_system_time,
// account_idle_time, account_idle_ticks), include/linux/kernel_stat.h
//
// As with CONFIG_TICK_CPU_ACCOUNTING, the whole tick goes to what the CPU
// was doing when its timer interrupt came: user (nice > 0: nice) for a user
// task, system for a kernel thread, idle for the idle task. kernlab's
// system calls and faults take no time of their own (a statement is either
// user code or a whole call), so a user task is never caught in the kernel
// and its ticks are all user time. The machine has no block I/O (no task
// sleeps in io_schedule, so iowait stays 0), no IRQ time accounting (irq
// and softirq 0) and no hypervisor (steal, guest 0).

import { PF_KTHREAD, type TaskStruct } from '../task';
import { NSEC_PER_TICK, USER_HZ } from '../param';
import type { Rq } from './rq';

/** enum cpu_usage_stat: the indexes of kcpustat->cpustat. */
export const CPUTIME_USER = 0;
export const CPUTIME_NICE = 1;
export const CPUTIME_SYSTEM = 2;
export const CPUTIME_SOFTIRQ = 3;
export const CPUTIME_IRQ = 4;
export const CPUTIME_IDLE = 5;
export const CPUTIME_IOWAIT = 6;
export const CPUTIME_STEAL = 7;
export const CPUTIME_GUEST = 8;
export const CPUTIME_GUEST_NICE = 9;
export const NR_STATS = 10;

/** linux: struct kernel_cpustat — one CPU's time by category, ns. */
export function newCpustat(): Float64Array {
  return new Float64Array(NR_STATS);
}

/**
 * linux: account_process_tick — charge this tick to what `rq`'s CPU runs
 * now. Called from scheduler_tick, once per CPU per tick.
 */
export function accountProcessTick(rq: Rq): void {
  const p = rq.curr;
  const cpustat = rq.cpustat;
  if (p === rq.idle) cpustat[CPUTIME_IDLE] += NSEC_PER_TICK; // account_idle_time (no task in iowait here)
  else if (p.flags & PF_KTHREAD) cpustat[CPUTIME_SYSTEM] += NSEC_PER_TICK; // account_system_time
  else cpustat[p.staticPrio > 120 ? CPUTIME_NICE : CPUTIME_USER] += NSEC_PER_TICK; // account_user_time: task_nice(p) > 0
}

/** linux: account_idle_ticks — the ticks an idle CPU skipped (NO_HZ) are idle time, charged when it wakes. */
export function accountIdleTicks(rq: Rq, ticks: number): void {
  rq.cpustat[CPUTIME_IDLE] += ticks * NSEC_PER_TICK;
}

/** Nanoseconds of CPU time to clock ticks (USER_HZ). linux: nsec_to_clock_t */
export function nsecToClockT(ns: number): number {
  return Math.floor(ns / (1e9 / USER_HZ));
}

/**
 * The CPU time of `p`'s whole thread group, ns: its released threads'
 * (summed into the signal struct as each went) plus every thread still
 * listed, a zombie leader too. linux: thread_group_cputime
 */
export function threadGroupCputime(p: TaskStruct): { utime: number; stime: number } {
  const sig = p.signal;
  let utime = sig.utime;
  let stime = sig.stime;
  for (const t of sig.threads) {
    utime += t.utime;
    stime += t.stime;
  }
  return { utime, stime };
}
