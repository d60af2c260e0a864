// /proc/stat (tick-accounted CPU time, interrupts, switches, forks), the
// vmstat that reads it, and top's %Cpu(s) from its deltas.
import { describe, expect, it } from 'vitest';
import { Console } from '../../src/console/console';
import { Kernel } from '../../src/kernel/kernel';
import { jobPid, setup, SOURCES } from './helpers';

/** A kernel thread body that never sleeps. */
const KSPIN = `int spin(void *data)
{
    long i = 0;
    for (;;)
        i++;
    return 0;
}
`;

/** /proc/stat as numbers: the cpuN lines' fields, and the single-number lines by name. */
function stat(sh: (l: string) => string): { cpu: number[][]; n: Record<string, number> } {
  const cpu: number[][] = [];
  const n: Record<string, number> = {};
  for (const line of sh('cat /proc/stat').trimEnd().split('\n')) {
    const [name, ...rest] = line.split(/ +/);
    const m = /^cpu(\d+)$/.exec(name);
    if (m) cpu[Number(m[1])] = rest.map(Number);
    else n[name] = Number(rest[0]);
  }
  return { cpu, n };
}

/** Each CPU's user, nice, system and idle ticks over `ticks` of simulated time. */
function split(sh: (l: string) => string, ticks: number): number[][] {
  const a = stat(sh).cpu;
  sh(`tick ${ticks}`);
  return stat(sh).cpu.map((c, i) => c.slice(0, 4).map((v, j) => v - a[i][j]));
}

describe('/proc/stat', () => {
  it("has Linux 6.x's lines in its order: cpu, cpuN, intr, ctxt, btime, processes, procs_running, procs_blocked, softirq", () => {
    const { k, sh } = setup();
    sh('run loop.c');
    sh('tick 300');
    const text = sh('cat /proc/stat');
    const lines = text.trimEnd().split('\n');
    expect(lines.map((l) => l.split(' ')[0])).toEqual([
      'cpu',
      'cpu0',
      'cpu1',
      'intr',
      'ctxt',
      'btime',
      'processes',
      'procs_running',
      'procs_blocked',
      'softirq',
    ]);
    // "cpu" and two spaces, then ten fields: user nice system idle iowait irq softirq steal guest guest_nice.
    expect(lines[0]).toMatch(/^cpu {2}\d+( \d+){9}$/);
    expect(lines[1]).toMatch(/^cpu0 \d+( \d+){9}$/);
    const { cpu, n } = stat(sh);
    // The cpu line is the CPUs' sum (each in clock ticks, so within a tick per CPU).
    const all = lines[0].split(/ +/).slice(1).map(Number);
    for (let f = 0; f < 10; f++) expect(Math.abs(all[f] - (cpu[0][f] + cpu[1][f]))).toBeLessThanOrEqual(2);
    // Two CPUs' time since boot, at USER_HZ 100 (within a tick: user is sampled, idle measured).
    expect(Math.abs(all.reduce((s, v) => s + v, 0) - Math.floor((2 * k.jiffies) / 10))).toBeLessThanOrEqual(2);
    expect(n.btime).toBe(1725267600); // Mon Sep  2 09:00:00 UTC 2024, the simulated boot
    expect(n.procs_running).toBe(1); // the loop
    expect(n.procs_blocked).toBe(0);
    expect(lines[9]).toBe('softirq 0 0 0 0 0 0 0 0 0 0 0');
    expect(sh('ls /proc')).toContain('stat');
    expect(sh('echo 1 > /proc/stat')).toBe('kernlab: echo: write error: Input/output error\n');
  });

  it('a spinning task makes its CPU user time, a nice 10 one nice time; an idle CPU stays idle', () => {
    const { sh } = setup();
    const a = jobPid(sh('run loop.c'));
    sh(`taskset -p 1 ${a}`);
    sh('tick 100');
    expect(split(sh, 1000)).toEqual([
      [100, 0, 0, 0],
      [0, 0, 0, 100],
    ]);
    const b = jobPid(sh('nice -n 10 run loop.c'));
    sh(`taskset -p 2 ${b}`);
    sh('tick 100');
    expect(split(sh, 1000)).toEqual([
      [100, 0, 0, 0],
      [0, 100, 0, 0],
    ]);
    // Two on one CPU share it: the tick finds each about half the time.
    sh(`taskset -p 1 ${b}`);
    sh('tick 100');
    const [c0, c1] = split(sh, 1000);
    expect(c0[0] + c0[1]).toBeGreaterThanOrEqual(99); // each rounded down to a clock tick
    expect(c0[0] + c0[1]).toBeLessThanOrEqual(100);
    expect(c0[1]).toBeGreaterThanOrEqual(8); // nice 10 weighs 110 against nice 0's 1024: about 10%
    expect(c0[1]).toBeLessThanOrEqual(11);
    expect(c1).toEqual([0, 0, 0, 100]);
  });

  it('a spinning kernel thread is system time', () => {
    const k = new Kernel({ cpus: 2, seed: 'test' });
    const con = new Console(k, { readFile: (p) => (p === 'kspin.c' ? KSPIN : (SOURCES[p] ?? null)) });
    const sh = (l: string) => con.exec(l).output;
    expect(sh('kthread_run kspin spin kspin.c --cpu 1')).toMatch(/created and woken/);
    sh('tick 100');
    expect(split(sh, 500)).toEqual([
      [0, 0, 0, 50],
      [0, 0, 50, 0],
    ]);
  });

  it('ctxt counts context switches and processes forks; intr the local timer and IPIs', () => {
    const { sh } = setup();
    const before = stat(sh).n;
    sh('run chatty.c');
    sh('tick 100');
    const after = stat(sh).n;
    expect(after.processes - before.processes).toBe(2); // run's fork, and the program's own
    expect(after.ctxt).toBeGreaterThan(before.ctxt + 4); // each usleep and the wait switch away and back
    // The total of the LOC, RES, CAL and TLB rows of /proc/interrupts.
    const rows = sh('cat /proc/interrupts').split('\n').slice(1, -1);
    const sum = rows.reduce((s, r) => s + (r.match(/\d+(?= )/g) ?? []).map(Number).reduce((x, y) => x + y, 0), 0);
    expect(after.intr).toBe(sum);
  });
});

