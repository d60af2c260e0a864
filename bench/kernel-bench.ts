// Kernel benchmarks: mini-C statements per second through the whole
// machine (scheduler, syscalls, the MMU and its TLB), the cost of one
// scheduler tick per CPU against the number of runnable tasks, and the
// wall time of `kernlab exec process.c` from a cold Node start.
import { spawnSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import path from 'node:path';
import { Kernel } from '../src/kernel/kernel';
import { spawnProgram } from '../src/kernel/boot/main';
import { schedule, schedulerTick, activateTask } from '../src/kernel/sched/core';
import { loadBalance } from '../src/kernel/sched/balance';
import { TaskStruct, TASK_RUNNING } from '../src/kernel/task';
import { NSEC_PER_TICK, STMTS_PER_TICK } from '../src/kernel/param';

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/** Statements per second of a program running alone on one CPU, through the real kernel and MMU. */
function statementsPerSecond(source: string, ticks: number): { rate: number; tlbHitRate: number } {
  const k = new Kernel({ cpus: 1, seed: 'bench' });
  k.vfs.add('/home/student/loop', source, 'loop.c');
  const t = spawnProgram(k, k.shell, '/home/student/loop', ['loop']);
  if (typeof t === 'number') throw new Error(`cannot start: ${t}`);
  k.run(50); // warm up: page faults, JIT
  const before = t.se.sumExecRuntime;
  const t0 = performance.now();
  k.run(ticks);
  const ms = performance.now() - t0;
  const stmts = (t.se.sumExecRuntime - before) / (NSEC_PER_TICK / STMTS_PER_TICK);
  const tlb = k.mm.tlbStats(0);
  return { rate: stmts / (ms / 1000), tlbHitRate: tlb.hits / Math.max(1, tlb.hits + tlb.misses) };
}

/** Runnable tasks that never run: enough for the scheduler's own work. */
function machineWithRunnable(n: number, cpus: number): Kernel {
  const k = new Kernel({ cpus, seed: 'bench', memoryMiB: 4096 });
  for (let i = 0; i < n; i++) {
    const t = new TaskStruct(100000 + i, `t${i}`, 0, k.allCpus, cpus);
    t.state = TASK_RUNNING;
    t.se.vruntime = (i * 7919) % 1_000_000;
    const rq = k.rqs[i % cpus];
    activateTask(k, rq, t, 'migrate');
  }
  return k;
}

/** ns per CPU for one scheduler tick (scheduler_tick + the schedule() it triggers). */
function tickCost(n: number, cpus = 8): number {
  const k = machineWithRunnable(n, cpus);
  const samples: number[] = [];
  let clock = 0;
  for (let round = 0; round < 40; round++) {
    const t0 = performance.now();
    const reps = 200;
    for (let r = 0; r < reps; r++) {
      clock += NSEC_PER_TICK;
      for (const rq of k.rqs) {
        rq.clock = clock;
        schedulerTick(k, rq);
        rq.curr.needResched = true; // the worst case: every tick switches
        schedule(k, rq);
      }
    }
    samples.push(((performance.now() - t0) * 1e6) / (reps * cpus));
  }
  return median(samples);
}

/** µs for one periodic load balance on a CPU when every task is queued on CPU 0. */
function balanceCost(n: number, cpus = 8): number {
  const samples: number[] = [];
  for (let i = 0; i < 5; i++) {
    const k = new Kernel({ cpus, seed: 'bench', memoryMiB: 4096 });
    for (let j = 0; j < n; j++) {
      const t = new TaskStruct(100000 + j, `t${j}`, 0, k.allCpus, cpus);
      t.state = TASK_RUNNING;
      activateTask(k, k.rqs[0], t, 'migrate');
    }
    for (const rq of k.rqs) rq.clock = 10 * NSEC_PER_TICK;
    const t0 = performance.now();
    loadBalance(k, k.rqs[1]);
    samples.push((performance.now() - t0) * 1000);
  }
  return median(samples);
}

/**
 * Wall times, medians of `runs` taken in turn: `node bin/kernlab.js exec
 * levels/programs/process.c` (what `kernlab exec` runs, with the code cache),
 * the bare bundle without it, and `node -e 0` (Node's own start, the floor).
 */
function execWallTimes(runs = 9): { command: number; bundle: number; node: number } {
  const root = path.resolve(__dirname, '..');
  const argvs = {
    command: ['bin/kernlab.js', 'exec', 'levels/programs/process.c'],
    bundle: ['dist/kernlab.cjs', 'exec', 'levels/programs/process.c'],
    node: ['-e', '0'],
  };
  const times = { command: [] as number[], bundle: [] as number[], node: [] as number[] };
  for (let i = 0; i < runs; i++) {
    for (const which of ['command', 'bundle', 'node'] as const) {
      const t0 = performance.now();
      const r = spawnSync(process.execPath, argvs[which], { cwd: root, encoding: 'utf8' });
      times[which].push(performance.now() - t0);
      if (r.status !== 0) throw new Error(`${argvs[which].join(' ')} failed: ${r.stderr}`);
    }
  }
  return { command: median(times.command), bundle: median(times.bundle), node: median(times.node) };
}

export async function benchKernel(): Promise<string> {
  const out: string[] = [];
  const cpuLoop = statementsPerSecond('int main(void) { long sum = 0; long i; for (i = 0; ; i++) sum += i; return 0; }', 3000);
  const storeLoop = statementsPerSecond('long a[1024]; int main(void) { long i; for (i = 0; ; i++) a[i & 1023] = i; return 0; }', 3000);
  out.push(`interpreter through the kernel and MMU, CPU-bound loop: ${(cpuLoop.rate / 1e6).toFixed(2)} M statements/s (TLB hit rate ${(cpuLoop.tlbHitRate * 100).toFixed(2)}%)`);
  out.push(`interpreter through the kernel and MMU, store-heavy loop: ${(storeLoop.rate / 1e6).toFixed(2)} M statements/s (TLB hit rate ${(storeLoop.tlbHitRate * 100).toFixed(2)}%)`);
  tickCost(100); // warm up the JIT, so the first size measured is not the slowest
  for (const n of [10, 100, 1000, 10000]) out.push(`scheduler tick + schedule() per CPU, ${n} runnable tasks on 8 CPUs: ${(tickCost(n) / 1000).toFixed(2)} µs`);
  for (const n of [100, 1000, 10000]) out.push(`load balance pulling from ${n} tasks queued on one of 8 CPUs: ${balanceCost(n).toFixed(0)} µs`);
  const exec = execWallTimes();
  out.push(`kernlab exec process.c, wall time from a cold node start (median of 9): ${exec.command.toFixed(0)} ms (the bundle without the code cache: ${exec.bundle.toFixed(0)} ms; node -e 0: ${exec.node.toFixed(0)} ms)`);
  return out.join('\n');
}
