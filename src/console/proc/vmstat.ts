// /proc/vmstat: the memory counters, "name value" per line, in pages
// unless the name says otherwise. linux: mm/vmstat.c vmstat_text,
// vmstat_show
//
// Linux prints some 190 counters; kernlab prints only those its memory
// model really keeps, in Linux's order: the page counts /proc/meminfo is
// made of (the same numbers, in pages) and the fault counters. Left out:
// zone counters (there are no zones), reclaim, writeback, swap, NUMA,
// compaction and THP counters (none of it happens here) and pgalloc_* /
// pgfree (the frame allocator has no zones to name). Linux has no counter
// of COW copies either: a COW fault is one more pgfault.

import type { Kernel } from '../../kernel/kernel';
import { PAGE_SIZE } from '../../kernel/param';
import { memCounters } from '../meminfo';
import { vmEvents } from '../mm-view';

/** The text of /proc/vmstat. */
export function procVmstat(k: Kernel): string {
  const m = memCounters(k);
  const pages = (kb: number): number => kb / (PAGE_SIZE / 1024);
  const lines: [string, number][] = [
    ['nr_free_pages', pages(m.free)],
    ['nr_inactive_anon', 0],
    ['nr_active_anon', pages(m.activeAnon)],
    ['nr_inactive_file', pages(m.inactiveFile)],
    ['nr_active_file', pages(m.activeFile)],
    ['nr_anon_pages', pages(m.anon)],
    ['nr_mapped', pages(m.mapped)],
    ['nr_file_pages', pages(m.cached)],
    ['nr_shmem', pages(m.shmem)],
    ['nr_kernel_stack', m.kernelStack], // NR_KERNEL_STACK_KB: in kB, as its name in the enum says
    ['nr_page_table_pages', pages(m.pageTables)],
    ['pgfault', vmEvents(k).pgfault],
    ['pgmajfault', 0], // no swap and no disk: every fault is minor
  ];
  return lines.map(([name, v]) => `${name} ${v}\n`).join('');
}
