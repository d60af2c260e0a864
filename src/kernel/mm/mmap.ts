// Creating and removing address ranges: mmap, munmap, brk, and tearing an
// address space down at exit. linux: mm/mmap.c (do_mmap, mmap_region,
// get_unmapped_area, do_munmap, brk, exit_mmap), arch/x86/kernel/sys_x86_64.c
// (arch_get_unmapped_area_topdown)
//
// Placement is top-down as on x86-64: the highest gap below mmap_base that
// fits, keeping the stack's guard gap; a hint address is used if it is
// free; MAP_FIXED takes the address as given, unmapping what was there
// (MAP_FIXED_NOREPLACE fails with EEXIST instead). A new range merges with
// a compatible neighbour (vma_merge).
//
// Linux finds the gap in O(log n) with a tree augmented by each subtree's
// largest gap. Here the search walks VMAs down from mmap_base, with the
// 2.6 kernels' free_area_cache/cached_hole_size hint to start low: every
// gap above mm.freeAreaCache is at most mm.cachedHoleSize bytes, so a
// longer request starts its walk there. The answer is the same as Linux's;
// only the cost differs after holes are punched.

import {
  EACCES,
  EBADF,
  EEXIST,
  EINVAL,
  ENOMEM,
  EPERM,
} from '../uapi/errno';
import {
  MAP_ANONYMOUS,
  MAP_FIXED,
  MAP_FIXED_NOREPLACE,
  MAP_NONBLOCK,
  MAP_POPULATE,
  MAP_PRIVATE,
  MAP_SHARED,
  MAP_SHARED_VALIDATE,
  MAP_TYPE,
  PROT_EXEC,
  PROT_READ,
  PROT_WRITE,
} from '../uapi/mman';
import { PAGE_SIZE } from '../param';
import type { MmContext } from './context';
import { FMODE_READ, FMODE_WRITE, type File } from './filemap';
import {
  DAC_MMAP_MIN_ADDR,
  MMAP_MIN_ADDR,
  TASK_UNMAPPED_BASE,
  VM_ACCOUNT,
  VM_DATA_DEFAULT_FLAGS,
  VM_GROWSDOWN,
  VM_GROWSUP,
  VM_LOCKED,
  VM_MAYEXEC,
  VM_MAYREAD,
  VM_MAYSHARE,
  VM_MAYWRITE,
  VM_SHARED,
  VM_SPECIAL,
  accountableMapping,
  calcVmFlagBits,
  calcVmProtBits,
  pageAlign,
  vmPerms,
} from './mm';
import { VmAreaStruct, type FaultOwner, type MmStruct } from './mm_types';
import { flushTlbMmRange } from './tlb';
import { freePgtables, populateRange, zapPageRange } from './memory';
import { vmGetPageProt } from './pgtable';
import {
  findVma,
  findVmaIntersection,
  findVmaPrev,
  noteFreedRange,
  splitVma,
  updateHiwaterRss,
  updateHiwaterVm,
  vmStatAccount,
  vmStartGap,
  vmaLink,
  vmaMerge,
  vmaUnlink,
} from './vma';

/** pid for events about an mm when no task is given. */
export function mmPid(mm: MmStruct, owner?: FaultOwner | null): number {
  return owner ? owner.pid : mm.owner ? mm.owner.pid : 0;
}

// ---- finding a free range ----

/**
 * The highest gap of `len` bytes in [low, high): its start, or -ENOMEM.
 * Keeps the search hint up to date. linux: mm/mmap.c unmapped_area_topdown
 */
function unmappedAreaTopdown(mm: MmStruct, len: number, low: number, high: number): number {
  const hinted = high === mm.mmapBase;
  if (hinted && (mm.freeAreaCache <= 0 || mm.freeAreaCache > high)) {
    mm.freeAreaCache = high;
    mm.cachedHoleSize = Infinity; // nothing known yet: search from the top
  }
  // Every gap ending above freeAreaCache is at most cachedHoleSize bytes:
  // a longer request can start its walk at freeAreaCache.
  const useHint = hinted && len > mm.cachedHoleSize;
  const top = useHint ? mm.freeAreaCache : high;
  let seen = useHint ? mm.cachedHoleSize : 0;
  let next = findVma(mm, top - 1);
  let prev = next ? next.vmPrev : mm.mmRb.last();
  while (true) {
    const gapEnd = next ? Math.min(vmStartGap(next), top) : top;
    const gapStart = prev ? prev.vmEnd : 0;
    if (gapEnd - gapStart >= len && gapEnd - len >= low) {
      const addr = gapEnd - len;
      if (hinted) {
        mm.freeAreaCache = addr;
        mm.cachedHoleSize = seen;
      }
      return addr;
    }
    if (gapEnd > gapStart) seen = Math.max(seen, gapEnd - gapStart);
    if (!prev || gapEnd <= low) return -ENOMEM;
    next = prev;
    prev = prev.vmPrev;
  }
}

