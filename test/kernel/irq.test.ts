// Per-CPU interrupt counts (irq_stat): the local timer (LOC), reschedule
// IPIs (RES), function-call IPIs (CAL) and TLB shootdowns (TLB), counted on
// the CPU that takes the interrupt, as Linux 6.x does. Each scenario was
// also run on a 2-CPU Linux 6.18 machine (HZ=250, NO_HZ_IDLE, hlt idle);
// the comments give what its /proc/interrupts deltas showed.
import { describe, expect, it } from 'vitest';
import { boot, byComm, runUntil, start } from './helpers';
import { setCpusAllowed, setUserNice } from '../../src/kernel/sched/core';
import type { Kernel } from '../../src/kernel/kernel';
import type { TaskStruct } from '../../src/kernel/task';

const SPIN_C = `int main(void) { long i = 0; for (;;) i++; return 0; }`;

/** Two processes bounce a byte through two pipes, each waking the other. */
const PINGPONG_C = `#include <unistd.h>
int main(void)
{
    int a[2], b[2];
    char c = 0;
    pipe(a);
    pipe(b);
    if (fork() == 0)
        for (;;) {
            read(a[0], &c, 1);
            write(b[1], &c, 1);
        }
    for (;;) {
        write(a[1], &c, 1);
        read(b[0], &c, 1);
    }
    return 0;
}
`;

/** Naps of 10 ms. */
const NAPS_C = `#include <unistd.h>
int main(void)
{
    for (;;)
        usleep(10000);
    return 0;
}
`;

/** A thread spins while main maps, touches and unmaps a page 50 times. */
const SHOOT_C = `#include <pthread.h>
#include <sys/mman.h>
#include <unistd.h>
volatile int stop;
void *spin(void *arg)
{
    while (!stop)
        ;
    return NULL;
}
int main(void)
{
    pthread_t t;
    pthread_create(&t, NULL, spin, NULL);
    usleep(5000);
    for (int i = 0; i < 50; i++) {
        char *p = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        p[0] = 1;
        munmap(p, 4096);
    }
    stop = 1;
    pthread_join(t, NULL);
    return 0;
}
`;

type Counts = { loc: number; res: number; cal: number; tlb: number };
const counts = (k: Kernel): Counts[] => k.irqStat.map((s) => ({ loc: s.apicTimerIrqs, res: s.irqReschedCount, cal: s.irqCallCount, tlb: s.irqTlbCount }));
const minus = (b: Counts[], a: Counts[]): Counts[] => b.map((x, i) => ({ loc: x.loc - a[i].loc, res: x.res - a[i].res, cal: x.cal - a[i].cal, tlb: x.tlb - a[i].tlb }));
/** What each CPU received while `fn` ran. */
function delta(k: Kernel, fn: () => void): Counts[] {
  const a = counts(k);
  fn();
  return minus(counts(k), a);
}
const pin = (k: Kernel, t: TaskStruct, cpu: number) => setCpusAllowed(k, t, 1n << BigInt(cpu));

describe('LOC: local timer interrupts', () => {
  it('a CPU running a task takes one per tick; an idle CPU none (NO_HZ_IDLE)', () => {
    const k = boot();
    const t = start(k, 'spin', SPIN_C);
    pin(k, t, 1);
    k.run(10);
    // Linux: a busy loop pinned to CPU1 for 2 s gave LOC +563 on CPU1 (500 ticks at 250 Hz, plus hrtimers).
    const d = delta(k, () => k.run(500));
    expect(d[1].loc).toBe(500);
    expect(d[0].loc).toBe(0);
  });

  it('an idle machine takes none at all', () => {
    const k = boot();
    k.run(10);
    const d = delta(k, () => k.run(2000));
    expect(d).toEqual([
      { loc: 0, res: 0, cal: 0, tlb: 0 },
      { loc: 0, res: 0, cal: 0, tlb: 0 },
    ]);
  });

  it('a timer firing on an idle CPU interrupts it: one LOC per nap, no IPI', () => {
    const k = boot();
    const t = start(k, 'naps', NAPS_C);
    pin(k, t, 1);
    k.run(15);
    let naps = 0;
    k.events.listen((e) => {
      if (e.type === 'wakeup' && e.pid === t.pid) naps++;
    });
    const d = delta(k, () => k.run(1000));
    // Each wake-up is the timer interrupt of the sleeper's own idle CPU;
    // the task runs microseconds and naps again before the next tick.
    expect(naps).toBeGreaterThan(80); // 10 ms from within a tick ends at the 11th tick
    expect(d[1].loc).toBe(naps);
    expect(d[0].loc).toBe(0);
    expect(d.map((c) => c.res + c.cal)).toEqual([0, 0]);
  });
});

