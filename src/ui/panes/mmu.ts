// The MMU translation trace pane: recent translations of the selected
// task's address space, newest at the bottom — tick, CPU, access, the
// virtual address, its four page-table indices (PGD PUD PMD PTE), TLB hit
// or miss, then the physical address or the fault and what the kernel did
// (demand-zero, COW copy or reuse, SIGSEGV). COW copies and TLB flushes
// appear as their own lines. ↑↓ scroll back; End follows again; f shows
// only what the kernel did (faults, COW, TLB flushes), which a loop's walks
// otherwise bury within a few ticks (the shootdown level asks for them).

import { commOf } from '../../console/tasks';
import { pageIndices } from '../../kernel/mm/pgtable';
import type { GameContext } from '../game-context';
import { esc, fit, rpad, wrapText } from '../text';
import { COLOURS } from '../theme';
import { TRACE_KEEP, WALKS_PER_FRAME, type TraceEntry } from '../walk-trace';
import { Pane, type Key, type PaneHost } from './pane';

/** What a fault kind did, in a few words. */
const FAULT_WORDS: Record<string, string> = {
  'demand-zero': 'demand-zero page',
  'zero-page': 'zero page (read)',
  file: 'file page mapped',
  'cow-copy': 'COW: page copied',
  'cow-reuse': 'COW: page reused',
  'stack-grow': 'stack grew',
  spurious: 'spurious',
  maperr: 'SIGSEGV: no VMA',
  accerr: 'SIGSEGV: access denied',
};

/** The same, in at most 9 characters (narrow panes). */
const FAULT_SHORT: Record<string, string> = {
  'demand-zero': 'zero-fill',
  'zero-page': 'zero page',
  file: 'file page',
  'cow-copy': 'COW copy',
  'cow-reuse': 'COW reuse',
  'stack-grow': 'stack+',
  spurious: 'spurious',
  maperr: 'SEGV map',
  accerr: 'SEGV acc',
};

export class MmuPane extends Pane {
  private back = 0; // rows scrolled back from the newest (0: following)
  private wide = true; // room for the tick column
  private cpuCol = true; // room for the CPU column in the narrow form (not at 80x24: it cut every result short)
  /** Only faults, COW copies and TLB flushes (f), not every walk. */
  notable = false;

  constructor(
    host: PaneHost,
    private readonly ctx: GameContext,
  ) {
    super('mmu', 'MMU trace', host);
  }

  override draw(): void {
    const t = this.ctx.selected();
    const tr = this.ctx.trace;
    const w = this.innerWidth;
    const h = this.innerHeight;
    if (this.ctx.game.level.spec.hide.includes('mmu')) {
      // The level asks for a walk by hand: the trace would show its indices.
      this.setTitle('MMU trace · off');
      this.setRows(wrapText('Switched off in this level: it would show the page-table indices of every access. The walk is yours to do by hand.', w).map((l) => `{${COLOURS.dim}-fg}${esc(l)}{/${COLOURS.dim}-fg}`));
      return;
    }
    if (!tr.entries.length && (!tr.traced || !t)) {
      this.setTitle('MMU trace');
      const why = !t ? 'No task selected.' : t.isKthread ? `${commOf(t)} is a kernel thread: it makes no user-space translations.` : `${commOf(t)} (${t.pid}) has no address space.`;
      // Wrapped whole: cut to the pane's width (44 at 120x40) it read "it makes no user".
      this.setRows([...wrapText(why, w).map(esc), ...wrapText('Select a user task in the task tree to trace its page-table walks.', w).map((l) => `{${COLOURS.dim}-fg}${esc(l)}{/${COLOURS.dim}-fg}`)]);
      return;
    }
    // The filter up front: a narrow pane cuts its title from the right.
    const name = this.notable ? 'MMU trace, faults only' : 'MMU trace';
    const sampled = !this.notable && tr.skippedFrames ? ` · first ${WALKS_PER_FRAME} walks/frame` : '';
    this.setTitle(tr.traced && t ? `${name} · ${commOf(t)} (${t.pid}) · mm#${tr.traced.id}${sampled}` : `${name} · ${t ? `${commOf(t)} (${t.pid})` : `pid ${this.ctx.selectedPid}`} · address space gone`);
    const entries = this.notable ? tr.entries.filter((e) => e.kind !== 'walk' || e.fault) : tr.entries;
    const body = Math.max(0, h - 1);
    this.back = Math.max(0, Math.min(this.back, Math.max(0, entries.length - body)));
    const end = entries.length - this.back;
    const start = Math.max(0, end - body, entries.length - TRACE_KEEP);
    const wide = w >= 64;
    this.wide = wide;
    // A narrow walk row is 35 columns before its result, which needs 8 or 9
    // ("→ 1708b0", "SEGV acc"): below 44 the CPU goes, not the last digits.
    this.cpuCol = wide || w >= 44;
    const head = wide ? ` TICK CPU A ADDRESS        PGD PUD PMD PTE  TLB   RESULT` : `${this.cpuCol ? 'C ' : ''}A ADDRESS       PGD PUD PMD PTE T RESULT`;
    const out: string[] = [`{${COLOURS.dim}-fg}${esc(fit(head, w))}{/${COLOURS.dim}-fg}`];
    const none = this.notable ? 'No fault, COW copy or TLB flush in the trace (f: every walk).' : 'No translations yet: they appear as the task runs.';
    if (!entries.length) for (const l of wrapText(none, w)) out.push(`{${COLOURS.dim}-fg}${esc(l)}{/${COLOURS.dim}-fg}`);
    for (let i = start; i < end; i++) out.push(this.formatEntry(entries[i], w));
    this.setRows(out);
  }

