// The simulated machine: CPUs with runqueues, physical memory, the task
// list, and the tick that drives them all. Pure and deterministic: the
// only inputs are the configuration (with its seed) and the calls made on
// it; the only randomness is `rng`, whose state is part of the kernel.

import seedrandom from 'seedrandom';
import type { Image, Program } from '../lang/abi';
import { EventLog } from './events';
import { MemorySystem } from './mm';
import {
  DEFAULT_CPUS,
  DEFAULT_MEMORY_MIB,
  DEFAULT_TLB_ENTRIES,
  HZ,
  NR_CPUS,
  NSEC_PER_TICK,
  PID_MAX_DEFAULT,
  BALANCE_INTERVAL_TICKS,
  CPU_QUANTUM_NS,
  IDLE_WAKE_LATENCY_NS,
  NSEC_PER_STMT,
  THREAD_SIZE,
  PAGE_SIZE,
} from './param';
import { PidAllocator } from './pid';
import { Rq } from './sched/rq';
import { schedTunables, type SchedTunables } from './sched/fair';
import { schedule, schedulerTick } from './sched/core';
import { loadBalance } from './sched/balance';
import { LoadAvg } from './sched/loadavg';
import { PF_IDLE, PF_KTHREAD, TASK_RUNNING, TaskStruct } from './task';
import { CpuSys, runCpu } from './run';
import { TimerWheel } from './time';
import { FutexTable } from './futex';
import { Tty } from './tty';
import { Vfs } from './vfs';
import { Pipes } from './pipe';
import { bootTasks } from './boot/main';
import { Strace } from './strace';
import { outOfMemory } from './oom_kill';
import { assertInvariants } from './debug/invariants';
import { IrqStat, localApicTimerInterrupt } from './irq_stat';
import { KernelPanic } from './panic';
import { RateLimit } from './fault_msg';

export interface MachineConfig {
  cpus: number; // 1..64
  memoryMiB: number; // physical memory
  tlbEntries: number; // per-CPU TLB size
  pidMax: number; // /proc/sys/kernel/pid_max
  seed: string; // seeds every random choice (ASLR, level variants)
  aslr: boolean; // randomise address-space layouts (kernel.randomize_va_space)
  /** RLIMIT_NPROC for user processes (ulimit -u); 0 = derived from threads-max as Linux does. */
  nprocLimit: number;
  /** After boot, move the PID cursor to a PID drawn from this range, as if processes had come and gone. */
  firstPid: [number, number] | null;
  /** CONFIG_DEBUG_VM and the scheduler's sanity checks: every kernel invariant is checked after every tick; a broken one panics (debug/invariants.ts). */
  debugChecks: boolean;
}

export const DEFAULT_MACHINE: MachineConfig = {
  cpus: DEFAULT_CPUS,
  memoryMiB: DEFAULT_MEMORY_MIB,
  tlbEntries: DEFAULT_TLB_ENTRIES,
  pidMax: PID_MAX_DEFAULT,
  seed: 'kernlab',
  aslr: true,
  nprocLimit: 0,
  // User programs start at PIDs in the hundreds or thousands, as on a machine that has been up a while.
  firstPid: [300, 2000],
  debugChecks: false,
};

