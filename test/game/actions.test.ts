// What counts as an action (against par): commands that change the
// machine or answer the question. Looking is free, and so is a command
// that failed without changing anything (a mistyped PID, an unaligned
// address), but not one that failed half-way (kill of two PIDs, one gone).
import { describe, expect, it } from 'vitest';
import { shippedLevels } from '../../src/cli/level-files';
import { Game, isAction } from '../../src/game/game';
import { replay } from '../../src/game/replay';
import { parseRunLog } from '../../src/game/runlog-parse';

const levels = new Map(shippedLevels().map((l) => [l.spec.id, l]));

function game(id: string): Game {
  return new Game(levels.get(id)!, 'actions');
}

describe('isAction', () => {
  it('is true for the commands that change the machine, false for the forms that only look', () => {
    for (const l of ['kill 5', 'kill -9 -300', 'mprotect 5 1000 4096 rw-', 'taskset -cp 2 5', 'taskset -p 3 5', 'taskset -a -cp 0,1 5', 'prctl 5 subreaper on', 'sysctl kernel.pid_max=4096', 'renice -n 19 -p 5', 'answer 1 2', 'wake_up_process 9', 'pkill worker', 'pkill -STOP -x worker', 'killall worker', 'killall -s KILL worker', 'kill -- -0 5', 'echo 4096 > /proc/sys/kernel/pid_max', './hog', '/home/student/hog 3 &', 'nice -n 5 ./hog', 'nice -5 run hog.c', 'nice ./hog']) {
      expect(isAction(l), l).toBe(true);
    }
    for (const l of ['ps', 'cat /proc/5/maps', 'kill -l', 'kill -l 9', 'taskset -p 5', 'taskset -cp 5', 'prctl 5 subreaper', 'sysctl kernel.pid_max', 'tick 100', 'translate 5 1000', 'pgrep worker', 'killall -l', 'kill -l -9 5', 'kill -0 5', 'kill -s 0 5', 'kill -n 0 5 6', 'kill -sEXIT 5', 'killall -0 worker', 'killall -s 0 worker', 'kill', 'kill -BOGUS 5', 'echo $(( (0x7f1234567890 >> 39) & 511 ))', 'echo hi', 'nice', 'nice -n 5', 'nice --help', 'top -b -n 1']) {
      expect(isAction(l), l).toBe(false);
    }
  });
});

describe('isAction with command substitution', () => {
  it('is true when the outer command is, or any command inside a $(...) or backquotes is; false when none is', () => {
    for (const l of ['kill $(pgrep hog)', 'echo $(kill 5)', 'cat /proc/$(kill 5)/maps', 'echo `kill 5`', 'echo "$(echo $(renice -n 5 -p 3))"', 'echo $(ps -e | kill 5)', 'ps | kill 5', 'echo $(echo 1 > /proc/sys/kernel/pid_max)']) {
      expect(isAction(l), l).toBe(true);
    }
    // A command name that comes from a substitution is known only when it runs: counted.
    expect(isAction('$(echo kill) 5')).toBe(true);
    for (const l of ['cat /proc/$(pgrep hog)/maps', 'echo $(ps -e | grep Z | wc -l)', 'echo $(kill -l 9)', 'echo "$(echo kill 5)"', "echo '$(kill 5)'", 'echo \\$(kill 5\\)', 'echo $(kill 5', 'echo $(kill 5 |)']) {
      expect(isAction(l), l).toBe(false);
    }
  });
});

