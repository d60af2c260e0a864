// The per-CPU runqueue pane: for each CPU a header with its utilisation
// sparkline (the last ticks, newest right) and load, then its CFS queue in
// timeline order — the running task first (marked), then the queued ones
// by vruntime, the leftmost (next to run) at the top.

import { commOf } from '../../console/tasks';
import { plural } from '../../game/plural';
import type { SchedEntity } from '../../kernel/task';
import type { Rq } from '../../kernel/sched/rq';
import type { GameContext } from '../game-context';
import { recentMean, sparkline } from '../spark';
import { esc, fit, rpad } from '../text';
import { COLOURS } from '../theme';
import { Pane, Scroller, type Key, type PaneHost } from './pane';

/** A row to draw: a CPU's header, or one task of its queue. */
type CpuRow = { rq: Rq; se: null; curr: false } | { rq: Rq; se: SchedEntity | null; curr: boolean };

export class CpusPane extends Pane {
  private readonly scroll = new Scroller(); // view (no cursor)
  private count = 0; // rows at the last draw

  constructor(
    host: PaneHost,
    private readonly ctx: GameContext,
  ) {
    super('cpus', 'CPUs', host);
  }

  private buildRows(): CpuRow[] {
    const rows: CpuRow[] = [];
    for (const rq of this.ctx.k.rqs) {
      rows.push({ rq, se: null, curr: false });
      const ents = rq.cfs.entities();
      if (rq.curr === rq.idle) rows.push({ rq, se: null, curr: true });
      for (const se of ents) rows.push({ rq, se, curr: se.task === rq.curr });
    }
    return rows;
  }

  override draw(): void {
    const rows = this.buildRows();
    this.count = rows.length;
    const h = this.innerHeight;
    const w = this.innerWidth;
    this.scroll.clampView(rows.length, h);
    const out: string[] = [];
    const end = Math.min(rows.length, this.scroll.top + h);
    for (let i = this.scroll.top; i < end; i++) out.push(this.formatRow(rows[i], w));
    this.setRows(out);
    const k = this.ctx.k;
    const running = k.rqs.reduce((n, rq) => n + rq.nrRunning, 0);
    // The numbers on the task rows are nameless: the title names them when
    // it has the room. Rows cut off (at 80x24 three busy CPUs do not fit:
    // the last CPU, often the one a level is about, was out of sight with
    // nothing to say so) come first: how many, and where.
    const title = `CPUs · ${k.rqs.length} · ${running} runnable`;
    const unit = ' · vruntime ms';
    const above = this.scroll.top;
    const below = rows.length - end;
    const more = above && below ? ` · ${above} above, ${below} below` : below ? ` · ${plural(below, 'row')} below` : above ? ` · ${plural(above, 'row')} above` : '';
    this.setTitle(more ? title + more : title.length + unit.length <= w - 4 ? title + unit : title);
  }

  private formatRow(r: CpuRow, w: number): string {
    const g = this.ctx.glyphs;
    if (r.se === null && !r.curr) {
      // CPU header: name, sparkline, recent utilisation, queue length.
      const util = Math.round(recentMean(r.rq.util, 10) * 100);
      const name = `cpu${r.rq.cpu}`;
      const tail = ` ${rpad(String(util), 3)}%  nr ${r.rq.nrRunning}`;
      const sw = Math.max(4, w - name.length - 1 - tail.length);
      const spark = sparkline(r.rq.util, sw, this.ctx.unicode);
      const colour = util >= 90 ? COLOURS.bad : util >= 50 ? COLOURS.warn : COLOURS.good;
      return `{bold}${name}{/bold} {${colour}-fg}${spark}{/${colour}-fg}${esc(tail)}`;
    }
    if (r.se === null) {
      return `{${COLOURS.dim}-fg}${esc(fit(` ${g.cursor}    0 ${r.rq.idle.comm} (idle)`, w))}{/${COLOURS.dim}-fg}`;
    }
    const t = r.se.task;
    const vr = (r.se.vruntime / 1e6).toFixed(3);
    const right = ` ${rpad(vr, 10)}`;
    const left = ` ${r.curr ? g.cursor : ' '}${rpad(String(t.pid), 5)} ${commOf(t)}${t.nice ? ` (nice ${t.nice})` : ''}`;
    const text = esc(fit(left, Math.max(0, w - right.length), g.ellipsis) + right);
    if (r.curr) return `{bold}{${COLOURS.good}-fg}${text}{/${COLOURS.good}-fg}{/bold}`;
    return t.pid === this.ctx.selectedPid ? `{bold}${text}{/bold}` : text;
  }

  override key(_ch: string | undefined, key: Key): boolean {
    return this.scroll.move(key.name, this.count, this.innerHeight, true);
  }

  override wheel(dir: number): void {
    this.scroll.move(dir > 0 ? 'down' : 'up', this.count, this.innerHeight, true);
  }

  override keyHints(): string {
    return '↑↓ scroll  (vruntime in ms; ' + this.ctx.glyphs.cursor + ' running)';
  }
}
