// sleep (coreutils): let time pass, as tick does, in seconds. A shell
// would fork /bin/sleep and wait for it; the console has no foreground
// (time passes only while a command runs), so sleep N is tick N*1000 and
// no task is created: its PID is not taken from the machine.

import type { Command } from '../command';
import { MAX_TICKS } from './tick';

/** coreutils' units: seconds, minutes, hours, days. */
const UNIT_MS: Record<string, number> = { '': 1000, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

export const sleep: Command = {
  name: 'sleep',
  summary: 'let simulated time pass, in seconds (as tick N*1000); shows what programs print',
  usage: 'sleep NUMBER[SUFFIX]...',
  details:
    'SUFFIX is s (seconds, the default), m, h or d; NUMBER may have a fraction (sleep 0.25 is tick 250); several add up, as in coreutils. ' +
    'A part of a millisecond rounds up to a whole tick. kernlab does not fork a sleep process for it: the console waits for nothing, so this is tick in seconds.',
  run(c, argv, out) {
    const args = argv.slice(1);
    if (args[0] === '--') args.shift();
    if (args.length === 0) {
      out.line('sleep: missing operand');
      out.line("Try 'sleep --help' for more information.");
      return 1;
    }
    let ms = 0;
    for (const a of args) {
      const m = /^(\d+(?:\.\d*)?|\.\d+)([smhd]?)$/.exec(a);
      if (!m) {
        out.line(`sleep: invalid time interval '${a}'`);
        out.line("Try 'sleep --help' for more information.");
        return 1;
      }
      ms += Number(m[1]) * UNIT_MS[m[2]];
    }
    const n = Math.ceil(ms);
    if (n > MAX_TICKS) {
      out.line(`sleep: ${args.join(' ')}: longer than kernlab lets time run in one command (${MAX_TICKS / 1000} s)`);
      return 1;
    }
    c.runTicks(n);
    return 0;
  },
};