describe('actions counted by a game', () => {
  it('kill $(ps -o pid= -C NAME) is one action; a substitution that only looks costs nothing', () => {
    // first-contact has no pgrep: ps -o pid= pads the PID, and bash splits the blank off.
    const g = game('first-contact');
    g.exec('tick 1000');
    const pid = g.view.labels.get('logzip')!;
    expect(g.exec('cat /proc/$(ps -o pid= -C logzip)/status')).toEqual({ output: `cat: /proc/: Is a directory\ncat: ${pid}/status: No such file or directory\n`, status: 1 });
    expect(g.exec('kill $(ps -o pid= -C nothing)').status).toBe(2); // kill alone: its usage
    expect(g.actions).toBe(0);
    expect(g.exec('kill $(ps -o pid= -C logzip)')).toEqual({ output: '', status: 0 });
    expect(g.actions).toBe(1);
    g.exec('tick 5');
    expect(g.status).toBe('solved');
    // The log holds the line as typed: its replay runs the same substitution, to the same score.
    expect(g.log().steps.map((s) => ('cmd' in s ? s.cmd : ''))).toContain('kill $(ps -o pid= -C logzip)');
    const log = parseRunLog(JSON.stringify(g.log()));
    const r = replay(levels.get('first-contact')!, log);
    expect([r.status, r.score()]).toEqual(['solved', g.score()]);
  });


  it('a kill of a PID that does not exist costs nothing; a real kill counts', () => {
    const g = game('first-contact');
    expect(g.exec('kill 99999').status).not.toBe(0);
    expect(g.actions).toBe(0);
    g.exec(`kill ${g.view.labels.get('logzip')}`);
    expect(g.actions).toBe(1);
  });

  it('an action inside a $(...) counts by what it did, not by the outer command\'s status', () => {
    const p = game('pid-roulette');
    expect(p.exec('echo $(kill 99999)').status).toBe(0); // echo succeeded; the kill changed nothing
    expect(p.actions).toBe(0);
    const g = game('first-contact');
    expect(g.exec(`cat /proc/$(kill ${g.view.labels.get('logzip')})`).status).toBe(1); // cat failed; the kill signalled logzip
    expect(g.actions).toBe(1);
  });

  it('an mprotect refused for an unaligned address costs nothing', () => {
    const g = game('read-only');
    g.exec('tick 2000');
    const pid = g.view.labels.get('kvstore')!;
    const addr = g.view.lastSegvAddr('kvstore')!;
    expect(addr % 4096).not.toBe(0);
    const r = g.exec(`mprotect ${pid} ${addr.toString(16)} 4096 rw-`);
    expect(r.output).toContain('Invalid argument');
    expect(g.actions).toBe(0);
    g.exec(`mprotect ${pid} ${(addr - (addr % 4096)).toString(16)} 4096 rw-`);
    expect(g.actions).toBe(1);
  });

  it('a kill that signals one process and misses another still counts (no free actions by adding a bad PID)', () => {
    const g = game('first-contact');
    expect(g.exec(`kill ${g.view.labels.get('logzip')} 99999`).output).toContain('No such process');
    expect(g.actions).toBe(1);
  });

  it('looking is free: ps, kill -l, taskset -p', () => {
    const g = game('noisy-neighbours');
    g.exec('ps -L');
    g.exec('kill -l');
    g.exec(`taskset -p ${g.view.labels.get('mixer')}`);
    expect(g.actions).toBe(0);
    expect(g.commands).toBe(3);
  });

  it('every answer counts, right or wrong', () => {
    const g = game('walk-the-tables');
    g.exec('answer 1 2 3 4');
    expect(g.actions).toBe(1);
  });
});

describe('looking at the machine once the level is over', () => {
  it('runs what only looks, refuses what would change it or let time pass, and logs nothing', () => {
    const g = game('walk-the-tables');
    g.exec('tick 10');
    g.exec(`answer ${g.view.fill('{pt_indices:odometer.odometer}')}`);
    expect(g.status).toBe('solved');
    const steps = g.log().steps.length;
    const ticks = g.ticks;
    expect(g.look('ps -o pid,comm | grep -c .').status).toBe(0);
    for (const line of ['tick 100', 'top', 'kill -9 1', 'ps | kill 1', 'answer 1 2 3 4', 'strace -p 1', 'nice -n 5 /home/student/odometer']) {
      expect(g.look(line)).toEqual({ output: `${line.split(' ')[0]}: the level is over: its machine can be looked at, not changed (Enter on an empty line: the debrief)\n`, status: 1 });
    }
    expect([g.log().steps.length, g.ticks, g.status]).toEqual([steps, ticks, 'solved']);
  });

  it('refuses a command in a substitution that would change the machine or let time pass; looks through one', () => {
    const g = game('walk-the-tables');
    g.exec('tick 10');
    g.exec(`answer ${g.view.fill('{pt_indices:odometer.odometer}')}`);
    expect(g.status).toBe('solved');
    const ticks = g.ticks;
    for (const line of ['echo $(kill -9 1)', 'cat /proc/$(tick 100)/maps', 'echo `pkill odometer`']) {
      expect(g.look(line)).toEqual({ output: `${line.split(' ')[0]}: the level is over: its machine can be looked at, not changed (Enter on an empty line: the debrief)\n`, status: 1 });
    }
    expect(g.look('pmap $(ps -o pid= -C odometer) | head -1').output).toBe(`${g.view.labels.get('odometer')}:   ./odometer\n`);
    expect([g.ticks, g.status]).toEqual([ticks, 'solved']);
  });
});

