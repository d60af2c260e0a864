// The translation lookaside buffer of one CPU, and TLB flushing with
// shootdowns to the other CPUs that run the same mm.
// linux: arch/x86/mm/tlb.c (flush_tlb_mm_range, native_flush_tlb_multi)
//
// The TLB caches translations of the mm loaded in CR3: virtual page number
// -> frame, with the PTE's permission bits (RW, dirty, NX). x86 without PCID
// tags nothing, so loading another mm empties it. It is 4-way set
// associative when its size allows (64 entries: 16 sets x 4 ways, like the
// L1 dTLB of many x86 cores), else fully associative; the least recently
// used way of a set is replaced. Not-present translations are never cached.

import type { MmContext } from './context';
import type { MmStruct } from './mm_types';
import { PAGE_SIZE } from '../param';
import { TLB_SINGLE_PAGE_FLUSH_CEILING } from './mm';
import { flushTlbFuncRemote, type IrqStat } from '../irq_stat';

export const TLB_W = 1; // the PTE is writable (RW)
export const TLB_D = 2; // the PTE is dirty (a write needs no page-walk assist)
export const TLB_NX = 4; // the PTE forbids instruction fetch

export class Tlb {
  readonly size: number; // entries
  readonly ways: number; // entries per set
  readonly setMask: number; // sets - 1 (sets is a power of two)
  readonly tag: Float64Array; // virtual page number, or NaN for an empty entry (NaN equals nothing)
  readonly pfn: Int32Array; // frame of the translation
  readonly perm: Uint8Array; // TLB_W | TLB_D | TLB_NX
  private readonly stamp: Float64Array; // last use, for LRU replacement
  private clock = 0; // use counter
  hits = 0; // lookups that found their translation
  misses = 0; // lookups that needed a page walk
  flushes = 0; // flushes of any scope done on this CPU
  shootdowns = 0; // flushes requested by another CPU (IPI; vmstat nr_tlb_remote_flush_received)
  irqStat: IrqStat | null = null; // this CPU's interrupt counters (set by the kernel): a shootdown is an IPI it receives

  constructor(size: number) {
    if (!Number.isInteger(size) || size < 1) throw new RangeError(`bad TLB size ${size}`);
    this.size = size;
    const sets = size / 4;
    if (size >= 4 && Number.isInteger(sets) && (sets & (sets - 1)) === 0) {
      this.ways = 4;
      this.setMask = sets - 1;
    } else {
      this.ways = size;
      this.setMask = 0;
    }
    this.tag = new Float64Array(size).fill(NaN);
    this.pfn = new Int32Array(size);
    this.perm = new Uint8Array(size);
    this.stamp = new Float64Array(size);
  }

  /** Index of the entry translating `vpn`, or -1. Marks it used. */
  lookup(vpn: number): number {
    const ways = this.ways;
    const base = (vpn & this.setMask) * ways;
    const tag = this.tag;
    for (let i = base, e = base + ways; i < e; i++) {
      if (tag[i] === vpn) {
        this.stamp[i] = ++this.clock;
        return i;
      }
    }
    return -1;
  }

  /** Caches a translation, replacing the least recently used way of its set. Returns the entry. */
  fill(vpn: number, pfn: number, perm: number): number {
    const ways = this.ways;
    const base = (vpn & this.setMask) * ways;
    let victim = base;
    for (let i = base, e = base + ways; i < e; i++) {
      if (this.tag[i] === vpn || this.tag[i] !== this.tag[i]) {
        victim = i;
        break;
      }
      if (this.stamp[i] < this.stamp[victim]) victim = i;
    }
    this.tag[victim] = vpn;
    this.pfn[victim] = pfn;
    this.perm[victim] = perm;
    this.stamp[victim] = ++this.clock;
    return victim;
  }

  /** Drops one entry (invlpg, or the invalidation a page fault does). */
  invalidate(vpn: number): void {
    const base = (vpn & this.setMask) * this.ways;
    for (let i = base, e = base + this.ways; i < e; i++) if (this.tag[i] === vpn) this.tag[i] = NaN;
  }

  /** Empties the TLB (CR3 reload). */
  flushAll(): void {
    this.tag.fill(NaN);
  }

  /** Drops the entries for pages [startVpn, endVpn). */
  flushRange(startVpn: number, endVpn: number): void {
    const tag = this.tag;
    for (let i = 0; i < this.size; i++) if (tag[i] >= startVpn && tag[i] < endVpn) tag[i] = NaN;
  }

  /** Valid entries. */
  valid(): number {
    let n = 0;
    for (let i = 0; i < this.size; i++) if (this.tag[i] === this.tag[i]) n++;
    return n;
  }

  /** The valid entries, for the TLB pane: virtual page, frame and bits. */
  entries(): { vpn: number; pfn: number; writable: boolean; dirty: boolean; nx: boolean }[] {
    const out: { vpn: number; pfn: number; writable: boolean; dirty: boolean; nx: boolean }[] = [];
    for (let i = 0; i < this.size; i++) {
      if (this.tag[i] !== this.tag[i]) continue;
      const p = this.perm[i];
      out.push({ vpn: this.tag[i], pfn: this.pfn[i], writable: !!(p & TLB_W), dirty: !!(p & TLB_D), nx: !!(p & TLB_NX) });
    }
    return out.sort((a, b) => a.vpn - b.vpn);
  }
}

/**
 * Flushes [start, end) of `mm` from every CPU that has it loaded: the CPU
 * doing the change (ctx.thisCpu) flushes its own TLB; every other CPU in
 * mm_cpumask gets a shootdown IPI — except CPUs in lazy TLB mode (a kernel
 * thread borrowing the mm), which are marked stale and flush when they use
 * it again (kernlab does this even when page tables are freed, where Linux
 * interrupts them too). A range of more than 33 pages flushes
 * the whole TLB, as Linux does (end = Infinity: the whole mm).
 * linux: arch/x86/mm/tlb.c flush_tlb_mm_range
 */
export function flushTlbMmRange(ctx: MmContext, mm: MmStruct, start: number, end: number): void {
  const pid = mm.owner ? mm.owner.pid : 0;
  const all = end === Infinity || (end - start) / PAGE_SIZE > TLB_SINGLE_PAGE_FLUSH_CEILING;
  const startVpn = Math.floor(start / PAGE_SIZE);
  const endVpn = all ? Infinity : Math.ceil(end / PAGE_SIZE);
  for (let cpu = 0; cpu < mm.cpumask.length; cpu++) {
    if (!mm.cpumask[cpu]) continue;
    const mmu = ctx.mmus[cpu];
    if (mmu.mm !== mm) continue;
    const tlb = mmu.tlb;
    const remote = cpu !== ctx.thisCpu;
    if (remote && mmu.lazy) {
      // Linux does not interrupt a CPU in lazy TLB mode (should_flush_tlb):
      // it flushes when it switches back to this mm.
      mmu.stale = true;
      continue;
    }
    tlb.flushes++;
    if (remote) {
      tlb.shootdowns++;
      if (tlb.irqStat) flushTlbFuncRemote(tlb.irqStat);
    }
    if (all) tlb.flushAll();
    else tlb.flushRange(startVpn, endVpn);
    ctx.events.emit({
      type: 'tlb-flush',
      cpu,
      pid,
      scope: all ? 'all' : 'range',
      start: all ? 0 : start,
      end: all ? 0 : end,
      shootdown: remote,
    });
  }
}
