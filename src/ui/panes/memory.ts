// The memory map pane: the selected task's /proc/PID/maps rows with, for
// each VMA, a strip of its pages (present, COW-shared, shared, zero page,
// absent), the present count and the page faults it took. ↑↓ choose a
// VMA; the last row then spells out its vm_flags and anon_vma.
//
// Page strip legend: '#' present (this mm's own frame), 'c' COW-shared (a
// write copies it), 's' shared frame (page cache, or mapped by another
// mm), '0' the shared zero page, '.' not present (the next touch faults).

import { commOf } from '../../console/tasks';
import type { MmStruct, VmAreaStruct } from '../../kernel/mm';
import { vmFlagsString, vmPerms } from '../../kernel/mm/mm';
import { vmaName } from '../../kernel/mm/proc';
import { PAGE_SIZE } from '../../kernel/param';
import type { GameContext } from '../game-context';
import { esc, fit, rpad, wrapText } from '../text';
import { COLOURS } from '../theme';
import { PageState, vmaPages } from '../vma-pages';
import { Pane, Scroller, type Key, type PaneHost } from './pane';

/** One character per page state (PageState order). */
const STRIP = ['.', '0', 's', '#', 'c'];
/** Colours of the page states. */
const STRIP_COLOUR = [COLOURS.dim, COLOURS.info, COLOURS.info, COLOURS.good, COLOURS.warn];

/** A VMA's size as pmap prints it: "4K", "132K", "2M". */
function size(bytes: number): string {
  const k = bytes / 1024;
  if (k >= 10240 && k % 1024 === 0) return `${k / 1024}M`;
  return `${k}K`;
}

/** Which columns fit in a width. */
interface MemoryColumns {
  range: boolean; // start-end, else the start only
  addrW: number; // width of the address column
  size: boolean; // the SIZE column
  stripW: number; // cells of the page strip
  presW: number; // width of the present/total column
  flt: boolean; // the FLT column
}

/** The columns of the memory pane at an inner width (wide: all; narrow: start, perms, pages, name). */
export function memoryColumns(w: number): MemoryColumns {
  const clamp = (n: number, lo: number, hi: number): number => Math.max(lo, Math.min(hi, n));
  // Fixed columns take 67, 41 and 28 cells; the strip gets what leaves a name ~10 wide.
  if (w >= 80) return { range: true, addrW: 25, size: true, stripW: clamp(w - 80, 6, 16), presW: 10, flt: true };
  if (w >= 58) return { range: false, addrW: 12, size: true, stripW: clamp(w - 53, 6, 16), presW: 10, flt: true };
  return { range: false, addrW: 12, size: false, stripW: clamp(w - 38, 5, 10), presW: 8, flt: false }; // 5: room for the PAGES heading
}

export class MemoryPane extends Pane {
  private readonly scroll = new Scroller(); // view and the chosen VMA
  private count = 0; // VMAs at the last draw
  private lastSelection = -1; // selection version at the last draw

  constructor(
    host: PaneHost,
    private readonly ctx: GameContext,
  ) {
    super('memory', 'Memory map', host);
  }

  override draw(): void {
    const t = this.ctx.selected();
    const w = this.innerWidth;
    const h = this.innerHeight;
    if (this.lastSelection !== this.ctx.selectionVersion) {
      this.scroll.top = 0;
      this.scroll.cursor = 0;
      this.lastSelection = this.ctx.selectionVersion;
    }
    if (!t) {
      this.setTitle('Memory map');
      this.setRows(wrapText('No task selected (the task is gone): choose one in the task tree.', w).map((l) => `{${COLOURS.dim}-fg}${esc(l)}{/${COLOURS.dim}-fg}`));
      return;
    }
    const mm = t.mm;
    if (!mm) {
      this.setTitle(`Memory map · ${commOf(t)} (${t.pid})`);
      const lines = t.isKthread
        ? [
            'A kernel thread has no address space of its own: mm is NULL.',
            t.activeMm
              ? `It runs on a borrowed one: active_mm = mm#${t.activeMm.id}, the previous task's (lazy TLB).`
              : 'Not on a CPU now: active_mm is NULL (while it runs, it borrows the previous task\'s mm).',
          ]
        : t.exitState
          ? ['This task has exited: exit_mm() released its address space.', 'A zombie keeps only its task_struct until it is reaped.']
          : ['No address space.'];
      this.setRows(lines.flatMap((l) => wrapText(l, w)).map(esc));
      return;
    }
    const vmas = mm.vmas();
    this.count = vmas.length;
    const detail = h >= 6 ? 1 : 0;
    const body = Math.max(0, h - 1 - detail);
    this.scroll.clamp(vmas.length, body);
    const cols = memoryColumns(w);
    const head =
      `${fit(cols.range ? 'ADDRESS RANGE' : 'START', cols.addrW)} PERM ` +
      (cols.size ? `${rpad('SIZE', 5)} ` : '') +
      `${fit('PAGES', cols.stripW)} ${rpad('PRES', cols.presW)} ` +
      (cols.flt ? `${rpad('FLT', 4)} ` : '') +
      'NAME';
    const out: string[] = [`{${COLOURS.dim}-fg}${esc(fit(head, w))}{/${COLOURS.dim}-fg}`];
    const end = Math.min(vmas.length, this.scroll.top + body);
    for (let i = this.scroll.top; i < end; i++) out.push(this.formatVma(mm, vmas[i], w, cols, i === this.scroll.cursor && this.focused));
    while (out.length < h - detail) out.push('');
    if (detail) {
      const v = vmas[this.scroll.cursor];
      out.push(v ? this.detailLine(v, w) : '');
    }
    this.setRows(out);
    const rssK = mm.rss * (PAGE_SIZE / 1024);
    this.setTitle(`Memory map · ${commOf(t)} (${t.pid}) · mm#${mm.id} · ${vmas.length} VMAs · RSS ${rssK}K · ${this.ctx.faults.total(mm)} faults`);
  }

