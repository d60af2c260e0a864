// VMA bookkeeping: finding, linking, splitting and merging areas, the
// per-mm accounting, the anon_vma of a VMA, and growing the stack.
// linux: mm/mmap.c (find_vma, find_vma_prev, vma_merge, split_vma,
//        vm_stat_account, expand_downwards), mm/vma.c, mm/rmap.c (anon_vma_prepare)
//
// Invariants (checked by checkMm in tests): VMAs never overlap, the list is
// sorted and agrees with the tree, map_count equals the tree size, and
// every VMA is page aligned and non-empty.

import { EINVAL, ENOMEM, EPERM } from '../uapi/errno';
import { PAGE_SIZE } from '../param';
import type { MmContext } from './context';
import {
  MMAP_MIN_ADDR,
  STACK_GUARD_GAP,
  VM_ACCESS_FLAGS,
  VM_GROWSDOWN,
  VM_LOCKED,
  VM_SOFTDIRTY,
  VM_SPECIAL,
  isDataMapping,
  isExecMapping,
  isStackMapping,
  vmPerms,
  vmaAccessible,
} from './mm';
import { AnonVma, VmAreaStruct, type MmStruct } from './mm_types';
import type { File } from './filemap';

/**
 * The first VMA with vm_end > addr: the one containing addr, or the next one
 * above it (which does not contain addr), or null. A one-entry cache first,
 * then O(log n): the walk of the lecture's find_vma over mm_rb.
 * linux: mm/mmap.c find_vma
 */
export function findVma(mm: MmStruct, addr: number): VmAreaStruct | null {
  // Check the cache first (the bounds are read live, so a cached VMA that
  // changed size is still right; removal clears the cache).
  const cached = mm.mmapCache;
  if (cached !== null && cached.vmStart <= addr && cached.vmEnd > addr) return cached;
  let node = mm.mmRb.root;
  let vma: VmAreaStruct | null = null;
  while (node) {
    if (node.vmEnd > addr) {
      vma = node;
      if (node.vmStart <= addr) break;
      node = node.rbLeft as VmAreaStruct | null;
    } else node = node.rbRight as VmAreaStruct | null;
  }
  if (vma !== null && vma.vmStart <= addr) mm.mmapCache = vma;
  return vma;
}

/** find_vma, plus the last VMA before addr (the one before the result, or the last VMA if there is no result). linux: find_vma_prev */
export function findVmaPrev(mm: MmStruct, addr: number): { vma: VmAreaStruct | null; prev: VmAreaStruct | null } {
  const vma = findVma(mm, addr);
  return { vma, prev: vma ? vma.vmPrev : mm.mmRb.last() };
}

/** The first VMA overlapping [start, end), or null. linux: find_vma_intersection */
export function findVmaIntersection(mm: MmStruct, start: number, end: number): VmAreaStruct | null {
  const vma = findVma(mm, start);
  if (vma && end <= vma.vmStart) return null;
  return vma;
}

/** Inserts a VMA in the tree and the list. The caller checked it overlaps nothing. linux: vma_link */
export function vmaLink(mm: MmStruct, vma: VmAreaStruct): void {
  mm.mmRb.insert(vma);
  const prev = mm.mmRb.prev(vma);
  const next = mm.mmRb.next(vma);
  vma.vmPrev = prev;
  vma.vmNext = next;
  if (prev) prev.vmNext = vma;
  else mm.mmap = vma;
  if (next) next.vmPrev = vma;
  mm.mapCount++;
}

/** Removes a VMA from the tree and the list (the caller deals with its pages and accounting). linux: __vma_unlink_list */
export function vmaUnlink(mm: MmStruct, vma: VmAreaStruct): void {
  if (mm.mmapCache === vma) mm.mmapCache = null;
  mm.mmRb.erase(vma);
  if (vma.vmPrev) vma.vmPrev.vmNext = vma.vmNext;
  else mm.mmap = vma.vmNext;
  if (vma.vmNext) vma.vmNext.vmPrev = vma.vmPrev;
  vma.vmPrev = vma.vmNext = null;
  mm.mapCount--;
}

