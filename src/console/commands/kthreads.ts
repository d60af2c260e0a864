// Kernel calls on kernel threads, named as in the kernel: wake_up_process,
// kthread_stop, kthread_create/kthread_run. kernlab's console calls the
// kernel function on the task and says in one line what happened.
// linux: kernel/sched/core.c wake_up_process, kernel/kthread.c

import { compile } from '../../lang/compile';
import { CompileError, type Image } from '../../lang/abi';
import { kthreadCreate, kthreadRun, kthreadStop } from '../../kernel/kthread';
import { wakeUpProcess } from '../../kernel/sched/core';
import { taskStateLetter, taskStateName } from '../../kernel/task';
import type { Command, ConsoleServices, Out } from '../command';
import { taskArg, who } from '../args';
import { absPath } from '../files';
import { parseInt10 } from '../numbers';
import { processes } from '../tasks';

const pidCompletion = (c: ConsoleServices, word: string, kthreadsOnly: boolean): string[] =>
  processes(c.k)
    .filter((p) => !kthreadsOnly || p.kthread)
    .map((p) => String(p.pid))
    .filter((p) => p.startsWith(word));

export const wakeUpProcessCmd: Command = {
  name: 'wake_up_process',
  summary: 'kernlab: call wake_up_process() on a task (wakes it from S or D)',
  usage: 'wake_up_process PID',
  details: 'Like the kernel function: it wakes a task in TASK_INTERRUPTIBLE or TASK_UNINTERRUPTIBLE (returns 1), and does nothing to a running, stopped or dead one (returns 0). A kthread made by kthread_create starts its function at its first wake-up.',
  run(c, argv, out) {
    const t = taskArg(c, 'wake_up_process', argv[1], out, 'wake_up_process PID');
    if (!t) return argv[1] === undefined ? 2 : 1;
    const before = taskStateName(t);
    const woken = wakeUpProcess(c.k, t, 0);
    if (woken) out.line(`wake_up_process(${who(t)}) = 1: woken from ${before}`);
    else out.line(`wake_up_process(${who(t)}) = 0: not asleep (${before})`);
    return 0;
  },
  complete: (c, _b, word) => pidCompletion(c, word, false),
};

export const kthreadStopCmd: Command = {
  name: 'kthread_stop',
  summary: 'kernlab: call kthread_stop() on a kernel thread',
  usage: 'kthread_stop PID',
  details: 'Sets KTHREAD_SHOULD_STOP and wakes the thread; it exits when its loop next checks kthread_should_stop(). The thread\'s exit and result are reported before a later command\'s output. EINVAL (and why) for a task that is not a kthread.',
  run(c, argv, out) {
    const t = taskArg(c, 'kthread_stop', argv[1], out, 'kthread_stop PID');
    if (!t) return argv[1] === undefined ? 2 : 1;
    if (!t.kthread || t === c.k.kthreadd || t.exitState || t.kthread.exited) {
      // The errno as the other tools print it, then why: a user task is the likely slip.
      const why = !t.kthread ? `${t.comm} is not a kernel thread` : t === c.k.kthreadd ? 'kthreadd is not stopped this way' : `${t.comm} has already exited`;
      out.line(`kthread_stop: (${t.pid}) - Invalid argument (${why})`);
      return 1;
    }
    kthreadStop(c.k, t, null);
    out.line(`kthread_stop(${who(t)}): should_stop set, thread woken; it exits at its next kthread_should_stop()`);
    c.watchKthreadStop(t);
    return 0;
  },
  complete: (c, _b, word) => pidCompletion(c, word, true),
};

/** The image holding a kthread body: the kernel's own, or a program's (compiled into kernel memory). */
function kthreadImage(c: ConsoleServices, prog: string | undefined, out: Out, cmd: string): Image | null {
  const k = c.k;
  if (prog === undefined) {
    const img = k.kimages.get('[kernel]');
    if (!img) out.line(`${cmd}: no kernel image`);
    return img ?? null;
  }
  let source: string | null = null;
  let sourcePath = prog;
  const f = k.vfs.files.get(absPath(c, prog));
  if (f) {
    source = f.source;
    sourcePath = f.sourcePath;
  } else if (c.readFile) source = c.readFile(prog);
  if (source === null) {
    out.line(`${cmd}: ${prog}: No such file or directory`); // named as typed: kthread_run too
    return null;
  }
  try {
    const p = compile(source, sourcePath);
    p.path = `[${prog.slice(prog.lastIndexOf('/') + 1).replace(/\.c$/, '')}]`;
    return k.kernelImage(p);
  } catch (e) {
    if (!(e instanceof CompileError)) throw e;
    out.line(e.message);
    return null;
  }
}

function create(c: ConsoleServices, argv: string[], out: Out, run: boolean): number {
  const name = argv[0];
  const usage = `${name} NAME FN [PROGRAM] [DATA] [--cpu N]`;
  const args = argv.slice(1);
  let cpu = -1;
  const ci = args.indexOf('--cpu');
  if (ci >= 0) {
    const n = parseInt10(args[ci + 1] ?? '');
    if (n === null || n < 0 || n >= c.k.config.cpus) {
      out.line(`${name}: invalid CPU '${args[ci + 1] ?? ''}'`);
      return 1;
    }
    cpu = n;
    args.splice(ci, 2);
  }
  if (args.length < 2 || args.length > 4) {
    out.line(`${name}: usage: ${usage}`);
    return 2;
  }
  const [comm, fn, prog, dataArg] = args;
  const data = dataArg === undefined ? 0 : parseInt10(dataArg);
  if (data === null) {
    out.line(`${name}: invalid data '${dataArg}'`);
    return 1;
  }
  const image = kthreadImage(c, prog, out, name);
  if (!image) return 1;
  const spec = { name: comm, image, fn, data, cpu };
  const t = run ? kthreadRun(c.k, spec) : kthreadCreate(c.k, spec);
  if (typeof t === 'number') {
    out.line(t === -22 ? `${name}: ${fn}: no such function in ${prog ?? 'the kernel'}` : `${name}: failed (error ${-t})`);
    return 1;
  }
  out.line(`${name}: ${who(t)} ${run ? 'created and woken' : `created, asleep (${taskStateLetter(t)}) until wake_up_process`}`);
  return 0;
}

export const kthreadCreateCmd: Command = {
  name: 'kthread_create',
  summary: 'kernlab: create a kernel thread running FN (asleep until wake_up_process)',
  usage: 'kthread_create NAME FN [PROGRAM] [DATA] [--cpu N]',
  details: 'FN is an int fn(void *data) of PROGRAM (kernlab C, compiled into kernel memory), or of the kernel\'s own bodies (smpboot_thread_fn, worker_thread). --cpu binds it (kthread_bind).',
  run: (c, argv, out) => create(c, argv, out, false),
};

export const kthreadRunCmd: Command = {
  name: 'kthread_run',
  summary: 'kernlab: kthread_create + wake_up_process',
  usage: 'kthread_run NAME FN [PROGRAM] [DATA] [--cpu N]',
  run: (c, argv, out) => create(c, argv, out, true),
};
