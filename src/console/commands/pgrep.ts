// pgrep and pkill (procps-ng 4.0.2): select processes by an extended
// regular expression on their name (comm, 15 characters) or, with -f,
// their whole command line, and by parent, group, session, terminal,
// user or state; pgrep prints them, pkill signals them (SIGTERM by
// default) as root from the console's shell. Kernel threads match too,
// as on Linux (their command line is "[name]"). The console's shell is
// the process running pkill, so pkill never signals it, as pkill skips
// itself. Exit status: 0 something matched (pkill: and was signalled),
// 1 nothing did, 2 a usage error.

import { killSomething } from '../../kernel/signal';
import type { TaskStruct } from '../../kernel/task';
import { EINVAL, ESRCH, strerror } from '../../kernel/uapi/errno';
import { SIGTERM } from '../../kernel/uapi/signal';
import type { Command, ConsoleServices, Out } from '../command';
import { completeSignalOption, decodeSignal } from '../signames';
import { cmdlineOf, completeComm, ppidOf, processes, stateLetter, ttyName, userId } from '../tasks';

interface Options {
  list: '' | 'name' | 'full'; // -l, -a
  count: boolean; // -c
  delim: string; // -d
  full: boolean; // -f
  exact: boolean; // -x
  icase: boolean; // -i
  inverse: boolean; // -v
  newest: boolean; // -n
  oldest: boolean; // -o
  echo: boolean; // pkill -e
  parents: number[] | null; // -P
  pgroups: number[] | null; // -g
  sessions: number[] | null; // -s
  ttys: string[] | null; // -t
  euids: number[] | null; // -u
  uids: number[] | null; // -U
  states: string | null; // -r
  signal: number; // pkill
  pattern: string | null;
}

/** Options that take a value, by letter; the long names of every option. */
const WITH_ARG = new Set(['d', 'P', 'g', 's', 't', 'u', 'U', 'r']);
const LONG: Record<string, string> = {
  'list-name': 'l', 'list-full': 'a', count: 'c', delimiter: 'd', full: 'f', exact: 'x',
  'ignore-case': 'i', inverse: 'v', newest: 'n', oldest: 'o', parent: 'P', pgroup: 'g',
  session: 's', terminal: 't', euid: 'u', uid: 'U', runstates: 'r', echo: 'e', signal: 'S',
};

function usage(prog: string): string {
  const pk = prog === 'pkill';
  return [
    '',
    'Usage:',
    ` ${prog} [options] <pattern>`,
    '',
    'Options:',
    ...(pk
      ? [' -<sig>, --signal <sig>    signal to send (either number or name)', ' -e, --echo                display what is killed']
      : [' -d, --delimiter <string>  specify output delimiter', ' -l, --list-name           list PID and process name', ' -a, --list-full           list PID and full command line', ' -v, --inverse             negates the matching']),
    ' -c, --count               count of matching processes',
    ' -f, --full                use full process name to match',
    ' -g, --pgroup <PGID,...>   match listed process group IDs',
    ' -i, --ignore-case         match case insensitively',
    ' -n, --newest              select most recently started',
    ' -o, --oldest              select least recently started',
    ' -P, --parent <PPID,...>   match only child processes of the given parent',
    ' -s, --session <SID,...>   match session IDs',
    ' -t, --terminal <tty,...>  match by controlling terminal',
    ' -u, --euid <ID,...>       match by effective IDs',
    ' -U, --uid <ID,...>        match by real IDs',
    ' -x, --exact               match exactly with the command name',
    ' -r, --runstates <state>   match runstates [D,S,Z,...]',
    '',
    `For more details see pgrep(1).`,
  ].join('\n');
}

/** A usage error: procps's message, and status 2. */
class UsageError extends Error {
  constructor(
    message: string,
    readonly then: 'usage' | 'try' | 'none' = 'try', // the usage (getopt's errors), "Try `pgrep --help'", or nothing
  ) {
    super(message);
  }
}