/** Counts npages (negative to uncount) of a mapping with `flags` in the mm's totals. linux: vm_stat_account */
export function vmStatAccount(mm: MmStruct, flags: number, npages: number): void {
  mm.totalVm += npages;
  if (isExecMapping(flags)) mm.execVm += npages;
  else if (isStackMapping(flags)) mm.stackVm += npages;
  else if (isDataMapping(flags)) mm.dataVm += npages;
}

/** Records total_vm's high-water mark before it drops. linux: update_hiwater_vm */
export function updateHiwaterVm(mm: MmStruct): void {
  if (mm.hiwaterVm < mm.totalVm) mm.hiwaterVm = mm.totalVm;
}

/** Records RSS's high-water mark before it drops. linux: update_hiwater_rss */
export function updateHiwaterRss(mm: MmStruct): void {
  const rss = mm.rss;
  if (mm.hiwaterRss < rss) mm.hiwaterRss = rss;
}

/**
 * [start, end) became free address space: keep the unmapped-area search
 * hint exact (see getUnmappedArea in mmap.ts).
 */
export function noteFreedRange(mm: MmStruct, start: number, _end: number): void {
  // The whole gap now around the freed range, measured as the search measures it.
  const { vma: next, prev } = findVmaPrev(mm, start);
  const gapEnd = Math.min(next ? vmStartGap(next) : mm.taskSize, mm.mmapBase);
  const gapStart = prev ? prev.vmEnd : 0;
  if (gapEnd > mm.freeAreaCache && gapEnd > gapStart) mm.cachedHoleSize = Math.max(mm.cachedHoleSize, gapEnd - gapStart);
}

/** Where a VMA's guard area begins: a growsdown VMA keeps stack_guard_gap free below it. linux: vm_start_gap */
export function vmStartGap(vma: VmAreaStruct): number {
  if (vma.vmFlags & VM_GROWSDOWN) return Math.max(0, vma.vmStart - STACK_GUARD_GAP);
  return vma.vmStart;
}

// ---- merging ----

/** Same flags (but soft-dirty), same file, not a special mapping. linux: is_mergeable_vma */
export function isMergeableVma(vma: VmAreaStruct, file: File | null, flags: number, name: string | null): boolean {
  return ((vma.vmFlags ^ flags) & ~VM_SOFTDIRTY) === 0 && vma.vmFile === file && vma.name === null && name === null;
}

/** The VMA was forked and shares anon_vmas with its parent's VMA (its anon_vma_chain is not singular). */
function hadUncowedParents(vma: VmAreaStruct | null): boolean {
  return !!vma && !!vma.anonVma && vma.anonVmaChain.length !== 1;
}

/**
 * May anonymous pages under `srcAnon` (of `src`, null for a new mapping)
 * join `tgt`? Either side may have none, unless the side that has one got
 * it through fork; else they must be the same. linux: mm/vma.c is_mergeable_anon_vma
 */
export function isMergeableAnonVma(srcAnon: AnonVma | null, src: VmAreaStruct | null, tgt: VmAreaStruct): boolean {
  const tgtAnon = tgt.anonVma;
  if (!tgtAnon && srcAnon) return !hadUncowedParents(src);
  if (tgtAnon && !srcAnon) return !hadUncowedParents(tgt);
  return srcAnon === tgtAnon;
}

/** May [.., pgoff) be appended to `vma`? linux: can_vma_merge_after */
function canMergeAfter(vma: VmAreaStruct, flags: number, anon: AnonVma | null, src: VmAreaStruct | null, file: File | null, pgoff: number): boolean {
  return isMergeableVma(vma, file, flags, null) && isMergeableAnonVma(anon, src, vma) && vma.vmPgoff + vma.pages === pgoff;
}