export class Kernel {
  readonly config: MachineConfig;
  /** The only source of randomness; its state is part of the kernel. */
  readonly rng: seedrandom.StatefulPRNG<seedrandom.State.Arc4>;
  readonly events = new EventLog();
  readonly pids: PidAllocator;
  /** Every task but the idle tasks, by pid (the pid hash). */
  readonly tasks = new Map<number, TaskStruct>();
  readonly rqs: Rq[] = [];
  /** The per-CPU kernel entry used by the task running there. */
  readonly cpuSys: CpuSys[] = [];
  readonly mm: MemorySystem;
  readonly tun: SchedTunables;
  readonly timers = new TimerWheel();
  readonly futexes = new FutexTable();
  readonly tty = new Tty();
  readonly vfs: Vfs;
  readonly pipes = new Pipes(); // pipefs: every pipe's buffer and ends
  readonly strace: Strace;
  /** Kernel log (dmesg). */
  readonly dmesg: string[] = [];
  /** printk_ratelimit's state: the fault lines of dmesg, 10 every 5 s. */
  readonly printkRatelimit = new RateLimit();
  /** Ticks since boot. */
  jiffies = 0;
  /** Why the kernel panicked (init died), or null: after a panic no tick runs, time stands still. */
  panicked: string | null = null;
  /** linux: max_threads (/proc/sys/kernel/threads-max) */
  maxThreads: number;
  /** Tasks in existence, zombies included (nr_threads). */
  nrThreads = 0;
  /** The load averages of /proc/loadavg (avenrun). */
  readonly loadavg = new LoadAvg();
  /** Tasks per user (ucounts), for RLIMIT_NPROC. */
  readonly ucounts = new Map<number, number>();
  /** Processes forked since boot (total_forks). */
  totalForks = 0;
  init!: TaskStruct;
  kthreadd!: TaskStruct;
  /** The console's login shell: `run` starts programs as its children. */
  shell!: TaskStruct;
  /** Compiled kernel-thread images, by program path. */
  readonly kimages = new Map<string, Image>();
  /** Interrupts each CPU received (/proc/interrupts), by CPU. linux: irq_stat */
  readonly irqStat: IrqStat[];
  /** The CPU whose tick interrupt runs kernel code now (scheduler_tick, load balancing), else -1. */
  irqCpu = -1;
  /** Timers are firing: each runs in the timer interrupt of its sleeper's CPU. */
  inTimerIrq = false;

  constructor(config: Partial<MachineConfig> = {}, files: Record<string, string> = {}) {
    this.config = { ...DEFAULT_MACHINE, ...config };
    const c = this.config;
    if (!Number.isInteger(c.cpus) || c.cpus < 1 || c.cpus > NR_CPUS) throw new RangeError(`cpus must be 1..${NR_CPUS}`);
    this.rng = seedrandom(c.seed, { state: true });
    this.pids = new PidAllocator(c.pidMax);
    this.tun = schedTunables(c.cpus);
    const memoryBytes = c.memoryMiB * 1024 * 1024;
    // linux: set_max_threads — threads may use at most 1/8 of memory for their kernel stacks.
    this.maxThreads = Math.max(20, Math.floor(memoryBytes / (8 * THREAD_SIZE)));
    this.mm = new MemorySystem({
      memoryBytes,
      tlbEntries: c.tlbEntries,
      nrCpus: c.cpus,
      events: this.events,
      rng: () => this.rng(),
      aslr: c.aslr,
    });
    this.irqStat = Array.from({ length: c.cpus }, () => new IrqStat());
    for (let cpu = 0; cpu < c.cpus; cpu++) this.mm.mmus[cpu].tlb.irqStat = this.irqStat[cpu];
    this.mm.outOfMemory = (current) => {
      const t = this.tasks.get(current.pid);
      return t ? outOfMemory(this, t) : false;
    };
    this.vfs = new Vfs(files);
    this.strace = new Strace(this);
    bootTasks(this);
  }

  /** The task with this pid (thread id), or undefined. linux: find_task_by_vpid */
  findTask(pid: number): TaskStruct | undefined {
    return this.tasks.get(pid);
  }

  /**
   * linux: smp_processor_id — the CPU running kernel code: the running
   * task's in its turn, or the one whose tick is handled; -1 outside the
   * CPUs (a console command, a timer: callers then take the CPU acted on).
   */
  get smpProcessorId(): number {
    return this.mm.thisCpu >= 0 ? this.mm.thisCpu : this.irqCpu;
  }

  /** All CPUs' mask. */
  get allCpus(): bigint {
    return (1n << BigInt(this.config.cpus)) - 1n;
  }

  /** Creates an idle task (pid 0) for a CPU. linux: fork_idle / init_task */
  makeIdle(cpu: number): TaskStruct {
    const t = new TaskStruct(0, `swapper/${cpu}`, 0, 1n << BigInt(cpu), 1);
    t.flags = PF_IDLE | PF_KTHREAD;
    t.state = TASK_RUNNING;
    t.cpu = cpu;
    t.onCpu = true;
    return t;
  }

  addRq(rq: Rq): void {
    this.rqs.push(rq);
    this.cpuSys.push(new CpuSys(this, rq));
  }