  private formatEntry(e: TraceEntry, w: number): string {
    // Ticks since the level began, as the header counts them (the kernel's count includes its boot).
    const tick = this.wide ? rpad(String((e.tick - this.ctx.game.view.start) % 100000), 5) + ' ' : '';
    const arrow = this.ctx.glyphs.arrow;
    if (e.kind === 'cow') {
      // The longest form that fits: cut to the narrow pane (44 columns at
      // 120x40), "COW copy of page …: frame 1bc →" lost the new frame.
      const what = e.copied ? 'COW copy' : 'COW reuse';
      const addr = e.addr.toString(16);
      const from = e.from.toString(16);
      const done = e.copied ? ` ${arrow} ${e.to.toString(16)}` : ' kept';
      const lead = `${tick}${this.wide ? '      ' : '  '}`;
      const forms = [
        `${lead}${what} of page ${addr}: frame ${from}${e.copied ? done : ' kept, made writable'}`,
        `${lead}${what} ${addr}: frame ${from}${done}`,
        `${lead}${what} ${addr}: ${from}${done}`,
        `${what} ${addr}: ${from}${done}`,
      ];
      const text = forms.find((f) => f.length <= w) ?? forms[forms.length - 1];
      return `{${COLOURS.warn}-fg}${esc(fit(text, w))}{/${COLOURS.warn}-fg}`;
    }
    if (e.kind === 'flush') {
      const range = e.scope === 'all' ? 'whole TLB' : `${e.start.toString(16)}-${e.end.toString(16)}`;
      // "shootdown" up front: in a narrow pane a trailing "(shootdown IPI)" was cut off
      // Without the C column (80x24) a bare CPU number would sit under "A": say "cpuN", as long.
      const cpu = this.wide ? rpad(String(e.cpu), 3) + '   ' : this.cpuCol ? `${e.cpu}   ` : `cpu${e.cpu} `;
      const kind = e.shootdown ? 'shootdown' : 'flush';
      // The range whole, or not at all: at 80x24 "cpu1 TLB shootdown 5575aadc7000-5575aadc80"
      // read as a range ending at another address. Without "TLB" it fits.
      const forms = [`${tick}${cpu}TLB ${kind} ${range}`, `${tick}${cpu}${kind} ${range}`];
      let text = forms.find((f) => f.length <= w) ?? forms[forms.length - 1];
      if (e.shootdown && text.length + ' (IPI)'.length <= w) text += ' (IPI)';
      return `{${COLOURS.info}-fg}${esc(fit(text, w))}{/${COLOURS.info}-fg}`;
    }
    const idx = pageIndices(e.addr)
      .map((x) => rpad(String(x), 3))
      .join(' ');
    const left = this.wide
      ? `${tick}${rpad(String(e.cpu), 3)} ${e.access} ${e.addr.toString(16).padStart(12, '0')}  ${idx}  ${fit(e.tlb === '?' ? '-' : e.tlb, 4)}  `
      : `${this.cpuCol ? `${e.cpu} ` : ''}${e.access} ${e.addr.toString(16).padStart(12, '0')} ${idx} ${e.tlb === 'hit' ? 'H' : e.tlb === 'miss' ? 'M' : '-'} `;
    const repeat = e.repeat > 1 ? ` ×${e.repeat}` : '';
    let result: string;
    let colour: string;
    if (e.fault) {
      result = `${(this.wide ? FAULT_WORDS : FAULT_SHORT)[e.fault] ?? e.fault}${e.phys >= 0 ? ` ${arrow} ${e.phys.toString(16)}` : ''}`;
      colour = e.fault === 'maperr' || e.fault === 'accerr' ? COLOURS.bad : COLOURS.warn;
    } else {
      result = `${arrow} ${e.phys.toString(16)}`;
      colour = e.tlb === 'hit' ? COLOURS.good : COLOURS.title;
    }
    // The repeat count goes whole or not at all: cut, it left a bare "×".
    const text = fit(left + result + ((left + result + repeat).length <= w ? repeat : ''), w);
    return esc(text.slice(0, left.length)) + `{${colour}-fg}${esc(text.slice(left.length))}{/${colour}-fg}`;
  }

  override key(_ch: string | undefined, key: Key): boolean {
    const page = Math.max(1, this.innerHeight - 2);
    switch (key.name) {
      case 'up':
        this.back++;
        return true;
      case 'down':
        this.back = Math.max(0, this.back - 1);
        return true;
      case 'pageup':
        this.back += page;
        return true;
      case 'pagedown':
        this.back = Math.max(0, this.back - page);
        return true;
      case 'home':
        this.back = Infinity;
        return true;
      case 'end':
        this.back = 0;
        return true;
      case 'f':
        this.notable = !this.notable;
        this.back = 0;
        return true;
      default:
        return false;
    }
  }

  override wheel(dir: number): void {
    this.back = Math.max(0, this.back - dir);
  }

  override keyHints(): string {
    return '↑↓ scroll back  End follow  f faults/flushes only  (T: TLB Hit/Miss)';
  }
}
