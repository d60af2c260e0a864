// mremap(2): shrink a mapping, grow it in place, or move it elsewhere. A
// move carries the page-table entries to the new address (the frames stay
// where they are: nothing is copied), then unmaps the old range. glibc's
// realloc of a chunk it got from mmap calls it with MREMAP_MAYMOVE.
// linux: mm/mremap.c (6.1)

import { PAGE_SIZE } from '../param';
import { EFAULT, EINVAL, ENOMEM } from '../uapi/errno';
import { MAP_FIXED, MAP_SHARED, MREMAP_DONTUNMAP, MREMAP_FIXED, MREMAP_MAYMOVE } from '../uapi/mman';
import type { MmContext } from './context';
import { VM_LOCKED, VM_MAYSHARE, VM_SPECIAL, vmPerms } from './mm';
import { VmAreaStruct, type FaultOwner, type MmStruct } from './mm_types';
import { doMunmap, getUnmappedArea, mmPid } from './mmap';
import { allocPteTable, lookupPteTable, PMD_SIZE } from './pgtable';
import { flushTlbMmRange } from './tlb';
import { findVma, findVmaIntersection, findVmaPrev, vmaLink, vmaMerge, vmStatAccount } from './vma';

const pageAlign = (n: number): number => Math.ceil(n / PAGE_SIZE) * PAGE_SIZE;

/** The VMA that contains addr. linux: vma_lookup */
function vmaLookup(mm: MmStruct, addr: number): VmAreaStruct | null {
  const vma = findVma(mm, addr);
  return vma && vma.vmStart <= addr ? vma : null;
}

/**
 * mremap: returns the (new) address of the mapping or a negative errno:
 * EINVAL (bad flags, unaligned addr, new length 0, an overlapping or
 * out-of-range MREMAP_FIXED target), EFAULT (addr not mapped, or the old
 * range runs past its VMA), ENOMEM (cannot grow in place without
 * MREMAP_MAYMOVE, or no room). linux: mm/mremap.c SYSCALL_DEFINE5(mremap)
 */
export function doMremap(
  ctx: MmContext,
  mm: MmStruct,
  addr: number,
  oldLen: number,
  newLen: number,
  flags: number,
  newAddr: number,
  owner: FaultOwner | null,
): number {
  if (flags & ~(MREMAP_FIXED | MREMAP_MAYMOVE | MREMAP_DONTUNMAP)) return -EINVAL;
  if (flags & MREMAP_FIXED && !(flags & MREMAP_MAYMOVE)) return -EINVAL;
  if (flags & MREMAP_DONTUNMAP && (!(flags & MREMAP_MAYMOVE) || oldLen !== newLen)) return -EINVAL;
  if (addr % PAGE_SIZE || addr < 0) return -EINVAL;
  if (oldLen < 0 || newLen < 0 || oldLen > mm.taskSize || newLen > mm.taskSize) return -EINVAL;
  oldLen = pageAlign(oldLen);
  newLen = pageAlign(newLen);
  if (!newLen) return -EINVAL;
  if (!vmaLookup(mm, addr)) return -EFAULT;
  if (flags & (MREMAP_FIXED | MREMAP_DONTUNMAP)) return mremapTo(ctx, mm, addr, oldLen, newAddr, newLen, flags, owner);
  // Always allow a shrinking remap: that just unmaps the pages beyond the new length.
  if (oldLen >= newLen) {
    if (oldLen > newLen) {
      const r = doMunmap(ctx, mm, addr + newLen, oldLen - newLen, owner);
      if (r < 0) return r;
    }
    return addr;
  }
  const vma = vmaToResize(mm, addr, oldLen, newLen, flags);
  if (typeof vma === 'number') return vma;
  // The old range ends where the VMA ends: try to grow it in place.
  if (oldLen === vma.vmEnd - addr && vmaExpandable(mm, vma, newLen - oldLen)) {
    const pages = (newLen - oldLen) / PAGE_SIZE;
    const extStart = addr + oldLen;
    const extPgoff = vma.vmPgoff + (extStart - vma.vmStart) / PAGE_SIZE;
    const merged = vmaMerge(ctx, mm, vma, extStart, addr + newLen, vma.vmFlags, vma.anonVma, null, vma.vmFile, extPgoff, mmPid(mm, owner));
    if (!merged) return -ENOMEM;
    vmStatAccount(mm, merged.vmFlags, pages);
    if (merged.vmFlags & VM_LOCKED) mm.lockedVm += pages;
    return addr;
  }
  if (!(flags & MREMAP_MAYMOVE)) return -ENOMEM;
  const to = getUnmappedArea(mm, 0, newLen, vma.vmFlags & VM_MAYSHARE ? MAP_SHARED : 0);
  if (to < 0) return to;
  return moveVma(ctx, mm, vma, addr, oldLen, newLen, to, flags, owner);
}

