// Shared helpers for kernel tests: boot a machine, start programs written
// inline, run until something happens, read what they printed.
import { Kernel, type MachineConfig } from '../../src/kernel/kernel';
import { spawnProgram } from '../../src/kernel/boot/main';
import type { TaskStruct } from '../../src/kernel/task';

export function boot(config: Partial<MachineConfig> = {}): Kernel {
  return new Kernel({ cpus: 2, seed: 'test', ...config });
}

/** Installs `source` as /home/student/NAME and starts it from the shell. */
export function start(k: Kernel, name: string, source: string, args: string[] = []): TaskStruct {
  const path = `/home/student/${name}`;
  k.vfs.add(path, source, `${name}.c`);
  const t = spawnProgram(k, k.shell, path, [name, ...args]);
  if (typeof t === 'number') {
    const f = k.vfs.files.get(path);
    throw new Error(`cannot start ${name}: ${t} ${f?.error?.message ?? ''}`);
  }
  return t;
}

/** Runs ticks until `pred` holds; throws after `max` ticks. Returns the ticks run. */
export function runUntil(k: Kernel, pred: () => boolean, max = 10_000): number {
  const start = k.jiffies;
  while (!pred()) {
    if (k.jiffies - start >= max) throw new Error(`condition not met after ${max} ticks`);
    k.tick();
  }
  return k.jiffies - start;
}

/** Everything written to stdout/stderr so far, with the tick of each chunk. */
export function output(k: Kernel, stream: 'stdout' | 'stderr' | 'strace' | 'any' = 'stdout'): string {
  return k.tty
    .since(0)
    .filter((c) => stream === 'any' || c.stream === stream)
    .map((c) => c.text)
    .join('');
}

export function chunks(k: Kernel) {
  return k.tty.since(0).filter((c) => c.stream === 'stdout');
}

/** Tasks whose comm is `comm`, by pid. */
export function byComm(k: Kernel, comm: string): TaskStruct[] {
  return [...k.tasks.values()].filter((t) => t.comm === comm).sort((a, b) => a.pid - b.pid);
}

/** The process group of a started program has no task left. */
export function groupGone(k: Kernel, t: TaskStruct): boolean {
  return ![...k.tasks.values()].some((x) => x.signal.pgrp === t.signal.pgrp);
}

/**
 * Runs `source` as ./prog traced from its execve (as `kernlab exec
 * --strace`) until its process group is gone; the terminal (output and
 * strace lines) and the program's task.
 */
export function tracedRun(source: string, config: Partial<MachineConfig>): { text: string; t: TaskStruct } {
  const k = boot({ cpus: 2, ...config });
  k.vfs.add('/home/student/prog', source, 'prog.c');
  const t = spawnProgram(k, k.shell, '/home/student/prog', ['./prog'], undefined, true);
  if (typeof t === 'number') throw new Error(`cannot start: ${t}`);
  runUntil(k, () => groupGone(k, t), 30_000);
  const text = k.tty
    .since(0)
    .filter((c) => c.stream !== 'console')
    .map((c) => c.text)
    .join('');
  return { text, t };
}
