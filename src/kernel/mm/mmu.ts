// The MMU of one CPU: every load, store and instruction fetch of a user
// program goes through it. linux: what the hardware does (Intel SDM vol. 3,
// 4.5 and 4.10), and arch/x86/mm/tlb.c switch_mm_irqs_off for CR3 loads.
//
// A translation first looks in this CPU's TLB. On a hit the PTE's cached
// bits decide: a read always passes (only present pages are cached), a
// write needs RW (and, the first time, a page-walk assist sets the dirty
// bit), a fetch needs the page not to be NX. On a miss the MMU walks the
// four levels from CR3, setting the accessed bit (and the dirty bit for a
// write) in the PTE, and caches the result. A missing or insufficient PTE
// raises a page fault: the TLB entry is dropped and the kernel's handler
// (memory.ts) either fixes the PTE - the access then walks again - or
// decides on SIGSEGV, which this throws as a UserFault for the kernel to
// deliver. Addresses of the kernel half fault with SEGV_MAPERR; non-
// canonical ones raise #GP: SIGSEGV with si_code SI_KERNEL and si_addr 0.
//
// The hit path allocates nothing and touches only typed arrays: it is the
// hot loop of the whole simulation.

import { UserFault, type Memory } from '../../lang/abi';
import type { FaultKind, WalkStep } from '../events';
import { SEGV_MAPERR, SIGBUS, SIGKILL, SIGSEGV, SI_KERNEL } from '../uapi/signal';
import { PAGE_SIZE } from '../param';
import type { MmContext } from './context';
import { KERNEL_CANONICAL_START, USER_CANONICAL_END } from './mm';
import type { FaultOwner, MmStruct } from './mm_types';
import { handleMmFault } from './memory';
import type { PhysMem } from './page_alloc';
import {
  LEVELS,
  _PAGE_ACCESSED,
  _PAGE_DIRTY,
  _PAGE_NX_HI,
  _PAGE_PRESENT,
  _PAGE_RW,
  _PAGE_USER,
  entryHex,
  entryPfn,
} from './pgtable';
import { TLB_D, TLB_NX, TLB_W, Tlb } from './tlb';

/** si_code of SIGBUS for an access beyond the end of a mapped file. */
export const BUS_ADRERR = 2;

/** A CPU's memory as a user thread sees it. */
export interface Mmu extends Memory {
  /** switch_mm: load CR3 with mm's PGD; flushes this CPU's TLB when mm changes (no PCID) and marks the CPU in mm_cpumask. */
  switchMm(mm: MmStruct, owner: FaultOwner): void;
  /** Another thread of the same mm now runs on this CPU (faults are counted to it). */
  setOwner(owner: FaultOwner): void;
  /** A kernel thread (or idle) runs here on the borrowed mm: lazy TLB mode. linux: enter_lazy_tlb */
  enterLazy(): void;
  /** The mm loaded in CR3 (a kernel thread keeps the previous one: lazy TLB). */
  readonly mm: MmStruct | null;
}

const W_D = TLB_W | TLB_D;

export class CpuMmu implements Mmu {
  mm: MmStruct | null = null; // the mm in CR3
  owner: FaultOwner | null = null; // the task faults are accounted to
  readonly tlb: Tlb; // this CPU's TLB
  tracing = false; // emit a 'walk' event per translation (the mm is traced)
  lazy = false; // running a kernel thread on the borrowed mm (lazy TLB): shootdowns skip this CPU
  stale = false; // a shootdown was skipped while lazy: the TLB must be flushed before the mm is used again
  private readonly data: (DataView | null)[]; // frame contents (PhysMem.data)
  private readonly tables: (Uint32Array | null)[]; // page-table frames (PhysMem.tables)
  private readonly scratch = new DataView(new ArrayBuffer(8)); // assembles page-crossing accesses
  private steps: WalkStep[] = []; // the last walk's steps, while tracing

  constructor(
    readonly cpu: number, // this CPU's number
    private readonly ctx: MmContext,
    tlbEntries: number,
  ) {
    this.tlb = new Tlb(tlbEntries);
    this.data = ctx.phys.data;
    this.tables = ctx.phys.tables;
  }

