// prctl PID subreaper on|off (kernlab): sets PR_SET_CHILD_SUBREAPER on a
// process from outside, as a kernel debugger would write the flag.
// linux: kernel/sys.c prctl(PR_SET_CHILD_SUBREAPER)

import type { Command, ConsoleServices, Out } from '../command';
import { isKthread, processes } from '../tasks';
import { taskArg, who } from '../args';
import { setChildSubreaper } from '../../kernel/exit';

const USAGE = 'prctl PID subreaper [on|off]';

function runPrctl(c: ConsoleServices, argv: string[], out: Out): number {
  const t = taskArg(c, 'prctl', argv[1], out, USAGE);
  if (!t) return argv[1] === undefined ? 2 : 1;
  if (argv[2] !== 'subreaper' || argv.length > 4) {
    out.line(`prctl: usage: ${USAGE}`);
    return 2;
  }
  const p = t.groupLeader;
  if (argv.length === 3) {
    out.line(`${who(p)}: PR_GET_CHILD_SUBREAPER = ${p.signal.isChildSubreaper ? 1 : 0}`);
    return 0;
  }
  const on = argv[3] === 'on' || argv[3] === '1' ? true : argv[3] === 'off' || argv[3] === '0' ? false : null;
  if (on === null) {
    out.line(`prctl: usage: ${USAGE}`);
    return 2;
  }
  if (isKthread(p) || p.exitState) {
    out.line(`prctl: (${t.pid}) - ${p.exitState ? 'No such process' : 'Invalid argument'}`);
    return 1;
  }
  setChildSubreaper(c.k, p, on);
  out.line(`${who(p)}: PR_SET_CHILD_SUBREAPER = ${on ? 1 : 0}`);
  return 0;
}

export const prctl: Command = {
  name: 'prctl',
  summary: 'kernlab: set or show PR_SET_CHILD_SUBREAPER on a process',
  usage: USAGE,
  details: 'Orphans of its descendants are then reparented to it instead of init (find_new_reaper).',
  run: (c, argv, out) => runPrctl(c, argv, out),
  complete: (c, before, word) => {
    const words = before.length === 1 ? processes(c.k).filter((p) => !p.kthread).map((p) => String(p.pid)) : before.length === 2 ? ['subreaper'] : before.length === 3 ? ['on', 'off'] : [];
    return words.filter((w) => w.startsWith(word));
  },
};
