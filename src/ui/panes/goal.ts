// The goal pane: what the level asks, each clause of the goal ticked off
// as it holds, the hints shown so far (the newest in full), and the score
// so far against par (ticks and actions).

import type { GameContext } from '../game-context';
import { esc, fit, wrapText } from '../text';
import { COLOURS } from '../theme';
import { Pane, Scroller, type Key, type PaneHost } from './pane';
import { plural } from '../../game/plural';

export class GoalPane extends Pane {
  private readonly scroll = new Scroller(); // view
  private count = 0; // rows at the last draw

  constructor(
    host: PaneHost,
    private readonly ctx: GameContext,
  ) {
    super('goal', 'Goal', host);
  }

  override draw(): void {
    if (this.ctx.game.level.lab) return this.drawLab();
    const game = this.ctx.game;
    const spec = game.level.spec;
    const w = this.innerWidth;
    const g = this.ctx.glyphs;
    const goalText = wrapText(spec.goal_text, w).map((l) => `{bold}${esc(l)}{/bold}`);
    const h = this.innerHeight;
    const list = game.checklist();
    const hints = game.shownHints();
    const total = spec.hints.length;
    // The newest hint, wrapped whole: the player asked (and paid) for it.
    const hintRows = hints.length ? wrapText(`Hint ${hints.length}/${total}: ${hints[hints.length - 1]}`, w) : [];
    // The hint offer and the par line, each as a sentence that wraps when
    // the pane has the rows for it, else as the longest short form that fits
    // one row whole (a row cut mid-word read "(each cost" and "· no").
    const cost = game.hintsFree ? 'free: solved before' : 'each costs points';
    const par = spec.par;
    const notes: string[][] = [
      ...(hints.length ? [] : [[`${plural(total, 'hint')}: type hint (${cost})`, `${plural(total, 'hint')}: type hint`, `${plural(total, 'hint')} (h)`]]),
      [
        `Par ${par.ticks} ticks, ${plural(par.commands, 'action')} · now ${game.ticks} ticks, ${plural(game.actions, 'action')}`,
        `Ticks ${game.ticks}/${par.ticks} · actions ${game.actions}/${par.commands}`,
        `Par ${par.ticks} ticks, ${plural(par.commands, 'action')}`,
        `Par ${par.ticks}t ${par.commands}a`,
      ],
    ];
    const wrappedNotes = notes.flatMap((n) => wrapText(n[0], w));
    const shortNotes = notes.map((n) => n.find((x) => x.length <= w) ?? fit(n[n.length - 1], w));
    // Each clause wrapped. When that does not fit (80x24, or five clauses at
    // 120x40), clauses are cut to one row each (those met first, then the
    // longest), between words and marked with …, until the checklist leaves
    // room for the notes; with more clauses than rows, the last row says how
    // many more there are. Focused, every clause is whole and the pane
    // scrolls. The checklist comes first: it is what the player plays for.
    const cw = Math.max(1, w - 2);
    const shown = list.map((c) => wrapText(c.text, cw));
    const count = (): number => shown.reduce((n, l) => n + l.length, 0);
    if (!this.focused && count() > h) {
      const budget = Math.max(list.length, h - shortNotes.length - (hints.length ? 1 : 0));
      while (count() > budget) {
        // A clause already met is cut first (the player is done with it), then the longest.
        let k = -1;
        shown.forEach((l, i) => {
          if (l.length < 2) return;
          if (k < 0 || (list[i].done && !list[k].done) || (list[i].done === list[k].done && l.length > shown[k].length)) k = i;
        });
        if (k < 0) break;
        shown[k] = [cutClause(list[k].text, cw, g.ellipsis)];
      }
    }
    const hidden = !this.focused && list.length > h ? list.length - (h - 1) : 0;
    const rows: string[] = [];
    list.slice(0, list.length - hidden).forEach((c, k) => {
      shown[k].forEach((l, i) => {
        const mark = i === 0 ? (c.done ? g.check : g.cross) : ' ';
        const colour = c.done ? COLOURS.good : COLOURS.title;
        rows.push(`{${colour}-fg}${esc(mark)} ${esc(l)}{/${colour}-fg}`);
      });
    });
    if (hidden) {
      const met = list.slice(list.length - hidden).filter((c) => c.done).length;
      const more = [`+${hidden} more (${met} met): Esc 6 shows all`, `+${hidden} more: Esc 6 shows all`, `+${hidden} more (Esc 6)`, `+${hidden}`].find((x) => x.length <= w) ?? '';
      rows.push(`{${COLOURS.dim}-fg}${esc(more)}{/${COLOURS.dim}-fg}`);
    }
    // The fail conditions are not listed: their texts explain a loss after
    // the fact ("It was asleep (S), using no CPU"), and before it they would
    // give the puzzle away. The checklist already says what must survive.
    // The newest hint whole, or, with no room for it, where to read it: a
    // hint cut after its first words told nothing.
    if (hintRows.length && (this.focused || rows.length + hintRows.length <= h)) {
      for (const l of hintRows) rows.push(`{${COLOURS.warn}-fg}${esc(l)}{/${COLOURS.warn}-fg}`);
    } else if (hintRows.length) {
      const where = [`Hint ${hints.length}/${total}: see the console`, `Hint ${hints.length}/${total}: console`].find((x) => x.length <= w) ?? `Hint ${hints.length}/${total}`;
      rows.push(`{${COLOURS.warn}-fg}${esc(fit(where, w))}{/${COLOURS.warn}-fg}`);
    }
    // The notes wrapped, or one row each, or, with one row left, on one row
    // together (the hint offer and the par line both count).
    const left = h - rows.length;
    const oneRow = (): string[] => {
      // The par line's fullest form first (ticks so far count most), with the hint offer's fullest that still fits.
      const parForms = notes[notes.length - 1];
      const offers = notes.length > 1 ? notes[0] : [''];
      for (const p of parForms) for (const o of offers) if ((o ? `${o} · ${p}` : p).length <= w) return [o ? `${o} · ${p}` : p];
      return [fit(parForms[parForms.length - 1], w)];
    };
    const noteRows = this.focused || wrappedNotes.length <= left ? wrappedNotes : shortNotes.length <= left || left < 1 ? shortNotes : oneRow();
    for (const l of noteRows) rows.push(`{${COLOURS.dim}-fg}${esc(l)}{/${COLOURS.dim}-fg}`);
    // A checklist that fills the pane whole (three clauses at 80x24, five
    // at 120x40) leaves the notes no row: the title carries the par line.
    const parInTitle = !this.focused && left < 1;
    // The goal's sentence heads the pane when there is room; when there is
    // not (80x24), the checklist says the same clause by clause, and the
    // sentence is in the console's greeting and the briefing.
    if (rows.length + goalText.length <= h) rows.unshift(...goalText);
    this.count = rows.length;
    this.scroll.clampView(rows.length, h);
    this.setRows(rows.slice(this.scroll.top, this.scroll.top + h));
    const done = game.checklist().filter((c) => c.done).length;
    const head = `Goal · ${done}/${game.checklist().length}`;
    const titles = parInTitle ? [`${head} · ticks ${game.ticks}/${par.ticks} · actions ${game.actions}/${par.commands}`, `${head} · ${game.ticks}/${par.ticks} ticks`] : [];
    this.setTitle(titles.find((t) => t.length <= w - 4) ?? head); // the label room: the width less borders and padding
  }

