// cat: print files — the /proc files the console computes, and the
// sources of the machine's programs. coreutils' messages.

import type { Command } from '../command';
import { fileError, lookup } from '../files';
import { procPaths } from '../proc/fs';

export const cat: Command = {
  name: 'cat',
  summary: 'print files: /proc/PID/{stat,status,maps,cmdline,...}, /proc/meminfo, ...',
  usage: 'cat FILE...',
  details: [
    '/proc/PID/stat (52 fields), /proc/PID/status, /proc/PID/maps, /proc/PID/cmdline, /proc/PID/comm,',
    '/proc/PID/wchan, /proc/PID/task/TID/{stat,status,...}, /proc/loadavg, /proc/uptime, /proc/meminfo,',
    '/proc/sys/kernel/pid_max, /proc/sys/kernel/threads-max. A program of the machine (cat /home/student/NAME)',
    'prints its kernlab C source. Like a terminal, cmdline shows its NUL-separated words run together.',
  ].join('\n'),
  run(c, argv, out) {
    let status = 0;
    for (const path of argv.slice(1)) {
      if (path.startsWith('-')) {
        out.line(`cat: invalid option -- '${path.slice(1, 2)}'`);
        out.line("Try 'cat --help' for more information.");
        return 1;
      }
      const n = lookup(c, path);
      if (typeof n === 'number' || n.kind === 'dir') {
        out.line(`cat: ${path}: ${fileError(typeof n === 'number' ? n : -21)}`);
        status = 1;
        continue;
      }
      // A terminal shows NUL bytes as nothing.
      out.write(n.read().replace(/\0/g, ''));
    }
    return status;
  },
  complete: (c, _before, word) => procPaths({ k: c.k, loadavg: c.loadavg }).filter((p) => p.startsWith(word)),
};
