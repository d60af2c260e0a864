// The clock, the state the journal describes, and the leaderboard.
import { describe, expect, it } from 'vitest';
import { ChallengeClock, clockText } from '../../src/net/clock';
import { ClassState } from '../../src/net/class-state';
import { leaderboard } from '../../src/net/leaderboard';
import type { JournalRecord, ResultRecord } from '../../src/net/journal-records';
import { checkName } from '../../src/net/names';
import { boardLines, progressLines } from '../../src/net/student-pages';
import { boardText } from '../../src/net/headless';
import { glyphsFor } from '../../src/ui/theme';

describe('challenge clock', () => {
  it('waits, runs, pauses, extends, ends; never counts paused time', () => {
    const c = new ChallengeClock(60_000);
    expect(c.remaining(1000)).toBe(60_000);
    expect(c.start(1000)).toBe(true);
    expect(c.start(1000)).toBe(false);
    expect(c.elapsed(11_000)).toBe(10_000);
    expect(c.pause(11_000)).toBe(true);
    expect(c.elapsed(50_000)).toBe(10_000);
    expect(c.extend(30_000)).toBe(true);
    expect(c.remaining(50_000)).toBe(80_000);
    expect(c.start(50_000)).toBe(true); // resume
    expect(c.remaining(60_000)).toBe(70_000);
    expect(c.expired(130_000)).toBe(true);
    expect(c.elapsed(500_000)).toBe(90_000); // never past the duration
    expect(c.end(131_000)).toBe(true);
    expect(c.end(131_000)).toBe(false);
    expect(c.extend(1000)).toBe(false);
  });

  it('restores a snapshot without counting the time the server was down', () => {
    const c = new ChallengeClock(60_000);
    c.start(0);
    const snap = c.snapshot(20_000);
    const r = new ChallengeClock(1);
    r.restore(snap, 999_999);
    expect(r.phase).toBe('running');
    expect(r.elapsed(999_999)).toBe(20_000);
    expect(r.elapsed(1_004_999)).toBe(25_000);
  });

  it('shows times as a countdown does', () => {
    expect(clockText(0)).toBe('0:00');
    expect(clockText(1)).toBe('0:01');
    expect(clockText(61_000)).toBe('1:01');
    expect(clockText(3_600_000 + 5_000)).toBe('1:00:05');
    // Time played rounds down, so that with the time left it adds up to the clock: 1:57.2 played + 9:02.8 left = 11:00.
    expect(clockText(117_200, 'down')).toBe('1:57');
    expect(clockText(542_800)).toBe('9:03');
  });
});

function result(name: string, index: number, score: number, elapsedMs: number, outcome: ResultRecord['outcome'] = 'solved'): ResultRecord {
  return { t: 'result', name, index, level: `l${index}`, attempt: 1, outcome, score, stars: 3, ticks: 10, actions: 1, commands: 1, hints: 0, log: 'x', elapsedMs, at: 0 };
}

function stateOf(records: JournalRecord[]): ClassState {
  const s = new ClassState();
  s.apply({ t: 'challenge', v: 1, title: 'T', file: 'f', hash: 'h', levels: ['l0', 'l1'], durationMs: 600_000, seed: { kind: 'shared', seed: 's' }, at: 0 });
  for (const r of records) s.apply(r);
  return s;
}

const level = (name: string, index: number, attempt = 1): JournalRecord => ({ t: 'level', name, index, level: `l${index}`, attempt, seed: 's', elapsedMs: 0, at: 0 });
const join = (name: string): JournalRecord => ({ t: 'join', name, elapsedMs: 0, at: 0 });

