// killall (psmisc 23.6): signal every process with a given name (its
// comm, or for names over 15 characters the command's full name), as
// root from the console's shell, which killall never signals (it is the
// process running killall). Status 0 when each name matched a process.

import { killSomething } from '../../kernel/signal';
import type { TaskStruct } from '../../kernel/task';
import { ESRCH, strerror } from '../../kernel/uapi/errno';
import { SIGTERM } from '../../kernel/uapi/signal';
import type { Command, ConsoleServices, Out } from '../command';
import { bashSignalName, completeSignalOption, decodeSignal } from '../signames';
import { cmdlineOf, completeComm, processes, userId } from '../tasks';

const TASK_COMM_LEN = 16;

const USAGE = `Usage: killall [OPTION]... [--] NAME...
       killall -l, --list
       killall -V, --version

  -e,--exact          require exact match for very long names
  -I,--ignore-case    case insensitive process name match
  -l,--list           list all known signal names
  -q,--quiet          don't print complaints
  -r,--regexp         interpret NAME as an extended regular expression
  -s,--signal SIGNAL  send this signal instead of SIGTERM
  -u,--user USER      kill only process(es) running as USER
  -v,--verbose        report if the signal was successfully sent
`;

/** killall -l: psmisc's list, the names of 1..31 without SIG, wrapped as it prints them. */
function signalList(): string {
  const names: string[] = [];
  for (let s = 1; s <= 31; s++) names.push(s === 29 ? 'POLL' : bashSignalName(s).slice(3));
  return names.slice(0, 16).join(' ') + '\n' + names.slice(16).join(' ') + '\n';
}

interface Options {
  exact: boolean;
  icase: boolean;
  quiet: boolean;
  regexp: boolean;
  verbose: boolean;
  uid: number | null;
  signal: number;
  names: string[];
}

/** The options, or the exit status after printing psmisc's message. */
export function parseKillall(args: string[], out: Out): Options | number {
  const o: Options = { exact: false, icase: false, quiet: false, regexp: false, verbose: false, uid: null, signal: SIGTERM, names: [] };
  const sig = (spec: string): boolean => {
    const s = decodeSignal(spec);
    if (s < 0) {
      out.line(`${spec}: unknown signal; killall -l lists signals.`);
      return false;
    }
    o.signal = s;
    return true;
  };
  const user = (name: string): boolean => {
    const uid = userId(name);
    if (uid === null) {
      out.line(`Cannot find user ${name}`);
      return false;
    }
    o.uid = uid;
    return true;
  };
  const LONG: Record<string, string> = { exact: 'e', 'ignore-case': 'I', list: 'l', quiet: 'q', regexp: 'r', signal: 's', user: 'u', verbose: 'v' };
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--') {
      o.names.push(...args.slice(i + 1));
      break;
    }
    if (!a.startsWith('-') || a === '-') {
      o.names.push(a);
      continue;
    }
    let flags = a.slice(1);
    if (a.startsWith('--')) {
      const opt = LONG[a.slice(2).split('=')[0]];
      if (!opt) {
        out.line(`killall: unrecognized option '${a}'`);
        out.write(USAGE);
        return 1;
      }
      flags = a.includes('=') ? opt + a.slice(a.indexOf('=') + 1) : opt;
    }
    // A signal: -9, -KILL, -SIGKILL; an unknown letter is read as one too, as psmisc does.
    if (!/^[eIlqrsuv]/.test(flags) || /^\d/.test(flags)) {
      if (!sig(flags)) return 1;
      continue;
    }
    for (let j = 0; j < flags.length; j++) {
      const f = flags[j];
      if (f === 's' || f === 'u') {
        const v = j + 1 < flags.length ? flags.slice(j + 1) : args[++i];
        if (v === undefined) {
          out.line(`killall: option requires an argument -- '${f}'`);
          out.write(USAGE);
          return 1;
        }
        if (!(f === 's' ? sig(v) : user(v))) return 1;
        break;
      }
      if (f === 'l') {
        out.write(signalList());
        return 0;
      }
      if (f === 'e') o.exact = true;
      else if (f === 'I') o.icase = true;
      else if (f === 'q') o.quiet = true;
      else if (f === 'r') o.regexp = true;
      else if (f === 'v') o.verbose = true;
      else {
        if (!sig(flags.slice(j))) return 1;
        break;
      }
    }
  }
  if (!o.names.length) {
    out.write(USAGE);
    return 1;
  }
  return o;
}