function numbers(prog: string, v: string): number[] {
  return v.split(',').map((s) => {
    if (!/^\d+$/.test(s)) throw new UsageError(`${prog}: not a number: ${s}`, 'none');
    return Number(s);
  });
}

function parse(prog: string, args: string[]): Options {
  const o: Options = {
    list: '', count: false, delim: '\n', full: false, exact: false, icase: false, inverse: false,
    newest: false, oldest: false, echo: false, parents: null, pgroups: null, sessions: null,
    ttys: null, euids: null, uids: null, states: null, signal: SIGTERM, pattern: null,
  };
  const pk = prog === 'pkill';
  const rest = [...args];
  if (pk) {
    // procps's signal_option: the first -SIG anywhere is the signal.
    const i = rest.findIndex((a) => a.length > 1 && a[0] === '-' && a !== '--' && decodeSignal(a.slice(1)) >= 0);
    if (i >= 0) o.signal = decodeSignal(rest.splice(i, 1)[0].slice(1));
  }
  const users = (v: string): number[] =>
    v.split(',').map((s) => {
      const uid = userId(s);
      if (uid === null) throw new UsageError(`${prog}: invalid user name: ${s}`, 'none');
      return uid;
    });
  const set = (opt: string, v: string): void => {
    switch (opt) {
      case 'l': o.list = o.list || 'name'; break;
      case 'a': o.list = 'full'; break;
      case 'c': o.count = true; break;
      case 'd': o.delim = v; break;
      case 'f': o.full = true; break;
      case 'x': o.exact = true; break;
      case 'i': o.icase = true; break;
      case 'v': o.inverse = true; break;
      case 'n': o.newest = true; break;
      case 'o': o.oldest = true; break;
      case 'e': o.echo = true; break;
      case 'P': o.parents = numbers(prog, v); break;
      case 'g': o.pgroups = numbers(prog, v); break;
      case 's': o.sessions = numbers(prog, v); break;
      case 't': o.ttys = v.split(','); break;
      case 'u': o.euids = users(v); break;
      case 'U': o.uids = users(v); break;
      case 'r': o.states = v; break;
      case 'S': {
        // --signal: procps does not check the name; an unknown one is -1 and every kill(2) fails.
        const s = decodeSignal(v);
        o.signal = s >= 0 ? s : /^\d/.test(v) ? Number.parseInt(v, 10) : -1;
        break;
      }
      default: break;
    }
  };
  const only = (opt: string) => (pk ? !'dlav'.includes(opt) : opt !== 'e' && opt !== 'S');
  const patterns: string[] = [];
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i];
    if (a === '--') {
      patterns.push(...rest.slice(i + 1));
      break;
    }
    if (a.startsWith('--')) {
      const eq = a.indexOf('=');
      const name = a.slice(2, eq < 0 ? undefined : eq);
      const opt = LONG[name];
      if (!opt || !only(opt)) throw new UsageError(`${prog}: unrecognized option '${a}'`, 'usage');
      if (WITH_ARG.has(opt) || opt === 'S') {
        const v = eq >= 0 ? a.slice(eq + 1) : rest[++i];
        if (v === undefined) throw new UsageError(`${prog}: option '--${name}' requires an argument`, 'usage');
        set(opt, v);
      } else set(opt, '');
      continue;
    }
    if (a.startsWith('-') && a.length > 1) {
      for (let j = 1; j < a.length; j++) {
        const opt = a[j];
        if (!only(opt) || !'lacdfxivnoePgstuUr'.includes(opt)) throw new UsageError(`${prog}: invalid option -- '${opt}'`, 'usage');
        if (WITH_ARG.has(opt)) {
          const v = j + 1 < a.length ? a.slice(j + 1) : rest[++i];
          if (v === undefined) throw new UsageError(`${prog}: option requires an argument -- '${opt}'`, 'usage');
          set(opt, v);
          break;
        }
        set(opt, '');
      }
      continue;
    }
    patterns.push(a);
  }
  if (patterns.length > 1) throw new UsageError(`${prog}: only one pattern can be provided`);
  o.pattern = patterns[0] ?? null;
  const criteria = o.pattern !== null || o.parents || o.pgroups || o.sessions || o.ttys || o.euids || o.uids || o.states;
  if (!criteria) throw new UsageError(`${prog}: no matching criteria specified`);
  return o;
}

