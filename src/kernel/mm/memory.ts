// The page-fault handler and the functions that fill, copy and empty page
// tables. linux: mm/memory.c (handle_mm_fault, do_anonymous_page, do_fault,
// do_wp_page, zap_pte_range, copy_page_range, free_pgtables),
// arch/x86/mm/fault.c (do_user_addr_fault, access_error), mm/gup.c (populate)
//
// A fault is decided in two steps, as on x86:
//  1. find the VMA (growing the stack if the address is just below a
//     VM_GROWSDOWN VMA); none -> SEGV_MAPERR. Check the access against the
//     VMA (access_error): a write needs VM_WRITE; a read or fetch of a
//     not-present page needs any access right; a fetch of a present NX page
//     or a read of a PROT_NONE VMA -> SEGV_ACCERR.
//  2. fix the PTE (handle_pte_fault): first touch of anonymous memory maps
//     the zero page (read) or a new zeroed frame (write); first touch of a
//     file page maps the page-cache frame (a write to a private mapping
//     copies it first); a write to a write-protected page of a private
//     writable VMA breaks COW: copy if the frame is shared, reuse it if this
//     PTE is its only user; the zero page is replaced by a new frame.
// A fetch from a non-exec VMA first maps the page (NX), then faults again
// with SEGV_ACCERR, as x86 does.

import { PAGE_SIZE } from '../param';
import type { FaultKind } from '../events';
import type { MmContext } from './context';
import { VM_GROWSDOWN, VM_MAYWRITE, VM_SHARED, VM_WRITE, isCowMapping, vmaAccessible } from './mm';
import { MM_ANONPAGES, MM_FILEPAGES, MM_SHMEMPAGES, type FaultOwner, type MmStruct, type VmAreaStruct } from './mm_types';
import { PG_ANON, PG_DIRTY, PG_EXCLUSIVE, PG_FILE, ZERO_PFN } from './page_alloc';
import {
  PMD_SIZE,
  _PAGE_ACCESSED,
  _PAGE_DIRTY,
  _PAGE_NX_HI,
  _PAGE_PRESENT,
  _PAGE_PROTNONE,
  _PAGE_RW,
  _PAGE_SPECIAL,
  allocPteTable,
  entryHi,
  entryLo,
  entryPfn,
  freePgdRange,
  lookupPteTable,
} from './pgtable';
import { flushTlbMmRange } from './tlb';
import { anonVmaPrepare, expandDownwards, findVma } from './vma';

/** What a fault came to: one of the event kinds, or a failure that is not a SIGSEGV. */
export type FaultResult = FaultKind | 'oom' | 'sigbus';

/**
 * Where a fault comes from: user mode (the MMU), the kernel touching user
 * memory (uaccess), get_user_pages (populate), or 'startup': exec replaying
 * what ld.so and libc's start-up touch before main (exec.ts). A startup
 * fault emits no event and is not counted (exec sets the count the
 * reference machine shows), and may write a private read-only file page
 * (RELRO, which ld.so relocates before it mprotects it read-only): the
 * copy stays read-only, as a FOLL_FORCE write leaves it.
 */
export type FaultMode = 'user' | 'kernel' | 'gup' | 'startup';

/** RSS counter a frame counts in, when mapped by `vma`. */
function rssType(ctx: MmContext, pfn: number, vma: VmAreaStruct): number {
  if (ctx.phys.flags[pfn] & PG_ANON) return MM_ANONPAGES;
  return vma.vmFile && vma.vmFile.inode.shmem ? MM_SHMEMPAGES : MM_FILEPAGES;
}

/**
 * Handles a page fault on a canonical user address of `mm`. Returns the
 * kind of fault ('maperr'/'accerr' when the access is not allowed, 'oom'
 * when no frame could be had, 'sigbus' for a file page beyond the end of
 * the file); the caller turns failures into a signal or -EFAULT. Counts
 * the fault in owner.minFlt and emits a 'pagefault' event (not for
 * get_user_pages, which perf does not report either).
 * linux: arch/x86/mm/fault.c do_user_addr_fault, mm/memory.c handle_mm_fault
 */
