// kernlab's blessed screens: one per terminal, several per process.
//
// THE RULE for everyone building on this: a process may hold several
// screens at once (the classroom server gives each ssh student their own),
// and blessed attaches any element created without an explicit screen to
// the *first* screen ever made (Screen.global). So every element must be
// given its `parent` (and, for elements created before being appended, its
// `screen`) explicitly:
//
//     const box = blessed.box({ parent: screen, screen, top: 0, ... });
//     const item = blessed.text({ parent: box, screen, ... });
//
// Never a widget without `screen`: it lands on the wrong screen, and blessed
// throws "Cannot switch a node's screen" when it is appended or crashes on
// the next tick.
//
// blessed-contrib widgets are the exception to passing `parent`: they set
// up their drawing surface in an 'attach' handler registered *after* the
// constructor has already attached a node given a `parent`, so they would
// never draw (setData throws "canvas context does not exist"). Give them
// `screen` only, then append:
//
//     const cpu = contribLine({ screen, top: 0, ... });
//     parentBox.append(cpu);
//
// Import contrib widgets one by one (`blessed-contrib/lib/widget/donut.js`):
// the package index loads every widget and costs ~100 ms at startup.
//
// Other facts for screen authors:
// - Positions of children are relative to the inside of the parent's border
//   and padding (autoPadding is on, explicitly).
// - Every screen speaks xterm-256color with blessed's own terminfo, whatever
//   $TERM says; fullUnicode is off (wide characters are not laid out).
// - Under NO_COLOR every fg/bg colour is dropped when drawing; bold,
//   underline and inverse stay. Mark the selection or focus with `inverse`
//   or `bold`, not with a background colour alone, or it vanishes there.
// - Rendering is buffered: screen.render() queues escape sequences and
//   blessed writes them on the next setImmediate (or program.flush()).
import './quiet';
import blessed from 'blessed';
import { createProgram, type ProgramInternals } from './program';
import { wantsNoColor } from './terminal-env';
import type { TerminalEnv, TtyInput, TtyOutput } from './tty';

/** Options of createScreen. */
export interface CreateScreenOptions {
  input: TtyInput; // keyboard bytes (process.stdin, an ssh channel, a fake)
  output: TtyOutput; // the terminal (process.stdout, an ssh channel, a fake)
  title?: string; // window title (OSC 0), set after the first flush
  noColor?: boolean; // strip colours; default: env.NO_COLOR set and non-empty
  env?: TerminalEnv; // the terminal owner's environment; default process.env
  unicode?: boolean; // UTF-8 output; default: from env's LANG/LC_ALL/LC_CTYPE
}

// Listeners present on an input stream before the first blessed Program
// used it, so that the last screen on it can remove exactly what blessed
// added (blessed's keypress decoder leaves its 'data' listener behind).
interface InputSnapshot {
  data: readonly unknown[]; // 'data' listeners before blessed
  keypress: readonly unknown[]; // 'keypress' listeners before blessed
  newListener: readonly unknown[]; // 'newListener' listeners before blessed
}

// The untyped fields blessed hangs on an input stream it listens to.
interface BlessedInputFields {
  _blessedInput?: number; // how many blessed Programs listen to it
  _keypressDecoder?: unknown; // set once by blessed's emitKeypressEvents
}

// Per input stream: what was there before blessed (see InputSnapshot).
const inputSnapshots = new WeakMap<TtyInput, InputSnapshot>();

// Screen code attribute layout (blessed): flags << 18 | fg << 9 | bg, with
// 0x1ff meaning "default colour" for fg and bg.
const DEFAULT_COLOURS = (0x1ff << 9) | 0x1ff;

/**
 * Open a full-screen blessed screen on a terminal: alternate buffer, hidden
 * cursor, keypad mode. Always xterm-256color with blessed's own terminfo,
 * smartCSR, fullUnicode off, autoPadding on, blessed's warning pop-ups off,
 * `tmux -V` never run. The caller owns the result and must close it with
 * destroyScreen(). See the rule at the top of this file about `parent`.
 */
export function createScreen(opts: CreateScreenOptions): blessed.Widgets.Screen {
  const env = opts.env ?? process.env;
  const input = opts.input;
  const fields = input as unknown as BlessedInputFields;
  if (!fields._blessedInput && !inputSnapshots.has(input)) {
    inputSnapshots.set(input, {
      data: input.listeners('data'),
      keypress: input.listeners('keypress'),
      newListener: input.listeners('newListener'),
    });
  }
  const program = createProgram({ input, output: opts.output, env, unicode: opts.unicode });
  const screen = blessed.screen({
    program,
    terminal: 'xterm-256color',
    smartCSR: true,
    fullUnicode: false,
    autoPadding: true,
    warnings: false,
  } as blessed.Widgets.IScreenOptions);

  if (opts.noColor ?? wantsNoColor(env)) stripColours(screen);

  // Write the enter sequences (alternate buffer, ...) now: the title must
  // follow them, and inside tmux blessed holds the title back until the
  // output has been written to at least once.
  (program as unknown as ProgramInternals).flush();
  if (opts.title !== undefined) screen.title = opts.title;
  return screen;
}

// The parts of blessed's Screen that stripColours wraps.
interface ScreenDrawing {
  lines: Array<Array<[number, string]> & { dirty?: boolean }>; // cells to draw: [attr, ch]
  draw(start: number, end: number): void; // write changed rows start..end
  codeAttr(code: number): string; // attr -> SGR (screenshot() uses it)
}

/**
 * Draw without colours: every attribute keeps its flags (bold, underline,
 * blink, inverse, invisible) and loses its fg/bg. blessed builds most SGR
 * sequences inline in Screen#draw, so the attributes of the rows about to be
 * drawn are masked first. Applies to this screen only (other screens in the
 * process keep their colours).
 */
function stripColours(screen: blessed.Widgets.Screen): void {
  const s = screen as unknown as ScreenDrawing;
  const draw = s.draw;
  const codeAttr = s.codeAttr;
  s.draw = function drawWithoutColours(this: ScreenDrawing, start: number, end: number): void {
    for (let y = start; y <= end; y++) {
      const line = this.lines[y];
      if (line === undefined || !line.dirty) continue;
      for (const cell of line) cell[0] |= DEFAULT_COLOURS;
    }
    draw.call(this, start, end);
  };
  s.codeAttr = (code: number): string => codeAttr.call(s, code | DEFAULT_COLOURS);
}

/**
 * Close a screen and give the terminal back as it was: leave the alternate
 * buffer, show the cursor, keypad and scroll region reset, mouse modes off,
 * raw mode off and input paused when no other screen reads that input, and
 * every listener blessed put on the input and output streams removed.
 * Idempotent. The streams themselves are not closed.
 */
export function destroyScreen(screen: blessed.Widgets.Screen): void {
  const program = screen.program as unknown as ProgramInternals;
  if (program.destroyed) return;
  screen.destroy();
  releaseInput(program.input);
}

/** Remove what blessed added to `input` once no blessed Program uses it. */
function releaseInput(input: TtyInput): void {
  const fields = input as unknown as BlessedInputFields;
  if (fields._blessedInput) return;
  const before = inputSnapshots.get(input);
  if (before === undefined) return;
  for (const event of ['data', 'keypress', 'newListener'] as const) {
    for (const listener of input.listeners(event)) {
      if (!before[event].includes(listener)) {
        input.removeListener(event, listener as (...args: unknown[]) => void);
      }
    }
  }
  delete fields._blessedInput;
  delete fields._keypressDecoder;
  inputSnapshots.delete(input);
}