  private get phys(): PhysMem {
    return this.ctx.phys;
  }

  switchMm(mm: MmStruct, owner: FaultOwner): void {
    if (mm.dead) throw new Error(`switch_mm to freed mm #${mm.id}`);
    const prev = this.mm;
    // Back from lazy mode to the same mm: flush if a shootdown skipped us (the tlb_gen check).
    const staleSame = prev === mm && this.lazy && this.stale;
    this.lazy = false;
    this.stale = false;
    if (prev !== mm || staleSame) {
      if (prev) prev.cpumask[this.cpu] = 0;
      this.mm = mm;
      this.tlb.flushAll();
      this.tlb.flushes++;
      this.ctx.events.emit({ type: 'tlb-flush', cpu: this.cpu, pid: owner.pid, scope: 'all', start: 0, end: 0, shootdown: false });
    }
    mm.cpumask[this.cpu] = 1;
    this.owner = owner;
    this.tracing = mm.traced;
  }

  setOwner(owner: FaultOwner): void {
    this.owner = owner;
  }

  /**
   * A kernel thread or the idle task now runs here on the mm still in CR3
   * (it has none of its own): lazy TLB mode. Remote flushes of that mm skip
   * this CPU and leave it stale; it flushes when it uses the mm again.
   * linux: arch/x86/mm/tlb.c enter_lazy_tlb
   */
  enterLazy(): void {
    this.lazy = true;
  }

  // ---- loads ----

  load8(addr: number): number {
    const v = this.load8u(addr);
    return v > 127 ? v - 256 : v;
  }

  load8u(addr: number): number {
    const vpn = Math.floor(addr / PAGE_SIZE);
    if (!this.tracing) {
      const tlb = this.tlb;
      const i = tlb.lookup(vpn);
      if (i >= 0) {
        tlb.hits++;
        const dv = this.data[tlb.pfn[i]];
        return dv === null ? 0 : dv.getUint8(addr - vpn * PAGE_SIZE);
      }
    }
    const pfn = this.translate(addr, 'r');
    const dv = this.data[pfn];
    return dv === null ? 0 : dv.getUint8(addr - vpn * PAGE_SIZE);
  }

  load16(addr: number): number {
    const v = this.load16u(addr);
    return v > 32767 ? v - 65536 : v;
  }

  load16u(addr: number): number {
    const vpn = Math.floor(addr / PAGE_SIZE);
    const off = addr - vpn * PAGE_SIZE;
    if (off <= PAGE_SIZE - 2 && !this.tracing) {
      const tlb = this.tlb;
      const i = tlb.lookup(vpn);
      if (i >= 0) {
        tlb.hits++;
        const dv = this.data[tlb.pfn[i]];
        return dv === null ? 0 : dv.getUint16(off, true);
      }
    }
    return this.slowLoad(addr, 2).getUint16(0, true);
  }

  load32(addr: number): number {
    const vpn = Math.floor(addr / PAGE_SIZE);
    const off = addr - vpn * PAGE_SIZE;
    if (off <= PAGE_SIZE - 4 && !this.tracing) {
      const tlb = this.tlb;
      const i = tlb.lookup(vpn);
      if (i >= 0) {
        tlb.hits++;
        const dv = this.data[tlb.pfn[i]];
        return dv === null ? 0 : dv.getInt32(off, true);
      }
    }
    return this.slowLoad(addr, 4).getInt32(0, true);
  }

  load32u(addr: number): number {
    const vpn = Math.floor(addr / PAGE_SIZE);
    const off = addr - vpn * PAGE_SIZE;
    if (off <= PAGE_SIZE - 4 && !this.tracing) {
      const tlb = this.tlb;
      const i = tlb.lookup(vpn);
      if (i >= 0) {
        tlb.hits++;
        const dv = this.data[tlb.pfn[i]];
        return dv === null ? 0 : dv.getUint32(off, true);
      }
    }
    return this.slowLoad(addr, 4).getUint32(0, true);
  }