export function handleMmFault(ctx: MmContext, mm: MmStruct, addr: number, access: 'r' | 'w' | 'x', owner: FaultOwner, cpu: number, mode: FaultMode): FaultResult {
  let frame = -1;
  const quiet = mode === 'startup';
  const done = (kind: FaultResult): FaultResult => {
    if (quiet) return kind;
    // mm_account_fault: PGFAULT counts every handle_mm_fault, failed or not; min_flt only the handled ones.
    if (kind !== 'maperr' && kind !== 'accerr') ctx.vmEvents.pgfault++;
    if (kind !== 'maperr' && kind !== 'accerr' && kind !== 'oom' && kind !== 'sigbus') owner.minFlt++;
    if (mode !== 'gup' && kind !== 'oom' && kind !== 'sigbus') ctx.events.emit({ type: 'pagefault', pid: owner.pid, cpu, addr, access, kind, frame });
    return kind;
  };
  const vma = findVma(mm, addr);
  if (!vma) return done('maperr');
  let grew = false;
  if (vma.vmStart > addr) {
    if (!(vma.vmFlags & VM_GROWSDOWN) || expandDownwards(ctx, vma, addr) !== 0) return done('maperr');
    grew = true;
  }
  const phys = ctx.phys;
  const pageAddr = Math.floor(addr / PAGE_SIZE) * PAGE_SIZE;
  // access_error, with the hardware error code read off the PTE.
  let ptePfn = lookupPteTable(phys, mm.pgd, addr);
  const idx = (Math.floor(addr / PAGE_SIZE) & 511) * 2;
  let lo = ptePfn >= 0 ? phys.tables[ptePfn]![idx] : 0;
  const hi = ptePfn >= 0 ? phys.tables[ptePfn]![idx + 1] : 0;
  const present = (lo & _PAGE_PRESENT) !== 0;
  const flags = vma.vmFlags;
  // A startup write to a private read-only file mapping is ld.so relocating RELRO.
  const force = quiet && access === 'w' && !(flags & (VM_WRITE | VM_SHARED)) && (flags & VM_MAYWRITE) !== 0 && vma.vmFile !== null;
  if (access === 'w') {
    if (!(flags & VM_WRITE) && !force) return done('accerr');
  } else if (present) {
    if (access === 'x' && hi & _PAGE_NX_HI) return done('accerr');
  } else if (!vmaAccessible(flags)) return done('accerr');

  // handle_pte_fault
  if (ptePfn < 0) {
    ptePfn = allocPteTable(phys, mm, addr);
    if (ptePfn < 0) return done('oom');
  }
  const t = phys.tables[ptePfn]!;
  const write = access === 'w';
  let kind: FaultResult;
  if (!present) {
    if (lo & _PAGE_PROTNONE) throw new Error(`PROT_NONE PTE under an accessible VMA at 0x${addr.toString(16)}`);
    if (lo !== 0 || hi !== 0) throw new Error(`unknown non-present PTE at 0x${addr.toString(16)}`);
    if (!vma.vmFile && vma.name === '[vdso]') {
      // special_mapping_fault: the vDSO image's page (after fork, whose child does not copy it)
      frame = ctx.files.getPage(ctx.files.vdsoInode(), (pageAddr - vma.vmStart) / PAGE_SIZE);
      if (frame === -1) return done('oom');
      if (frame === -2) return done('sigbus');
      phys.getPage(frame);
      phys.mapcount[frame]++;
      t[idx] = entryLo(frame, vma.vmPageProt.lo & ~_PAGE_RW);
      t[idx + 1] = entryHi(frame, vma.vmPageProt.hi);
      mm.rssStat[rssType(ctx, frame, vma)]++;
      kind = 'file';
    } else if (!vma.vmFile) {
      // do_anonymous_page
      if (!write) {
        frame = ZERO_PFN;
        t[idx] = entryLo(ZERO_PFN, (vma.vmPageProt.lo & ~_PAGE_RW) | _PAGE_SPECIAL);
        t[idx + 1] = entryHi(ZERO_PFN, vma.vmPageProt.hi);
        kind = 'zero-page';
      } else {
        anonVmaPrepare(vma);
        frame = phys.allocPage(PG_ANON | PG_EXCLUSIVE);
        if (frame < 0) return done('oom');
        phys.mapcount[frame] = 1;
        t[idx] = entryLo(frame, vma.vmPageProt.lo | _PAGE_RW | _PAGE_DIRTY);
        t[idx + 1] = entryHi(frame, vma.vmPageProt.hi);
        mm.rssStat[MM_ANONPAGES]++;
        kind = 'demand-zero';
      }
    } else {
      // do_fault: the page comes from the file's page cache
      const pgoff = vma.vmPgoff + (pageAddr - vma.vmStart) / PAGE_SIZE;
      const cache = ctx.files.getPage(vma.vmFile.inode, pgoff);
      if (cache === -1) return done('oom');
      if (cache === -2) return done('sigbus');
      if (write && !(flags & VM_SHARED)) {
        // do_cow_fault: a private copy of the file page
        anonVmaPrepare(vma);
        frame = phys.allocPage(PG_ANON | PG_EXCLUSIVE);
        if (frame < 0) return done('oom');
        phys.copyPage(frame, cache);
        phys.mapcount[frame] = 1;
        t[idx] = entryLo(frame, vma.vmPageProt.lo | (force ? 0 : _PAGE_RW) | _PAGE_DIRTY);
        t[idx + 1] = entryHi(frame, vma.vmPageProt.hi);
        mm.rssStat[MM_ANONPAGES]++;
        if (!quiet) ctx.events.emit({ type: 'cow', pid: owner.pid, addr: pageAddr, from: cache, to: frame, copied: true });
        kind = 'cow-copy';
      } else {
        // do_read_fault / do_shared_fault
        frame = cache;
        phys.getPage(frame);
        phys.mapcount[frame]++;
        t[idx] = entryLo(frame, vma.vmPageProt.lo | (write ? _PAGE_DIRTY : 0));
        t[idx + 1] = entryHi(frame, vma.vmPageProt.hi);
        if (write) phys.flags[frame] |= PG_DIRTY;
        mm.rssStat[rssType(ctx, frame, vma)]++;
        kind = 'file';
      }
    }
  } else if (write && !(lo & _PAGE_RW)) {
    // do_wp_page
    const old = entryPfn(lo, hi);
    if (lo & _PAGE_SPECIAL) {
      // the zero page: a new zeroed frame (a write-protect fault, but nothing to copy)
      anonVmaPrepare(vma);
      frame = phys.allocPage(PG_ANON | PG_EXCLUSIVE);
      if (frame < 0) return done('oom');
      phys.mapcount[frame] = 1;
      t[idx] = entryLo(frame, vma.vmPageProt.lo | _PAGE_RW | _PAGE_DIRTY | _PAGE_ACCESSED);
      t[idx + 1] = entryHi(frame, vma.vmPageProt.hi);
      mm.rssStat[MM_ANONPAGES]++;
      flushTlbMmRange(ctx, mm, pageAddr, pageAddr + PAGE_SIZE);
      kind = 'demand-zero';
    } else if (flags & VM_SHARED) {
      // wp_page_shared: a shared page is written in place
      frame = old;
      t[idx] = (lo | _PAGE_RW | _PAGE_DIRTY | _PAGE_ACCESSED) >>> 0;
      phys.flags[frame] |= PG_DIRTY;
      kind = 'file';
    } else if (phys.flags[old] & PG_ANON && phys.refcount[old] === 1) {
      // wp_page_reuse: this PTE is the frame's only user
      frame = old;
      t[idx] = (lo | _PAGE_RW | _PAGE_DIRTY | _PAGE_ACCESSED) >>> 0;
      phys.flags[old] |= PG_EXCLUSIVE;
      if (!quiet) ctx.events.emit({ type: 'cow', pid: owner.pid, addr: pageAddr, from: old, to: old, copied: false });
      kind = 'cow-reuse';
    } else {
      // wp_page_copy
      anonVmaPrepare(vma);
      frame = phys.allocPage(PG_ANON | PG_EXCLUSIVE);
      if (frame < 0) return done('oom');
      phys.copyPage(frame, old);
      phys.mapcount[frame] = 1;
      mm.rssStat[rssType(ctx, old, vma)]--;
      mm.rssStat[MM_ANONPAGES]++;
      t[idx] = entryLo(frame, vma.vmPageProt.lo | _PAGE_RW | _PAGE_DIRTY | _PAGE_ACCESSED);
      t[idx + 1] = entryHi(frame, vma.vmPageProt.hi);
      phys.mapcount[old]--;
      phys.putPage(old);
      flushTlbMmRange(ctx, mm, pageAddr, pageAddr + PAGE_SIZE);
      if (!quiet) ctx.events.emit({ type: 'cow', pid: owner.pid, addr: pageAddr, from: old, to: frame, copied: true });
      kind = 'cow-copy';
    }
  } else {
    // Nothing to fix: the TLB was stale (another CPU already fixed the PTE).
    frame = entryPfn(lo, hi);
    lo = (lo | _PAGE_ACCESSED | (write ? _PAGE_DIRTY : 0)) >>> 0;
    t[idx] = lo;
    kind = 'spurious';
  }
  if (grew) kind = 'stack-grow';
  return done(kind);
}

