// The classroom as the journal describes it: the challenge, the clock as
// last recorded, and every student's results and level in progress. Pure:
// `apply` is the one way it changes, record by record, live and on
// restore alike (the journal is the action log, as in boardgame.io).

import type { RunStep } from '../game/runlog';
import type { ClockSnapshot } from './clock';
import type { ChallengeRecord, JournalRecord, Outcome, ResultRecord } from './journal-records';

/** One decided attempt at a level, and when it began (challenge time: how long it took is elapsedMs - startedMs). */
export type AttemptResult = Omit<ResultRecord, 't' | 'name'> & { startedMs: number };

/** The level a student is playing now. */
export interface InProgress {
  index: number; // the level's place in the challenge
  level: string; // the level's id
  attempt: number; // which try (1 = first)
  seed: string; // the game's seed
  steps: RunStep[]; // commands and hints so far, with their ticks
  tick: number; // how far it has run (last step or tick mark)
  startedMs: number; // challenge time it began
  playMs: number; // wall time played in it, as last journaled
}

/** A student as the journal knows them. */
export interface StudentState {
  name: string; // case-folded login name
  joinedMs: number; // challenge time of the first login
  next: number; // index of the level to play next (= number of levels: all done)
  attempts: number[]; // tries started, per level index
  current: InProgress | null; // the level being played, if any
  results: AttemptResult[]; // every decided attempt, in order
  score: number; // sum of the scores of solved levels
  solved: number; // levels solved
  scoreMs: number | null; // challenge time the score last went up (null while 0): ties go to the earlier
}

export class ClassState {
  challenge: ChallengeRecord | null = null; // the first record
  clock: ClockSnapshot = { phase: 'waiting', elapsedMs: 0, durationMs: 0 }; // as last recorded
  clockAt = 0; // wall time of the last clock record
  readonly students = new Map<string, StudentState>(); // by name, in join order
  records = 0; // records applied

  /** Number of levels in the challenge. */
  get levelCount(): number {
    return this.challenge?.levels.length ?? 0;
  }

  /**
   * Apply one record. Throws if the record cannot follow the ones before
   * it (a journal out of order is a broken invariant, not a user error).
   */
  apply(rec: JournalRecord): void {
    if (rec.t !== 'challenge' && !this.challenge) throw new Error(`journal: a "${rec.t}" record before the challenge record`);
    switch (rec.t) {
      case 'challenge':
        if (this.challenge) throw new Error('journal: a second challenge record');
        this.challenge = rec;
        this.clock = { phase: 'waiting', elapsedMs: 0, durationMs: rec.durationMs };
        this.clockAt = rec.at;
        break;
      case 'clock':
        this.clock = { phase: rec.phase, elapsedMs: rec.elapsedMs, durationMs: rec.durationMs };
        this.clockAt = rec.at;
        break;
      case 'join':
        if (this.students.has(rec.name)) throw new Error(`journal: ${rec.name} joined twice`);
        this.students.set(rec.name, {
          name: rec.name,
          joinedMs: rec.elapsedMs,
          next: 0,
          attempts: new Array<number>(this.levelCount).fill(0),
          current: null,
          results: [],
          score: 0,
          solved: 0,
          scoreMs: null,
        });
        break;
      case 'level': {
        const s = this.student(rec.name);
        if (s.current) throw new Error(`journal: ${rec.name} started a level while playing one`);
        if (rec.index !== s.next) throw new Error(`journal: ${rec.name} started level ${rec.index}, next is ${s.next}`);
        s.attempts[rec.index] = rec.attempt;
        s.current = { index: rec.index, level: rec.level, attempt: rec.attempt, seed: rec.seed, steps: [], tick: 0, startedMs: rec.elapsedMs, playMs: 0 };
        break;
      }
      case 'step': {
        const c = this.playing(rec.name);
        c.steps.push(rec.step);
        c.tick = Math.max(c.tick, rec.step.tick);
        c.playMs = Math.max(c.playMs, rec.playMs ?? 0);
        break;
      }
      case 'tick': {
        const c = this.playing(rec.name);
        c.tick = Math.max(c.tick, rec.tick);
        c.playMs = Math.max(c.playMs, rec.playMs ?? 0);
        break;
      }
      case 'result': {
        const s = this.student(rec.name);
        const c = this.playing(rec.name);
        if (c.index !== rec.index || c.attempt !== rec.attempt) throw new Error(`journal: ${rec.name}'s result is for another attempt`);
        s.current = null;
        const { t: _t, name: _n, ...result } = rec;
        s.results.push({ ...result, startedMs: c.startedMs });
        if (rec.outcome === 'solved') {
          s.solved++;
          s.score += rec.score;
          if (rec.score > 0) s.scoreMs = rec.elapsedMs;
        }
        if (advances(rec.outcome)) s.next = rec.index + 1;
        break;
      }
      case 'skip': {
        const s = this.student(rec.name);
        if (s.current || rec.index !== s.next) throw new Error(`journal: ${rec.name} skipped level ${rec.index} out of turn`);
        s.next = rec.index + 1;
        break;
      }
    }
    this.records++;
  }

  /** The student, who must have joined. */
  student(name: string): StudentState {
    const s = this.students.get(name);
    if (!s) throw new Error(`journal: unknown student ${name}`);
    return s;
  }

  /** The student's level in progress, which must exist. */
  private playing(name: string): InProgress {
    const c = this.student(name).current;
    if (!c) throw new Error(`journal: ${name} is not playing a level`);
    return c;
  }
}

/** Whether an outcome moves the student on to the next level. */
export function advances(outcome: Outcome): boolean {
  return outcome === 'solved' || outcome === 'abandoned';
}

/** The state a list of records describes. */
export function reduceJournal(records: readonly JournalRecord[]): ClassState {
  const s = new ClassState();
  for (const r of records) s.apply(r);
  return s;
}
