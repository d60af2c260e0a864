// The level menu: every level in play order with its stars and best score,
// locked ones marked (a level opens once the one before it is solved), and
// the chosen level's topic, difficulty and briefing beside the list.

import blessed from 'blessed';
import type { Level } from '../game/level-load';
import { MIN_COLS, MIN_ROWS } from './layout';
import type { Key } from './panes/pane';
import { Scroller } from './panes/pane';
import { esc, fit, reflow, rpad, wrapText } from './text';
import { COLOURS, glyphsFor, starString, type Glyphs } from './theme';
import type { View } from './view';
import { plural } from '../game/plural';

/** One level as the menu lists it. */
export interface MenuEntry {
  level: Level; // the level
  unlocked: boolean; // playable now
  best: number; // best score (0 if never solved)
  stars: number; // best stars
  solved: number; // times solved
  played: number; // times played to the end
}

/** What the menu needs. */
export interface MenuOptions {
  screen: blessed.Widgets.Screen; // where to draw
  unicode: boolean; // UTF-8 glyphs
  entries: MenuEntry[]; // levels in play order
  selected?: number; // entry chosen at first
  message?: string; // a line to show (a warning, "level locked", ...)
  onPlay(index: number): void; // Enter on an unlocked level
  onQuit(): void; // q or Ctrl-C
}

export class MenuScreen implements View {
  private readonly root: blessed.Widgets.BoxElement; // holds everything
  private readonly head: blessed.Widgets.BoxElement; // title line
  private readonly list: blessed.Widgets.BoxElement; // the levels
  private readonly info: blessed.Widgets.BoxElement; // the chosen level
  private readonly keys: blessed.Widgets.BoxElement; // key bar
  private readonly notice: blessed.Widgets.BoxElement; // "terminal too small"
  private readonly scroll = new Scroller(); // list position
  private readonly g: Glyphs; // glyph set
  private message: string; // the line under the list
  private destroyed = false; // destroy() ran

  constructor(private readonly opts: MenuOptions) {
    const { screen } = opts;
    this.g = glyphsFor(opts.unicode);
    this.message = opts.message ?? '';
    this.scroll.cursor = opts.selected ?? Math.max(0, firstUnsolved(opts.entries));
    this.root = blessed.box({ parent: screen, screen, top: 0, left: 0, width: '100%', height: '100%' });
    this.head = blessed.box({ parent: this.root, screen, top: 0, left: 0, height: 1, tags: true, wrap: false });
    const boxed = (label: string): blessed.Widgets.BoxElement =>
      blessed.box({
        parent: this.root,
        screen,
        tags: true,
        wrap: false,
        border: { type: 'line' },
        label: ` {bold}${label}{/bold} `,
        style: { border: { fg: COLOURS.focus } },
      } as blessed.Widgets.BoxOptions);
    this.list = boxed('Levels');
    this.info = boxed('Level');
    (this.info.style as { border: { fg: string } }).border.fg = COLOURS.border;
    this.keys = blessed.box({ parent: this.root, screen, left: 0, height: 1, tags: true, wrap: false });
    this.notice = blessed.box({ parent: this.root, screen, top: 0, left: 0, width: '100%', height: '100%', tags: true, hidden: true });
    const box = this.list as blessed.Widgets.BoxElement & { options: { autoFocus?: boolean } };
    box.options.autoFocus = false;
    this.list.on('click', (data: { y: number }) => {
      const i = this.scroll.top + (data.y - (this.list.atop as number) - 1);
      if (i < 0 || i >= opts.entries.length) return;
      if (i === this.scroll.cursor) this.play();
      else this.scroll.cursor = i;
      this.draw();
    });
    this.resize();
  }

  /** The entry under the cursor. */
  get cursor(): number {
    return this.scroll.cursor;
  }