// ---- emptying page tables ----

/**
 * Unmaps the pages of [start, end) inside `vma`: clears the PTEs, drops the
 * frames' map and reference counts and the mm's RSS. The caller flushes the
 * TLB. linux: mm/memory.c zap_pte_range (via unmap_page_range)
 */
export function zapPageRange(ctx: MmContext, mm: MmStruct, vma: VmAreaStruct, start: number, end: number): void {
  const phys = ctx.phys;
  let a = start;
  while (a < end) {
    const chunkEnd = Math.min(Math.floor(a / PMD_SIZE) * PMD_SIZE + PMD_SIZE, end);
    const ptePfn = lookupPteTable(phys, mm.pgd, a);
    if (ptePfn >= 0) {
      const t = phys.tables[ptePfn]!;
      for (let p = a; p < chunkEnd; p += PAGE_SIZE) {
        const i = (Math.floor(p / PAGE_SIZE) & 511) * 2;
        const lo = t[i];
        const hi = t[i + 1];
        if (lo === 0 && hi === 0) continue;
        t[i] = 0;
        t[i + 1] = 0;
        if (lo & _PAGE_SPECIAL) continue; // the zero page
        const pfn = entryPfn(lo, hi);
        if (lo & _PAGE_DIRTY && phys.flags[pfn] & PG_FILE) phys.flags[pfn] |= PG_DIRTY;
        mm.rssStat[rssType(ctx, pfn, vma)]--;
        phys.mapcount[pfn]--;
        phys.putPage(pfn);
      }
    }
    a = chunkEnd;
  }
}

