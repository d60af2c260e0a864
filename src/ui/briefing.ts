// The briefing before a level: what is going on, what to achieve, the
// tools allowed, par, and how to play: in full for someone who has read
// nothing, as a one-line reminder once they have played (a guide repeated
// before every level is a guide nobody reads).

import { asksQuestion } from '../game/game';
import type { Level } from '../game/level-load';
import { esc, reflow, speedLabel, wrapText } from './text';
import { COLOURS } from './theme';
import { plural } from '../game/plural';

/** How much of "How to play" a briefing shows: all of it, or one line. */
export type HowToPlay = 'full' | 'reminder';

/** The briefing page's lines at an inner width. */
export function briefingLines(level: Level, width: number, speed: number, freeHints = false, howTo: HowToPlay = 'full'): string[] {
  const s = level.spec;
  const out: string[] = [];
  const para = (text: string, tag = ''): void => {
    for (const l of wrapText(reflow(text), width - 2)) out.push(tag ? `{${tag}}${esc(l)}{/${tag}}` : esc(l));
  };
  // A lab has no difficulty, goal, par or price on its tips: its own text says what it is.
  if (!level.lab) out.push(`{${COLOURS.dim}-fg}${esc(`${s.topic} · difficulty ${s.difficulty} of 5`)}{/${COLOURS.dim}-fg}`, '');
  para(s.briefing);
  out.push('');
  if (!level.lab) {
    para(`Goal: ${s.goal_text}`, 'bold');
    out.push('');
  }
  if (s.tools) {
    // help, tick, state and hint are always there; a level listing one of them too named it twice
    // A level that asks a question takes its answer with `answer`: a command like the others, so it is listed.
    const always = ['help', 'tick', 'state', 'hint', ...(asksQuestion(s.goal) ? ['answer'] : [])];
    const own = s.tools.filter((t) => !always.includes(t));
    // Looking and printing (echo, grep, pgrep, nproc, ...) is allowed too; help lists the whole set.
    para(`Commands allowed: ${own.join(', ')} (and ${always.join(', ')}; help lists every one you may use).`);
    out.push(''); // par and the hints are a paragraph of their own
  }
  // What an action is and where hints are, said in full with the full guide; after it, the numbers.
  const hintCost = freeHints ? 'free: you have solved this level before' : 'each costs points';
  if (level.lab) para(`${plural(s.hints.length, 'tip')} on what to try: type hint in the console, or press h outside it.`);
  else if (howTo === 'reminder') para(`Par: ${s.par.ticks} ticks (${(s.par.ticks / 1000).toFixed(1)} s) and ${plural(s.par.commands, 'action')}. ${plural(s.hints.length, 'hint')}, ${hintCost}.`);
  else para(`Par: ${s.par.ticks} ticks (${(s.par.ticks / 1000).toFixed(1)} s of simulated time) and ${plural(s.par.commands, 'action')}. ` + `Commands that change the machine (kill, mprotect, ...) are actions; looking (ps, cat, pmap, ...) is free. ${plural(s.hints.length, 'hint')} available (type hint in the console, or press h outside it), ${hintCost}.`);
  out.push('');
  if (howTo === 'reminder') {
    // One row at 80 columns: the briefing then fits a 24-row terminal unscrolled.
    para('How to play: tick N runs time, Esc then Space runs it live; F1: every key.', `${COLOURS.dim}-fg`);
    return out;
  }
  out.push(`{${COLOURS.accent}-fg}{bold}How to play{/bold}{/${COLOURS.accent}-fg}`);
  para(
    `Time stands still until you let it run (1 tick = 1 ms of simulated time): type tick N in the console to run N ticks, ` +
      `or press Esc then Space to let it run at ${speedLabel(speed)} of real time (Space again stops it, . runs one tick, + and - change the speed). ` +
      'The console at the bottom takes commands at once: ps, pstree, cat /proc/PID/status, kill, help ... ' +
      'Esc leaves it, so keys act on the panes: Tab moves between them, Enter in the task tree selects a task ' +
      'for the memory, MMU and source panes, z zooms the focused pane to the full width (to read a program\'s source whole). F1 lists every key and command.',
  );
  return out;
}
