// The classroom as the authority, without ssh: logins, levels played on
// the server's own games, every step and result journaled before it is
// shown, run logs that replay to the same score, restore after a crash.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { playScript, replay } from '../../src/game/replay';
import { parseRunLog } from '../../src/game/runlog-parse';
import { Classroom, type SessionHandle } from '../../src/net/classroom';
import { readJournal } from '../../src/net/journal';
import { readResults, resultsCsv, resultsText } from '../../src/net/results-export';
import type { StudentRun } from '../../src/net/student-run';
import { challengeFrom, demoChallenge, tempDir } from './helpers';

let cleanups: Array<() => void> = [];
afterEach(() => {
  for (const c of cleanups.reverse()) c();
  cleanups = [];
});

/** A wall clock the test moves. */
function fakeClock(start = 1_000_000): { now: () => number; add(ms: number): void } {
  let t = start;
  return { now: () => t, add: (ms) => (t += ms) };
}

function open(dir: string, clock = fakeClock(), challenge = demoChallenge()): Classroom {
  const room = new Classroom(challenge, { dataDir: dir, now: clock.now }, 10);
  cleanups.push(() => room.close());
  return room;
}

/** A classroom in a fresh data folder, `name` logged in, the clock started and its first level begun. */
function playing(name: string, clock = fakeClock()): { dir: string; room: Classroom; run: StudentRun } {
  const t = tempDir();
  cleanups.push(t.cleanup);
  const room = open(t.dir, clock);
  room.login(handle(name));
  room.startClock();
  return { dir: t.dir, room, run: room.startLevel(name) as StudentRun };
}

function handle(name: string): SessionHandle & { kicked: string[] } {
  const kicked: string[] = [];
  return { name, kicked, kick: (m) => kicked.push(m) };
}

/** Run everything owed to the run now (as the loop would, without a deadline). */
function settle(run: StudentRun): void {
  run.view = { frame: () => undefined };
  run.advance(Infinity, () => 0);
}

/** Solve first-contact the way the level's solution does, by typing. */
function solveFirstContact(run: StudentRun): void {
  const g = run.game;
  g.exec('tick 1000');
  settle(run);
  g.exec('ps -o pid,stat,time,comm');
  g.exec(`kill ${g.view.fill('{pid:logzip}')}`);
  g.exec('tick 10');
  settle(run);
}