  /** A lab has no goal to tick off nor par: what it is, the newest tip, the time. */
  private drawLab(): void {
    const game = this.ctx.game;
    const w = this.innerWidth;
    const tips = game.shownHints();
    const total = game.level.spec.hints.length;
    const rows = wrapText(game.level.spec.goal_text, w).map((l) => `{bold}${esc(l)}{/bold}`);
    // The time above the tip: a long tip scrolls, the time stays in view.
    rows.push(`{${COLOURS.dim}-fg}${esc(fit(`${plural(game.ticks, 'tick')} · ${plural(game.commands, 'command')}`, w))}{/${COLOURS.dim}-fg}`);
    const tip = tips.length ? wrapText(`Tip ${tips.length}/${total}: ${tips[tips.length - 1]}`, w) : wrapText(`${plural(total, 'tip')} on what to try: type hint (or h)`, w);
    for (const l of tip) rows.push(`{${tips.length ? COLOURS.warn : COLOURS.dim}-fg}${esc(l)}{/${tips.length ? COLOURS.warn : COLOURS.dim}-fg}`);
    this.count = rows.length;
    this.scroll.clampView(rows.length, this.innerHeight);
    this.setRows(rows.slice(this.scroll.top, this.scroll.top + this.innerHeight));
    this.setTitle('Lab');
  }

  override key(_ch: string | undefined, key: Key): boolean {
    return this.scroll.move(key.name, this.count, this.innerHeight, true);
  }

  override wheel(dir: number): void {
    this.scroll.move(dir > 0 ? 'down' : 'up', this.count, this.innerHeight, true);
  }
}

/** A clause on one row: its first words that fit, then `more` (…). */
function cutClause(text: string, w: number, more: string): string {
  if (text.length <= w) return text;
  if (w <= more.length) return fit(text, w);
  return wrapText(text, w - more.length)[0].replace(/[\s,;:(—-]+$/, '') + more;
}
