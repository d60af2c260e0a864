// The console pane: the shell onto the machine. Output (commands echoed
// after the prompt, their output, program output as it arrives, strace
// lines) scrolls above a prompt line edited like bash's (history with
// ↑↓, Tab completion of commands, PIDs and paths, C-a C-e C-u C-k C-w).
// While it has the focus every printable key goes to the prompt; Esc
// gives the focus back to the panes.

import { plural } from '../../game/plural';
import { LineEditor } from '../line-editor';
import type { GameContext } from '../game-context';
import { esc, expandTabs, fit, wrapText } from '../text';
import { COLOURS } from '../theme';
import { Pane, type Key, type PaneHost } from './pane';

/** How a line of output is shown. */
export type LineStyle = 'out' | 'err' | 'cmd' | 'trace' | 'note' | 'hint' | 'good' | 'bad';

/** One logical line of output. */
interface OutLine {
  text: string; // without newline or tags
  style: LineStyle; // colour
}

/** Styles of kernlab's own words (wrapped between words); the others are terminal output. */
const WORD_WRAPPED: ReadonlySet<LineStyle> = new Set(['note', 'hint', 'good', 'bad']);

/** Lines kept in the scrollback. */
export const SCROLLBACK = 3000;

/** The prompt: the console acts as root. */
export const PROMPT = 'kernlab# ';

const STYLE_COLOUR: Record<LineStyle, string | null> = {
  out: null,
  err: COLOURS.bad,
  cmd: COLOURS.accent,
  trace: COLOURS.info,
  note: COLOURS.dim,
  hint: COLOURS.warn,
  good: COLOURS.good,
  bad: COLOURS.bad,
};

/** Rows counted at most above the view for the console's title (a longer output says this many). */
const MAX_COUNTED = 1000;

/** Styles that wrap as a terminal does, at the last column: the command typed, strace's lines. */
const TERMINAL_WRAPPED: ReadonlySet<LineStyle> = new Set(['cmd', 'trace']);

/** Rows cut at the last column, as a terminal wraps. */
function cutRows(text: string, w: number): string[] {
  const rows: string[] = [];
  for (let p = 0; p < Math.max(1, text.length); p += w) rows.push(text.slice(p, p + w));
  return rows;
}

/**
 * A line of output as screen rows. kernlab's notes, hints and messages
 * wrap between words. Output too wide for the pane wraps between words
 * too when it is prose (no gap of two spaces or a tab after its indent),
 * or a label then prose (help's "  ps   report ...": the rows after the
 * first start under the prose); a word longer than a row is still cut.
 * Column-aligned output (ps, /proc/PID/maps, status) is cut at the last
 * column, as a terminal wraps it, so its columns read the same.
 */
export function consoleRows(line: string, style: LineStyle, width: number): string[] {
  const w = Math.max(1, width);
  const text = expandTabs(line); // /proc/PID/status aligns its values with tabs
  if (WORD_WRAPPED.has(style)) return text ? wrapText(text, w) : [''];
  if (text.length <= w || TERMINAL_WRAPPED.has(style)) return cutRows(text, w);
  const lead = /^ */.exec(line)![0].length;
  const gaps = [...line.slice(lead).matchAll(/\t| {2,}/g)];
  if (!gaps.length) return wrapText(text, w);
  const g = gaps[0];
  const hang = lead + g.index + g[0].length; // where the prose after the label starts
  if (gaps.length === 1 && !line.includes('\t') && hang <= w / 2) {
    const rows = wrapText(' '.repeat(hang) + text.slice(hang), w);
    rows[0] = text.slice(0, hang) + rows[0].slice(hang);
    return rows;
  }
  return cutRows(text, w);
}

export class ConsolePane extends Pane {
  readonly editor = new LineEditor(); // the prompt line
  private readonly lines: OutLine[] = []; // scrollback, oldest first
  private partial: OutLine | null = null; // a line still being written (no newline yet)
  private back = 0; // screen rows scrolled back (0: at the bottom)

  constructor(
    host: PaneHost,
    private readonly ctx: GameContext,
    private readonly submit: (line: string) => void, // runs an entered line
  ) {
    super('console', 'Console', host);
  }

