// Program execution: execve replaces the calling process's image.
// linux: fs/exec.c do_execveat_common, begin_new_exec, de_thread, exec_mmap

import { cpu } from '../lang/cpu';
import { GONE, type Gone } from '../lang/abi';
import type { Kernel } from './kernel';
import { EXIT_DEAD, PF_EXITING, PF_FORKNOEXEC, PF_RANDOMIZE, TASK_DEAD, type TaskStruct } from './task';
import { flushSignalHandlers } from './signal';
import { forgetOriginalParent, mmRelease, releaseTask } from './exit';
import { SIGKILL, sigbit } from './uapi/signal';
import { futexUnqueue } from './futex';
import { E2BIG, ENOENT } from './uapi/errno';
import { Vfs } from './vfs';
import { unchargeTask } from './cred';
import { EXEC_COST_NS } from './param';

const MAX_ARG_STRLEN = 131072;

/** The environment every program starts with. */
export const DEFAULT_ENV = ['HOME=/home/student', 'PATH=/home/student:/usr/local/bin:/usr/bin:/bin', 'TERM=xterm-256color', 'USER=student', 'LANG=C.UTF-8'];

/**
 * linux: do_execve. Finds the program, kills the other threads of the
 * process (de_thread), gives the task a fresh mm with the new image
 * (exec_mmap; the old mm is released, which completes a vfork), resets
 * signal handlers, and starts main(argc, argv, envp). On success the old
 * user context is gone: returns GONE. On failure nothing changed: -errno.
 */
export function doExecve(k: Kernel, t: TaskStruct, path: string, argv: string[], envp: string[]): number | Gone {
  if (path === '') return -ENOENT; // linux: getname refuses an empty path
  const full = Vfs.resolve(t.fs.cwd, path);
  const prog = k.vfs.program(full);
  if (typeof prog === 'number') return prog;
  if (argv.some((a) => a.length > MAX_ARG_STRLEN) || envp.some((e) => e.length > MAX_ARG_STRLEN)) return -E2BIG;
  const tooBig = k.mm.execArgsCheck(argv, envp);
  if (tooBig < 0) return tooBig;
  deThread(k, t);
  const oldMm = t.mm;
  const mm = k.mm.mmAlloc();
  const layout = k.mm.exec(mm, prog, argv, envp, t);
  // exec_mmap: switch to the new mm; the old one's users drop (vfork parent woken).
  mmRelease(k, t);
  t.mm = mm;
  t.activeMm = mm;
  // Only the CPU the task runs on loads the new mm (a task exec'd by the
  // kernel on another's behalf, spawnProgram, is not running: its CPU's
  // CR3 belongs to whatever runs there; context_switch loads ours later).
  if (t.onCpu) k.mm.cpu(t.cpu).switchMm(mm, t);
  if (oldMm) k.mm.mmput(oldMm);
  t.comm = prog.comm;
  t.cmdline = argv.slice();
  t.flags &= ~PF_FORKNOEXEC;
  // linux: load_elf_binary — with randomize_va_space on, the new image's layout is randomised.
  if (k.mm.aslr) t.flags |= PF_RANDOMIZE;
  else t.flags &= ~PF_RANDOMIZE;
  t.execCostNs = EXEC_COST_NS;
  flushSignalHandlers(t);
  t.savedSigmask = [];
  t.savedRestart = [];
  t.savedRax = [];
  t.restart = null;
  const main = prog.functions.find((f) => f.name === 'main');
  t.regs = cpu.entryRegs(layout.image, layout.image.textBase + 4 * main!.entry, [layout.argc, layout.argv, layout.envp], layout.sp, 'main');
  k.events.emit({ type: 'exec', pid: t.pid, path: full });
  return GONE;
}

/**
 * The rest of the exit of a thread de_thread kills: dead and off the
 * runqueue, its children handed to a live thread of the group — the
 * exec'ing one (forget_original_parent, with their PR_SET_PDEATHSIG) —
 * and its mm let go.
 */
function zapThread(k: Kernel, th: TaskStruct): void {
  th.state = TASK_DEAD;
  th.exitState = EXIT_DEAD;
  if (th.se.onRq) k.rqs[th.cpu].cfs.dequeue(th.se);
  const dead: TaskStruct[] = [];
  forgetOriginalParent(k, th, dead);
  for (const p of dead) releaseTask(k, p, true);
  dropThreadMm(k, th);
}

/**
 * A thread de_thread kills lets go of the address space (exit_mm): one
 * still current on another CPU runs on there lazily until it switches away,
 * so it holds mm_count as active_mm (context_switch drops it); one off CPU
 * keeps nothing.
 */
function dropThreadMm(k: Kernel, th: TaskStruct): void {
  const mm = th.mm;
  if (!mm) return;
  if (th.onCpu) k.mm.mmgrab(mm);
  else th.activeMm = null;
  th.mm = null;
  k.mm.mmput(mm);
}

/**
 * linux: de_thread — an exec in a multi-threaded process kills every other
 * thread; if a non-leader execs, it takes over the leader's identity
 * (kernlab: the leader's pid) so the process keeps its PID.
 */
function deThread(k: Kernel, t: TaskStruct): void {
  const others = t.signal.threads.filter((x) => x !== t);
  if (!others.length) return;
  // zap_other_threads: SIGKILL for each of them alone (not a group exit,
  // which would take the exec'ing thread too). kernlab releases them at
  // once: they never return to user space.
  for (const th of others) {
    if (th.exitState) continue;
    th.pending.signal |= sigbit(SIGKILL);
    futexUnqueue(k, th);
  }
  // Their do_exit, done here: each is out of the live count (PF_EXITING)
  // before any hands its children on, so they all go to us.
  for (const th of others) {
    if (th.flags & PF_EXITING) continue;
    th.flags |= PF_EXITING;
    th.signal.live--;
  }
  // strace -f shows the leader's call end first, then each other thread's exit, then the leader superseded.
  if (t.groupLeader !== t) k.strace.exitEvent(t.groupLeader);
  for (const th of others) {
    if (th === t.groupLeader) continue;
    th.exitCode = 0;
    k.strace.exited(th); // "+++ exited with 0 +++", as Linux 6.x reports them
    zapThread(k, th);
    releaseTask(k, th, true);
  }
  const leader = t.groupLeader;
  if (leader !== t) {
    // exchange_tids: we become the leader, with its pid; the old leader goes.
    const oldPid = t.pid;
    k.strace.superseded(leader, oldPid);
    zapThread(k, leader);
    const parent = leader.realParent!;
    parent.children.delete(leader);
    t.signal.threads.splice(t.signal.threads.indexOf(leader), 1);
    t.signal.nrThreads--; // release_task(leader) → __exit_signal
    k.tasks.delete(oldPid);
    k.pids.free(oldPid);
    unchargeTask(k, leader);
    k.nrThreads--;
    k.tasks.set(leader.pid, t);
    t.pid = leader.pid;
    t.groupLeader = t;
    t.realParent = parent;
    t.parent = parent;
    t.exitSignal = leader.exitSignal;
    parent.children.add(t);
  }
}
