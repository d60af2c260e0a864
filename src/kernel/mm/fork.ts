// The life of an mm_struct: allocation, duplication at fork, and the two
// reference counts. linux: kernel/fork.c (mm_alloc, dup_mm, dup_mmap,
// mmget, mmput, mmgrab, mmdrop)
//
// mm_users counts the threads using the address space (CLONE_VM shares it);
// when it drops to 0 the address space is torn down (exit_mmap) and the
// users' single reference on mm_count is dropped. mm_count counts
// references to the struct itself: that one for all users, plus one for
// every lazy-TLB borrower (a kernel thread running on the previous task's
// mm). When mm_count drops to 0 the struct and its PGD are freed.

import { ENOMEM } from '../uapi/errno';
import type { MmContext } from './context';
import { VM_ACCOUNT, VM_DONTCOPY, VM_LOCKED } from './mm';
import { AnonVma, MmStruct, VmAreaStruct, type FaultOwner } from './mm_types';
import { copyPageRange } from './memory';
import { exitMmap } from './mmap';
import { flushTlbMmRange } from './tlb';
import { vmStatAccount, vmaLink } from './vma';

/** An empty mm with its PGD (mm_users = mm_count = 1), or null when out of memory. linux: mm_alloc */
export function mmAlloc(ctx: MmContext, nrCpus: number): MmStruct | null {
  const pgd = ctx.phys.allocTable();
  if (pgd < 0) return null;
  const mm = new MmStruct(nrCpus, ctx.ids);
  mm.pgd = pgd;
  return mm;
}

/**
 * fork without CLONE_VM: a new mm with a copy of every VMA (except
 * VM_DONTCOPY ones; VM_LOCKED is not inherited) whose PTEs map the same
 * frames, write-protected in both for private writable mappings (COW).
 * VMAs with no anonymous pages are not copied page by page: the child
 * faults them in again. Flushes the parent's TLBs (its PTEs changed).
 * Returns the new mm or -ENOMEM. linux: kernel/fork.c dup_mm, dup_mmap
 */
export function dupMm(ctx: MmContext, oldmm: MmStruct, owner: FaultOwner): MmStruct | number {
  if (oldmm.dead) throw new Error('dup_mm of a freed mm');
  const mm = mmAlloc(ctx, oldmm.cpumask.length);
  if (!mm) return -ENOMEM;
  mm.owner = owner;
  mm.startCode = oldmm.startCode;
  mm.endCode = oldmm.endCode;
  mm.startData = oldmm.startData;
  mm.endData = oldmm.endData;
  mm.startBrk = oldmm.startBrk;
  mm.brk = oldmm.brk;
  mm.startStack = oldmm.startStack;
  mm.argStart = oldmm.argStart;
  mm.argEnd = oldmm.argEnd;
  mm.envStart = oldmm.envStart;
  mm.envEnd = oldmm.envEnd;
  mm.mmapBase = oldmm.mmapBase;
  mm.taskSize = oldmm.taskSize;
  mm.rlimitStack = oldmm.rlimitStack;
  mm.freeAreaCache = oldmm.freeAreaCache;
  mm.cachedHoleSize = oldmm.cachedHoleSize;
  mm.totalVm = oldmm.totalVm;
  mm.dataVm = oldmm.dataVm;
  mm.execVm = oldmm.execVm;
  mm.stackVm = oldmm.stackVm;
  if (oldmm.exeFile) mm.exeFile = ctx.files.getFile(oldmm.exeFile);
  let failed = false;
  for (let src = oldmm.mmap; src; src = src.vmNext) {
    if (src.vmFlags & VM_DONTCOPY) {
      vmStatAccount(mm, src.vmFlags, -src.pages);
      continue;
    }
    if (src.vmFlags & VM_ACCOUNT && src.pages > ctx.phys.nrFrames) {
      failed = true;
      break;
    }
    const flags = src.vmFlags & ~VM_LOCKED;
    const vma = new VmAreaStruct(mm, src.vmStart, src.vmEnd, flags, src.vmPageProt, src.vmPgoff, src.vmFile ? ctx.files.getFile(src.vmFile) : null);
    vma.name = src.name;
    if (src.anonVma) {
      // anon_vma_fork: the child's pages hang off a new anon_vma, child of the parent's.
      vma.anonVma = new AnonVma(src.anonVma, vma.vmMm.ids);
      vma.anonVmaChain = [...src.anonVmaChain, vma.anonVma];
    }
    vmaLink(mm, vma);
    // vma_needs_copy: only VMAs with anonymous pages; the others fault in again.
    if (src.anonVma && copyPageRange(ctx, mm, oldmm, src) < 0) {
      failed = true;
      break;
    }
  }
  flushTlbMmRange(ctx, oldmm, 0, Infinity);
  if (failed) {
    mmput(ctx, mm);
    return -ENOMEM;
  }
  mm.hiwaterRss = mm.rss;
  mm.hiwaterVm = mm.totalVm;
  return mm;
}

/** Another thread shares the address space (clone with CLONE_VM). linux: mmget */
export function mmget(mm: MmStruct): void {
  if (mm.mmUsers <= 0 || mm.dead) throw new Error('mmget on an mm without users');
  mm.mmUsers++;
}

/** A user is gone; the last one tears the address space down. linux: mmput */
export function mmput(ctx: MmContext, mm: MmStruct): void {
  if (mm.mmUsers <= 0) throw new Error(`mmput: mm #${mm.id} has no users`);
  if (--mm.mmUsers > 0) return;
  exitMmap(ctx, mm);
  mmdrop(ctx, mm);
}

/** A reference to the struct (lazy TLB borrower). linux: mmgrab */
export function mmgrab(mm: MmStruct): void {
  if (mm.mmCount <= 0 || mm.dead) throw new Error('mmgrab on a freed mm');
  mm.mmCount++;
}

/** Drops a reference to the struct; the last one frees it and its PGD. linux: mmdrop, __mmdrop */
export function mmdrop(ctx: MmContext, mm: MmStruct): void {
  if (mm.mmCount <= 0) throw new Error(`mmdrop: mm #${mm.id} already freed`);
  if (--mm.mmCount > 0) return;
  if (mm.mmUsers !== 0) throw new Error(`__mmdrop: mm #${mm.id} still has ${mm.mmUsers} users`);
  const t = ctx.phys.tables[mm.pgd]!;
  for (let i = 0; i < 1024; i++) if (t[i] !== 0) throw new Error('__mmdrop: PGD not empty');
  ctx.phys.putPage(mm.pgd);
  mm.pgd = -1;
  if (mm.exeFile) ctx.files.fput(mm.exeFile);
  mm.exeFile = null;
  mm.dead = true;
}
