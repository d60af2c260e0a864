// The teacher's side: the dashboard on a headless terminal (keys, clock,
// the board as table and chart, who is connected) and the headless mode's
// commands and log lines.
import { Terminal } from '@xterm/headless';
import { afterEach, describe, expect, it } from 'vitest';
import { Classroom, type SessionHandle } from '../../src/net/classroom';
import { clockText } from '../../src/net/clock';
import { runDashboard, whereIs } from '../../src/net/dashboard';
import { followHeadless, runCommand } from '../../src/net/headless';
import type { StudentRun } from '../../src/net/student-run';
import { FakeTtyInput, FakeTtyOutput } from '../ui/harness/fake-tty';
import { demoChallenge, tempDir } from './helpers';

let cleanups: Array<() => void | Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanups.reverse()) await c();
  cleanups = [];
});

const delay = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

function openRoom(): Classroom {
  const d = tempDir();
  const room = new Classroom(demoChallenge(), { dataDir: d.dir }, 10);
  cleanups.push(() => {
    room.close();
    d.cleanup();
  });
  return room;
}

const handle = (name: string): SessionHandle => ({ name, kick: () => undefined });

/** Solve first-contact on the server's own game. */
function solve(run: StudentRun): void {
  const g = run.game;
  run.view = { frame: () => undefined };
  g.exec('tick 1000');
  run.advance(Infinity, () => 0);
  g.exec(`kill ${g.view.fill('{pid:logzip}')}`);
  g.exec('tick 10');
  run.advance(Infinity, () => 0);
}


/** The dashboard's text on a headless terminal, and a wait until it shows a pattern. */
function screenReader(term: Terminal): { text: () => Promise<string>; waitFor: (re: RegExp) => Promise<string> } {
  const text = async (): Promise<string> => {
    await new Promise<void>((r) => term.write('', r));
    const b = term.buffer.active;
    const rows: string[] = [];
    for (let y = 0; y < term.rows; y++) rows.push(b.getLine(y)?.translateToString(true) ?? '');
    return rows.join('\n');
  };
  const waitFor = async (re: RegExp): Promise<string> => {
    for (let i = 0; i < 100; i++) {
      const s = await text();
      if (re.test(s)) return s;
      await delay(30);
    }
    throw new Error(`dashboard never showed ${re}:\n${await text()}`);
  };
  return { text, waitFor };
}
describe('the dashboard', () => {
  it('shows the join line, the clock, who is connected and the board; s, p, e, x and q act', async () => {
    const room = openRoom();
    const term = new Terminal({ cols: 120, rows: 36, allowProposedApi: true, scrollback: 0 });
    const input = new FakeTtyInput();
    const output = new FakeTtyOutput(120, 36, (d) => term.write(d));
    let log: ((line: string) => void) | null = null;
    const done = runDashboard({
      input,
      output,
      env: { LANG: 'C.UTF-8', TERM: 'xterm-256color' },
      room,
      intro: ['kernlab classroom: test'],
      joinLine: 'ssh -p 2222 NAME@10.0.0.5',
      joinCode: 'abcd-efgh',
      backlog: [],
      setLog: (f) => (log = f),
      onSignal: () => undefined,
    });
    const { text, waitFor } = screenReader(term);
    input.resume();
    await waitFor(/join: ssh -p 2222 NAME@10\.0\.0\.5 · code abcd-efgh/);
    await waitFor(/WAITING\s+20:00 left/);
    room.login(handle('amy'));
    room.login(handle('bob'));
    await waitFor(/Connected: 2/);
    await waitFor(/│ amy +waiting +│/); // not "between levels" before the start
    expect(await text()).toMatch(/ s start {2}e \+5 min {2}x end {2}q stop server/);
    input.send('s');
    await waitFor(/RUNNING/);
    await waitFor(/ p pause {2}e \+5 min {2}x end {2}q stop server/); // no "s start" while running
    solve(room.startLevel('amy') as StudentRun);
    const score = room.student('amy').score;
    expect(score).toBeGreaterThan(0);
    await waitFor(new RegExp(`1\\s+amy\\s+1/3\\s+${score}`));
    await waitFor(/-\s+bob\s+0\/3\s+0/); // no points: no rank (not "2", as if bob had earned a place)
    await waitFor(/amy solved first-contact/); // the log box
    await waitFor(/│ amy +level 2 next +│/); // whole, beside the name
    await waitFor(/│ bob +level 1 next +│/); // on the briefing (not yet "level 1": playing)
    log!('a line from the server');
    await waitFor(/a line from the server/);
    input.send('p');
    await waitFor(/PAUSED/);
    input.send('e');
    await waitFor(/2[45]:\d\d left/);
    input.send('x');
    await waitFor(/End the challenge now\?/);
    input.send('n');
    await delay(50);
    expect(room.clock.phase).toBe('paused');
    input.send('x');
    input.send('y');
    // Over: how long it was played (not the time that was left), and only the key that still acts.
    const over = await waitFor(/OVER\s+\d+:\d\d played/);
    expect(over).not.toMatch(/OVER.*left/);
    expect(over).toMatch(/^ q stop server\s*$/m);
    expect(over).toMatch(/-\s+\(?bob\)?\s+0\/3\s+0\s+-\s+1 first-contact\s/); // no "(next)" once over
    expect(over).not.toMatch(/\(next\)/);
    expect(room.clock.phase).toBe('ended');
    input.send('q');
    await waitFor(/Stop the server\?/);
    input.send('y');
    expect(await done).toBe(0);
    expect(log).toBeNull();
  });
});

