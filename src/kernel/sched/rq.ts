// The per-CPU runqueue. linux: kernel/sched/sched.h struct rq

import { CfsRq, type SchedTunables } from './fair';
import type { TaskStruct } from '../task';
import type { MmStruct } from '../mm/mm_types';
import { accountIdleTicks, newCpustat } from './cputime';

/** Ticks of utilisation history kept for the per-CPU sparklines. */
export const UTIL_HISTORY = 60;

export class Rq {
  readonly cpu: number; // this runqueue's CPU
  readonly cfs: CfsRq; // the CFS queue
  readonly idle: TaskStruct; // swapper/N, runs when nothing else can
  curr: TaskStruct; // the task running on this CPU now
  clock = 0; // rq clock, ns: jiffies * 1 ms plus the statements run in this tick
  nrSwitches = 0; // context switches on this CPU
  prevMm: MmStruct | null = null; // borrowed mm to drop after a switch from a kernel thread (rq->prev_mm)
  nextBalance = 0; // jiffies of the next periodic load balance
  busyNs = 0; // non-idle time in the current tick
  parked = false; // idle for the rest of this tick, unless a wake-up gives it a task (its clock then jumps to the waker's)
  idleNs = 0; // time spent idle since boot (for /proc/uptime)
  readonly cpustat = newCpustat(); // this CPU's time by category, tick-accounted (kcpustat_cpu(cpu).cpustat, /proc/stat)
  readonly util: number[] = []; // busy fraction (0..1) of each recent tick, oldest first
  nrMigrationsIn = 0; // tasks pulled to this CPU

  constructor(cpu: number, idle: TaskStruct, tun: SchedTunables) {
    this.cpu = cpu;
    this.idle = idle;
    this.curr = idle;
    this.cfs = new CfsRq(tun);
  }

  /** rq->nr_running */
  get nrRunning(): number {
    return this.cfs.nrRunning;
  }

  /** The CPU has nothing to run (available_idle_cpu). */
  get isIdle(): boolean {
    return this.curr === this.idle && this.cfs.nrRunning === 0;
  }

  /** Records `n` idle ticks (skipped while every CPU was idle). */
  sampleIdle(n: number): void {
    this.idleNs += n * 1_000_000;
    accountIdleTicks(this, n);
    for (let i = 0; i < Math.min(n, UTIL_HISTORY); i++) this.util.push(0);
    if (this.util.length > UTIL_HISTORY) this.util.splice(0, this.util.length - UTIL_HISTORY);
  }

  /** Closes the current tick's utilisation sample. */
  sampleUtil(tickNs: number): void {
    this.idleNs += Math.max(0, tickNs - this.busyNs);
    this.util.push(Math.min(1, this.busyNs / tickNs));
    if (this.util.length > UTIL_HISTORY) this.util.shift();
    this.busyNs = 0;
  }
}
