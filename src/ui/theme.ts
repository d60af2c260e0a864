// Colours and marks shared by every kernlab screen, in one place so the
// panes look alike (htop/btop: quiet borders, one accent for focus, state
// colours that mean the same everywhere).
//
// Under NO_COLOR every colour vanishes (createScreen strips them), so each
// meaning also has a colour-free mark: focus is an inverse pane title,
// the selection is inverse, zombies are bold and say <defunct>, the
// selected task carries a '*' (or '●') in the tree.

/** Colour names as blessed tags take them ({green-fg}). */
export const COLOURS = {
  border: 'gray', // an unfocused pane's border
  focus: 'cyan', // the focused pane's border and title
  title: 'white', // an unfocused pane's title
  dim: 'gray', // secondary text: headers, units, hints of keys
  accent: 'cyan', // key names in the status line, links to act on
  good: 'green', // done goals, solved, stars
  bad: 'red', // failures, faults, zombies
  warn: 'yellow', // stopped tasks, paused, time running out
  info: 'blue', // sleeping tasks
} as const;

/**
 * Colour of a task state letter (procps letters). Zombies are red and
 * bold; stopped is yellow; running green; D magenta; idle kthreads dim.
 */
export function stateColour(letter: string): string {
  switch (letter) {
    case 'R':
      return 'green';
    case 'S':
      return 'blue';
    case 'D':
      return 'magenta';
    case 'T':
    case 't':
      return 'yellow';
    case 'Z':
    case 'X':
      return 'red';
    case 'I':
      return 'gray';
    default:
      return 'white';
  }
}

/** What each state letter means, for the help overlay and the plain narration. */
export const STATE_WORDS: Readonly<Record<string, string>> = {
  R: 'running or runnable (TASK_RUNNING)',
  S: 'sleeping, interruptible (TASK_INTERRUPTIBLE)',
  D: 'sleeping, uninterruptible (TASK_UNINTERRUPTIBLE)',
  T: 'stopped by a signal (__TASK_STOPPED)',
  t: 'stopped by a tracer (__TASK_TRACED)',
  Z: 'zombie: exited, waiting for its parent to reap it (EXIT_ZOMBIE)',
  X: 'dead, being released (EXIT_DEAD)',
  I: 'idle kernel thread (TASK_IDLE)',
};

/** Box-drawing and marks, with an ASCII set for terminals without UTF-8. */
export interface Glyphs {
  branch: string; // ├─ a child with siblings below
  last: string; // └─ the last child
  pipe: string; // │  an ancestor's sibling line
  blank: string; //    no line
  open: string; // ▾ an expanded node
  closed: string; // ▸ a collapsed node
  selected: string; // ● the selected task
  cursor: string; // ▶ a task's current line in the source
  other: string; // ▷ another task's current line
  pointer: string; // ◀ points back at a line from its right edge
  star: string; // ★ a star earned
  noStar: string; // ☆ a star not earned
  lock: string; // the locked mark in the menu
  check: string; // ✔ a goal clause met
  cross: string; // ✘ a goal clause not met yet
  arrow: string; // → results
  ellipsis: string; // … text cut short
}

export const UNICODE_GLYPHS: Glyphs = {
  branch: '├─',
  last: '└─',
  pipe: '│ ',
  blank: '  ',
  open: '▾',
  closed: '▸',
  selected: '●',
  cursor: '▶',
  other: '▷',
  pointer: '◀',
  star: '★',
  noStar: '☆',
  lock: '✗',
  check: '✔',
  cross: '·',
  arrow: '→',
  ellipsis: '…',
};

export const ASCII_GLYPHS: Glyphs = {
  branch: '|-',
  last: '`-',
  pipe: '| ',
  blank: '  ',
  open: '-',
  closed: '+',
  selected: '*',
  cursor: '>',
  other: '+',
  pointer: '<',
  star: '*',
  noStar: '.',
  lock: 'x',
  check: 'v',
  cross: '.',
  arrow: '->',
  ellipsis: '~',
};

/** The glyph set for a terminal. */
export function glyphsFor(unicode: boolean): Glyphs {
  return unicode ? UNICODE_GLYPHS : ASCII_GLYPHS;
}

/** "★★☆" for 2 stars of 3. */
export function starString(g: Glyphs, stars: number): string {
  return g.star.repeat(stars) + g.noStar.repeat(Math.max(0, 3 - stars));
}