  /** Append output; lines split on '\n'; a trailing partial line stays open for more. */
  print(text: string, style: LineStyle = 'out'): void {
    if (!text) return;
    const parts = text.replace(/\r/g, '').split('\n');
    for (let i = 0; i < parts.length; i++) {
      const last = i === parts.length - 1;
      if (this.partial && this.partial.style === style) {
        this.partial.text += parts[i];
      } else if (parts[i] !== '' || !last) {
        if (this.partial) this.lines.push(this.partial);
        this.partial = { text: parts[i], style };
      }
      if (!last && this.partial) {
        this.lines.push(this.partial);
        this.partial = null;
      }
    }
    if (this.lines.length > SCROLLBACK) this.lines.splice(0, this.lines.length - SCROLLBACK);
    this.back = 0;
  }

  /** Every line of output, for tests and the plain transcript. */
  transcript(): string[] {
    return [...this.lines, ...(this.partial ? [this.partial] : [])].map((l) => l.text);
  }

  override draw(): void {
    const w = this.innerWidth;
    const h = this.innerHeight;
    const body = Math.max(0, h - 1);
    // Wrap from the newest line backwards until the rows scrolled back
    // plus one screenful are filled: the cost is what is shown.
    const all = this.partial ? [...this.lines.slice(-body - this.back - 1), this.partial] : this.lines;
    const rows: string[] = [];
    const need = body + this.back;
    for (let i = all.length - 1; i >= 0 && rows.length < need; i--) {
      const l = all[i];
      const colour = STYLE_COLOUR[l.style];
      const pieces = consoleRows(l.text, l.style, w);
      for (let j = pieces.length - 1; j >= 0 && rows.length < need; j--) {
        rows.push(colour ? `{${colour}-fg}${esc(pieces[j])}{/${colour}-fg}` : esc(pieces[j]));
      }
    }
    if (this.back > 0 && rows.length < need) this.back = Math.max(0, rows.length - body);
    const shown = rows.slice(this.back, this.back + body).reverse();
    while (shown.length < body) shown.unshift('');
    shown.push(this.promptRow(w));
    this.setRows(shown);
    const above = this.back > 0 ? '' : this.hiddenOfLast(w, body);
    this.setTitle(this.back > 0 ? `Console · scrolled back ${plural(this.back, 'row')} (End: back to the bottom)` : above ? `Console · ${above} more ${above === '1' ? 'row' : 'rows'} above (PgUp; Home: its start)` : 'Console');
  }

  /**
   * Home on an empty line: the last command's line at the top of the view,
   * its output's head below it. top's frame puts the busiest tasks first
   * and the idle ones last, and in a pane of six rows only those showed;
   * PgUp took five presses to reach the header. Pressed there again (or
   * when it all shows), the oldest row kept.
   */
  private toLastStart(): void {
    const w = this.innerWidth;
    const body = Math.max(0, this.innerHeight - 1);
    const above = this.hiddenOfLast(w, body);
    const n = above === '' ? 0 : Number.parseInt(above, 10); // "1000+": as far as is counted
    this.back = n > 0 && this.back !== n ? n : Infinity;
  }

  /**
   * Rows of the last command (its line and its output) above the view: at
   * 80x24 the console shows six, and `cat` of a program's source, or
   * `ps -e`, scrolled its head away with nothing to say so. '' when it all
   * shows or there is no command yet (the greeting); "1000+" past what is
   * counted (strace's flood: each frame counts no more than that).
   */
  private hiddenOfLast(w: number, body: number): string {
    let count = 0;
    const at = (i: number): OutLine => (i === this.lines.length ? this.partial! : this.lines[i]);
    for (let i = this.lines.length - (this.partial ? 0 : 1); i >= 0; i--) {
      const l = at(i);
      count += consoleRows(l.text, l.style, w).length;
      if (l.style === 'cmd') return count > body ? String(count - body) : '';
      if (count - body >= MAX_COUNTED) return `${MAX_COUNTED}+`;
    }
    return '';
  }