  load64(addr: number): number {
    const vpn = Math.floor(addr / PAGE_SIZE);
    const off = addr - vpn * PAGE_SIZE;
    if (off <= PAGE_SIZE - 8 && !this.tracing) {
      const tlb = this.tlb;
      const i = tlb.lookup(vpn);
      if (i >= 0) {
        tlb.hits++;
        const dv = this.data[tlb.pfn[i]];
        return dv === null ? 0 : dv.getInt32(off + 4, true) * 4294967296 + dv.getUint32(off, true);
      }
    }
    const s = this.slowLoad(addr, 8);
    return s.getInt32(4, true) * 4294967296 + s.getUint32(0, true);
  }

  // ---- stores ----

  store8(addr: number, v: number): void {
    const vpn = Math.floor(addr / PAGE_SIZE);
    if (!this.tracing) {
      const tlb = this.tlb;
      const i = tlb.lookup(vpn);
      if (i >= 0 && (tlb.perm[i] & W_D) === W_D) {
        tlb.hits++;
        const pfn = tlb.pfn[i];
        const dv = this.data[pfn] ?? this.phys.bytes(pfn);
        dv.setUint8(addr - vpn * PAGE_SIZE, v);
        return;
      }
    }
    const pfn = this.translate(addr, 'w');
    this.phys.bytes(pfn).setUint8(addr - vpn * PAGE_SIZE, v);
  }

  store16(addr: number, v: number): void {
    const vpn = Math.floor(addr / PAGE_SIZE);
    const off = addr - vpn * PAGE_SIZE;
    if (off <= PAGE_SIZE - 2 && !this.tracing) {
      const tlb = this.tlb;
      const i = tlb.lookup(vpn);
      if (i >= 0 && (tlb.perm[i] & W_D) === W_D) {
        tlb.hits++;
        const pfn = tlb.pfn[i];
        const dv = this.data[pfn] ?? this.phys.bytes(pfn);
        dv.setUint16(off, v, true);
        return;
      }
    }
    this.scratch.setUint16(0, v, true);
    this.slowStore(addr, 2);
  }

  store32(addr: number, v: number): void {
    const vpn = Math.floor(addr / PAGE_SIZE);
    const off = addr - vpn * PAGE_SIZE;
    if (off <= PAGE_SIZE - 4 && !this.tracing) {
      const tlb = this.tlb;
      const i = tlb.lookup(vpn);
      if (i >= 0 && (tlb.perm[i] & W_D) === W_D) {
        tlb.hits++;
        const pfn = tlb.pfn[i];
        const dv = this.data[pfn] ?? this.phys.bytes(pfn);
        dv.setInt32(off, v, true);
        return;
      }
    }
    this.scratch.setInt32(0, v, true);
    this.slowStore(addr, 4);
  }

  store64(addr: number, v: number): void {
    const hi = Math.floor(v / 4294967296);
    const lo = v - hi * 4294967296;
    const vpn = Math.floor(addr / PAGE_SIZE);
    const off = addr - vpn * PAGE_SIZE;
    if (off <= PAGE_SIZE - 8 && !this.tracing) {
      const tlb = this.tlb;
      const i = tlb.lookup(vpn);
      if (i >= 0 && (tlb.perm[i] & W_D) === W_D) {
        tlb.hits++;
        const pfn = tlb.pfn[i];
        const dv = this.data[pfn] ?? this.phys.bytes(pfn);
        dv.setUint32(off, lo, true);
        dv.setInt32(off + 4, hi, true);
        return;
      }
    }
    this.scratch.setUint32(0, lo, true);
    this.scratch.setInt32(4, hi, true);
    this.slowStore(addr, 8);
  }

  // ---- instruction fetch ----

  fetch(addr: number): void {
    const vpn = Math.floor(addr / PAGE_SIZE);
    if (!this.tracing) {
      const tlb = this.tlb;
      const i = tlb.lookup(vpn);
      if (i >= 0 && !(tlb.perm[i] & TLB_NX)) {
        tlb.hits++;
        return;
      }
    }
    this.translate(addr, 'x');
  }

  // ---- slow paths ----

