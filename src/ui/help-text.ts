// The help overlay's text (F1 or ?): every key, what each pane shows, the
// state letters, the page legend, the screen's own console commands, and
// every console command of the level (from the console's help).

import { FULL_COLS, FULL_ROWS } from './layout';
import { STATE_WORDS } from './theme';

/** Keys of the game screen: [keys, what they do]. */
export const GAME_KEYS: ReadonlyArray<[string, string]> = [
  ['Tab / Shift-Tab', 'next / previous pane, round the panes (: opens the console, where Tab completes)'],
  ['1-7', `focus a pane: 1 tasks 2 CPUs 3 memory 4 MMU 5 source 6 goal 7 console (below ${FULL_COLS}x${FULL_ROWS}, panes 2-5 take turns in one place)`],
  [': or 7', 'type a command in the console'],
  ['Esc', 'leave the console (keys act on the panes again)'],
  ['z', 'zoom: the focused pane alone, full width, above the console (z again: every pane)'],
  ['↑ ↓ PgUp PgDn Home End', 'move or scroll in the focused pane'],
  ['Enter (tasks)', 'select the task: memory, MMU and source panes follow it'],
  ['← → (tasks)', 'fold / unfold a process (kernel threads are folded under kthreadd)'],
  ['f (MMU trace)', 'only faults, COW copies and TLB flushes, which a loop\'s walks bury in a few ticks (f again: every walk)'],
  ['mouse', 'click a task to select it, a pane to focus it; the wheel scrolls'],
  ['Space', 'pause / resume time (nothing runs while paused)'],
  ['.', 'step: run exactly one tick (1 ms of simulated time)'],
  ['+ / -', 'faster / slower (0.01x to 10x of real time; 1x = 1000 ticks/s); "1x (0.4x)" in the header: the computer cannot keep up, time runs at 0.4x'],
  ['h', 'show the next hint (costs points unless you solved the level before)'],
  ['F1 or ?', 'this help'],
  ['q or Ctrl-C', 'leave (asks first: quit, or back to the level menu)'],
];

/** Keys of the console's prompt line. */
export const CONSOLE_KEYS: ReadonlyArray<[string, string]> = [
  ['Enter', 'run the command'],
  ['Tab', 'complete a command, PID, signal or /proc path (lists choices when several fit)'],
  ['↑ ↓ (Ctrl-P Ctrl-N)', 'history'],
  ['← → Home End (Ctrl-B Ctrl-F Ctrl-A Ctrl-E)', 'move in the line'],
  ['Ctrl-U Ctrl-K Ctrl-W', 'delete to the start / to the end / the word before'],
  ['PgUp PgDn', 'scroll the output'],
  ['Home End (on an empty line)', "the last command's start (again: the oldest row) / the bottom"],
  ['Ctrl-L', 'clear the output'],
  ['Ctrl-C', 'drop the line typed so far, as bash does (on an empty line: leave, asking first)'],
];

/** Commands the screen itself understands at the prompt (not recorded in the run log). */
export const SCREEN_COMMANDS: ReadonlyArray<[string, string]> = [
  ['pause', 'stop time'],
  ['go', 'let time run again'],
  ['step', 'run one tick'],
  ['speed [N]', 'show or set the speed (0.01 to 10, a multiple of real time)'],
  ['hint', 'show the next hint'],
  ['answer TEXT', 'answer the level\'s question (the briefing says how)'],
  ['clear', 'clear the console output'],
  ['quit', 'leave the level'],
];

/** What each pane shows. */
export const PANES: ReadonlyArray<[string, string]> = [
  ['Tasks', 'the process tree: PID, name, state letter; threads as {name}; ● the selected task'],
  ['CPUs', 'per CPU: utilisation over the last ticks, then its CFS runqueue by vruntime (ms), ▶ running'],
  ['Memory map', "the selected task's VMAs (/proc/PID/maps), a strip of their pages, present/total, COW-shared (c), faults"],
  ['MMU trace', "the selected task's address translations: PGD PUD PMD PTE indices, TLB hit/miss, faults, COW copies"],
  ['Source', "the selected task's program; ▶ its current line, ▷ and ◀ PIDs other tasks' lines"],
  ['Goal', 'what to achieve (✔ when met), the last hint, ticks and actions against par'],
  ['Console', 'a shell onto the machine: ps, pstree, kill, cat /proc/..., strace, mprotect ...'],
];

