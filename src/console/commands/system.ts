// Whole-machine tools: dmesg, uptime (procps), free (procps).

import { BOOT_EPOCH, gmtime, strftime, uptimeSeconds, wallclock } from '../clock';
import type { Command } from '../command';
import { memCounters } from '../meminfo';

/** util-linux 2.38 dmesg's short options (getopt's "CcDdEF:f:HhkL::l:n:iPprSs:TtuVWwx"). */
const DMESG_SHORT = 'CcDdEFfHhkLlniPprSsTtuVWwx';

export const dmesg: Command = {
  name: 'dmesg',
  summary: 'print the kernel log (printk from kernel threads)',
  usage: 'dmesg',
  details: 'kernlab takes no options (util-linux dmesg 2.38 has many: they are refused, not ignored).',
  run(c, argv, out) {
    const a = argv[1];
    if (a !== undefined) {
      // util-linux: a word that is no option is "bad usage"; an option it does not know is named.
      const opt = /^-([^-])/.exec(a)?.[1];
      if (!a.startsWith('-')) out.line('dmesg: bad usage');
      else if (opt !== undefined && !DMESG_SHORT.includes(opt)) out.line(`dmesg: invalid option -- '${opt}'`);
      else if (opt === undefined && !/^--(clear|read-clear|console-off|show-delta|decode|file|facility|human|kernel|color|level|console-level|nopager|noescape|raw|syslog|force-prefix|buffer-size|ctime|notime|since|until|userspace|follow|follow-new|time-format|help|version)(=|$)/.test(a))
        out.line(`dmesg: unrecognized option '${a}'`);
      else out.line(`dmesg: ${a}: kernlab's dmesg takes no options`);
      out.line("Try 'dmesg --help' for more information.");
      return 1;
    }
    for (const line of c.k.dmesg) out.line(line);
    return 0;
  },
};

const UPTIME_USAGE =
  '\nUsage:\n uptime [options]\n\nOptions:\n -p, --pretty   show uptime in pretty format\n -h, --help     display this help and exit\n' +
  ' -s, --since    system up since\n -V, --version  output version information and exit\n\nFor more details see uptime(1).\n';

/** procps 4.0.2 procps_uptime_sprint_short: "up 1 week, 2 days, 3 hours, 4 minutes". */
function prettyUptime(secs: number): string {
  const s = Math.floor(secs);
  const parts: [number, string][] = [
    [Math.floor(s / (60 * 60 * 24 * 365 * 10)), 'decade'],
    [Math.floor(s / (60 * 60 * 24 * 365)) % 10, 'year'],
    [Math.floor(s / (60 * 60 * 24 * 7)) % 52, 'week'],
    [Math.floor(s / (60 * 60 * 24)) % 7, 'day'],
    [Math.floor(s / (60 * 60)) % 24, 'hour'],
  ];
  const words = parts.filter(([n]) => n).map(([n, w]) => `${n} ${w}${n > 1 ? 's' : ''}`);
  const mins = Math.floor(s / 60) % 60;
  // Minutes are shown when there are some, or when the machine is up less than a minute ("up 0 minutes").
  if (mins || s < 60) words.push(`${mins} ${mins !== 1 ? 'minutes' : 'minute'}`);
  return 'up ' + words.join(', ');
}

/** procps uptime: " 09:00:05 up 0 min,  1 user,  load average: 0.00, 0.00, 0.00" */
export const uptime: Command = {
  name: 'uptime',
  summary: 'time since boot, users and load averages (procps)',
  usage: 'uptime [-p|-s|-V]',
  details: 'The machine boots at 09:00:00 (UTC); load averages are sampled every 5 s of ticks the console runs. -p: "up 2 hours, 5 minutes"; -s: when it booted.',
  run(c, argv, out) {
    const k = c.k;
    let mode: 'default' | 'pretty' | 'since' = 'default';
    for (const a of argv.slice(1)) {
      if (a === '-p' || a === '--pretty') mode = 'pretty';
      else if (a === '-s' || a === '--since') mode = 'since';
      else if (a === '-V' || a === '--version') {
        out.line('uptime from procps-ng 4.0.2');
        return 0;
      } else if (a === '-h' || a === '--help') {
        out.write(UPTIME_USAGE);
        return 0;
      } else {
        // procps: an unknown option is named; a word that is no option only gets the usage.
        if (/^-[^-]/.test(a)) out.line(`uptime: invalid option -- '${a[1]}'`);
        else if (a.startsWith('--')) out.line(`uptime: unrecognized option '${a}'`);
        out.write(UPTIME_USAGE);
        return 1;
      }
    }
    if (mode === 'since') {
      // now - uptime, rounded: the boot moment.
      out.line(strftime('%Y-%m-%d %H:%M:%S', gmtime(BOOT_EPOCH)));
      return 0;
    }
    if (mode === 'pretty') {
      out.line(prettyUptime(uptimeSeconds(k)));
      return 0;
    }
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
        // getopt names a bad option; a word that is no option only gets the usage.
        if (a.startsWith('-')) out.line(`free: invalid option -- '${a.replace(/^-+/, '').slice(0, 1)}'`);
        out.write('\nUsage:\n free [options]\n');
        return 1;
      }
    }
    const m = memCounters(c.k);
    const used = m.total - m.available; // procps 4.0: what is not available is used (3.3 said total - free - buff/cache)
    const col = (v: number) => scale(v).padStart(12);
    out.line('               total        used        free      shared  buff/cache   available');
    out.line('Mem:    ' + [m.total, used, m.free, m.shmem, m.cached, m.available].map(col).join(''));
    out.line('Swap:   ' + [0, 0, 0].map(col).join(''));
    return 0;
  },
};
