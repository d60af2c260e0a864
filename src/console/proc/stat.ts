// /proc/PID/stat and /proc/PID/task/TID/stat: one line of 52 fields, as
// Linux prints them. linux: fs/proc/array.c do_task_stat
//
//  1 pid  2 (comm)  3 state  4 ppid  5 pgrp  6 session  7 tty_nr  8 tpgid
//  9 flags  10 minflt  11 cminflt  12 majflt  13 cmajflt  14 utime  15 stime
// 16 cutime  17 cstime  18 priority  19 nice  20 num_threads  21 itrealvalue
// 22 starttime  23 vsize  24 rss  25 rsslim  26 startcode  27 endcode
// 28 startstack  29 kstkesp  30 kstkeip  31 signal  32 blocked  33 sigignore
// 34 sigcatch  35 wchan  36 nswap  37 cnswap  38 exit_signal  39 processor
// 40 rt_priority  41 policy  42 delayacct_blkio_ticks  43 guest_time
// 44 cguest_time  45 start_data  46 end_data  47 start_brk  48 arg_start
// 49 arg_end  50 env_start  51 env_end  52 exit_code
//
// Times are in clock ticks (USER_HZ = 100); the old signal fields keep
// only the first 31 signals, in decimal, as Linux does.

import type { Kernel } from '../../kernel/kernel';
import { SIGNAL_GROUP_EXIT, SIGNAL_STOP_STOPPED, type TaskStruct } from '../../kernel/task';
import { statFields } from '../mm-view';
import {
  groupMinFlt,
  groupTimes,
  isRunning,
  ppidOf,
  sigIgnCgt,
  startTicks,
  stateLetter,
  ticks,
  tpgidOf,
  ttyNr,
} from '../tasks';

/** RLIM_INFINITY as an unsigned long. */
const RLIM_INFINITY = '18446744073709551615';

const low31 = (set: bigint): string => String(set & 0x7fffffffn);

/**
 * The stat line of `t`. `whole` is /proc/PID/stat (times and faults of the
 * whole thread group); without it, /proc/PID/task/TID/stat (this thread's).
 */
export function procPidStat(k: Kernel, t: TaskStruct, whole: boolean): string {
  const sig = t.signal;
  let minflt: number;
  let utime: number;
  let stime: number;
  let exitCode = t.exitCode;
  if (whole) {
    const g = groupTimes(t);
    utime = g.utime;
    stime = g.stime;
    minflt = groupMinFlt(t);
    if (sig.flags & (SIGNAL_GROUP_EXIT | SIGNAL_STOP_STOPPED)) exitCode = sig.groupExitCode;
  } else {
    minflt = t.minFlt;
    utime = t.utime;
    stime = t.stime;
  }
  const { ign, cgt } = sigIgnCgt(t);
  const mm = t.mm;
  const m = statFields(k, mm);
  const f: (string | number)[] = [
    t.pid,
    `(${t.comm})`,
    stateLetter(t),
    ppidOf(t),
    sig.pgrp,
    sig.session,
    ttyNr(k, t),
    tpgidOf(k, t),
    t.flags >>> 0,
    minflt,
    sig.cminFlt,
    t.majFlt,
    0, // cmajflt: no major faults without swap or disk
    ticks(utime),
    ticks(stime),
    ticks(sig.cutime),
    ticks(sig.cstime),
    t.prio - 100,
    t.nice,
    sig.nrThreads,
    0, // itrealvalue: always 0 since 2.6.17
    startTicks(t),
    m.vsize,
    m.rss,
    RLIM_INFINITY,
    m.startcode,
    m.endcode,
    m.startstack,
    0, // kstkesp
    0, // kstkeip
    low31(t.pending.signal),
    low31(t.blocked),
    low31(ign),
    low31(cgt),
    // wchan: 1 when asleep (the name is in /proc/PID/wchan); the whole-process line of a
    // multi-threaded process says 0 (do_task_stat: only if !whole || num_threads < 2).
    (!whole || sig.nrThreads < 2) && !isRunning(t) ? 1 : 0,
    0, // nswap
    0, // cnswap
    t.exitSignal,
    t.cpu,
    0, // rt_priority: kernlab schedules every task with SCHED_NORMAL
    0, // policy: SCHED_NORMAL
    0, // delayacct_blkio_ticks
    0, // guest_time
    0, // cguest_time
    m.startData,
    m.endData,
    m.startBrk,
    m.argStart,
    m.argEnd,
    m.envStart,
    m.envEnd,
    exitCode,
  ];
  return f.join(' ') + '\n';
}
