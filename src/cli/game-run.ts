// What the headless game commands do (loaded only when one of them runs:
// zod and yaml cost start-up time the other commands need not pay).
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { formatDuration } from '../net/challenge-schema';
import type { ReplayArgs, RunArgs, ValidateArgs } from './game-commands';
import { LevelError, type Level } from '../game/level-load';
import { isUnlocked, recordResult } from '../game/progress';
import { parseScript, playScript, replay } from '../game/replay';
import { parseRunLog } from '../game/runlog-parse';
import { validateLevel } from '../game/validate';
import { LevelRunError, type Game } from '../game/game';
import { findLevel, levelFromFile, shippedLevels } from './level-files';
import { ProgressStore } from './progress-store';
import { plural } from '../game/plural';
import { ioErrorText, readInputFile } from './exec';

/** Exit codes of `kernlab run`/`replay`: solved, not solved, bad input. */
export const EXIT_SOLVED = 0;
export const EXIT_UNSOLVED = 1;
export const EXIT_BAD_INPUT = 2;

function fail(message: string): never {
  process.stderr.write(message.endsWith('\n') ? message : message + '\n');
  process.exit(EXIT_BAD_INPUT);
}

function loadLevel(name: string): Level {
  try {
    const l = findLevel(name);
    if (typeof l === 'string') fail(l);
    return l;
  } catch (e) {
    if (e instanceof LevelError) fail(e.message);
    throw e;
  }
}

/** A shipped level by id, or null if there is none (a broken shipped level still fails). */
function shippedOrNull(id: string): Level | null {
  try {
    const l = findLevel(id);
    return typeof l === 'string' ? null : l;
  } catch (e) {
    if (e instanceof LevelError) fail(e.message);
    throw e;
  }
}

export function stars(n: number): string {
  return '★'.repeat(n) + '☆'.repeat(3 - n);
}

/** Why a game that ended unsolved did: its fail text (or "time is up ..."), else the goal not met. */
function notSolvedReason(g: Game): string {
  return g.failReason || 'the goal is not met';
}

/** The one-line result of a game, as run and replay print it. */
export function resultLine(g: Game): string {
  const s = g.score();
  if (s.solved) return `Solved "${g.level.spec.title}" in ${plural(s.ticks, 'tick')} with ${plural(s.actions, 'action')}: ${s.score} points ${stars(s.stars)}`;
  return `Not solved: ${notSolvedReason(g)} (${plural(s.ticks, 'tick')})`;
}

function report(g: Game, json: boolean, save: boolean): number {
  const s = g.score();
  if (save) {
    const store = new ProgressStore();
    const p = store.load();
    if (store.warning) process.stderr.write(store.warning + '\n');
    store.save(recordResult(p, g.level.spec.id, s.solved, s.score, s.stars));
  }
  if (json) {
    const out = { level: g.level.spec.id, seed: g.seed, solved: s.solved, reason: s.solved ? null : notSolvedReason(g), score: s.score, stars: s.stars, ticks: s.ticks, commands: s.commands, actions: s.actions, hints: s.hints, log: g.log() };
    process.stdout.write(JSON.stringify(out) + '\n');
  } else {
    if (s.solved) for (const b of s.breakdown) process.stdout.write(`  -${b.points}  ${b.text}\n`);
    process.stdout.write(resultLine(g) + '\n');
  }
  return s.solved ? EXIT_SOLVED : EXIT_UNSOLVED;
}

/** Plays a script, printing the console as it goes (prompt, command, output) unless quiet. */
function playScriptEchoing(level: Level, seed: string, steps: ReturnType<typeof parseScript>, echo: boolean): Game {
  const g = playScript(level, seed, steps);
  g.drainOutput();
  if (echo && g.transcript) process.stdout.write(g.transcript.endsWith('\n') ? g.transcript : g.transcript + '\n');
  return g;
}

/** `kernlab levels`: the shipped levels in play order with the player's best. */
export function listLevels(): void {
  let levels: Level[];
  try {
    levels = shippedLevels();
  } catch (e) {
    if (e instanceof LevelError) fail(e.message);
    throw e;
  }
  const store = new ProgressStore();
  const p = store.load();
  if (store.warning) process.stderr.write(store.warning + '\n');
  const ids = levels.map((l) => l.spec.id);
  const rows = levels.map((l, i) => {
    const lp = p.levels[l.spec.id];
    const open = isUnlocked(p, ids, l.spec.id);
    return [String(i + 1), l.spec.id, l.spec.title, l.spec.topic, '●'.repeat(l.spec.difficulty), lp?.solved ? String(lp.best) : open ? '-' : 'locked', lp ? stars(lp.stars) : ''];
  });
  const head = ['#', 'ID', 'TITLE', 'TOPIC', 'LEVEL', 'BEST', 'STARS'];
  const widths = head.map((h, c) => Math.max(h.length, ...rows.map((r) => [...r[c]].length)));
  const fmt = (r: string[]) => r.map((x, c) => (c === r.length - 1 ? x : x + ' '.repeat(widths[c] - [...x].length))).join('  ').trimEnd();
  process.stdout.write([fmt(head), ...rows.map(fmt)].join('\n') + '\n');
}