/** The program's full name: the last component of argv[0], or null without a command line. */
function longName(p: TaskStruct): string | null {
  const argv = cmdlineOf(p);
  if (!argv.length) return null;
  return argv[0].slice(argv[0].lastIndexOf('/') + 1);
}

function runKillall(c: ConsoleServices, argv: string[], out: Out): number {
  const o = parseKillall(argv.slice(1), out);
  if (typeof o === 'number') return o;
  const found = new Array<boolean>(o.names.length).fill(false);
  const res = o.names.map((n) => {
    if (!o.regexp) return null;
    try {
      return new RegExp(n, o.icase ? 'i' : '');
    } catch {
      out.line(`Bad regular expression: ${n}`);
      return undefined;
    }
  });
  if (res.includes(undefined)) return 1;
  // A NAME with a '/' is a file: psmisc matches the process's executable, which kernlab has not.
  let fileNames = false;
  o.names.forEach((n, i) => {
    if (n.includes('/') && !o.regexp) {
      if (!o.quiet) out.line(`${n}: No such file or directory`);
      found[i] = true; // reported already
      fileNames = true;
    }
  });
  const same = (a: string, b: string) => (o.icase ? a.toLowerCase() === b.toLowerCase() : a === b);
  let status = 0;
  for (const p of processes(c.k)) {
    if (p === c.k.shell) continue; // the process running killall
    if (o.uid !== null && p.uid !== o.uid) continue;
    const comm = p.comm;
    const full = comm.length === TASK_COMM_LEN - 1 ? longName(p) : null;
    // The first NAME that matches; a process is signalled once.
    const i = o.names.findIndex((n, j) => {
      const re = res[j];
      if (re) return re.test(full ?? comm);
      if (n.includes('/')) return false;
      if (full !== null && n.length >= TASK_COMM_LEN - 1) return same(n, full);
      if (comm.length === TASK_COMM_LEN - 1 && n.length > comm.length && same(n.slice(0, TASK_COMM_LEN - 1), comm)) {
        // A 15-character comm may be a longer name cut short; with -e, no command line to check means no match.
        if (!o.exact) return true;
        if (o.verbose) out.line(`killall: skipping partial match ${comm}(${p.pid})`);
        return false;
      }
      return same(n, comm);
    });
    if (i < 0) continue;
    found[i] = true;
    const r = killSomething(c.k, c.k.shell ?? null, p.pid, o.signal, 0);
    if (r === 0) {
      if (o.verbose) out.line(`Killed ${comm}(${p.pid}) with signal ${o.signal}`);
    } else if (r !== -ESRCH) {
      if (!o.quiet) out.line(`${comm}(${p.pid}): ${strerror(-r)}`);
      status = 1;
    }
  }
  o.names.forEach((n, i) => {
    if (found[i]) return;
    if (!o.quiet) out.line(`${n}: no process found`);
    status = 1;
  });
  return fileNames ? 1 : status;
}

export const killall: Command = {
  name: 'killall',
  summary: 'signal every process with a given name (SIGTERM by default)',
  usage: 'killall [-eIqrv] [-SIG|-s SIG] [-u USER] [--] NAME... | killall -l',
  details: [
    'NAME is the process name (comm, 15 characters; longer names are compared with the command\'s full name, -e requires it).',
    "Sent as root by the console's shell, which killall never signals. Status 1 if a NAME matched no process (NAME: no process found).",
  ].join('\n'),
  run: (c, argv, out) => runKillall(c, argv, out),
  complete: (c, _b, word) => (word.startsWith('-') ? completeSignalOption(word) : completeComm(c.k, word)),
};