/** POSIX ERE as regcomp(REG_EXTENDED) reads it, in JavaScript's syntax; null after glibc's message. */
function compile(prog: string, pattern: string, o: Options, out: Out): RegExp | null {
  const classes: Record<string, string> = {
    alpha: 'A-Za-z', digit: '0-9', alnum: 'A-Za-z0-9', upper: 'A-Z', lower: 'a-z', space: ' \\t\\n\\r\\f\\v',
    blank: ' \\t', punct: '!-\\/:-@\\[-`{-~', xdigit: '0-9A-Fa-f', print: ' -~', graph: '!-~', cntrl: '\\x00-\\x1f\\x7f',
  };
  const src = pattern.replace(/\[:([a-z]+):\]/g, (m, n: string) => classes[n] ?? m);
  try {
    return new RegExp(o.exact ? `^(?:${src})$` : src, o.icase ? 'i' : '');
  } catch (e) {
    const m = e instanceof Error ? e.message : '';
    const msg = /Unterminated group/.test(m)
      ? 'Unmatched ( or \\('
      : /Unterminated character class/.test(m)
        ? 'Unmatched [, [^, [:, [., or [='
        : /Unmatched '\)'/.test(m)
          ? 'Unmatched ) or \\)'
          : /Nothing to repeat/.test(m)
            ? 'Invalid preceding regular expression'
            : 'Invalid regular expression';
    out.line(`${prog}: regex error: ${msg}`);
    return null;
  }
}

/** What -f matches and -a prints: the command line, or "[comm]" when there is none (kernel threads, zombies). */
function fullName(t: TaskStruct): string {
  const argv = cmdlineOf(t);
  return argv.length ? argv.join(' ') : `[${t.comm}]`;
}

/** procps's select_procs: the matching processes in PID order (one with -n or -o). */
function select(c: ConsoleServices, o: Options, re: RegExp | null, skip: TaskStruct | null): TaskStruct[] {
  const matched: TaskStruct[] = [];
  // -g 0 and -s 0 name pgrep's own group and session: the shell's.
  const sh = c.k.shell;
  const pgroups = o.pgroups?.map((g) => (g === 0 && sh ? sh.signal.pgrp : g));
  const sessions = o.sessions?.map((s) => (s === 0 && sh ? sh.signal.session : s));
  for (const p of processes(c.k)) {
    if (p === skip) continue;
    let ok =
      (!o.parents || o.parents.includes(ppidOf(p))) &&
      (!pgroups || pgroups.includes(p.signal.pgrp)) &&
      (!sessions || sessions.includes(p.signal.session)) &&
      (!o.ttys || o.ttys.some((t) => t === ttyName(p) || `pts/${t}` === ttyName(p) || (t === '-' && !ttyName(p)))) &&
      (!o.euids || o.euids.includes(p.uid)) &&
      (!o.uids || o.uids.includes(p.uid)) &&
      (!o.states || o.states.includes(stateLetter(p))) &&
      (!re || re.test(o.full ? fullName(p) : p.comm));
    if (o.inverse) ok = !ok;
    if (ok) matched.push(p);
  }
  if (!matched.length || !(o.newest || o.oldest)) return matched;
  // Ties: -o keeps the lowest PID, -n takes the highest (procps compares < and <=).
  let best = matched[0];
  for (const p of matched) if (o.newest ? p.startTime >= best.startTime : p.startTime < best.startTime) best = p;
  return [best];
}

