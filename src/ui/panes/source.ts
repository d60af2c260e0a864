// The source pane: the selected task's mini-C program, with the line each
// task running it is on. The selected task's line is marked and shown in
// inverse; other tasks of the same program are listed at the right of
// their lines. The view follows the selected task's line until you scroll
// (↑↓ PgUp PgDn); Enter or End follows again.

import { commOf } from '../../console/tasks';
import { cpu } from '../../lang/cpu';
import type { Program } from '../../lang/abi';
import type { TaskStruct } from '../../kernel/task';
import type { GameContext } from '../game-context';
import { esc, fit, rpad } from '../text';
import { COLOURS } from '../theme';
import { Pane, type Key, type PaneHost } from './pane';

export class SourcePane extends Pane {
  private top = 0; // first line shown (0-based)
  private follow = true; // keep the selected task's line in view
  private lastSelection = -1; // selection version at the last draw
  private lines = 0; // source lines at the last draw

  constructor(
    host: PaneHost,
    private readonly ctx: GameContext,
  ) {
    super('source', 'Source', host);
  }

  /** The program a task runs (user image, or a kthread's body in kernel memory). */
  private programOf(t: TaskStruct | undefined): Program | null {
    return t?.regs?.image.prog ?? t?.kthread?.image.prog ?? null;
  }

  override draw(): void {
    const t = this.ctx.selected();
    const w = this.innerWidth;
    const h = this.innerHeight;
    if (this.lastSelection !== this.ctx.selectionVersion) {
      this.follow = true;
      this.lastSelection = this.ctx.selectionVersion;
    }
    const prog = this.programOf(t);
    if (!t || !prog) {
      this.setTitle('Source');
      const why = !t ? 'No task selected.' : t.exitState ? `${commOf(t)} (${t.pid}) has exited: no program counter any more.` : `${commOf(t)} (${t.pid}) runs no mini-C program.`;
      this.setRows([esc(fit(why, w))]);
      return;
    }
    const src = prog.source;
    this.lines = src.length;
    // Which tasks are on which line (only tasks running this program).
    const at = new Map<number, number[]>();
    for (const x of this.ctx.k.tasks.values()) {
      if (x.exitState || !x.regs || x.regs.image.prog !== prog) continue;
      const line = cpu.line(x.regs);
      if (line <= 0) continue;
      const l = at.get(line);
      if (l) l.push(x.pid);
      else at.set(line, [x.pid]);
    }
    const mine = t.regs && !t.exitState ? cpu.line(t.regs) : 0;
    if (this.follow && mine > 0 && (mine - 1 < this.top || mine - 1 >= this.top + h)) this.top = Math.max(0, mine - 1 - Math.floor(h / 3));
    this.top = Math.max(0, Math.min(this.top, Math.max(0, src.length - h)));
    const numW = String(src.length).length;
    const out: string[] = [];
    const g = this.ctx.glyphs;
    for (let i = this.top; i < Math.min(src.length, this.top + h); i++) {
      const n = i + 1;
      const pids = (at.get(n) ?? []).filter((p) => p !== t.pid);
      const tag = pids.length ? ` ${g.pointer} ${pids.slice(0, 4).join(',')}${pids.length > 4 ? '+' : ''}` : '';
      const mark = n === mine ? g.cursor : pids.length ? g.other : ' ';
      const text = src[i].replace(/\t/g, '    ');
      const left = `${mark}${rpad(String(n), numW)} `;
      const room = Math.max(0, w - left.length - tag.length);
      const body = fit(text, room, g.ellipsis);
      if (n === mine) {
        out.push(`{inverse}{bold}${esc(left + body)}{/bold}{/inverse}{${COLOURS.accent}-fg}${esc(tag)}{/${COLOURS.accent}-fg}`);
      } else {
        out.push(`{${COLOURS.dim}-fg}${esc(left)}{/${COLOURS.dim}-fg}${esc(body)}{${COLOURS.accent}-fg}${esc(tag)}{/${COLOURS.accent}-fg}`);
      }
    }
    this.setRows(out);
    const where = mine > 0 ? `line ${mine}` : t.exitState ? 'exited' : 'not started';
    this.setTitle(`Source · ${commOf(t)} (${t.pid}) ${where} · ${prog.path.slice(prog.path.lastIndexOf('/') + 1)}`);
  }

  override key(_ch: string | undefined, key: Key): boolean {
    const h = Math.max(1, this.innerHeight - 1);
    switch (key.name) {
      case 'up':
        this.top--;
        break;
      case 'down':
        this.top++;
        break;
      case 'pageup':
        this.top -= h;
        break;
      case 'pagedown':
        this.top += h;
        break;
      case 'home':
        this.top = 0;
        break;
      case 'end':
      case 'enter':
        this.follow = true;
        return true;
      default:
        return false;
    }
    this.follow = false;
    this.top = Math.max(0, Math.min(this.top, Math.max(0, this.lines - this.innerHeight)));
    return true;
  }

  override wheel(dir: number): void {
    this.follow = false;
    this.top = Math.max(0, Math.min(this.top + dir * 2, Math.max(0, this.lines - this.innerHeight)));
  }

  override keyHints(): string {
    return '↑↓ scroll  Enter follow the task';
  }
}
