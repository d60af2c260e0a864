// taskset -p: show or set a task's CPU affinity, as util-linux 2.38 does
// (sched_getaffinity/sched_setaffinity on one thread; -a on all of them).
// linux: kernel/sched/core.c sched_setaffinity

import { setCpusAllowed } from '../../kernel/sched/core';
import { PF_NO_SETAFFINITY, type TaskStruct } from '../../kernel/task';
import type { Command, ConsoleServices, Out } from '../command';
import { cpuListString, parseCpuList, parseCpuMask, parseUint } from '../numbers';
import { processes, threadsOf } from '../tasks';

const USAGE = `Usage: taskset [options] [mask | cpu-list] [pid|cmd [args...]]

Show or change the CPU affinity of a process.

Options:
 -a, --all-tasks         operate on all the tasks (threads) for a given pid
 -p, --pid               operate on existing given pid
 -c, --cpu-list          display and specify cpus in list format
 -h, --help              display this help

The default behavior is to run a new command:
    taskset 03 sshd -b 1024
You can retrieve the mask of an existing task:
    taskset -p 700
Or set it:
    taskset -p 03 700
List format uses a comma-separated list instead of a mask:
    taskset -pc 0,3,7-11 700
Ranges in list format can take a stride argument:
    e.g. 0-31:2 is equivalent to mask 0x55555555

For more details see taskset(1).
`;

/** util-linux cpumask_create: hex without leading zeroes. */
function maskString(m: bigint): string {
  return m.toString(16);
}

function show(t: TaskStruct, list: boolean, which: 'current' | 'new'): string {
  const m = t.cpusAllowed;
  return list ? `pid ${t.pid}'s ${which} affinity list: ${cpuListString(m)}` : `pid ${t.pid}'s ${which} affinity mask: ${maskString(m)}`;
}

/** linux: sched_setaffinity — 0 or -EINVAL. */
function setAffinity(c: ConsoleServices, t: TaskStruct, want: bigint): number {
  if (t.flags & PF_NO_SETAFFINITY) return -22;
  const mask = want & c.k.allCpus;
  if (!mask) return -22;
  setCpusAllowed(c.k, t, mask);
  return 0;
}

function runTaskset(c: ConsoleServices, argv: string[], out: Out): number {
  let pidMode = false;
  let list = false;
  let all = false;
  const rest: string[] = [];
  for (const a of argv.slice(1)) {
    if (a === '--pid') pidMode = true;
    else if (a === '--cpu-list') list = true;
    else if (a === '--all-tasks') all = true;
    else if (a === '-h' || a === '--help') {
      out.write(USAGE);
      return 0;
    } else if (/^-[pca]+$/.test(a)) {
      if (a.includes('p')) pidMode = true;
      if (a.includes('c')) list = true;
      if (a.includes('a')) all = true;
    } else if (a.startsWith('-') && rest.length === 0) {
      out.line(`taskset: invalid option -- '${a.slice(1, 2)}'`);
      out.line("Try 'taskset --help' for more information.");
      return 1;
    } else rest.push(a);
  }
  if (!pidMode || rest.length < 1 || rest.length > 2) {
    out.write(rest.length && !pidMode ? 'taskset: kernlab runs no new commands with taskset: use taskset -p [MASK] PID\n' : USAGE);
    return 1;
  }
  const pidArg = rest[rest.length - 1];
  const pid = parseUint(pidArg);
  if (pid === null) {
    out.line(`taskset: invalid PID argument: '${pidArg}'`);
    return 1;
  }
  const t = c.task(pid);
  if (!t || t.exitState) {
    out.line(`taskset: failed to get pid ${pid}'s affinity: No such process`);
    return 1;
  }
  const tasks = all ? threadsOf(t.groupLeader) : [t];
  let want: bigint | null = null;
  if (rest.length === 2) {
    want = list ? parseCpuList(rest[0], c.k.config.cpus) : parseCpuMask(rest[0]);
    if (want === null) {
      out.line(list ? `taskset: failed to parse CPU list: ${rest[0]}` : `taskset: failed to parse CPU mask: ${rest[0]}`);
      return 1;
    }
  }
  for (const x of tasks) {
    out.line(show(x, list, 'current'));
    if (want === null) continue;
    if (setAffinity(c, x, want) < 0) {
      out.line(`taskset: failed to set pid ${x.pid}'s affinity: Invalid argument`);
      return 1;
    }
    out.line(show(x, list, 'new'));
  }
  return 0;
}

export const taskset: Command = {
  name: 'taskset',
  summary: 'show or set the CPU affinity of a task (util-linux)',
  usage: 'taskset -p [MASK] PID | taskset -cp [LIST] PID  (-a: every thread)',
  details: 'EINVAL when the mask has no online CPU, and for per-CPU kernel threads (PF_NO_SETAFFINITY).',
  run: (c, argv, out) => runTaskset(c, argv, out),
  complete: (c, _before, word) =>
    processes(c.k)
      .map((p) => String(p.pid))
      .filter((p) => p.startsWith(word)),
};
