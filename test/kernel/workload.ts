// A seeded random workload for the invariant checker
// (src/kernel/debug/invariants.ts), checked after every tick: the repository's own programs
// started from the console, and console actions on live tasks (signals,
// stop/continue, renice, taskset, mprotect/munmap, kthread_stop,
// wake_up_process), on 1, 2 and 8 CPUs. At the end every program is
// killed and reaped, and the frames they used must all be free again.

import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import seedrandom from 'seedrandom';
import { Kernel, type MachineConfig } from '../../src/kernel/kernel';
import { Console } from '../../src/console/console';
import { checkInvariants } from '../../src/kernel/debug/invariants';
import { PG_ANON, PG_PAGETABLE } from '../../src/kernel/mm/page_alloc';
import type { TaskStruct } from '../../src/kernel/task';
import type { MmStruct } from '../../src/kernel/mm/mm_types';

const ROOT = process.env.KERNLAB_ROOT ?? join(__dirname, '../..');
const DIRS = ['levels/programs', 'test/fidelity/programs', 'test/kernel/programs'];
/** kthread bodies, not programs: started with kthread_create instead. */
const KTHREAD_BODIES = new Set(['levels/programs/flusher.c']);

const PROGRAMS = DIRS.flatMap((d) =>
  readdirSync(join(ROOT, d))
    .filter((f) => f.endsWith('.c'))
    .map((f) => `${d}/${f}`)
    .filter((p) => !KTHREAD_BODIES.has(p)),
).sort();

const SIGNALS = ['KILL', 'TERM', 'INT', 'HUP', 'USR1', 'USR2', 'ALRM', 'CHLD', 'STOP', 'CONT', 'TSTP', 'CONT', 'QUIT', 'SEGV', 'PIPE'];
const PROTS = ['PROT_NONE', 'PROT_READ', 'PROT_READ|PROT_WRITE', 'PROT_READ|PROT_EXEC', 'PROT_WRITE', 'PROT_READ|PROT_WRITE|PROT_EXEC'];

export interface WorkloadResult {
  violations: string[]; // the first check that failed, with what led to it
  ticks: number;
  actions: number;
  programs: number;
}

/**
 * Frames that only programs' address spaces hold: anonymous pages, page
 * tables and shmem; less the PGDs of dead address spaces still borrowed
 * by a lazy-TLB CPU (an idle CPU keeps the last mm it ran until it runs
 * another: the mm_struct and its PGD go then, as on Linux).
 */
function userFrames(k: Kernel): number {
  const phys = k.mm.phys;
  let n = 0;
  for (let pfn = 0; pfn < phys.nrFrames; pfn++) {
    if (phys.flags[pfn] & (PG_ANON | PG_PAGETABLE)) n++;
    else if (phys.owner[pfn]?.includes('(deleted)')) n++;
  }
  const lazy = new Set<MmStruct>();
  for (const rq of k.rqs) for (const mm of [rq.idle.activeMm, rq.curr.activeMm, rq.prevMm]) if (mm && mm.mmUsers === 0) lazy.add(mm);
  for (const t of k.tasks.values()) if (t.activeMm && t.activeMm.mmUsers === 0) lazy.add(t.activeMm);
  return n - lazy.size;
}

/** User tasks started by the workload (not init, the shell or kernel threads). */
function userTasks(k: Kernel): TaskStruct[] {
  return [...k.tasks.values()].filter((t) => !t.isKthread && t !== k.init && t !== k.shell);
}

/**
 * Runs `ticks` ticks of a random mix seeded by `seed` on `cpus` CPUs (and
 * `config`), after the console commands of `setup`, checking every
 * invariant after every tick and every console action; then kills every
 * program and checks their frames are all free again. Stops at the first
 * violation. `onBoot` sees the machine first (to listen to its events).
 */
