// /proc/meminfo and the numbers `free` prints, from the memory system's
// frame counts and the address spaces' counters. linux: fs/proc/meminfo.c
//
// kernlab has no swap, no slab and no block devices: those lines are 0.
// Pages are counted once each, however many processes map them (fork
// does not double AnonPages). Frames in use that are neither anonymous
// nor page tables are counted as page cache (program text and data, libc,
// the zero page); shared anonymous memory (shmem) is page cache too, as
// in Linux: in Cached, Shmem and, while mapped, Mapped. Kernel stacks
// live in kernel memory, outside the frames: KernelStack is reported as
// Linux computes it (THREAD_SIZE per task) but is not part of MemFree.

import type { Kernel } from '../kernel/kernel';
import type { Inode } from '../kernel/mm/filemap';
import { VM_ACCOUNT } from '../kernel/mm/mm';
import type { MmStruct } from '../kernel/mm/mm_types';
import { PAGE_SIZE, THREAD_SIZE } from '../kernel/param';
import { physPages } from './mm-view';

/** The counters /proc/meminfo and free print, in kB. */
export interface MemCounters {
  total: number; // MemTotal
  free: number; // MemFree
  available: number; // MemAvailable
  cached: number; // Cached (page cache)
  anon: number; // AnonPages
  mapped: number; // Mapped (file pages mapped by some mm)
  shmem: number; // Shmem (pages of shared anonymous memory)
  kernelStack: number; // KernelStack
  pageTables: number; // PageTables
  committed: number; // Committed_AS (memory promised: private writable mappings and shmem objects)
  activeAnon: number; // Active(anon)
  activeFile: number; // Active(file)
  inactiveFile: number; // Inactive(file)
}

/** Every live address space once. */
function liveMms(k: Kernel): MmStruct[] {
  const seen = new Set<MmStruct>();
  for (const t of k.tasks.values()) if (t.mm && !t.mm.dead) seen.add(t.mm);
  return [...seen];
}

export function memCounters(k: Kernel): MemCounters {
  const kb = PAGE_SIZE / 1024;
  const { totalPages, freePages } = physPages(k);
  const frames = k.mm.frameCounts();
  // vm_committed_as: VM_ACCOUNT mappings (private writable), and each shmem object's size once.
  let committed = 0;
  let shmem = 0;
  const shmemInodes = new Set<Inode>();
  for (const mm of liveMms(k))
    for (const v of mm.vmas()) {
      if (v.vmFlags & VM_ACCOUNT) committed += v.pages;
      const inode = v.vmFile?.inode;
      if (inode?.shmem && !shmemInodes.has(inode)) {
        shmemInodes.add(inode);
        committed += Math.ceil(inode.size / PAGE_SIZE);
        shmem += inode.pages.size;
      }
    }
  const used = totalPages - freePages;
  const cached = used - frames.anon - frames.pageTables;
  // The LRU lists, without aging: shmem is on the anon list (it cannot be dropped), mapped file pages are active.
  const activeFile = Math.max(0, frames.fileMapped - shmem);
  return {
    total: totalPages * kb,
    free: freePages * kb,
    available: (freePages + cached - shmem) * kb,
    cached: cached * kb,
    anon: frames.anon * kb,
    mapped: frames.fileMapped * kb,
    shmem: shmem * kb,
    kernelStack: (k.nrThreads * THREAD_SIZE) / 1024,
    pageTables: frames.pageTables * kb,
    committed: committed * kb,
    activeAnon: (frames.anon + shmem) * kb,
    activeFile: activeFile * kb,
    inactiveFile: (cached - shmem - activeFile) * kb,
  };
}

/** MemTotal in kB (for ps %MEM). */
export function memTotalKb(k: Kernel): number {
  return physPages(k).totalPages * (PAGE_SIZE / 1024);
}

/** The text of /proc/meminfo. linux: show_val_kb — a 16-column label, the value right-aligned in 8. */
export function procMeminfo(k: Kernel): string {
  const m = memCounters(k);
  const { activeAnon, activeFile, inactiveFile } = m;
  const line = (label: string, v: number, unit = ' kB'): string => `${(label + ':').padEnd(16)}${String(v).padStart(8)}${unit}\n`;
  return (
    line('MemTotal', m.total) +
    line('MemFree', m.free) +
    line('MemAvailable', m.available) +
    line('Buffers', 0) +
    line('Cached', m.cached) +
    line('SwapCached', 0) +
    line('Active', activeAnon + activeFile) +
    line('Inactive', inactiveFile) +
    line('Active(anon)', activeAnon) +
    line('Inactive(anon)', 0) +
    line('Active(file)', activeFile) +
    line('Inactive(file)', inactiveFile) +
    line('Unevictable', 0) +
    line('Mlocked', 0) +
    line('SwapTotal', 0) +
    line('SwapFree', 0) +
    line('Zswap', 0) +
    line('Zswapped', 0) +
    line('Dirty', 0) +
    line('Writeback', 0) +
    line('AnonPages', m.anon) +
    line('Mapped', m.mapped) +
    line('Shmem', m.shmem) +
    line('KReclaimable', 0) +
    line('Slab', 0) +
    line('SReclaimable', 0) +
    line('SUnreclaim', 0) +
    line('KernelStack', m.kernelStack) +
    line('PageTables', m.pageTables) +
    line('SecPageTables', 0) +
    line('NFS_Unstable', 0) +
    line('Bounce', 0) +
    line('WritebackTmp', 0) +
    line('CommitLimit', Math.floor(m.total / 2)) +
    line('Committed_AS', m.committed) +
    line('VmallocTotal', 34359738367) +
    line('VmallocUsed', 0) +
    line('VmallocChunk', 0) +
    line('Percpu', 0) +
    line('AnonHugePages', 0) +
    line('ShmemHugePages', 0) +
    line('ShmemPmdMapped', 0) +
    line('FileHugePages', 0) +
    line('FilePmdMapped', 0) +
    line('HugePages_Total', 0, '') +
    line('HugePages_Free', 0, '') +
    line('HugePages_Rsvd', 0, '') +
    line('HugePages_Surp', 0, '') +
    line('Hugepagesize', 2048) +
    line('Hugetlb', 0) +
    line('DirectMap4k', m.total)
  );
}
