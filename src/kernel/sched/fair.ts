// The Completely Fair Scheduler's per-CPU queue. linux: kernel/sched/fair.c
//
// Every runnable task has a virtual runtime: the CPU time it used, scaled
// by NICE_0_LOAD / its weight, so a nice -5 task's clock runs ~3x slower
// than a nice 0 one's. The queue is a red-black tree ordered by vruntime;
// the task to run next is the leftmost (the one that has had least). The
// running task is kept out of the tree, as Linux does (set_next_entity).
//
// kernlab follows CFS as it was before EEVDF replaced it in Linux 6.6 —
// the scheduler the lecture describes.

import { RbTree } from '../rbtree';
import {
  NICE_0_LOAD,
  SCHED_NR_LATENCY,
  SYSCTL_SCHED_LATENCY_NS,
  SYSCTL_SCHED_MIN_GRANULARITY_NS,
  SYSCTL_SCHED_WAKEUP_GRANULARITY_NS,
} from '../param';
import type { SchedEntity } from '../task';

/** Tunables scaled by 1 + ilog2(min(ncpus, 8)). linux: update_sysctl (SCHED_TUNABLESCALING_LOG) */
export interface SchedTunables {
  latency: number; // sysctl_sched_latency, ns
  minGranularity: number; // sysctl_sched_min_granularity, ns
  wakeupGranularity: number; // sysctl_sched_wakeup_granularity, ns
}

export function schedTunables(nrCpus: number): SchedTunables {
  const factor = 1 + Math.floor(Math.log2(Math.min(nrCpus, 8)));
  return {
    latency: SYSCTL_SCHED_LATENCY_NS * factor,
    minGranularity: SYSCTL_SCHED_MIN_GRANULARITY_NS * factor,
    wakeupGranularity: SYSCTL_SCHED_WAKEUP_GRANULARITY_NS * factor,
  };
}

function byVruntime(a: SchedEntity, b: SchedEntity): number {
  return a.vruntime - b.vruntime || a.seq - b.seq;
}

/** linux: struct cfs_rq */
export class CfsRq {
  /** Queued entities, leftmost cached (tasks_timeline). The running one is not in it. */
  readonly timeline = new RbTree<SchedEntity>(byVruntime);
  /** Entity running on this CPU, if it is a CFS task (cfs_rq->curr). */
  curr: SchedEntity | null = null;
  /** Sum of the weights of queued entities, curr included (cfs_rq->load.weight). */
  load = 0;
  /** Queued entities, curr included (cfs_rq->nr_running). */
  nrRunning = 0;
  /** Monotonic floor of the vruntimes here; new and waking tasks are placed from it. */
  minVruntime = 0;
  private nextSeq = 0;

  constructor(private readonly tun: SchedTunables) {}

  /** linux: calc_delta_fair — scale a real duration to this entity's virtual time. */
  calcDeltaFair(delta: number, se: SchedEntity): number {
    return se.loadWeight === NICE_0_LOAD ? delta : (delta * NICE_0_LOAD) / se.loadWeight;
  }

  /** linux: __sched_period — the period in which every queued task runs once. */
  schedPeriod(nrRunning: number): number {
    return nrRunning > SCHED_NR_LATENCY ? nrRunning * this.tun.minGranularity : this.tun.latency;
  }

  /** linux: sched_slice — this entity's share of the period, by weight. */
  schedSlice(se: SchedEntity): number {
    const nr = this.nrRunning + (se.onRq ? 0 : 1);
    const load = this.load + (se.onRq ? 0 : se.loadWeight);
    return (this.schedPeriod(nr) * se.loadWeight) / load;
  }

  /** linux: sched_vslice — the slice in virtual time (START_DEBIT placement of new tasks). */
  schedVslice(se: SchedEntity): number {
    return this.calcDeltaFair(this.schedSlice(se), se);
  }

  /** linux: update_curr — charge the running entity for the time since exec_start. */
  updateCurr(now: number): number {
    const curr = this.curr;
    if (!curr) return 0;
    const delta = now - curr.execStart;
    if (delta <= 0) return 0;
    curr.execStart = now;
    curr.sumExecRuntime += delta;
    curr.vruntime += this.calcDeltaFair(delta, curr);
    this.updateMinVruntime();
    return delta;
  }

