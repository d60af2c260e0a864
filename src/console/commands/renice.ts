// renice: change the nice value of processes, as util-linux 2.38 prints
// it. setpriority(PRIO_PROCESS) acts on one task (a thread id), as in
// Linux; -g (PRIO_PGRP) on every thread of a process group, -u
// (PRIO_USER) on every thread of a user; the old priority is what
// getpriority reports: the lowest nice value among them. The console acts
// as root, so lowering the nice value is allowed.

import { setUserNice } from '../../kernel/sched/core';
import { MAX_NICE, MIN_NICE } from '../../kernel/uapi/sched';
import type { TaskStruct } from '../../kernel/task';
import type { Command, ConsoleServices, Out } from '../command';
import { parseInt10, parseUint } from '../numbers';
import { userId } from '../tasks';

function runRenice(c: ConsoleServices, argv: string[], out: Out): number {
  const args = argv.slice(1);
  let prio: number | null = null;
  let i = 0;
  const bad = (s: string) => {
    out.line(`renice: invalid priority '${s}'`);
    out.line("Try 'renice --help' for more information.");
    return 1;
  };
  if (args[0] === '-n' || args[0] === '--priority') {
    if (args.length < 2) return bad('');
    prio = parseInt10(args[1]);
    if (prio === null) return bad(args[1]);
    i = 2;
  } else if (args.length) {
    prio = parseInt10(args[0]);
    if (prio === null) return bad(args[0]);
    i = 1;
  }
  if (prio === null || i >= args.length) {
    out.line('renice: not enough arguments');
    out.line("Try 'renice --help' for more information.");
    return 1;
  }
  let which: 'process' | 'process group' | 'user' = 'process';
  let status = 0;
  for (; i < args.length; i++) {
    const a = args[i];
    if (a === '-p' || a === '--pid') {
      which = 'process';
      continue;
    }
    if (a === '-g' || a === '--pgrp') {
      which = 'process group';
      continue;
    }
    if (a === '-u' || a === '--user') {
      which = 'user';
      continue;
    }
    const id = which === 'user' ? userId(a) : parseUint(a);
    if (id === null) {
      out.line(which === 'user' ? `renice: unknown user ${a}` : `renice: bad ${which} ID value: ${a}`);
      status = 1;
      continue;
    }
    const live = [...c.k.tasks.values()].filter((t) => t.pid !== 0 && !t.exitState);
    const targets: TaskStruct[] =
      which === 'process'
        ? [c.task(id)].filter((t): t is TaskStruct => !!t && !t.exitState)
        : live.filter((t) => (which === 'user' ? t.uid === id : t.signal.pgrp === id)).sort((x, y) => x.pid - y.pid);
    if (!targets.length) {
      out.line(`renice: failed to get priority for ${id} (${which} ID): No such process`);
      status = 1;
      continue;
    }
    const old = Math.min(...targets.map((t) => t.nice));
    const nice = Math.max(MIN_NICE, Math.min(MAX_NICE, prio));
    for (const t of targets) setUserNice(c.k, t, nice);
    out.line(`${id} (${which} ID) old priority ${old}, new priority ${nice}`);
  }
  return status;
}

export const renice: Command = {
  name: 'renice',
  summary: 'change the nice value (scheduling weight) of a task or process group',
  usage: 'renice [-n] NICE [-p] PID... | -g PGID... | -u USER...',
  details: 'NICE is clamped to -20..19; each step changes the CFS weight by about 25%.',
  run: (c, argv, out) => runRenice(c, argv, out),
};