function runPgrep(c: ConsoleServices, argv: string[], out: Out): number {
  const prog = argv[0];
  let o: Options;
  try {
    o = parse(prog, argv.slice(1));
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    out.line(e.message);
    if (e.then !== 'none') out.line(e.then === 'usage' ? usage(prog) : `Try \`${prog} --help' for more information.`);
    return 2;
  }
  if (o.pattern !== null && !o.full && o.pattern.length > 15) {
    out.line(`${prog}: pattern that searches for process name longer than 15 characters will result in zero matches`);
    out.line(`Try \`${prog} -f' option to match against the complete command line.`);
  }
  const re = o.pattern === null ? null : compile(prog, o.pattern, o, out);
  if (o.pattern !== null && !re) return 2;
  if (prog === 'pgrep') {
    const procs = select(c, o, re, null);
    if (o.count) out.line(String(procs.length));
    else if (procs.length) {
      const items = procs.map((p) => (o.list === 'full' ? `${p.pid} ${fullName(p)}` : o.list === 'name' ? `${p.pid} ${p.comm}` : String(p.pid)));
      out.line(items.join(o.delim));
    }
    return procs.length ? 0 : 1;
  }
  // pkill: the shell runs it, and pkill never signals itself.
  const procs = select(c, o, re, c.k.shell ?? null);
  let signalled = 0;
  for (const p of procs) {
    const r = o.signal < 0 || o.signal > 64 ? -EINVAL : killSomething(c.k, c.k.shell ?? null, p.pid, o.signal, 0);
    if (r === 0) {
      signalled++;
      if (o.echo) out.line(`${p.comm} killed (pid ${p.pid})`);
    } else if (r !== -ESRCH) out.line(`pkill: killing pid ${p.pid} failed: ${strerror(-r)}`);
  }
  if (o.count) out.line(String(procs.length));
  return signalled ? 0 : 1;
}

const DETAILS = [
  'PATTERN is an extended regular expression matched against the process name (comm, at most 15 characters)',
  'or, with -f, the command line ("[name]" for a kernel thread). Kernel threads match too.',
  'Exit status: 0 if a process matched, 1 if none did, 2 on a usage error.',
].join('\n');

/** Completion: a signal after '-' (pkill), else a process name. */
const completeWord = (c: ConsoleServices, word: string, signals: boolean): string[] =>
  word.startsWith('-') ? (signals ? completeSignalOption(word) : []) : completeComm(c.k, word);

export const pgrep: Command = {
  name: 'pgrep',
  summary: 'list the PIDs of processes whose name matches a regular expression',
  usage: 'pgrep [-lacfxivno] [-d DELIM] [-P|-g|-s|-t|-u|-U|-r LIST] [PATTERN]',
  details:
    DETAILS +
    '\n-l adds the name, -a the command line, -c counts, -n/-o pick the newest/oldest. LIST: -P parent PIDs,' +
    ' -g process groups, -s sessions, -t terminals, -u/-U users (root, student), -r states (R S D T Z...).',
  run: (c, argv, out) => runPgrep(c, argv, out),
  complete: (c, _b, word) => completeWord(c, word, false),
};

export const pkill: Command = {
  name: 'pkill',
  summary: 'signal the processes whose name matches a regular expression (SIGTERM by default)',
  usage: 'pkill [-SIG] [-cefxino] [-P|-g|-s|-t|-u|-U|-r LIST] [PATTERN]',
  details:
    DETAILS +
    "\nThe signal: -9, -KILL, -SIGKILL or --signal SIG. Sent as root by the console's shell, which pkill never" +
    ' signals (it is the process running pkill). -e prints each process killed, -c counts them.',
  run: (c, argv, out) => runPgrep(c, argv, out),
  complete: (c, _b, word) => completeWord(c, word, true),
};
