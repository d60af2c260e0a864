// The CFS scheduler: fairness by weight, load balancing, affinity.
import { describe, expect, it } from 'vitest';
import { boot, start } from './helpers';
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
