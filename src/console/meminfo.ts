// /proc/meminfo and the numbers `free` prints, from the memory system's
// frame counts and the address spaces' counters. linux: fs/proc/meminfo.c
//
// kernlab has no swap, no slab and no block devices: those lines are 0.
// Frames in use that are neither anonymous nor page tables are counted as
// page cache (program text and data, libc, the zero page). Kernel stacks
// live in kernel memory, outside the frames: KernelStack is reported as
// Linux computes it (THREAD_SIZE per task) but is not part of MemFree.

import type { Kernel } from '../kernel/kernel';
import type { MmStruct } from '../kernel/mm/mm_types';
import { MM_ANONPAGES, MM_FILEPAGES } from '../kernel/mm/mm_types';
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
  kernelStack: number; // KernelStack
  pageTables: number; // PageTables
  committed: number; // Committed_AS (total_vm of every mm)
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
  let anon = 0;
  let mapped = 0;
  let pt = 0;
  let committed = 0;
  for (const mm of liveMms(k)) {
    anon += mm.rssStat[MM_ANONPAGES];
    mapped += mm.rssStat[MM_FILEPAGES];
    pt += mm.pgtablesBytes / PAGE_SIZE + 1; // + the PGD
    committed += mm.totalVm;
  }
  const used = totalPages - freePages;
  anon = Math.min(anon, used);
  pt = Math.min(pt, used - anon);
  const cached = used - anon - pt;
  return {
    total: totalPages * kb,
    free: freePages * kb,
    available: (freePages + cached) * kb,
    cached: cached * kb,
    anon: anon * kb,
    mapped: Math.min(mapped, cached) * kb,
    kernelStack: (k.nrThreads * THREAD_SIZE) / 1024,
    pageTables: pt * kb,
    committed: committed * kb,
  };
}

/** MemTotal in kB (for ps %MEM). */
export function memTotalKb(k: Kernel): number {
  return physPages(k).totalPages * (PAGE_SIZE / 1024);
}

/** The text of /proc/meminfo. linux: show_val_kb — a 16-column label, the value right-aligned in 8. */
export function procMeminfo(k: Kernel): string {
  const m = memCounters(k);
  const line = (label: string, v: number, unit = ' kB'): string => `${(label + ':').padEnd(16)}${String(v).padStart(8)}${unit}\n`;
  return (
    line('MemTotal', m.total) +
    line('MemFree', m.free) +
    line('MemAvailable', m.available) +
    line('Buffers', 0) +
    line('Cached', m.cached) +
    line('SwapCached', 0) +
    line('Active', m.anon + m.mapped) +
    line('Inactive', m.cached - m.mapped) +
    line('Active(anon)', m.anon) +
    line('Inactive(anon)', 0) +
    line('Active(file)', m.mapped) +
    line('Inactive(file)', m.cached - m.mapped) +
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
    line('Shmem', 0) +
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
