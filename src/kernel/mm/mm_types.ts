// The memory descriptor and the virtual memory area, as the lecture shows them.
// linux: include/linux/mm_types.h (struct mm_struct, struct vm_area_struct), mm/rmap.c (struct anon_vma)
//
// An mm_struct keeps its VMAs twice, as the lecture's kernels do: in a list
// sorted by address (mmap, vm_next/vm_prev) to walk them all, and in a
// red-black tree (mm_rb) to find one in O(log n).

import { RbTree, type RbNode } from '../rbtree';
import { STACK_RLIMIT } from '../param';
import type { File } from './filemap';

/**
 * The task a page fault is accounted to. task_struct has these fields
 * (min_flt, maj_flt); the kernel passes the task itself.
 */
export interface FaultOwner {
  pid: number; // the task's pid (thread id), for events
  minFlt: number; // minor faults: the page was mapped without I/O
  majFlt: number; // major faults: needed I/O (always 0: no swap, no disk)
}

/** A 64-bit page protection split in two 32-bit words, as PTEs are. linux: pgprot_t */
export interface PgProt {
  lo: number; // bits 0-31: P, RW, US, PWT, PCD, A, D, PSE, G, software bits
  hi: number; // bits 32-63: only NX (bit 63 = 0x80000000 here) is used
}

/** Display ids of one memory system's mms and anon_vmas (per machine, so two machines in a process number alike). */
export interface MmIds {
  mm: number; // last mm id given
  anonVma: number; // last anon_vma id given
}

/**
 * The object anonymous pages of a VMA hang off (for reverse mapping). A VMA
 * gets one at its first anonymous page; fork gives the child VMA a new one
 * whose parent is the old one. linux: mm/rmap.c struct anon_vma
 */
export class AnonVma {
  readonly id: number; // for display only
  readonly root: AnonVma; // root of the fork hierarchy
  constructor(
    readonly parent: AnonVma | null, // anon_vma of the VMA this one was forked from
    ids: MmIds, // the machine's id counters
  ) {
    this.id = ++ids.anonVma;
    this.root = parent ? parent.root : this;
  }
}

/** A virtual memory area: [vmStart, vmEnd) with one set of flags. linux: struct vm_area_struct */
export class VmAreaStruct implements RbNode {
  rbParent: RbNode | null = null; // vm_rb: node in mm->mm_rb
  rbLeft: RbNode | null = null;
  rbRight: RbNode | null = null;
  rbRed = false;
  vmNext: VmAreaStruct | null = null; // next VMA in address order (mm->mmap list)
  vmPrev: VmAreaStruct | null = null; // previous VMA in address order
  anonVma: AnonVma | null = null; // set once the VMA has anonymous pages (anon_vma_prepare)
  anonVmaChain: AnonVma[] = []; // every anon_vma this VMA is linked to: its own and its ancestors' (anon_vma_chain)
  name: string | null = null; // special mapping name: [vdso], [vvar], [vvar_vclock]; null otherwise

  constructor(
    public vmMm: MmStruct, // the address space this VMA belongs to
    public vmStart: number, // first address, inclusive
    public vmEnd: number, // first address after the area, exclusive
    public vmFlags: number, // VM_* flags
    public vmPageProt: PgProt, // PTE protection bits derived from vmFlags (vm_get_page_prot)
    public vmPgoff: number, // offset in the file in pages (anonymous private: vmStart >> PAGE_SHIFT)
    public vmFile: File | null, // mapped file (null for anonymous memory)
  ) {}

  /** Size in pages. linux: vma_pages */
  get pages(): number {
    return (this.vmEnd - this.vmStart) / 4096;
  }
}

/** Per-type RSS counters. linux: enum { MM_FILEPAGES, MM_ANONPAGES, MM_SWAPENTS, MM_SHMEMPAGES } */
export const MM_FILEPAGES = 0;
export const MM_ANONPAGES = 1;
export const MM_SWAPENTS = 2;
export const MM_SHMEMPAGES = 3;