/** The lowest gap of `len` bytes in [low, high): its start, or -ENOMEM. linux: mm/mmap.c unmapped_area */
function unmappedArea(mm: MmStruct, len: number, low: number, high: number): number {
  let next = findVma(mm, low);
  let prev = next ? next.vmPrev : mm.mmRb.last();
  while (true) {
    const gapStart = Math.max(prev ? prev.vmEnd : 0, low);
    const gapEnd = next ? vmStartGap(next) : high;
    if (gapStart + len > high) return -ENOMEM;
    if (gapEnd - gapStart >= len) return gapStart;
    if (!next) return -ENOMEM;
    prev = next;
    next = next.vmNext;
  }
}

/**
 * Where a new mapping of `len` bytes goes: `addr` itself for MAP_FIXED, the
 * hint if that range is free, else the highest fitting gap below mmap_base
 * (falling back to the lowest one above TASK_UNMAPPED_BASE). Returns the
 * address or -ENOMEM / -EINVAL / -EPERM.
 * linux: mm/mmap.c get_unmapped_area, arch/x86/kernel/sys_x86_64.c arch_get_unmapped_area_topdown
 */
export function getUnmappedArea(mm: MmStruct, addr: number, len: number, flags: number): number {
  const taskSize = mm.taskSize;
  if (len > taskSize) return -ENOMEM;
  let result: number;
  if (flags & MAP_FIXED) result = addr;
  else {
    result = -ENOMEM;
    if (addr) {
      addr = Math.floor(addr / PAGE_SIZE) * PAGE_SIZE;
      if (taskSize - len >= addr) {
        const vma = findVma(mm, addr);
        if (!vma || addr + len <= vmStartGap(vma)) result = addr;
      }
    }
    if (result < 0) result = unmappedAreaTopdown(mm, len, PAGE_SIZE, mm.mmapBase);
    if (result < 0) result = unmappedArea(mm, len, TASK_UNMAPPED_BASE, taskSize);
    if (result < 0) return result;
  }
  // A kernel address (negative here) is above TASK_SIZE to Linux's unsigned compare.
  if (result < 0 || result > taskSize - len) return -ENOMEM;
  if (result % PAGE_SIZE) return -EINVAL;
  if (result < DAC_MMAP_MIN_ADDR) return -EPERM; // security_mmap_addr
  return result;
}

// ---- mmap ----

/**
 * mmap: maps `len` bytes of `file` (or anonymous memory) at an address
 * chosen as get_unmapped_area does, with `prot` and MAP_* `flags`. Returns
 * the address or a negative errno: EINVAL (len 0, no map type, unaligned
 * offset or MAP_FIXED address), EBADF (no file and not anonymous), ENOMEM
 * (no room, too many VMAs), EEXIST (MAP_FIXED_NOREPLACE over a mapping),
 * EACCES (PROT_WRITE on MAP_SHARED of a file not open for writing).
 * MAP_POPULATE and MAP_LOCKED fault every page in before returning.
 * linux: mm/mmap.c ksys_mmap_pgoff, do_mmap
 */