/** The VMA of [addr, addr+oldLen), if it may become newLen long. linux: vma_to_resize */
function vmaToResize(mm: MmStruct, addr: number, oldLen: number, newLen: number, flags: number): VmAreaStruct | number {
  const vma = vmaLookup(mm, addr);
  if (!vma) return -EFAULT;
  if (oldLen > vma.vmEnd - addr) return -EFAULT; // no remap across VMA boundaries
  if (flags & MREMAP_DONTUNMAP && vma.vmFlags & VM_SPECIAL) return -EINVAL;
  if (newLen === oldLen) return vma;
  if (vma.vmFlags & VM_SPECIAL) return -EFAULT; // VM_DONTEXPAND, VM_PFNMAP: the [vdso] and friends
  return vma;
}

/** Nothing is mapped in the delta bytes after vma, and they are user space. linux: vma_expandable */
function vmaExpandable(mm: MmStruct, vma: VmAreaStruct, delta: number): boolean {
  const end = vma.vmEnd + delta;
  if (end > mm.taskSize) return false;
  if (findVmaIntersection(mm, vma.vmEnd, end)) return false;
  return getUnmappedArea(mm, vma.vmStart, end - vma.vmStart, MAP_FIXED) === vma.vmStart;
}

/** MREMAP_FIXED / MREMAP_DONTUNMAP: move to newAddr (FIXED) or anywhere, replacing what was there. linux: mremap_to */
function mremapTo(
  ctx: MmContext,
  mm: MmStruct,
  addr: number,
  oldLen: number,
  newAddr: number,
  newLen: number,
  flags: number,
  owner: FaultOwner | null,
): number {
  if (flags & MREMAP_FIXED) {
    if (newAddr % PAGE_SIZE || newAddr < 0) return -EINVAL;
    if (newLen > mm.taskSize || newAddr > mm.taskSize - newLen) return -EINVAL;
    // The two ranges may not overlap.
    if (addr + oldLen > newAddr && newAddr + newLen > addr) return -EINVAL;
    const r = doMunmap(ctx, mm, newAddr, newLen, owner);
    if (r < 0) return r;
  }
  if (oldLen > newLen) {
    const r = doMunmap(ctx, mm, addr + newLen, oldLen - newLen, owner);
    if (r < 0) return r;
    oldLen = newLen;
  }
  const vma = vmaToResize(mm, addr, oldLen, newLen, flags);
  if (typeof vma === 'number') return vma;
  const to = getUnmappedArea(mm, flags & MREMAP_FIXED ? newAddr : 0, newLen, (vma.vmFlags & VM_MAYSHARE ? MAP_SHARED : 0) | (flags & MREMAP_FIXED ? MAP_FIXED : 0));
  if (to < 0) return to;
  return moveVma(ctx, mm, vma, addr, oldLen, newLen, to, flags, owner);
}

/**
 * A VMA like vma over [addr, addr+len) at file offset pgoff: merged into a
 * neighbour if it can be, else a new one sharing vma's anon_vma and file.
 * linux: mm/mmap.c copy_vma
 */