  resize(): void {
    if (this.destroyed) return;
    const cols = this.opts.screen.width as number;
    const rows = this.opts.screen.height as number;
    const small = cols < MIN_COLS || rows < MIN_ROWS;
    for (const b of [this.head, this.list, this.info, this.keys]) {
      if (small) b.hide();
      else b.show();
    }
    if (small) {
      this.notice.show();
      this.notice.setContent(`\n {bold}Terminal too small{/bold}: ${cols}x${rows}.\n kernlab needs at least ${MIN_COLS}x${MIN_ROWS}. Enlarge the window (q quits).`);
    } else {
      this.notice.hide();
      const lw = Math.max(40, Math.min(56, Math.round(cols * 0.45)));
      this.head.width = cols;
      this.list.top = 1;
      this.list.left = 0;
      this.list.width = lw;
      this.list.height = rows - 2;
      this.info.top = 1;
      this.info.left = lw;
      this.info.width = cols - lw;
      this.info.height = rows - 2;
      this.keys.top = rows - 1;
      this.keys.width = cols;
    }
    this.draw();
  }

  private draw(): void {
    if (this.destroyed || !this.notice.hidden) {
      this.opts.screen.render();
      return;
    }
    const entries = this.opts.entries;
    const solved = entries.filter((e) => e.solved > 0).length;
    const stars = entries.reduce((n, e) => n + e.stars, 0);
    this.head.setContent(
      ` {bold}kernlab{/bold} · play against a simulated Linux kernel{|}${entries.length ? `${solved}/${entries.length} solved · ${stars} ${this.g.star} ` : ''}`,
    );
    const w = (this.list.width as number) - 2;
    const h = (this.list.height as number) - 2 - this.messageRows();
    this.scroll.clamp(entries.length, h);
    const rows: string[] = [];
    if (!entries.length) rows.push(esc('No levels found.'), '', ...wrapText('Play a level file with: kernlab play FILE.yaml', w).map(esc));
    const numW = String(entries.length).length;
    for (let i = this.scroll.top; i < Math.min(entries.length, this.scroll.top + h); i++) {
      const e = entries[i];
      const mark = e.unlocked ? starString(this.g, e.stars) : `${this.g.lock}  `;
      const score = e.solved ? String(e.best) : e.unlocked ? '-' : 'locked';
      const text = ` ${rpad(String(i + 1), numW)} ${mark} ${fit(e.level.spec.title, Math.max(4, w - numW - 15), this.g.ellipsis)} ${rpad(score, 6)} `;
      if (i === this.scroll.cursor) rows.push(`{inverse}${esc(fit(text, w))}{/inverse}`);
      else if (!e.unlocked) rows.push(`{${COLOURS.dim}-fg}${esc(text)}{/${COLOURS.dim}-fg}`);
      else rows.push(e.stars ? `{${COLOURS.good}-fg}${esc(text.slice(0, numW + 5))}{/${COLOURS.good}-fg}${esc(text.slice(numW + 5))}` : esc(text));
    }
    if (this.message) {
      while (rows.length < h) rows.push('');
      // Wrapped whole: cut to the 38 columns of 80x24 it read 'Locked: solve "The frozen parent" fir…'.
      rows.push('', ...wrapText(this.message, w).map((l) => `{${COLOURS.warn}-fg}${esc(l)}{/${COLOURS.warn}-fg}`));
    }
    this.list.setContent(rows.join('\n'));
    // More levels than rows (21 at 80x24): the label says which are shown, or the last ones are never suspected.
    const last = Math.min(entries.length, this.scroll.top + h);
    this.list.setLabel(entries.length > h ? ` {bold}Levels{/bold} ${this.scroll.top + 1}-${last} of ${entries.length} ` : ' {bold}Levels{/bold} ');
    this.drawInfo();
    const pairs: Array<[string, string]> = [
      ['↑↓', 'choose'],
      ['Enter', 'play'],
      ['q', 'quit'],
    ];
    this.keys.setContent(pairs.map(([k, v]) => ` {${COLOURS.accent}-fg}{bold}${k}{/bold}{/${COLOURS.accent}-fg} ${v} `).join(''));
    this.opts.screen.render();
  }