describe('classroom', () => {
  it('plays a level on the server: steps and the result are journaled, the run log replays to the same score', () => {
    const t = tempDir();
    cleanups.push(t.cleanup);
    const room = open(t.dir);
    const alice = handle('alice');
    expect(room.login(alice)).toBeNull();
    expect(room.startLevel('alice')).toBe('The challenge has not started yet.');
    expect(room.startClock()).toBe(true);
    const run = room.startLevel('alice') as StudentRun;
    expect(run.game.level.spec.id).toBe('first-contact');
    expect(run.userPaused).toBe(true); // levels start with time stopped, as in kernlab play

    // `tick N` does not run inside the command: the server runs it.
    const r = run.game.exec('tick 1000');
    expect(r).toEqual({ output: '', status: 0 });
    expect(run.game.ticks).toBe(0);
    expect(run.due).toBe(1000);
    settle(run);
    expect(run.game.ticks).toBe(1000);

    run.game.exec('ps');
    const journal = () => readJournal(path.join(t.dir, 'journal.jsonl')).records;
    expect(journal().at(-1)).toEqual({ t: 'step', name: 'alice', step: { tick: 1000, cmd: 'ps' }, playMs: 0 });

    run.game.exec(`kill ${run.game.view.fill('{pid:logzip}')}`);
    run.game.exec('tick 10');
    settle(run);
    expect(run.game.status).toBe('solved');
    const res = journal().find((x) => x.t === 'result');
    expect(res).toMatchObject({ t: 'result', name: 'alice', index: 0, level: 'first-contact', outcome: 'solved', attempt: 1 });
    const score = run.game.score();
    expect(res).toMatchObject({ score: score.score, stars: score.stars, ticks: score.ticks, actions: score.actions });
    expect(room.student('alice')).toMatchObject({ score: score.score, solved: 1, next: 1, current: null });

    // The kept run log replays to the same score.
    const file = path.join(t.dir, (res as { log: string }).log);
    const log = parseRunLog(readFileSync(file, 'utf8'));
    const again = replay(room.challenge.levels[0], log).score();
    expect(again).toEqual(score);

    expect(readResults(t.dir).board).toEqual([{ rank: 1, name: 'alice', solved: 1, score: score.score, time_ms: res?.t === 'result' ? res.elapsedMs : -1, levels: [score.score, 0, 0] }]);
  });

  it("the header's wall time counts while the student thinks with time stopped, not while the teacher pauses", () => {
    const clock = fakeClock();
    const { room, run } = playing('alice', clock);
    run.view = { frame: () => undefined };
    expect(run.userPaused).toBe(true);
    for (let i = 0; i < 40; i++) {
      clock.add(250);
      room.poll();
    }
    expect(run.playMs).toBe(10_000);
    expect(run.game.ticks).toBe(0); // time stood still meanwhile
    room.pauseClock();
    clock.add(250);
    room.poll();
    expect(run.playMs).toBe(10_000);
  });

  it('refuses a second session with the same name, and too many students', () => {
    const t = tempDir();
    cleanups.push(t.cleanup);
    const room = open(t.dir);
    room.maxStudents = 2;
    const a = handle('alice');
    expect(room.login(a)).toBeNull();
    expect(room.login(handle('alice'))).toMatch(/alice is already playing in another session/);
    // A student whose laptop closed cannot "close it first": they are told it ends by itself.
    expect(room.login(handle('alice'))).toMatch(/cut off \(closed laptop, lost wifi\) ends by itself within 2 minutes: log in again then\.$/);
    expect(room.login(handle('bob'))).toBeNull();
    expect(room.login(handle('cat'))).toMatch(/classroom is full/);
    room.logout('alice', a);
    expect(room.login(handle('alice'))).toBeNull();
    expect(room.state.students.size).toBe(2);
  });

  it('restores after a crash: results, clock, and the level in progress replayed from the journal', () => {
    const t = tempDir();
    cleanups.push(t.cleanup);
    const clock = fakeClock();
    const a = open(t.dir, clock);
    a.login(handle('alice'));
    a.login(handle('bob'));
    a.startClock();
    clock.add(30_000);
    solveFirstContact(a.startLevel('alice') as StudentRun);
    const run = a.startLevel('alice') as StudentRun; // zombie-frozen-parent
    run.game.exec('tick 120');
    settle(run);
    run.game.exec('ps -o pid,ppid,stat,comm');
    run.game.exec('hint');
    const before = readResults(t.dir);

    a.poll(); // the loop marks the clock every few seconds
    const marked = a.elapsed();
    expect(marked).toBe(30_000);
    // kill -9: no close(); a new server opens the same folder.
    clock.add(5_000);
    const b = new Classroom(demoChallenge(), { dataDir: t.dir, now: clock.now }, 10);
    cleanups.push(() => b.close());
    // The clock ran: it comes back paused for the teacher to resume once the room has reconnected.
    expect(b.restore).toMatchObject({ students: 2, results: 1, inProgress: 1, clock: 'paused', held: true });
    expect(readResults(t.dir).board).toEqual(before.board);
    expect(b.elapsed()).toBe(marked); // the time the server was down does not count
    clock.add(90_000); // nor the time students take to run ssh again
    expect(b.elapsed()).toBe(marked);
    b.start(); // listening: the pause is journaled
    const clocks = readJournal(path.join(t.dir, 'journal.jsonl')).records.filter((rec) => rec.t === 'clock');
    expect(clocks.at(-1)).toMatchObject({ why: 'pause', phase: 'paused', elapsedMs: marked });
    expect(b.heldForRestart).toBe(true);
    expect(b.startClock()).toBe(true); // s on the dashboard
    expect(b.heldForRestart).toBe(false);
    clock.add(1_000);
    expect(b.elapsed()).toBe(marked + 1_000);
    expect(b.pauseClock()).toBe(true); // (the test drives the machine below itself)

    const r2 = b.currentRun('alice')!;
    expect(r2.restoring).toBe(true);
    r2.view = { frame: () => undefined };
    expect(r2.catchUp(Infinity, () => 0)).toBe(true);
    expect(r2.game.ticks).toBe(run.game.ticks);
    expect(r2.game.hintsShown).toBe(1);
    expect(r2.game.transcript).toBe(run.game.transcript); // the console the student comes back to has the hint
    // Both machines are in the same state: the same command gives the same answer.
    expect(r2.game.exec('ps -o pid,ppid,stat,time,comm').output).toBe(run.game.exec('ps -o pid,ppid,stat,time,comm').output);
    expect(r2.journaled).toBe(r2.game.steps.length);
  });

  it('a finished `tick N` survives a crash right after it (no command followed, no periodic mark yet)', () => {
    const clock = fakeClock();
    const { dir, run } = playing('bob', clock);
    run.game.exec('ps');
    run.playMs = 42_000; // what the loop counted while bob played (the header's "wall 0:42")
    run.game.exec('tick 700');
    settle(run); // the server's loop runs the 700 ticks; bob reads the screen, types nothing
    expect(run.game.ticks).toBe(700);
    // kill -9 within seconds: no close(), no poll().
    const b = new Classroom(demoChallenge(), { dataDir: dir, now: clock.now }, 10);
    cleanups.push(() => b.close());
    expect(readResults(dir).attempts[0]).toMatchObject({ name: 'bob', outcome: 'playing', ticks: 700 });
    const r2 = b.currentRun('bob')!;
    r2.view = { frame: () => undefined };
    expect(r2.catchUp(Infinity, () => 0)).toBe(true);
    expect(r2.game.ticks).toBe(700); // the machine bob comes back to is the one he left, not tick 0
    expect(r2.playMs).toBe(42_000); // and the level's wall clock goes on from 0:42, not 0:00
    expect(r2.game.exec('ps -o pid,stat,time,comm').output).toBe(run.game.exec('ps -o pid,stat,time,comm').output);
  });

  it('`tick N` is a command as in single play: the server, its run log replayed, and the same commands played alone agree', () => {
    const { dir, room, run } = playing('alice');
    solveFirstContact(run); // tick 1000, ps, kill, tick 10
    expect(run.game.status).toBe('solved');
    const score = run.game.score();
    expect(score).toMatchObject({ actions: 1, commands: 4 });
    const res = room.student('alice').results[0];
    expect(res).toMatchObject({ actions: 1, commands: 4, score: score.score });
    const log = parseRunLog(readFileSync(path.join(dir, res.log), 'utf8'));
    expect(log.steps.filter((st) => 'cmd' in st && st.cmd.startsWith('tick'))).toEqual([
      { tick: 0, cmd: 'tick 1000' },
      { tick: 1000, cmd: 'tick 10' },
    ]);
    const level = room.challenge.levels[0];
    expect(replay(level, log).score()).toEqual(score);
    const script = ['tick 1000', 'ps -o pid,stat,time,comm', 'kill {pid:logzip}', 'tick 10'].map((cmd, i) => ({ at: -1, cmd, line: i + 1 }));
    expect(playScript(level, run.game.seed, script).score()).toEqual(score);
  });

  it('while a `tick N` runs, other commands are refused and not logged (as the prompt waits in single play); after it they run', () => {
    const { run } = playing('bob');
    run.game.exec('tick 1000');
    run.stepOnce(); // the loop has run one tick of it
    const r = run.game.exec('kill 1');
    expect(r).toEqual({ output: 'kill: wait: your tick is still running (999 ticks to go); type the command again when it is done\n', status: 1 });
    expect(run.game.steps).toEqual([{ tick: 0, cmd: 'tick 1000' }]);
    expect(run.game.commands).toBe(1);
    settle(run);
    expect(run.game.ticks).toBe(1000);
    expect(run.game.exec('ps').status).toBe(0);
    expect(run.game.steps).toEqual([
      { tick: 0, cmd: 'tick 1000' },
      { tick: 1000, cmd: 'ps' },
    ]);
  });

  it('a top that would run more than 5 s inside the command is refused, not logged; a short one runs and is logged', () => {
    const { run } = playing('dan');
    const r = run.game.exec('top -b -n 3 | head -3');
    expect(r).toEqual({ output: 'top: on the classroom server one command may let at most 5 s pass inside it (this one: 6.15 s); use fewer frames (-n) or a shorter delay (-d), or tick N between tops\n', status: 1 });
    // A tick inside a substitution or a pipe runs inside the command too: no burst, so bounded the same.
    for (const line of ['echo $(tick 100000)', 'tick 6000 | head -1', 'echo `top -n 3`']) expect(run.game.exec(line).output).toMatch(/^(tick|top): on the classroom server one command may let at most 5 s pass inside it/);
    expect(run.game.steps).toEqual([]);
    expect(run.game.ticks).toBe(0);
    expect(run.game.exec('top -b -n 2 -d 1').output).toMatch(/^top - /m); // after what programs printed meanwhile
    expect(run.game.steps).toEqual([{ tick: 0, cmd: 'top -b -n 2 -d 1' }]);
    expect(run.game.ticks).toBe(1150);
  });

  it('a crash in the middle of a `tick N`: the restored machine runs the rest of it, and matches the one that never crashed', () => {
    const clock = fakeClock();
    const { dir, room, run } = playing('cat', clock);
    run.game.exec('tick 2000');
    for (let i = 0; i < 300; i++) run.stepOnce();
    room.pauseClock(); // marks how far every machine got (tick 300)
    const b = new Classroom(demoChallenge(), { dataDir: dir, now: clock.now }, 10);
    cleanups.push(() => b.close());
    const r2 = b.currentRun('cat')!;
    r2.view = { frame: () => undefined };
    expect(r2.catchUp(Infinity, () => 0)).toBe(true);
    expect(r2.game.ticks).toBe(300);
    expect(r2.bursting).toBe(1700);
    expect(r2.game.exec('ps').status).toBe(1); // still the tick's time
    b.startClock(); // the teacher resumes
    settle(r2);
    room.startClock();
    settle(run);
    expect(r2.game.ticks).toBe(2000);
    expect(run.game.ticks).toBe(2000);
    expect(r2.game.exec('ps -o pid,stat,time,comm').output).toBe(run.game.exec('ps -o pid,stat,time,comm').output);
    expect(r2.game.steps).toEqual(run.game.steps);
  });

  it('a level given up in the middle of a `tick N`: its run log says the ticks that ran, and replays to where it stopped', () => {
    const { dir, room, run } = playing('dan');
    run.game.exec('ps');
    run.game.exec('tick 2000');
    for (let i = 0; i < 150; i++) run.stepOnce();
    expect(room.abandonLevel('dan')).toBe(true);
    const res = room.student('dan').results[0];
    expect(res).toMatchObject({ outcome: 'abandoned', ticks: 150, commands: 2 });
    const log = parseRunLog(readFileSync(path.join(dir, res.log), 'utf8'));
    expect(log.steps).toEqual([
      { tick: 0, cmd: 'ps' },
      { tick: 0, cmd: 'tick 150' },
    ]);
    const again = replay(room.challenge.levels[0], log);
    expect(again.ticks).toBe(150);
    expect(again.score()).toMatchObject({ solved: false, commands: 2, actions: 0 });
    expect(again.exec('ps -o pid,stat,time,comm').output).toBe(run.game.exec('ps -o pid,stat,time,comm').output);
  });

  it('stopping the server tells students to come back, unless the challenge is over', () => {
    const t = tempDir();
    cleanups.push(t.cleanup);
    const a = new Classroom(demoChallenge(), { dataDir: t.dir }, 10);
    const amy = handle('amy');
    a.login(amy);
    a.startClock();
    a.close();
    expect(amy.kicked).toEqual(['The server is shutting down. Your progress is saved: log in again when it is back.']);
    const b = new Classroom(demoChallenge(), { dataDir: t.dir }, 10);
    const bob = handle('bob');
    b.login(bob);
    b.endClock('teacher');
    b.close();
    expect(bob.kicked).toEqual(['The server has stopped; the challenge is over and your results are kept. Thanks for playing!']);
  });

  it('refuses a data folder that holds another challenge', () => {
    const t = tempDir();
    cleanups.push(t.cleanup);
    open(t.dir).close();
    const other = challengeFrom('title: Other\nduration: 5m\nlevels: [read-only]\nseed: { shared: x }\n');
    expect(() => new Classroom(other, { dataDir: t.dir }, 10)).toThrow(/holds the challenge "Processes and memory, quick round".*Use another --data folder/);
  });

  it('failed levels may be retried or skipped; a level may be given up; the end closes what is in progress', () => {
    const { dir, room, run } = playing('amy');
    run.game.exec(`kill -9 ${run.game.view.fill('{pid:notes}')}`); // the wrong one: a fail condition
    run.game.exec('tick 50');
    settle(run);
    expect(run.game.status).toBe('failed');
    expect(room.student('amy')).toMatchObject({ next: 0, score: 0 });
    const retry = room.startLevel('amy') as StudentRun;
    expect(retry.attempt).toBe(2);
    expect(room.abandonLevel('amy')).toBe(true);
    expect(room.student('amy').next).toBe(1);
    const second = room.startLevel('amy') as StudentRun;
    second.game.exec('ps');
    expect(room.endClock('teacher')).toBe(true);
    const s = room.student('amy');
    expect(s.current).toBeNull();
    expect(s.results.map((r) => [r.index, r.attempt, r.outcome])).toEqual([
      [0, 1, 'failed'],
      [0, 2, 'abandoned'],
      [1, 1, 'unfinished'],
    ]);
    for (const r of s.results) expect(existsSync(path.join(dir, r.log))).toBe(true);
    // Why each was not solved, for the teacher: in the results and the CSV.
    const results = readResults(dir);
    expect(results.attempts.map((a) => a.reason)).toEqual([expect.stringMatching(/^You killed notes/), 'given up', 'the challenge ended before it was decided']);
    const csv = resultsCsv(results).split('\r\n');
    expect(csv[0]).toBe('rank,name,solved,score,time_ms,first-contact,zombie-frozen-parent,read-only');
    expect(csv[1]).toBe(',amy,0,0,,0,0,0'); // no points: no rank (an empty cell; null in the JSON)
    expect(results.board[0].rank).toBeNull();
    expect(resultsText(results).split('\n')[1]).toMatch(/^ {3}- amy\s+0\/3 solved\s+0 points$/); // `kernlab results DIR`
    expect(csv[3]).toMatch(/,reason$/);
    expect(csv[4]).toMatch(/^amy,1,first-contact,1,failed,false,.*,"?You killed notes/);
    expect(room.startLevel('amy')).toBe('The challenge is over.');
    expect(room.login(handle('newcomer'))).toMatch(/over/);
  });

  it('results say when each attempt began and ended, so a teacher sees how long it took', () => {
    const t = tempDir();
    cleanups.push(t.cleanup);
    const clock = fakeClock();
    const room = open(t.dir, clock);
    room.login(handle('amy'));
    room.startClock();
    clock.add(30_000);
    const run = room.startLevel('amy') as StudentRun;
    clock.add(45_000);
    run.game.exec(`kill -9 ${run.game.view.fill('{pid:notes}')}`);
    run.game.exec('tick 50');
    settle(run);
    expect(run.game.status).toBe('failed');
    clock.add(15_000);
    room.startLevel('amy'); // the retry, still in progress
    clock.add(5_000);
    const results = readResults(t.dir);
    expect(results.attempts.map((a) => [a.attempt, a.outcome, a.started_ms, a.elapsed_ms])).toEqual([
      [1, 'failed', 30_000, 75_000],
      [2, 'playing', 90_000, expect.any(Number)],
    ]);
    const csv = resultsCsv(results).split('\r\n');
    expect(csv[3]).toBe('name,index,level,attempt,outcome,solved,score,stars,ticks,actions,commands,hints,started_ms,elapsed_ms,log,reason');
    expect(csv[4]).toMatch(/^amy,1,first-contact,1,failed,false,0,0,\d+,1,2,0,30000,75000,runs\/amy\/01-first-contact-try1\.json,"You killed notes/);
  });

  it('results list the attempts by student, level and try, whatever order they happened in', () => {
    const t = tempDir();
    cleanups.push(t.cleanup);
    const room = open(t.dir);
    room.login(handle('zed'));
    room.login(handle('amy'));
    room.startClock();
    room.startLevel('zed');
    expect(room.abandonLevel('zed')).toBe(true);
    room.startLevel('zed');
    room.startLevel('amy');
    room.endClock('teacher');
    expect(readResults(t.dir).attempts.map((a) => [a.name, a.index, a.outcome])).toEqual([
      ['amy', 1, 'unfinished'],
      ['zed', 1, 'abandoned'],
      ['zed', 2, 'unfinished'],
    ]);
  });

  it('a simulation that throws closes that level only; the others go on', () => {
    const t = tempDir();
    cleanups.push(t.cleanup);
    const room = open(t.dir);
    room.login(handle('amy'));
    room.login(handle('bob'));
    room.startClock();
    const ra = room.startLevel('amy') as StudentRun;
    const rb = room.startLevel('bob') as StudentRun;
    const logs: string[] = [];
    room.on('log', (l) => logs.push(l));
    ra.game.advance = () => {
      throw new Error('kernel bug');
    };
    ra.game.exec('tick 100');
    ra.view = { frame: () => undefined };
    try {
      ra.advance(Infinity, () => 0);
    } catch (e) {
      room.runCrashed(ra, e);
    }
    expect(room.student('amy').results[0].outcome).toBe('failed');
    expect(logs.some((l) => l.includes("error in amy's first-contact") && l.includes('kernel bug'))).toBe(true);
    rb.game.exec('tick 100');
    settle(rb);
    expect(rb.game.ticks).toBe(100);
    expect(room.startLevel('amy')).toMatchObject({ attempt: 2 });
  });
});
