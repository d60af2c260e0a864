// /proc/PID/status: the task's identity, memory, signals, capabilities
// and CPU affinity as "Name:\tvalue" lines, in Linux's order and format.
// linux: fs/proc/array.c proc_pid_status (task_state, task_mem, task_sig,
// task_cap, task_seccomp, task_cpus_allowed, task_context_switch_counts)
//
// Lines as a 6.x kernel prints them on x86-64 (compared with the reference
// machine): HugetlbPages, CoreDumping, THP_enabled and untag_mask follow
// the Vm lines of a task with an address space.

import type { Kernel } from '../../kernel/kernel';
import type { TaskStruct } from '../../kernel/task';
import { statusVm } from '../mm-view';
import { kernelBitmapHex, kernelCpuList, sigsetHex } from '../numbers';
import { isKthread, ppidOf, sigIgnCgt } from '../tasks';
import { taskStateName } from '../../kernel/task';

/** CAP_LAST_CAP = 40: every capability bit of a root process. */
const CAP_FULL = '000001ffffffffff';
const CAP_NONE = '0000000000000000';
/** MAX_NUMNODES = 1024 on the reference kernel: 32 words, node 0 only. */
const MEMS_ALLOWED = [...Array(31).fill('00000000'), '00000001'].join(',');

/**
 * The sigqueue entries counted against RLIMIT_SIGPENDING: those of every
 * task of `t`'s user, not only `t`'s (__sigqueue_alloc charges the
 * receiver's ucounts; task_sig prints that user's count), so every thread
 * of a process, and every process of the user, shows the same number.
 */
function queuedSignals(k: Kernel, t: TaskStruct): number {
  let n = 0;
  const seen = new Set<object>();
  const count = (pending: TaskStruct['pending']) => {
    for (const queue of pending.info.values()) n += queue.length;
  };
  for (const x of k.tasks.values()) {
    if (x.uid !== t.uid) continue;
    count(x.pending);
    if (!seen.has(x.signal)) {
      seen.add(x.signal);
      count(x.signal.sharedPending);
    }
  }
  return n;
}

/** The Vm lines plus the lines a 6.x kernel adds after them for a task with an mm. */
function memLines(k: Kernel, t: TaskStruct): string {
  if (!t.mm) return '';
  let s = statusVm(k, t.mm);
  if (!s.includes('HugetlbPages:')) s += 'HugetlbPages:\t       0 kB\n';
  return s + 'CoreDumping:\t0\nTHP_enabled:\t1\nuntag_mask:\t0xffffffffffffffff\n';
}

/** The text of /proc/PID/status (or /proc/PID/task/TID/status) for `t`. */
export function procPidStatus(k: Kernel, t: TaskStruct): string {
  const sig = t.signal;
  const alive = !t.exitState;
  const { ign, cgt } = sigIgnCgt(t);
  const groups = t.uid === 0 ? '' : String(t.uid);
  const caps = t.uid === 0 ? CAP_FULL : CAP_NONE;
  const nbits = k.config.cpus;
  const lines = [
    `Name:\t${t.comm.replace(/[\n\\]/g, (c) => (c === '\n' ? '\\n' : '\\\\'))}`, // seq_escape_str(..., "\n\\")
    ...(alive ? [`Umask:\t${t.fs.umask.toString(8).padStart(4, '0')}`] : []),
    `State:\t${taskStateName(t)}`,
    `Tgid:\t${t.tgid}`,
    'Ngid:\t0',
    `Pid:\t${t.pid}`,
    `PPid:\t${ppidOf(t)}`,
    'TracerPid:\t0',
    `Uid:\t${t.uid}\t${t.uid}\t${t.uid}\t${t.uid}`,
    `Gid:\t${t.uid}\t${t.uid}\t${t.uid}\t${t.uid}`,
    `FDSize:\t${alive ? 64 : 0}`,
    `Groups:\t${groups} `,
    `NStgid:\t${t.tgid}`,
    `NSpid:\t${t.pid}`,
    `NSpgid:\t${sig.pgrp}`,
    `NSsid:\t${sig.session}`,
    `Kthread:\t${isKthread(t) ? 1 : 0}`,
  ];
  return (
    lines.join('\n') +
    '\n' +
    memLines(k, t) +
    [
      `Threads:\t${sig.nrThreads}`,
      `SigQ:\t${queuedSignals(k, t)}/${Math.floor(k.maxThreads / 2)}`,
      `SigPnd:\t${sigsetHex(t.pending.signal)}`,
      `ShdPnd:\t${sigsetHex(sig.sharedPending.signal)}`,
      `SigBlk:\t${sigsetHex(t.blocked)}`,
      `SigIgn:\t${sigsetHex(ign)}`,
      `SigCgt:\t${sigsetHex(cgt)}`,
      `CapInh:\t${CAP_NONE}`,
      `CapPrm:\t${caps}`,
      `CapEff:\t${caps}`,
      `CapBnd:\t${CAP_FULL}`,
      `CapAmb:\t${CAP_NONE}`,
      'NoNewPrivs:\t0',
      'Seccomp:\t0',
      'Seccomp_filters:\t0',
      'Speculation_Store_Bypass:\tthread vulnerable',
      'SpeculationIndirectBranch:\tconditional enabled',
      `Cpus_allowed:\t${kernelBitmapHex(t.cpusAllowed, nbits)}`,
      `Cpus_allowed_list:\t${kernelCpuList(t.cpusAllowed)}`,
      `Mems_allowed:\t${MEMS_ALLOWED}`,
      'Mems_allowed_list:\t0',
      `voluntary_ctxt_switches:\t${t.nvcsw}`,
      `nonvoluntary_ctxt_switches:\t${t.nivcsw}`,
    ].join('\n') +
    '\n'
  );
}