export function doMmap(
  ctx: MmContext,
  mm: MmStruct,
  addr: number,
  len: number,
  prot: number,
  flags: number,
  file: File | null,
  off: number,
  owner: FaultOwner | null,
): number {
  // The checks in Linux's order, so that a call breaking several rules gets
  // the same errno: the offset (sys_mmap), the descriptor (ksys_mmap_pgoff),
  // the length, the address, and only then the map type (do_mmap's switch).
  if (off % PAGE_SIZE || off < 0) return -EINVAL;
  if (!(flags & MAP_ANONYMOUS) && !file) return -EBADF;
  if (flags & MAP_ANONYMOUS) file = null;
  if (!len || len < 0) return -EINVAL;
  const type = flags & MAP_TYPE;
  if (flags & MAP_FIXED_NOREPLACE) flags |= MAP_FIXED;
  if (!(flags & MAP_FIXED)) {
    // round_hint_to_min
    addr = Math.floor(addr / PAGE_SIZE) * PAGE_SIZE;
    if (addr && addr < MMAP_MIN_ADDR) addr = pageAlign(MMAP_MIN_ADDR);
  }
  len = pageAlign(len);
  if (len > mm.taskSize) return -ENOMEM;
  let pgoff = off / PAGE_SIZE;
  if (mm.mapCount > ctx.maxMapCount) return -ENOMEM;
  const at = getUnmappedArea(mm, addr, len, flags);
  if (at < 0) return at;
  if (flags & MAP_FIXED_NOREPLACE && findVmaIntersection(mm, at, at + len)) return -EEXIST;
  // MAP_SHARED_VALIDATE (both type bits) is for files only; anything else is no type.
  if (type !== MAP_SHARED && type !== MAP_PRIVATE && !(file && type === MAP_SHARED_VALIDATE)) return -EINVAL;
  let vmFlags = calcVmProtBits(prot) | calcVmFlagBits(flags) | mm.defFlags | VM_MAYREAD | VM_MAYWRITE | VM_MAYEXEC;
  const shared = type === MAP_SHARED || type === MAP_SHARED_VALIDATE;
  if (file) {
    if (shared) {
      if (prot & PROT_WRITE && !(file.fMode & FMODE_WRITE)) return -EACCES;
      vmFlags |= VM_SHARED | VM_MAYSHARE;
      if (!(file.fMode & FMODE_WRITE)) vmFlags &= ~(VM_MAYWRITE | VM_SHARED);
    }
    if (!(file.fMode & FMODE_READ)) return -EACCES;
    if (vmFlags & (VM_GROWSDOWN | VM_GROWSUP)) return -EINVAL;
  } else if (shared) {
    if (vmFlags & (VM_GROWSDOWN | VM_GROWSUP)) return -EINVAL;
    pgoff = 0;
    vmFlags |= VM_SHARED | VM_MAYSHARE;
  } else pgoff = at / PAGE_SIZE;
  const r = mmapRegion(ctx, mm, file, at, len, vmFlags, pgoff, owner);
  if (r < 0) return r;
  ctx.events.emit({ type: 'vma', pid: mmPid(mm, owner), op: 'mmap', start: at, end: at + len, prot: vmPerms(vmFlags) });
  if (vmFlags & VM_LOCKED || (flags & (MAP_POPULATE | MAP_NONBLOCK)) === MAP_POPULATE) mmPopulate(ctx, mm, at, len, owner);
  return at;
}

/** Faults in every page of [start, start+len). linux: mm/gup.c __mm_populate */
export function mmPopulate(ctx: MmContext, mm: MmStruct, start: number, len: number, owner: FaultOwner | null): void {
  const end = start + len;
  const who = owner ?? mm.owner ?? { pid: 0, minFlt: 0, majFlt: 0 };
  for (let vma = findVma(mm, start); vma && vma.vmStart < end; vma = vma.vmNext) {
    if (vma.vmFlags & VM_SPECIAL) continue;
    populateRange(ctx, mm, vma, Math.max(start, vma.vmStart), Math.min(end, vma.vmEnd), who);
  }
}

/**
 * Creates the mapping [addr, addr+len) with these flags: unmaps what was
 * there, charges private writable memory (VM_ACCOUNT), merges with a
 * neighbour or links a new VMA, and accounts it. Returns addr or -ENOMEM.
 * linux: mm/mmap.c mmap_region
 */
