// /proc/PID/sched and /proc/PID/task/TID/sched: the scheduler's view of
// one task (CONFIG_SCHED_DEBUG). linux: kernel/sched/debug.c
// proc_sched_show_task, with its P/PN macros:
//
//   P(F)   "%-45s:%21Ld\n"          a count
//   PN(F)  "%-45s:%14Ld.%06ld\n"    nanoseconds, shown as ms.ns (SPLIT_NS)
//
// Only the lines kernlab's CFS really keeps are printed, in Linux's order.
// Left out, because the simulation has nothing behind them: the PELT
// averages (se.avg.*: no load tracking), se.slice (EEVDF's request size;
// this CFS computes sched_slice on the fly), clock-delta (two reads of a
// hardware clock) and the NUMA lines (one node, no NUMA balancing). The
// schedstat lines (wait_start, sum_sleep_runtime...) are absent on Linux
// too unless kernel.sched_schedstats is set.

import type { TaskStruct } from '../../kernel/task';

/** 1024 on 64-bit: load weights are kept with 10 more bits of resolution. linux: SCHED_FIXEDPOINT_SHIFT, scale_load */
const SCHED_FIXEDPOINT_SHIFT = 10;

/** SCHED_NORMAL: every kernlab task is a CFS task. linux: include/uapi/linux/sched.h */
const SCHED_NORMAL = 0;

/** "%-45s:%21Ld" */
function p(name: string, v: number): string {
  return `${name.padEnd(45)}:${String(Math.trunc(v)).padStart(21)}\n`;
}

/** "%-45s:%14Ld.%06ld" with SPLIT_NS: whole milliseconds, then the nanoseconds left, the sign on the first part only. */
function pn(name: string, ns: number): string {
  const n = Math.trunc(ns);
  const a = Math.abs(n);
  const high = Math.floor(a / 1e6) * Math.sign(n) || 0;
  const low = a % 1e6;
  return `${name.padEnd(45)}:${String(high).padStart(14)}.${String(low).padStart(6, '0')}\n`;
}

/** The text of /proc/PID/sched for `t` (the PID's own task, or a thread of /proc/PID/task/TID). */
export function procPidSched(t: TaskStruct): string {
  const se = t.se;
  return (
    `${t.comm} (${t.pid}, #threads: ${t.signal.nrThreads})\n` +
    '-'.repeat(67) +
    '\n' +
    pn('se.exec_start', se.execStart) +
    pn('se.vruntime', se.vruntime) +
    pn('se.sum_exec_runtime', se.sumExecRuntime) +
    p('se.nr_migrations', se.nrMigrations) +
    p('nr_switches', t.nvcsw + t.nivcsw) +
    p('nr_voluntary_switches', t.nvcsw) +
    p('nr_involuntary_switches', t.nivcsw) +
    p('se.load.weight', se.loadWeight * 2 ** SCHED_FIXEDPOINT_SHIFT) +
    p('policy', SCHED_NORMAL) +
    p('prio', t.prio)
  );
}