/**
 * Frees the page tables of a run of VMAs being removed (vmas, in order,
 * with nothing else between them), keeping tables shared with the VMA
 * below (floor: its end, 0 if none) and above (ceiling: its start, 0 if
 * none). linux: mm/memory.c free_pgtables
 */
export function freePgtables(ctx: MmContext, mm: MmStruct, vmas: VmAreaStruct[], floor: number, ceiling: number): void {
  let i = 0;
  while (i < vmas.length) {
    const first = vmas[i];
    let last = first;
    // Group VMAs close together, as Linux does, so their shared tables go once.
    while (i + 1 < vmas.length && vmas[i + 1].vmStart <= last.vmEnd + PMD_SIZE) last = vmas[++i];
    i++;
    const ceil = i < vmas.length ? vmas[i].vmStart : ceiling;
    freePgdRange(ctx.phys, mm, first.vmStart, last.vmEnd, floor, ceil); // floor stays: nothing between the groups survives
  }
}

// ---- fork ----

/**
 * Copies the PTEs of `src` (a VMA of srcMm) into dstMm: both now map the
 * same frames. For a private writable mapping the PTEs are write-protected
 * in parent and child alike, so the first write of either copies (COW).
 * The child's PTEs start old (not accessed); shared mappings start clean.
 * Returns 0, or -1 when a page table could not be allocated.
 * linux: mm/memory.c copy_page_range, copy_present_pte
 */
