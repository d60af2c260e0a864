// strace -p: attach the kernel-side syscall tracer to a running process.
// kernlab has no ptrace: the kernel prints strace's lines itself (to the
// terminal, as strace writes to stderr) for every traced task; -f makes
// the children it forks traced too. `strace --detach -p PID` (kernlab)
// stops tracing, as Ctrl-C on a real strace does. -e trace=, -e signal=
// and -q filter what it prints (kernel/strace-filter.ts).

import type { TaskStruct } from '../../kernel/task';
import { isKthread, threadsOf } from '../tasks';
import type { Command, ConsoleServices, Out } from '../command';
import { parseUint } from '../numbers';
import { launch } from './run';
import { StraceFilter, qualify } from '../../kernel/strace-filter';

/** getopt's complaint, then strace's pointer to -h; exit status 1. */
function usageError(out: Out, message: string): number {
  out.line(`strace: ${message}`);
  out.line("Try 'strace -h' for more information.");
  return 1;
}

function runStrace(c: ConsoleServices, argv: string[], out: Out): number {
  let follow = false;
  let detach = false;
  let quietLevel = 0;
  const filter = new StraceFilter();
  const pids: string[] = [];
  /** -e EXPR (and --trace=, --signal=, --quiet=): strace's message on a bad one. */
  const expr = (e: string): boolean => {
    const err = qualify(filter, e);
    if (!err) return true;
    out.line(err.message);
    if (err.help) out.line("Try 'strace -h' for more information.");
    return false;
  };
  let i = 1;
  for (; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--') {
      i++;
      break;
    }
    if (a.startsWith('--')) {
      const eq = a.indexOf('=');
      const name = eq < 0 ? a.slice(2) : a.slice(2, eq);
      // getopt_long: a required argument is "--opt=ARG" or the next word.
      const arg = (shown = name): string | null => {
        if (eq >= 0) return a.slice(eq + 1);
        if (i + 1 < argv.length) return argv[++i];
        usageError(out, `option '--${shown}' requires an argument`);
        return null;
      };
      if (name === 'detach' && eq < 0) detach = true;
      else if (name === 'follow-forks' && eq < 0) follow = true;
      else if (name === 'attach') {
        const v = arg();
        if (v === null) return 1;
        pids.push(v);
      } else if (name === 'trace' || name === 'signal' || name === 'signals') {
        const v = arg(name === 'trace' ? 'trace' : 'signals'); // strace 6.1 names --signal "--signals" here
        if (v === null) return 1;
        if (!expr(`${name === 'trace' ? 'trace' : 'signal'}=${v}`)) return 1;
      } else if (name === 'quiet' || name === 'silent' || name === 'silence') {
        if (eq < 0) quietLevel = Math.max(quietLevel, 1);
        else if (!expr(`quiet=${a.slice(eq + 1)}`)) return 1;
      } else return usageError(out, `unrecognized option '${eq < 0 ? a : a.slice(0, eq)}'`);
      continue;
    }
    if (!a.startsWith('-') || a === '-') break;
    // Clustered short options (getopt): -f, -q, then -p PID or -e EXPR taking the rest of the word or the next one.
    for (let j = 1; j < a.length; j++) {
      const o = a[j];
      if (o === 'f') follow = true;
      else if (o === 'q') quietLevel++;
      else if (o === 'p' || o === 'e') {
        let v: string;
        if (j + 1 < a.length) v = a.slice(j + 1);
        else if (i + 1 < argv.length) v = argv[++i];
        else return usageError(out, `option requires an argument -- '${o}'`);
        if (o === 'p') pids.push(v);
        else if (!expr(v)) return 1;
        break;
      } else return usageError(out, `invalid option -- '${o}'`);
    }
  }
  filter.quietLevel(quietLevel);
  if (i < argv.length) {
    // strace [-f] PROG [ARGS]: start PROG traced from its execve (a job, as run starts it).
    if (pids.length || detach) {
      out.line('strace: -p and a program cannot be combined in kernlab');
      return 1;
    }
    const a = argv[i];
    const prog = a === 'run' && i + 1 < argv.length ? argv[++i] : a;
    return c.k.strace.withFilter(filter, () => launch(c, 'strace', prog, argv.slice(i + 1), out, { trace: true, follow, text: argv.join(' ') }));
  }
  if (!pids.length) {
    out.line('strace: must have PROG [ARGS] or -p PID');
    out.line("Try 'strace -h' for more information.");
    return 1;
  }
  let status = 0;
  for (const arg of pids) {
    const pid = parseUint(arg);
    if (pid === null) {
      out.line(`strace: Invalid process id: '${arg}'`);
      return 1;
    }
    const t = c.task(pid);
    if (!t) {
      out.line(`strace: attach: ptrace(PTRACE_SEIZE, ${pid}): No such process`);
      status = 1;
      continue;
    }
    const k = c.k;
    // ptrace_attach refuses a task that has exited (a zombie, or a leader waiting for its threads): EPERM.
    if (t.exitState && !detach) {
      out.line(`strace: attach: ptrace(PTRACE_SEIZE, ${pid}): Operation not permitted`);
      status = 1;
      continue;
    }
    if (detach) {
      // As Ctrl-C on strace: the process and every task strace -f followed from it.
      const traced: TaskStruct[] = [];
      const stack = [t.groupLeader];
      while (stack.length) {
        const p = stack.pop()!;
        for (const x of threadsOf(p)) if (x.traced) traced.push(x);
        stack.push(...[...p.children].filter((ch) => ch.traced || ch.signal.threads.some((x) => x.traced)));
      }
      if (!traced.length) {
        out.line(`strace: ${pid}: not traced`);
        status = 1;
        continue;
      }
      for (const x of traced) k.strace.detached(x);
      continue;
    }
    if (isKthread(t) || t.pid === 1) {
      out.line(`strace: attach: ptrace(PTRACE_SEIZE, ${pid}): Operation not permitted`);
      status = 1;
      continue;
    }
    const targets = follow ? threadsOf(t.groupLeader).filter((x) => !x.exitState) : [t];
    if (targets.some((x) => x.traced)) {
      out.line(`strace: attach: ptrace(PTRACE_SEIZE, ${pid}): Operation not permitted`);
      status = 1;
      continue;
    }
    for (const x of targets) x.traceFollowForks = follow;
    k.strace.attachedGroup(targets, filter);
  }
  return status;
}