  private formatVma(mm: MmStruct, v: VmAreaStruct, w: number, cols: MemoryColumns, cursor: boolean): string {
    const start = v.vmStart.toString(16).padStart(12, '0');
    const addr = cols.range ? `${start}-${v.vmEnd.toString(16).padStart(12, '0')}` : start;
    const pages = vmaPages(this.ctx.k.mm, mm, v, cols.stripW);
    const perms = vmPerms(v.vmFlags);
    const name = vmaName(mm, v) ?? '';
    const shortName = name.includes('/') ? name.slice(name.lastIndexOf('/') + 1) : name;
    let strip = '';
    let plainStrip = '';
    for (let i = 0; i < cols.stripW; i++) {
      if (i >= pages.cells.length) {
        strip += ' ';
        plainStrip += ' ';
        continue;
      }
      const s = pages.cells[i] as PageState;
      plainStrip += STRIP[s];
      strip += `{${STRIP_COLOUR[s]}-fg}${STRIP[s]}{/${STRIP_COLOUR[s]}-fg}`;
    }
    const pres = `${pages.present}/${pages.pages}${pages.cow ? ` ${pages.cow}c` : ''}`;
    const sizeCol = cols.size ? `${rpad(size(v.vmEnd - v.vmStart), 5)} ` : '';
    const after = ` ${rpad(pres, cols.presW)} ` + (cols.flt ? `${rpad(String(this.ctx.faults.inRange(mm, v.vmStart, v.vmEnd)), 4)} ` : '');
    const used = cols.addrW + 1 + 5 + sizeCol.length + cols.stripW + after.length;
    const tailName = fit(shortName, Math.max(0, w - used), this.ctx.glyphs.ellipsis);
    if (cursor) return `{inverse}${esc(`${fit(addr, cols.addrW)} ${perms} ${sizeCol}${plainStrip}${after}${tailName}`)}{/inverse}`;
    const permColour = perms[1] === 'w' && perms[2] === 'x' ? COLOURS.bad : perms[2] === 'x' ? COLOURS.good : perms[1] === 'w' ? COLOURS.warn : COLOURS.title;
    return `${esc(fit(addr, cols.addrW))} {${permColour}-fg}${perms}{/${permColour}-fg} ${esc(sizeCol)}${strip}${esc(after)}{bold}${esc(tailName)}{/bold}`;
  }

  private detailLine(v: VmAreaStruct, w: number): string {
    const flags = vmFlagsString(v.vmFlags).replace(/VM_/g, '').toLowerCase().replace(/\|/g, ' ');
    const anon = v.anonVma ? ` anon_vma#${v.anonVma.id}` : '';
    const file = v.vmFile ? ` file ${v.vmFile.path}+${v.vmPgoff * PAGE_SIZE}` : ' anonymous';
    return `{${COLOURS.dim}-fg}${esc(fit(`vm_flags: ${flags} ·${file}${anon}`, w, this.ctx.glyphs.ellipsis))}{/${COLOURS.dim}-fg}`;
  }

  override key(_ch: string | undefined, key: Key): boolean {
    return this.scroll.move(key.name, this.count, Math.max(1, this.innerHeight - 2));
  }

  override wheel(dir: number): void {
    this.scroll.move(dir > 0 ? 'down' : 'up', this.count, Math.max(1, this.innerHeight - 2));
  }

  override keyHints(): string {
    return '↑↓ VMA  pages: # own  c COW  s shared  0 zero page  . absent';
  }
}
