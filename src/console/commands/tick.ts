// tick: let simulated time run. One tick is 1 ms on every CPU; what
// programs print meanwhile appears as the output of this command.

import type { Command } from '../command';
import { parseTicks } from '../numbers';

/** Most ticks one command may run (about 2.8 simulated hours). */
export const MAX_TICKS = 10_000_000;

export const tick: Command = {
  name: 'tick',
  summary: 'let simulated time pass (1 tick = 1 ms); shows what programs print',
  usage: 'tick [N|Nms|Ns]',
  details: 'tick 1s and tick 250ms are accepted; the default is 1 tick.',
  run(c, argv, out) {
    if (argv.length > 2) {
      out.line('tick: usage: tick [N|Nms|Ns]');
      return 2;
    }
    const n = argv[1] === undefined ? 1 : parseTicks(argv[1]);
    if (n === null || n > MAX_TICKS) {
      out.line(`tick: ${argv[1]}: invalid number of ticks`);
      return 1;
    }
    c.runTicks(n);
    return 0;
  },
};