export function mmapRegion(
  ctx: MmContext,
  mm: MmStruct,
  file: File | null,
  addr: number,
  len: number,
  vmFlags: number,
  pgoff: number,
  owner: FaultOwner | null,
): number {
  const end = addr + len;
  if (findVmaIntersection(mm, addr, end)) {
    const r = doMunmap(ctx, mm, addr, len, owner, false);
    if (r < 0) return r;
  }
  if (accountableMapping(vmFlags)) {
    if (len / PAGE_SIZE > ctx.phys.nrFrames) return -ENOMEM; // __vm_enough_memory: heuristic overcommit
    vmFlags |= VM_ACCOUNT;
  }
  const { prev } = findVmaPrev(mm, addr);
  const pid = mmPid(mm, owner);
  let vma = vmaMerge(ctx, mm, prev, addr, end, vmFlags, null, null, file, pgoff, pid);
  if (!vma) {
    let f = file ? ctx.files.getFile(file) : null;
    if (!f && vmFlags & VM_SHARED) f = ctx.files.shmemZero(len); // shmem_zero_setup
    vma = new VmAreaStruct(mm, addr, end, vmFlags, vmGetPageProt(vmFlags), pgoff, f);
    vmaLink(mm, vma);
  }
  vmStatAccount(mm, vmFlags, len / PAGE_SIZE);
  if (vmFlags & VM_LOCKED) mm.lockedVm += len / PAGE_SIZE;
  return addr;
}

// ---- munmap ----

/**
 * munmap: removes [start, start+len) from the address space, splitting the
 * VMAs at its ends; holes are fine. Returns 0, -EINVAL (unaligned start,
 * len 0, outside the user range) or -ENOMEM (the split would exceed
 * vm.max_map_count). `told`: a munmap event for the panes and goals; not
 * for the range a MAP_FIXED mapping replaces (its mmap event says it), nor
 * for the loader's, which strace does not show either.
 * linux: mm/mmap.c do_munmap, do_vmi_align_munmap
 */
export function doMunmap(ctx: MmContext, mm: MmStruct, start: number, len: number, owner: FaultOwner | null, told = true): number {
  if (start % PAGE_SIZE || start < 0 || start > mm.taskSize || len < 0 || len > mm.taskSize - start) return -EINVAL;
  len = pageAlign(len);
  if (len === 0) return -EINVAL;
  const end = start + len;
  const vma = findVma(mm, start);
  if (!vma || vma.vmStart >= end) return 0;
  const pid = mmPid(mm, owner);
  if (start > vma.vmStart) {
    if (end < vma.vmEnd && mm.mapCount >= ctx.maxMapCount) return -ENOMEM;
    const r = splitVma(ctx, mm, vma, start, true, false, pid);
    if (typeof r === 'number') return r;
  }
  // The VMAs inside [start, end), the last one split at end.
  const doomed: VmAreaStruct[] = [];
  for (let v: VmAreaStruct | null = vma; v && v.vmStart < end; v = v.vmNext) {
    if (v.vmEnd > end) {
      const r = splitVma(ctx, mm, v, end, false, false, pid);
      if (typeof r === 'number') return r;
    }
    doomed.push(v);
  }
  removeVmas(ctx, mm, doomed, owner);
  if (told) ctx.events.emit({ type: 'vma', pid, op: 'munmap', start, end, prot: '' });
  noteFreedRange(mm, start, end);
  return 0;
}

/**
 * Removes a run of adjacent-in-the-list VMAs: zaps their pages, frees the
 * page tables only they used, flushes the TLBs, uncounts them and drops
 * their files. linux: mm/mmap.c unmap_region, remove_vma_list
 */
function removeVmas(ctx: MmContext, mm: MmStruct, vmas: VmAreaStruct[], _owner: FaultOwner | null): void {
  if (vmas.length === 0) return;
  const prev = vmas[0].vmPrev;
  const next = vmas[vmas.length - 1].vmNext;
  updateHiwaterRss(mm);
  for (const v of vmas) zapPageRange(ctx, mm, v, v.vmStart, v.vmEnd);
  freePgtables(ctx, mm, vmas, prev ? prev.vmEnd : 0, next ? next.vmStart : 0);
  flushTlbMmRange(ctx, mm, vmas[0].vmStart, vmas[vmas.length - 1].vmEnd);
  updateHiwaterVm(mm);
  for (const v of vmas) {
    vmaUnlink(mm, v);
    vmStatAccount(mm, v.vmFlags, -v.pages);
    if (v.vmFlags & VM_LOCKED) mm.lockedVm -= v.pages;
    if (v.vmFile) ctx.files.fput(v.vmFile);
  }
}

// ---- brk ----

/**
 * brk: moves the end of the heap to `brk`. Shrinking always works (the
 * pages above go); growing needs free room up to one page and the stack
 * guard gap below the next VMA. Returns the new break, or the old one if
 * the request was refused (brk(0) asks for the current break).
 * linux: mm/mmap.c SYSCALL_DEFINE1(brk)
 */
