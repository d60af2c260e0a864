// The task tree pane: pstree-like, with state letters in colour (zombies
// red, bold and <defunct>), threads grouped under their process as
// {name}, kernel threads under kthreadd (folded by default). ↑↓ move,
// ←/→ fold and unfold, Enter (or a click) selects the task the memory,
// MMU and source panes show.

import { isKthread, commOf } from '../../console/tasks';
import { taskStateLetter } from '../../kernel/task';
import type { GameContext } from '../game-context';
import { buildTaskRows, rowOfPid, type TaskRow } from '../task-rows';
import { esc, fit, rpad } from '../text';
import { COLOURS, stateColour } from '../theme';
import { Pane, Scroller, type Key, type PaneHost } from './pane';

export class TasksPane extends Pane {
  readonly collapsed = new Set<number>([2]); // folded processes (kthreadd at first)
  private readonly scroll = new Scroller(); // view and cursor
  private cursorPid = -1; // the task under the cursor (kept across frames)
  private rows: TaskRow[] = []; // the rows of the last draw
  private pidWidth = 5; // digits of the largest pid
  private rowsKey = ''; // what the rows were built from

  constructor(
    host: PaneHost,
    private readonly ctx: GameContext,
  ) {
    super('tasks', 'Tasks', host);
    this.cursorPid = ctx.selectedPid;
  }

  /** The level's own kernel threads: visible even under a folded kthreadd. */
  private pinned(): Set<number> {
    const s = new Set<number>();
    for (const pid of this.ctx.game.view.labels.values()) {
      const t = this.ctx.k.findTask(pid);
      if (t && isKthread(t)) s.add(pid);
    }
    return s;
  }

  private rebuild(): void {
    // The tree's shape changes only with family events or folding; states
    // and names are read from the tasks when the visible rows are drawn.
    const key = `${this.ctx.familyVersion}/${this.ctx.k.tasks.size}/${[...this.collapsed].join(',')}`;
    if (key !== this.rowsKey) {
      this.rows = buildTaskRows(this.ctx.k, this.collapsed, this.ctx.glyphs, this.pinned());
      this.rowsKey = key;
      let maxPid = 1;
      for (const pid of this.ctx.k.tasks.keys()) if (pid > maxPid) maxPid = pid;
      this.pidWidth = String(maxPid).length;
    }
    const i = rowOfPid(this.rows, this.cursorPid);
    if (i >= 0) this.scroll.cursor = i;
    this.scroll.clamp(this.rows.length, this.innerHeight);
    this.cursorPid = this.rows[this.scroll.cursor]?.task.pid ?? -1;
  }

  override draw(): void {
    this.rebuild();
    const w = this.innerWidth;
    const h = this.innerHeight;
    const g = this.ctx.glyphs;
    const out: string[] = [];
    const end = Math.min(this.rows.length, this.scroll.top + h);
    for (let i = this.scroll.top; i < end; i++) out.push(this.formatRow(this.rows[i], w, i === this.scroll.cursor && this.focused, g));
    this.setRows(out);
    this.setTitle(`Tasks · ${this.ctx.k.tasks.size}`);
  }

  private formatRow(r: TaskRow, w: number, cursor: boolean, g: GameContext['glyphs']): string {
    const t = r.task;
    const letter = taskStateLetter(t);
    const selected = t.pid === this.ctx.selectedPid;
    const fold = r.thread || r.kids === 0 ? ' ' : r.collapsed ? g.closed : g.open;
    const name = r.thread ? `{${commOf(t)}}` : commOf(t);
    const zombie = letter === 'Z';
    const left = `${r.lines}${fold}${selected ? g.selected : ' '} ${rpad(String(t.pid), this.pidWidth)} ${name}`;
    let right = ` ${letter}`;
    // A narrow tree keeps a zombie's name and its red Z rather than "<defunct>".
    if (zombie && left.length + ' <defunct> Z'.length <= w) right = ' <defunct> Z';
    if (r.collapsed && r.hidden > 0) right = ` +${r.hidden}` + right;
    const body = fit(left, Math.max(0, w - right.length), g.ellipsis);
    if (cursor) return `{inverse}${esc(body + right)}{/inverse}`;
    let text = esc(body);
    if (zombie) text = `{bold}{${COLOURS.bad}-fg}${text}{/${COLOURS.bad}-fg}{/bold}`;
    else if (isKthread(t)) text = `{${COLOURS.dim}-fg}${text}{/${COLOURS.dim}-fg}`;
    if (selected) text = `{bold}${text}{/bold}`;
    const col = stateColour(letter);
    const letterTag = `{${col}-fg}{bold}${letter}{/bold}{/${col}-fg}`;
    const extra = esc(right.slice(0, -1)); // " +20 ", " <defunct> " or " "
    if (zombie) return text + `{bold}{${COLOURS.bad}-fg}${extra}{/${COLOURS.bad}-fg}{/bold}` + letterTag;
    return text + extra + letterTag;
  }

  override key(_ch: string | undefined, key: Key): boolean {
    const name = key.name;
    if (this.scroll.move(name, this.rows.length, this.innerHeight)) {
      this.cursorPid = this.rows[this.scroll.cursor]?.task.pid ?? -1;
      return true;
    }
    const row = this.rows[this.scroll.cursor];
    if (!row) return false;
    if (name === 'enter') {
      this.ctx.select(row.task.pid);
      return true;
    }
    if (name === 'left') {
      if (!row.thread && row.kids > 0 && !row.collapsed) this.collapsed.add(row.task.pid);
      else this.moveToParent(row);
      return true;
    }
    if (name === 'right') {
      if (row.collapsed) this.collapsed.delete(row.task.pid);
      return true;
    }
    return false;
  }

  /** Left on a leaf or folded row: go to the row it hangs under. */
  private moveToParent(row: TaskRow): void {
    const i = this.rows.indexOf(row);
    for (let j = i - 1; j >= 0; j--) {
      if (this.rows[j].depth < row.depth) {
        this.scroll.cursor = j;
        this.cursorPid = this.rows[j].task.pid;
        return;
      }
    }
  }

  override click(_x: number, y: number): boolean {
    if (!this.rect) return false;
    const i = this.scroll.top + (y - this.rect.top - 1);
    const row = this.rows[i];
    if (!row) return false;
    this.scroll.cursor = i;
    this.cursorPid = row.task.pid;
    if (row.task.pid === this.ctx.selectedPid && !row.thread && row.kids > 0) {
      // A second click on the selected process folds or unfolds it.
      if (row.collapsed) this.collapsed.delete(row.task.pid);
      else this.collapsed.add(row.task.pid);
    }
    this.ctx.select(row.task.pid);
    return true;
  }

  override wheel(dir: number): void {
    this.scroll.move(dir > 0 ? 'down' : 'up', this.rows.length, this.innerHeight);
    this.cursorPid = this.rows[this.scroll.cursor]?.task.pid ?? -1;
  }

  override keyHints(): string {
    return '↑↓ move  ←→ fold  Enter select';
  }
}
