// /proc/PID/smaps and /proc/PID/smaps_rollup: per VMA (or summed over the
// address space) how much of it is resident, and how it is shared.
// linux: fs/proc/task_mmu.c show_smap, show_smaps_rollup, __show_smap,
// smaps_account, smaps_page_accumulate, show_smap_vma_flags
//
// The counts come from the page tables and the frames' reference counts,
// as Linux computes them:
//   - the zero page is not counted (vm_normal_page() returns NULL for it);
//   - a page with refcount 1, or mapped by one PTE, is Private; a page
//     mapped by N >= 2 PTEs is Shared and adds 1/N of a page to Pss — so
//     after fork every anonymous page of parent and child is Shared_Dirty
//     with half its size in Pss, until a write copies it (COW);
//   - Dirty: the PTE's dirty bit or the page's PG_dirty;
//   - Referenced: the PTE's accessed bit (fork gives the child old PTEs).
// Pss is summed in 1/4096ths of a byte (PSS_SHIFT) and truncated, as Linux does.
//
// kernlab has no swap, KSM, MADV_FREE, huge pages or protection keys:
// those lines are 0, as on a Linux machine that uses none of them.
// THPeligible is 0: the reference machine's THP mode is "madvise" and no
// VMA here can be MADV_HUGEPAGE. VmFlags shows the mnemonics of the flags
// a 6.x kernel still has; VM_GROWSUP, VM_SHM, VM_DENYWRITE and
// VM_EXECUTABLE (kept at their 2.6 values, see src/kernel/mm/mm.ts) have
// none, and [vvar] lacks Linux's "pf" since kernlab has no VM_PFNMAP.

import type { Kernel } from '../../kernel/kernel';
import {
  VM_ACCOUNT,
  VM_DONTCOPY,
  VM_DONTDUMP,
  VM_DONTEXPAND,
  VM_EXEC,
  VM_GROWSDOWN,
  VM_HUGETLB,
  VM_IO,
  VM_LOCKED,
  VM_MAYEXEC,
  VM_MAYREAD,
  VM_MAYSHARE,
  VM_MAYWRITE,
  VM_NORESERVE,
  VM_RAND_READ,
  VM_READ,
  VM_SEQ_READ,
  VM_SHARED,
  VM_SOFTDIRTY,
  VM_WRITE,
} from '../../kernel/mm/mm';
import type { MmStruct, VmAreaStruct } from '../../kernel/mm/mm_types';
import { PAGE_SIZE } from '../../kernel/param';
import { forEachMappedPage, mapsLine, vsyscallLine } from '../mm-view';

/** Pss is kept in bytes << PSS_SHIFT so that 1/N of a page is not rounded per page. */
const PSS_SHIFT = 12;
const PSS_PAGE = PAGE_SIZE * 2 ** PSS_SHIFT;

/** The mnemonics of show_smap_vma_flags, in bit order. */
const MNEMONICS: readonly [number, string][] = [
  [VM_READ, 'rd'],
  [VM_WRITE, 'wr'],
  [VM_EXEC, 'ex'],
  [VM_SHARED, 'sh'],
  [VM_MAYREAD, 'mr'],
  [VM_MAYWRITE, 'mw'],
  [VM_MAYEXEC, 'me'],
  [VM_MAYSHARE, 'ms'],
  [VM_GROWSDOWN, 'gd'],
  [VM_LOCKED, 'lo'],
  [VM_IO, 'io'],
  [VM_SEQ_READ, 'sr'],
  [VM_RAND_READ, 'rr'],
  [VM_DONTCOPY, 'dc'],
  [VM_DONTEXPAND, 'de'],
  [VM_ACCOUNT, 'ac'],
  [VM_NORESERVE, 'nr'],
  [VM_HUGETLB, 'ht'],
  [VM_DONTDUMP, 'dd'],
  [VM_SOFTDIRTY, 'sd'],
];

/** The sums of one VMA or of the rollup, in bytes (pss* in bytes << PSS_SHIFT). linux: struct mem_size_stats */
interface MemSizeStats {
  resident: number;
  sharedClean: number;
  sharedDirty: number;
  privateClean: number;
  privateDirty: number;
  referenced: number;
  anonymous: number;
  pss: number;
  pssAnon: number;
  pssFile: number;
  pssShmem: number;
  pssDirty: number;
  pssLocked: number;
}

function emptyStats(): MemSizeStats {
  return {
    resident: 0,
    sharedClean: 0,
    sharedDirty: 0,
    privateClean: 0,
    privateDirty: 0,
    referenced: 0,
    anonymous: 0,
    pss: 0,
    pssAnon: 0,
    pssFile: 0,
    pssShmem: 0,
    pssDirty: 0,
    pssLocked: 0,
  };
}