  /** Reads `size` bytes at addr (possibly across a page boundary) into the scratch buffer. */
  private slowLoad(addr: number, size: number): DataView {
    const s = this.scratch;
    const vpn = Math.floor(addr / PAGE_SIZE);
    const off = addr - vpn * PAGE_SIZE;
    const first = Math.min(size, PAGE_SIZE - off);
    const pfnA = this.translate(addr, 'r');
    const pfnB = first < size ? this.translate((vpn + 1) * PAGE_SIZE, 'r') : -1;
    for (let k = 0; k < size; k++) {
      const dv = this.data[k < first ? pfnA : pfnB];
      s.setUint8(k, dv === null ? 0 : dv.getUint8(k < first ? off + k : k - first));
    }
    return s;
  }

  /** Writes the first `size` scratch bytes at addr; both pages are checked before anything is written, as x86 does. */
  private slowStore(addr: number, size: number): void {
    const s = this.scratch;
    const vpn = Math.floor(addr / PAGE_SIZE);
    const off = addr - vpn * PAGE_SIZE;
    const first = Math.min(size, PAGE_SIZE - off);
    const pfnA = this.translate(addr, 'w');
    const pfnB = first < size ? this.translate((vpn + 1) * PAGE_SIZE, 'w') : -1;
    const a = this.phys.bytes(pfnA);
    for (let k = 0; k < first; k++) a.setUint8(off + k, s.getUint8(k));
    if (pfnB >= 0) {
      const b = this.phys.bytes(pfnB);
      for (let k = first; k < size; k++) b.setUint8(k - first, s.getUint8(k));
    }
  }

  /**
   * Translates addr for an access, through the TLB, the page walk and the
   * fault handler. Returns the frame; throws UserFault when the access
   * cannot be satisfied.
   */
  translate(addr: number, access: 'r' | 'w' | 'x'): number {
    const mm = this.mm;
    if (!mm) throw new Error(`CPU ${this.cpu}: user access with no mm loaded`);
    const owner = this.owner;
    if (!owner) throw new Error(`CPU ${this.cpu}: user access with no task`);
    if (mm.dead) throw new Error(`CPU ${this.cpu}: user access through freed mm #${mm.id}`);
    if (!(addr >= 0 && addr < USER_CANONICAL_END)) {
      if (addr < 0 && addr >= KERNEL_CANONICAL_START && Number.isInteger(addr)) {
        // A canonical kernel address: #PF from user mode, no VMA to find.
        this.ctx.events.emit({ type: 'pagefault', pid: owner.pid, cpu: this.cpu, addr, access, kind: 'maperr', frame: -1 });
        this.traceWalk(addr, access, 'miss', -1, 'maperr');
        throw new UserFault(SIGSEGV, SEGV_MAPERR, addr, access);
      }
      // Non-canonical: #GP, not a page fault.
      this.traceWalk(addr, access, 'miss', -1, 'maperr');
      throw new UserFault(SIGSEGV, SI_KERNEL, 0, access);
    }
    const vpn = Math.floor(addr / PAGE_SIZE);
    const tlb = this.tlb;
    let hit: 'hit' | 'miss' = 'miss';
    let stale = false; // the TLB entry forbade the access: a page fault without a walk (it may be spurious)
    const i = tlb.lookup(vpn);
    if (i >= 0) {
      hit = 'hit';
      tlb.hits++;
      const perm = tlb.perm[i];
      let ok = access === 'r' || (access === 'x' && !(perm & TLB_NX)) || (access === 'w' && (perm & W_D) === W_D);
      if (!ok && access === 'w' && perm & TLB_W) {
        // Dirty-bit assist: re-walk to set D in the PTE.
        const pfn = this.walk(mm, vpn, 'w', false);
        if (pfn >= 0) {
          tlb.perm[i] = perm | TLB_D;
          ok = true;
        }
      }
      if (ok) {
        const pfn = tlb.pfn[i];
        if (this.tracing) this.traceWalk(addr, access, 'hit', pfn * PAGE_SIZE + (addr - vpn * PAGE_SIZE), '');
        return pfn;
      }
      tlb.invalidate(vpn); // a page fault drops the faulting translation
      stale = true;
    } else tlb.misses++;
    let fault: FaultKind | '' = '';
    for (let tries = 0; tries < 3; tries++) {
      const pfn = stale ? -1 : this.walk(mm, vpn, access, this.tracing);
      stale = false;
      if (pfn >= 0) {
        if (this.tracing) this.traceWalk(addr, access, hit, pfn * PAGE_SIZE + (addr - vpn * PAGE_SIZE), fault, this.steps);
        return pfn;
      }
      const saved = this.ctx.thisCpu;
      this.ctx.thisCpu = this.cpu;
      let r;
      try {
        r = handleMmFault(this.ctx, mm, addr, access, owner, this.cpu, 'user');
      } finally {
        this.ctx.thisCpu = saved;
      }
      // The OOM killer freed another process's memory: fault again (not a try).
      if (r === 'oom') {
        if (this.ctx.outOfMemory?.(owner)) {
          tries--;
          continue;
        }
        if (!this.ctx.outOfMemory) this.ctx.events.emit({ type: 'oom', pid: owner.pid, trigger: owner.pid }); // no killer: the faulting task dies
      }
      if (r === 'maperr' || r === 'accerr' || r === 'oom' || r === 'sigbus') {
        if (this.tracing) this.traceWalk(addr, access, hit, -1, r === 'accerr' ? 'accerr' : 'maperr', this.steps);
        if (r === 'maperr') throw new UserFault(SIGSEGV, SEGV_MAPERR, addr, access);
        if (r === 'accerr') throw new UserFault(SIGSEGV, 2, addr, access);
        if (r === 'sigbus') throw new UserFault(SIGBUS, BUS_ADRERR, addr, access);
        throw new UserFault(SIGKILL, SI_KERNEL, addr, access); // out of memory: the OOM killer
      }
      if (fault === '') fault = r;
    }
    throw new Error(`CPU ${this.cpu}: fault at 0x${addr.toString(16)} (${access}) does not resolve`);
  }

