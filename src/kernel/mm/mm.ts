// VMA flags, the address-space limits of x86-64 and the helpers that turn
// mmap/mprotect arguments into vm_flags and page protections.
// linux: include/linux/mm.h, include/linux/mman.h, arch/x86/include/asm/page_64_types.h
//
// Flag values are Linux's. VM_GROWSUP, VM_SHM, VM_DENYWRITE and VM_EXECUTABLE
// no longer exist in current kernels (the lecture lists them from the 2.6
// era); they keep their 2.6 values here. VM_GROWSUP is never set on x86
// (Linux defines it as VM_NONE there); it is kept so the flag table is whole.

import { PAGE_SIZE } from '../param';
import { MAP_GROWSDOWN, MAP_LOCKED, MAP_NORESERVE, PROT_EXEC, PROT_READ, PROT_WRITE } from '../uapi/mman';

export const VM_NONE = 0x00000000;
export const VM_READ = 0x00000001; // pages can be read from
export const VM_WRITE = 0x00000002; // pages can be written to
export const VM_EXEC = 0x00000004; // code inside pages can be executed
export const VM_SHARED = 0x00000008; // pages are shared between processes (else private, COW)
export const VM_MAYREAD = 0x00000010; // VM_READ may be set (by mprotect)
export const VM_MAYWRITE = 0x00000020; // VM_WRITE may be set
export const VM_MAYEXEC = 0x00000040; // VM_EXEC may be set
export const VM_MAYSHARE = 0x00000080; // VM_SHARED may be set: the mapping was made MAP_SHARED
export const VM_GROWSDOWN = 0x00000100; // area grows downwards (the stack)
export const VM_GROWSUP = 0x00000200; // area grows upwards (2.6 value; never on x86)
export const VM_SHM = 0x00000400; // shared memory area (2.6.10 value)
export const VM_DENYWRITE = 0x00000800; // maps a file that may not be written (ETXTBSY)
export const VM_EXECUTABLE = 0x00001000; // maps the executable file (mm->exe_file)
export const VM_LOCKED = 0x00002000; // pages are locked in memory (mlock, MAP_LOCKED)
export const VM_IO = 0x00004000; // memory-mapped I/O
export const VM_SEQ_READ = 0x00008000; // madvise(MADV_SEQUENTIAL): aggressive read-ahead
export const VM_RAND_READ = 0x00010000; // madvise(MADV_RANDOM): no read-ahead
export const VM_DONTCOPY = 0x00020000; // not copied on fork (madvise(MADV_DONTFORK))
export const VM_DONTEXPAND = 0x00040000; // cannot grow with mremap
export const VM_ACCOUNT = 0x00100000; // counted in the overcommit accounting
export const VM_NORESERVE = 0x00200000; // MAP_NORESERVE: not counted
export const VM_HUGETLB = 0x00400000; // backed by huge pages
export const VM_DONTDUMP = 0x04000000; // left out of core dumps
export const VM_SOFTDIRTY = 0x08000000; // soft-dirty tracking (ignored when merging)

export const VM_ACCESS_FLAGS = VM_READ | VM_WRITE | VM_EXEC;
export const VM_STACK = VM_GROWSDOWN;
/** Mappings that must never merge. linux: VM_SPECIAL */
export const VM_SPECIAL = VM_IO | VM_DONTEXPAND;
/** Default flags of data mappings (brk, bss, stack) on x86-64 with NX. linux: VM_DATA_DEFAULT_FLAGS */
export const VM_DATA_DEFAULT_FLAGS = VM_READ | VM_WRITE | VM_MAYREAD | VM_MAYWRITE | VM_MAYEXEC;
export const VM_STACK_FLAGS = VM_STACK | VM_DATA_DEFAULT_FLAGS | VM_ACCOUNT;

