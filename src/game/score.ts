// Scoring a level: 1000 points for solving it, less for time over par,
// actions over par, hints, and collateral damage the level names; stars
// by the result.

import type { Game } from './game';

export const BASE_SCORE = 1000;
export const MAX_TIME_PENALTY = 300;
export const ACTION_PENALTY = 50;
export const MAX_ACTION_PENALTY = 300;

export interface Score {
  solved: boolean;
  score: number;
  stars: 0 | 1 | 2 | 3;
  ticks: number; // to the solution (or so far)
  actions: number; // commands that changed the machine
  commands: number; // all commands typed
  hints: number;
  breakdown: { text: string; points: number }[]; // what was taken off, and why
}

export function starsFor(solved: boolean, score: number): 0 | 1 | 2 | 3 {
  if (!solved) return 0;
  return score >= 900 ? 3 : score >= 600 ? 2 : 1;
}

export function scoreGame(g: Game): Score {
  const par = g.level.spec.par;
  const solved = g.status === 'solved';
  const ticks = solved ? g.solvedAt : g.ticks;
  const breakdown: { text: string; points: number }[] = [];
  if (ticks > par.ticks) {
    const p = Math.min(MAX_TIME_PENALTY, Math.round((MAX_TIME_PENALTY * (ticks - par.ticks)) / par.ticks));
    if (p) breakdown.push({ text: `${ticks} ticks, par ${par.ticks}`, points: p });
  }
  if (g.actions > par.commands) {
    breakdown.push({ text: `${g.actions} actions, par ${par.commands}`, points: Math.min(MAX_ACTION_PENALTY, (g.actions - par.commands) * ACTION_PENALTY) });
  }
  const hints = g.hintCost();
  if (hints) breakdown.push({ text: `${g.hintsShown} hint${g.hintsShown > 1 ? 's' : ''}`, points: hints });
  breakdown.push(...g.penaltiesApplied);
  const score = solved ? Math.max(0, BASE_SCORE - breakdown.reduce((s, b) => s + b.points, 0)) : 0;
  return { solved, score, stars: starsFor(solved, score), ticks, actions: g.actions, commands: g.commands, hints: g.hintsShown, breakdown };
}