/** Legend of the memory pane's page strip. */
export const PAGE_LEGEND: ReadonlyArray<[string, string]> = [
  ['#', "present: this address space's own frame"],
  ['c', 'COW-shared: write-protected and shared after fork; a write copies it'],
  ['s', 'shared frame: page cache, or mapped by another address space'],
  ['0', 'the shared zero page (read of untouched anonymous memory)'],
  ['.', 'not present: the next access faults (demand paging)'],
];

/** Pairs as aligned lines. */
function tableOf(rows: ReadonlyArray<[string, string]>, indent = '  '): string[] {
  const w = Math.min(28, Math.max(...rows.map(([a]) => a.length)));
  return rows.map(([a, b]) => `${indent}${a.padEnd(w)}  ${b}`);
}

/**
 * A line wrapped to `width`, continuation lines indented under its second
 * column ("  key    text" → under "text"), or under its own indent.
 */
export function wrapHanging(line: string, width: number): string[] {
  if (line.length <= width) return [line];
  const m = /^(\s*\S.*?\s{2,})\S/.exec(line);
  const indent = m && m[1].length < width / 2 ? m[1].length : /^\s*/.exec(line)![0].length;
  const out: string[] = [];
  let rest = line;
  while (rest.length > width) {
    let cut = rest.lastIndexOf(' ', width);
    if (cut <= indent) cut = width;
    out.push(rest.slice(0, cut).trimEnd());
    rest = ' '.repeat(indent) + rest.slice(cut).trimStart();
  }
  out.push(rest);
  return out;
}

/**
 * The console's `help`, its lines joined back into paragraphs and entries.
 * It comes wrapped at 80 columns; wrapped again at the overlay's width, a
 * line cut twice left orphans ("belong to student (uid" / "1000) on pts/0",
 * "all (-1) or" / "jobs" / "(%N)"). A line indented by exactly two spaces
 * starts a command's entry, a deeper one continues it, an unindented one
 * continues the paragraph; wrapHanging then wraps each entry under its text.
 */
export function unwrapConsoleHelp(text: string): string[] {
  const out: string[] = [];
  let fresh = true; // at the start, or after a blank line
  for (const line of text.replace(/\r/g, '').trim().split('\n')) {
    if (!line.trim()) {
      out.push('');
      fresh = true;
      continue;
    }
    if (fresh || /^ {2}\S/.test(line)) out.push(line.trimEnd());
    else out[out.length - 1] += ' ' + line.trim();
    fresh = false;
  }
  return out;
}

/**
 * The help overlay's lines (no tags), wrapped to `width`. `consoleHelp` is
 * the console's `help` text; `answers`, whether the level asks a question
 * (else `answer` is not listed: it would only say "this level asks no question").
 */
export function helpLines(consoleHelp: string, width = Infinity, answers = true, lab = false): string[] {
  return helpText(consoleHelp, answers, lab).flatMap((l) => (Number.isFinite(width) ? wrapHanging(l, width) : [l]));
}

/** The lab's words for what differs there: tips are free and go round, and there is no level menu. */
const LAB_WORDS: Record<string, string> = {
  h: 'show the next tip (free; after the last, the first again)',
  'q or Ctrl-C': 'leave the lab (asks first)',
  hint: 'show the next tip',
  quit: 'leave the lab',
  Goal: 'the lab: what it is, ticks and commands so far, the last tip',
};

function helpText(consoleHelp: string, answers: boolean, lab: boolean): string[] {
  const table = (rows: ReadonlyArray<[string, string]>): string[] => tableOf(lab ? rows.map(([k, v]): [string, string] => [k, LAB_WORDS[k] ?? v]) : rows);
  return [
    'kernlab — keys and commands  (Esc, q or F1 closes; ↑↓ PgUp PgDn scroll)',
    '',
    'KEYS',
    ...table(GAME_KEYS),
    '',
    'AT THE CONSOLE PROMPT',
    ...table(CONSOLE_KEYS),
    '',
    'PANES',
    ...table(PANES),
    '',
    'TASK STATES',
    ...table(Object.entries(STATE_WORDS) as Array<[string, string]>),
    '',
    'MEMORY PAGES',
    ...table(PAGE_LEGEND),
    '',
    'SCREEN COMMANDS (typed at the prompt)',
    ...table(answers ? SCREEN_COMMANDS : SCREEN_COMMANDS.filter(([c]) => !c.startsWith('answer'))),
    '',
    'CONSOLE COMMANDS',
    ...unwrapConsoleHelp(consoleHelp),
  ];
}