export function doBrk(ctx: MmContext, mm: MmStruct, brk: number, owner: FaultOwner | null): number {
  const origbrk = mm.brk;
  if (brk < mm.startBrk || brk > mm.taskSize) return origbrk;
  const newbrk = pageAlign(brk);
  const oldbrk = pageAlign(mm.brk);
  if (oldbrk === newbrk) {
    mm.brk = brk;
    return brk;
  }
  const pid = mmPid(mm, owner);
  if (brk <= mm.brk) {
    mm.brk = brk;
    const r = doMunmap(ctx, mm, newbrk, oldbrk - newbrk, owner);
    if (r < 0) {
      mm.brk = origbrk;
      return origbrk;
    }
    ctx.events.emit({ type: 'vma', pid, op: 'brk', start: mm.startBrk, end: newbrk, prot: 'rw-p' });
    return brk;
  }
  const next = findVma(mm, oldbrk);
  if (next && newbrk + PAGE_SIZE > vmStartGap(next)) return origbrk;
  if (doBrkFlags(ctx, mm, oldbrk, newbrk - oldbrk, pid) < 0) return origbrk;
  mm.brk = brk;
  ctx.events.emit({ type: 'vma', pid, op: 'brk', start: mm.startBrk, end: newbrk, prot: 'rw-p' });
  return brk;
}

/**
 * Adds [addr, addr+len) of anonymous heap: grows the heap VMA (the one
 * ending at addr that starts at or above start_brk) or links a new one.
 * linux: mm/mmap.c do_brk_flags
 */
export function doBrkFlags(ctx: MmContext, mm: MmStruct, addr: number, len: number, pid: number): number {
  if (mm.mapCount > ctx.maxMapCount) return -ENOMEM;
  if (len / PAGE_SIZE > ctx.phys.nrFrames) return -ENOMEM;
  if (findVmaIntersection(mm, addr, addr + len)) return -ENOMEM;
  const flags = VM_DATA_DEFAULT_FLAGS | VM_ACCOUNT | mm.defFlags;
  const { prev } = findVmaPrev(mm, addr);
  if (
    prev &&
    prev.vmEnd === addr &&
    prev.vmStart >= mm.startBrk &&
    prev.vmFlags === flags &&
    !prev.vmFile &&
    prev.name === null &&
    prev.vmPgoff + prev.pages === addr / PAGE_SIZE &&
    (!prev.anonVma || prev.anonVmaChain.length === 1)
  ) {
    prev.vmEnd = addr + len;
  } else {
    const vma = new VmAreaStruct(mm, addr, addr + len, flags, vmGetPageProt(flags), addr / PAGE_SIZE, null);
    vmaLink(mm, vma);
  }
  vmStatAccount(mm, flags, len / PAGE_SIZE);
  if (flags & VM_LOCKED) mm.lockedVm += len / PAGE_SIZE;
  void pid;
  return 0;
}

// ---- exit ----

/**
 * Tears the address space down when its last user goes: every page, every
 * page table below the PGD, every VMA. The PGD itself goes with the
 * mm_struct (mmdrop). linux: mm/mmap.c exit_mmap
 */
export function exitMmap(ctx: MmContext, mm: MmStruct): void {
  const vmas = mm.vmas();
  if (vmas.length) {
    updateHiwaterRss(mm);
    for (const v of vmas) zapPageRange(ctx, mm, v, v.vmStart, v.vmEnd);
    freePgtables(ctx, mm, vmas, 0, 0);
    flushTlbMmRange(ctx, mm, 0, Infinity);
    for (const v of vmas) {
      vmaUnlink(mm, v);
      if (v.vmFile) ctx.files.fput(v.vmFile);
    }
  }
  mm.totalVm = mm.lockedVm = mm.dataVm = mm.execVm = mm.stackVm = 0;
  if (mm.pgtablesBytes !== 0) throw new Error(`exit_mmap left ${mm.pgtablesBytes} bytes of page tables`);
}

/** PROT_* the "rwxp" text stands for (for events and tests). */
export function protOf(perms: string): number {
  return (perms[0] === 'r' ? PROT_READ : 0) | (perms[1] === 'w' ? PROT_WRITE : 0) | (perms[2] === 'x' ? PROT_EXEC : 0);
}
