// The text of the classroom's own pages for a student: waiting for the
// start, the board, a level's outcome without its game (after a restart),
// the end. Pure: tagged lines (blessed tags) for an inner width.

import { esc, fit, rpad, wrapText } from '../ui/text';
import { COLOURS, starString, type Glyphs } from '../ui/theme';
import type { AttemptResult, StudentState } from './class-state';
import { clockText } from './clock';
import { rankText, type BoardRow } from './leaderboard';
import { plural } from '../game/plural';

/** What the pages show of the challenge. */
export interface PageFacts {
  title: string; // the challenge's title
  levels: Array<{ id: string; title: string }>; // in play order
  durationMs: number; // time on the clock
}

/** The board as lines, the student's own row in bold and marked. At most `max` rows (their own always shown). */
export function boardLines(rows: readonly BoardRow[], me: string, width: number, levels: number, max = 12): string[] {
  const nameW = Math.max(8, Math.min(24, width - 34));
  const head = `{${COLOURS.dim}-fg}${esc(`${rpad('#', 4)}  ${fit('NAME', nameW)}  ${rpad('SOLVED', 7)}  ${rpad('SCORE', 6)}  ${rpad('TIME', 7)}`)}{/${COLOURS.dim}-fg}`;
  const out = [head];
  const mine = rows.findIndex((r) => r.name === me);
  let shown = rows.slice(0, max);
  if (mine >= max) shown = [...rows.slice(0, max - 2), rows[mine]];
  for (const r of shown) {
    if (shown.length < rows.length && r === rows[mine] && mine >= max) out.push(`{${COLOURS.dim}-fg}  …{/${COLOURS.dim}-fg}`);
    const text = `${rpad(rankText(r.rank), 4)}  ${fit(r.name, nameW)}  ${rpad(`${r.solved}/${levels}`, 7)}  ${rpad(String(r.score), 6)}  ${rpad(r.timeMs === null ? '-' : clockText(r.timeMs), 7)}`;
    out.push(r.name === me ? `{bold}{inverse}${esc(text)}{/inverse}{/bold}` : esc(text));
  }
  if (rows.length === 0) out.push(`{${COLOURS.dim}-fg}(nobody yet){/${COLOURS.dim}-fg}`);
  return out;
}

/** The page shown before the teacher starts the challenge. */
export function waitingLines(f: PageFacts, me: string, online: readonly string[], width: number): string[] {
  const out: string[] = [];
  const para = (t: string): void => {
    for (const l of wrapText(t, width - 2)) out.push(esc(l));
  };
  out.push(`{bold}${esc(`Welcome, ${me}!`)}{/bold}`, '');
  para(`This is "${f.title}": ${plural(f.levels.length, 'level')} to solve in order, ${clockText(f.durationMs)} on the clock. Each level is a Linux machine with a problem; the console at the bottom of the game screen takes commands (ps, kill, cat /proc/PID/maps, help ...).`);
  out.push('');
  // "Time" here would read as the challenge clock: the score counts the machine's ticks (src/game/score.ts).
  para(
    "Scores: a solved level is worth up to 1000 points, less for ticks (the machine's time, not the clock's) and actions over the level's par, for hints, and for damage the level names; a level not solved scores 0. The board ranks by total score; on a tie, whoever got there first is ahead. Until your first points you have no rank (-).",
  );
  out.push('', `{${COLOURS.accent}-fg}{bold}Levels{/bold}{/${COLOURS.accent}-fg}`);
  f.levels.forEach((l, i) => out.push(esc(`  ${i + 1}. ${l.title}`)));
  out.push('', `{${COLOURS.warn}-fg}{bold}Waiting for your teacher to start the challenge...{/bold}{/${COLOURS.warn}-fg}`, '');
  para(`Here now (${online.length}): ${online.join(', ')}`);
  return out;
}

/** The outcome of an attempt known only from the journal (after a restart, or a machine error). */
export function attemptLines(r: AttemptResult, title: string, g: Glyphs, width: number): string[] {
  const out: string[] = [];
  if (r.outcome === 'solved') out.push(`{${COLOURS.good}-fg}{bold}${esc(`${g.check} ${title}: solved, ${r.score} points ${starString(g, r.stars)}`)}{/bold}{/${COLOURS.good}-fg}`);
  else {
    const why = r.outcome === 'failed' ? 'failed' : r.outcome === 'abandoned' ? 'given up' : 'not finished';
    out.push(`{${COLOURS.bad}-fg}{bold}${esc(`${title}: ${why}`)}{/bold}{/${COLOURS.bad}-fg}`);
  }
  out.push('', esc(`${r.ticks} ticks · ${plural(r.actions, 'action')} · ${plural(r.commands, 'command')} · ${plural(r.hints, 'hint')} · try ${r.attempt}`));
  for (const l of wrapText(`Run log kept on the server: ${r.log}`, width - 2)) out.push(`{${COLOURS.dim}-fg}${esc(l)}{/${COLOURS.dim}-fg}`);
  return out;
}

/** Where the student stands: levels solved, score, and what each level came to (`over`: the challenge ended, nothing is "next"). */
export function progressLines(s: StudentState, f: PageFacts, g: Glyphs, over = false): string[] {
  const out: string[] = [];
  f.levels.forEach((l, i) => {
    const solved = s.results.find((r) => r.index === i && r.outcome === 'solved');
    const tries = s.attempts[i] ?? 0;
    let mark: string;
    if (solved) mark = `{${COLOURS.good}-fg}${esc(`${g.check} ${solved.score} pts ${starString(g, solved.stars)}`)}{/${COLOURS.good}-fg}`;
    else if (s.current?.index === i) mark = `{${COLOURS.warn}-fg}playing{/${COLOURS.warn}-fg}`;
    else if (i < s.next) mark = `{${COLOURS.bad}-fg}given up{/${COLOURS.bad}-fg}`;
    else if (tries) mark = `{${COLOURS.bad}-fg}${tries} tr${tries === 1 ? 'y' : 'ies'}, not solved{/${COLOURS.bad}-fg}`; // failed, or cut short by the end
    else mark = i === s.next && !over ? 'next' : `{${COLOURS.dim}-fg}${over ? 'not played' : '-'}{/${COLOURS.dim}-fg}`;
    out.push(`${esc(`  ${i + 1}. ${fit(l.title, 28)} `)}${mark}`);
  });
  out.push('', `{bold}${esc(`Total: ${s.score} points, ${s.solved} of ${f.levels.length} solved`)}{/bold}`);
  return out;
}
