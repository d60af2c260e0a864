// Whole-machine tools: dmesg, uptime (procps), free (procps).

import { gmtime, strftime, uptimeSeconds, wallclock } from '../clock';
import type { Command } from '../command';
import { memCounters } from '../meminfo';

export const dmesg: Command = {
  name: 'dmesg',
  summary: 'print the kernel log (printk from kernel threads)',
  usage: 'dmesg',
  run(c, _argv, out) {
    for (const line of c.k.dmesg) out.line(line);
    return 0;
  },
};

/** procps uptime: " 09:00:05 up 0 min,  1 user,  load average: 0.00, 0.00, 0.00" */
export const uptime: Command = {
  name: 'uptime',
  summary: 'time since boot, users and load averages (procps)',
  usage: 'uptime',
  details: 'The machine boots at 09:00:00 (UTC); load averages are sampled every 5 s of ticks the console runs.',
  run(c, _argv, out) {
    const k = c.k;
    let up = uptimeSeconds(k);
    let s = ` ${strftime('%H:%M:%S', gmtime(wallclock(k)))} up `;
    let days = 0;
    let hours = 0;
    let mins = 0;
    if (up > 86400) {
      days = Math.floor(up / 86400);
      up -= days * 86400;
    }
    if (up > 3600) {
      hours = Math.floor(up / 3600);
      up -= hours * 3600;
    }
    if (up > 60) mins = Math.floor(up / 60);
    if (days) s += `${days} ${days !== 1 ? 'days' : 'day'}`;
    if (hours) s += `${days ? ', ' : ''}${String(hours).padStart(2)}:${String(mins).padStart(2, '0')}`;
    else s += `${days ? ', ' : ''}${mins} min`;
    const users = k.shell && !k.shell.exitState ? 1 : 0;
    s += `, ${String(users).padStart(2)} ${users !== 1 ? 'users' : 'user'},  `;
    s += `load average: ${c.loadavg.format(0)}, ${c.loadavg.format(1)}, ${c.loadavg.format(2)}`;
    out.line(s);
    return 0;
  },
};

/** procps free: human-readable sizes ("256Mi", "8.6Mi", "0B"). */
function human(kb: number): string {
  const bytes = kb * 1024;
  if (`${bytes}B`.length <= 4) return `${bytes}B`;
  const units = ['Ki', 'Mi', 'Gi', 'Ti', 'Pi'];
  for (let i = 0; i < units.length; i++) {
    const v = bytes / 1024 ** (i + 1);
    const f = `${v.toFixed(1)}${units[i]}`;
    if (f.length <= 5) return f;
    const n = `${Math.floor(v)}${units[i]}`;
    if (n.length <= 5) return n;
  }
  return `${bytes}B`;
}

export const free: Command = {
  name: 'free',
  summary: 'amount of free and used memory (procps)',
  usage: 'free [-b|-k|-m|-g|-h]',
  run(c, argv, out) {
    let scale = (kb: number): string => String(kb);
    for (const a of argv.slice(1)) {
      if (a === '-b' || a === '--bytes') scale = (kb) => String(kb * 1024);
      else if (a === '-k' || a === '--kibi') scale = (kb) => String(kb);
      else if (a === '-m' || a === '--mebi') scale = (kb) => String(Math.floor(kb / 1024));
      else if (a === '-g' || a === '--gibi') scale = (kb) => String(Math.floor(kb / 1048576));
      else if (a === '-h' || a === '--human') scale = human;
      else {
        out.line(`free: invalid option -- '${a.replace(/^-+/, '').slice(0, 1)}'`);
        out.write('\nUsage:\n free [options]\n');
        return 1;
      }
    }
    const m = memCounters(c.k);
    const used = m.total - m.free - m.cached;
    const col = (v: number) => scale(v).padStart(12);
    out.line('               total        used        free      shared  buff/cache   available');
    out.line('Mem:    ' + [m.total, used, m.free, m.shmem, m.cached, m.available].map(col).join(''));
    out.line('Swap:   ' + [0, 0, 0].map(col).join(''));
    return 0;
  },
};
