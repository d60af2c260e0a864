// The debrief after a level: solved or not, the score with what was taken
// off and why, and the level's explanation of what happened in kernel
// terms; then where the run log was saved (kernlab replay FILE).

import type { Game } from '../game/game';
import { esc, reflow, wrapText } from './text';
import { COLOURS, starString, type Glyphs } from './theme';
import { plural } from '../game/plural';

/** What the app knows about the finished run. */
export interface RunRecord {
  runFile: string | null; // where the run log was saved
  replayCommand?: string; // how to replay it (default: kernlab replay RUNFILE)
  newBest: boolean; // the score beat the player's best
  warning: string; // a problem saving (empty when none)
}

/** The command that replays the run, as the player would type it. */
export function replayCommand(rec: RunRecord): string {
  return rec.replayCommand ?? `kernlab replay ${rec.runFile}`;
}

/** The heading of the level's explanation (the classroom finds it by its first words, "What happened"). */
export function whatHappened(solved: boolean): string {
  return solved ? 'What happened' : 'What happened in a solved run';
}

/** The debrief page's lines at an inner width. */
export function debriefLines(game: Game, rec: RunRecord, g: Glyphs, width: number, wallMs: number): string[] {
  const s = game.score();
  const spec = game.level.spec;
  const out: string[] = [];
  const para = (text: string): void => {
    for (const l of wrapText(reflow(text), width - 2)) out.push(esc(l));
  };
  if (s.solved) {
    out.push(`{${COLOURS.good}-fg}{bold}${esc(`${g.check} Solved!  ${s.score} points  ${starString(g, s.stars)}`)}{/bold}{/${COLOURS.good}-fg}${rec.newBest ? `  {${COLOURS.warn}-fg}new best{/${COLOURS.warn}-fg}` : ''}`);
  } else {
    // Wrapped whole: cut at the page's width, 80x24 lost the end of the reason.
    for (const l of wrapText(`Not solved: ${game.failReason || 'the goal was not met'}`, width - 2)) out.push(`{${COLOURS.bad}-fg}{bold}${esc(l)}{/bold}{/${COLOURS.bad}-fg}`);
  }
  out.push('');
  const wall = Math.round(wallMs / 1000);
  out.push(esc(`Time   ${plural(s.ticks, 'tick')} (par ${spec.par.ticks}) · ${Math.floor(wall / 60)}m${String(wall % 60).padStart(2, '0')}s of wall time`));
  out.push(esc(`Moves  ${plural(s.actions, 'action')} (par ${spec.par.commands}) · ${plural(s.commands, 'command')} in all · ${plural(s.hints, 'hint')}`));
  if (s.solved) {
    out.push('');
    out.push(esc(`  ${'1000'.padStart(5)}  for solving it`));
    for (const b of s.breakdown) out.push(`{${COLOURS.bad}-fg}${esc(`  ${String(-b.points).padStart(5)}  ${b.text}`)}{/${COLOURS.bad}-fg}`);
    out.push(esc(`  ${'-----'}`));
    out.push(`{bold}${esc(`  ${String(s.score).padStart(5)}  points`)}{/bold}`);
  }
  out.push('');
  // The level's text tells the solved run: after a failure it is not what happened here.
  out.push(`{${COLOURS.accent}-fg}{bold}${whatHappened(s.solved)}{/bold}{/${COLOURS.accent}-fg}`);
  para(game.view.fill(spec.debrief)); // templates ({cpu:mixer}) name the machine the player had
  out.push('');
  if (rec.runFile) for (const l of wrapText(`Run log saved: ${rec.runFile} (replay it with: ${replayCommand(rec)})`, width - 2)) out.push(`{${COLOURS.dim}-fg}${esc(l)}{/${COLOURS.dim}-fg}`);
  if (rec.warning) for (const l of wrapText(rec.warning, width - 2)) out.push(`{${COLOURS.warn}-fg}${esc(l)}{/${COLOURS.warn}-fg}`);
  return out;
}
