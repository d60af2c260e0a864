// A blessed screen rendered into a headless xterm: what a user would see,
// for tests, without a terminal.
//
//   const t = await openHeadlessScreen({ cols: 80, rows: 24 });
//   blessed.box({ parent: t.screen, screen: t.screen, content: 'hi' });
//   await t.render();
//   expect(t.screenText()[0]).toContain('hi');
//   await t.press('tab', 'enter');
//   await t.close();
//
// Every method that changes the screen resolves only once the headless
// terminal has parsed all bytes blessed wrote: blessed's buffered output is
// flushed synchronously, then we wait for xterm's write callback. No timers.
import { Terminal } from '@xterm/headless';
import type blessed from 'blessed';
import { createScreen, destroyScreen } from '../../../src/ui/term/screen';
import type { TerminalEnv } from '../../../src/ui/term/tty';
import { FakeTtyInput, FakeTtyOutput } from './fake-tty';
import { keyBytes } from './keys';

/** Options of openHeadlessScreen. */
export interface HeadlessOptions {
  cols?: number; // width, default 80
  rows?: number; // height, default 24
  env?: TerminalEnv; // the terminal owner's environment (default: DEFAULT_ENV)
  noColor?: boolean; // passed to createScreen
  title?: string; // passed to createScreen
  unicode?: boolean; // passed to createScreen
}

/** A colour as the terminal shows it. */
export type Colour = 'default' | number | `#${string}`; // palette index 0-255 or RGB

/** One character cell of the visible screen. */
export interface Cell {
  char: string; // the character ('' for the right half of a wide one, ' ' when empty)
  fg: Colour; // foreground
  bg: Colour; // background
  bold: boolean; // SGR 1
  underline: boolean; // SGR 4
  inverse: boolean; // SGR 7
}

/**
 * A fixed environment, so that tests do not depend on the developer's or
 * CI's shell (NO_COLOR, TMUX, LANG): UTF-8, not in tmux, colours on.
 */
export const DEFAULT_ENV: TerminalEnv = { TERM: 'xterm-256color', LANG: 'C.UTF-8' };

/** A blessed screen attached to a headless terminal. */
export interface HeadlessScreen {
  screen: blessed.Widgets.Screen; // the screen under test
  term: Terminal; // the headless terminal it draws into
  input: FakeTtyInput; // keyboard side
  output: FakeTtyOutput; // display side (records every byte)
  render(): Promise<void>; // screen.render(), then settle()
  settle(): Promise<void>; // flush blessed's buffer and wait until the terminal parsed it
  screenText(): string[]; // visible rows, trailing blanks trimmed
  text(): string; // screenText() joined with newlines
  cellAt(x: number, y: number): Cell; // one visible cell (0-based column, row)
  press(...keys: string[]): Promise<void>; // send keys by name (see keys.ts), then settle()
  type(text: string): Promise<void>; // type characters one by one, then settle()
  resize(cols: number, rows: number): Promise<void>; // resize window, wait for the redraw
  close(): Promise<void>; // destroyScreen and wait for the restore sequences; term stays readable
}

// Colour of a cell side from xterm's cell API.
function colour(isDefault: boolean, isRgb: boolean, value: number): Colour {
  if (isDefault) return 'default';
  if (isRgb) return `#${value.toString(16).padStart(6, '0')}`;
  return value;
}

/** Open a screen on fresh fake streams and a headless terminal of the given size. */
export async function openHeadlessScreen(opts: HeadlessOptions = {}): Promise<HeadlessScreen> {
  const cols = opts.cols ?? 80;
  const rows = opts.rows ?? 24;
  const term = new Terminal({ cols, rows, allowProposedApi: true, scrollback: 0 });
  const input = new FakeTtyInput();
  const output = new FakeTtyOutput(cols, rows, (data) => term.write(data));
  // A real terminal answers queries (DA, DSR) on its input.
  const replies = term.onData((data) => input.send(data));
  const screen = createScreen({
    input,
    output,
    env: opts.env ?? DEFAULT_ENV,
    noColor: opts.noColor,
    title: opts.title,
    unicode: opts.unicode,
  });
  const program = screen.program as unknown as { flush(): void };
  let closed = false;

  const settle = async (): Promise<void> => {
    if (!closed) program.flush();
    await new Promise<void>((resolve) => term.write('', resolve));
  };

  const screenText = (): string[] => {
    const buf = term.buffer.active;
    const out: string[] = [];
    // A cell blanked by a later frame holds a real ' ' (xterm's own trim
    // keeps it): trim spaces, as a reader of the screen would.
    for (let y = 0; y < term.rows; y++) {
      out.push((buf.getLine(buf.viewportY + y)?.translateToString(false) ?? '').replace(/ +$/, ''));
    }
    return out;
  };

  const h: HeadlessScreen = {
    screen,
    term,
    input,
    output,
    async render() {
      screen.render();
      await settle();
    },
    settle,
    screenText,
    text: () => screenText().join('\n'),
    cellAt(x: number, y: number): Cell {
      const buf = term.buffer.active;
      const cell = buf.getLine(buf.viewportY + y)?.getCell(x);
      if (!cell) throw new Error(`cellAt(${x}, ${y}) is outside the ${term.cols}x${term.rows} screen`);
      return {
        char: cell.getChars() || (cell.getWidth() === 0 ? '' : ' '),
        fg: colour(cell.isFgDefault(), cell.isFgRGB(), cell.getFgColor()),
        bg: colour(cell.isBgDefault(), cell.isBgRGB(), cell.getBgColor()),
        bold: cell.isBold() !== 0,
        underline: cell.isUnderline() !== 0,
        inverse: cell.isInverse() !== 0,
      };
    },
    async press(...keys: string[]) {
      for (const key of keys) {
        input.send(keyBytes(key, { applicationCursor: term.modes.applicationCursorKeysMode }));
      }
      await settle();
    },
    async type(text: string) {
      for (const ch of text) input.send(ch);
      await settle();
    },
    async resize(newCols: number, newRows: number) {
      term.resize(newCols, newRows);
      output.resize(newCols, newRows);
      await settle();
    },
    async close() {
      if (closed) return;
      destroyScreen(screen);
      closed = true;
      await settle();
      // The terminal stays readable (tests check what was restored); it
      // holds no timers or handles, so the garbage collector takes it.
      replies.dispose();
    },
  };
  await settle();
  return h;
}