export const strace: Command = {
  name: 'strace',
  summary: 'trace the system calls and signals of a running process (-f: and its children)',
  usage: 'strace [-fq] [-e EXPR] {-p PID | PROG [ARGS]} | strace --detach -p PID',
  details: [
    'Lines appear as ticks run, as strace 6.1 prints them: "[pid N] " once several tasks are traced, a call\'s',
    'entry at once (what the program writes lands after it), "<unfinished ...>"/"<... resumed>", signals',
    '("--- SIGCHLD {...} ---", ignored ones too), "= ? ERESTARTSYS" for a call a signal interrupts, restart_syscall.',
    'strace [-f] PROG [ARGS] (PROG: ./NAME, a PATH, or FILE.c as for run) starts PROG as a job traced from its execve;',
    'kernlab shows no dynamic-loader start-up calls (no ld.so, no libc loading).',
    'kernlab\'s strace is kernel-side (no ptrace, no tracer process: TracerPid stays 0, a stopped task shows T,',
    'not t). -f -p attaches every thread. --detach -p PID (kernlab) detaches, as Ctrl-C on strace does.',
    '-e trace=SET (--trace=SET, or -e SET): only these calls: names, !negation, %process %memory %signal %file %desc',
    '%creds %pure ..., /REGEX, none; e.g. -e trace=%process, -e trace=\'!write\', -e trace=kill,wait4.',
    '-e signal=SET (--signal=SET): only these signals\' "--- SIG ---" and "+++ killed by SIG +++" lines; signal=none.',
    '-q: no "Process N attached/detached"; -qq: no "+++ exited with N +++" either (-e quiet=SET).',
  ].join('\n'),
  run: (c, argv, out) => runStrace(c, argv, out),
};