/** Adds the VMA's pages to `mss`. linux: smap_gather_stats, smaps_account, smaps_page_accumulate */
function gatherStats(k: Kernel, mm: MmStruct, vma: VmAreaStruct, mss: MemSizeStats): void {
  const locked = (vma.vmFlags & VM_LOCKED) !== 0;
  const shmem = !!vma.vmFile?.inode.shmem;
  forEachMappedPage(k, mm, vma, (page) => {
    if (page.anon) mss.anonymous += PAGE_SIZE;
    mss.resident += PAGE_SIZE;
    if (page.young) mss.referenced += PAGE_SIZE;
    // refcount 1: mapped exactly once; otherwise the page's mapcount decides.
    const single = page.refcount === 1 || page.mapcount < 2;
    const pss = single ? PSS_PAGE : Math.floor(PSS_PAGE / page.mapcount);
    mss.pss += pss;
    if (page.anon) mss.pssAnon += pss;
    else if (shmem) mss.pssShmem += pss;
    else mss.pssFile += pss;
    if (locked) mss.pssLocked += pss;
    if (page.dirty) {
      mss.pssDirty += pss;
      if (single) mss.privateDirty += PAGE_SIZE;
      else mss.sharedDirty += PAGE_SIZE;
    } else if (single) mss.privateClean += PAGE_SIZE;
    else mss.sharedClean += PAGE_SIZE;
  });
}

/** SEQ_PUT_DEC: a 16-column label, kB right-aligned in 8. */
function kb(label: string, bytes: number): string {
  return `${(label + ':').padEnd(16)}${String(Math.floor(bytes / 1024)).padStart(8)} kB\n`;
}

/** The lines from Rss to Locked. linux: __show_smap */
function showSmap(mss: MemSizeStats, rollup: boolean): string {
  const pss = (x: number): number => Math.floor(x / 2 ** PSS_SHIFT);
  return (
    kb('Rss', mss.resident) +
    kb('Pss', pss(mss.pss)) +
    kb('Pss_Dirty', pss(mss.pssDirty)) +
    (rollup ? kb('Pss_Anon', pss(mss.pssAnon)) + kb('Pss_File', pss(mss.pssFile)) + kb('Pss_Shmem', pss(mss.pssShmem)) : '') +
    kb('Shared_Clean', mss.sharedClean) +
    kb('Shared_Dirty', mss.sharedDirty) +
    kb('Private_Clean', mss.privateClean) +
    kb('Private_Dirty', mss.privateDirty) +
    kb('Referenced', mss.referenced) +
    kb('Anonymous', mss.anonymous) +
    kb('KSM', 0) +
    kb('LazyFree', 0) +
    kb('AnonHugePages', 0) +
    kb('ShmemPmdMapped', 0) +
    kb('FilePmdMapped', 0) +
    kb('Shared_Hugetlb', 0) +
    kb('Private_Hugetlb', 0) +
    kb('Swap', 0) +
    kb('SwapPss', 0) +
    kb('Locked', pss(mss.pssLocked))
  );
}

/** "VmFlags: rd wr mr mw me ac \n". linux: show_smap_vma_flags */
function vmFlagsLine(flags: number): string {
  let s = 'VmFlags: ';
  for (const [bit, name] of MNEMONICS) if (flags & bit) s += name + ' ';
  return s + '\n';
}

/** One VMA's block: its maps line, the sizes, the counts, THPeligible, ProtectionKey, VmFlags. linux: show_smap */
function smapBlock(header: string, bytes: number, mss: MemSizeStats, flags: number): string {
  return (
    header +
    '\n' +
    kb('Size', bytes) +
    kb('KernelPageSize', PAGE_SIZE) +
    kb('MMUPageSize', PAGE_SIZE) +
    showSmap(mss, false) +
    `${'THPeligible:'.padEnd(16)}${'0'.padStart(8)}\n` +
    `${'ProtectionKey:'.padEnd(16)}${'0'.padStart(8)}\n` +
    vmFlagsLine(flags)
  );
}

/** /proc/PID/smaps: every VMA, then the vsyscall page (empty for a task without an mm). */
export function procPidSmaps(k: Kernel, mm: MmStruct | null): string {
  if (!mm) return '';
  let out = '';
  for (const v of mm.vmas()) {
    const mss = emptyStats();
    gatherStats(k, mm, v, mss);
    out += smapBlock(mapsLine(mm, v), v.vmEnd - v.vmStart, mss, v.vmFlags);
  }
  // The gate VMA: mapped by no PTE of the mm, VM_EXEC only.
  return out + smapBlock(vsyscallLine, PAGE_SIZE, emptyStats(), VM_EXEC);
}

/**
 * /proc/PID/smaps_rollup: the counts of every VMA summed, under a header
 * from the first VMA's start to the last one's end (the vsyscall page is
 * not included). null for a task without an mm: Linux fails the read with
 * ESRCH.
 */
export function procPidSmapsRollup(k: Kernel, mm: MmStruct | null): string | null {
  if (!mm) return null;
  const vmas = mm.vmas();
  const mss = emptyStats();
  for (const v of vmas) gatherStats(k, mm, v, mss);
  const hex = (x: number): string => x.toString(16).padStart(8, '0');
  // show_vma_header_prefix(start, end, flags 0, pgoff 0, dev 0, ino 0), padded like a named maps line;
  // an mm without VMAs (empty_set) shows 0-0.
  const [start, end] = vmas.length ? [vmas[0].vmStart, vmas[vmas.length - 1].vmEnd] : [0, 0];
  const header = `${hex(start)}-${hex(end)} ---p 00000000 00:00 0 `.padEnd(72) + ' [rollup]';
  return header + '\n' + showSmap(mss, true);
}