/** May a range ending at page `pgoff` be prepended to `vma`? linux: can_vma_merge_before */
function canMergeBefore(vma: VmAreaStruct, flags: number, anon: AnonVma | null, src: VmAreaStruct | null, file: File | null, pgoff: number): boolean {
  return isMergeableVma(vma, file, flags, null) && isMergeableAnonVma(anon, src, vma) && vma.vmPgoff === pgoff;
}

/** `into` absorbs `from`'s anon_vma if it has none (the pages of the absorbed range keep their rmap). */
function importAnonVma(into: VmAreaStruct, from: VmAreaStruct | null): void {
  if (from && from.anonVma && !into.anonVma) {
    into.anonVma = from.anonVma;
    into.anonVmaChain = from.anonVmaChain.slice();
  }
}

/** Removes a VMA absorbed by a merge: unlink it and drop its file reference. */
function removeMerged(ctx: MmContext, mm: MmStruct, vma: VmAreaStruct): void {
  vmaUnlink(mm, vma);
  if (vma.vmFile) ctx.files.fput(vma.vmFile);
}

/**
 * Tries to make [addr, end), with these flags, file, anon_vma and pgoff,
 * part of a neighbour: `prev` (the VMA before addr, or the VMA being
 * changed when addr is inside it) and/or the VMA after. Covers Linux's
 * eight cases: a new range between prev and next (1: both absorb it,
 * 2: prev grows, 3: next grows down), a change at the tail of prev (4:
 * next grows down over it) or at the head of next (5: prev grows over it),
 * and a change of a whole VMA (6: prev absorbs it and the next one,
 * 7: prev absorbs it, 8: the next one absorbs it). `src` is the VMA whose
 * range changes (null for a new mapping). Returns the VMA that now covers
 * [addr, end), or null if nothing merged. linux: mm/mmap.c vma_merge
 */
export function vmaMerge(
  ctx: MmContext,
  mm: MmStruct,
  prev: VmAreaStruct | null,
  addr: number,
  end: number,
  flags: number,
  anon: AnonVma | null,
  src: VmAreaStruct | null,
  file: File | null,
  pgoff: number,
  pid: number,
): VmAreaStruct | null {
  const pglen = (end - addr) / PAGE_SIZE;
  if (flags & VM_SPECIAL) return null;
  let next = prev ? prev.vmNext : mm.mmap;
  const area = next;
  if (area && area.vmEnd === end) next = area.vmNext; // cases 6, 7, 8
  if (prev && prev.vmEnd === addr && canMergeAfter(prev, flags, anon, src, file, pgoff)) {
    if (next && end === next.vmStart && canMergeBefore(next, flags, anon, src, file, pgoff + pglen) && isMergeableAnonVma(next.anonVma, next, prev)) {
      // cases 1, 6: prev absorbs the range and next
      importAnonVma(prev, area !== next ? area : null);
      importAnonVma(prev, next);
      if (area && area !== next && area.vmStart >= addr && area.vmEnd <= end) removeMerged(ctx, mm, area);
      prev.vmEnd = next.vmEnd;
      removeMerged(ctx, mm, next);
    } else {
      // cases 2, 5, 7: prev grows to end; the range's VMA shrinks (5) or goes (7)
      if (area && area.vmStart < end && area.vmStart >= addr) {
        importAnonVma(prev, area);
        if (area.vmEnd === end) removeMerged(ctx, mm, area);
        else {
          area.vmPgoff += (end - area.vmStart) / PAGE_SIZE;
          area.vmStart = end;
        }
      }
      prev.vmEnd = end;
    }
    ctx.events.emit({ type: 'vma', pid, op: 'merge', start: prev.vmStart, end: prev.vmEnd, prot: vmPerms(prev.vmFlags) });
    return prev;
  }
  if (next && end === next.vmStart && canMergeBefore(next, flags, anon, src, file, pgoff + pglen)) {
    if (prev && addr < prev.vmEnd) {
      // case 4: prev (the VMA being changed) shrinks to addr, next grows down over the range
      importAnonVma(next, prev);
      prev.vmEnd = addr;
    } else if (area && area !== next) {
      // case 8: the VMA of the range goes, next grows down over it
      importAnonVma(next, area);
      removeMerged(ctx, mm, area);
    }
    // case 3 (a new range right below next): next grows down
    next.vmStart = addr;
    next.vmPgoff -= pglen;
    ctx.events.emit({ type: 'vma', pid, op: 'merge', start: next.vmStart, end: next.vmEnd, prot: vmPerms(next.vmFlags) });
    return next;
  }
  return null;
}

