// What every pane of the game screen shares: a bordered box placed by the
// layout, a title that turns inverse and cyan when the pane has the focus
// (inverse survives NO_COLOR), and a scroll position. A pane draws from
// state in draw(), writing only the rows that fit (a box of visible rows
// costs well under a millisecond; a List of thousands costs ~25 ms).

import blessed from 'blessed';
import { COLOURS } from '../theme';
import type { PaneId, Rect } from '../layout';

/** A key as blessed reports it. */
export interface Key {
  name?: string; // 'up', 'enter', 'a', ...
  full: string; // 'C-c', 'S-tab', 'a'
  ctrl?: boolean;
  shift?: boolean;
  meta?: boolean;
  sequence?: string; // the bytes received
}

/**
 * The key a view should act on, or null for one to ignore. blessed reports
 * a CR twice, as 'enter' then as 'return': only 'enter' counts. A bare LF
 * ('linefeed', some terminals' Enter) counts as 'enter' too.
 */
export function normalizeKey(key: Key): Key | null {
  if (key.name === 'return') return null;
  if (key.name === 'linefeed') return { ...key, name: 'enter', full: key.full.replace('linefeed', 'enter') };
  return key;
}

/** What a pane needs from the screen around it. */
export interface PaneHost {
  screen: blessed.Widgets.Screen; // the screen it lives on
  parent: blessed.Widgets.Node; // the container it is placed in
  unicode: boolean; // UTF-8 glyphs allowed
}

export abstract class Pane {
  readonly box: blessed.Widgets.BoxElement; // the bordered box
  focused = false; // has the keyboard
  rect: Rect | null = null; // where the layout put it (null: hidden)
  protected title: string; // the title without decoration

  constructor(
    readonly id: PaneId, // which pane this is
    title: string,
    protected readonly host: PaneHost,
  ) {
    this.title = title;
    this.box = blessed.box({
      parent: host.parent,
      screen: host.screen,
      hidden: true,
      tags: true,
      wrap: false,
      border: { type: 'line' },
      style: { border: { fg: COLOURS.border } },
    } as blessed.Widgets.BoxOptions);
    this.updateLabel();
  }

  /** Rows inside the border. */
  get innerHeight(): number {
    return this.rect ? Math.max(0, this.rect.height - 2) : 0;
  }

  /** Columns inside the border. */
  get innerWidth(): number {
    return this.rect ? Math.max(0, this.rect.width - 2) : 0;
  }

  /** Place the pane (or hide it with null). */
  place(rect: Rect | null): void {
    this.rect = rect;
    if (!rect) {
      this.box.hide();
      return;
    }
    this.box.left = rect.left;
    this.box.top = rect.top;
    this.box.width = rect.width;
    this.box.height = rect.height;
    this.updateLabel();
    this.box.show();
  }

  /** Give or take the keyboard. */
  setFocus(on: boolean): void {
    if (this.focused === on) return;
    this.focused = on;
    (this.box.style as { border: { fg: string } }).border.fg = on ? COLOURS.focus : COLOURS.border;
    this.updateLabel();
  }

  /** Change the title (e.g. "Memory map · 305 zp"). */
  setTitle(title: string): void {
    if (title === this.title) return;
    this.title = title;
    this.updateLabel();
  }

  private updateLabel(): void {
    // A label wider than the border would spill into the box: cut it.
    const room = this.rect ? Math.max(4, this.rect.width - 6) : 200;
    let t = this.title.replace(/[{}]/g, '');
    if (t.length > room) t = t.slice(0, room - 1) + (this.host.unicode ? '…' : '~');
    this.box.setLabel(this.focused ? `{inverse}{bold} ${t} {/bold}{/inverse}` : ` {bold}${t}{/bold} `);
  }

  /** Fill the box from state: only the rows that fit. */
  abstract draw(): void;

  /** Handle a key while focused; true if used. */
  key(_ch: string | undefined, _key: Key): boolean {
    return false;
  }

  /** A mouse click at screen cell (x, y) inside the pane; true if used. */
  click(_x: number, _y: number): boolean {
    return false;
  }

  /** Mouse wheel over the pane: +1 down, -1 up. */
  wheel(_dir: number): void {}

  /** Keys this pane adds to the key bar while focused, e.g. "↑↓ move". */
  keyHints(): string {
    return '↑↓ scroll';
  }

  /** Set the box's rows (already fitted to innerWidth, tags allowed). */
  protected setRows(rows: string[]): void {
    const text = rows.join('\n');
    // Unchanged rows are not set again: setContent clears the box's region
    // and costs most of a frame when nothing moved (a keystroke, a paused tick).
    if ((this.box as { content?: string }).content === text) return;
    this.box.setContent(text);
  }
}

/**
 * A scroll position over `count` rows shown `height` at a time, with a
 * cursor row (for panes where one row can be chosen).
 */
export class Scroller {
  top = 0; // first row shown
  cursor = 0; // the chosen row

  /** Keep the cursor in range and on screen. */
  clamp(count: number, height: number): void {
    this.cursor = Math.max(0, Math.min(this.cursor, count - 1));
    if (this.cursor < this.top) this.top = this.cursor;
    if (height > 0 && this.cursor >= this.top + height) this.top = this.cursor - height + 1;
    this.top = Math.max(0, Math.min(this.top, Math.max(0, count - height)));
  }

  /** Keep the view in range without a cursor. */
  clampView(count: number, height: number): void {
    this.top = Math.max(0, Math.min(this.top, Math.max(0, count - height)));
  }

  /**
   * Apply a movement key to the cursor (or to the view when `view`):
   * up/down, pageup/pagedown, home/end. Returns true if it was one.
   */
  move(name: string | undefined, count: number, height: number, view = false): boolean {
    const page = Math.max(1, height - 1);
    let d: number;
    switch (name) {
      case 'up':
        d = -1;
        break;
      case 'down':
        d = 1;
        break;
      case 'pageup':
        d = -page;
        break;
      case 'pagedown':
        d = page;
        break;
      case 'home':
        d = -Infinity;
        break;
      case 'end':
        d = Infinity;
        break;
      default:
        return false;
    }
    if (view) {
      this.top = Math.max(0, Math.min(Number.isFinite(d) ? this.top + d : d < 0 ? 0 : count, Math.max(0, count - height)));
    } else {
      this.cursor = Math.max(0, Math.min(count - 1, Number.isFinite(d) ? this.cursor + d : d < 0 ? 0 : count - 1));
      this.clamp(count, height);
    }
    return true;
  }
}
