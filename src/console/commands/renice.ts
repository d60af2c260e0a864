// renice: change the nice value of processes, as util-linux 2.38 prints
// it. setpriority(PRIO_PROCESS) acts on one task (a thread id), as in
// Linux; -g acts on every process of a group. The console acts as root,
// so lowering the nice value is allowed.

import { setUserNice } from '../../kernel/sched/core';
import { MAX_NICE, MIN_NICE } from '../../kernel/uapi/sched';
import type { TaskStruct } from '../../kernel/task';
import type { Command, ConsoleServices, Out } from '../command';
import { parseInt10, parseUint } from '../numbers';
import { processes } from '../tasks';

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
  let which: 'process' | 'process group' = 'process';
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
      out.line('renice: kernlab renices processes (-p) and process groups (-g)');
      return 1;
    }
    const id = parseUint(a);
    if (id === null) {
      out.line(`renice: bad value ${a}`);
      status = 1;
      continue;
    }
    const targets: TaskStruct[] =
      which === 'process' ? [c.task(id)].filter((t): t is TaskStruct => !!t && !t.exitState) : processes(c.k).filter((p) => p.signal.pgrp === id && !p.exitState);
    if (!targets.length) {
      out.line(`renice: failed to get priority for ${id} (${which} ID): No such process`);
      status = 1;
      continue;
    }
    const old = targets[0].nice;
    const nice = Math.max(MIN_NICE, Math.min(MAX_NICE, prio));
    for (const t of targets) setUserNice(c.k, t, nice);
    out.line(`${id} (${which} ID) old priority ${old}, new priority ${nice}`);
  }
  return status;
}

export const renice: Command = {
  name: 'renice',
  summary: 'change the nice value (scheduling weight) of a task or process group',
  usage: 'renice [-n] NICE [-p] PID... | renice [-n] NICE -g PGID...',
  details: 'NICE is clamped to -20..19; each step changes the CFS weight by about 25%.',
  run: (c, argv, out) => runRenice(c, argv, out),
};