/** Names of the flags, in bit order, as the `json` view and the VMA pane print them. */
export const VM_FLAG_NAMES: readonly [number, string][] = [
  [VM_READ, 'VM_READ'],
  [VM_WRITE, 'VM_WRITE'],
  [VM_EXEC, 'VM_EXEC'],
  [VM_SHARED, 'VM_SHARED'],
  [VM_MAYREAD, 'VM_MAYREAD'],
  [VM_MAYWRITE, 'VM_MAYWRITE'],
  [VM_MAYEXEC, 'VM_MAYEXEC'],
  [VM_MAYSHARE, 'VM_MAYSHARE'],
  [VM_GROWSDOWN, 'VM_GROWSDOWN'],
  [VM_GROWSUP, 'VM_GROWSUP'],
  [VM_SHM, 'VM_SHM'],
  [VM_DENYWRITE, 'VM_DENYWRITE'],
  [VM_EXECUTABLE, 'VM_EXECUTABLE'],
  [VM_LOCKED, 'VM_LOCKED'],
  [VM_IO, 'VM_IO'],
  [VM_SEQ_READ, 'VM_SEQ_READ'],
  [VM_RAND_READ, 'VM_RAND_READ'],
  [VM_DONTCOPY, 'VM_DONTCOPY'],
  [VM_DONTEXPAND, 'VM_DONTEXPAND'],
  [VM_ACCOUNT, 'VM_ACCOUNT'],
  [VM_NORESERVE, 'VM_NORESERVE'],
  [VM_HUGETLB, 'VM_HUGETLB'],
  [VM_DONTDUMP, 'VM_DONTDUMP'],
  [VM_SOFTDIRTY, 'VM_SOFTDIRTY'],
];

/** "VM_READ|VM_WRITE|VM_MAYREAD|..." */
export function vmFlagsString(flags: number): string {
  const out: string[] = [];
  for (const [bit, name] of VM_FLAG_NAMES) if (flags & bit) out.push(name);
  return out.length ? out.join('|') : 'VM_NONE';
}

// ---- the x86-64 user address space (4-level paging, 47-bit user half) ----

export const PAGE_MASK_LOW = PAGE_SIZE - 1; // offset bits within a page
/** Top of the user address space: the last page below 2^47 is never mapped. linux: TASK_SIZE_MAX */
export const TASK_SIZE = 0x7ffffffff000;
/** First non-canonical address above the user half (2^47). */
export const USER_CANONICAL_END = 0x800000000000;
/** Lowest canonical address of the upper (kernel) half, 0xffff800000000000 read as a signed 64-bit number. */
export const KERNEL_CANONICAL_START = -0x800000000000;
/** linux: STACK_TOP on x86-64 */
export const STACK_TOP = TASK_SIZE;
/** Lowest address a hint may ask for and the stack may grow to: max(vm.mmap_min_addr, CONFIG_LSM_MMAP_MIN_ADDR).
 * On the reference machine a hint of 0x1000 is rounded up to 0x10000. linux: mm/mmap.c round_hint_to_min */
export const MMAP_MIN_ADDR = 65536;
/** vm.mmap_min_addr: MAP_FIXED below it fails with EPERM. linux: security/commoncap.c cap_mmap_addr */
export const DAC_MMAP_MIN_ADDR = 4096;
/** Guard gap kept below a VM_GROWSDOWN VMA: 256 pages. linux: stack_guard_gap */
export const STACK_GUARD_GAP = 256 * PAGE_SIZE;
/** Base of bottom-up mmap placement when top-down fails. linux: TASK_UNMAPPED_BASE */
export const TASK_UNMAPPED_BASE = Math.floor(TASK_SIZE / 3 / PAGE_SIZE) * PAGE_SIZE;
/** Where a PIE executable is loaded (2/3 of TASK_SIZE, page aligned). linux: ELF_ET_DYN_BASE */
export const ELF_ET_DYN_BASE = 0x555555554000;
/** Extra stack set up below the argument pages at exec. linux: fs/exec.c setup_arg_pages stack_expand */
export const STACK_EXPAND = 128 * 1024;
/** Smallest and largest gap between the stack top and mmap_base. linux: arch/x86/mm/mmap.c */
export const MMAP_GAP_MIN = 128 * 1024 * 1024;
/** Bits of page randomness of mmap_base and of the PIE base. linux: mmap_rnd_bits (x86-64 default 28) */
export const MMAP_RND_BITS = 28;
/** Bits of page randomness of the stack top. linux: STACK_RND_MASK 0x3fffff (22 bits) */
export const STACK_RND_BITS = 22;
/** brk is randomised within this many bytes above the bss on x86-64. linux: arch_randomize_brk (SZ_1G) */
export const BRK_RND_RANGE = 0x40000000;
/** linux: tlb_single_page_flush_ceiling — a range flush of more pages flushes everything. */
export const TLB_SINGLE_PAGE_FLUSH_CEILING = 33;

