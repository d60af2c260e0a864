// strace's filtering expressions: -e trace=SET (--trace), -e signal=SET
// (--signal) and -e quiet=SET (-q, -qq), parsed as strace 6.1 parses them
// (its filter_qualify.c and basic_filters.c), with its error messages. A
// traced task carries the filter of the strace that traces it: its lines
// are printed only when the filter lets them through.

import { SYSCALLS_32, SYSCALLS_64, SYSCALL_CLASSES, PU, TC, TCL, TD, TF, TFSF, TFST, TI, TLST, TM, TN, TP, TS, TSF, TSFA, TST, TSTA } from './strace-sysent';
import { NSIG, signalName } from './uapi/signal';

/**
 * strace's number_set: the members, or (not) every value but them. A
 * fresh set is empty; "all" is the empty set inverted.
 */
class QualSet<T> {
  constructor(
    public readonly items = new Set<T>(),
    public not = false,
  ) {}

  has(x: T): boolean {
    return this.items.has(x) !== this.not;
  }
}

/** The informational messages -q, -qq and -e quiet= suppress (strace's quiet_strs). */
const QUIET: Record<string, string> = {
  attach: 'attach',
  exit: 'exit',
  exits: 'exit',
  'path-resolution': 'path-resolution',
  personality: 'personality',
  superseded: 'thread-execve',
  'thread-execve': 'thread-execve',
};
const QUIET_ALL = [...new Set(Object.values(QUIET))];

/** What one strace prints: the calls (trace=), the signals (signal=), the messages it keeps quiet. */
export class StraceFilter {
  trace = new QualSet<string>(new Set(), true); // x86_64 call names; default all
  signal = new QualSet<number>(new Set(), true); // default all
  quiet = new QualSet<string>(); // default none

  /** Is this call's line printed? */
  traces(name: string): boolean {
    return this.trace.has(name);
  }

  /** Are this signal's "--- SIG ---" and "+++ killed by SIG +++" lines printed? */
  shows(signo: number): boolean {
    return this.signal.has(signo);
  }

  /** Is this kind of message ("attach": strace: Process N attached/detached; "exit": +++ exited with N +++; "thread-execve") suppressed? */
  quiets(what: 'attach' | 'exit' | 'thread-execve'): boolean {
    return this.quiet.has(what);
  }

  /** -q, -qq, -qqq: attach,personality; and exit; then all. */
  quietLevel(n: number): void {
    const add = n >= 3 ? QUIET_ALL : n === 2 ? ['attach', 'personality', 'exit'] : n === 1 ? ['attach', 'personality'] : [];
    for (const w of add) if (this.quiet.not) this.quiet.items.delete(w); else this.quiet.items.add(w);
  }
}

/** Every call, every signal, no message kept quiet: strace with no -e. */
export const TRACE_ALL = new StraceFilter();

/** A bad expression: strace's message, and whether it adds "Try 'strace -h' for more information." (error_msg_and_help). */
export interface QualifyError {
  message: string;
  help: boolean;
}

function fail(message: string, help = false): QualifyError {
  return { message: `strace: ${message}`, help };
}

/** strace's string_to_uint_upto: a plain decimal number up to max, else -1. */
function toUint(s: string, max = 0x7fffffff): number {
  if (!/^\d+$/.test(s)) return -1;
  const n = Number(s);
  return n <= max ? n : -1;
}

/** strace's sigstr_to_uint: 0..255, or a name with or without SIG, any case. */
function sigstrToUint(s: string): number {
  if (/^[0-9]/.test(s)) return toUint(s, 255);
  const name = s.replace(/^sig/i, '').toUpperCase();
  for (let i = 1; i <= NSIG; i++) if (signalName(i).slice(3) === name) return i;
  return -1;
}

/**
 * strace's qualify_tokens: "[!]...none", "[!]...all", or comma-separated
 * values (empty ones skipped), each put in the set by `add` (null, or the
 * error); each leading "!" inverts the set. `what` names a value in the
 * message for an expression with none.
 */
