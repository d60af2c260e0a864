// ulimit (bash 5.2's builtin): the console's shell's resource limits, as
// getrlimit(2) gives them, in bash's units (blocks of 1024 bytes for -c
// and -f, kbytes for -d -l -m -s -v). The same numbers as
// /proc/PID/limits (proc/limits.ts); -S soft (the default), -H hard.
// kernlab: the console shows limits and does not set them; a program's
// own are in /proc/PID/limits. bash: builtins/ulimit.def

import type { Command, ConsoleServices, Out } from '../command';
import { INF, rlimits } from '../proc/limits';

/** One row of `ulimit -a`: option, description, unit, the /proc/PID/limits row it shows and the factor bash divides by. */
interface Limit {
  opt: string;
  desc: string;
  unit: string; // '' for none
  limit: string | null; // null: pipe size, PIPE_BUF / 512, a constant and not a limit
  div: number;
}

// bash's `limits` table, in its order (ulimit -a prints them so).
const LIMITS: Limit[] = [
  { opt: 'R', desc: 'real-time non-blocking time', unit: 'microseconds', limit: 'Max realtime timeout', div: 1 },
  { opt: 'c', desc: 'core file size', unit: 'blocks', limit: 'Max core file size', div: 1024 },
  { opt: 'd', desc: 'data seg size', unit: 'kbytes', limit: 'Max data size', div: 1024 },
  { opt: 'e', desc: 'scheduling priority', unit: '', limit: 'Max nice priority', div: 1 },
  { opt: 'f', desc: 'file size', unit: 'blocks', limit: 'Max file size', div: 1024 },
  { opt: 'i', desc: 'pending signals', unit: '', limit: 'Max pending signals', div: 1 },
  { opt: 'l', desc: 'max locked memory', unit: 'kbytes', limit: 'Max locked memory', div: 1024 },
  { opt: 'm', desc: 'max memory size', unit: 'kbytes', limit: 'Max resident set', div: 1024 },
  { opt: 'n', desc: 'open files', unit: '', limit: 'Max open files', div: 1 },
  { opt: 'p', desc: 'pipe size', unit: '512 bytes', limit: null, div: 1 },
  { opt: 'q', desc: 'POSIX message queues', unit: 'bytes', limit: 'Max msgqueue size', div: 1 },
  { opt: 'r', desc: 'real-time priority', unit: '', limit: 'Max realtime priority', div: 1 },
  { opt: 's', desc: 'stack size', unit: 'kbytes', limit: 'Max stack size', div: 1024 },
  { opt: 't', desc: 'cpu time', unit: 'seconds', limit: 'Max cpu time', div: 1 },
  { opt: 'u', desc: 'max user processes', unit: '', limit: 'Max processes', div: 1 },
  { opt: 'v', desc: 'virtual memory', unit: 'kbytes', limit: 'Max address space', div: 1024 },
  { opt: 'x', desc: 'file locks', unit: '', limit: 'Max file locks', div: 1 },
];

/** PIPE_BUF in bash's 512-byte blocks: what `ulimit -p` prints. */
const PIPE_BLOCKS = 8;

const USAGE = 'ulimit: usage: ulimit [-SHabcdefiklmnpqrstuvxPRT] [limit]';

/** bash's print_rlimtype with its description: "%-20s %20s" then the value. */
function line(l: Limit, v: string): string {
  const unit = l.unit ? `(${l.unit}, -${l.opt}) ` : `(-${l.opt}) `;
  return `${l.desc.padEnd(20)} ${unit.padStart(20)}${v}`;
}

function runUlimit(c: ConsoleServices, argv: string[], out: Out): number {
  let soft = true;
  let all = false;
  const asked: Limit[] = [];
  let value: string | null = null;
  for (const a of argv.slice(1)) {
    if (value === null && a.startsWith('-') && a.length > 1) {
      for (const ch of a.slice(1)) {
        if (ch === 'S') soft = true;
        else if (ch === 'H') soft = false;
        else if (ch === 'a') all = true;
        else {
          const l = LIMITS.find((x) => x.opt === ch);
          if (!l) {
            out.line(`ulimit: -${ch}: invalid option`);
            out.line(USAGE);
            return 2;
          }
          asked.push(l);
        }
      }
    } else if (value === null) value = a;
    else {
      out.line(`ulimit: ${a}: invalid number`); // bash reads one limit; the next word is another
      return 1;
    }
  }
  if (value !== null) {
    if (value !== 'unlimited' && value !== 'hard' && value !== 'soft' && !/^\d+$/.test(value)) {
      out.line(`ulimit: ${value}: invalid number`);
      return 1;
    }
    out.line("ulimit: kernlab's console shows limits and does not set them (a program's own: cat /proc/PID/limits)");
    return 1;
  }
  const shell = c.k.shell;
  if (!shell) return 1;
  const rows = new Map(rlimits(c.k, shell).map(([name, s, h]) => [name, soft ? s : h]));
  const show = (l: Limit) => {
    const v = l.limit === null ? PIPE_BLOCKS : rows.get(l.limit)!;
    return v === INF ? 'unlimited' : String(Math.floor(v / l.div));
  };
  if (all) {
    for (const l of LIMITS) out.line(line(l, show(l)));
    return 0;
  }
  const list = asked.length ? asked : [LIMITS.find((l) => l.opt === 'f')!];
  if (list.length === 1) out.line(show(list[0]));
  else for (const l of list) out.line(line(l, show(l)));
  return 0;
}

export const ulimit: Command = {
  name: 'ulimit',
  summary: "the shell's resource limits, as bash's ulimit shows them (max user processes: -u)",
  usage: 'ulimit [-SH] [-a | -cdefilmnpqrstuvxR]',
  details:
    'The console shell\'s limits, which the programs it starts inherit: -u max user processes (RLIMIT_NPROC, what fork checks), -s stack size in kbytes, ' +
    '-a all of them; -H the hard limits. kernlab shows limits and does not set them; a program\'s own are in /proc/PID/limits.',
  run: (c, argv, out) => runUlimit(c, argv, out),
};
