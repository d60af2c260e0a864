// Checking a level the way `kernlab validate` does: its programs compile,
// its reference solution solves it within par, doing nothing does not
// solve it, and the solution's run log replays to the same score.

import { CompileError } from '../lang/abi';
import { compile } from '../lang/compile';
import { BY_NAME } from '../console/registry';
import { ALWAYS_ALLOWED, Game } from './game';
import type { Level } from './level-load';
import { playScript, replay, solutionSteps } from './replay';
import type { Score } from './score';

export interface Validation {
  ok: boolean;
  problems: string[];
  solution: Score | null;
}

/** How long a do-nothing run is watched: long enough to be sure, bounded for speed. */
export function idleHorizon(level: Level): number {
  return Math.min(level.spec.machine.time_limit, Math.max(3 * level.spec.par.ticks, 5000));
}

export function validateLevel(level: Level, seed = String(level.spec.machine.seed)): Validation {
  const problems: string[] = [];
  const spec = level.spec;
  spec.tools?.forEach((name, i) => {
    if (!BY_NAME.has(name) && !ALWAYS_ALLOWED.includes(name)) {
      const line = level.lineOf ? `line ${level.lineOf(['tools', i])}: ` : '';
      problems.push(`${line}tools[${i}]: "${name}" is not a console command (help lists them)`);
    }
  });
  for (const [file, src] of level.sources) {
    try {
      const prog = compile(src, file);
      for (const kt of spec.kthreads.filter((k) => k.file === file)) {
        if (!prog.functions.some((f) => f.name === kt.fn)) problems.push(`${file}: no function ${kt.fn} for kthread ${kt.name}`);
      }
      for (const p of spec.programs.filter((x) => x.file === file)) {
        if (!prog.functions.some((f) => f.name === 'main')) problems.push(`${file}: program ${p.name} has no main()`);
      }
    } catch (e) {
      if (e instanceof CompileError) problems.push(e.message);
      else throw e;
    }
  }
  if (problems.length) return { ok: false, problems, solution: null };

  let solution: Score | null = null;
  try {
    const g = playScript(level, seed, solutionSteps(spec.solution));
    solution = g.score();
    if (g.status !== 'solved') problems.push(`the reference solution does not solve it (${g.status}${g.failReason ? `: ${g.failReason}` : ''})`);
    else {
      if (solution.ticks > spec.par.ticks) problems.push(`the reference solution takes ${solution.ticks} ticks, over par (${spec.par.ticks})`);
      if (solution.actions > spec.par.commands) problems.push(`the reference solution takes ${solution.actions} actions, over par (${spec.par.commands})`);
      const again = replay(level, g.log()).score();
      if (again.score !== solution.score || again.ticks !== solution.ticks) problems.push(`replaying the solution's log gives ${again.score} points at tick ${again.ticks}, not ${solution.score} at ${solution.ticks}`);
    }
    const idle = new Game(level, seed);
    idle.advance(idleHorizon(level));
    if (idle.status === 'solved') problems.push(`doing nothing solves it (at tick ${idle.solvedAt})`);
  } catch (e) {
    problems.push(`running it failed: ${(e as Error).message}`);
  }
  return { ok: problems.length === 0, problems, solution };
}