function qualifyTokens<T>(str: string, set: QualSet<T>, add: (token: string) => QualifyError | null, what: string): QualifyError | null {
  set.items.clear();
  set.not = false;
  let s = str;
  while (s.startsWith('!')) {
    set.not = !set.not;
    s = s.slice(1);
  }
  if (s === 'none') return null;
  if (s === 'all') {
    set.not = !set.not;
    return null;
  }
  const tokens = s.split(',').filter((x) => x);
  for (const token of tokens) {
    const e = add(token);
    if (e) return e;
  }
  return tokens.length ? null : fail(`invalid ${what} '${str}'`);
}

/** One value of a plain set (signal=, quiet=): `parse` gives it, or null for "invalid WHAT 'TOKEN'". */
function addValue<T>(set: QualSet<T>, parse: (s: string) => T | null, what: string): (token: string) => QualifyError | null {
  return (token) => {
    const v = parse(token);
    if (v === null) return fail(`invalid ${what} '${token}'`);
    set.items.add(v);
    return null;
  };
}

/** strace's syscall_class names: %-groups and the legacy bare names ("all" is class 0: every call). */
const CLASSES: Record<string, number> = {
  '%desc': TD,
  '%file': TF,
  '%memory': TM,
  '%process': TP,
  '%creds': TC,
  '%signal': TS,
  '%ipc': TI,
  '%net': TN,
  '%network': TN,
  '%stat': TST,
  '%lstat': TLST,
  '%fstat': TFST,
  '%%stat': TSTA,
  '%statfs': TSF,
  '%fstatfs': TFSF,
  '%%statfs': TSFA,
  '%pure': PU,
  '%clock': TCL,
  all: 0,
  desc: TD,
  file: TF,
  memory: TM,
  process: TP,
  signal: TS,
  ipc: TI,
  network: TN,
};

type Personality = '64' | '32' | 'x32';
const PERSONALITIES: Personality[] = ['64', '32', 'x32'];

/** The call named at number nr in a personality's table ("" if none). x32's own entry points, 512..547, are calls of x86_64's names. */
function nameAt(p: Personality, nr: number): string {
  if (p === 'x32' && nr >= 512 && nr <= 547) return '-x32';
  const name = (p === '32' ? SYSCALLS_32 : SYSCALLS_64)[nr];
  return name && name !== '-' ? name : '';
}

function names(p: Personality): readonly string[] {
  return (p === '32' ? SYSCALLS_32 : SYSCALLS_64).filter((n) => n !== '-');
}

/** glibc's regerror text for the patterns JavaScript also rejects. */
function regerror(e: unknown): string {
  const m = String((e as Error).message);
  if (/Unterminated group/.test(m)) return 'Unmatched ( or \\(';
  if (/Unterminated character class/.test(m)) return 'Unmatched [, [^, [:, [., or [=';
  if (/Nothing to repeat/.test(m)) return 'Invalid preceding regular expression';
  if (/Incomplete quantifier|numbers out of order/.test(m)) return 'Invalid content of \\{\\}';
  return 'Invalid regular expression';
}

/**
 * One token for one personality (strace's qualify_syscall_pers): a
 * number, /REGEX, a class, or a name. Adds kernlab's (x86_64) calls it
 * covers; false if the token means nothing there.
 */