/** `kernlab run`: plays a script on a level and reports; exit 0 solved, 1 not, 2 bad input. */
export function runLevel(a: RunArgs): void {
  const level = loadLevel(a.level);
  const text = !a.script ? '' : a.script === '-' ? readFileSync(0, 'utf8') : readInputFile(a.script);
  let steps;
  try {
    steps = parseScript(text);
  } catch (e) {
    fail(`kernlab: ${a.script}: ${(e as Error).message}`);
  }
  let g: Game;
  try {
    g = playScriptEchoing(level, a.seed ?? String(level.spec.machine.seed), steps, !a.json);
  } catch (e) {
    // The level itself cannot be played (a setup step fails): bad input, said plainly.
    if (e instanceof LevelRunError) fail(`kernlab: ${e.message}`);
    throw e;
  }
  process.exitCode = report(g, a.json, a.save);
}

/** Validates a level and prints its ok line or its problems (each names the file, line and field); true if ok. */
function reportValidation(level: Level): boolean {
  const v = validateLevel(level);
  if (v.ok) process.stdout.write(`${level.file}: ok (solution: ${plural(v.solution!.ticks, 'tick')}, ${plural(v.solution!.actions, 'action')}, ${v.solution!.score} points)\n`);
  else for (const p of v.problems) process.stdout.write(p + '\n');
  return v.ok;
}

/** Whether a YAML text is a challenge file (title, duration, levels) rather than a level. */
function isChallengeText(text: string): boolean {
  try {
    const v: unknown = parseYaml(text);
    return !!v && typeof v === 'object' && 'levels' in v && 'duration' in v && !('goal' in v);
  } catch {
    return false;
  }
}

/**
 * `kernlab validate CHALLENGE.yaml`: the challenge as `serve` reads it, then
 * every level it plays, as for a level file. Returns the number of broken files.
 */
async function validateChallenge(file: string): Promise<number> {
  const { loadChallenge } = await import('./serve');
  let loaded;
  try {
    loaded = await loadChallenge(file);
  } catch (e) {
    if (e instanceof LevelError) {
      process.stdout.write(e.message + '\n');
      return 1;
    }
    throw e;
  }
  if (typeof loaded === 'string') {
    process.stdout.write(loaded + '\n');
    return 1;
  }
  const c = loaded.challenge;
  let bad = 0;
  for (const level of c.levels) if (!reportValidation(level)) bad++;
  process.stdout.write(`${file}: ${bad ? `${plural(bad, 'level')} broken` : 'ok'} (challenge "${c.title}": ${plural(c.levels.length, 'level')}, ${formatDuration(c.durationMs)}, seed ${c.seed.kind}: ${c.seed.seed})\n`);
  return bad ? 1 : 0;
}

/** `kernlab validate`: every problem of every file (level or challenge files); exit 1 if any. */
export async function validateFiles(a: ValidateArgs): Promise<void> {
  let bad = 0;
  for (const file of a.files) {
    let text: string | null = null;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      // levelFromFile reports it below.
    }
    if (text !== null && isChallengeText(text)) {
      bad += await validateChallenge(file);
      continue;
    }
    let level: Level;
    try {
      level = levelFromFile(file);
    } catch (e) {
      bad++;
      if (e instanceof LevelError) process.stdout.write(e.message + '\n');
      else process.stdout.write(`${file}: ${ioErrorText(e)}\n`);
      continue;
    }
    if (!reportValidation(level)) bad++;
  }
  process.exitCode = bad ? 1 : 0;
}

/** `kernlab replay`: runs a saved log (or `run --json` output) again and reports. */
export function replayLog(a: ReplayArgs): void {
  let text = '';
  try {
    text = readFileSync(a.log, 'utf8');
  } catch {
    fail(`kernlab: ${a.log}: No such file or directory`);
  }
  let log;
  try {
    const parsed = JSON.parse(text);
    // `kernlab run --json` output holds the log under "log".
    log = parseRunLog(JSON.stringify(parsed && typeof parsed === 'object' && 'log' in parsed ? parsed.log : parsed));
  } catch (e) {
    fail(`kernlab: ${a.log}: ${(e as Error).message}`);
  }
  // A log of one of your own levels (a classroom's, say) names a level
  // kernlab does not ship: say how to give it.
  const level = a.level ? loadLevel(a.level) : shippedOrNull(log.level);
  if (!level) fail(`kernlab: ${a.log} is a run of level "${log.level}", which kernlab does not ship: give its level file with --level FILE`);
  let g: Game;
  try {
    g = replay(level, log);
  } catch (e) {
    fail(`kernlab: ${(e as Error).message}`);
  }
  process.exitCode = report(g, a.json, false);
}
