// pgrep, pkill (procps-ng 4.0.2) and killall (psmisc 23.6): what a user
// sees. The messages, formats and exit statuses were compared with the
// real tools on Debian (signal 0 or names no other process has, so that
// nothing real was hit).
import { describe, expect, it } from 'vitest';
import { shippedLevels } from '../../src/cli/level-files';
import { Game } from '../../src/game/game';
import { jobPid, setup } from './helpers';

/** A machine running zombie.c (a parent and its zombie child) and loop.c. */
function machine() {
  const s = setup();
  const zombie = jobPid(s.sh('run zombie.c'));
  const loop = jobPid(s.sh('run loop.c'));
  s.sh('tick 5');
  return { ...s, zombie, loop };
}

describe('pgrep', () => {
  it('prints the PIDs whose name matches, -l with the name, -a with the command line ("[name]" for a kernel thread)', () => {
    const { con, zombie } = machine();
    expect(con.exec('pgrep zombie')).toEqual({ output: `${zombie}\n${zombie + 2}\n`, status: 0 });
    expect(con.exec('pgrep -l kthreadd')).toEqual({ output: '2 kthreadd\n', status: 0 });
    expect(con.exec('pgrep -a kthreadd').output).toBe('2 [kthreadd]\n');
    expect(con.exec('pgrep -la zombie').output).toBe(`${zombie} ./zombie\n${zombie + 2} [zombie]\n`);
    expect(con.exec('pgrep -ld, zombie').output).toBe(`${zombie} zombie,${zombie + 2} zombie\n`);
    // Kernel threads match too: every child of kthreadd.
    expect(con.exec('pgrep -l -P 2').output).toMatch(/^3 \S+\n/);
    expect(con.exec('pgrep -l -P 0').output).toBe('1 init\n2 kthreadd\n');
    expect(con.exec('pgrep -l "^k.*d$"').output).toContain('2 kthreadd\n');
  });

  it('-f matches the command line, -x the whole name, -c counts, -n/-o the newest/oldest, -r states, -u users', () => {
    const { con, zombie, loop } = machine();
    expect(con.exec('pgrep -f "^\\./loop$"').output).toBe(`${loop}\n`);
    expect(con.exec('pgrep -f "^\\[kthreadd"').output).toBe('2\n');
    expect(con.exec('pgrep -x kthread')).toEqual({ output: '', status: 1 });
    expect(con.exec('pgrep -x -l "kthread+d"').output).toBe('2 kthreadd\n');
    expect(con.exec('pgrep -c zombie')).toEqual({ output: '2\n', status: 0 });
    expect(con.exec('pgrep -c nomatch')).toEqual({ output: '0\n', status: 1 });
    expect(con.exec('pgrep -l -o .').output).toBe('1 init\n');
    expect(con.exec('pgrep -n .').output).toBe(`${zombie + 2}\n`);
    expect(con.exec('pgrep -l -r Z').output).toBe(`${zombie + 2} zombie\n`);
    expect(con.exec('pgrep -i ZOMBIE -n').output).toBe(`${zombie + 2}\n`);
    expect(con.exec('pgrep -c -u student').output).toBe('4\n'); // bash, zombie and its child, loop
    expect(con.exec('pgrep -c -v -u root').output).toBe('4\n');
    // -s 0: pgrep's own session, the shell's (every program it ran); -g 0 its own group (the shell alone).
    expect(con.exec('pgrep -c -s 0').output).toBe('4\n');
    expect(con.exec('pgrep -l -g 0').output).toMatch(/^\d+ bash\n$/);
  });

  it('Tab completes process names, and signals after pkill -', () => {
    const { con } = machine();
    expect(con.complete('pgrep zo')).toEqual(['zombie']);
    expect(con.complete('pkill -e lo')).toEqual(['loop']);
    expect(con.complete('pkill -SIGK')).toEqual(['-SIGKILL']);
    expect(con.complete('killall kthr')).toEqual(['kthreadd']);
  });

  it('usage errors: procps\'s messages and status 2; no match: status 1', () => {
    const { con } = machine();
    expect(con.exec('pgrep')).toEqual({ output: "pgrep: no matching criteria specified\nTry `pgrep --help' for more information.\n", status: 2 });
    expect(con.exec('pgrep a b')).toEqual({ output: "pgrep: only one pattern can be provided\nTry `pgrep --help' for more information.\n", status: 2 });
    expect(con.exec('pgrep -P abc x')).toEqual({ output: 'pgrep: not a number: abc\n', status: 2 });
    expect(con.exec('pgrep -u nosuchuser x')).toEqual({ output: 'pgrep: invalid user name: nosuchuser\n', status: 2 });
    expect(con.exec('pgrep "a("')).toEqual({ output: 'pgrep: regex error: Unmatched ( or \\(\n', status: 2 });
    const bad = con.exec('pgrep -Q');
    expect(bad.status).toBe(2);
    expect(bad.output).toMatch(/^pgrep: invalid option -- 'Q'\n\nUsage:\n pgrep \[options\] <pattern>\n/);
    expect(con.exec('pgrep -P').output).toMatch(/^pgrep: option requires an argument -- 'P'\n/);
    expect(con.exec('pgrep --foo x').output).toMatch(/^pgrep: unrecognized option '--foo'\n/);
    expect(con.exec('pgrep nomatch')).toEqual({ output: '', status: 1 });
    expect(con.exec('pgrep averyveryverylongname')).toEqual({
      output: "pgrep: pattern that searches for process name longer than 15 characters will result in zero matches\nTry `pgrep -f' option to match against the complete command line.\n",
      status: 1,
    });
  });
});