function copyVma(ctx: MmContext, mm: MmStruct, vma: VmAreaStruct, addr: number, len: number, pgoff: number, pid: number): VmAreaStruct {
  // An anonymous VMA that never had a page may take the new address as its offset.
  if (!vma.vmFile && !vma.anonVma) pgoff = addr / PAGE_SIZE;
  const { prev } = findVmaPrev(mm, addr);
  const merged = vmaMerge(ctx, mm, prev, addr, addr + len, vma.vmFlags, vma.anonVma, null, vma.vmFile, pgoff, pid);
  if (merged) return merged;
  const v = new VmAreaStruct(mm, addr, addr + len, vma.vmFlags, vma.vmPageProt, pgoff, vma.vmFile ? ctx.files.getFile(vma.vmFile) : null);
  v.anonVma = vma.anonVma; // anon_vma_clone
  v.anonVmaChain = [...vma.anonVmaChain];
  v.name = vma.name;
  vmaLink(mm, v);
  return v;
}

/**
 * Moves the page-table entries of [oldAddr, oldAddr+len) to newAddr: the
 * same frames, map and reference counts, now at the new address; the old
 * range's TLB entries are flushed. linux: mm/mremap.c move_page_tables, move_ptes
 */
function movePageTables(ctx: MmContext, mm: MmStruct, oldAddr: number, newAddr: number, len: number): boolean {
  const phys = ctx.phys;
  const end = oldAddr + len;
  let moved = false;
  for (let a = oldAddr; a < end; ) {
    const chunkEnd = Math.min(Math.floor(a / PMD_SIZE) * PMD_SIZE + PMD_SIZE, end);
    const src = lookupPteTable(phys, mm.pgd, a);
    if (src >= 0) {
      for (let p = a; p < chunkEnd; p += PAGE_SIZE) {
        const st = phys.tables[src]!;
        const i = (Math.floor(p / PAGE_SIZE) & 511) * 2;
        if (st[i] === 0 && st[i + 1] === 0) continue;
        const to = p - oldAddr + newAddr;
        const dst = allocPteTable(phys, mm, to);
        if (dst < 0) return false;
        const dt = phys.tables[dst]!;
        const j = (Math.floor(to / PAGE_SIZE) & 511) * 2;
        dt[j] = st[i];
        dt[j + 1] = st[i + 1];
        st[i] = 0;
        st[i + 1] = 0;
        moved = true;
      }
    }
    a = chunkEnd;
  }
  if (moved) flushTlbMmRange(ctx, mm, oldAddr, end);
  return true;
}

/** Moves [oldAddr, oldAddr+oldLen) of vma to newAddr, newLen long. linux: mm/mremap.c move_vma */
function moveVma(
  ctx: MmContext,
  mm: MmStruct,
  vma: VmAreaStruct,
  oldAddr: number,
  oldLen: number,
  newLen: number,
  newAddr: number,
  flags: number,
  owner: FaultOwner | null,
): number {
  // Too many VMAs for the worst case (the old one split in three, one new).
  if (mm.mapCount >= ctx.maxMapCount - 3) return -ENOMEM;
  const pid = mmPid(mm, owner);
  const vmFlags = vma.vmFlags;
  const newPgoff = vma.vmPgoff + (oldAddr - vma.vmStart) / PAGE_SIZE;
  const newVma = copyVma(ctx, mm, vma, newAddr, newLen, newPgoff, pid);
  if (!movePageTables(ctx, mm, oldAddr, newAddr, oldLen)) {
    // Put back what moved (the tables exist now) and drop the new mapping.
    movePageTables(ctx, mm, newAddr, oldAddr, oldLen);
    doMunmap(ctx, mm, newAddr, newLen, owner);
    return -ENOMEM;
  }
  ctx.events.emit({ type: 'vma', pid, op: 'mmap', start: newAddr, end: newAddr + newLen, prot: vmPerms(newVma.vmFlags) });
  const hiwaterVm = mm.hiwaterVm;
  vmStatAccount(mm, vmFlags, newLen / PAGE_SIZE);
  if (vmFlags & VM_LOCKED) mm.lockedVm += newLen / PAGE_SIZE;
  // MREMAP_DONTUNMAP keeps the old range mapped, now without pages (they fault in again as zeros).
  if (flags & MREMAP_DONTUNMAP) return newAddr;
  doMunmap(ctx, mm, oldAddr, oldLen, owner);
  mm.hiwaterVm = hiwaterVm; // the moment both ranges existed is not a peak
  return newAddr;
}
