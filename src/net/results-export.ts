// `kernlab results DIR`: the board and every attempt of every student, as
// the journal in DIR records them (no challenge file needed), as JSON or
// CSV. Pure except for reading the journal.

import path from 'node:path';
import { reduceJournal, type AttemptResult } from './class-state';
import { JOURNAL_FILE } from './data-dir';
import { readJournal } from './journal';
import { clockText } from './clock';
import { leaderboard, rankLabel, type BoardRow } from './leaderboard';

/** One attempt at one level, as exported. */
export interface AttemptRow {
  name: string; // the student
  index: number; // the level's place in the challenge (1-based)
  level: string; // the level's id
  attempt: number; // which try
  outcome: string; // solved, failed, abandoned, unfinished, playing
  solved: boolean; // outcome === 'solved'
  score: number; // points
  stars: number; // 0..3
  ticks: number; // to the solution, or played
  actions: number; // commands that changed the machine
  commands: number; // all commands
  hints: number; // hints shown
  started_ms: number; // challenge time it began
  elapsed_ms: number; // challenge time it ended (or now, for one in progress)
  log: string; // run log, relative to DIR ('' while playing)
  reason: string; // why it was not solved ('' when solved or still playing)
}

/** What `kernlab results` prints. */
export interface Results {
  challenge: { title: string; file: string; levels: string[]; duration_ms: number; seed: string };
  clock: { phase: string; elapsed_ms: number; duration_ms: number };
  board: Array<Omit<BoardRow, 'timeMs' | 'level' | 'playing'> & { time_ms: number | null; levels: number[] }>; // rank: null without points; levels: points per level, in challenge.levels' order
  attempts: AttemptRow[];
  torn: boolean; // the journal's last line was torn (ignored)
}

/**
 * Each level's points for one student, in challenge order: the score of
 * the attempt that solved it, 0 if none did (so they add up to the
 * board's score: one gradebook column per level).
 */
function levelScores(levels: string[], results: readonly AttemptResult[]): number[] {
  return levels.map((_id, i) => results.find((r) => r.index === i && r.outcome === 'solved')?.score ?? 0);
}

/** Read DIR's journal and build the results. Throws with a message if DIR holds no classroom. */
export function readResults(dir: string): Results {
  const file = path.join(dir, JOURNAL_FILE);
  const j = readJournal(file);
  if (!j.records.length) throw new Error(`${dir}: no classroom journal here (${JOURNAL_FILE} is missing or empty)`);
  const state = reduceJournal(j.records);
  const c = state.challenge!;
  const attempts: AttemptRow[] = [];
  for (const s of state.students.values()) {
    for (const r of s.results) {
      attempts.push({
        name: s.name,
        index: r.index + 1,
        level: r.level,
        attempt: r.attempt,
        outcome: r.outcome,
        solved: r.outcome === 'solved',
        score: r.score,
        stars: r.stars,
        ticks: r.ticks,
        actions: r.actions,
        commands: r.commands,
        hints: r.hints,
        started_ms: r.startedMs,
        elapsed_ms: r.elapsedMs,
        log: r.log,
        reason: r.reason ?? '',
      });
    }
    if (s.current) {
      const cmds = s.current.steps.filter((st) => 'cmd' in st).length;
      attempts.push({
        name: s.name,
        index: s.current.index + 1,
        level: s.current.level,
        attempt: s.current.attempt,
        outcome: 'playing',
        solved: false,
        score: 0,
        stars: 0,
        ticks: s.current.tick,
        actions: 0,
        commands: cmds,
        hints: s.current.steps.length - cmds,
        started_ms: s.current.startedMs,
        elapsed_ms: state.clock.elapsedMs,
        log: '',
        reason: '',
      });
    }
  }
  // By student, then level, then try: the order a teacher reads them in.
  attempts.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.index - b.index || a.attempt - b.attempt));
  return {
    challenge: { title: c.title, file: c.file, levels: c.levels, duration_ms: c.durationMs, seed: `${c.seed.kind}:${c.seed.seed}` },
    clock: { phase: state.clock.phase, elapsed_ms: state.clock.elapsedMs, duration_ms: state.clock.durationMs },
    board: leaderboard(state).map((r) => ({ rank: r.rank, name: r.name, solved: r.solved, score: r.score, time_ms: r.timeMs, levels: levelScores(c.levels, state.students.get(r.name)!.results) })),
    attempts,
    torn: j.torn !== '',
  };
}

/** A CSV field (RFC 4180): quoted when it holds a comma, quote or line break. */
function csvField(v: string | number | boolean | null): string {
  const s = v === null ? '' : String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** The board (a column of points per level), then a blank line, then every attempt, as CSV. */
export function resultsCsv(r: Results): string {
  const levels = r.challenge.levels;
  const rows: Array<Array<string | number | boolean | null>> = [['rank', 'name', 'solved', 'score', 'time_ms', ...levels]];
  for (const b of r.board) rows.push([b.rank, b.name, b.solved, b.score, b.time_ms, ...b.levels]);
  rows.push([]);
  rows.push(['name', 'index', 'level', 'attempt', 'outcome', 'solved', 'score', 'stars', 'ticks', 'actions', 'commands', 'hints', 'started_ms', 'elapsed_ms', 'log', 'reason']);
  for (const a of r.attempts) rows.push([a.name, a.index, a.level, a.attempt, a.outcome, a.solved, a.score, a.stars, a.ticks, a.actions, a.commands, a.hints, a.started_ms, a.elapsed_ms, a.log, a.reason]);
  return rows.map((row) => row.map(csvField).join(',')).join('\r\n') + '\r\n';
}

/** The board for a terminal: a line per student ("-" for no rank), then where the rest is. */
export function resultsText(r: Results): string {
  const n = r.challenge.levels.length;
  let out = `${r.challenge.title}: ${r.clock.phase}, ${clockText(r.clock.elapsed_ms, 'down')} played of ${clockText(r.clock.duration_ms)}\n`;
  for (const b of r.board) out += `${rankLabel(b.rank).padStart(4)} ${b.name.padEnd(24)} ${String(b.solved).padStart(2)}/${n} solved ${String(b.score).padStart(6)} points${b.time_ms === null ? '' : `  ${clockText(b.time_ms)}`}\n`;
  if (!r.board.length) out += '(no students)\n';
  return out + '(--csv or --json for every attempt)\n';
}
