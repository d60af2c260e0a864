// The memory subsystem as the rest of the kernel sees it.
//
//   mm_struct / VMAs     mm_types.ts, vma.ts, mmap.ts, mprotect.ts, madvise.ts
//   frames, page tables  page_alloc.ts, pgtable.ts, filemap.ts (page cache)
//   faults, fork, exit   memory.ts, fork.ts
//   MMU and TLB          mmu.ts, tlb.ts
//   exec layout          exec.ts
//   kernel memory        kmem.ts
//   views                proc.ts, translate.ts
//
// MemorySystem owns physical memory, one MMU per CPU, kernel memory and
// the page cache; everything else takes an mm. Calls made on behalf of a
// task take it as `owner` (its pid for events, its fault counters).
// Expected failures return -errno (or null); a broken invariant throws.

import type { Image, Memory, Program } from '../../lang/abi';
import type { EventLog } from '../events';
import { ENOMEM } from '../uapi/errno';
import { MAP_ANONYMOUS } from '../uapi/mman';
import type { MmContext } from './context';
import { execArgsCheck, execMm, type ExecLayout } from './exec';
import { FMODE_READ, FMODE_WRITE, File, FileCache } from './filemap';
import { dupMm, mmAlloc, mmdrop, mmget, mmgrab, mmput } from './fork';
import { KernelMemory } from './kmem';
import { doMadvise } from './madvise';
import { MAX_MAP_COUNT, PAGE_SIZE } from '../param';
import type { FaultOwner, MmStruct, VmAreaStruct } from './mm_types';
import { CpuMmu, type Mmu } from './mmu';
import { doBrk, doMmap, doMunmap } from './mmap';
import { doMprotect } from './mprotect';
import { doMremap } from './mremap';
import { PhysMem } from './page_alloc';
import { mmJson, pmap, pmapExtended, procMaps, statFields, statm, statusVm, vmaResidency, type StatFields } from './proc';
import { formatTranslate, translate, type TranslateReport } from './translate';
import { copyFromUser, copyToUser, getUser, putUser, strncpyFromUser } from './uaccess';
import { findVma, findVmaIntersection, findVmaPrev } from './vma';
import { vmPerms } from './mm';

export type { FaultOwner, MmStruct, VmAreaStruct } from './mm_types';
export type { Mmu } from './mmu';
export type { ExecLayout } from './exec';
export type { TranslateReport } from './translate';
export type { StatFields } from './proc';
export { File, FMODE_READ, FMODE_WRITE } from './filemap';

export interface MemorySystemOptions {
  memoryBytes: number; // physical memory
  tlbEntries: number; // entries of each CPU's TLB
  nrCpus: number; // CPUs (one MMU each)
  events: EventLog; // where faults, COW, flushes and walks are reported
  rng: () => number; // the kernel's seeded generator (ASLR, AT_RANDOM)
  aslr: boolean; // randomize_va_space: 2 if true, 0 (setarch -R) if false
}

/**
 * The set of traced mms: while an mm is in it, every translation of the
 * MMUs running it emits a 'walk' event. Keeps mm.traced and the MMUs' flag
 * in step with membership.
 */
class TracedSet extends Set<MmStruct> {
  constructor(private readonly onChange: () => void) {
    super();
  }
  override add(mm: MmStruct): this {
    super.add(mm);
    if (this.onChange) {
      mm.traced = true;
      this.onChange();
    }
    return this;
  }
  override delete(mm: MmStruct): boolean {
    const r = super.delete(mm);
    mm.traced = false;
    this.onChange();
    return r;
  }
  override clear(): void {
    for (const mm of this) mm.traced = false;
    super.clear();
    this.onChange();
  }
}

