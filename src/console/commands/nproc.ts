// nproc (coreutils): the CPUs a process started from the shell may run
// on, that is the shell's affinity mask (sched_getaffinity after fork);
// --all: every CPU of the machine.

import type { Command } from '../command';

export const nproc: Command = {
  name: 'nproc',
  summary: 'number of CPUs a program started here may use (the shell\'s affinity); --all: every CPU',
  usage: 'nproc [--all] [--ignore=N]',
  details: 'As coreutils: the popcount of the shell\'s cpus_allowed (taskset -p on the shell changes it), or with --all the machine\'s CPUs; --ignore=N leaves out N of them, but never the last one.',
  run(c, argv, out) {
    let all = false;
    let ignore = 0;
    for (let i = 1; i < argv.length; i++) {
      const a = argv[i];
      const ig = /^--ignore(?:=(.*))?$/.exec(a);
      if (a === '--all') all = true;
      else if (ig) {
        const v = ig[1] ?? argv[++i];
        if (v === undefined) {
          out.line("nproc: option '--ignore' requires an argument");
          out.line("Try 'nproc --help' for more information.");
          return 1;
        }
        if (!/^\d+$/.test(v)) {
          out.line(`nproc: invalid number: '${v}'`);
          return 1;
        }
        ignore = Number(v);
      } else if (a.startsWith('-')) {
        out.line(a.startsWith('--') ? `nproc: unrecognized option '${a}'` : `nproc: invalid option -- '${a[1]}'`);
        out.line("Try 'nproc --help' for more information.");
        return 1;
      } else {
        out.line(`nproc: extra operand '${a}'`);
        out.line("Try 'nproc --help' for more information.");
        return 1;
      }
    }
    const n = all ? c.k.rqs.length : c.k.shell.nrCpusAllowed;
    out.line(String(Math.max(1, n - ignore)));
    return 0;
  },
};
