// /proc/PID/sched as cat shows it: debug.c's header and "%-45s:%21Ld" /
// "%14Ld.%06ld" lines, with the values CFS keeps for the task.
import { describe, expect, it } from 'vitest';
import { jobPid, setup } from './helpers';

/** The lines kernlab prints, in proc_sched_show_task's order (Linux 6.18 prints PELT, slice and NUMA lines between and after them). */
const FIELDS = [
  'se.exec_start', 'se.vruntime', 'se.sum_exec_runtime', 'se.nr_migrations', 'nr_switches', 'nr_voluntary_switches',
  'nr_involuntary_switches', 'se.load.weight', 'policy', 'prio',
];

/** The value column of a line, as a number (ms for the PN lines). */
const field = (text: string, name: string): string => {
  const line = text.split('\n').find((l) => l.slice(0, 45).trimEnd() === name)!;
  return line.slice(46).trim();
};

/** SPLIT_NS of a nanosecond count, as the PN lines print it. */
const splitNs = (ns: number): string => `${Math.floor(ns / 1e6)}.${String(Math.trunc(ns) % 1e6).padStart(6, '0')}`;

describe('/proc/PID/sched', () => {
  it("debug.c's layout: the comm (pid, #threads) header, 67 dashes, 45-column names and 21-column values", () => {
    const { sh } = setup();
    const pid = jobPid(sh('run loop.c'));
    sh('tick 50');
    const lines = sh(`cat /proc/${pid}/sched`).split('\n');
    expect(lines[0]).toBe(`loop (${pid}, #threads: 1)`);
    expect(lines[1]).toBe('-'.repeat(67));
    expect(lines.slice(2, -1).map((l) => l.slice(0, 45).trimEnd())).toEqual(FIELDS);
    expect(lines.at(-1)).toBe('');
    for (const l of lines.slice(2, 5)) expect(l).toMatch(/^.{45}: {0,13}\d+\.\d{6}$/);
    for (const l of lines.slice(2, -1)) expect(l.length).toBe(67);
    expect(lines.slice(5, -1).every((l) => /^.{45}: *\d+$/.test(l))).toBe(true);
    expect(field(lines.join('\n'), 'se.load.weight')).toBe('1048576'); // nice 0: 1024, scaled by 2^10 on 64-bit
    expect(field(lines.join('\n'), 'policy')).toBe('0'); // SCHED_NORMAL
    expect(field(lines.join('\n'), 'prio')).toBe('120');
  });

  it("the scheduler's values: sum_exec_runtime grows while the task runs, nr_switches = voluntary + involuntary", () => {
    const { k, sh } = setup();
    const pid = jobPid(sh('run loop.c'));
    sh('tick 50');
    const t = k.findTask(pid)!;
    const s1 = sh(`cat /proc/${pid}/sched`);
    expect(field(s1, 'se.sum_exec_runtime')).toBe(splitNs(t.se.sumExecRuntime));
    expect(field(s1, 'se.vruntime')).toBe(splitNs(t.se.vruntime));
    expect(field(s1, 'se.exec_start')).toBe(splitNs(t.se.execStart));
    sh('tick 100');
    const s2 = sh(`cat /proc/${pid}/sched`);
    // A CPU-bound loop on a 2-CPU machine runs most of those 100 ms.
    expect(Number(field(s2, 'se.sum_exec_runtime')) - Number(field(s1, 'se.sum_exec_runtime'))).toBeGreaterThan(50);
    const status = sh(`cat /proc/${pid}/status`);
    const vol = Number(/^voluntary_ctxt_switches:\t(\d+)$/m.exec(status)![1]);
    const invol = Number(/^nonvoluntary_ctxt_switches:\t(\d+)$/m.exec(status)![1]);
    expect(field(s2, 'nr_voluntary_switches')).toBe(String(vol));
    expect(field(s2, 'nr_involuntary_switches')).toBe(String(invol));
    expect(field(s2, 'nr_switches')).toBe(String(vol + invol));
  });

  it('a task that sleeps switches voluntarily; renice changes the weight and prio', () => {
    const { sh } = setup();
    const pid = jobPid(sh('run zombie.c')); // the parent pause()s
    sh('tick 20');
    const s = sh(`cat /proc/${pid}/sched`);
    expect(Number(field(s, 'nr_voluntary_switches'))).toBeGreaterThan(0);
    sh(`renice -n 3 -p ${pid}`);
    const r = sh(`cat /proc/${pid}/sched`);
    // The reference machine shows the same pair for a nice 3 task: sched_prio_to_weight[23] = 526.
    expect(field(r, 'se.load.weight')).toBe('538624');
    expect(field(r, 'prio')).toBe('123');
  });

  it('per thread under task/TID, with the group\'s thread count; also for kernel threads', () => {
    const { k, sh } = setup();
    const pid = jobPid(sh('run threads.c'));
    sh('tick 20');
    const tids = sh(`ls /proc/${pid}/task`).trim().split(/\s+/);
    expect(tids).toHaveLength(3);
    for (const tid of tids) expect(sh(`cat /proc/${pid}/task/${tid}/sched`).split('\n')[0]).toBe(`threads (${tid}, #threads: 3)`);
    expect(sh('cat /proc/2/sched').split('\n')[0]).toBe('kthreadd (2, #threads: 1)');
    expect(k.findTask(2)!.comm).toBe('kthreadd');
  });
});