export class MemorySystem implements MmContext {
  readonly phys: PhysMem; // page frames
  readonly events: EventLog; // kernel events
  readonly rng: () => number; // seeded randomness
  readonly aslr: boolean; // address-space layout randomisation
  readonly files: FileCache; // inodes and page caches
  readonly mmus: CpuMmu[]; // one MMU (and TLB) per CPU
  readonly kernelMemory: KernelMemory; // kthread images and kernel stacks
  /** The CPU the kernel runs on (smp_processor_id); -1 from the console. TLB flushes on it are local, others are shootdowns. */
  thisCpu = -1;
  /** vm.max_map_count */
  maxMapCount = MAX_MAP_COUNT;
  /** Display ids of mms and anon_vmas, counted per machine. */
  readonly ids = { mm: 0, anonVma: 0 };
  /** Machine-wide memory event counters (/proc/vmstat). */
  readonly vmEvents = { pgfault: 0 };
  /** mms whose translations are traced step by step ('walk' events). */
  readonly traced: Set<MmStruct>;
  /** Resolves a file descriptor for mmap (set by the VFS); null: only anonymous mappings. */
  resolveFd: ((owner: FaultOwner, fd: number) => File | null) | null = null;
  /** The OOM killer (set by the kernel); null: a fault that finds no memory kills the faulting task. */
  outOfMemory: ((current: FaultOwner) => boolean) | null = null;
  private readonly nrCpus: number;

  constructor(opts: MemorySystemOptions) {
    if (!Number.isInteger(opts.nrCpus) || opts.nrCpus < 1) throw new RangeError(`bad CPU count ${opts.nrCpus}`);
    this.phys = new PhysMem(opts.memoryBytes);
    this.events = opts.events;
    this.rng = opts.rng;
    this.aslr = opts.aslr;
    this.nrCpus = opts.nrCpus;
    this.files = new FileCache(this.phys);
    this.mmus = [];
    for (let i = 0; i < opts.nrCpus; i++) this.mmus.push(new CpuMmu(i, this, opts.tlbEntries));
    this.kernelMemory = new KernelMemory();
    this.traced = new TracedSet(() => {
      for (const m of this.mmus) m.tracing = !!m.mm && m.mm.traced;
    });
  }

  // ---- mm_struct life ----

  /** An empty mm (mm_users = mm_count = 1), for execve. Throws if memory is exhausted (no frame for the PGD). */
  mmAlloc(): MmStruct {
    const mm = mmAlloc(this, this.nrCpus);
    if (!mm) throw new Error('out of memory allocating a PGD');
    return mm;
  }

  /** fork without CLONE_VM: a COW copy of oldmm for the task `owner`, or -ENOMEM. */
  dupMm(oldmm: MmStruct, owner: FaultOwner): MmStruct | number {
    if (this.phys.nrFree < 1) return -ENOMEM;
    return this.onCpuOf(oldmm, oldmm.owner, () => dupMm(this, oldmm, owner));
  }

  mmget(mm: MmStruct): void {
    mmget(mm);
  }

  mmput(mm: MmStruct): void {
    mmput(this, mm);
  }

  mmgrab(mm: MmStruct): void {
    mmgrab(mm);
  }

  mmdrop(mm: MmStruct): void {
    mmdrop(this, mm);
  }

  // ---- exec ----

  /** 0, or -E2BIG if execve would refuse these arguments (call before giving up the old mm). */
  execArgsCheck(argv: string[], envp: string[]): number {
    return execArgsCheck(argv, envp, 8 * 1024 * 1024);
  }

  /** Loads a PIE image of `prog` with libc, ld.so, the vDSO and a stack holding argv/envp/auxv into the fresh `mm`. */
  exec(mm: MmStruct, prog: Program, argv: string[], envp: string[], owner: FaultOwner): ExecLayout {
    return execMm(this, mm, prog, argv, envp, owner);
  }

  // ---- kernel memory ----

  /** Kernel memory, used by the CPU while a kthread runs. */
  get kmem(): Memory {
    return this.kernelMemory;
  }

  /** A kthread program in kernel memory (shared by every kthread running it). */
  loadKernelImage(prog: Program): Image {
    return this.kernelMemory.loadImage(prog);
  }

