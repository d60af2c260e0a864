// nice: coreutils 9.1's nice on the console — the niceness it prints, the
// program it starts at an adjusted one (and the children that inherit
// it), the clamping, and its error messages and statuses.
import { describe, expect, it } from 'vitest';
import { jobPid, setup } from './helpers';

describe('nice', () => {
  it("alone prints the shell's niceness; with a command adds 10 to it by default", () => {
    const { k, sh } = setup();
    expect(sh('nice')).toBe('0\n');
    sh(`renice -n 3 -p ${k.shell.pid}`);
    expect(sh('nice')).toBe('3\n');
    sh('run hello.c');
    const pid = jobPid(sh('nice ./hello'));
    expect(k.findTask(pid)!.nice).toBe(13);
  });

  it('starts the program at the new nice before its first instruction: ps, /proc and top show it, bash shows the job', () => {
    const { k, sh } = setup();
    const out = sh('nice -n 10 run loop.c');
    const pid = jobPid(out);
    expect(k.findTask(pid)!.se.sumExecRuntime).toBe(0); // it has not run yet, and it is already nice
    expect(sh(`ps -o pid,ni,pri,stat,comm -p ${pid}`)).toBe(`  PID  NI PRI STAT COMMAND\n${String(pid).padStart(5)}  10   9 RN   loop\n`);
    expect(sh(`cat /proc/${pid}/stat`).split(' ').slice(17, 19)).toEqual(['30', '10']); // priority, nice
    expect(sh('jobs')).toBe('[1]+  Running                 nice -n 10 ./loop &\n');
    sh('tick 10');
    expect(sh(`top -p ${pid}`)).toMatch(/^%Cpu\(s\): {2}0\.0 us, {2}0\.0 sy, 50\.0 ni, 50\.0 id,/m);
    expect(sh('./loop')).toMatch(/^\[2\] \d+\n$/); // without nice: 0, as before
    expect(sh('ps -o ni= -C loop')).toBe(' 10\n  0\n');
  });

  it("the children inherit it, threads and all (fork copies the parent's nice)", () => {
    const { sh } = setup();
    const pid = jobPid(sh('nice -n 5 run forktree.c'));
    sh('tick 50');
    const rows = sh(`ps -L -o ni=,comm= --ppid ${pid} -p ${pid}`).trimEnd().split('\n');
    expect(rows.length).toBeGreaterThanOrEqual(5);
    expect(new Set(rows.map((r) => r.trim()))).toEqual(new Set(['5 forktree']));
  });

  it('reads -n N, -nN, -N, --N, --adjustment=N; clamps to -20..19 (root may go below 0)', () => {
    const { k, sh } = setup();
    sh('run hello.c');
    const ni = (line: string) => k.findTask(jobPid(sh(line)))!.nice;
    expect(ni('nice -n 100 ./hello')).toBe(19);
    expect(ni('nice -n -100 ./hello')).toBe(-20);
    expect(ni('nice -5 ./hello')).toBe(5);
    expect(ni('nice --5 ./hello')).toBe(-5);
    expect(ni('nice --adjustment=3 ./hello')).toBe(3);
    expect(ni('nice --adj 4 ./hello')).toBe(4);
    expect(ni('nice -n3 ./hello')).toBe(3);
    expect(ni('nice -n 5 -n 7 ./hello')).toBe(7);
    expect(ni('nice -n 99999999999999999999 ./hello')).toBe(19);
  });

  it("prints coreutils' errors with its statuses (125 nice failed, 126 cannot run, 127 not found)", () => {
    const { con } = setup();
    const tryHelp = "Try 'nice --help' for more information.\n";
    expect(con.exec('nice -n 5')).toEqual({ output: 'nice: a command must be given with an adjustment\n' + tryHelp, status: 125 });
    expect(con.exec('nice -n abc ./hello')).toEqual({ output: 'nice: invalid adjustment ‘abc’\n', status: 125 });
    expect(con.exec('nice -n 1.5 ./hello')).toEqual({ output: 'nice: invalid adjustment ‘1.5’\n', status: 125 });
    expect(con.exec('nice -n')).toEqual({ output: "nice: option requires an argument -- 'n'\n" + tryHelp, status: 125 });
    expect(con.exec('nice -x ./hello')).toEqual({ output: "nice: invalid option -- 'x'\n" + tryHelp, status: 125 });
    expect(con.exec('nice --foo ./hello')).toEqual({ output: "nice: unrecognized option '--foo'\n" + tryHelp, status: 125 });
    expect(con.exec('nice ./nosuch')).toEqual({ output: 'nice: ‘./nosuch’: No such file or directory\n', status: 127 });
    expect(con.exec('nice -- -n 5 ./hello')).toEqual({ output: 'nice: ‘-n’: No such file or directory\n', status: 127 });
    expect(con.exec('nice /proc')).toEqual({ output: 'nice: ‘/proc’: Permission denied\n', status: 126 });
    expect(con.exec('nice /proc/meminfo')).toEqual({ output: 'nice: ‘/proc/meminfo’: Permission denied\n', status: 126 });
    expect(con.exec('nice ps')).toEqual({ output: 'nice: ‘ps’: a console command, not a program: nice starts programs (./NAME, run FILE.c)\n', status: 127 });
    expect(con.exec('nice run')).toEqual({ output: 'run: usage: run FILE.c [ARGS...] | run PATH [ARGS...]\n', status: 2 });
    expect(con.exec('nice --version')).toEqual({ output: 'nice (GNU coreutils) 9.1\n', status: 0 });
    expect(con.exec('nice --help').output).toMatch(/^Usage: nice \[OPTION\] \[COMMAND \[ARG\]\.\.\.\]\n/);
  });

  it('completes run and program paths, then nothing', () => {
    const { con, sh } = setup();
    sh('run hello.c');
    expect(con.complete('nice -n 5 ./h')).toEqual(['./hello']);
    expect(con.complete('nice r')).toEqual(['run']);
    expect(con.complete('nice --a')).toEqual(['--adjustment=']);
    expect(con.complete('nice ./hello ')).toEqual([]);
  });
});