function qualifySyscallPers(token: string, p: Personality, set: Set<string>): boolean | QualifyError {
  if (/^[0-9]/.test(token)) {
    const nr = toUint(token);
    const name = nr < 0 ? '' : nameAt(p, nr);
    if (name && p === '64') set.add(name);
    return name !== '';
  }
  if (token.startsWith('/')) {
    let re: RegExp;
    try {
      re = new RegExp(token.slice(1));
    } catch (e) {
      return fail(`regcomp: ${token.slice(1)}: ${regerror(e)}`);
    }
    const found = names(p).filter((n) => re.test(n));
    if (p === '64') for (const n of found) set.add(n);
    return found.length > 0;
  }
  const cls = CLASSES[token];
  if (cls !== undefined) {
    if (p === '64') for (const [n, flags] of Object.entries(SYSCALL_CLASSES)) if ((flags & cls) === cls) set.add(n);
    if (p === '64' && cls === 0) for (const n of names('64')) set.add(n);
    return true;
  }
  const found = names(p).includes(token);
  if (found && p === '64') set.add(token);
  return found;
}

/** strace's qualify_syscall: "?" makes a token that matches nothing harmless; "@64", "@32", "@x32" pick a personality. */
function qualifySyscall(token: string, set: Set<string>): boolean | QualifyError {
  let optional = false;
  while (token.startsWith('?')) {
    token = token.slice(1);
    optional = true;
  }
  let pers = PERSONALITIES;
  const at = token.lastIndexOf('@');
  if (at >= 0) {
    const d = token.slice(at + 1);
    if (!PERSONALITIES.includes(d as Personality)) return fail(`incorrect personality designator '${d}' in qualification '${token}'`, true);
    pers = [d as Personality];
    token = token.slice(0, at);
  }
  let found = optional;
  for (const p of pers) {
    const r = qualifySyscallPers(token, p, set);
    if (typeof r === 'object') return r;
    found ||= r;
  }
  return found;
}

/** strace's qualify_syscall_tokens: trace=[!][?]{SYSCALL|GROUP|all|/REGEX}[@64|@32|@x32],...|none. */
function qualifyTrace(str: string, set: QualSet<string>): QualifyError | null {
  return qualifyTokens(str, set, (token) => {
    const r = qualifySyscall(token, set.items);
    if (typeof r === 'object') return r;
    return r ? null : fail(`invalid system call '${token}'`);
  }, 'system call');
}

/** -e's qualifiers (strace's qual_options): the first "NAME=" prefix picks one; none means trace=. */
const QUALIFIERS: Record<string, 'trace' | 'signal' | 'quiet' | null> = {
  trace: 'trace',
  t: 'trace',
  abbrev: null,
  a: null,
  verbose: null,
  v: null,
  raw: null,
  x: null,
  signal: 'signal',
  signals: 'signal',
  status: null,
  s: 'signal',
  quiet: 'quiet',
  silent: 'quiet',
  silence: 'quiet',
  q: 'quiet',
  read: null,
  reads: null,
  r: null,
  write: null,
  writes: null,
  w: null,
  fault: null,
  inject: null,
  kvm: null,
  'decode-fd': null,
  'decode-fds': null,
  'decode-pid': null,
  'decode-pids': null,
  secontext: null,
};

/**
 * Applies one -e EXPR to the filter (a later one of the same kind
 * replaces the earlier, as in strace). Returns strace's error, or null.
 */
export function qualify(filter: StraceFilter, expr: string): QualifyError | null {
  let kind: 'trace' | 'signal' | 'quiet' | null = 'trace';
  let value = expr;
  for (const [name, k] of Object.entries(QUALIFIERS)) {
    if (expr.startsWith(name + '=')) {
      kind = k;
      value = expr.slice(name.length + 1);
      if (k === null) return fail(`-e ${name}=: kernlab's strace filters with trace=, signal= and quiet= only`);
      break;
    }
  }
  if (kind === 'signal')
    return qualifyTokens(value, filter.signal, addValue(filter.signal, (s) => {
      const n = sigstrToUint(s);
      return n < 0 ? null : n;
    }, 'signal'), 'signal');
  if (kind === 'quiet') return qualifyTokens(value, filter.quiet, addValue(filter.quiet, (s) => QUIET[s] ?? null, 'quiet'), 'quiet');
  return qualifyTrace(value, filter.trace);
}
