// The console's commands, by name, and the help text built from them.

import type { Command } from './command';
import { bg } from './commands/bg';
import { cat } from './commands/cat';
import { clear } from './commands/clear';
import { echo } from './commands/echo';
import { fg } from './commands/fg';
import { help } from './commands/help';
import { jobs } from './commands/jobs';
import { kill } from './commands/kill';
import { killall } from './commands/killall';
import { kthreadCreateCmd, kthreadRunCmd, kthreadStopCmd, wakeUpProcessCmd } from './commands/kthreads';
import { ls } from './commands/ls';
import { nproc } from './commands/nproc';
import { findVmaCmd, mprotectCmd, munmapCmd, pmapCmd, translateCmd } from './commands/memory';
import { pgrep, pkill } from './commands/pgrep';
import { pidof } from './commands/pidof';
import { ulimit } from './commands/ulimit';
import { unset } from './commands/unset';
import { prctl } from './commands/prctl';
import { printf } from './commands/printf';
import { ps } from './commands/ps';
import { pstree } from './commands/pstree';
import { nice } from './commands/nice';
import { renice } from './commands/renice';
import { run } from './commands/run';
import { sleep } from './commands/sleep';
import { state } from './commands/state';
import { strace } from './commands/strace';
import { sysctl } from './commands/sysctl';
import { dmesg, free, uptime } from './commands/system';
import { taskset } from './commands/taskset';
import { tick } from './commands/tick';
import { top } from './commands/top';
import { vmstat } from './commands/vmstat';
import { grep } from './commands/grep';
import { head, tail, wc } from './commands/textutils';

/** Every command, in the order `help` lists them (by topic). */
export const COMMANDS: readonly Command[] = [
  run,
  tick,
  sleep,
  jobs,
  bg,
  fg,
  ps,
  top,
  pstree,
  cat,
  ls,
  kill,
  pgrep,
  pkill,
  pidof,
  ulimit,
  killall,
  strace,
  taskset,
  nice,
  renice,
  prctl,
  wakeUpProcessCmd,
  kthreadStopCmd,
  kthreadCreateCmd,
  kthreadRunCmd,
  pmapCmd,
  translateCmd,
  mprotectCmd,
  munmapCmd,
  findVmaCmd,
  sysctl,
  echo,
  printf,
  unset,
  dmesg,
  uptime,
  free,
  nproc,
  vmstat,
  state,
  grep,
  head,
  tail,
  wc,
  clear,
  help,
];

export const BY_NAME: ReadonlyMap<string, Command> = new Map(COMMANDS.map((c) => [c.name, c]));

const INTRO = `kernlab console: a shell onto the simulated machine. Commands as in bash: a pipe into
grep, head, tail or wc (ps -e | grep Z), $(CMD) in place of its output (kill $(pgrep hog)), lists (kill -0 305 && echo alive; ps), variables (PID=$(pgrep hog); kill $PID), $?, $$ and $!; time passes only with tick (1 tick = 1 ms) and top (its 0.15 s sample). The console acts as root; programs you run belong to student (uid 1000)
on pts/0. strace is kernel-side; wake_up_process, kthread_stop, kthread_create, prctl, translate,
mprotect, munmap and find_vma are kernlab's debugger calls, named after the kernel functions.
`;

/** Fills text into lines of at most `width` columns, each indented by `indent`. */
function wrap(text: string, indent: string, width = 80, first = indent): string {
  let out = '';
  let line = '';
  let lead = first;
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line && lead.length + line.length + 1 + word.length > width) {
      out += lead + line + '\n';
      lead = indent;
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  return line ? out + lead + line + '\n' : out;
}

/** `help` or `help NAME`, filled to `width` columns; "" for an unknown name. */
export function helpText(name?: string, allowed?: ReadonlySet<string>, width = 80): string {
  if (name !== undefined) {
    const c = BY_NAME.get(name);
    if (!c) return '';
    return `${c.name}: ${c.usage}\n${wrap(c.summary, '    ', width)}${c.details ? wrap(c.details, '    ', width) : ''}`;
  }
  const shown = COMMANDS.filter((c) => !allowed || allowed.has(c.name));
  const w = Math.max(...shown.map((c) => c.name.length));
  const list = shown.map((c) => wrap(c.summary, ' '.repeat(w + 4), width, `  ${c.name.padEnd(w)}  `)).join('');
  return wrap(INTRO, '', width) + '\n' + list + '\nhelp COMMAND shows its usage.\n';
}
