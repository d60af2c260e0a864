// echo (bash builtin), with the one redirection kernlab has: writing a
// value into a /proc/sys file (echo 4096 > /proc/sys/kernel/pid_max).

import { strerror } from '../../kernel/uapi/errno';
import type { Command } from '../command';
import { absPath, fileError } from '../files';
import { procWrite } from '../proc/fs';

export const echo: Command = {
  name: 'echo',
  summary: 'print arguments, or write into /proc/sys (echo N > /proc/sys/kernel/pid_max)',
  usage: 'echo [-n] [ARG...] [> /proc/sys/kernel/FILE]',
  run(c, argv, out, redirect) {
    let args = argv.slice(1);
    let newline = true;
    while (args[0] === '-n' || args[0] === '-e' || args[0] === '-E') {
      if (args[0] === '-n') newline = false;
      args = args.slice(1);
    }
    const text = args.join(' ') + (newline ? '\n' : '');
    if (redirect === null) {
      out.write(text);
      return 0;
    }
    const path = absPath(c, redirect);
    if (!path.startsWith('/proc/')) {
      out.line(`kernlab: ${redirect}: Read-only file system`);
      return 1;
    }
    const r = procWrite({ k: c.k, loadavg: c.loadavg }, path, text);
    if (r === 0) return 0;
    if (r === -22) out.line('kernlab: echo: write error: Invalid argument');
    else if (r === -13) out.line(`kernlab: ${redirect}: Permission denied`);
    else if (r === -2 || r === -20 || r === -21) out.line(`kernlab: ${redirect}: ${fileError(r)}`);
    else out.line(`kernlab: echo: write error: ${strerror(-r)}`);
    return 1;
  },
};