describe('the new files in /proc listings and completion', () => {
  it('ls /proc/PID and /proc/PID/task/TID list sched, smaps, smaps_rollup; ls /proc lists vmstat', () => {
    const { k, sh } = setup();
    const pid = k.shell.pid;
    for (const dir of [`/proc/${pid}`, `/proc/${pid}/task/${pid}`]) {
      const names = sh(`ls ${dir}`).trim().split(/\s+/);
      for (const f of ['sched', 'smaps', 'smaps_rollup']) expect(names).toContain(f);
    }
    expect(sh('ls /proc').trim().split(/\s+/)).toContain('vmstat');
  });

  it('tab completion offers them', () => {
    const { con, k } = setup();
    const pid = k.shell.pid;
    expect(con.complete(`cat /proc/${pid}/sm`)).toEqual([`/proc/${pid}/smaps`, `/proc/${pid}/smaps_rollup`]);
    expect(con.complete(`cat /proc/${pid}/sc`)).toEqual([`/proc/${pid}/sched`]);
    expect(con.complete('cat /proc/vm')).toEqual(['/proc/vmstat']);
  });
});

describe('every task, every state', () => {
  it('sched, smaps and smaps_rollup read for running, sleeping, zombie, multithreaded and kernel tasks', () => {
    const { k, sh } = setup();
    for (const prog of ['forktree.c', 'zombie.c', 'threads.c', 'loop.c', 'segv.c']) sh(`run ${prog}`);
    sh('tick 30');
    const tasks = [...k.tasks.values()];
    expect(tasks.some((t) => t.exitState)).toBe(true); // zombie.c's child
    for (const t of tasks) {
      const dir = `/proc/${t.tgid}/task/${t.pid}`;
      expect(sh(`cat ${dir}/sched`).split('\n')[0]).toBe(`${t.comm} (${t.pid}, #threads: ${t.signal.nrThreads})`);
      const smaps = sh(`cat ${dir}/smaps`);
      const rollup = sh(`cat ${dir}/smaps_rollup`);
      if (t.mm) {
        expect(smaps).toMatch(/\[vsyscall\]\n(.*\n){24}VmFlags: ex \n$/);
        expect(rollup).toMatch(/^[0-9a-f]{8,}-[0-9a-f]{8,} ---p 00000000 00:00 0 +\[rollup\]\nRss: /);
      } else {
        expect(smaps).toBe('');
        expect(rollup).toBe(`cat: ${dir}/smaps_rollup: No such process\n`);
      }
    }
  });
});