describe('class state and leaderboard', () => {
  it('ranks by score, then by who got there first; equal score and time share a rank', () => {
    const s = stateOf([
      join('amy'),
      join('bob'),
      join('cat'),
      join('dan'),
      level('amy', 0),
      result('amy', 0, 900, 50_000),
      level('bob', 0),
      result('bob', 0, 900, 40_000),
      level('cat', 0),
      result('cat', 0, 900, 40_000),
    ]);
    const rows = leaderboard(s);
    expect(rows.map((r) => [r.rank, r.name, r.score])).toEqual([
      [1, 'bob', 900],
      [1, 'cat', 900],
      [3, 'amy', 900],
      [null, 'dan', 0],
    ]);
    expect(rows[3].timeMs).toBeNull();
  });

  it('students without points have no rank: last, by name, shown as "-" on the boards students and the headless log see', () => {
    const s = stateOf([join('zoe'), join('amy'), join('bob'), level('bob', 0), result('bob', 0, 0, 5_000, 'failed'), join('cat'), level('cat', 0), result('cat', 0, 700, 9_000)]);
    const rows = leaderboard(s);
    expect(rows.map((r) => [r.rank, r.name])).toEqual([
      [1, 'cat'],
      [null, 'amy'],
      [null, 'bob'],
      [null, 'zoe'],
    ]);
    const lines = boardLines(rows, 'bob', 80, 2).map((l) => l.replace(/\{[^}]*\}/g, ''));
    expect(lines[1]).toMatch(/^ {3}1 {2}cat\s+1\/2\s+700\s+0:09$/);
    expect(lines[3]).toMatch(/^ {3}- {2}bob\s+0\/2\s+0\s+-$/);
    expect(boardText(rows, 2)).toBe('board: 1. cat 700 (1/2 solved, 0:09) | - amy 0 (0/2 solved) | - bob 0 (0/2 solved) | - zoe 0 (0/2 solved)');
    // Before anyone scores, nobody is "first".
    expect(leaderboard(stateOf([join('amy'), join('bob')])).map((r) => r.rank)).toEqual([null, null]);
  });

  it('solving moves on; failing keeps the level (retry or skip); giving up moves on', () => {
    const s = stateOf([join('amy'), level('amy', 0), result('amy', 0, 0, 1000, 'failed')]);
    const a = s.student('amy');
    expect(a.next).toBe(0);
    expect(a.current).toBeNull();
    s.apply(level('amy', 0, 2));
    s.apply({ t: 'step', name: 'amy', step: { tick: 7, cmd: 'ps' } });
    s.apply({ t: 'tick', name: 'amy', tick: 500 });
    expect(a.current).toMatchObject({ index: 0, attempt: 2, tick: 500, steps: [{ tick: 7, cmd: 'ps' }] });
    s.apply({ ...result('amy', 0, 0, 2000, 'abandoned'), attempt: 2 });
    expect(a.next).toBe(1);
    s.apply(level('amy', 1));
    s.apply({ ...result('amy', 1, 700, 3000) });
    expect(a.next).toBe(2);
    expect(a.score).toBe(700);
    expect(a.solved).toBe(1);
    expect(a.scoreMs).toBe(3000);
  });

  it('a skip moves past a failed level', () => {
    const s = stateOf([join('amy'), level('amy', 0), result('amy', 0, 0, 1000, 'failed'), { t: 'skip', name: 'amy', index: 0, elapsedMs: 2000, at: 0 }]);
    expect(s.student('amy').next).toBe(1);
  });

  it('throws on records that cannot follow (a broken journal is a bug, not user input)', () => {
    expect(() => stateOf([join('amy'), join('amy')])).toThrow(/joined twice/);
    expect(() => stateOf([{ t: 'step', name: 'zed', step: { tick: 1, cmd: 'ps' } }])).toThrow(/unknown student/);
    expect(() => stateOf([join('amy'), level('amy', 1)])).toThrow(/next is 0/);
    expect(() => stateOf([join('amy'), { t: 'step', name: 'amy', step: { tick: 1, cmd: 'ps' } }])).toThrow(/not playing/);
  });
});

describe('player names', () => {
  it('are case-folded and checked', () => {
    expect(checkName('Alice')).toEqual({ ok: true, name: 'alice' });
    expect(checkName('bob_2-x')).toEqual({ ok: true, name: 'bob_2-x' });
    expect(checkName('a'.repeat(24))).toMatchObject({ ok: true });
    expect(checkName('a'.repeat(25))).toMatchObject({ ok: false, reason: expect.stringMatching(/too long/) });
    expect(checkName('')).toMatchObject({ ok: false });
    expect(checkName('bad name')).toMatchObject({ ok: false, reason: expect.stringMatching(/not a valid name/) });
    expect(checkName('élodie')).toMatchObject({ ok: false });
    expect(checkName('x\u001b[2J')).toMatchObject({ ok: false });
    expect((checkName('x\u001b[2J') as { reason: string }).reason.includes('\u001b')).toBe(false); // no escape sequences echoed
  });
});

describe('a student’s progress lines', () => {
  it('count the tries of a level not solved, failed or cut short by the end, without calling them all failed', () => {
    const s = { name: 'bob', joinedMs: 0, next: 0, attempts: [2], current: null, results: [], score: 0, solved: 0, scoreMs: null };
    const f = { title: 't', levels: [{ id: 'a', title: 'First contact' }, { id: 'b', title: 'Second' }], durationMs: 1 };
    const lines = progressLines(s, f, glyphsFor(false)).map((l) => l.replace(/\{[^}]*\}/g, ''));
    expect(lines[0]).toMatch(/1\. First contact\s+2 tries, not solved$/);
    expect(lines[0]).not.toContain('failed');
  });

  it('once the challenge is over, a level never started is "not played", not "next"', () => {
    const s = { name: 'bob', joinedMs: 0, next: 0, attempts: [], current: null, results: [], score: 0, solved: 0, scoreMs: null };
    const f = { title: 't', levels: [{ id: 'a', title: 'First contact' }, { id: 'b', title: 'Second' }], durationMs: 1 };
    const strip = (l: string): string => l.replace(/\{[^}]*\}/g, '');
    expect(progressLines(s, f, glyphsFor(false)).map(strip).slice(0, 2)).toEqual([expect.stringMatching(/1\. First contact\s+next$/), expect.stringMatching(/2\. Second\s+-$/)]);
    expect(progressLines(s, f, glyphsFor(false), true).map(strip).slice(0, 2)).toEqual([expect.stringMatching(/1\. First contact\s+not played$/), expect.stringMatching(/2\. Second\s+not played$/)]);
  });
});
