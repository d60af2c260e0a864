// Replaying a run log, and playing a script of timed console commands
// (what `kernlab run --script` and `kernlab validate` do).

import { Game, type GameOptions } from './game';
import { closestName, type Level } from './level-load';
import { TEMPLATE } from './view';
import type { RunLog } from './runlog';
import type { StepSpec } from './level-schema';
import type { ConsoleResult } from '../console/console';

/** Replays a log on `level`: the same steps at the same ticks (hints free if they were), then time up to its end. */
export function replay(level: Level, log: RunLog, opts: GameOptions = {}): Game {
  if (log.level !== level.spec.id) throw new Error(`the log is for level "${log.level}", not "${level.spec.id}"`);
  // A game stops at its time limit, so a genuine log ends by then; replay
  // runs to each step without stopping, and a damaged log could ask for years.
  const limit = level.spec.machine.time_limit;
  if (log.end > limit) throw new Error(`the log ends at tick ${log.end}, after the level's time limit (${limit}): it is not a run of this level`);
  const g = new Game(level, log.seed, { freeHints: log.freeHints, ...opts });
  for (const s of log.steps) {
    g.advanceTo(s.tick, false);
    if ('cmd' in s) g.exec(s.cmd);
    else g.hint();
  }
  g.advanceTo(log.end, true);
  return g;
}

/** A script line: "@TICK command" runs at that tick since the level began; a bare command runs now. */
export interface ScriptStep {
  at: number; // -1: as soon as the previous step is done
  cmd: string; // a console command, or "hint"
  line: number; // 1-based line in the script
}

/** Parses a script; throws "line N: ..." on a malformed stamp. */
export function parseScript(text: string): ScriptStep[] {
  const steps: ScriptStep[] = [];
  let last = -1; // the latest stamp so far
  text.split('\n').forEach((raw, i) => {
    const line = raw.trim();
    if (!line || line.startsWith('#')) return;
    const m = /^@(\S*)(?:\s+(.*))?$/.exec(line);
    if (!m) {
      steps.push({ at: -1, cmd: line, line: i + 1 });
      return;
    }
    const at = Number(m[1]);
    if (!m[1] || !Number.isInteger(at) || at < 0) throw new Error(`line ${i + 1}: "@${m[1]}" is not a tick number`);
    if (!m[2]?.trim()) throw new Error(`line ${i + 1}: "@${m[1]}" has no command after it`);
    if (at < last) throw new Error(`line ${i + 1}: @${at} is earlier than @${last} above it (stamps go forward in time)`);
    last = at;
    steps.push({ at, cmd: m[2].trim(), line: i + 1 });
  });
  return steps;
}

/** The reference solution of a level as script steps. */
export function solutionSteps(steps: StepSpec[]): ScriptStep[] {
  return steps.map((s, i) => (typeof s === 'string' ? { at: -1, cmd: s, line: i + 1 } : { at: s.at, cmd: s.cmd, line: i + 1 }));
}

/** A script step as it ran: the command with its templates filled in, and the tick it ran at. */
export interface PlayedStep extends ScriptStep {
  filled: string; // the command as run
  tick: number; // ticks since the level began when it ran
}

/**
 * A step whose template has no value now ({pid:bach}: a misspelt label, or
 * a task that is gone) is not run: the shell would only see "<pid of bach
 * unknown>" and call the `<` a syntax error. Its result says which
 * template, and the step is not logged.
 */
function unfilled(g: Game, s: ScriptStep, filled: string): ConsoleResult | null {
  const m = /<(\w+) of ([\w.-]+) unknown>/.exec(filled);
  if (!m) return null;
  const template = new RegExp(TEMPLATE.source).exec(s.cmd.slice(s.cmd.indexOf(`{${m[1]}:${m[2]}`)))?.[0] ?? `{${m[1]}:${m[2]}}`;
  const label = m[2].split('.')[0];
  const why = g.view.labels.has(label) ? 'nothing to read yet' : `no label "${label}" in this level${didYouMean(closestName(label, g.view.labels.keys()))}`;
  return { output: `kernlab: line ${s.line}: ${template} has no value now (${why}); the step was not run\n`, status: 2 };
}

function didYouMean(name: string | undefined): string {
  return name ? `: did you mean "${name}"?` : '';
}

/**
 * Plays `steps` (templates like {pid:parent} filled in from live state),
 * then lets time run until the level is decided or `limit` ticks have
 * passed since it began (default: the level's time limit). `onStep`, if
 * given, sees each step's result (validate reports the ones that failed).
 */
export function playScript(
  level: Level,
  seed: string,
  steps: ScriptStep[],
  opts: GameOptions = {},
  limit?: number,
  onStep?: (step: PlayedStep, result: ConsoleResult) => void,
): Game {
  const g = new Game(level, seed, opts);
  for (const s of steps) {
    if (g.status !== 'playing') break;
    if (s.at >= 0) g.advanceTo(s.at);
    if (g.status !== 'playing') break;
    const filled = g.view.fill(s.cmd);
    const tick = g.ticks;
    const bad = unfilled(g, s, filled);
    if (bad) g.transcript += `$ ${s.cmd}\n${bad.output}`; // shown as a command would be, not logged
    const r = bad ?? g.exec(filled);
    onStep?.({ ...s, filled, tick }, r);
  }
  const end = limit ?? level.spec.machine.time_limit;
  if (g.status === 'playing' && g.ticks < end) g.advance(end - g.ticks);
  return g;
}