describe('pkill', () => {
  it('signals the matching processes (SIGTERM by default, -SIG, --signal SIG); -e says so; status 0', () => {
    const { con, loop } = machine();
    expect(con.exec('pkill -e -STOP loop')).toEqual({ output: `loop killed (pid ${loop})\n`, status: 0 });
    con.exec('tick');
    expect(con.exec(`ps -o stat= -p ${loop}`).output).toBe('T\n');
    expect(con.exec('pkill -e -c --signal CONT loop')).toEqual({ output: `loop killed (pid ${loop})\n1\n`, status: 0 });
    expect(con.exec('pkill loop')).toEqual({ output: '', status: 0 });
    expect(con.exec('tick').output).toMatch(/Terminated +\.\/loop\n$/);
    expect(con.exec('pgrep loop')).toEqual({ output: '', status: 1 });
  });

  it('never signals the shell that runs it; nothing matched: status 1', () => {
    const { con } = machine();
    expect(con.exec('pkill -e -9 bash')).toEqual({ output: '', status: 1 });
    expect(con.exec('pgrep -l bash').output).toMatch(/^\d+ bash\n$/);
    expect(con.exec('pkill -c nomatch')).toEqual({ output: '0\n', status: 1 });
  });

  it('an unknown --signal fails every kill(2), as procps does; -SIGFOO is an invalid option', () => {
    const { con, loop } = machine();
    expect(con.exec('pkill --signal FOO loop')).toEqual({ output: `pkill: killing pid ${loop} failed: Invalid argument\n`, status: 1 });
    const r = con.exec('pkill -SIGFOO loop');
    expect(r.status).toBe(2);
    expect(r.output).toMatch(/^pkill: invalid option -- 'S'\n\nUsage:\n pkill \[options\] <pattern>\n/);
    expect(con.exec('pkill -l x').output).toMatch(/^pkill: invalid option -- 'l'\n/);
    expect(con.exec('pkill -9')).toEqual({ output: "pkill: no matching criteria specified\nTry `pkill --help' for more information.\n", status: 2 });
  });
});

describe('killall', () => {
  it('signals every process of that name; -v reports each, -s/-SIG choose the signal', () => {
    const { con, zombie, loop } = machine();
    expect(con.exec('killall -0 -v kthreadd')).toEqual({ output: 'Killed kthreadd(2) with signal 0\n', status: 0 });
    expect(con.exec('killall -v -s SIGSTOP loop')).toEqual({ output: `Killed loop(${loop}) with signal 19\n`, status: 0 });
    expect(con.exec('killall -v -9 loop zombie')).toEqual({
      output: `Killed zombie(${zombie}) with signal 9\nKilled loop(${loop}) with signal 9\nKilled zombie(${zombie + 2}) with signal 9\n`,
      status: 0,
    });
    expect(con.exec('killall -0 -v -I KTHREADD').output).toBe('Killed kthreadd(2) with signal 0\n');
    expect(con.exec('killall -0 -v -r "^kthr"').output).toBe('Killed kthreadd(2) with signal 0\n');
  });

  it('psmisc\'s messages: no process found (status 1 unless -q quiets it), unknown signals, usage', () => {
    const { con } = machine();
    expect(con.exec('killall nosuchproc')).toEqual({ output: 'nosuchproc: no process found\n', status: 1 });
    expect(con.exec('killall -q nosuchproc')).toEqual({ output: '', status: 1 });
    expect(con.exec('killall -0 kthreadd nosuch')).toEqual({ output: 'nosuch: no process found\n', status: 1 });
    expect(con.exec('killall -s FOO x')).toEqual({ output: 'FOO: unknown signal; killall -l lists signals.\n', status: 1 });
    expect(con.exec('killall -Q x')).toEqual({ output: 'Q: unknown signal; killall -l lists signals.\n', status: 1 });
    expect(con.exec('killall -0 -u nobodyx kthreadd')).toEqual({ output: 'Cannot find user nobodyx\n', status: 1 });
    expect(con.exec('killall -0 -u student kthreadd')).toEqual({ output: 'kthreadd: no process found\n', status: 1 });
    expect(con.exec('killall -0 ksoftirqd/0')).toEqual({ output: 'ksoftirqd/0: No such file or directory\n', status: 1 });
    expect(con.exec('killall -l')).toEqual({
      output: 'HUP INT QUIT ILL TRAP ABRT BUS FPE KILL USR1 SEGV USR2 PIPE ALRM TERM STKFLT\nCHLD CONT STOP TSTP TTIN TTOU URG XCPU XFSZ VTALRM PROF WINCH POLL PWR SYS\n',
      status: 0,
    });
    const usage = con.exec('killall');
    expect(usage.status).toBe(1);
    expect(usage.output).toMatch(/^Usage: killall \[OPTION\]\.\.\. \[--\] NAME\.\.\.\n/);
    // The shell is the process running killall: never signalled.
    expect(con.exec('killall -9 bash')).toEqual({ output: 'bash: no process found\n', status: 1 });
  });
});

describe('in a level, the new commands follow its tools', () => {
  it('a level that allows kill refuses pkill and killall like any other command it does not list; pgrep only looks, so it is always allowed', () => {
    const level = shippedLevels().find((l) => l.spec.tools?.includes('kill') && !l.spec.tools.includes('pkill'))!;
    const g = new Game(level, 'tools');
    expect(g.exec('pgrep -x kthreadd')).toEqual({ output: '2\n', status: 0 });
    for (const cmd of ['pkill -9 bash', 'killall -9 init', 'ps | pkill x']) {
      const name = cmd.includes('|') ? 'pkill' : cmd.split(' ')[0];
      expect(g.exec(cmd)).toEqual({ output: `kernlab: ${name}: not allowed in this level\n`, status: 126 });
    }
    expect(g.con.commandNames()).not.toContain('pkill');
    expect(g.con.complete('pk')).toEqual([]);
  });
});
