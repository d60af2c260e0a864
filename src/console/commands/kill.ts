// kill: bash's builtin. Sends a signal to processes, process groups
// (-PGID), every process (-1) or jobs (%N), as root from the console's
// shell (si_pid is the shell's pid, si_code SI_USER).

import { killSomething } from '../../kernel/signal';
import { EPERM, ESRCH } from '../../kernel/uapi/errno';
import { SIGTERM } from '../../kernel/uapi/signal';
import type { Command, ConsoleServices, Out } from '../command';
import { JobTable } from '../jobs';
import { processes } from '../tasks';
import { bashSignalName, completeSignalOption, decodeSignal, signalList } from '../signames';

const USAGE = 'kill: usage: kill [-s sigspec | -n signum | -sigspec] pid | jobspec ... or kill -l [sigspec]';

/**
 * bash's decode_signal for kill: a number 0..64, or a name in any case with
 * or without SIG; EXIT is signal 0 (bash's trap name), never SIGEXIT.
 */
function decode(spec: string): number {
  return spec.toUpperCase() === 'EXIT' ? 0 : decodeSignal(spec);
}

/** kill -l [SIG...]: the list, or each name's number / number's name. bash: display_signal_list */
function listSignals(args: string[], out: Out): number {
  if (!args.length) {
    out.write(signalList());
    return 0;
  }
  let status = 0;
  for (const a of args) {
    if (/^[+-]?\d+$/.test(a)) {
      // legal_number; an exit status above 128 names the signal that caused it.
      let n = Number(a);
      if (n > 128) n -= 128;
      if (n < 0 || n > 64) {
        out.line(`kill: ${a}: invalid signal specification`);
        status = 1;
      } else if (n === 0) out.line('EXIT');
      else if (bashSignalName(n)) out.line(bashSignalName(n).slice(3));
      // 32 and 33 have no name in bash: nothing is printed.
    } else {
      const s = decode(a);
      if (s < 0) {
        out.line(`kill: ${a}: invalid signal specification`);
        status = 1;
      } else out.line(String(s));
    }
  }
  return status;
}

/** What `kill ARGS` asks for: the signal, whether it lists (-l), and the targets or list arguments. */
export interface KillArgs {
  sig: number;
  listing: boolean;
  rest: string[];
}

/** bash's kill.def option loop; the exit status after its message when the options are bad. */
export function parseKill(args: string[], out: Out): KillArgs | number {
  if (!args.length) {
    out.line(USAGE);
    return 2;
  }
  let sig = SIGTERM;
  let sawSignal = false;
  let listing = false;
  let i = 0;
  // -l sets a flag and parsing goes on; the first -X is a signal
  // specification, later -N are process groups.
  const setSignal = (spec: string): boolean => {
    sig = decode(spec);
    sawSignal = true;
    if (sig >= 0) return true;
    out.line(`kill: ${spec}: invalid signal specification`);
    return false;
  };
  for (; i < args.length; i++) {
    const a = args[i];
    if (a === '-l' || a === '-L') listing = true;
    else if (a === '-s' || a === '-n') {
      if (i + 1 >= args.length) {
        out.line(`kill: ${a}: option requires an argument`);
        return 1;
      }
      if (!setSignal(args[++i])) return 1;
    } else if (/^-s[A-Za-z]/.test(a) || /^-n\d/.test(a)) {
      if (!setSignal(a.slice(2))) return 1;
    } else if (a === '--') {
      i++;
      break;
    } else if (a === '-?') {
      out.line(USAGE);
      return 2;
    } else if (a.startsWith('-') && a.length > 1 && !sawSignal) {
      if (!setSignal(a.slice(1))) return 1;
    } else break;
  }
  return { sig, listing, rest: args.slice(i) };
}

function runKill(c: ConsoleServices, argv: string[], out: Out): number {
  const parsed = parseKill(argv.slice(1), out);
  if (typeof parsed === 'number') return parsed;
  const { sig, listing, rest } = parsed;
  if (listing) return listSignals(rest, out);
  const targets = rest;
  if (!targets.length) {
    out.line(USAGE);
    return 2;
  }
  let anyOk = false;
  let status = 0;
  for (const t of targets) {
    let pid: number;
    if (t.startsWith('%')) {
      const job = c.jobs.lookup(t);
      if (job === 'ambiguous') {
        out.line(`kill: ${JobTable.ambiguous(t)}`);
        status = 1;
        continue;
      }
      if (!job) {
        out.line(`kill: ${t}: no such job`);
        status = 1;
        continue;
      }
      pid = job.state === 'done' ? job.pid : -job.leader.signal.pgrp;
    } else if (/^-?\d+$/.test(t)) {
      pid = Number(t);
      if (!Number.isSafeInteger(pid) || Math.abs(pid) > 0x7fffffff) {
        out.line(`kill: ${t}: arguments must be process or job IDs`);
        status = 1;
        continue;
      }
    } else {
      out.line(`kill: ${t}: arguments must be process or job IDs`);
      status = 1;
      continue;
    }
    const r = killSomething(c.k, c.k.shell ?? null, pid, sig, 0); // the console is root
    if (r === 0) anyOk = true;
    else {
      out.line(`kill: (${pid}) - ${r === -ESRCH ? 'No such process' : r === -EPERM ? 'Operation not permitted' : 'Invalid argument'}`);
      status = 1;
    }
  }
  return anyOk ? 0 : status;
}

export const kill: Command = {
  name: 'kill',
  summary: 'send a signal to processes, process groups (-PGID), all (-1) or jobs (%N)',
  usage: 'kill [-SIG|-s SIG|-n N] PID|-PGID|%JOB... | kill -l [SIG]',
  details: [
    'The default signal is SIGTERM. Signals are sent as root by the console\'s shell (si_pid = its pid).',
    'kill 0 signals the shell\'s own process group. kill -l lists the signals (bash\'s format).',
  ].join('\n'),
  run: (c, argv, out) => runKill(c, argv, out),
  complete: (c, _before, word) => {
    if (word.startsWith('-')) return completeSignalOption(word);
    if (word.startsWith('%')) return c.jobs.jobs.map((j) => `%${j.id}`).filter((j) => j.startsWith(word));
    return processes(c.k)
      .map((p) => String(p.pid))
      .filter((p) => p.startsWith(word));
  },
};