  /** The prompt line, scrolled so the cursor shows; the cursor in inverse when focused. */
  private promptRow(w: number): string {
    const ed = this.editor;
    if (!this.focused && !ed.text) {
      return `{${COLOURS.accent}-fg}${esc(PROMPT)}{/${COLOURS.accent}-fg}{${COLOURS.dim}-fg}${esc(fit('(press : to type a command)', Math.max(0, w - PROMPT.length)))}{/${COLOURS.dim}-fg}`;
    }
    const room = Math.max(1, w - PROMPT.length - 1);
    const start = Math.max(0, ed.cursor - room + 1);
    const text = ed.text.slice(start, start + room);
    const c = ed.cursor - start;
    const before = esc(text.slice(0, c));
    const at = text[c] ?? ' ';
    const after = esc(text.slice(c + 1));
    const cursor = this.focused ? `{inverse}${esc(at)}{/inverse}` : esc(at);
    return `{${COLOURS.accent}-fg}{bold}${esc(PROMPT)}{/bold}{/${COLOURS.accent}-fg}${before}${cursor}${after}`;
  }

  override key(ch: string | undefined, key: Key): boolean {
    const ed = this.editor;
    const name = key.name;
    const full = key.full;
    switch (full) {
      case 'enter': {
        const line = ed.submit();
        this.submit(line);
        return true;
      }
      case 'backspace':
      case 'C-h':
        ed.backspace();
        return true;
      case 'delete':
      case 'C-d':
        ed.del();
        return true;
      case 'left':
      case 'C-b':
        ed.left();
        return true;
      case 'right':
      case 'C-f':
        ed.right();
        return true;
      case 'home':
      case 'C-a':
        ed.home();
        if (name === 'home' && !ed.text) this.toLastStart();
        return true;
      case 'end':
      case 'C-e':
        ed.end();
        this.back = 0;
        return true;
      case 'C-u':
        ed.killToStart();
        return true;
      case 'C-k':
        ed.killToEnd();
        return true;
      case 'C-w':
        ed.killWord();
        return true;
      case 'C-c':
        // bash: ^C drops a half-typed line and gives a new prompt. On an
        // empty line it is not the console's: the screen asks to leave.
        if (!ed.text) return false;
        this.print(PROMPT + ed.cancel() + '^C\n', 'cmd');
        return true;
      case 'C-l':
        this.lines.length = 0;
        this.partial = null;
        return true;
      case 'up':
      case 'C-p':
        ed.up();
        return true;
      case 'down':
      case 'C-n':
        ed.down();
        return true;
      case 'pageup':
        this.back += Math.max(1, this.innerHeight - 2);
        return true;
      case 'pagedown':
        this.back = Math.max(0, this.back - Math.max(1, this.innerHeight - 2));
        return true;
      case 'tab': {
        const r = ed.complete((line) => this.ctx.game.con.complete(line));
        if (r.list.length) {
          this.print(PROMPT + ed.text + '\n', 'cmd');
          this.print(columns(r.list, this.innerWidth) + '\n', 'note');
        }
        return true;
      }
      default:
        break;
    }
    if (ch && !key.ctrl && !key.meta && ch >= ' ' && ch !== '\x7f' && [...ch].length === 1) {
      ed.insert(ch);
      return true;
    }
    return false;
  }

  override wheel(dir: number): void {
    this.back = Math.max(0, this.back - dir * 2);
  }

  override keyHints(): string {
    return 'Enter run  Tab complete  ↑↓ history  PgUp/PgDn scroll  Esc leave';
  }
}

/** Words in columns, as bash lists completions. */
export function columns(words: readonly string[], width: number): string {
  const colW = Math.max(...words.map((x) => x.length)) + 2;
  const per = Math.max(1, Math.floor(width / colW));
  const rows = Math.ceil(words.length / per);
  const out: string[] = [];
  for (let r = 0; r < rows; r++) {
    let line = '';
    for (let c = 0; c < per; c++) {
      const w = words[c * rows + r];
      if (w !== undefined) line += w.padEnd(colW);
    }
    out.push(line.trimEnd());
  }
  return out.join('\n');
}
