// One line of ps: what procps's library reads from /proc/PID/stat, status
// and cmdline for a process (or, with -L/-T, for one of its threads),
// gathered from the task_struct. linux: fs/proc/array.c; procps: library/pids.c

import type { Kernel } from '../../kernel/kernel';
import type { TaskStruct } from '../../kernel/task';
import { PAGE_SIZE } from '../../kernel/param';
import { USER_HZ, uptimeSeconds } from '../clock';
import {
  cmdlineOf,
  commOf,
  groupMinFlt,
  groupTimes,
  isKthread,
  ppidOf,
  sigIgnCgt,
  startTicks,
  stateLetter,
  ticks,
  tpgidOf,
  ttyName,
  userName,
  wchanOf,
} from '../tasks';

/** procps's proc_t, reduced to what the supported columns print. */
export interface PsRow {
  tgid: number; // process id (PID column)
  tid: number; // thread id (LWP/SPID/TID columns)
  ppid: number; // parent's tgid
  pgrp: number; // process group
  session: number; // session id
  tpgid: number; // foreground group of the terminal, -1 without one
  tty: string; // "pts/0" or "?"
  state: string; // state letter
  flags: number; // PF_* flags
  nice: number; // nice value
  priority: number; // prio - 100 (stat field 18)
  nlwp: number; // threads in the process
  utime: number; // clock ticks (process or thread)
  stime: number; // clock ticks
  cutime: number; // reaped children's user ticks
  cstime: number; // reaped children's system ticks
  startTime: number; // clock ticks since boot
  bootTics: number; // uptime in clock ticks, as procps computes it from /proc/uptime
  vmSizeKb: number; // VmSize
  vmRssKb: number; // VmRSS
  vmLockKb: number; // VmLck
  vmSwapableKb: number; // VmData + VmStk: procps' SIZE, the swap a process would need were it to dirty every writable page
  vsizeBytes: number; // stat vsize
  minFlt: number; // minor faults
  majFlt: number; // major faults
  processor: number; // CPU last run on
  wchan: string; // where it sleeps, "" when running
  comm: string; // command name
  cmdline: string[]; // argv ([] for kernel threads and zombies)
  euid: number; // effective uid
  user: string; // user name
  pending: bigint; // pending signals as procps reads them: status's ShdPnd, the process's (a thread's own are not shown)
  blocked: bigint; // blocked signals
  ignored: bigint; // ignored signals
  caught: bigint; // caught signals
  kthread: boolean; // PF_KTHREAD
  forest: string; // ps forest prefix for the command columns (" \\_ ", "  "), "" without one
}

/**
 * The row for process `p` (its leader), or with `thread` for that thread
 * of it: process-wide values (memory, threads, command) from the process,
 * per-thread values (state, times, CPU, wchan) from the thread.
 */
export function psRow(k: Kernel, p: TaskStruct, thread: TaskStruct | null): PsRow {
  const t = thread ?? p;
  const sig = p.signal;
  // procps reads the leader's row of -L/-T from /proc/PID/stat, the whole
  // process's counters (Linux: the main thread of a busy process shows its
  // threads' CPU time and faults); other threads from task/TID/stat.
  const own = thread !== null && thread !== p.groupLeader;
  const times = own ? { utime: thread.utime, stime: thread.stime } : groupTimes(p);
  const mm = p.mm ?? (thread ? thread.mm : null);
  const { ign, cgt } = sigIgnCgt(t);
  return {
    tgid: p.tgid,
    tid: t.pid,
    ppid: ppidOf(p),
    pgrp: sig.pgrp,
    session: sig.session,
    tpgid: tpgidOf(k, p),
    tty: ttyName(p) ?? '?',
    state: stateLetter(t),
    flags: t.flags >>> 0,
    nice: t.nice,
    priority: t.prio - 100,
    nlwp: sig.nrThreads,
    utime: ticks(times.utime),
    stime: ticks(times.stime),
    cutime: ticks(sig.cutime),
    cstime: ticks(sig.cstime),
    startTime: startTicks(t),
    bootTics: Math.round(uptimeSeconds(k) * USER_HZ),
    vmSizeKb: mm ? (mm.totalVm * PAGE_SIZE) / 1024 : 0,
    vmRssKb: mm ? (mm.rss * PAGE_SIZE) / 1024 : 0,
    vmLockKb: mm ? (mm.lockedVm * PAGE_SIZE) / 1024 : 0,
    vmSwapableKb: mm ? ((mm.dataVm + mm.stackVm) * PAGE_SIZE) / 1024 : 0,
    vsizeBytes: mm ? mm.totalVm * PAGE_SIZE : 0,
    minFlt: own ? thread.minFlt : groupMinFlt(p),
    majFlt: t.majFlt,
    processor: t.cpu,
    wchan: wchanOf(t),
    comm: commOf(t),
    cmdline: cmdlineOf(p),
    euid: p.uid,
    user: userName(p.uid),
    pending: sig.sharedPending.signal,
    blocked: t.blocked,
    ignored: ign,
    caught: cgt,
    kthread: isKthread(p),
    forest: '',
  };
}