describe('answer', () => {
  it('help knows answer and hint, and plain help says a level asks a question only where it does', () => {
    const g = game('walk-the-tables');
    expect(g.exec('help answer')).toEqual({ output: expect.stringMatching(/^answer: answer TEXT\n +record your answer/), status: 0 });
    expect(g.exec('help hint').output).toMatch(/^hint: hint\n +show the next hint/);
    expect(g.exec('help').output).toMatch(/\nThis level asks a question: answer TEXT records your answer \(help answer\)\.\n$/);
    expect(g.hintsShown).toBe(0);
    expect(g.actions).toBe(0);
    expect(game('first-contact').exec('help').output).not.toContain('answer');
  });

  it('a level whose question sits deep in its goal (shootdown: any of all) takes answers', () => {
    const g = game('shootdown');
    const r = g.exec('answer 2 3');
    expect(r.output).toContain('Answer recorded: 2 3\n');
    expect(r.output).toMatch(/Not solved/); // nothing was made read-only yet
    expect(g.actions).toBe(1);
  });

  it('takes the shell\'s words: quotes removed, $((EXPR)) computed in place', () => {
    const g = game('walk-the-tables');
    g.exec('tick 10');
    const addr = g.view.fill('{addr:odometer.odometer}');
    const indices = [39, 30, 21, 12].map((shift) => `$(( (${addr} >> ${shift}) & 511 ))`).join(' ');
    expect(g.exec(`answer ${indices}`).output).toBe(`Answer recorded: ${g.view.fill('{pt_indices:odometer.odometer}')}\n`);
    expect(g.status).toBe('solved');
    expect(game('walk-the-tables').exec('answer $((1/0)) 2 3 4')).toEqual({ output: 'kernlab: 1/0: division by 0 (error token is "0")\n', status: 1 });
  });

  it('walk-the-tables lets echo do the arithmetic, as a student first tries it', () => {
    expect(game('walk-the-tables').exec('echo $(( (0x7f1234567890 >> 39) & 511 ))')).toEqual({ output: '254\n', status: 0 });
  });

  it('takes $(CMD) as any command does: its output split into words, its errors shown first', () => {
    const g = game('walk-the-tables');
    g.exec('tick 10');
    const right = g.view.fill('{pt_indices:odometer.odometer}');
    expect(g.exec(`answer $(printf "%s\\n" ${right})`).output).toBe(`Answer recorded: ${right}\n`);
    expect(g.status).toBe('solved');
    const h = game('walk-the-tables');
    expect(h.exec('answer $(ps -o pid= -C nothing)')).toEqual({ output: 'answer: usage: answer TEXT\n', status: 2 });
    expect(h.exec('answer $(nosuch) 1 2 3 4')).toEqual({ output: 'kernlab: nosuch: command not found\nAnswer recorded: 1 2 3 4\nNot solved yet: a wrong answer, or the rest of the goal is not met.\n', status: 0 });
    expect(h.exec('answer $(echo 1')).toEqual({ output: "kernlab: unexpected EOF while looking for matching `)'\n", status: 2 });
    expect(h.actions).toBe(1);
  });

  it('a wrong answer says it did not solve the level; the right one solves it', () => {
    const g = game('walk-the-tables');
    g.exec('tick 10');
    const wrong = g.exec('answer 1 2 3 4').output;
    expect(wrong).toMatch(/^Answer recorded: 1 2 3 4\nNot solved/);
    for (const l of wrong.split('\n')) expect(l.length).toBeLessThanOrEqual(78); // one row of an 80-column console
    const right = g.view.fill('{pt_indices:odometer.odometer}');
    expect(g.exec(`answer ${right}`).output).toBe(`Answer recorded: ${right}\n`);
    expect(g.status).toBe('solved');
  });

  it('an answer of the wrong shape is refused at no cost, saying how many values the question takes', () => {
    const g = game('walk-the-tables');
    expect(g.exec('answer 171 68 256')).toEqual({ output: 'answer: this question takes 4 values; you gave 3\n', status: 2 });
    expect(g.actions).toBe(0);
    const s = game('shootdown');
    expect(s.exec('answer 0 1 2 3 4').output).toMatch(/^answer: this question takes 1 to \d values; you gave 5\n$/);
    expect(s.actions).toBe(0);
  });

  it('a level that asks nothing refuses an answer, at no cost', () => {
    const g = game('first-contact');
    const r = g.exec('answer 42');
    expect(r).toEqual({ output: 'answer: this level asks no question\n', status: 1 });
    expect(g.actions).toBe(0);
  });
});

describe("a level's programs started from the shell", () => {
  it('are the shell\'s jobs: jobs lists them as bash would, and kill %N signals that one (an action)', () => {
    const g = game('first-contact');
    expect(g.exec('jobs').output).toBe('[1]   Running                 ./backup &\n[2]-  Running                 ./logzip &\n[3]+  Running                 ./notes &\n');
    g.exec('tick 1000');
    expect(g.exec('kill %2').status).toBe(0);
    expect(g.actions).toBe(1);
    // bash's notice ends the output of the command during which the job ended; then the job is gone.
    expect(g.exec('tick 5').output).toMatch(/^\[2\]-? +Terminated +\.\/logzip$/m);
    expect(g.exec('jobs').output).not.toContain('logzip');
    expect(g.status).toBe('solved');
  });
});

describe('a run with free hints (the level was solved before)', () => {
  it('says so in its log, and its replay scores the same (the hint costs nothing there either)', () => {
    const g = new Game(levels.get('first-contact')!, 'free', { freeHints: true });
    g.exec('hint');
    g.exec('tick 1000');
    g.exec(`kill ${g.view.labels.get('logzip')}`);
    g.exec('tick 5');
    expect(g.status).toBe('solved');
    const log = parseRunLog(JSON.stringify(g.log()));
    expect(log.freeHints).toBe(true);
    expect(replay(levels.get('first-contact')!, log).score()).toEqual(g.score());
    // Without the flag the same steps pay for the hint.
    const paid = replay(levels.get('first-contact')!, { ...log, freeHints: undefined });
    expect(paid.score().score).toBeLessThan(g.score().score);
  });
});
