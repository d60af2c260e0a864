// sysctl: read and write kernel parameters under /proc/sys (procps-ng).
// kernlab has kernel.pid_max and kernel.threads-max.

import type { Command, ConsoleServices, Out } from '../command';
import { procRead, procWrite } from '../proc/fs';
import { strerror } from '../../kernel/uapi/errno';

const KEYS = ['kernel.pid_max', 'kernel.threads-max'];

function keyPath(key: string): string {
  return '/proc/sys/' + key.replace(/\./g, '/');
}

function runSysctl(c: ConsoleServices, argv: string[], out: Out): number {
  const pc = { k: c.k, loadavg: c.loadavg };
  let valuesOnly = false;
  let all = false;
  const items: string[] = [];
  for (const a of argv.slice(1)) {
    if (a === '-n' || a === '--values') valuesOnly = true;
    else if (a === '-w' || a === '--write' || a === '-q' || a === '--quiet') continue;
    else if (a === '-a' || a === '-A' || a === '--all') all = true;
    else if (a.startsWith('-')) {
      out.line(`sysctl: invalid option -- '${a.slice(1, 2)}'`);
      out.write('\nUsage:\n sysctl [options] [variable[=value] ...]\n');
      return 1;
    } else items.push(a);
  }
  if (all) items.push(...KEYS);
  if (!items.length) {
    out.write('\nUsage:\n sysctl [options] [variable[=value] ...]\n');
    return 1;
  }
  let status = 0;
  for (const item of items) {
    const eq = item.indexOf('=');
    const key = (eq >= 0 ? item.slice(0, eq) : item).replace(/\//g, '.');
    const path = keyPath(key);
    if (eq >= 0) {
      const value = item.slice(eq + 1);
      const r = procWrite(pc, path, value);
      if (r < 0) {
        if (r === -2) out.line(`sysctl: cannot stat ${path}: No such file or directory`);
        else out.line(`sysctl: setting key "${key}": ${strerror(-r)}`);
        status = 1;
        continue;
      }
      out.line(valuesOnly ? value : `${key} = ${value}`);
      continue;
    }
    const v = procRead(pc, path);
    if (typeof v === 'number') {
      out.line(`sysctl: cannot stat ${path}: No such file or directory`);
      status = 1;
      continue;
    }
    out.line(valuesOnly ? v.trimEnd() : `${key} = ${v.trimEnd()}`);
  }
  return status;
}

export const sysctl: Command = {
  name: 'sysctl',
  summary: 'read or set kernel parameters (kernel.pid_max, kernel.threads-max)',
  usage: 'sysctl [-n] KEY[=VALUE]... | sysctl -a',
  details: 'pid_max must be 301..4194304 (EINVAL otherwise); PIDs then wrap at the new maximum.',
  run: (c, argv, out) => runSysctl(c, argv, out),
  complete: (_c, _b, word) => KEYS.filter((k) => k.startsWith(word)),
};