export function runWorkload(
  cpus: number,
  seed: string,
  ticks: number,
  config: Partial<MachineConfig> = {},
  setup: string[] = [],
  onBoot?: (k: Kernel) => void,
): WorkloadResult {
  const rnd = seedrandom(`workload:${seed}`);
  const pick = <T,>(a: readonly T[]): T => a[Math.floor(rnd() * a.length)];
  const int = (lo: number, hi: number): number => lo + Math.floor(rnd() * (hi - lo + 1));
  const k = new Kernel({ cpus, seed, memoryMiB: 32, ...config });
  const con = new Console(k, {
    readFile: (p) => (existsSync(join(ROOT, p)) ? readFileSync(join(ROOT, p), 'utf8') : null),
  });
  onBoot?.(k);
  const log: string[] = [];
  let actions = 0;
  let programs = 0;
  const check = (what: string): string[] => {
    const v = checkInvariants(k);
    return v.length ? [`after ${what} at tick ${k.jiffies} (cpus=${cpus} seed=${seed})`, ...v, 'last actions:', ...log.slice(-12)] : [];
  };
  let v = check('boot');
  if (v.length) return { violations: v, ticks: 0, actions, programs };
  const before = userFrames(k);
  const sh = (line: string): void => {
    actions++;
    const r = con.exec(line);
    log.push(`@${k.jiffies} ${line} -> ${r.output.split('\n')[0]?.slice(0, 100) ?? ''}`);
  };
  const act = (): void => {
    const users = userTasks(k).filter((t) => !t.exitState);
    const kthreads = [...k.tasks.values()].filter((t) => t.isKthread && t !== k.kthreadd && !t.exitState);
    const r = rnd();
    if (r < 0.22 || users.length === 0) {
      if (users.length < 12) {
        programs++;
        sh(`run ${pick(PROGRAMS)}${rnd() < 0.3 ? ` ${int(1, 5)}` : ''}`);
      }
      return;
    }
    const t = pick(users);
    if (r < 0.45) {
      const sig = pick(SIGNALS);
      // Not to the shell's process group: SIGKILL or SIGSTOP would take bash, and so the console, down.
      const group = rnd() < 0.1 && t.signal.pgrp !== k.shell.signal.pgrp;
      sh(`kill -${sig} ${group ? -t.signal.pgrp : t.tgid === t.pid || rnd() < 0.5 ? t.tgid : t.pid}`);
    }
    else if (r < 0.55) sh(`renice ${int(-20, 19)} -p ${t.pid}`);
    else if (r < 0.65) sh(`taskset -p ${(1 + Math.floor(rnd() * (2 ** cpus - 1))).toString(16)} ${t.pid}`);
    else if (r < 0.8 && t.mm) {
      const vmas = t.mm.vmas();
      if (!vmas.length) return;
      const vma = pick(vmas);
      // A range in the VMA, maybe running on into the next ones; never
      // part of a special mapping ([vdso], [vvar]): its split fails with
      // EINVAL and, as on Linux, leaves the VMAs already split unmerged.
      let end = vma.vmEnd;
      for (let n = vma.vmNext; vma.name === null && n && n.vmStart === end && n.name === null; n = n.vmNext) end = n.vmEnd;
      const first = vma.name === null ? int(0, vma.pages - 1) : 0;
      const addr = vma.vmStart + first * 4096;
      const len = vma.name === null ? int(1, Math.min((end - addr) / 4096, 8)) : vma.pages;
      if (rnd() < 0.6) sh(`mprotect ${t.pid} 0x${addr.toString(16)} ${len * 4096} ${pick(PROTS)}`);
      else sh(`munmap ${t.pid} 0x${addr.toString(16)} ${len * 4096}`);
    } else if (r < 0.86 && kthreads.length) sh(`wake_up_process ${pick(kthreads).pid}`);
    else if (r < 0.9 && kthreads.length) sh(`kthread_stop ${pick(kthreads).pid}`);
    else if (r < 0.95) sh(`${rnd() < 0.5 ? 'kthread_run' : 'kthread_create'} flusher${int(0, 99)} flusher_thread levels/programs/flusher.c ${int(0, 64)}${rnd() < 0.3 ? ` --cpu ${int(0, cpus - 1)}` : ''}`);
    else if (r < 0.97) sh(`wake_up_process ${t.pid}`);
    else if (r < 0.98) sh(`prctl ${t.tgid} subreaper ${rnd() < 0.7 ? 'on' : 'off'}`);
    else if (r < 0.99) sh(rnd() < 0.6 ? `strace -f -p ${t.pid}` : `strace --detach -p ${t.pid}`);
    else if (r < 0.995) sh(`sysctl kernel.pid_max=${int(301, 4096)}`);
    else sh(`tick ${int(1, 40)}`); // the console's way: Kernel.run, which skips ticks while every CPU is idle
  };
  for (const line of setup) {
    sh(line);
    v = check(`setup ${line}`);
    if (v.length) return { violations: v, ticks: 0, actions, programs };
  }
  let ran = 0;
  while (ran < ticks) {
    const burst = int(1, 25);
    for (let i = 0; i < burst && ran < ticks; i++, ran++) {
      k.tick();
      v = check('tick');
      if (v.length) return { violations: v, ticks: ran, actions, programs };
    }
    act();
    v = check(`action ${log[log.length - 1]}`);
    if (v.length) return { violations: v, ticks: ran, actions, programs };
  }
  // Kill everything the workload started, let init and the shell reap it.
  for (let round = 0; round < 5 && userTasks(k).length; round++) {
    // Each process with a live thread (its leader may be a zombie after pthread_exit).
    const tgids = new Set(userTasks(k).filter((t) => !t.exitState).map((t) => t.tgid));
    for (const tgid of tgids) sh(`kill -KILL ${tgid}`);
    for (let i = 0; i < 200 && userTasks(k).length; i++) {
      k.tick();
      v = check('tick (cleanup)');
      if (v.length) return { violations: v, ticks: ran, actions, programs };
    }
  }
  if (k.shell.exitState) return { violations: ['the shell died: the workload signalled it'], ticks: ran, actions, programs };
  const left = userTasks(k);
  if (left.length) return { violations: [`tasks left after kill -9 and reaping: ${left.map((t) => `${t.pid}(${t.comm})`).join(' ')}`], ticks: ran, actions, programs };
  const after = userFrames(k);
  if (after !== before) return { violations: [`frames leaked: ${before} anonymous, page-table and shmem frames before the workload, ${after} after`], ticks: ran, actions, programs };
  return { violations: [], ticks: ran, actions, programs };
}

