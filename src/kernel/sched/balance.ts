// Choosing CPUs and balancing load between runqueues.
// linux: kernel/sched/fair.c select_task_rq_fair, load_balance, newidle_balance
//
// kernlab has one scheduling domain spanning every CPU (no SMT siblings,
// caches or NUMA nodes): balancing compares runqueue loads (sum of the
// weights of queued tasks) directly.

import type { Kernel } from '../kernel';
import type { TaskStruct } from '../task';
import type { Rq } from './rq';
import { cpuAllowed, moveQueuedTask } from './core';

/** A task that ran less than this long ago is cache-hot and is not pulled. linux: sysctl_sched_migration_cost */
export const MIGRATION_COST_NS = 500_000;

/**
 * linux: select_task_rq_fair. For a fork, the idlest allowed CPU
 * (find_idlest_cpu); for a wake-up, the previous CPU if it is idle, else an
 * idle allowed CPU (select_idle_sibling), else the previous CPU if allowed,
 * else the least loaded allowed CPU.
 */
export function selectTaskRq(k: Kernel, p: TaskStruct, why: 'fork' | 'wakeup'): number {
  const n = k.rqs.length;
  const prev = p.cpu;
  if (why === 'wakeup') {
    if (cpuAllowed(p, prev) && k.rqs[prev].isIdle) return prev;
    for (let i = 1; i < n; i++) {
      const c = (prev + i) % n;
      if (cpuAllowed(p, c) && k.rqs[c].isIdle) return c;
    }
    if (cpuAllowed(p, prev)) return prev;
  }
  let best = -1;
  let bestNr = Infinity;
  let bestLoad = Infinity;
  for (let i = 0; i < n; i++) {
    const c = (prev + i) % n;
    if (!cpuAllowed(p, c)) continue;
    const rq = k.rqs[c];
    const nr = rq.nrRunning + (rq.curr !== rq.idle && !rq.curr.se.onRq ? 1 : 0);
    if (nr < bestNr || (nr === bestNr && rq.cfs.load < bestLoad)) {
      best = c;
      bestNr = nr;
      bestLoad = rq.cfs.load;
    }
  }
  if (best < 0) throw new Error(`select_task_rq: task ${p.pid} has an empty cpus_allowed`);
  return best;
}

/**
 * The other runqueues `dst` could pull from, busiest first (by load, then
 * by tasks). linux: find_busiest_queue — and when every task there is
 * pinned elsewhere (LBF_ALL_PINNED), load_balance retries without it:
 * callers walk this list.
 */
function busiestFirst(k: Kernel, dst: Rq): Rq[] {
  return k.rqs
    .filter((rq) => rq !== dst && rq.nrRunning >= 2)
    .sort((a, b) => b.cfs.load - a.cfs.load || b.nrRunning - a.nrRunning || a.cpu - b.cpu);
}

/**
 * Pulls queued tasks from `src` to `dst` while that narrows the load gap,
 * coldest first (the right end of the timeline), skipping tasks not
 * allowed on `dst` and cache-hot ones. linux: detach_tasks/attach_tasks
 * Returns how many moved.
 */
function pullTasks(k: Kernel, src: Rq, dst: Rq, max: number, ignoreHot: boolean): number {
  let moved = 0;
  let se = src.cfs.timeline.last();
  while (se && moved < max) {
    const prevSe = src.cfs.timeline.prev(se);
    const p = se.task;
    const w = se.loadWeight;
    const gap = src.cfs.load - dst.cfs.load;
    const hot = !ignoreHot && src.clock - se.execStart < MIGRATION_COST_NS && se.sumExecRuntime > 0;
    if (w < gap && cpuAllowed(p, dst.cpu) && !hot && src.nrRunning > 1) {
      moveQueuedTask(k, p, src, dst, 'balance');
      moved++;
    }
    se = prevSe;
  }
  return moved;
}

/** linux: newidle_balance — a CPU about to go idle pulls one task from the busiest that has a movable one. */
export function newidleBalance(k: Kernel, rq: Rq): void {
  for (const src of busiestFirst(k, rq)) if (pullTasks(k, src, rq, 1, true)) return;
}

/**
 * linux: rebalance_domains/load_balance — run on each CPU every
 * BALANCE_INTERVAL_TICKS: pull from the busiest runqueue until loads are
 * as even as whole tasks allow; if all its tasks are pinned, try the next.
 */
export function loadBalance(k: Kernel, rq: Rq): number {
  for (const src of busiestFirst(k, rq)) {
    if (src.cfs.load <= rq.cfs.load) break;
    const moved = pullTasks(k, src, rq, 32, false);
    if (moved) return moved;
  }
  return 0;
}