  /** A THREAD_SIZE kernel stack; returns its top. */
  allocKernelStack(): number {
    return this.kernelMemory.allocStack();
  }

  freeKernelStack(top: number): void {
    this.kernelMemory.freeStack(top);
  }

  // ---- the MMUs ----

  /**
   * Runs fn with thisCpu set to the CPU where `owner` runs `mm`, when the
   * kernel did not say (thisCpu -1): that CPU's TLB flushes are then local
   * and only the others get shootdowns.
   */
  private onCpuOf<T>(mm: MmStruct, owner: FaultOwner | null | undefined, fn: () => T): T {
    if (this.thisCpu >= 0 || !owner) return fn();
    const cpu = this.mmus.findIndex((m) => m.owner === owner && m.mm === mm);
    if (cpu < 0) return fn();
    this.thisCpu = cpu;
    try {
      return fn();
    } finally {
      this.thisCpu = -1;
    }
  }

  /** CPU i's MMU (implements Memory). */
  cpu(i: number): Mmu {
    const m = this.mmus[i];
    if (!m) throw new RangeError(`no CPU ${i}`);
    return m;
  }

  /** TLB statistics of a CPU: entries (its size), valid entries now, hits, misses, flushes, shootdowns received. */
  tlbStats(cpu: number): { entries: number; valid: number; hits: number; misses: number; flushes: number; shootdowns: number } {
    const t = this.mmus[cpu].tlb;
    return { entries: t.size, valid: t.valid(), hits: t.hits, misses: t.misses, flushes: t.flushes, shootdowns: t.shootdowns };
  }

  // ---- system calls on an mm ----

  /** mmap: the address, or -errno. `fd` is resolved through resolveFd unless MAP_ANONYMOUS; `file` overrides it. */
  doMmap(mm: MmStruct, addr: number, len: number, prot: number, flags: number, fd: number, off: number, owner: FaultOwner, file?: File | null): number {
    let f: File | null = file ?? null;
    if (!f && !(flags & MAP_ANONYMOUS) && this.resolveFd) f = this.resolveFd(owner, fd);
    return this.onCpuOf(mm, owner, () => doMmap(this, mm, addr, len, prot, flags, f, off, owner));
  }

  /** munmap: 0 or -errno. */
  doMunmap(mm: MmStruct, addr: number, len: number, owner?: FaultOwner): number {
    return this.onCpuOf(mm, owner, () => doMunmap(this, mm, addr, len, owner ?? null));
  }

  /** mremap: the mapping's (new) address, or -errno. */
  mremap(mm: MmStruct, addr: number, oldLen: number, newLen: number, flags: number, newAddr: number, owner?: FaultOwner): number {
    return this.onCpuOf(mm, owner, () => doMremap(this, mm, addr, oldLen, newLen, flags, newAddr, owner ?? null));
  }

  /** mprotect: 0 or -errno. */
  mprotect(mm: MmStruct, addr: number, len: number, prot: number, owner?: FaultOwner): number {
    return this.onCpuOf(mm, owner, () => doMprotect(this, mm, addr, len, prot, owner ?? null));
  }

  /** madvise: 0 or -errno. */
  madvise(mm: MmStruct, addr: number, len: number, advice: number, owner?: FaultOwner): number {
    return this.onCpuOf(mm, owner, () => doMadvise(this, mm, addr, len, advice, owner ?? null));
  }

  /** brk: the new break, or the old one if refused (brk(0) returns the current break). */
  brk(mm: MmStruct, addr: number, owner?: FaultOwner): number {
    return this.onCpuOf(mm, owner, () => doBrk(this, mm, addr, owner ?? null));
  }

  /** Opens a registered file's inode for mmap: a struct file (read-only unless `write`). */
  openFile(path: string, bytes: Uint8Array, write = false): File {
    return new File(this.files.regularInode(path, bytes), FMODE_READ | (write ? FMODE_WRITE : 0));
  }

