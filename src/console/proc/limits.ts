// /proc/PID/limits: the process's resource limits as getrlimit(2) would
// give them. linux: fs/proc/base.c proc_pid_limits. The limits kernlab
// enforces are the process's own: RLIMIT_NPROC (fork's EAGAIN), RLIMIT_STACK
// (how far the stack may grow), RLIMIT_SIGPENDING (SigQ in status, half of
// threads-max, as fork_init sets it), RLIMIT_NOFILE (the highest fd dup2,
// dup and pipe hand out); the others are what a Debian 12 login
// shell's children get (systemd's defaults).

import type { Kernel } from '../../kernel/kernel';
import type { TaskStruct } from '../../kernel/task';
import { NOFILE_RLIMIT, STACK_RLIMIT } from '../../kernel/param';

export const INF = Infinity;

/** One limit: its name in /proc/PID/limits, soft and hard value (Infinity: unlimited), unit. */
export type Rlimit = [string, number, number, string];

/** `t`'s resource limits, in /proc/PID/limits' order (that of RLIMIT_CPU ... RLIMIT_RTTIME). */
export function rlimits(k: Kernel, t: TaskStruct): Rlimit[] {
  const nproc = t.signal.rlimitNproc;
  const sigpending = Math.floor(k.maxThreads / 2);
  const stack = t.mm?.rlimitStack ?? STACK_RLIMIT;
  return [
    ['Max cpu time', INF, INF, 'seconds'],
    ['Max file size', INF, INF, 'bytes'],
    ['Max data size', INF, INF, 'bytes'],
    ['Max stack size', stack, INF, 'bytes'],
    ['Max core file size', 0, INF, 'bytes'],
    ['Max resident set', INF, INF, 'bytes'],
    ['Max processes', nproc, nproc, 'processes'],
    ['Max open files', NOFILE_RLIMIT, 524288, 'files'],
    ['Max locked memory', 8388608, 8388608, 'bytes'],
    ['Max address space', INF, INF, 'bytes'],
    ['Max file locks', INF, INF, 'locks'],
    ['Max pending signals', sigpending, sigpending, 'signals'],
    ['Max msgqueue size', 819200, 819200, 'bytes'],
    ['Max nice priority', 0, 0, ''],
    ['Max realtime priority', 0, 0, ''],
    ['Max realtime timeout', INF, INF, 'us'],
  ];
}

/** The text of /proc/PID/limits for `t`. */
export function procPidLimits(k: Kernel, t: TaskStruct): string {
  const rows = rlimits(k, t);
  const v = (n: number) => (n === INF ? 'unlimited' : String(n));
  // seq_printf: "%-25s %-20s %-20s %-10s\n" for the header; per limit "%-25s %-20s %-20s " and the unit as "%-10s" when there is one.
  let out = `${'Limit'.padEnd(25)} ${'Soft Limit'.padEnd(20)} ${'Hard Limit'.padEnd(20)} ${'Units'.padEnd(10)}\n`;
  for (const [name, soft, hard, unit] of rows) out += `${name.padEnd(25)} ${v(soft).padEnd(20)} ${v(hard).padEnd(20)} ${unit ? unit.padEnd(10) : ''}\n`;
  return out;
}