describe('RES and CAL: waking a task on another CPU', () => {
  /** Starts the ping-pong with the parent on CPU0 and the child on CPU1. */
  function pingpong(k: Kernel): [TaskStruct, TaskStruct] {
    const parent = start(k, 'pingpong', PINGPONG_C);
    runUntil(k, () => byComm(k, 'pingpong').length === 2);
    const child = byComm(k, 'pingpong').find((t) => t !== parent)!;
    pin(k, parent, 0);
    pin(k, child, 1);
    k.run(20);
    return [parent, child];
  }

  it('onto an idle CPU: the wake-up is queued to it with a function-call IPI (CAL), not RES', () => {
    const k = boot();
    const [parent, child] = pingpong(k);
    const wakeups = [0, 0];
    k.events.listen((e) => {
      if (e.type === 'wakeup' && (e.pid === parent.pid || e.pid === child.pid)) wakeups[e.cpu]++;
    });
    const d = delta(k, () => k.run(100));
    // Linux, 20000 round trips with the CPUs otherwise idle: one IPI per
    // wake-up, CAL where the CPU was idle (RES only when it ran others' tasks).
    expect(wakeups[0]).toBeGreaterThan(100);
    expect(wakeups[1]).toBeGreaterThan(100);
    expect(d.map((c) => c.cal)).toEqual(wakeups);
    expect(d.map((c) => c.res)).toEqual([0, 0]);
    expect(d.map((c) => c.tlb)).toEqual([0, 0]);
  });

  it('onto a busy CPU: the wake-up preempts its task with a reschedule IPI (RES)', () => {
    const k = boot();
    const spinner = start(k, 'spin', SPIN_C);
    pin(k, spinner, 1);
    setUserNice(k, spinner, 19);
    const [parent, child] = pingpong(k);
    const wakeups = [0, 0];
    k.events.listen((e) => {
      if (e.type === 'wakeup' && (e.pid === parent.pid || e.pid === child.pid)) wakeups[e.cpu]++;
    });
    const d = delta(k, () => k.run(100));
    // Linux, 20000 round trips with a nice-19 spinner on CPU1: CPU1 RES +19998, CAL +0.
    expect(wakeups[1]).toBeGreaterThan(50);
    expect(d[1]).toEqual({ loc: 100, res: wakeups[1], cal: 0, tlb: 0 });
    // CPU0 is idle when its task is woken: CAL there.
    expect(d[0].cal).toBe(wakeups[0]);
    expect(d[0].res).toBe(0);
  });

  it('a fork whose child goes to the idle CPU sends it a reschedule IPI (wake_up_new_task has no wake list)', () => {
    const k = boot();
    const parent = start(k, 'pingpong', PINGPONG_C);
    const d = delta(k, () => runUntil(k, () => byComm(k, 'pingpong').length === 2));
    const child = byComm(k, 'pingpong').find((t) => t !== parent)!;
    expect(child.cpu).not.toBe(parent.cpu);
    expect(d[child.cpu].res).toBe(1);
  });
});

/** The parent, on its own CPU, signals a child that spins with a handler installed, 20 times, then kills it. */
const SIGNALS_C = `#include <signal.h>
#include <unistd.h>
volatile int got;
void on_usr1(int sig)
{
    got++;
}
int main(void)
{
    pid_t c = fork();
    if (c == 0) {
        signal(SIGUSR1, on_usr1);
        for (;;)
            ;
    }
    usleep(5000);
    for (int i = 0; i < 20; i++) {
        kill(c, SIGUSR1);
        usleep(2000);
    }
    kill(c, SIGKILL);
    return 0;
}
`;

describe('RES: kick_process', () => {
  it('a signal to a task running on another CPU interrupts that CPU with a reschedule IPI', () => {
    const k = boot();
    const parent = start(k, 'signals', SIGNALS_C);
    runUntil(k, () => byComm(k, 'signals').length === 2);
    const child = byComm(k, 'signals').find((t) => t !== parent)!;
    pin(k, parent, 0);
    pin(k, child, 1);
    k.run(2);
    const before = counts(k);
    let atExit: Counts[] = [];
    k.events.listen((e) => {
      if (e.type === 'exit' && e.pid === child.pid) atExit = counts(k);
    });
    runUntil(k, () => atExit.length > 0);
    const d = minus(atExit, before);
    // signal_wake_up → kick_process → smp_send_reschedule: 20 SIGUSR1 and the SIGKILL, each caught running on CPU1.
    expect(d[1].res).toBe(21);
    expect(d[0].res).toBe(0);
  });
});

describe('TLB and CAL: shootdowns', () => {
  it('each munmap interrupts the CPU running the other thread: TLB and CAL both count it there, nothing on the unmapping CPU', () => {
    const k = boot();
    const main = start(k, 'shoot', SHOOT_C);
    runUntil(k, () => main.signal.nrThreads === 2);
    const spin = main.signal.threads.find((t) => t !== main)!;
    pin(k, main, 0);
    pin(k, spin, 1);
    // Counted until the spinner exits (main's exit then wakes the shell: an IPI of its own).
    const before = counts(k);
    let atExit: Counts[] = [];
    k.events.listen((e) => {
      if (e.type === 'exit' && e.pid === spin.pid) atExit = counts(k);
    });
    runUntil(k, () => main.exitState !== 0);
    const d = minus(atExit, before);
    // Linux, 20000 munmaps with a thread spinning on CPU1: CPU1 TLB +7671 and CAL +7671, CPU0 +0 and +0.
    expect(d[1].tlb).toBe(50);
    expect(d[1].cal).toBe(50);
    expect(d[0].tlb).toBe(0);
  });
});

describe('irq_stat', () => {
  it('is kernel state: the same seed and steps give the same counts', () => {
    const run = () => {
      const k = boot();
      start(k, 'pingpong', PINGPONG_C);
      start(k, 'shoot', SHOOT_C);
      start(k, 'naps', NAPS_C);
      k.run(300);
      return counts(k);
    };
    const a = run();
    expect(a.every((c) => c.loc > 0)).toBe(true);
    expect(run()).toEqual(a);
  });
});