  /** Loads (once) a kernel-thread program into kernel memory. */
  kernelImage(prog: Program): Image {
    const cached = this.kimages.get(prog.path);
    if (cached) return cached;
    const img = this.mm.loadKernelImage(prog);
    this.kimages.set(prog.path, img);
    return img;
  }

  /**
   * One tick (1 ms): the timer interrupt on every CPU (scheduler_tick and
   * expired timers), then each CPU runs its tasks for 1 ms worth of
   * statements, then periodic load balancing.
   */
  tick(): void {
    if (this.panicked) return;
    try {
      this.tickOnce();
    } catch (e) {
      if (!(e instanceof KernelPanic)) throw e;
      this.halt(e);
    }
  }

  /**
   * After panic(): the message in the kernel log (and as an event, for the
   * panes and the game), and the machine stopped. linux: panic()'s pr_emerg
   * and its closing "end Kernel panic" line
   */
  private halt(e: KernelPanic): void {
    this.panicked = e.reason;
    const pid = this.mm.thisCpu >= 0 ? this.rqs[this.mm.thisCpu].curr.pid : 0;
    for (const text of [e.message, `---[ end ${e.message} ]---`]) {
      this.printk(text + '\n');
      this.events.emit({ type: 'printk', pid, text });
    }
    // Out of the CPU the tick was cut short on: console commands look from outside any CPU.
    this.mm.thisCpu = -1;
    this.irqCpu = -1;
    this.inTimerIrq = false;
  }

  private tickOnce(): void {
    this.events.tick = this.jiffies;
    for (const rq of this.rqs) {
      // A CPU woken late in the last tick (IPI latency) may already be past
      // this tick's start: rq->clock never goes back.
      rq.clock = Math.max(rq.clock, this.jiffies * NSEC_PER_TICK);
      // NO_HZ_IDLE: an idle CPU has stopped its tick, so only the others
      // take a local timer interrupt (LOC); a timer due on an idle CPU
      // interrupts it when it fires (tryToWakeUp counts that one).
      if (!rq.isIdle) localApicTimerInterrupt(this, rq.cpu);
      this.irqCpu = rq.cpu;
      schedulerTick(this, rq);
    }
    this.irqCpu = -1;
    this.inTimerIrq = true;
    this.timers.run(this, this.jiffies);
    this.inTimerIrq = false;
    this.runCpus((this.jiffies + 1) * NSEC_PER_TICK);
    for (const rq of this.rqs) {
      this.irqCpu = rq.cpu; // rebalance_domains runs in the CPU's own tick (SCHED_SOFTIRQ)
      if (this.jiffies >= rq.nextBalance) {
        rq.nextBalance = this.jiffies + BALANCE_INTERVAL_TICKS;
        // An idle CPU that pulled tasks runs them at once: Linux balances on
        // the idle CPU itself, which then schedules.
        if (loadBalance(this, rq) && rq.curr === rq.idle && rq.clock <= (this.jiffies + 1) * NSEC_PER_TICK) {
          rq.clock = (this.jiffies + 1) * NSEC_PER_TICK;
          schedule(this, rq);
        }
      }
      rq.sampleUtil(NSEC_PER_TICK);
    }
    this.irqCpu = -1;
    this.jiffies++;
    this.events.tick = this.jiffies;
    this.loadavg.sample(this);
    if (this.config.debugChecks) assertInvariants(this);
  }

  /**
   * The CPUs run the tick up to `end` (their rq clocks) taking turns: the
   * one furthest behind runs until it is CPU_QUANTUM_NS ahead of the next,
   * or goes idle (parked until a wake-up gives it work), or wakes a task on
   * a parked CPU (which then catches up from that moment). So tasks on
   * different CPUs interleave as they would run at the same time.
   */
  private runCpus(end: number): void {
    for (const rq of this.rqs) rq.parked = false;
    for (;;) {
      let best: Rq | null = null;
      let next = end;
      for (const rq of this.rqs) {
        if (rq.parked || rq.clock >= end) continue;
        if (!best || rq.clock < best.clock) {
          if (best) next = Math.min(next, best.clock);
          best = rq;
        } else next = Math.min(next, rq.clock);
      }
      if (!best) return;
      this.yieldCpu = false;
      runCpu(this, best, Math.min(end, next === end ? end : next + CPU_QUANTUM_NS));
    }
  }

