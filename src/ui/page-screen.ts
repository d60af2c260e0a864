// A full-screen page of text with a key bar: the briefing before a level
// and the debrief after it. The text scrolls when it does not fit.

import blessed from 'blessed';
import { MIN_COLS, MIN_ROWS } from './layout';
import type { Key } from './panes/pane';
import { esc } from './text';
import { COLOURS } from './theme';
import type { View } from './view';

/** What a page shows and does. */
export interface PageOptions {
  screen: blessed.Widgets.Screen; // where to draw
  head: string; // tagged line above the box
  title: string; // in the box's border
  lines: (width: number) => string[]; // tagged lines for an inner width
  keys: Array<[string, string]>; // key bar: [key, what]
  onKey(full: string): boolean; // a key not used for scrolling; true if used
}

export class PageScreen implements View {
  private readonly root: blessed.Widgets.BoxElement; // holds everything
  private readonly headBox: blessed.Widgets.BoxElement; // line above
  private readonly body: blessed.Widgets.BoxElement; // the text
  private readonly keyBox: blessed.Widgets.BoxElement; // key bar
  private top = 0; // first line shown
  private lines: string[] = []; // at the current width
  private destroyed = false; // destroy() ran

  constructor(private readonly opts: PageOptions) {
    const { screen } = opts;
    this.root = blessed.box({ parent: screen, screen, top: 0, left: 0, width: '100%', height: '100%' });
    this.headBox = blessed.box({ parent: this.root, screen, top: 0, left: 0, height: 1, tags: true, wrap: false });
    this.body = blessed.box({
      parent: this.root,
      screen,
      top: 1,
      left: 0,
      tags: true,
      wrap: false,
      border: { type: 'line' },
      label: ` {bold}${esc(opts.title)}{/bold} `,
      style: { border: { fg: COLOURS.focus } },
    } as blessed.Widgets.BoxOptions);
    this.keyBox = blessed.box({ parent: this.root, screen, left: 0, height: 1, tags: true, wrap: false });
    this.resize();
  }

  resize(): void {
    if (this.destroyed) return;
    const cols = this.opts.screen.width as number;
    const rows = this.opts.screen.height as number;
    this.headBox.width = cols;
    this.body.width = cols;
    this.body.height = Math.max(3, rows - 2);
    this.keyBox.top = rows - 1;
    this.keyBox.width = cols;
    const small = cols < MIN_COLS || rows < MIN_ROWS;
    const inner = Math.max(10, cols - 4);
    this.lines = small ? [`{bold}Terminal too small{/bold}: ${cols}x${rows}; kernlab needs at least ${MIN_COLS}x${MIN_ROWS}.`] : this.opts.lines(inner);
    this.draw();
  }

  private get height(): number {
    return Math.max(1, (this.body.height as number) - 2);
  }

  private draw(): void {
    this.top = Math.max(0, Math.min(this.top, this.lines.length - this.height));
    const more = this.lines.length > this.height ? `{${COLOURS.dim}-fg}↑↓ scroll (${this.top + 1}-${Math.min(this.lines.length, this.top + this.height)} of ${this.lines.length}){/${COLOURS.dim}-fg} ` : '';
    this.headBox.setContent(this.opts.head);
    this.body.setContent(
      this.lines
        .slice(this.top, this.top + this.height)
        .map((l) => ' ' + l)
        .join('\n'),
    );
    this.keyBox.setContent(more + this.opts.keys.map(([k, v]) => ` {${COLOURS.accent}-fg}{bold}${esc(k)}{/bold}{/${COLOURS.accent}-fg} ${esc(v)} `).join(''));
    this.opts.screen.render();
  }

  key(_ch: string | undefined, key: Key): void {
    if (this.destroyed) return;
    if (this.opts.onKey(key.full)) return;
    const page = Math.max(1, this.height - 1);
    const moves: Record<string, number> = { up: -1, down: 1, pageup: -page, pagedown: page, home: -Infinity, end: Infinity };
    const d = moves[key.name ?? ''];
    if (d === undefined) return;
    this.top = Number.isFinite(d) ? this.top + d : d < 0 ? 0 : this.lines.length;
    this.draw();
  }

  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    this.root.destroy();
  }
}
