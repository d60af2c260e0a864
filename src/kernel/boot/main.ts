// Booting the machine: idle tasks, PID 1 (init), PID 2 (kthreadd), the
// boot kernel threads, and the console's shell. linux: init/main.c
// start_kernel → rest_init → kernel_init / kthreadd

import type { Kernel } from '../kernel';
import { Rq } from '../sched/rq';
import { TASK_NEW, TASK_RUNNING, TaskStruct, SIGNAL_UNKILLABLE } from '../task';
import { newSighand, ignoreSignals } from '../signal';
import { doExecve, DEFAULT_ENV } from '../exec';
import { kernelClone, cloneArgs, newSignalStruct } from '../fork';
import { kthreadRun } from '../kthread';
import { setUserNice, wakeUpNewTask } from '../sched/core';
import { MIN_NICE } from '../uapi/sched';
import { SIGCHLD, SIG_DFL } from '../uapi/signal';
import { PF_FORKNOEXEC, PF_KTHREAD, PF_NOFREEZE, PF_SUPERPRIV } from '../task';
import { KTHREADS_C, REAPER_C, SHELL_C } from './programs';
import { compileProgram } from '../vfs';
import { chargeTask, setTaskUid } from '../cred';
import { GONE } from '../../lang/abi';

export const INIT_PATH = '/sbin/init';
export const SHELL_PATH = '/bin/bash';
export const STUDENT_UID = 1000;
/** Ticks run at boot so every boot task reaches its resting state. */
export const BOOT_TICKS = 20;

/** A task made from nothing, as the kernel makes PID 1 and PID 2. */
function primordialTask(k: Kernel, comm: string, flags = 0): TaskStruct {
  const pid = k.pids.alloc();
  const t = new TaskStruct(pid, comm, k.jiffies, k.allCpus, k.config.cpus);
  t.flags = flags;
  t.state = TASK_RUNNING;
  t.realParent = k.rqs[0].idle;
  t.parent = t.realParent;
  t.exitSignal = SIGCHLD;
  t.sighand = newSighand();
  t.files = { count: 1, fds: new Map() };
  t.fs = { users: 1, cwd: '/', umask: 0o022 };
  t.signal = newSignalStruct(null);
  t.signal.threads.push(t);
  t.signal.pgrp = pid;
  t.signal.session = pid;
  k.tasks.set(pid, t);
  chargeTask(k, t);
  k.nrThreads++;
  return t;
}

/**
 * Starts `path` as a new child of `parent` (fork + execve, as a shell does)
 * in its own process group. Returns the child, or -errno if the program
 * cannot be executed (nothing is left behind then).
 */
export function spawnProgram(k: Kernel, parent: TaskStruct, path: string, argv: string[], uid = parent.uid, trace = false): TaskStruct | number {
  const prog = k.vfs.program(path);
  if (typeof prog === 'number') return prog;
  const pid = kernelClone(k, parent, { ...cloneArgs(0, SIGCHLD), kernel: true });
  if (typeof pid !== 'number') throw new Error('spawn: fork blocked');
  if (pid < 0) return pid;
  const child = k.findTask(pid)!;
  setTaskUid(k, child, uid);
  // A shell restores default dispositions in the child before exec (bash's
  // restore_original_signals): the signals it ignores itself are not passed on.
  for (const a of child.sighand.action) a.handler = SIG_DFL;
  child.signal.pgrp = pid;
  if (trace) k.strace.tracing(child);
  const r = doExecve(k, child, path, argv, DEFAULT_ENV);
  if (r !== GONE) throw new Error(`spawn: execve ${path} failed after the check: ${r}`);
  if (trace) k.strace.execed(child, path, argv, DEFAULT_ENV.length);
  return child;
}

/**
 * linux: start_kernel/rest_init. Creates the CPUs' runqueues with their
 * idle tasks, init (PID 1: /sbin/init), kthreadd (PID 2) and the boot
 * kernel threads, and the console's shell; then runs BOOT_TICKS ticks.
 */
