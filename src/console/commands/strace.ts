// strace -p: attach the kernel-side syscall tracer to a running process.
// kernlab has no ptrace: the kernel prints strace's lines itself (to the
// terminal, as strace writes to stderr) for every traced task; -f makes
// the children it forks traced too. `strace --detach -p PID` (kernlab)
// stops tracing, as Ctrl-C on a real strace does.

import type { TaskStruct } from '../../kernel/task';
import { isKthread, threadsOf } from '../tasks';
import type { Command, ConsoleServices, Out } from '../command';
import { parseUint } from '../numbers';
import { launch } from './run';

function runStrace(c: ConsoleServices, argv: string[], out: Out): number {
  let follow = false;
  let detach = false;
  const pids: string[] = [];
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--detach') detach = true;
    else if (a === '-p' || a === '--attach') {
      if (i + 1 >= argv.length) {
        out.line(`strace: option requires an argument -- 'p'`);
        out.line("Try 'strace -h' for more information.");
        return 1;
      }
      pids.push(argv[++i]);
    } else if (a.startsWith('--attach=')) pids.push(a.slice(9));
    else if (a === '--follow-forks') follow = true;
    else if (/^-[fp]+\d*$/.test(a) || /^-f*p.*$/.test(a)) {
      // clustered short options: -f, -ff, -fp PID, -fpPID
      const m = /^-(f*)(p?)(.*)$/.exec(a)!;
      if (m[1]) follow = true;
      if (m[2]) {
        if (m[3]) pids.push(m[3]);
        else if (i + 1 < argv.length) pids.push(argv[++i]);
        else {
          out.line(`strace: option requires an argument -- 'p'`);
          out.line("Try 'strace -h' for more information.");
          return 1;
        }
      }
    } else if (a.startsWith('-')) {
      out.line(`strace: invalid option -- '${a.slice(1, 2)}'`);
      out.line("Try 'strace -h' for more information.");
      return 1;
    } else {
      // strace [-f] PROG [ARGS]: start PROG traced from its execve (a job, as run starts it).
      if (pids.length || detach) {
        out.line('strace: -p and a program cannot be combined in kernlab');
        return 1;
      }
      const prog = a === 'run' && i + 1 < argv.length ? argv[++i] : a;
      return launch(c, 'strace', prog, argv.slice(i + 1), out, { trace: true, follow, text: argv.join(' ') });
    }
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
    k.strace.attachedGroup(targets);
  }
  return status;
}

export const strace: Command = {
  name: 'strace',
  summary: 'trace the system calls and signals of a running process (-f: and its children)',
  usage: 'strace [-f] -p PID | strace [-f] PROG [ARGS] | strace --detach -p PID',
  details: [
    'Lines appear as ticks run, as strace 6.1 prints them: "[pid N] " once several tasks are traced, a call\'s',
    'entry at once (what the program writes lands after it), "<unfinished ...>"/"<... resumed>", signals',
    '("--- SIGCHLD {...} ---", ignored ones too), "= ? ERESTARTSYS" for a call a signal interrupts, restart_syscall.',
    'strace [-f] PROG [ARGS] (PROG: ./NAME, a PATH, or FILE.c as for run) starts PROG as a job traced from its execve;',
    'kernlab shows no dynamic-loader start-up calls (no ld.so, no libc loading).',
    'kernlab\'s strace is kernel-side (no ptrace, no tracer process: TracerPid stays 0, a stopped task shows T,',
    'not t). -f -p attaches every thread. --detach -p PID (kernlab) detaches, as Ctrl-C on strace does.',
  ].join('\n'),
  run: (c, argv, out) => runStrace(c, argv, out),
};
