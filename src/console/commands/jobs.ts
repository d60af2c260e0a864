// jobs (bash builtin): the shell's background jobs and their state.

import type { Command } from '../command';

export const jobs: Command = {
  name: 'jobs',
  summary: 'list the jobs started with run (bash)',
  usage: 'jobs',
  run(c, _argv, out) {
    out.write(c.jobs.list());
    return 0;
  },
};
