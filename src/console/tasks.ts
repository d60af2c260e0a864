// What the console's tools read from task_structs, in one place: the
// process list in /proc order, thread lists, user names, terminals, CPU
// times and the identity fields /proc prints. Pure reads of kernel state.

import type { Kernel } from '../kernel/kernel';
import { EXIT_ZOMBIE, PF_KTHREAD, TASK_RUNNING, taskStateLetter, type TaskStruct } from '../kernel/task';
import { threadGroupCputime } from '../kernel/sched/cputime';
import { jiffiesToClockT, nsecToClockT } from './clock';

/** /etc/passwd of the simulated machine. */
export function userName(uid: number): string {
  if (uid === 0) return 'root';
  if (uid === 1000) return 'student';
  return String(uid);
}

/** The uid of a user name or number, or null. */
export function userId(name: string): number | null {
  if (name === 'root') return 0;
  if (name === 'student') return 1000;
  return /^\d+$/.test(name) ? Number(name) : null;
}

/** Thread-group leaders in PID order: the entries of `ls /proc`. */
export function processes(k: Kernel): TaskStruct[] {
  const out: TaskStruct[] = [];
  for (const t of k.tasks.values()) if (t.isLeader) out.push(t);
  return out.sort((a, b) => a.pid - b.pid);
}

/** Tab completion of a process name (pgrep, pkill, killall): each comm once. */
export function completeComm(k: Kernel, word: string): string[] {
  return [...new Set(processes(k).map((p) => p.comm))].filter((n) => n.startsWith(word));
}

/** Every task (thread) in PID order. */
export function allTasks(k: Kernel): TaskStruct[] {
  return [...k.tasks.values()].sort((a, b) => a.pid - b.pid);
}

/** The threads of a process as /proc/PID/task lists them: the thread list order, leader first. */
export function threadsOf(p: TaskStruct): TaskStruct[] {
  return p.signal.threads.filter((t) => t.tgid === p.tgid);
}

/** The process (thread-group leader) for `pid`, as /proc/PID resolves a pid or a tid. */
export function findProcess(k: Kernel, pid: number): TaskStruct | undefined {
  return k.findTask(pid)?.groupLeader;
}

/** PPid as /proc prints it: the tgid of real_parent (0 for PID 1 and PID 2). */
export function ppidOf(t: TaskStruct): number {
  return t.realParent && !t.realParent.isIdle ? t.realParent.tgid : 0;
}

export function isKthread(t: TaskStruct): boolean {
  return (t.flags & PF_KTHREAD) !== 0;
}

export function isZombie(t: TaskStruct): boolean {
  return (t.exitState & EXIT_ZOMBIE) !== 0;
}

/** The state letter (R S D T t Z X I). */
export function stateLetter(t: TaskStruct): string {
  return taskStateLetter(t);
}

/** linux: task_is_running — what /proc/PID/stat's wchan field reports as 0. */
export function isRunning(t: TaskStruct): boolean {
  return t.state === TASK_RUNNING;
}

/** Controlling terminal name ("pts/0") or null. */
export function ttyName(t: TaskStruct): string | null {
  return t.signal.tty;
}

/** tty_nr as /proc/PID/stat encodes it: new_encode_dev(136, 0) for pts/0, 0 for none. */
export function ttyNr(k: Kernel, t: TaskStruct): number {
  return t.signal.tty === k.tty.name ? k.tty.rdev : 0;
}

/**
 * The foreground process group of the console's terminal. Every job
 * `run` starts is a background job, so the shell's group stays in front
 * (tcgetpgrp while bash waits at its prompt).
 */
export function foregroundPgrp(k: Kernel): number {
  const sh = k.shell;
  return sh && !sh.exitState ? sh.signal.pgrp : 0;
}

/** tpgid as /proc/PID/stat prints it: the terminal's foreground group, or -1 without a terminal. */
export function tpgidOf(k: Kernel, t: TaskStruct): number {
  return t.signal.tty ? foregroundPgrp(k) || -1 : -1;
}

/** Thread-group CPU time in ns: user and system, of every thread it has had (thread_group_cputime). */
export const groupTimes = threadGroupCputime;

/** Minor faults of the whole group: its threads' and its released threads' (do_task_stat: sig->min_flt + each thread's). */
export function groupMinFlt(p: TaskStruct): number {
  let n = p.signal.minFlt;
  for (const t of threadsOf(p)) n += t.minFlt;
  return n;
}

/** Start time in clock ticks since boot (/proc/PID/stat field 22). */
export function startTicks(t: TaskStruct): number {
  return jiffiesToClockT(t.startTime);
}

/** CPU time in clock ticks. */
export function ticks(ns: number): number {
  return nsecToClockT(ns);
}

/** A task's name as ps shows it: a control character (echo's newline written to /proc/PID/comm) as ?, as procps's escape_str does, so a row stays one row. */
export function commOf(t: { comm: string }): string {
  // eslint-disable-next-line no-control-regex -- the control characters are what is replaced
  return t.comm.replace(/[\x00-\x1f\x7f]/g, '?');
}

/** argv as /proc/PID/cmdline holds it: empty for kernel threads and zombies (no mm). */
export function cmdlineOf(t: TaskStruct): string[] {
  if (isKthread(t) || (!t.groupLeader.mm && !t.mm)) return [];
  return t.cmdline;
}

/** The signals a task ignores and catches, from its handlers. linux: collect_sigign_sigcatch */
export function sigIgnCgt(t: TaskStruct): { ign: bigint; cgt: bigint } {
  let ign = 0n;
  let cgt = 0n;
  const action = t.sighand?.action ?? [];
  for (let sig = 1; sig < action.length && sig <= 64; sig++) {
    const h = action[sig].handler;
    if (h === 1) ign |= 1n << BigInt(sig - 1);
    else if (h !== 0) cgt |= 1n << BigInt(sig - 1);
  }
  return { ign, cgt };
}

/** The where-it-sleeps name, or "" when running. */
export function wchanOf(t: TaskStruct): string {
  if (isRunning(t) || t.exitState) return '';
  return t.wchan;
}