describe('vmstat', () => {
  it("prints procps 4.0.2's header and, on a fresh machine, the since-boot line", () => {
    const { sh } = setup();
    expect(sh('vmstat')).toBe(
      [
        'procs -----------memory---------- ---swap-- -----io---- -system-- ------cpu-----',
        ' r  b   swpd   free   buff  cache   si   so    bi    bo   in   cs us sy id wa st',
        ' 0  0      0 260748      0   1136    0    0     0     0  100  733  0  0 100  0  0',
        '',
      ].join('\n'),
    );
  });

  it('DELAY COUNT: a line per interval of simulated time, its rates per second, its CPU split', () => {
    const { k, sh } = setup();
    sh(`taskset -p 1 ${jobPid(sh('run loop.c'))}`);
    sh('tick 1000');
    const t0 = k.jiffies;
    const lines = sh('vmstat 1 3').trimEnd().split('\n');
    expect(k.jiffies - t0).toBe(2000); // lines at 0, 1 and 2 s
    expect(lines).toHaveLength(5);
    // One CPU of two spinning: 50 us, 50 id; 1000 local timer interrupts a second, no switches.
    for (const l of lines.slice(3)) expect(l).toMatch(/^ 1 {2}0 +0 +\d+ +0 +\d+ +0 +0 +0 +0 1000 +0 50 +0 50 +0 +0$/);
    expect(sh('vmstat -y 1 2').trimEnd().split('\n')).toHaveLength(4); // -y: the first line is not printed, COUNT still are
    expect(sh('vmstat -w').split('\n')[1]).toBe(
      '   r    b         swpd         free         buff        cache   si   so    bi    bo   in   cs  us  sy  id  wa  st  gu',
    );
    expect(sh('vmstat -a').split('\n')[1]).toBe(' r  b   swpd   free  inact active   si   so    bi    bo   in   cs us sy id wa st');
    expect(sh('vmstat -f')).toMatch(/^ {5,}\d+ forks\n$/);
  });

  it("refuses what real vmstat refuses, with its messages, and what would not end", () => {
    const { k, sh } = setup();
    expect(sh('vmstat 0')).toBe('vmstat: delay must be positive integer\n');
    expect(sh('vmstat 1.5')).toBe("vmstat: failed to parse argument: '1.5'\n");
    expect(sh('vmstat -x')).toMatch(/^vmstat: invalid option -- 'x'\n\nUsage:\n vmstat \[options\] \[delay \[count\]\]\n/);
    expect(sh('vmstat 1 2 3')).toMatch(/^\nUsage:/);
    expect(sh('vmstat 1 0').split('\n')).toHaveLength(4); // COUNT 0: the first line only
    const t0 = k.jiffies;
    expect(sh('vmstat 1')).toMatch(/must end/);
    expect(sh('vmstat 1 62')).toMatch(/more than kernlab lets one vmstat run \(60 s\)/);
    expect(k.jiffies).toBe(t0);
    expect(sh('help vmstat')).toMatch(/^vmstat: vmstat \[-a\]/);
  });
});

describe("top's %Cpu(s)", () => {
  it('is the deltas of /proc/stat: a user loop, a nice one and an idle CPU on a known machine', () => {
    const k = new Kernel({ cpus: 4, seed: 'test' });
    const con = new Console(k, { readFile: (p) => (p === 'kspin.c' ? KSPIN : (SOURCES[p] ?? null)) });
    const sh = (l: string) => con.exec(l).output;
    sh(`taskset -p 1 ${jobPid(sh('run loop.c'))}`);
    sh(`taskset -p 2 ${jobPid(sh('nice -n 10 run loop.c'))}`);
    sh('kthread_run kspin spin kspin.c --cpu 2');
    sh('tick 100');
    expect(sh('top -n 1').split('\n')[2]).toBe(
      '%Cpu(s): 25.0 us, 25.0 sy, 25.0 ni, 25.0 id,  0.0 wa,  0.0 hi,  0.0 si,  0.0 st ',
    );
  });
});

describe('output of programs while a command lets time pass', () => {
  it('comes between vmstat lines as it was written, not after them all', () => {
    const tock = '#include <stdio.h>\n#include <unistd.h>\nint main(void) { int i; for (i = 0; i < 3; i++) { sleep(1); printf("tock %d\\n", i); } return 0; }\n';
    const { sh } = setup({ readFile: (p) => (p === 'tock.c' ? tock : null) });
    sh('run tock.c');
    sh('tick 500'); // half way to the first tock
    const lines = sh('vmstat -n 1 3').split('\n');
    const kind = (l: string) => (/^tock \d$/.test(l) ? l : /^ *\d/.test(l) ? 'vmstat' : /^procs|swpd/.test(l) ? 'header' : l);
    // The header and the since-boot line at once; then each second a tock (half way through it) and a line.
    expect(lines.map(kind)).toEqual(['header', 'header', 'vmstat', 'tock 0', 'vmstat', 'tock 1', 'vmstat', '']);
  });
});
