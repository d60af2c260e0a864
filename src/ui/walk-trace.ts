// The MMU translation trace: the page-table walks of the traced address
// space (the selected task's), with what came of them — TLB hit or miss,
// the physical address, or the fault and how it was handled (demand-zero,
// COW copy or reuse, SIGSEGV), plus TLB flushes. Page faults and COW
// copies are kept even when walks are not traced (past the per-frame
// budget), so the trace never misses what the kernel did. Consecutive translations
// alike (same task, same page, same TLB result and fault: a loop reading
// and writing its stack) fold into one entry with a count, the last
// access shown, so the trace shows what changed rather than scrolling away.

import type { Stamped, WalkStep } from '../kernel/events';
import type { Kernel } from '../kernel/kernel';
import type { MmStruct } from '../kernel/mm';
import { PAGE_SIZE } from '../kernel/param';

/** One line of the trace. */
export type TraceEntry =
  | {
      kind: 'walk';
      tick: number; // when
      cpu: number; // which CPU's MMU
      pid: number; // the task that made the access
      addr: number; // virtual address
      access: 'r' | 'w' | 'x'; // read, write, fetch
      tlb: 'hit' | 'miss' | '?'; // the TLB had the translation or not ('?': a fault seen while walks were not traced)
      steps: WalkStep[]; // the walk (empty on a TLB hit)
      phys: number; // physical address, -1 on a fault
      fault: string; // the fault taken ('' when none)
      repeat: number; // identical translations folded into this entry
    }
  | { kind: 'cow'; tick: number; pid: number; addr: number; from: number; to: number; copied: boolean }
  | { kind: 'flush'; tick: number; cpu: number; pid: number; scope: string; start: number; end: number; shootdown: boolean };

/** Entries kept (older ones are dropped). */
export const TRACE_KEEP = 400;

/**
 * Walks traced per frame at most. A task in a tight loop makes thousands
 * of translations a tick, and every traced one is an event: past this many
 * the mm leaves the kernel's traced set until the next frame, so tracing
 * costs a bounded share of each frame whatever the program does.
 */
export const WALKS_PER_FRAME = 200;

export class WalkTrace {
  /** Entries, oldest first; at most TRACE_KEEP. */
  readonly entries: TraceEntry[] = [];
  /** Bumped on every change, so a pane can tell whether to redraw. */
  version = 0;
  /** Walks left out since the trace began (the per-frame budget ran out); 0 if none. */
  skippedFrames = 0;
  private mm: MmStruct | null = null; // the traced address space
  private walks = 0; // walks traced in this frame
  private paused = false; // the mm left the traced set for the rest of this frame
  private readonly unlisten: () => void; // stops following the kernel's events

  constructor(private readonly k: Kernel) {
    this.unlisten = k.events.listen((e) => this.onEvent(e));
  }

  /**
   * Trace `mm` (the selected task's; null for none). A different address
   * space starts a new trace; it is added to the kernel's traced set so its
   * MMUs report every walk. Tracing changes what is reported, never what
   * the machine does.
   */
  follow(mm: MmStruct | null): void {
    if (mm === this.mm || (mm && mm.dead)) return;
    this.stop();
    if (!mm) return;
    this.mm = mm;
    this.k.mm.traced.add(mm);
    this.entries.length = 0;
    this.skippedFrames = 0;
    this.version++;
  }

  /** A new frame: the walk budget starts again (and tracing, if it ran out). */
  frame(): void {
    this.walks = 0;
    if (this.paused && this.mm && !this.mm.dead) this.k.mm.traced.add(this.mm);
    this.paused = false;
  }

  /** Stop tracing, keeping the entries (the task exited: its last walks stay readable). */
  stop(): void {
    if (!this.mm) return;
    this.k.mm.traced.delete(this.mm);
    this.mm = null;
    this.paused = false;
  }

  /** Stop tracing and forget the entries (another task was selected). */
  reset(): void {
    this.stop();
    this.entries.length = 0;
    this.version++;
  }

  /** The traced address space, if any. */
  get traced(): MmStruct | null {
    return this.mm;
  }

  private mine(pid: number): boolean {
    return !!this.mm && this.k.findTask(pid)?.mm === this.mm;
  }

  private push(e: TraceEntry): void {
    this.entries.push(e);
    // Trim in batches: a splice per event would cost O(TRACE_KEEP) each.
    if (this.entries.length > 2 * TRACE_KEEP) this.entries.splice(0, this.entries.length - TRACE_KEEP);
    this.version++;
  }

  private onEvent(e: Stamped): void {
    if (!this.mm) return;
    if (e.type === 'walk') {
      if (!this.mine(e.pid)) return;
      if (++this.walks >= WALKS_PER_FRAME && !this.paused) {
        // Budget spent: stop the MMUs reporting until the next frame. The
        // kernel only stops emitting events; what it does is unchanged.
        this.paused = true;
        this.skippedFrames++;
        this.k.mm.traced.delete(this.mm);
      }
      const last = this.entries[this.entries.length - 1];
      if (last && last.kind === 'walk' && last.tlb === '?' && last.addr === e.addr && last.fault === e.fault && last.pid === e.pid) {
        // The walk of the fault just recorded: it says more (TLB, steps).
        this.entries[this.entries.length - 1] = { ...last, tlb: e.tlb, steps: e.steps, phys: e.phys };
        this.version++;
        return;
      }
      if (
        last &&
        last.kind === 'walk' &&
        last.pid === e.pid &&
        last.tlb === e.tlb &&
        last.fault === e.fault &&
        Math.floor(last.addr / PAGE_SIZE) === Math.floor(e.addr / PAGE_SIZE)
      ) {
        last.repeat++;
        last.tick = e.tick;
        last.addr = e.addr;
        last.access = e.access;
        last.phys = e.phys;
        this.version++;
        return;
      }
      this.push({ kind: 'walk', tick: e.tick, cpu: e.cpu, pid: e.pid, addr: e.addr, access: e.access, tlb: e.tlb, steps: e.steps, phys: e.phys, fault: e.fault, repeat: 1 });
    } else if (e.type === 'pagefault') {
      // Faults are reported whether walks are traced or not: keep them
      // all. If the walk is traced, its event follows and takes this place.
      if (!this.mine(e.pid)) return;
      const phys = e.frame >= 0 && e.kind !== 'maperr' && e.kind !== 'accerr' ? e.frame * PAGE_SIZE + (e.addr % PAGE_SIZE) : -1;
      this.push({ kind: 'walk', tick: e.tick, cpu: e.cpu, pid: e.pid, addr: e.addr, access: e.access, tlb: '?', steps: [], phys, fault: e.kind, repeat: 1 });
    } else if (e.type === 'cow') {
      if (this.mine(e.pid)) this.push({ kind: 'cow', tick: e.tick, pid: e.pid, addr: e.addr, from: e.from, to: e.to, copied: e.copied });
    } else if (e.type === 'tlb-flush') {
      if (this.mine(e.pid) || this.k.mm.mmus[e.cpu]?.mm === this.mm) {
        this.push({ kind: 'flush', tick: e.tick, cpu: e.cpu, pid: e.pid, scope: e.scope, start: e.start, end: e.end, shootdown: e.shootdown });
      }
    } else if (e.type === 'exit' && this.mm.dead) {
      this.stop();
    }
  }

  /** Stop tracing and following events. Idempotent. */
  dispose(): void {
    this.stop();
    this.unlisten();
  }
}
