// jobs (bash builtin): the shell's background jobs and their state.

import type { Command } from '../command';
import { JobTable, type Job } from '../jobs';

const USAGE = 'jobs: usage: jobs [-lnprs] [jobspec ...] or jobs -x command [args]';

export const jobs: Command = {
  name: 'jobs',
  summary: "list the shell's jobs: programs started with run or ./NAME (bash)",
  usage: 'jobs [-lnprs] [%N...]',
  details: '-l adds the PID, -p prints only PIDs (the last of -l/-p wins), -r running jobs only, -s stopped jobs only, -n only those whose state changed since last reported. A JOBSPEC is %N, N, %%, %+, %-, %NAME (the job whose command starts with NAME) or %?TEXT (the one whose command contains TEXT).',
  run(c, argv, out) {
    let mode: 'standard' | 'long' | 'pid' = 'standard';
    let only: 'running' | 'stopped' | 'changed' | null = null;
    let i = 1;
    for (; i < argv.length && argv[i].startsWith('-') && argv[i] !== '-'; i++) {
      if (argv[i] === '--') {
        i++;
        break;
      }
      for (const f of argv[i].slice(1)) {
        if (f === 'l') mode = 'long';
        else if (f === 'p') mode = 'pid';
        else if (f === 'r') only = 'running';
        else if (f === 's') only = 'stopped';
        else if (f === 'n') only = 'changed';
        else {
          out.line(`jobs: -${f}: invalid option`);
          out.line(USAGE);
          return 2;
        }
      }
    }
    const keep = (j: Job) => (only === 'changed' ? !j.notified : only === 'running' ? j.state === 'running' : only === 'stopped' ? j.state === 'stopped' : true);
    if (i === argv.length) {
      out.write(c.jobs.list(c.jobs.jobs.filter(keep), mode));
      return 0;
    }
    // Each JOBSPEC in turn, an unknown one reported in its place.
    let status = 0;
    for (const spec of argv.slice(i)) {
      // bash's get_job_spec: a bare number is a job number too.
      const j = c.jobs.lookup(/^\d+$/.test(spec) ? `%${spec}` : spec);
      if (j === 'ambiguous') out.line(`jobs: ${JobTable.ambiguous(spec)}`);
      if (j && j !== 'ambiguous') out.write(c.jobs.list([j].filter(keep), mode));
      else {
        out.line(`jobs: ${spec}: no such job`);
        status = 1;
      }
    }
    return status;
  },
};
