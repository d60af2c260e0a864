// top: procps-ng 4.0.2's batch frames on a known machine — the summary,
// the task table, %CPU over the interval, threads, selection, sorting,
// the screen width and top's own error messages.
import { describe, expect, it } from 'vitest';
import { Console } from '../../src/console/console';
import { Kernel } from '../../src/kernel/kernel';
import { jobPid, setup, SOURCES } from './helpers';

const SPINNER = `#include <pthread.h>
#include <unistd.h>
void *spin(void *arg)
{
    for (;;)
        ;
    return NULL;
}
int main(void)
{
    pthread_t t;
    pthread_create(&t, NULL, spin, NULL);
    for (;;)
        pause();
    return 0;
}
`;

/** The task lines of a frame (after the header). */
function taskLines(frame: string): string[] {
  const lines = frame.trimEnd().split('\n');
  return lines.slice(lines.findIndex((l) => /^ +PID USER/.test(l)) + 1);
}

describe('top', () => {
  it('prints one batch frame, byte for byte as top -b -n 1 lays it out', () => {
    const { sh } = setup();
    expect(sh('top')).toBe(
      [
        'top - 09:00:00 up 0 min,  1 user,  load average: 0.00, 0.00, 0.00',
        'Tasks:  19 total,   0 running,  19 sleeping,   0 stopped,   0 zombie',
        '%Cpu(s):  0.0 us,  0.0 sy,  0.0 ni,100.0 id,  0.0 wa,  0.0 hi,  0.0 si,  0.0 st ',
        'MiB Mem :    256.0 total,    254.6 free,      0.3 used,      1.1 buff/cache     ',
        'MiB Swap:      0.0 total,      0.0 free,      0.0 used.    255.7 avail Mem ',
        '',
        '  PID USER      PR  NI    VIRT    RES    SHR S  %CPU  %MEM     TIME+ COMMAND',
        '    1 root      20   0    2340   1100   1016 S   0.0   0.4   0:00.00 init',
        '    2 root      20   0       0      0      0 S   0.0   0.0   0:00.00 kthreadd',
        '    3 root       0 -20       0      0      0 I   0.0   0.0   0:00.00 rcu_gp',
        '    4 root       0 -20       0      0      0 I   0.0   0.0   0:00.00 rcu_par_gp',
        '    5 root      20   0       0      0      0 S   0.0   0.0   0:00.00 cpuhp/0',
        '    6 root      20   0       0      0      0 S   0.0   0.0   0:00.00 migration+',
        '    7 root      20   0       0      0      0 S   0.0   0.0   0:00.00 ksoftirqd+',
        '    8 root       0 -20       0      0      0 I   0.0   0.0   0:00.00 kworker/0+',
        '    9 root      20   0       0      0      0 S   0.0   0.0   0:00.00 cpuhp/1',
        '   10 root      20   0       0      0      0 S   0.0   0.0   0:00.00 migration+',
        '   11 root      20   0       0      0      0 S   0.0   0.0   0:00.00 ksoftirqd+',
        '   12 root       0 -20       0      0      0 I   0.0   0.0   0:00.00 kworker/1+',
        '   13 root      20   0       0      0      0 S   0.0   0.0   0:00.00 kdevtmpfs',
        '   14 root      20   0       0      0      0 S   0.0   0.0   0:00.00 khungtaskd',
        '   15 root      20   0       0      0      0 S   0.0   0.0   0:00.00 oom_reaper',
        '   16 root      20   0       0      0      0 S   0.0   0.0   0:00.00 kswapd0',
        '   17 root      20   0       0      0      0 S   0.0   0.0   0:00.00 kcompactd0',
        '   18 root      20   0       0      0      0 I   0.0   0.0   0:00.00 kworker/u+',
        '   19 student   20   0    2340   1104   1016 S   0.0   0.4   0:00.00 bash',
        '',
      ].join('\n'),
    );
  });

  it("the memory lines are free's numbers in MiB, with used = total - available (procps 4.0)", () => {
    const { sh } = setup();
    sh('run mapper.c');
    sh('tick 20');
    const [, total, , free, , cache, avail] = /Mem: +(\d+) +(\d+) +(\d+) +(\d+) +(\d+) +(\d+)/.exec(sh('free'))!.map(Number);
    const mib = (kb: number) => (kb / 1024).toFixed(1).padStart(8);
    expect(sh('top -p 1')).toContain(
      `MiB Mem : ${mib(total)} total, ${mib(free)} free, ${mib(total - avail)} used, ${mib(cache)} buff/cache     \n` +
        `MiB Swap:      0.0 total,      0.0 free,      0.0 used. ${mib(avail)} avail Mem \n`,
    );
  });

  it('%CPU is over the last interval, per CPU: a spinning task shows 100.0, one that stopped 0.0 (ps shows lifetime averages)', () => {
    const { k, sh } = setup();
    const pid = jobPid(sh('run loop.c'));
    sh('tick 1000');
    const before = k.jiffies;
    const frame = sh(`top -p ${pid}`);
    expect(k.jiffies - before).toBe(150); // top samples, sleeps 0.15 s (LIB_USLEEP), samples again
    expect(frame).toMatch(/^Tasks: {3}1 total, {3}1 running, {3}0 sleeping, {3}0 stopped, {3}0 zombie$/m);
    expect(frame).toMatch(/^%Cpu\(s\): 50\.0 us, {2}0\.0 sy, {2}0\.0 ni, 50\.0 id, {2}0\.0 wa, {2}0\.0 hi, {2}0\.0 si, {2}0\.0 st $/m); // one of two CPUs
    expect(taskLines(frame)).toEqual([`${String(pid).padStart(5)} student   20   0    2340   1104   1016 R 100.0   0.4   0:01.14 loop`]);
    sh(`kill -STOP ${pid}`);
    sh('tick 10');
    const stopped = sh(`top -p ${pid}`);
    expect(stopped).toMatch(/^Tasks: {3}1 total, {3}0 running, {3}0 sleeping, {3}1 stopped/m);
    expect(taskLines(stopped)[0]).toMatch(/ T {3}0\.0 {3}0\.4 {3}0:01\.\d\d loop$/);
    expect(sh(`ps -o pcpu= -p ${pid}`)).not.toMatch(/^ *0\.0$/m);
  });

  it('two tasks sharing a CPU show 50.0 each; a positive nice counts as ni', () => {
    const { sh } = setup();
    const a = jobPid(sh('run loop.c'));
    const b = jobPid(sh('./loop'));
    sh(`taskset -p 2 ${a}`);
    sh(`taskset -p 2 ${b}`);
    sh(`renice -n 5 -p ${b}`);
    sh('renice -n 5 -p ' + a);
    sh('tick 500');
    const frame = sh(`top -n 2 -d 1 -p ${a},${b}`).split('\n\ntop - ').pop()!; // over 1 s: CFS's slices even out
    expect(frame).toMatch(/^%Cpu\(s\): {2}0\.0 us, {2}0\.0 sy, 50\.0 ni, 50\.0 id,/m);
    expect(taskLines(frame).map((l) => l.slice(0, 52))).toEqual([
      `${String(a).padStart(5)} student   25   5    2340   1104   1016 R  50.0`,
      `${String(b).padStart(5)} student   25   5    2340   1104   1016 R  50.0`,
    ]);
  });

  it('-H: a line per thread; the main thread shows the whole process, as procps reads it, and a thread tops out at 99.9', () => {
    const k = new Kernel({ cpus: 2, seed: 'test' });
    const con = new Console(k, { readFile: (p) => (p === 'spinner.c' ? SPINNER : (SOURCES[p] ?? null)) });
    const sh = (l: string) => con.exec(l).output;
    const pid = jobPid(sh('run spinner.c'));
    sh('tick 300');
    const frame = sh(`top -H -p ${pid}`);
    expect(frame).toMatch(/^Threads: {3}2 total, {3}1 running, {3}1 sleeping,/m);
    const [main, spin] = taskLines(frame);
    expect(main).toMatch(new RegExp(`^ *${pid} student .* S  99\\.9 .* 0:00\\.\\d\\d spinner$`));
    expect(spin).toMatch(new RegExp(`^ *${pid + 1} student .* R  99\\.9 .* 0:00\\.\\d\\d spinner$`));
    expect(main.slice(-16)).toBe(spin.slice(-16)); // the same TIME+: the process's
    // Without -H the process line may show up to 100% per thread it has.
    expect(taskLines(sh(`top -p ${pid}`))[0]).toMatch(/ S 100\.0 /);
  });

  it('-n 2 -d 1: two frames a blank line apart, one simulated second between them', () => {
    const { k, sh } = setup();
    const pid = jobPid(sh('run loop.c'));
    const before = k.jiffies;
    const out = sh(`top -n 2 -d 1 -p ${pid}`);
    expect(k.jiffies - before).toBe(1150);
    const frames = out.split('\n\ntop - ');
    expect(frames).toHaveLength(2);
    expect(out.endsWith(' loop\n')).toBe(true);
    const centis = (f: string) => {
      const [, m, s, cs] = /(\d+):(\d\d)\.(\d\d) loop/.exec(f)!.map(Number);
      return (m * 60 + s) * 100 + cs;
    };
    expect(centis(frames[1]) - centis(frames[0])).toBe(100); // it spun the whole second
    expect(frames[1]).toMatch(/ R 100\.0 /);
    expect(frames[1]).toMatch(/^09:00:01 up 0 min,/);
  });

  it('-o sorts by a field, high to low (-FIELD: low to high); ties stay in PID order; -i hides tasks that did not run', () => {
    const { sh } = setup();
    const pid = jobPid(sh('run loop.c'));
    const pids = (args: string) => taskLines(sh(`top ${args}`)).map((l) => Number(l.trim().split(/\s+/)[0]));
    expect(pids('-o PID').slice(0, 3)).toEqual([pid, 19, 18]);
    expect(pids('-o -PID').slice(0, 3)).toEqual([1, 2, 3]);
    expect(pids('').slice(0, 3)).toEqual([pid, 1, 2]); // %CPU, then /proc order
    expect(pids('-o +%MEM').slice(0, 3)).toEqual([19, pid, 1]); // bash and loop: the same RES
    expect(pids('-i')).toEqual([pid]);
  });

  it('fits the screen as calibrate_fields does: a wide pid_max widens PID, a narrow terminal drops columns and cuts the summary', () => {
    const { sh, con } = setup();
    con.resize(79);
    const names = taskLines(sh('top -p 16,17'));
    expect(names.map((l) => l.slice(l.lastIndexOf(' ') + 1))).toEqual(['kswapd0', 'kcompact+']);
    con.resize(80);
    sh('echo 4194304 > /proc/sys/kernel/pid_max');
    expect(sh('top -p 1')).toContain('\n    PID USER      PR  NI    VIRT    RES    SHR S  %CPU  %MEM     TIME+ COMMAND\n      1 root ');
    con.resize(60);
    const narrow = sh('top -p 1').split('\n');
    expect(narrow[0]).toBe('top - 09:00:00 up 0 min,  1 user,  load average: 0.00, 0.00,');
    expect(narrow.slice(6, 8)).toEqual(['    PID USER      PR  NI    VIRT    RES    SHR S  %CPU', '      1 root      20   0    2340   1100   1016 S   0.0']);
  });

  it("prints top's own errors", () => {
    const { con } = setup();
    expect(con.exec('top -p abc')).toEqual({ output: "top: bad pid 'abc'\n", status: 1 });
    expect(con.exec('top -n 0')).toEqual({ output: "top: bad iterations argument '0'\n", status: 1 });
    expect(con.exec('top -d x')).toEqual({ output: "top: bad delay interval 'x'\n", status: 1 });
    expect(con.exec('top -d -1')).toEqual({ output: 'top: -d requires positive argument\n', status: 1 });
    // kernlab's own bound: the frames run inside the command, so one top may let at most a minute pass (a long delay alone is fine).
    expect(con.exec('top -n 2 -d 100')).toEqual({ output: 'top: -n 2 frames 100 s apart: more than kernlab lets one top run (60 s)\n', status: 1 });
    expect(con.exec('top -d 100 | head -1').status).toBe(0);
    expect(con.exec('top -o FOO')).toEqual({ output: "top: unrecognized field name 'FOO'\n", status: 1 });
    expect(con.exec('top foo')).toEqual({ output: "top: unknown option 'foo'\n", status: 1 });
    // getopt's messages; procps 4.0.2 then ends with its newline and status 0.
    expect(con.exec('top -x')).toEqual({ output: "top: invalid option -- 'x'\n\n", status: 0 });
    expect(con.exec('top -p')).toEqual({ output: "top: option requires an argument -- 'p'\n\n", status: 0 });
    expect(con.exec('top -n 101').output).toBe("top: -n 101: kernlab's top prints at most 100 frames\n");
    // -h and -V end the options where they stand, as top's getopt loop does: status 0, no frame, no time passes.
    const help = con.exec('top -n 2 -h -x');
    expect(help.status).toBe(0);
    expect(help.output).toMatch(/^\nUsage:\n top \[options\]\n[^]* -b, --batch-mode {16}run in non-interactive batch mode\n[^]*For more details see top\(1\)\.\n$/);
    expect(con.exec('top --version')).toEqual({ output: 'top from procps-ng 4.0.2\n', status: 0 });
    expect(con.exec('top -bn1 -p 99999').output).toMatch(/Tasks: {3}0 total,[^]*\n {2}PID USER .* COMMAND\n$/);
  });

  it('completes options, sort fields and PIDs', () => {
    const { con } = setup();
    expect(con.complete('to')).toEqual(['top']);
    expect(con.complete('top -o %')).toEqual(['%CPU', '%MEM']);
    expect(con.complete('top -p 1')).toEqual(['1', '10', '11', '12', '13', '14', '15', '16', '17', '18', '19']);
  });
});
