// The load average of /proc/loadavg and uptime. linux: kernel/sched/loadavg.c
//
// Every LOAD_FREQ (5 s + 1 tick) the kernel samples the number of active
// tasks (runnable plus uninterruptible, not TASK_NOLOAD) and folds it into
// three exponentially decaying averages in 11-bit fixed point.

import type { Kernel } from '../kernel';
import { HZ } from '../param';
import { TASK_NOLOAD, TASK_UNINTERRUPTIBLE } from '../task';

const FSHIFT = 11; // bits of precision
const FIXED_1 = 1 << FSHIFT; // 1.0 as fixed point
export const LOAD_FREQ = 5 * HZ + 1; // 5 s intervals
const EXP_1 = 1884; // 1/exp(5s/1min) as fixed point
const EXP_5 = 2014; // 1/exp(5s/5min)
const EXP_15 = 2037; // 1/exp(5s/15min)

/** linux: calc_load */
function calcLoad(load: number, exp: number, active: number): number {
  let newload = load * exp + active * (FIXED_1 - exp);
  if (active >= load) newload += FIXED_1 - 1;
  return Math.floor(newload / FIXED_1);
}

/** nr_running + nr_uninterruptible. linux: calc_load_fold_active */
export function nrActive(k: Kernel): number {
  let n = 0;
  for (const rq of k.rqs) n += rq.nrRunning;
  for (const t of k.tasks.values()) if (t.state & TASK_UNINTERRUPTIBLE && !(t.state & TASK_NOLOAD) && !t.exitState) n++;
  return n;
}

/** avenrun[3] and the next sampling instant. */
export class LoadAvg {
  /** avenrun[0..2]: 1, 5 and 15 minute averages, fixed point. */
  readonly avenrun = [0, 0, 0];
  /** jiffies of the next sample (calc_load_update). */
  private next = LOAD_FREQ;

  /** Called after every tick: samples when LOAD_FREQ has passed. linux: calc_global_load */
  sample(k: Kernel): void {
    if (k.jiffies < this.next) return;
    this.fold(nrActive(k));
    while (this.next <= k.jiffies) this.next += LOAD_FREQ;
  }

  /**
   * Idle ticks skipped in one step (NO_HZ): each sample instant passed gets
   * the same number of active tasks, since nothing ran. linux: calc_global_nohz
   */
  sampleIdle(k: Kernel, until: number): void {
    if (until < this.next) return;
    const active = nrActive(k);
    while (this.next <= until) {
      this.fold(active);
      this.next += LOAD_FREQ;
    }
  }

  private fold(nr: number): void {
    const active = nr * FIXED_1;
    this.avenrun[0] = calcLoad(this.avenrun[0], EXP_1, active);
    this.avenrun[1] = calcLoad(this.avenrun[1], EXP_5, active);
    this.avenrun[2] = calcLoad(this.avenrun[2], EXP_15, active);
  }

  /** "0.15, 0.03, 0.01" style numbers: "%lu.%02lu". */
  format(i: number): string {
    const x = this.avenrun[i] + Math.floor(FIXED_1 / 200);
    return `${x >> FSHIFT}.${String(((x & (FIXED_1 - 1)) * 100) >> FSHIFT).padStart(2, '0')}`;
  }
}
