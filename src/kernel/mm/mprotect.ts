// mprotect: change the access rights of a range, splitting and merging
// VMAs so that each VMA keeps one set of flags, then rewrite the PTEs and
// flush the TLBs. linux: mm/mprotect.c (do_mprotect_pkey, mprotect_fixup, change_protection)
//
// mprotect of the middle page of a 3-page mapping leaves three VMAs; giving
// it back its old rights merges them into one again.

import { EACCES, EINVAL, ENOMEM } from '../uapi/errno';
import { PROT_EXEC, PROT_GROWSDOWN, PROT_GROWSUP, PROT_READ, PROT_WRITE } from '../uapi/mman';
import { PAGE_SIZE } from '../param';
import type { MmContext } from './context';
import {
  VM_ACCOUNT,
  VM_EXEC,
  VM_GROWSDOWN,
  VM_HUGETLB,
  VM_LOCKED,
  VM_NORESERVE,
  VM_READ,
  VM_SHARED,
  VM_WRITE,
  calcVmProtBits,
  pageAlign,
  vmPerms,
} from './mm';
import type { FaultOwner, MmStruct, VmAreaStruct } from './mm_types';
import { populateRange } from './memory';
import { PG_ANON, PG_EXCLUSIVE } from './page_alloc';
import {
  PMD_SIZE,
  _PAGE_ACCESSED,
  _PAGE_DIRTY,
  _PAGE_PRESENT,
  _PAGE_RW,
  _PAGE_SPECIAL,
  entryHi,
  entryLo,
  entryPfn,
  lookupPteTable,
  vmGetPageProt,
} from './pgtable';
import { flushTlbMmRange } from './tlb';
import { findVma, vmStatAccount, vmaModify } from './vma';
import { mmPid } from './mmap';

const PROT_SEM = 0x8;

/**
 * mprotect(start, len, prot). Returns 0 or: -EINVAL (unaligned start, bad
 * prot bits), -ENOMEM (part of the range is not mapped, or a split would
 * exceed vm.max_map_count), -EACCES (a right the VMA may not have, e.g.
 * PROT_WRITE on a MAP_SHARED mapping of a file opened read-only). VMAs
 * changed before an error stay changed, as in Linux.
 * linux: mm/mprotect.c do_mprotect_pkey
 */
export function doMprotect(ctx: MmContext, mm: MmStruct, start: number, len: number, prot: number, owner: FaultOwner | null): number {
  const grows = prot & (PROT_GROWSDOWN | PROT_GROWSUP);
  prot &= ~(PROT_GROWSDOWN | PROT_GROWSUP);
  if (grows === (PROT_GROWSDOWN | PROT_GROWSUP)) return -EINVAL;
  if (start % PAGE_SIZE) return -EINVAL;
  if (!len) return 0;
  len = pageAlign(len);
  let end = start + len;
  if (end <= start) return -ENOMEM;
  if (prot & ~(PROT_READ | PROT_WRITE | PROT_EXEC | PROT_SEM)) return -EINVAL;
  // A kernel address (negative here) is a huge unsigned one to Linux: no VMA lies there.
  if (start < 0) return -ENOMEM;
  let vma = findVma(mm, start);
  if (!vma) return -ENOMEM;
  if (grows & PROT_GROWSDOWN) {
    if (vma.vmStart >= end) return -ENOMEM;
    start = vma.vmStart;
    if (!(vma.vmFlags & VM_GROWSDOWN)) return -EINVAL;
  } else if (vma.vmStart > start) return -ENOMEM;
  if (grows & PROT_GROWSUP) end = vma.vmEnd;
  let prev: VmAreaStruct | null = start > vma.vmStart ? vma : vma.vmPrev;
  let nstart = start;
  for (;;) {
    const newflags = calcVmProtBits(prot) | (vma.vmFlags & ~(VM_READ | VM_WRITE | VM_EXEC));
    // newflags >> 4 puts VM_MAY* where VM_* is: a right without its MAY bit is refused.
    if (newflags & ~(newflags >> 4) & (VM_READ | VM_WRITE | VM_EXEC)) return -EACCES;
    const tmp = Math.min(vma.vmEnd, end);
    const r = mprotectFixup(ctx, mm, vma, prev, nstart, tmp, newflags, owner);
    if (typeof r === 'number') return r;
    prev = r;
    nstart = Math.max(tmp, prev.vmEnd);
    if (nstart >= end) return 0;
    const next: VmAreaStruct | null = prev.vmNext;
    if (!next || next.vmStart !== nstart) return -ENOMEM;
    vma = next;
  }
}