/**
 * Splits `vma` at `addr` (strictly inside it) into two VMAs. With newBelow
 * the new VMA is the lower part, else the upper part; returns the new VMA,
 * or -ENOMEM when the mm has vm.max_map_count VMAs already (checkCount), or
 * -EINVAL for a special mapping. linux: mm/mmap.c split_vma / __split_vma
 */
export function splitVma(ctx: MmContext, mm: MmStruct, vma: VmAreaStruct, addr: number, newBelow: boolean, checkCount: boolean, pid: number): VmAreaStruct | number {
  if (addr <= vma.vmStart || addr >= vma.vmEnd || addr % PAGE_SIZE) throw new Error(`split_vma at 0x${addr.toString(16)} outside the VMA`);
  if (vma.name !== null) return -EINVAL;
  if (checkCount && mm.mapCount >= ctx.maxMapCount) return -ENOMEM;
  const nv = new VmAreaStruct(mm, vma.vmStart, vma.vmEnd, vma.vmFlags, vma.vmPageProt, vma.vmPgoff, vma.vmFile);
  nv.anonVma = vma.anonVma;
  nv.anonVmaChain = vma.anonVmaChain.slice();
  if (nv.vmFile) ctx.files.getFile(nv.vmFile);
  if (newBelow) {
    nv.vmEnd = addr;
    vma.vmPgoff += (addr - vma.vmStart) / PAGE_SIZE;
    vma.vmStart = addr;
  } else {
    nv.vmStart = addr;
    nv.vmPgoff += (addr - vma.vmStart) / PAGE_SIZE;
    vma.vmEnd = addr;
  }
  vmaLink(mm, nv);
  ctx.events.emit({ type: 'vma', pid, op: 'split', start: vma.vmStart < nv.vmStart ? vma.vmStart : nv.vmStart, end: addr, prot: vmPerms(vma.vmFlags) });
  return nv;
}

// ---- anon_vma ----

/** Flags and pgoff allow a and b (a right below b) to share an anon_vma. linux: anon_vma_compatible */
function anonVmaCompatible(a: VmAreaStruct, b: VmAreaStruct): boolean {
  return (
    a.vmEnd === b.vmStart &&
    a.vmFile === b.vmFile &&
    ((a.vmFlags ^ b.vmFlags) & ~(VM_ACCESS_FLAGS | VM_SOFTDIRTY)) === 0 &&
    b.vmPgoff === a.vmPgoff + (b.vmStart - a.vmStart) / PAGE_SIZE
  );
}

/**
 * Gives the VMA an anon_vma before its first anonymous page: a compatible
 * neighbour's (if not inherited through fork), else a new one.
 * linux: mm/rmap.c __anon_vma_prepare, find_mergeable_anon_vma
 */
export function anonVmaPrepare(vma: VmAreaStruct): void {
  if (vma.anonVma) return;
  let av: AnonVma | null = null;
  const next = vma.vmNext;
  const prev = vma.vmPrev;
  if (next && anonVmaCompatible(vma, next) && next.anonVma && next.anonVmaChain.length === 1) av = next.anonVma;
  else if (prev && anonVmaCompatible(prev, vma) && prev.anonVma && prev.anonVmaChain.length === 1) av = prev.anonVma;
  if (!av) av = new AnonVma(null, vma.vmMm.ids);
  vma.anonVma = av;
  vma.anonVmaChain = [av];
}

// ---- the stack ----

