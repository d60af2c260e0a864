// The OOM killer: when a page fault finds no free frame, the kernel picks
// the process whose death frees the most memory (not the one that faulted),
// kills it, and the oom_reaper takes its private pages at once, so the
// fault can be retried. linux: mm/oom_kill.c (6.1)
//
// /proc/PID/oom_score_adj moves a process up or down the list (-1000:
// never). kernlab: there is no swap, and only user page faults invoke the
// killer (fork, exec and mmap(MAP_POPULATE) fail with ENOMEM instead).

import type { Kernel } from './kernel';
import { VM_SHARED } from './mm/mm';
import { MM_ANONPAGES, MM_FILEPAGES, MM_SHMEMPAGES, MM_SWAPENTS, type MmStruct } from './mm/mm_types';
import { flushTlbMmRange } from './mm/tlb';
import { zapPageRange } from './mm/memory';
import { PAGE_SIZE } from './param';
import { makeInfo, sendSignal } from './signal';
import { PF_KTHREAD, type TaskStruct } from './task';
import { SI_KERNEL, SIGKILL } from './uapi/signal';

const kB = (pages: number): number => (pages * PAGE_SIZE) / 1024;

/** A thread of the process that still has its mm, or null. linux: find_lock_task_mm */
function taskWithMm(p: TaskStruct): TaskStruct | null {
  return p.signal.threads.find((t) => t.mm !== null) ?? null;
}

/** oom_score_adj's range; the minimum makes a process unkillable by the OOM killer. */
export const OOM_SCORE_ADJ_MIN = -1000;
export const OOM_SCORE_ADJ_MAX = 1000;

/**
 * How much memory killing `p` frees, in pages, moved by its oom_score_adj
 * (in thousandths of `totalpages`), or null if it may not be killed (init,
 * kernel threads, oom_score_adj -1000, a vfork child on its parent's mm, a
 * process already reaped). linux: oom_badness
 */
export function oomBadness(p: TaskStruct, totalpages: number): number | null {
  if (p.pid === 1 || p.flags & PF_KTHREAD) return null; // oom_unkillable_task
  const t = taskWithMm(p);
  if (!t) return null;
  const adj = p.signal.oomScoreAdj;
  if (adj === OOM_SCORE_ADJ_MIN || t.mm!.oomSkip || t.vforkDone) return null; // MMF_OOM_SKIP, in_vfork
  const mm = t.mm!;
  const points = mm.rss + mm.rssStat[MM_SWAPENTS] + mm.pgtablesBytes / PAGE_SIZE;
  return points + adj * Math.trunc(totalpages / 1000); // adj *= totalpages / 1000, in C's integer division
}

/** /proc/PID/oom_score: the badness scaled into 0..2000, 0 for a task the killer never picks. linux: proc_oom_score */
export function oomScore(k: Kernel, p: TaskStruct): number {
  const totalpages = k.totalPages; // totalram_pages() + total_swap_pages (no swap)
  const badness = oomBadness(p, totalpages);
  return badness === null ? 0 : Math.trunc(((1000 + Math.trunc((badness * 1000) / totalpages)) * 2) / 3);
}

/** The process with the most points; on a tie, the one later in the task list. linux: select_bad_process */
function selectBadProcess(k: Kernel): TaskStruct | null {
  let chosen: TaskStruct | null = null;
  let chosenPoints = -Infinity;
  for (const p of k.tasks.values()) {
    if (!p.isLeader) continue; // for_each_process
    const points = oomBadness(p, k.totalPages);
    if (points === null || points < chosenPoints) continue;
    chosen = p;
    chosenPoints = points;
  }
  return chosen;
}

/**
 * A page fault of `current` found no free frame. Kills the process with
 * the highest badness; if that is another process, reaps its private
 * memory and returns true (retry the fault). Returns false when `current`
 * itself is the victim, or nothing can be killed: the fault kills it.
 * linux: __alloc_pages_may_oom → out_of_memory → oom_kill_process
 */
export function outOfMemory(k: Kernel, current: TaskStruct): boolean {
  k.printk(`${current.comm} invoked oom-killer: gfp_mask=0x100dca(GFP_HIGHUSER_MOVABLE|__GFP_ZERO), order=0, oom_score_adj=${current.signal.oomScoreAdj}\n`);
  const victim = selectBadProcess(k);
  if (!victim) {
    k.printk('Out of memory and no killable processes...\n');
    k.events.emit({ type: 'oom', pid: current.pid, trigger: current.pid });
    return false;
  }
  const mm = taskWithMm(victim)!.mm!;
  k.printk(`oom-kill:constraint=CONSTRAINT_NONE,nodemask=(null),cpuset=/,mems_allowed=0,global_oom,task_memcg=/,task=${victim.comm},pid=${victim.pid},uid=${victim.uid}\n`);
  k.printk(
    `Out of memory: Killed process ${victim.pid} (${victim.comm}) total-vm:${kB(mm.totalVm)}kB, anon-rss:${kB(mm.rssStat[MM_ANONPAGES])}kB, ` +
      `file-rss:${kB(mm.rssStat[MM_FILEPAGES])}kB, shmem-rss:${kB(mm.rssStat[MM_SHMEMPAGES])}kB, UID:${victim.uid} pgtables:${mm.pgtablesBytes / 1024}kB oom_score_adj:${victim.signal.oomScoreAdj}\n`,
  );
  k.events.emit({ type: 'oom', pid: victim.pid, trigger: current.pid });
  if (victim.tgid === current.tgid) return false; // the fault's SIGKILL ends it
  // Every process on the victim's mm dies with it (CLONE_VM without CLONE_THREAD).
  for (const p of k.tasks.values()) {
    if (p.isLeader && !(p.flags & PF_KTHREAD) && p.pid !== 1 && taskWithMm(p)?.mm === mm) sendSignal(k, SIGKILL, makeInfo(SIGKILL, SI_KERNEL, 0), p, true, true);
  }
  oomReap(k, victim, mm);
  return true;
}

/** Frees the victim's private pages now, as the oom_reaper thread does. linux: __oom_reap_task_mm */
function oomReap(k: Kernel, victim: TaskStruct, mm: MmStruct): void {
  for (const vma of mm.vmas()) {
    if (vma.vmFlags & VM_SHARED || vma.name !== null) continue; // shared memory outlives it; [vdso] is the kernel's
    zapPageRange(k.mm, mm, vma, vma.vmStart, vma.vmEnd);
    flushTlbMmRange(k.mm, mm, vma.vmStart, vma.vmEnd);
  }
  mm.oomSkip = true;
  k.printk(`oom_reaper: reaped process ${victim.pid} (${victim.comm}), now anon-rss:${kB(mm.rssStat[MM_ANONPAGES])}kB, file-rss:${kB(mm.rssStat[MM_FILEPAGES])}kB, shmem-rss:${kB(mm.rssStat[MM_SHMEMPAGES])}kB\n`);
}