  private drawInfo(): void {
    const e = this.opts.entries[this.scroll.cursor];
    const w = (this.info.width as number) - 4;
    if (!e) {
      this.info.setContent('');
      return;
    }
    const s = e.level.spec;
    const lines: string[] = [];
    lines.push(`{bold}${esc(s.title)}{/bold}`);
    // Wrapped, not cut: at 80x24 the box is 38 wide ("munmap and memory pressure · difficul").
    const topic = `${s.topic} · difficulty ${'●'.repeat(s.difficulty)}${'○'.repeat(5 - s.difficulty)}`.replace(/[●○]/g, (c) => (this.opts.unicode ? c : c === '●' ? '#' : '.'));
    for (const l of wrapText(topic, w)) lines.push(`{${COLOURS.dim}-fg}${esc(l)}{/${COLOURS.dim}-fg}`);
    if (e.solved) for (const l of wrapText(`Best ${e.best} points ${starString(this.g, e.stars)} · solved ${e.solved} of ${e.played} plays`, w)) lines.push(`{${COLOURS.good}-fg}${esc(l)}{/${COLOURS.good}-fg}`);
    else if (e.played) lines.push(`Played ${plural(e.played, 'time')}, not solved yet`);
    lines.push('');
    const tail: string[] = [''];
    for (const l of wrapText(`Goal: ${s.goal_text}`, w)) tail.push(`{bold}${esc(l)}{/bold}`);
    tail.push('');
    if (!e.unlocked) {
      const prev = this.opts.entries[this.scroll.cursor - 1];
      for (const l of wrapText(`Locked: solve "${prev?.level.spec.title ?? 'the level before'}" first.`, w)) tail.push(`{${COLOURS.warn}-fg}${esc(l)}{/${COLOURS.warn}-fg}`);
    } else tail.push(`{${COLOURS.accent}-fg}Press Enter to play.{/${COLOURS.accent}-fg}`);
    // The briefing gets the rows left between the heading and the goal; when
    // it is longer (80x24) it is cut at a line with a note, so that the goal
    // and the way in stay in view (it was cut mid-sentence, goal and all).
    const h = (this.info.height as number) - 2;
    const brief = wrapText(reflow(s.briefing), w).map(esc);
    const room = h - lines.length - tail.length;
    if (brief.length > room && room >= 2) {
      const note = e.unlocked ? `${this.g.ellipsis} (Enter shows it all)` : this.g.ellipsis;
      lines.push(...brief.slice(0, room - 1), `{${COLOURS.dim}-fg}${esc(note)}{/${COLOURS.dim}-fg}`);
    } else lines.push(...brief);
    lines.push(...tail);
    this.info.setContent(lines.slice(0, h).map((l) => ' ' + l).join('\n'));
    this.info.setLabel(` {bold}Level ${this.scroll.cursor + 1}{/bold} `);
  }

  private play(): void {
    const e = this.opts.entries[this.scroll.cursor];
    if (!e) return;
    if (!e.unlocked) {
      const prev = this.opts.entries[this.scroll.cursor - 1];
      this.message = `Locked: solve "${prev?.level.spec.title ?? 'the level before'}" first.`;
      this.draw();
      return;
    }
    this.opts.onPlay(this.scroll.cursor);
  }

  key(_ch: string | undefined, key: Key): void {
    if (this.destroyed) return;
    const full = key.full;
    if (full === 'q' || full === 'C-c') return this.opts.onQuit();
    if (!this.notice.hidden) return;
    if (full === 'escape') {
      // Esc is "back" on every other page; from the menu there is nowhere to go back to. It quit kernlab.
      this.message = 'This is the first page: q quits kernlab.';
      return this.draw();
    }
    if (full === 'enter' || full === 'space' || full === 'right') return this.play();
    if (this.scroll.move(key.name, this.opts.entries.length, (this.list.height as number) - 2 - this.messageRows())) {
      this.message = '';
      this.draw();
    }
  }

  /** Rows the list gives up to the message under it (a blank row, then the message wrapped). */
  private messageRows(): number {
    return this.message ? 1 + wrapText(this.message, (this.list.width as number) - 2).length : 0;
  }

  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    this.root.destroy();
  }
}

/** The first level not solved yet (where a returning player goes on). */
function firstUnsolved(entries: MenuEntry[]): number {
  const i = entries.findIndex((e) => e.unlocked && e.solved === 0);
  return i >= 0 ? i : 0;
}
