// A modal box centred over a screen: the help, "leave the level?", the
// level's result. It sizes itself to its text (within the terminal),
// scrolls when the text is longer, and is drawn above everything else.

import blessed from 'blessed';
import { COLOURS } from './theme';

/** What an overlay shows. */
export interface OverlayOptions {
  title: string; // in the top border
  lines: string[] | ((width: number) => string[]); // tagged lines, or lines for an inner width
  width?: number; // wanted width (border included); default: fits the text
  footer?: string; // a tagged line kept at the bottom (the keys)
  colour?: string; // border colour
}

export class Overlay {
  readonly box: blessed.Widgets.BoxElement; // the bordered box
  private top = 0; // first line shown
  private lines: string[] = []; // the lines at the current width
  private cols = 80; // terminal size at the last layout
  private rows = 24;

  constructor(
    screen: blessed.Widgets.Screen,
    parent: blessed.Widgets.Node,
    private opts: OverlayOptions,
  ) {
    this.box = blessed.box({
      parent,
      screen,
      tags: true,
      wrap: false,
      border: { type: 'line' },
      style: { border: { fg: opts.colour ?? COLOURS.focus } },
      label: ` {bold}${opts.title}{/bold} `,
    } as blessed.Widgets.BoxOptions);
    this.box.setFront();
  }

  /** Replace the text (e.g. a result that changed). */
  update(opts: Partial<OverlayOptions>): void {
    this.opts = { ...this.opts, ...opts };
    if (opts.title) this.box.setLabel(` {bold}${opts.title}{/bold} `);
    this.layout(this.cols, this.rows);
  }

  /** Centre in a cols x rows terminal and draw the visible lines. */
  layout(cols: number, rows: number): void {
    this.cols = cols;
    this.rows = rows;
    const plain = (s: string): number => s.replace(/\{[^{}]*\}/g, '').length;
    const given = this.opts.lines;
    const fixed = typeof given === 'function' ? null : given;
    const textW = fixed ? Math.max(plain(this.opts.title) + 4, ...fixed.map(plain), this.opts.footer ? plain(this.opts.footer) : 0) : (this.opts.width ?? cols);
    const width = Math.max(20, Math.min(cols - 2, this.opts.width ?? textW + 4));
    this.lines = fixed ?? (given as (w: number) => string[])(width - 4);
    const footer = this.opts.footer ? 2 : 0;
    const height = Math.max(5, Math.min(rows - 2, this.lines.length + footer + 2));
    this.box.width = width;
    this.box.height = height;
    this.box.left = Math.max(0, Math.floor((cols - width) / 2));
    this.box.top = Math.max(0, Math.floor((rows - height) / 2));
    const body = height - 2 - footer;
    this.top = Math.max(0, Math.min(this.top, this.lines.length - body));
    const shown = this.lines.slice(this.top, this.top + body).map((l) => ' ' + l);
    if (this.opts.footer) {
      while (shown.length < body) shown.push('');
      const more = this.lines.length > body ? `{${COLOURS.dim}-fg}(${this.top + 1}-${Math.min(this.lines.length, this.top + body)} of ${this.lines.length}){/${COLOURS.dim}-fg}  ` : '';
      shown.push('', ' ' + more + this.opts.footer);
    }
    this.box.setContent(shown.join('\n'));
  }

  /** Scroll keys; true if used. */
  scrollKey(name: string | undefined): boolean {
    const body = Math.max(1, (this.box.height as number) - 2 - (this.opts.footer ? 2 : 0));
    const before = this.top;
    switch (name) {
      case 'up':
        this.top--;
        break;
      case 'down':
        this.top++;
        break;
      case 'pageup':
        this.top -= body - 1;
        break;
      case 'pagedown':
      case 'space':
        this.top += body - 1;
        break;
      case 'home':
        this.top = 0;
        break;
      case 'end':
        this.top = this.lines.length;
        break;
      default:
        return false;
    }
    this.top = Math.max(0, Math.min(this.top, Math.max(0, this.lines.length - body)));
    if (before !== this.top) this.layout(this.cols, this.rows);
    return true;
  }

  destroy(): void {
    this.box.destroy();
  }
}
