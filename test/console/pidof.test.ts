// pidof as sysvinit 3.06's (Debian's /usr/bin/pidof): each expectation was
// checked with the real pidof on the same kind of processes (a program
// started as ./name, its zombie child, kernel threads, the shell).
import { describe, expect, it } from 'vitest';
import { jobPid, setup } from './helpers';

function machine() {
  const s = setup();
  const zombie = jobPid(s.sh('run zombie.c'));
  const a = jobPid(s.sh('run loop.c'));
  const b = jobPid(s.sh('run loop.c'));
  s.sh('tick 10');
  const child = [...s.k.findTask(zombie)!.children][0].pid;
  return { ...s, zombie, child, a, b, shell: s.k.shell!.pid };
}

describe('pidof', () => {
  it('prints the PIDs running a program, newest first; by argv[0], its base name, or the executable for a /path', () => {
    const { con, a, b } = machine();
    expect(con.exec('pidof loop')).toEqual({ output: `${b} ${a}\n`, status: 0 });
    expect(con.exec('pidof ./loop').output).toBe(`${b} ${a}\n`); // argv[0] itself
    expect(con.exec('pidof /home/student/loop').output).toBe(`${b} ${a}\n`); // /proc/PID/exe
    expect(con.exec('pidof /usr/bin/loop')).toEqual({ output: '', status: 1 });
    expect(con.exec('pidof -s loop').output).toBe(`${b}\n`);
    expect(con.exec('pidof -d, loop').output).toBe(`${b},${a}\n`);
    expect(con.exec('pidof -q loop')).toEqual({ output: '', status: 0 });
    expect(con.exec('pidof nothing')).toEqual({ output: '', status: 1 });
    expect(con.exec('pidof loop -s').output).toBe(`${b}\n`); // getopt permutes
  });

  it('leaves zombies out unless -z; finds a kernel thread by its name, never by a name with a slash', () => {
    const { con, zombie, child } = machine();
    expect(con.exec('pidof zombie').output).toBe(`${zombie}\n`);
    expect(con.exec('pidof -z zombie').output).toBe(`${child} ${zombie}\n`);
    expect(con.exec('pidof kthreadd').output).toBe('2\n');
    expect(con.exec('pidof kworker/0:0H').status).toBe(1);
  });

  it('-o omits PIDs (%PPID: the shell); several programs print in turn; errors as sysvinit prints them', () => {
    const { con, a, b, shell } = machine();
    expect(con.exec('pidof bash loop').output).toBe(`${shell} ${b} ${a}\n`);
    expect(con.exec(`pidof -o %PPID,${b} bash loop`).output).toBe(`${a}\n`);
    expect(con.exec('pidof -o abc loop').output).toBe(`pidof: illegal omit pid value (abc)!\n\n${b} ${a}\n`);
    expect(con.exec('pidof -Z loop')).toEqual({ output: 'pidof: invalid options on command line!\n\n', status: 1 });
    expect(con.exec('pidof -h').output).toMatch(/^pidof usage: \[options\] <program-name>\n\n -c {11}Return PIDs/);
  });

  it('is allowed in every level, as pgrep: it only looks', () => {
    const { con } = setup({ allowed: new Set(['ps']) });
    expect(con.exec('pidof kthreadd').output).toBe('2\n');
    expect(con.exec('pgrep -x kthreadd').output).toBe('2\n');
  });
});