  /** linux: update_min_vruntime */
  updateMinVruntime(): void {
    let vruntime = this.minVruntime;
    const curr = this.curr;
    const left = this.timeline.first();
    if (curr && curr.onRq) vruntime = curr.vruntime;
    if (left) vruntime = curr && curr.onRq ? Math.min(vruntime, left.vruntime) : left.vruntime;
    this.minVruntime = Math.max(this.minVruntime, vruntime);
  }

  /**
   * linux: place_entity. A new task starts one virtual slice after
   * min_vruntime (START_DEBIT: it must not starve those already queued); a
   * waking task gets at most half a latency of credit for its sleep
   * (GENTLE_FAIR_SLEEPERS), and never goes back in virtual time.
   */
  placeEntity(se: SchedEntity, initial: boolean): void {
    let vruntime = this.minVruntime;
    if (initial) vruntime += this.schedVslice(se);
    else vruntime -= this.tun.latency / 2;
    se.vruntime = Math.max(se.vruntime, vruntime);
  }

  /** linux: enqueue_entity (the entity's vruntime is already placed). */
  enqueue(se: SchedEntity, isCurr: boolean): void {
    this.load += se.loadWeight;
    this.nrRunning++;
    se.onRq = true;
    if (!isCurr) this.insert(se);
    this.updateMinVruntime();
  }

  /** linux: dequeue_entity */
  dequeue(se: SchedEntity): void {
    if (this.curr !== se) this.timeline.erase(se);
    this.load -= se.loadWeight;
    this.nrRunning--;
    se.onRq = false;
    this.updateMinVruntime();
  }

  /** linux: pick_next_entity — the leftmost. */
  pickFirst(): SchedEntity | null {
    return this.timeline.first();
  }

  /** linux: set_next_entity — take `se` out of the tree to run it. */
  setNext(se: SchedEntity, now: number): void {
    if (se.onRq) this.timeline.erase(se);
    this.curr = se;
    se.execStart = now;
    se.prevSumExecRuntime = se.sumExecRuntime;
  }

  /** linux: put_prev_entity — the running entity goes back in the tree if still runnable. */
  putPrev(se: SchedEntity): void {
    if (se.onRq) this.insert(se);
    this.curr = null;
  }

  /**
   * linux: check_preempt_tick — at a tick, the running task is preempted
   * once it has had its slice, or when it is a slice ahead of the leftmost.
   */
  checkPreemptTick(): boolean {
    const curr = this.curr;
    if (!curr) return false;
    const ideal = this.schedSlice(curr);
    const deltaExec = curr.sumExecRuntime - curr.prevSumExecRuntime;
    if (deltaExec > ideal) return true;
    if (deltaExec < this.tun.minGranularity) return false;
    const left = this.timeline.first();
    if (!left) return false;
    const delta = curr.vruntime - left.vruntime;
    return delta > ideal;
  }

  /**
   * linux: wakeup_preempt_entity — does a waking `se` preempt `curr`? Only
   * if it is behind by more than the wakeup granularity (in its virtual time).
   */
  wakeupPreempts(curr: SchedEntity, se: SchedEntity): boolean {
    const vdiff = curr.vruntime - se.vruntime;
    if (vdiff <= 0) return false;
    return vdiff > this.calcDeltaFair(this.tun.wakeupGranularity, se);
  }

  /** Changes an entity's weight (renice) keeping the load sum right. linux: reweight_entity */
  reweight(se: SchedEntity, weight: number): void {
    if (se.onRq) this.load += weight - se.loadWeight;
    se.loadWeight = weight;
  }

  /** Queued entities in timeline order, the running one first if any (for the panes). */
  entities(): SchedEntity[] {
    const out = this.curr && this.curr.onRq ? [this.curr] : [];
    this.timeline.forEach((se) => out.push(se));
    return out;
  }

  private insert(se: SchedEntity): void {
    se.seq = this.nextSeq++;
    this.timeline.insert(se);
  }
}
