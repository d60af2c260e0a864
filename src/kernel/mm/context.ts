// What the parts of the memory subsystem share: physical memory, the
// per-CPU MMUs, the event log and the machine's randomness. MemorySystem
// (index.ts) implements it; the other files receive it as `ctx`.

import type { FaultOwner, MmIds } from './mm_types';
import type { EventLog } from '../events';
import type { Tlb } from './tlb';
import type { MmStruct } from './mm_types';
import type { PhysMem } from './page_alloc';
import type { FileCache } from './filemap';

/** The view of one CPU's MMU that flushing needs. */
export interface MmuState {
  readonly mm: MmStruct | null; // the mm in CR3
  readonly tlb: Tlb; // this CPU's TLB
  lazy: boolean; // a kernel thread (or idle) runs on the borrowed mm: lazy TLB mode
  stale: boolean; // a flush was skipped while lazy: flush before using the mm again
}

/** The machine-wide memory event counters /proc/vmstat shows. linux: enum vm_event_item, vm_event_states */
export interface VmEvents {
  pgfault: number; // handle_mm_fault calls, failed ones included (not faults outside any VMA or against its rights)
}

export interface MmContext {
  readonly phys: PhysMem; // page frames
  readonly vmEvents: VmEvents; // PGFAULT and friends
  readonly events: EventLog; // kernel events
  readonly mmus: readonly MmuState[]; // one per CPU
  /** The CPU the kernel is executing on (smp_processor_id), or -1 from the console: its own TLB flushes are local, the others' are shootdowns. */
  thisCpu: number;
  readonly rng: () => number; // the kernel's seeded generator
  readonly aslr: boolean; // randomize_va_space = 2
  readonly files: FileCache; // inodes and their page caches
  /** Largest number of VMAs per mm (vm.max_map_count). */
  maxMapCount: number;
  /** Display ids of mms and anon_vmas, counted per machine. */
  readonly ids: MmIds;
  /** The OOM killer (set by the kernel): true when it killed another process and freed memory, so the fault is retried. */
  outOfMemory: ((current: FaultOwner) => boolean) | null;
}
