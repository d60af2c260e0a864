// What the classroom journal holds: one JSON object per line, each a fact
// that happened, in order. Reducing them from the start (class-state.ts)
// gives the challenge, the clock, every result and each student's level in
// progress (its steps, to replay) — the journal is the save file.

import { z } from 'zod';
import type { RunStep } from '../game/runlog';
import type { ClockPhase } from './clock';
import type { SeedPolicy } from './seed-policy';

export const JOURNAL_VERSION = 1;

/** How a level attempt ended. */
export type Outcome =
  | 'solved' // the goal was met
  | 'failed' // a fail condition, or the level's own time limit
  | 'abandoned' // the student gave it up to go on (skip)
  | 'unfinished'; // the challenge ended while it was being played

/** The first record: which challenge this data folder holds. */
export interface ChallengeRecord {
  t: 'challenge';
  v: number; // JOURNAL_VERSION
  title: string; // the challenge's title
  file: string; // the challenge file it was started from
  hash: string; // challengeHash(): a restart must serve the same challenge
  levels: string[]; // level ids in play order
  durationMs: number; // time on the clock at the start
  seed: SeedPolicy; // how seeds are chosen
  at: number; // wall time (ms since the epoch)
}

/** The clock changed (start, pause, resume, extend, end) or was marked while running. */
export interface ClockRecord {
  t: 'clock';
  why: 'start' | 'pause' | 'resume' | 'extend' | 'end' | 'mark'; // what happened
  phase: ClockPhase; // the phase after it
  elapsedMs: number; // time played at that moment
  durationMs: number; // time on the clock at that moment
  at: number; // wall time
}

/** A student logged in for the first time. */
export interface JoinRecord {
  t: 'join';
  name: string; // the student
  elapsedMs: number; // challenge time
  at: number; // wall time
}

/** A student started a level (a first attempt or a retry). */
export interface LevelRecord {
  t: 'level';
  name: string; // the student
  index: number; // the level's place in the challenge
  level: string; // the level's id
  attempt: number; // 1 for the first try
  seed: string; // the game's seed
  elapsedMs: number; // challenge time
  at: number; // wall time
}

/** A step of the level in progress: a console command or a hint, at its tick. */
export interface StepRecord {
  t: 'step';
  name: string; // the student
  step: RunStep; // as the run log keeps it
  playMs?: number; // wall time played in the level so far (the header's "wall", kept over a restart)
}

/** How far the level in progress has run (so a restore runs it that far). */
export interface TickRecord {
  t: 'tick';
  name: string; // the student
  tick: number; // ticks since the level began
  playMs?: number; // wall time played in the level so far
}

/** A level attempt ended; its run log is in `log` (relative to the data folder). */
export interface ResultRecord {
  t: 'result';
  name: string; // the student
  index: number; // the level's place in the challenge
  level: string; // the level's id
  attempt: number; // which try
  outcome: Outcome; // how it ended
  score: number; // points (0 unless solved)
  stars: number; // 0..3
  ticks: number; // to the solution, or played
  actions: number; // commands that changed the machine
  commands: number; // all commands typed
  hints: number; // hints shown
  log: string; // run log file, relative to the data folder
  reason?: string; // why it was not solved (the level's fail text, "time is up ...", "the challenge ended"); absent when solved
  elapsedMs: number; // challenge time
  at: number; // wall time
}

/** A student gave up a failed level to go on to the next. */
export interface SkipRecord {
  t: 'skip';
  name: string; // the student
  index: number; // the level given up
  elapsedMs: number; // challenge time
  at: number; // wall time
}

export type JournalRecord = ChallengeRecord | ClockRecord | JoinRecord | LevelRecord | StepRecord | TickRecord | ResultRecord | SkipRecord;

const int = z.number().int().min(0);
const name = z.string().min(1).max(64);
const RunStepSchema = z.union([z.object({ tick: int, cmd: z.string() }).strict(), z.object({ tick: int, hint: z.number().int().min(1) }).strict()]);

/** The records' schema, checked when a journal is read back. */
export const JournalRecordSchema = z.discriminatedUnion('t', [
  z.object({
    t: z.literal('challenge'),
    v: z.literal(JOURNAL_VERSION),
    title: z.string(),
    file: z.string(),
    hash: z.string(),
    levels: z.array(z.string()).min(1),
    durationMs: int,
    seed: z.union([z.object({ kind: z.literal('shared'), seed: z.string() }).strict(), z.object({ kind: z.literal('per-student'), seed: z.string() }).strict()]),
    at: z.number(),
  }).strict(),
  z.object({
    t: z.literal('clock'),
    why: z.enum(['start', 'pause', 'resume', 'extend', 'end', 'mark']),
    phase: z.enum(['waiting', 'running', 'paused', 'ended']),
    elapsedMs: int,
    durationMs: int,
    at: z.number(),
  }).strict(),
  z.object({ t: z.literal('join'), name, elapsedMs: int, at: z.number() }).strict(),
  z.object({ t: z.literal('level'), name, index: int, level: z.string(), attempt: z.number().int().min(1), seed: z.string(), elapsedMs: int, at: z.number() }).strict(),
  z.object({ t: z.literal('step'), name, step: RunStepSchema, playMs: int.optional() }).strict(),
  z.object({ t: z.literal('tick'), name, tick: int, playMs: int.optional() }).strict(),
  z.object({
    t: z.literal('result'),
    name,
    index: int,
    level: z.string(),
    attempt: z.number().int().min(1),
    outcome: z.enum(['solved', 'failed', 'abandoned', 'unfinished']),
    score: int,
    stars: z.number().int().min(0).max(3),
    ticks: int,
    actions: int,
    commands: int,
    hints: int,
    log: z.string(),
    reason: z.string().optional(),
    elapsedMs: int,
    at: z.number(),
  }).strict(),
  z.object({ t: z.literal('skip'), name, index: int, elapsedMs: int, at: z.number() }).strict(),
]);