  // ---- VMA lookup ----

  findVma(mm: MmStruct, addr: number): VmAreaStruct | null {
    return findVma(mm, addr);
  }

  findVmaPrev(mm: MmStruct, addr: number): { vma: VmAreaStruct | null; prev: VmAreaStruct | null } {
    return findVmaPrev(mm, addr);
  }

  findVmaIntersection(mm: MmStruct, start: number, end: number): VmAreaStruct | null {
    return findVmaIntersection(mm, start, end);
  }

  /** The "rwxp" permissions of a VMA, as /proc/PID/maps shows them. */
  vmaPerms(vma: VmAreaStruct): string {
    return vmPerms(vma.vmFlags);
  }

  // ---- the kernel touching user memory ----

  getUser(mm: MmStruct, addr: number, size: 1 | 2 | 4 | 8, owner: FaultOwner): number | null {
    return this.onCpuOf(mm, owner, () => getUser(this, mm, addr, size, owner));
  }

  putUser(mm: MmStruct, addr: number, size: 1 | 2 | 4 | 8, value: number, owner: FaultOwner): number {
    return this.onCpuOf(mm, owner, () => putUser(this, mm, addr, size, value, owner));
  }

  copyFromUser(mm: MmStruct, addr: number, len: number, owner: FaultOwner): Uint8Array | null {
    return copyFromUser(this, mm, addr, len, owner);
  }

  copyToUser(mm: MmStruct, addr: number, bytes: Uint8Array, owner: FaultOwner): number {
    return this.onCpuOf(mm, owner, () => copyToUser(this, mm, addr, bytes, owner));
  }

  strncpyFromUser(mm: MmStruct, addr: number, max: number, owner: FaultOwner): string | null {
    return strncpyFromUser(this, mm, addr, max, owner);
  }

  // ---- views ----

  translate(mm: MmStruct, addr: number, access: 'r' | 'w' | 'x'): TranslateReport {
    return translate(this.phys, mm, addr, access);
  }

  formatTranslate(r: TranslateReport): string {
    return formatTranslate(r);
  }

  procMaps(mm: MmStruct): string {
    return procMaps(mm);
  }

  pmap(pid: number, cmdline: string, mm: MmStruct): string {
    return pmap(pid, cmdline, mm);
  }

  statusVm(mm: MmStruct): string {
    return statusVm(mm);
  }

  /** procps `pmap -x`: with each VMA's resident and dirty kB (mm null: a kernel thread's empty table). */
  pmapExtended(pid: number, cmdline: string, mm: MmStruct | null): string {
    return pmapExtended(pid, cmdline, mm, (v) => vmaResidency(this.phys, mm!, v));
  }

  /** /proc/PID/statm. */
  statm(mm: MmStruct): string {
    return statm(mm);
  }

  statFields(mm: MmStruct): StatFields {
    return statFields(mm);
  }

  json(mm: MmStruct): object {
    return mmJson(mm);
  }

  /** Physical memory in pages: total, free, and frames whose contents exist in JS memory. */
  meminfo(): { totalPages: number; freePages: number; materialised: number } {
    return { totalPages: this.phys.nrFrames, freePages: this.phys.nrFree, materialised: this.phys.materialised() };
  }

  /**
   * The frames in use by kind, each frame once however many PTEs map it
   * (as Linux's node counters count pages, not mappings): anonymous pages,
   * page-cache pages and those of them some PTE maps, page-table pages.
   * linux: NR_ANON_MAPPED, NR_FILE_PAGES, NR_FILE_MAPPED, NR_PAGETABLE
   */
  frameCounts(): { anon: number; file: number; fileMapped: number; pageTables: number } {
    return this.phys.countKinds();
  }

  /** Bytes per page, for callers that print sizes. */
  get pageSize(): number {
    return PAGE_SIZE;
  }
}