  /** A running CPU asked another CPU's turn: a wake-up made a parked CPU runnable. */
  yieldCpu = false;

  /**
   * The time now, as the CPU running kernel code sees it: its rq clock plus
   * the statements its task ran since the clock was last advanced (a system
   * call comes in the middle of a run); the tick's start outside any CPU.
   */
  get clockNs(): number {
    const cpu = this.mm.thisCpu;
    return cpu >= 0 ? this.rqs[cpu].clock + this.cpuSys[cpu].stmts * NSEC_PER_STMT : this.jiffies * NSEC_PER_TICK;
  }

  /**
   * A task was queued on a parked CPU: it runs again from now, after the
   * IPI and idle exit if another CPU woke it (then that CPU gives it its turn).
   */
  unparkCpu(rq: Rq): void {
    rq.parked = false;
    const cpu = this.mm.thisCpu;
    const remote = cpu >= 0 && cpu !== rq.cpu;
    rq.clock = Math.max(rq.clock, this.clockNs + (remote ? IDLE_WAKE_LATENCY_NS : 0));
    if (remote) {
      this.yieldCpu = true;
      this.cpuSys[cpu].needResched = true; // the interpreter stops at the next call boundary
    }
  }

  /**
   * Idle CPUs with tasks queued switch to them now, as the wake-up's IPI
   * makes them do within microseconds. For kernel work done between ticks
   * (a console command, a level's setup): the machine looked at then never
   * shows an idle CPU with a queue.
   */
  kickIdleCpus(): void {
    for (const rq of this.rqs) if (rq.curr === rq.idle && rq.cfs.nrRunning > 0) schedule(this, rq);
  }

  /**
   * Runs `n` ticks. While every CPU is idle, the ticks up to the next timer
   * are skipped in one step (NO_HZ idle: an idle Linux CPU stops its tick
   * too); the result is the same as ticking through them.
   */
  run(n: number): void {
    let left = n;
    while (left > 0 && !this.panicked) {
      if (this.rqs.every((rq) => rq.isIdle)) {
        const next = this.timers.nextExpiry();
        const skip = Math.min(left, next === null ? left : next - this.jiffies);
        if (skip > 0) {
          for (const rq of this.rqs) rq.sampleIdle(skip);
          this.loadavg.sampleIdle(this, this.jiffies + skip);
          this.jiffies += skip;
          this.events.tick = this.jiffies;
          left -= skip;
          continue;
        }
      }
      this.tick();
      left--;
    }
  }

  /**
   * Every CPU idle and no timer armed (or the kernel panicked): no task can run ever again, since
   * only a running task, a timer or the terminal can wake one, and the
   * terminal gives programs no input (for `kernlab exec`).
   */
  get quiescent(): boolean {
    return this.panicked !== null || (this.rqs.every((rq) => rq.isIdle) && this.timers.nextExpiry() === null);
  }

  /** Seconds since boot, as /proc/uptime and ps compute times. */
  get uptimeSeconds(): number {
    return this.jiffies / HZ;
  }

  /** finish_task_switch for a TASK_DEAD task: its last reference goes (put_task_struct). */
  finishDeadTask(prev: TaskStruct): void {
    if (prev.kstack) {
      this.mm.freeKernelStack(prev.kstack);
      prev.kstack = 0;
    }
    prev.regs = null;
  }

  /** A kernel log message: one dmesg line per line of text (the trailing newline ends it). */
  printk(text: string): void {
    const stamp = `[${(this.jiffies / HZ).toFixed(6).padStart(12)}] `;
    for (const line of text.replace(/\n$/, '').split('\n')) this.dmesg.push(stamp + line);
    if (this.dmesg.length > 2000) this.dmesg.splice(0, this.dmesg.length - 2000);
  }

  /** Bytes of physical memory. */
  get memoryBytes(): number {
    return this.config.memoryMiB * 1024 * 1024;
  }

  get totalPages(): number {
    return this.memoryBytes / PAGE_SIZE;
  }
}