export function copyPageRange(ctx: MmContext, dstMm: MmStruct, srcMm: MmStruct, src: VmAreaStruct): number {
  const phys = ctx.phys;
  const cow = isCowMapping(src.vmFlags);
  const shared = (src.vmFlags & VM_SHARED) !== 0;
  const end = src.vmEnd;
  let a = src.vmStart;
  const tables = phys.tables;
  const refcount = phys.refcount;
  const mapcount = phys.mapcount;
  const pflags = phys.flags;
  const shmem = !!src.vmFile && src.vmFile.inode.shmem;
  while (a < end) {
    const chunkEnd = Math.min(Math.floor(a / PMD_SIZE) * PMD_SIZE + PMD_SIZE, end);
    const srcPte = lookupPteTable(phys, srcMm.pgd, a);
    if (srcPte >= 0) {
      const st = tables[srcPte]!;
      let dt: Uint32Array | null = null;
      const first = (Math.floor(a / PAGE_SIZE) & 511) * 2;
      const last = first + ((chunkEnd - a) / PAGE_SIZE) * 2;
      for (let i = first; i < last; i += 2) {
        let lo = st[i];
        const hi = st[i + 1];
        if (lo === 0 && hi === 0) continue;
        if (dt === null) {
          const dstPte = allocPteTable(phys, dstMm, a);
          if (dstPte < 0) return -1;
          dt = tables[dstPte]!;
        }
        if (cow && lo & _PAGE_RW) {
          lo = (lo & ~_PAGE_RW) >>> 0;
          st[i] = lo;
        }
        let child = (lo & ~_PAGE_ACCESSED) >>> 0;
        if (shared) child = (child & ~_PAGE_DIRTY) >>> 0;
        dt[i] = child;
        dt[i + 1] = hi;
        if (lo & _PAGE_SPECIAL) continue;
        const pfn = (lo >>> 12) + (hi & 0xfffff) * 0x100000;
        refcount[pfn]++;
        mapcount[pfn]++;
        const pf = pflags[pfn];
        if (pf & PG_ANON) {
          pflags[pfn] = pf & ~PG_EXCLUSIVE; // now shared with the child
          dstMm.rssStat[MM_ANONPAGES]++;
        } else dstMm.rssStat[shmem ? MM_SHMEMPAGES : MM_FILEPAGES]++;
      }
    }
    a = chunkEnd;
  }
  return 0;
}

/**
 * Maps frame `pfn` (a kernel page such as the vDSO's) at `addr` of `vma`,
 * as a special mapping's fault handler installs it: read-only, counted as
 * a file page in the RSS. -1 when a page table cannot be had.
 * linux: mm/mmap.c special_mapping_fault, mm/memory.c vm_insert_page
 */
export function installSpecialPage(ctx: MmContext, mm: MmStruct, vma: VmAreaStruct, addr: number, pfn: number): number {
  const phys = ctx.phys;
  const ptePfn = allocPteTable(phys, mm, addr);
  if (ptePfn < 0) return -1;
  const t = phys.tables[ptePfn]!;
  const idx = (Math.floor(addr / PAGE_SIZE) & 511) * 2;
  if (t[idx] !== 0 || t[idx + 1] !== 0) return 0;
  phys.getPage(pfn);
  phys.mapcount[pfn]++;
  t[idx] = entryLo(pfn, (vma.vmPageProt.lo & ~_PAGE_RW) | _PAGE_ACCESSED);
  t[idx + 1] = entryHi(pfn, vma.vmPageProt.hi);
  mm.rssStat[rssType(ctx, pfn, vma)]++;
  return 0;
}

// ---- populate ----

/**
 * Faults in every page of [start, end) of `vma` as get_user_pages does for
 * MAP_POPULATE and MAP_LOCKED: writes for private writable mappings (so
 * COW is broken now), reads otherwise. Each fault counts in owner.minFlt.
 * Returns the number of pages that could not be faulted in (out of memory).
 * linux: mm/gup.c populate_vma_page_range
 */
export function populateRange(ctx: MmContext, mm: MmStruct, vma: VmAreaStruct, start: number, end: number, owner: FaultOwner): number {
  const write = (vma.vmFlags & (VM_WRITE | VM_SHARED)) === VM_WRITE;
  const access = write ? 'w' : 'r';
  if (!vmaAccessible(vma.vmFlags)) return 0;
  let failed = 0;
  const phys = ctx.phys;
  for (let a = start; a < end; a += PAGE_SIZE) {
    const ptePfn = lookupPteTable(phys, mm.pgd, a);
    if (ptePfn >= 0) {
      const lo = phys.tables[ptePfn]![(Math.floor(a / PAGE_SIZE) & 511) * 2];
      if (lo & _PAGE_PRESENT && (!write || lo & _PAGE_RW)) continue; // follow_page found it
    }
    const r = handleMmFault(ctx, mm, a, access, owner, ctx.thisCpu, 'gup');
    if (r === 'oom' || r === 'maperr' || r === 'accerr' || r === 'sigbus') failed++;
    if (r === 'oom') break;
  }
  return failed;
}