/** Fail first-contact on the server's own game: the backup killed. */
function fail(run: StudentRun): void {
  const g = run.game;
  run.view = { frame: () => undefined };
  g.exec(`kill -9 ${g.view.fill('{pid:backup}')}`);
  g.exec('tick 10');
  run.advance(Infinity, () => 0);
}

describe('the dashboard at 80x24', () => {
  it('keeps what the teacher reads: the level each student is on (and who failed it), whole log lines, names cut rather than the state', async () => {
    const room = openRoom();
    const term = new Terminal({ cols: 80, rows: 24, allowProposedApi: true, scrollback: 0 });
    const input = new FakeTtyInput();
    const output = new FakeTtyOutput(80, 24, (d) => term.write(d));
    const note = 'note: this challenge is over (students see the final board); for a new class, serve with another --data folder';
    const done = runDashboard({ input, output, env: { LANG: 'C.UTF-8', TERM: 'xterm-256color' }, room, intro: [note], joinLine: 'ssh -p 2222 NAME@h', joinCode: 'abcd-efgh', backlog: [], setLog: () => undefined, onSignal: () => undefined });
    const { waitFor } = screenReader(term);
    input.resume();
    // A long log line is wrapped, not cut: its end shows.
    await waitFor(/│ note: this challenge is over .*\n│ +serve with another --data folder/);
    room.login(handle('amy'));
    room.login(handle('bob'));
    room.login(handle('christopher-longname'));
    room.startClock();
    fail(room.startLevel('bob') as StudentRun);
    room.startLevel('amy');
    const screen = await waitFor(/bob +level 1 failed/);
    // The LEVEL column says the level (not a lone "1") and who failed it (not "(next)").
    expect(screen).toMatch(/-\s+amy\s+0\/3\s+0\s+-\s+1 first-con/);
    expect(screen).toMatch(/-\s+bob\s+0\/3\s+0\s+-\s+1 fi\S*… \(failed\)/);
    expect(screen).toMatch(/-\s+christo\S*…\s+0\/3\s+0\s+-\s+1 fi\S*… \(next\)/); // a long name is cut, with a gap before SOLVED
    expect(screen).toMatch(/│ christo\S*… level 1 next/); // Connected: the state whole beside a cut name
    // The header is over its column.
    const lines = screen.split('\n');
    const header = lines.find((l) => /#\s+NAME\s+SOLVED/.test(l))!;
    const amy = lines.find((l) => /\bamy\b.*0\/3/.test(l))!;
    expect(amy.indexOf('amy')).toBe(header.indexOf('NAME'));
    expect(amy.indexOf('0/3')).toBe(header.indexOf('SOLVED'));
    input.send('q');
    input.send('y');
    expect(await done).toBe(0);
  });
});

describe('the dashboard after a restart', () => {
  it('comes back paused, says how to resume (clock box and key bar), and s resumes', async () => {
    const d = tempDir();
    cleanups.push(d.cleanup);
    let now = 1_000_000;
    const first = new Classroom(demoChallenge(), { dataDir: d.dir, now: () => now }, 10);
    first.login(handle('amy'));
    first.startClock();
    now += 60_000;
    first.close(); // q on the dashboard (or kill -9: the clock's last mark)
    now += 30_000;
    const room = new Classroom(demoChallenge(), { dataDir: d.dir, now: () => now }, 10);
    cleanups.push(() => room.close());
    room.start();
    const term = new Terminal({ cols: 120, rows: 36, allowProposedApi: true, scrollback: 0 });
    const input = new FakeTtyInput();
    const output = new FakeTtyOutput(120, 36, (d2) => term.write(d2));
    const done = runDashboard({ input, output, env: { LANG: 'C.UTF-8', TERM: 'xterm-256color' }, room, intro: [], joinLine: 'ssh -p 2222 NAME@h', joinCode: 'abcd-efgh', backlog: [], setLog: () => undefined, onSignal: () => undefined });
    const { waitFor } = screenReader(term);
    input.resume();
    const held = await waitFor(/PAUSED\s+19:00 left/);
    expect(held).toMatch(/restored: press s to resume/);
    expect(held).toMatch(/^ s resume {2}e \+5 min {2}x end {2}q stop server\s*$/m);
    input.send('s');
    await waitFor(/RUNNING/);
    input.send('p'); // the teacher's own pause says the same keys, without "restored"
    const paused = await waitFor(/PAUSED/);
    expect(paused).toMatch(/^ s resume {2}e \+5 min {2}x end {2}q stop server\s*$/m);
    expect(paused).toMatch(/press s to resume/);
    expect(paused).not.toMatch(/restored/);
    input.send('q');
    input.send('y');
    expect(await done).toBe(0);
  });
});

describe("the dashboard's first line", () => {
  it('follows the clock: after the teacher adds time it says the new duration, not the one the challenge began with', async () => {
    const room = openRoom();
    const term = new Terminal({ cols: 120, rows: 36, allowProposedApi: true, scrollback: 0 });
    const input = new FakeTtyInput();
    const output = new FakeTtyOutput(120, 36, (d) => term.write(d));
    const intro = [() => `kernlab classroom: test (${clockText(room.clock.durationMs)} on the clock)`, 'data: somewhere'];
    const done = runDashboard({ input, output, env: { LANG: 'C.UTF-8', TERM: 'xterm-256color' }, room, intro, joinLine: 'ssh -p 2222 NAME@h', joinCode: 'abcd-efgh', backlog: [], setLog: () => undefined, onSignal: () => undefined });
    const { waitFor } = screenReader(term);
    input.resume();
    await waitFor(/kernlab classroom: test \(20:00 on the clock\)/);
    input.send('e');
    const after = await waitFor(/kernlab classroom: test \(25:00 on the clock\)/);
    expect(after).not.toMatch(/20:00 on the clock/);
    input.send('q');
    input.send('y');
    expect(await done).toBe(0);
  });
});

describe('the dashboard with a class larger than its table', () => {
  it('scrolls the board (↑↓ PgUp PgDn, said in the key bar) and its label says which rows show', async () => {
    const room = openRoom();
    room.maxStudents = 50;
    const term = new Terminal({ cols: 120, rows: 36, allowProposedApi: true, scrollback: 0 });
    const input = new FakeTtyInput();
    const output = new FakeTtyOutput(120, 36, (d) => term.write(d));
    const done = runDashboard({ input, output, env: { LANG: 'C.UTF-8', TERM: 'xterm-256color' }, room, intro: [], joinLine: 'ssh -p 2222 NAME@h', joinCode: 'abcd-efgh', backlog: [], setLog: () => undefined, onSignal: () => undefined });
    const { waitFor } = screenReader(term);
    input.resume();
    for (let i = 1; i <= 30; i++) room.login(handle(`s${String(i).padStart(2, '0')}`));
    const first = await waitFor(/Leaderboard 1-\d+ of 30/);
    const shown = Number(/Leaderboard 1-(\d+) of 30/.exec(first)![1]);
    expect(shown).toBeLessThan(30);
    expect(first).toMatch(/↑↓ PgUp PgDn scroll the board/);
    expect(first).not.toMatch(/-\s+s30\s+0\/3/); // s30's board row is below the fold
    input.send('\x1b[6~'); // PgDn
    await waitFor(new RegExp(`Leaderboard ${shown + 1}-`));
    input.send('\x1b[F'); // End: the last rows
    const last = await waitFor(new RegExp(`Leaderboard ${30 - shown + 1}-30 of 30`));
    expect(last).toMatch(/-\s+s30\s+0\/3/);
    input.send('\x1b[H'); // Home
    await waitFor(/Leaderboard 1-/);
    input.send('q');
    input.send('y');
    expect(await done).toBe(0);
  });
});

describe("the dashboard's Connected list", () => {
  it('says where each student is: waiting, playing, failed (may need help), next, done, over', () => {
    const base = { name: 'amy', joinedMs: 0, next: 0, attempts: [], current: null, results: [], score: 0, solved: 0, scoreMs: null };
    const failed = { index: 0, level: 'first-contact', attempt: 1, outcome: 'failed' as const, score: 0, stars: 0, ticks: 1, actions: 1, commands: 1, hints: 0, log: 'x', reason: 'You killed the backup', startedMs: 0, elapsedMs: 1, at: 0 };
    expect(whereIs(base, 3, 'waiting')).toBe('waiting');
    expect(whereIs(base, 3, 'running')).toBe('level 1 next');
    expect(whereIs({ ...base, current: { index: 0, level: 'first-contact', attempt: 2, seed: 's', steps: [], tick: 0, startedMs: 0, playMs: 0 } }, 3, 'running')).toBe('level 1');
    expect(whereIs({ ...base, results: [failed] }, 3, 'running')).toBe('level 1 failed');
    expect(whereIs({ ...base, results: [failed] }, 3, 'ended')).toBe('over');
    expect(whereIs({ ...base, next: 3 }, 3, 'ended')).toBe('done');
  });
});

describe('headless mode', () => {
  it('logs events and the board, and takes commands', async () => {
    const room = openRoom();
    const lines: string[] = [];
    const stop = followHeadless(room, (l) => lines.push(l));
    cleanups.push(stop);
    expect(runCommand(room, 'pause')).toEqual({ ok: false, text: 'cannot pause: the challenge is waiting' });
    expect(runCommand(room, 'start')).toEqual({ ok: true, text: '' });
    room.login(handle('amy'));
    solve(room.startLevel('amy') as StudentRun);
    const score = room.student('amy').score;
    expect(lines).toContain(`amy solved first-contact: ${score} points`);
    // The time is wall time (the solve takes a second or more on a loaded machine).
    expect(lines.some((l) => new RegExp(`^board: 1\\. amy ${score} \\(1/3 solved, 0:\\d\\d\\)$`).test(l)), lines.join('\n')).toBe(true);
    expect(runCommand(room, 'extend 10')).toEqual({ ok: true, text: '' });
    // The time left as the clock shows it (it said "29 min 59 s" above "clock: running, 30:00 left").
    expect(lines).toContainEqual(expect.stringMatching(/^time extended by 10 min: (29:59|30:00) left$/));
    expect(runCommand(room, 'board')).toMatchObject({ ok: true, text: expect.stringMatching(/^board: 1\. amy/) });
    expect(runCommand(room, 'extend lots')).toMatchObject({ ok: false });
    expect(runCommand(room, 'fly')).toMatchObject({ ok: false, text: expect.stringMatching(/unknown command "fly"/) });
    expect(runCommand(room, 'end')).toEqual({ ok: true, text: '' });
    expect(lines).toContain('ended by the teacher: the challenge is over');
    // Over: how long it was played, not the time that was left.
    expect(lines.some((l) => /^clock: ended, \d+:\d\d played$/.test(l)), lines.join('\n')).toBe(true);
    expect(lines).toContainEqual(expect.stringMatching(/^final board: 1\. amy \d+ \(1\/3 solved, /));
    expect(runCommand(room, 'status')).toMatchObject({ ok: true, text: expect.stringMatching(/^status: ended, \d+:\d\d played, 1 connected, 1 student$/) });
    expect(runCommand(room, 'start')).toEqual({ ok: false, text: 'cannot start: the challenge is over' });
    expect(runCommand(room, 'quit')).toEqual({ quit: true });
  });
});
