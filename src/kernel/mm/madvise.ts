// madvise: hints that set VMA flags (VM_SEQ_READ, VM_RAND_READ,
// VM_DONTCOPY), splitting and merging VMAs like mprotect, or that drop
// pages (MADV_DONTNEED: the next touch finds zero-filled anonymous memory
// or the file's page again). linux: mm/madvise.c

import { EAGAIN, EINVAL, ENOMEM } from '../uapi/errno';
import {
  MADV_DOFORK,
  MADV_DONTFORK,
  MADV_DONTNEED,
  MADV_NORMAL,
  MADV_RANDOM,
  MADV_SEQUENTIAL,
  MADV_WILLNEED,
} from '../uapi/mman';
import { PAGE_SIZE } from '../param';
import type { MmContext } from './context';
import { VM_DONTCOPY, VM_HUGETLB, VM_IO, VM_LOCKED, VM_RAND_READ, VM_SEQ_READ, pageAlign } from './mm';
import type { FaultOwner, MmStruct, VmAreaStruct } from './mm_types';
import { zapPageRange } from './memory';
import { flushTlbMmRange } from './tlb';
import { findVma, findVmaPrev, updateHiwaterRss, vmaModify } from './vma';
import { mmPid } from './mmap';

const BEHAVIOURS = new Set([MADV_NORMAL, MADV_RANDOM, MADV_SEQUENTIAL, MADV_WILLNEED, MADV_DONTNEED, MADV_DONTFORK, MADV_DOFORK]);

/**
 * madvise(start, len, advice). Returns 0, -EINVAL (unknown advice,
 * unaligned start, MADV_DONTNEED on locked memory), -ENOMEM (part of the
 * range is unmapped: the advice still applies to the mapped parts) or
 * -EAGAIN (a split would exceed vm.max_map_count). linux: mm/madvise.c do_madvise
 */
export function doMadvise(ctx: MmContext, mm: MmStruct, start: number, lenIn: number, advice: number, owner: FaultOwner | null): number {
  if (!BEHAVIOURS.has(advice)) return -EINVAL;
  if (start % PAGE_SIZE || start < 0 || lenIn < 0) return -EINVAL;
  const len = pageAlign(lenIn);
  const end = start + len;
  if (end === start) return 0;
  let unmappedError = 0;
  const found = findVmaPrev(mm, start);
  let vma = found.vma;
  let prev: VmAreaStruct | null = found.prev;
  if (vma && start > vma.vmStart) prev = vma;
  for (;;) {
    if (!vma) return -ENOMEM;
    if (start < vma.vmStart) {
      unmappedError = -ENOMEM;
      start = vma.vmStart;
      if (start >= end) break;
    }
    const tmp = Math.min(vma.vmEnd, end);
    const r = madviseVma(ctx, mm, vma, prev, start, tmp, advice, owner);
    if (typeof r === 'number') return r;
    prev = r;
    start = Math.max(tmp, prev.vmEnd);
    if (start >= end) break;
    vma = findVma(mm, prev.vmEnd);
  }
  return unmappedError;
}

/** Applies the advice to [start, end) inside `vma`; returns the VMA now covering it (the new prev) or an errno. */
function madviseVma(
  ctx: MmContext,
  mm: MmStruct,
  vma: VmAreaStruct,
  prev: VmAreaStruct | null,
  start: number,
  end: number,
  advice: number,
  owner: FaultOwner | null,
): VmAreaStruct | number {
  if (advice === MADV_WILLNEED) return vma;
  if (advice === MADV_DONTNEED) {
    if (vma.vmFlags & (VM_LOCKED | VM_HUGETLB)) return -EINVAL;
    updateHiwaterRss(mm);
    zapPageRange(ctx, mm, vma, start, end);
    flushTlbMmRange(ctx, mm, start, end);
    return vma;
  }
  let flags = vma.vmFlags;
  if (advice === MADV_NORMAL) flags &= ~(VM_RAND_READ | VM_SEQ_READ);
  else if (advice === MADV_SEQUENTIAL) flags = (flags & ~VM_RAND_READ) | VM_SEQ_READ;
  else if (advice === MADV_RANDOM) flags = (flags & ~VM_SEQ_READ) | VM_RAND_READ;
  else if (advice === MADV_DONTFORK) flags |= VM_DONTCOPY;
  else if (advice === MADV_DOFORK) {
    if (flags & VM_IO) return -EINVAL;
    flags &= ~VM_DONTCOPY;
  }
  if (flags === vma.vmFlags) return vma;
  const r = vmaModify(ctx, mm, vma, prev, start, end, flags, mmPid(mm, owner));
  if (typeof r === 'number') return r === -ENOMEM ? -EAGAIN : r;
  r.vmFlags = flags;
  return r;
}
