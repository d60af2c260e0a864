// fg (bash builtin) where there is no foreground: the console runs every
// job in the background, as bash does with job control off (set +m), and
// answers fg as that bash does (builtins/fg_bg.def: "no job control").

import type { Command } from '../command';

export const fg: Command = {
  name: 'fg',
  summary: 'no foreground here: jobs run in the background (bash with job control off)',
  usage: 'fg [%JOB]',
  details:
    'The console never waits for a job: time passes only with tick, and programs write to the terminal as they run. ' +
    'So fg answers as bash does with job control off, "fg: no job control" (status 1), whatever the job. ' +
    'To continue a stopped job use bg or kill -CONT %N; to watch one, tick and ps, or strace -p PID.',
  run(_c, _argv, out) {
    out.line('fg: no job control');
    return 1;
  },
};