/**
 * Gives [start, end) of `vma` the flags `newflags`: merge or split, set the
 * flags and page protection, rewrite the PTEs, account. Returns the VMA now
 * covering the range, or a negative errno. linux: mm/mprotect.c mprotect_fixup
 */
function mprotectFixup(
  ctx: MmContext,
  mm: MmStruct,
  vma: VmAreaStruct,
  prev: VmAreaStruct | null,
  start: number,
  end: number,
  newflags: number,
  owner: FaultOwner | null,
): VmAreaStruct | number {
  const oldflags = vma.vmFlags;
  if (newflags === oldflags) return vma;
  const nrpages = (end - start) / PAGE_SIZE;
  if (newflags & VM_WRITE && !(oldflags & (VM_ACCOUNT | VM_WRITE | VM_HUGETLB | VM_SHARED | VM_NORESERVE))) {
    // A private mapping becoming writable is charged now (heuristic overcommit).
    if (nrpages > ctx.phys.nrFrames) return -ENOMEM;
    newflags |= VM_ACCOUNT;
  }
  const pid = mmPid(mm, owner);
  const r = vmaModify(ctx, mm, vma, prev, start, end, newflags, pid);
  if (typeof r === 'number') return r;
  vma = r;
  vma.vmFlags = newflags;
  vma.vmPageProt = vmGetPageProt(newflags);
  changeProtection(ctx, mm, vma, start, end);
  if ((oldflags & (VM_WRITE | VM_SHARED | VM_LOCKED)) === VM_LOCKED && newflags & VM_WRITE) {
    populateRange(ctx, mm, vma, start, end, owner ?? mm.owner ?? { pid: 0, minFlt: 0, majFlt: 0 });
  }
  vmStatAccount(mm, oldflags, -nrpages);
  vmStatAccount(mm, newflags, nrpages);
  ctx.events.emit({ type: 'vma', pid, op: 'mprotect', start, end, prot: vmPerms(newflags) });
  return vma;
}

/**
 * Rewrites the PTEs of [start, end) with the VMA's page protection,
 * keeping frames and accessed/dirty bits; the zero page stays read-only,
 * and a private writable mapping's exclusive anonymous pages become
 * writable at once (no fault needed). Flushes the TLBs if anything
 * changed. linux: mm/mprotect.c change_pte_range, can_change_pte_writable
 */
export function changeProtection(ctx: MmContext, mm: MmStruct, vma: VmAreaStruct, start: number, end: number): void {
  const phys = ctx.phys;
  const prot = vma.vmPageProt;
  const tryWritable = !(vma.vmFlags & VM_SHARED) && (vma.vmFlags & VM_WRITE) !== 0;
  let changed = 0;
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
        const pfn = entryPfn(lo, hi);
        const keep = lo & (_PAGE_ACCESSED | _PAGE_DIRTY);
        let nlo = prot.lo | keep;
        if (lo & _PAGE_SPECIAL) nlo = (nlo & ~_PAGE_RW) | _PAGE_SPECIAL; // the zero page is never writable
        else if (tryWritable && nlo & _PAGE_PRESENT && !(nlo & _PAGE_RW)) {
          const f = phys.flags[pfn];
          if (f & PG_ANON && f & PG_EXCLUSIVE) nlo |= _PAGE_RW;
        }
        const nl = entryLo(pfn, nlo);
        const nh = entryHi(pfn, prot.hi);
        if (nl !== lo || nh !== hi) {
          t[i] = nl;
          t[i + 1] = nh;
          changed++;
        }
      }
    }
    a = chunkEnd;
  }
  if (changed) flushTlbMmRange(ctx, mm, start, end);
}
