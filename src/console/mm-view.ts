// The console's window onto the memory system (src/kernel/mm): the views
// it formats (/proc/PID/maps, pmap, the status Vm lines, the stat memory
// fields, translations, the JSON state) and the calls a kernel debugger
// makes on a task's mm (mprotect, munmap, find_vma). One file, so the
// rest of the console does not depend on the facade's exact shape.

import type { Kernel } from '../kernel/kernel';
import type { VmEvents } from '../kernel/mm/context';
import type { FaultOwner, MmStruct, VmAreaStruct } from '../kernel/mm/mm_types';
import { VSYSCALL_LINE, forEachMappedPage as kernelForEachMappedPage, mapsLine as kernelMapsLine, type MappedPage } from '../kernel/mm/proc';

/** What /proc/PID/stat needs from an mm (linux: fs/proc/array.c do_task_stat). */
export interface MmStatFields {
  vsize: number; // bytes mapped (field 23)
  rss: number; // resident pages (field 24)
  startcode: number; // field 26
  endcode: number; // field 27
  startstack: number; // field 28
  startData: number; // field 45
  endData: number; // field 46
  startBrk: number; // field 47
  argStart: number; // field 48
  argEnd: number; // field 49
  envStart: number; // field 50
  envEnd: number; // field 51
}

/** /proc/PID/maps of an address space. */
export function procMaps(k: Kernel, mm: MmStruct): string {
  return k.mm.procMaps(mm);
}

/** procps `pmap PID`. */
export function pmap(k: Kernel, pid: number, cmdline: string, mm: MmStruct): string {
  return k.mm.pmap(pid, cmdline, mm);
}

/** procps `pmap -x PID` (mm null: a kernel thread's empty table). */
export function pmapExtended(k: Kernel, pid: number, cmdline: string, mm: MmStruct | null): string {
  return k.mm.pmapExtended(pid, cmdline, mm);
}

/** The Vm and Rss lines of /proc/PID/status, each ending with a newline. */
export function statusVm(k: Kernel, mm: MmStruct): string {
  const s = k.mm.statusVm(mm);
  return s.endsWith('\n') || !s ? s : s + '\n';
}

/** The memory fields of /proc/PID/stat; all zero for a task without an mm. */
export function statFields(k: Kernel, mm: MmStruct | null): MmStatFields {
  const z: MmStatFields = {
    vsize: 0,
    rss: 0,
    startcode: 0,
    endcode: 0,
    startstack: 0,
    startData: 0,
    endData: 0,
    startBrk: 0,
    argStart: 0,
    argEnd: 0,
    envStart: 0,
    envEnd: 0,
  };
  if (!mm) return z;
  const f = k.mm.statFields(mm);
  return {
    vsize: f.vsize,
    rss: f.rss,
    startcode: f.startcode,
    endcode: f.endcode,
    startstack: f.startstack,
    startData: f.start_data,
    endData: f.end_data,
    startBrk: f.start_brk,
    argStart: f.arg_start,
    argEnd: f.arg_end,
    envStart: f.env_start,
    envEnd: f.env_end,
  };
}

/** The `translate` report for one access. */
export function translate(k: Kernel, mm: MmStruct, addr: number, access: 'r' | 'w' | 'x'): string {
  return k.mm.formatTranslate(k.mm.translate(mm, addr, access));
}

/** mprotect on a task's mm, as the syscall would: 0 or -errno. */
export function mprotect(k: Kernel, mm: MmStruct, addr: number, len: number, prot: number, owner: FaultOwner): number {
  return k.mm.mprotect(mm, addr, len, prot, owner);
}

/** do_munmap on a task's mm: 0 or -errno. */
export function munmap(k: Kernel, mm: MmStruct, addr: number, len: number, owner: FaultOwner): number {
  return k.mm.doMunmap(mm, addr, len, owner);
}

/** find_vma: the first VMA with vm_end > addr (it may not contain addr). */
export function findVma(k: Kernel, mm: MmStruct, addr: number): VmAreaStruct | null {
  return k.mm.findVma(mm, addr);
}

/** The mm as `state --json` shows it. */
export function mmJson(k: Kernel, mm: MmStruct): object {
  return k.mm.json(mm);
}

/** Per-CPU TLB counters. */
export function tlbStats(k: Kernel, cpu: number): ReturnType<Kernel['mm']['tlbStats']> {
  return k.mm.tlbStats(cpu);
}

/** The maps line of the vsyscall page (the gate VMA, which is no VMA of the mm), without the newline. */
export const vsyscallLine = VSYSCALL_LINE;

export type { MappedPage };

/** Calls `fn` for every page a VMA maps, as smaps walks them (the zero page skipped). */
export function forEachMappedPage(k: Kernel, mm: MmStruct, vma: VmAreaStruct, fn: (p: MappedPage) => void): void {
  kernelForEachMappedPage(k.mm.phys, mm, vma, fn);
}

/** One /proc/PID/maps line for a VMA, without the newline. */
export function mapsLine(mm: MmStruct, vma: VmAreaStruct): string {
  return kernelMapsLine(mm, vma);
}

/** The machine-wide memory event counters (pgfault) of /proc/vmstat. */
export function vmEvents(k: Kernel): Readonly<VmEvents> {
  return k.mm.vmEvents;
}

/** Physical memory in pages: total, free. */
export function physPages(k: Kernel): { totalPages: number; freePages: number } {
  const m = k.mm.meminfo();
  return { totalPages: m.totalPages, freePages: m.freePages };
}
