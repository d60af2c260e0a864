// The CFS scheduler: fairness by weight, load balancing, affinity.
import { describe, expect, it } from 'vitest';
import { boot, byComm, chunks, output, runUntil, start } from './helpers';
import { setCpusAllowed, setUserNice } from '../../src/kernel/sched/core';
import { niceToWeight } from '../../src/kernel/sched/weight';

const SPIN_C = `int main(void) { long i = 0; for (;;) i++; return 0; }`;

describe('CFS', () => {
  it('shares one CPU between equal tasks equally', () => {
    const k = boot({ cpus: 1 });
    const ts = [0, 1, 2].map((i) => start(k, `spin${i}`, SPIN_C));
    k.run(3000);
    const times = ts.map((t) => t.se.sumExecRuntime);
    const mean = times.reduce((a, b) => a + b) / 3;
    for (const x of times) expect(Math.abs(x - mean) / mean).toBeLessThan(0.05);
  });

  it('gives CPU time in proportion to the nice weights (nice 0 vs nice 5: 1024/335)', () => {
    const k = boot({ cpus: 1 });
    const a = start(k, 'nice0', SPIN_C);
    const b = start(k, 'nice5', SPIN_C);
    setUserNice(k, b, 5);
    k.run(4000);
    const ratio = a.se.sumExecRuntime / b.se.sumExecRuntime;
    const expected = niceToWeight(0) / niceToWeight(5);
    expect(Math.abs(ratio - expected) / expected).toBeLessThan(0.1);
    // The weighted virtual runtimes stay close: that is what CFS equalises.
    expect(Math.abs(a.se.vruntime - b.se.vruntime)).toBeLessThan(20_000_000);
  });

  it('load balancing spreads busy tasks over every CPU', () => {
    const k = boot({ cpus: 4 });
    const ts = Array.from({ length: 8 }, (_, i) => start(k, `spin${i}`, SPIN_C));
    k.run(500);
    const perCpu = [0, 0, 0, 0];
    for (const t of ts) perCpu[t.cpu]++;
    expect(perCpu).toEqual([2, 2, 2, 2]);
    expect(k.events.count('migrate')).toBeGreaterThan(0);
  });

  it('honours cpus_allowed: a task pinned to CPU 1 runs only there', () => {
    const k = boot({ cpus: 4 });
    const t = start(k, 'pinned', SPIN_C);
    const others = Array.from({ length: 3 }, (_, i) => start(k, `spin${i}`, SPIN_C));
    setCpusAllowed(k, t, 1n << 1n);
    k.run(5);
    expect(t.cpu).toBe(1);
    let seenElsewhere = false;
    k.events.listen((e) => {
      if (e.type === 'switch' && e.next === t.pid && e.cpu !== 1) seenElsewhere = true;
    });
    k.run(1000);
    expect(seenElsewhere).toBe(false);
    expect(t.cpu).toBe(1);
    expect(t.se.sumExecRuntime).toBeGreaterThan(0);
    void others;
  });

  it('moves a running task off a CPU its new affinity excludes (the stopper does it at the next schedule)', () => {
    const k = boot({ cpus: 2 });
    const t = start(k, 'spin', SPIN_C);
    k.run(5);
    expect(t.onCpu).toBe(true);
    const from = t.cpu;
    setCpusAllowed(k, t, 1n << BigInt(1 - from));
    k.run(3);
    expect(t.cpu).toBe(1 - from);
    expect(t.onCpu).toBe(true);
    expect(k.events.since(0).some((e) => e.type === 'migrate' && e.pid === t.pid && e.reason === 'affinity')).toBe(true);
  });
});

// What runs on two CPUs runs at the same time: within a tick the CPUs take
// turns 20 µs apart, and a task woken onto an idle CPU starts after the IPI.
describe('SMP: CPUs run side by side', () => {
  const RACE_C = `#include <stdio.h>
#include <unistd.h>
#include <sys/wait.h>
int main(void)
{
    if (fork() == 0) {
        printf("child\\n");
        _exit(0);
    }
    long s = 0;
    for (long i = 0; i < 200; i++)
        s += i;
    printf("parent\\n");
    wait(NULL);
    return 0;
}`;

  it('a child forked onto an idle CPU prints while its parent is still busy (on one CPU it waits its turn)', () => {
    const smp = boot({ cpus: 4 });
    start(smp, 'race', RACE_C);
    runUntil(smp, () => output(smp).includes('parent'));
    expect(output(smp)).toBe('child\nparent\n');

    const up = boot({ cpus: 1 });
    start(up, 'race', RACE_C);
    runUntil(up, () => output(up).split('\n').length > 2);
    expect(output(up)).toBe('parent\nchild\n');
  });

  it('a signal to a task sleeping on another CPU is handled in the same tick, before the sender goes on', () => {
    const k = boot({ cpus: 4 });
    start(
      k,
      'poke',
      `#include <stdio.h>
#include <signal.h>
#include <unistd.h>
void on_usr1(int sig) { printf("got %d\\n", sig); }
int main(void)
{
    signal(SIGUSR1, on_usr1);
    pid_t c = fork();
    if (c == 0) {
        for (;;)
            pause();
    }
    usleep(5000);
    kill(c, SIGUSR1);
    long s = 0;
    for (long i = 0; i < 200; i++)
        s += i;
    printf("sent\\n");
    kill(c, SIGKILL);
    return 0;
}`,
    );
    runUntil(k, () => output(k).includes('sent'));
    const cs = chunks(k);
    expect(cs.map((c) => c.text).join('')).toBe('got 10\nsent\n');
    expect(cs[0]!.tick).toBe(cs[1]!.tick);
  });
});

describe('SMP: per-CPU clocks', () => {
  it("rq->clock never goes back, though an IPI late in a tick wakes a CPU past the tick's end", () => {
    const k = boot({ cpus: 2 });
    for (const rq of k.rqs) {
      let clock = rq.clock;
      Object.defineProperty(rq, 'clock', {
        get: () => clock,
        set: (v: number) => {
          if (v < clock) throw new Error(`cpu ${rq.cpu}: clock ${clock} -> ${v}`);
          clock = v;
        },
      });
    }
    // The parent forks at every point of the tick in turn: some children land past its end.
    start(
      k,
      'forker',
      `#include <unistd.h>
#include <sys/wait.h>
int main(void)
{
    for (int n = 0; n < 60; n++) {
        for (int i = 0; i < n * 7; i++)
            ;
        if (fork() == 0)
            _exit(0);
        wait(NULL);
    }
    return 0;
}`,
    );
    const late = runUntil(k, () => byComm(k, 'forker').length === 0, 5000);
    expect(late).toBeGreaterThan(10);
  });

  it("nanosleep counts from the sleeper's time within the tick: it never ends early", () => {
    const k = boot({ cpus: 2 });
    const t = start(
      k,
      'nap',
      `#include <unistd.h>
int main(void)
{
    for (int i = 0; i < 120; i++)
        ;
    usleep(500);
    return 0;
}`,
    );
    runUntil(k, () => t.restart?.fn === 'clock_nanosleep');
    // Alone on its CPU, it parked where it fell asleep: that CPU's clock is the call's time.
    const asleepAt = k.rqs[t.cpu].clock;
    expect(asleepAt % 1_000_000).toBeGreaterThan(500_000);
    expect(t.restart!.expires * 1_000_000).toBeGreaterThanOrEqual(asleepAt + 500_000 - 1_000);
  });
});
