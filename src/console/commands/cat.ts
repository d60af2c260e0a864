// cat: print files — the /proc files the console computes, and the
// sources of the machine's programs. coreutils' messages.

import type { Command } from '../command';
import { completePath, fileError, readText } from '../files';

export const cat: Command = {
  name: 'cat',
  summary: 'print files: /proc/PID/{stat,status,maps,smaps,sched,...}, /proc/meminfo, ...',
  usage: 'cat FILE...',
  details: [
    '/proc/PID/stat (52 fields), /proc/PID/status, /proc/PID/maps, /proc/PID/cmdline, /proc/PID/comm,',
    '/proc/PID/wchan, /proc/PID/sched (vruntime, runtime, switches), /proc/PID/oom_score and oom_score_adj, /proc/PID/smaps and smaps_rollup',
    '(Rss, Pss, Shared/Private per VMA: fork shares pages, a COW write makes them private),',
    '/proc/PID/task/TID/{stat,status,...}, /proc/stat, /proc/interrupts, /proc/loadavg, /proc/uptime, /proc/meminfo,',
    '/proc/vmstat, /proc/sys/kernel/pid_max, /proc/sys/kernel/threads-max. /proc/self is the process reading:',
    'here the shell, bash (/proc/$$), since the console runs cat inside it (on Linux it is cat itself). A program of the machine',
    '(cat /home/student/NAME) prints its kernlab C source. Like a terminal, cmdline shows its NUL-separated',
    'words run together.',
  ].join('\n'),
  run(c, argv, out) {
    let status = 0;
    for (const path of argv.slice(1)) {
      if (path.startsWith('-')) {
        out.line(`cat: invalid option -- '${path.slice(1, 2)}'`);
        out.line("Try 'cat --help' for more information.");
        return 1;
      }
      const text = readText(c, path);
      if (typeof text === 'number') {
        out.line(`cat: ${path}: ${fileError(text)}`);
        status = 1;
        continue;
      }
      out.write(text);
    }
    return status;
  },
  complete: (c, _before, word) => completePath(c, word),
};