/** Rounds up to a page boundary. linux: PAGE_ALIGN */
export function pageAlign(x: number): number {
  return Math.ceil(x / PAGE_SIZE) * PAGE_SIZE;
}

/** Rounds down to a page boundary. */
export function pageStart(x: number): number {
  return Math.floor(x / PAGE_SIZE) * PAGE_SIZE;
}

/** True if x is a multiple of PAGE_SIZE. */
export function pageAligned(x: number): boolean {
  return x % PAGE_SIZE === 0;
}

/** PROT_* to VM_READ/WRITE/EXEC. linux: calc_vm_prot_bits */
export function calcVmProtBits(prot: number): number {
  return (prot & PROT_READ ? VM_READ : 0) | (prot & PROT_WRITE ? VM_WRITE : 0) | (prot & PROT_EXEC ? VM_EXEC : 0);
}

/** MAP_* flags that become vm_flags. linux: calc_vm_flag_bits */
export function calcVmFlagBits(flags: number): number {
  return (flags & MAP_GROWSDOWN ? VM_GROWSDOWN : 0) | (flags & MAP_LOCKED ? VM_LOCKED : 0) | (flags & MAP_NORESERVE ? VM_NORESERVE : 0);
}

/** The "rwxp" column of /proc/PID/maps. linux: fs/proc/task_mmu.c show_map_vma */
export function vmPerms(flags: number): string {
  return (
    (flags & VM_READ ? 'r' : '-') +
    (flags & VM_WRITE ? 'w' : '-') +
    (flags & VM_EXEC ? 'x' : '-') +
    (flags & VM_MAYSHARE ? 's' : 'p')
  );
}

/** A private mapping that may become writable: its writes copy. linux: is_cow_mapping */
export function isCowMapping(flags: number): boolean {
  return (flags & (VM_SHARED | VM_MAYWRITE)) === VM_MAYWRITE;
}

/** Any access allowed at all. linux: vma_is_accessible */
export function vmaAccessible(flags: number): boolean {
  return (flags & VM_ACCESS_FLAGS) !== 0;
}

/** Private writable mappings are charged to the overcommit accounting. linux: accountable_mapping */
export function accountableMapping(flags: number): boolean {
  return (flags & (VM_NORESERVE | VM_SHARED | VM_WRITE)) === VM_WRITE;
}

/** linux: is_exec_mapping */
export function isExecMapping(flags: number): boolean {
  return (flags & (VM_EXEC | VM_WRITE | VM_STACK)) === VM_EXEC;
}

/** linux: is_stack_mapping */
export function isStackMapping(flags: number): boolean {
  return (flags & VM_STACK) === VM_STACK;
}

/** linux: is_data_mapping */
export function isDataMapping(flags: number): boolean {
  return (flags & (VM_WRITE | VM_SHARED | VM_STACK)) === VM_WRITE;
}

/** "0x7ffff7dd2000" */
export function hex(x: number): string {
  return x < 0 ? '-0x' + (-x).toString(16) : '0x' + x.toString(16);
}

/** An address as a 64-bit unsigned hex number without prefix, zero-padded to `width`;
 * negative numbers are upper-half (kernel) addresses read as signed 64-bit. */
export function hex64(x: number, width = 16): string {
  if (x >= 0) return x.toString(16).padStart(width, '0');
  return (BigInt.asUintN(64, BigInt(x))).toString(16).padStart(width, '0');
}