  /**
   * The hardware page walk for page `vpn`: returns the frame and fills the
   * TLB if the PTE allows the access (setting accessed, and dirty for a
   * write), or -1 (a page fault). With `record`, keeps the steps for the
   * trace.
   */
  private walk(mm: MmStruct, vpn: number, access: 'r' | 'w' | 'x', record: boolean): number {
    const tables = this.tables;
    if (record) this.steps = [];
    let table = mm.pgd;
    const idx0 = Math.floor(vpn / 134217728) & 511;
    const idx1 = Math.floor(vpn / 262144) & 511;
    const idx2 = Math.floor(vpn / 512) & 511;
    const idx3 = vpn & 511;
    for (let level = 0; level < 4; level++) {
      const t = tables[table]!;
      const index = level === 0 ? idx0 : level === 1 ? idx1 : level === 2 ? idx2 : idx3;
      const w = index * 2;
      let lo = t[w];
      const hi = t[w + 1];
      const present = (lo & _PAGE_PRESENT) !== 0;
      if (record) this.steps.push({ level: LEVELS[level], index, table: table * PAGE_SIZE, entry: entryHex(lo, hi), present });
      if (!present || !(lo & _PAGE_USER)) return -1;
      if (level < 3) {
        if (!(lo & _PAGE_ACCESSED)) t[w] = (lo | _PAGE_ACCESSED) >>> 0;
        table = entryPfn(lo, hi);
        continue;
      }
      if (access === 'w' && !(lo & _PAGE_RW)) return -1;
      if (access === 'x' && hi & _PAGE_NX_HI) return -1;
      lo = (lo | _PAGE_ACCESSED | (access === 'w' ? _PAGE_DIRTY : 0)) >>> 0;
      t[w] = lo;
      const pfn = entryPfn(lo, hi);
      this.tlb.fill(vpn, pfn, (lo & _PAGE_RW ? TLB_W : 0) | (lo & _PAGE_DIRTY ? TLB_D : 0) | (hi & _PAGE_NX_HI ? TLB_NX : 0));
      return pfn;
    }
    return -1;
  }

  private traceWalk(addr: number, access: 'r' | 'w' | 'x', tlb: 'hit' | 'miss', phys: number, fault: FaultKind | '', steps: WalkStep[] = []): void {
    if (!this.tracing) return;
    this.ctx.events.emit({ type: 'walk', cpu: this.cpu, pid: this.owner ? this.owner.pid : 0, addr, access, tlb, steps: steps.slice(), phys, fault });
  }
}