/**
 * Grows a VM_GROWSDOWN VMA down to cover `addr`: at most RLIMIT_STACK in
 * all, and never within stack_guard_gap of an accessible VMA below.
 * Returns 0 or a negative errno. linux: mm/mmap.c expand_downwards, acct_stack_growth
 */
export function expandDownwards(ctx: MmContext, vma: VmAreaStruct, addr: number): number {
  const mm = vma.vmMm;
  const address = Math.floor(addr / PAGE_SIZE) * PAGE_SIZE;
  if (address < MMAP_MIN_ADDR) return -EPERM;
  const prev = vma.vmPrev;
  if (prev && !(prev.vmFlags & VM_GROWSDOWN) && vmaAccessible(prev.vmFlags) && address - prev.vmEnd < STACK_GUARD_GAP) return -ENOMEM;
  if (address >= vma.vmStart) return 0;
  const size = vma.vmEnd - address;
  const grow = (vma.vmStart - address) / PAGE_SIZE;
  if (size > mm.rlimitStack) return -ENOMEM;
  if (grow > ctx.phys.nrFrames) return -ENOMEM; // __vm_enough_memory, heuristic overcommit
  anonVmaPrepare(vma);
  vma.vmStart = address;
  vma.vmPgoff -= grow;
  if (vma.vmFlags & VM_LOCKED) mm.lockedVm += grow;
  vmStatAccount(mm, vma.vmFlags, grow);
  return 0;
}

// ---- invariants ----

/** Checks the VMA invariants of an mm; throws on the first broken one. For tests and debugging. */
export function checkMm(mm: MmStruct): void {
  const fromTree = mm.mmRb.toArray();
  if (fromTree.length !== mm.mapCount) throw new Error(`map_count ${mm.mapCount} but the tree holds ${fromTree.length}`);
  if (mm.mmRb.size !== mm.mapCount) throw new Error('tree size differs from map_count');
  mm.mmRb.verify();
  let prev: VmAreaStruct | null = null;
  let i = 0;
  for (let v = mm.mmap; v; v = v.vmNext, i++) {
    if (v !== fromTree[i]) throw new Error('VMA list and tree disagree');
    if (v.vmPrev !== prev) throw new Error('bad vm_prev link');
    if (v.vmStart >= v.vmEnd) throw new Error('empty VMA');
    if (v.vmStart % PAGE_SIZE || v.vmEnd % PAGE_SIZE) throw new Error('unaligned VMA');
    if (prev && prev.vmEnd > v.vmStart) throw new Error(`VMAs overlap at 0x${v.vmStart.toString(16)}`);
    if (v.vmMm !== mm) throw new Error('VMA of another mm');
    prev = v;
  }
  if (i !== mm.mapCount) throw new Error('VMA list length differs from map_count');
}

/**
 * Gives [start, end) of `vma` new flags: merges it into a neighbour if the
 * flags now match, else splits `vma` so that exactly [start, end) carries
 * them (failing with -ENOMEM at vm.max_map_count). `prev` is the VMA before
 * start (`vma` itself when start is inside it). Returns the VMA that now
 * covers [start, end) (its flags still the old ones unless it merged).
 * linux: mm/vma.c vma_modify_flags (vma_merge, then split_vma)
 */
export function vmaModify(
  ctx: MmContext,
  mm: MmStruct,
  vma: VmAreaStruct,
  prev: VmAreaStruct | null,
  start: number,
  end: number,
  newFlags: number,
  pid: number,
): VmAreaStruct | number {
  const pgoff = vma.vmPgoff + (start - vma.vmStart) / PAGE_SIZE;
  const merged = vmaMerge(ctx, mm, prev, start, end, newFlags, vma.anonVma, vma, vma.vmFile, pgoff, pid);
  if (merged) return merged;
  if (start !== vma.vmStart) {
    const r = splitVma(ctx, mm, vma, start, true, true, pid);
    if (typeof r === 'number') return r;
  }
  if (end !== vma.vmEnd) {
    const r = splitVma(ctx, mm, vma, end, false, true, pid);
    if (typeof r === 'number') return r;
  }
  return vma;
}