/** The memory descriptor of an address space. linux: struct mm_struct */
export class MmStruct {
  readonly id: number; // for display: "mm#3" (Linux has none; the UI needs a name)
  // -- the VMAs
  mmap: VmAreaStruct | null = null; // list of VMAs, sorted by address
  readonly mmRb = new RbTree<VmAreaStruct>((a, b) => a.vmStart - b.vmStart); // rbtree of VMAs
  mapCount = 0; // number of VMAs
  mmapCache: VmAreaStruct | null = null; // last VMA find_vma returned containing its address (2.6's mmap_cache; later vmacache)
  // -- page tables
  pgd = -1; // page frame number of the page global directory (CR3); -1 once freed
  pgtablesBytes = 0; // bytes of PUD, PMD and PTE tables (VmPTE); the PGD is not counted, as in Linux
  // -- reference counts
  mmUsers = 1; // users of the address space: the threads sharing it
  mmCount = 1; // references to the struct: 1 for all users together, +1 per lazy-TLB borrower
  // -- accounting, in pages
  totalVm = 0; // pages mapped (VmSize)
  lockedVm = 0; // pages with VM_LOCKED (VmLck)
  pinnedVm = 0; // pages pinned by the kernel (VmPin)
  dataVm = 0; // private writable, not stack (VmData)
  execVm = 0; // executable, not writable (VmExe + VmLib)
  stackVm = 0; // VM_GROWSDOWN (VmStk)
  hiwaterRss = 0; // high-water mark of RSS, updated before RSS drops (VmHWM)
  hiwaterVm = 0; // high-water mark of total_vm (VmPeak)
  readonly rssStat = new Float64Array(4); // resident pages by type: MM_FILEPAGES, MM_ANONPAGES, MM_SWAPENTS, MM_SHMEMPAGES
  // -- layout
  startCode = 0; // start of the executable's code
  endCode = 0; // end of the executable's code
  startData = 0; // start of the executable's data
  endData = 0; // end of the executable's initialised data
  startBrk = 0; // start of the heap
  brk = 0; // current end of the heap
  startStack = 0; // where argc sits on the initial stack
  argStart = 0; // start of the argv strings
  argEnd = 0; // end of the argv strings
  envStart = 0; // start of the environment strings
  envEnd = 0; // end of the environment strings
  mmapBase = 0; // top of the mmap area (top-down allocation goes below it)
  taskSize = 0x7ffffffff000; // end of the user address space
  rlimitStack = STACK_RLIMIT; // RLIMIT_STACK of the owning process (the stack VMA grows up to it)
  defFlags = 0; // flags added to every new VMA (VM_LOCKED after mlockall)
  // -- unmapped-area search hint (see mmap.ts getUnmappedArea)
  freeAreaCache = 0; // every gap in [freeAreaCache, mmapBase) is at most cachedHoleSize bytes
  cachedHoleSize = 0; // largest gap above freeAreaCache (0: none)
  // -- CPUs
  cpumask: Uint8Array; // mm_cpumask: 1 for each CPU whose CR3 holds this mm (including lazy kthreads)
  owner: FaultOwner | null = null; // the task the mm was made for (mm->owner), for events
  exeFile: File | null = null; // the executable (mm->exe_file)
  traced = false; // the MMU emits a 'walk' event per translation (kept in sync by MemorySystem.traced)
  dead = false; // freed by mmdrop: any further use is a kernel bug
  oomSkip = false; // the oom_reaper emptied it: its process is dying, killing it frees nothing more (MMF_OOM_SKIP)

  constructor(
    nrCpus: number,
    readonly ids: MmIds, // the machine's id counters (anon_vmas of this mm number from them too)
  ) {
    this.id = ++ids.mm;
    this.cpumask = new Uint8Array(nrCpus);
  }

  /** Resident pages of all types. linux: get_mm_rss */
  get rss(): number {
    return this.rssStat[MM_FILEPAGES] + this.rssStat[MM_ANONPAGES] + this.rssStat[MM_SHMEMPAGES];
  }

  /** Every VMA, in address order. */
  vmas(): VmAreaStruct[] {
    const out: VmAreaStruct[] = [];
    for (let v = this.mmap; v; v = v.vmNext) out.push(v);
    return out;
  }
}
