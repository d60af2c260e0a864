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
    // Each clause wrapped; when that does not fit (80x24), one row each, cut
    // (focus the pane to scroll through them whole). The checklist comes
    // first: it is what the player is playing for; notes that find no room
    // below it are left out.
    const wrapped = list.map((c) => wrapText(c.text, Math.max(1, w - 2)));
    const oneRow = !this.focused && wrapped.reduce((n, l) => n + l.length, 0) > h;
    const rows: string[] = [];
    list.forEach((c, k) => {
      const lines = oneRow ? [fit(c.text, Math.max(1, w - 2))] : wrapped[k];
      lines.forEach((l, i) => {
        const mark = i === 0 ? (c.done ? g.check : g.cross) : ' ';
        const colour = c.done ? COLOURS.good : COLOURS.title;
        rows.push(`{${colour}-fg}${esc(mark)} ${esc(l)}{/${colour}-fg}`);
      });
    });
    // The fail conditions are not listed: their texts explain a loss after
    // the fact ("It was asleep (S), using no CPU"), and before it they would
    // give the puzzle away. The checklist already says what must survive.
    for (const l of hintRows) rows.push(`{${COLOURS.warn}-fg}${esc(l)}{/${COLOURS.warn}-fg}`);
    const noteRows = rows.length + wrappedNotes.length <= h ? wrappedNotes : shortNotes;
    for (const l of noteRows) rows.push(`{${COLOURS.dim}-fg}${esc(l)}{/${COLOURS.dim}-fg}`);
    // The goal's sentence heads the pane when there is room; when there is
    // not (80x24), the checklist says the same clause by clause, and the
    // sentence is in the console's greeting and the briefing.
    if (rows.length + goalText.length <= h) rows.unshift(...goalText);
    this.count = rows.length;
    this.scroll.clampView(rows.length, h);
    this.setRows(rows.slice(this.scroll.top, this.scroll.top + h));
    const done = game.checklist().filter((c) => c.done).length;
    this.setTitle(`Goal · ${done}/${game.checklist().length}`);
  }

  override key(_ch: string | undefined, key: Key): boolean {
    return this.scroll.move(key.name, this.count, this.innerHeight, true);
  }

  override wheel(dir: number): void {
    this.scroll.move(dir > 0 ? 'down' : 'up', this.count, this.innerHeight, true);
  }
}