export function bootTasks(k: Kernel): void {
  const n = k.config.cpus;
  for (let cpu = 0; cpu < n; cpu++) k.addRq(new Rq(cpu, k.makeIdle(cpu), k.tun));
  k.vfs.add(INIT_PATH, REAPER_C, 'init.c');
  k.vfs.add(SHELL_PATH, SHELL_C, 'bash.c');

  // PID 1: kernel_init, which becomes /sbin/init.
  const init = primordialTask(k, 'swapper/0');
  k.init = init;
  init.signal.flags |= SIGNAL_UNKILLABLE;
  // linux: set_max_threads — RLIMIT_NPROC starts at half of threads-max; everyone inherits it.
  init.signal.rlimitNproc = k.config.nprocLimit || Math.floor(k.maxThreads / 2);
  for (const fd of [0, 1, 2]) init.files.fds.set(fd, '/dev/console');
  const r = doExecve(k, init, INIT_PATH, ['/sbin/init'], DEFAULT_ENV);
  if (r !== GONE) throw new Error(`boot: cannot exec ${INIT_PATH}: ${r}`);
  init.flags |= PF_SUPERPRIV; // init uses root's privileges from the start (ps -l: F 4)
  // user_mode_thread(kernel_init, NULL, CLONE_FS): no exit signal (stat field 38 is 0)
  init.exitSignal = 0;

  // PID 2: kthreadd, parent of every kernel thread.
  // kernel_thread(kthreadd, NULL, NULL, CLONE_FS | CLONE_FILES): forked, never
  // exec'd, no exit signal; it marks itself PF_NOFREEZE (stat flags 0x208040 on Linux 6.x).
  const kthreadd = primordialTask(k, 'kthreadd', PF_KTHREAD | PF_NOFREEZE | PF_FORKNOEXEC);
  kthreadd.exitSignal = 0;
  k.kthreadd = kthreadd;
  // Kernel threads belong to no session or process group (pgrp and sid 0).
  kthreadd.signal.pgrp = 0;
  kthreadd.signal.session = 0;
  kthreadd.signal.rlimitNproc = init.signal.rlimitNproc;
  ignoreSignals(kthreadd);
  const kprog = compileProgram(KTHREADS_C, 'kernel/kthreads.c', '[kernel]');
  const kimage = k.kernelImage(kprog);
  kthreadd.kstack = k.mm.allocKernelStack();
  kthreadd.kthread = {
    image: kimage,
    fn: kimage.textBase + 4 * kprog.functions.find((f) => f.name === 'kthreadd')!.entry,
    threadfn: 'kthreadd',
    data: 0,
    shouldStop: false,
    started: false,
    result: 0,
    exited: false,
    stoppers: [],
  };
  for (const t of [init, kthreadd]) {
    t.state = TASK_NEW;
    wakeUpNewTask(k, t);
  }

  // Boot kernel threads (smpboot per-CPU threads, workers, housekeeping).
  // Workers of WQ_HIGHPRI and WQ_MEM_RECLAIM workqueues run at nice -20
  // (ps: I<), as create_worker and the rescuers set them.
  const spawnK = (name: string, fn: string, cpu: number, nice = 0) => {
    const p = kthreadRun(k, { name, image: kimage, fn, data: 0, cpu });
    if (typeof p === 'number') throw new Error(`boot: kthread ${name}: ${p}`);
    if (nice) setUserNice(k, p, nice);
  };
  spawnK('rcu_gp', 'worker_thread', -1, MIN_NICE);
  spawnK('rcu_par_gp', 'worker_thread', -1, MIN_NICE);
  for (let cpu = 0; cpu < n; cpu++) {
    spawnK(`cpuhp/${cpu}`, 'smpboot_thread_fn', cpu);
    spawnK(`migration/${cpu}`, 'smpboot_thread_fn', cpu);
    spawnK(`ksoftirqd/${cpu}`, 'smpboot_thread_fn', cpu);
    spawnK(`kworker/${cpu}:0H`, 'worker_thread', cpu, MIN_NICE);
  }
  const housekeeping: [string, string][] = [
    ['kdevtmpfs', 'devtmpfs_work_loop'],
    ['khungtaskd', 'watchdog'],
    ['oom_reaper', 'oom_reaper'],
    ['kswapd0', 'kswapd'],
    ['kcompactd0', 'kcompactd'],
  ];
  for (const [name, fn] of housekeeping) spawnK(name, fn, -1);
  spawnK(`kworker/u${2 * n}:0`, 'worker_thread', -1);

  k.run(BOOT_TICKS / 2);

  // The console's login shell.
  const shell = spawnProgram(k, init, SHELL_PATH, ['-bash'], STUDENT_UID);
  if (typeof shell === 'number') throw new Error(`boot: cannot start the shell: ${shell}`);
  k.shell = shell;
  shell.signal.session = shell.pid;
  shell.signal.tty = k.tty.name;
  shell.fs.cwd = '/home/student';
  for (const fd of [0, 1, 2]) shell.files.fds.set(fd, '/dev/pts/0');

  k.run(BOOT_TICKS / 2);
  // As if processes had come and gone since boot: levels vary PIDs by seed this way.
  const range = k.config.firstPid;
  if (range) k.pids.setCursor(range[0] + Math.floor(k.rng() * (range[1] - range[0] + 1)));
}
