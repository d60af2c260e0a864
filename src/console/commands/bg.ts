// bg (bash builtin): continue stopped jobs in the background, as if
// typed with &: SIGCONT to each job's process group. bash 5.2's messages
// (jobs.c start_job, builtins/fg_bg.def).

import { killSomething } from '../../kernel/signal';
import { SIGCONT } from '../../kernel/uapi/signal';
import type { Command } from '../command';
import { JobTable } from '../jobs';

export const bg: Command = {
  name: 'bg',
  summary: 'continue stopped jobs in the background (SIGCONT to the job, as kill -CONT %N)',
  usage: 'bg [%JOB...]',
  details:
    'Each job (by default the current one, %+) gets SIGCONT, its whole process group, and bash shows it as it would start it: "[1]+ ./prog &". ' +
    'A job that runs already: "bg: job 1 already in background". The console has no foreground: fg says "fg: no job control", as bash with job control off.',
  run(c, argv, out) {
    const specs = argv.length > 1 ? argv.slice(1) : [null];
    let status = 0;
    for (const spec of specs) {
      const j = c.jobs.lookup(spec ?? '%+');
      if (j === 'ambiguous') {
        out.line(`bg: ${JobTable.ambiguous(spec ?? '')}`);
        status = 1;
        continue;
      }
      if (!j || j.state === 'done') {
        out.line(`bg: ${spec ?? 'current'}: no such job`);
        status = 1;
        continue;
      }
      if (j.state === 'running') {
        out.line(`bg: job ${j.id} already in background`);
        continue;
      }
      // start_job prints the job before it sends SIGCONT (the + or - it has then).
      out.line(c.jobs.startLine(j));
      killSomething(c.k, c.k.shell ?? null, -j.leader.signal.pgrp, SIGCONT, 0);
    }
    return status;
  },
  complete: (c, _before, word) =>
    c.jobs.jobs
      .filter((j) => j.state === 'stopped')
      .map((j) => `%${j.id}`)
      .filter((j) => j.startsWith(word)),
};
