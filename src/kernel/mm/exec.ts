// Building a fresh process image at execve, as Linux lays out a PIE program
// started through the dynamic loader, with what ld.so maps before main().
// linux: fs/exec.c (setup_arg_pages, copy_strings), fs/binfmt_elf.c
//        (load_elf_binary, create_elf_tables), arch/x86/mm/mmap.c
//        (arch_pick_mmap_layout), arch/x86/entry/vdso/vma.c
//
// The result, for `setarch -R` (aslr off) and a program with a small bss:
//   555555554000-555555555000 r--p 00000000 fe:00 ino  /path   ELF header page
//   555555555000-555555556000 r-xp 00001000 fe:00 ino  /path   .text
//   555555556000-555555557000 r--p 00002000 fe:00 ino  /path   .rodata
//   555555557000-555555558000 rw-p 00003000 fe:00 ino  /path   .data (+ start of .bss)
//   555555558000-55555555a000 rw-p 00000000 00:00 0            rest of .bss
//   (then [heap] once brk grows it, from start_brk)
//   7ffff7dd2000-7ffff7dd5000 rw-p   ld.so's TLS block, mapped after libc
//   7ffff7dd5000-7ffff7faa000        libc.so.6: r--p, r-xp, r--p, r--p (RELRO), rw-p
//   7ffff7faa000-7ffff7fb7000 rw-p   libc's .bss: Image.libcDataBase
//   7ffff7fc0000-7ffff7fc2000 rw-p   ld.so's first allocation
//   7ffff7fc2000-7ffff7fca000        [vvar] [vvar_vclock] [vdso]
//   7ffff7fca000-7ffff7fff000        ld-linux-x86-64.so.2 (5 VMAs), ending at mmap_base
//   7ffffffde000-7ffffffff000 rw-p   [stack]: 128 KiB + the argument pages
// The 9-page hole below ld.so's allocation is where ld.so.cache was mapped
// while libc was loaded. Sizes and offsets are those of the reference
// machine's glibc; with ASLR the PIE base, mmap_base, the stack top, the brk
// offset and the stack pointer within its page come from the kernel's rng.

import type { Image, Program } from '../../lang/abi';
import { E2BIG, ENOMEM } from '../uapi/errno';
import { MAP_ANONYMOUS, MAP_FIXED, MAP_PRIVATE, PROT_EXEC, PROT_READ, PROT_WRITE } from '../uapi/mman';
import { PAGE_SIZE } from '../param';
import type { MmContext } from './context';
import { FMODE_READ, File, LDSO_PATH, LIBC_PATH, programFileLayout } from './filemap';
import {
  BRK_RND_RANGE,
  ELF_ET_DYN_BASE,
  MMAP_GAP_MIN,
  MMAP_RND_BITS,
  STACK_EXPAND,
  STACK_GUARD_GAP,
  STACK_RND_BITS,
  STACK_TOP,
  TASK_SIZE,
  VM_ACCOUNT,
  VM_DATA_DEFAULT_FLAGS,
  VM_DENYWRITE,
  VM_DONTDUMP,
  VM_DONTEXPAND,
  VM_EXEC,
  VM_EXECUTABLE,
  VM_IO,
  VM_MAYEXEC,
  VM_MAYREAD,
  VM_MAYWRITE,
  VM_READ,
  VM_STACK_FLAGS,
  VM_WRITE,
  pageAlign,
  pageStart,
} from './mm';
import { VmAreaStruct, type FaultOwner, type MmStruct } from './mm_types';
import { doMmap, doMunmap, getUnmappedArea, mmapRegion } from './mmap';
import { handleMmFault, installSpecialPage } from './memory';
import { vmGetPageProt } from './pgtable';
import { copyToUser } from './uaccess';
import { anonVmaPrepare, findVma, vmStatAccount, vmaLink } from './vma';

/** Where exec put things: the image for the CPU, and main's arguments. */
export interface ExecLayout {
  image: Image; // section bases of the program and libc's data area
  sp: number; // initial stack pointer: the address of argc (16-byte aligned)
  argc: number; // number of arguments
  argv: number; // user address of argv[0]'s pointer (sp + 8)
  envp: number; // user address of envp[0]'s pointer
  auxv: number; // user address of the auxiliary vector
  vdso: number; // base of [vdso] (AT_SYSINFO_EHDR)
  ldso: number; // base of ld.so (AT_BASE)
}

/** Most bytes in one argument or environment string (32 pages). linux: MAX_ARG_STRLEN */
export const MAX_ARG_STRLEN = 32 * PAGE_SIZE;

// glibc's ld.so and libc.so.6 on the reference machine: segments (offset, size, prot).
const LDSO_SEGMENTS: [number, number, string][] = [
  [0x0, 0x1000, 'r--'],
  [0x1000, 0x26000, 'r-x'],
  [0x27000, 0xa000, 'r--'],
  [0x31000, 0x2000, 'r--R'], // RELRO: mapped rw-, relocated, then made read-only (so VM_ACCOUNT stays)
  [0x33000, 0x2000, 'rw-'],
];
const LDSO_SIZE = 0x35000;
const LIBC_SEGMENTS: [number, number, string][] = [
  [0x0, 0x26000, 'r--'],
  [0x26000, 0x156000, 'r-x'],
  [0x17c000, 0x53000, 'r--'],
  [0x1cf000, 0x4000, 'r--R'], // RELRO
  [0x1d3000, 0x2000, 'rw-'],
];
const LIBC_FILE_SPAN = 0x1d5000; // end of the last file segment
const LIBC_BSS = 0xd000; // anonymous rw-p after libc: its .bss (Image.libcDataBase)
const LD_SO_CACHE_PAGES = 9; // /etc/ld.so.cache, mapped while loading libc, then unmapped
const LDSO_FIRST_ALLOC = 0x2000; // ld.so's first anonymous mapping
const TLS_BLOCK = 0x3000; // static TLS and the thread control block
// What ld.so and libc's start-up have touched when main runs, on the
// reference machine (setarch -R, /proc/PID/pagemap of `int main(void) {
// pause(); }` started by vfork+execve, page cache warm): page ranges
// [first, end) of each VMA, read ('r': file pages mapped, 16 at a time by
// fault-around) or written ('w': private anonymous copies). By then the
// task has taken 48 minor faults, the kernel's copy of the arguments
// included. Replaying it gives a new process Linux's VmRSS (1100 kB:
// RssFile ~1000, RssAnon 88), minflt and page tables.
const LDSO_STARTUP_FAULTS = 48;
type Touched = [number, number][];
const LIBC_TOUCHED: [Touched, 'r' | 'w'][] = [
  [[[0, 38]], 'r'], // r--p: ELF header, dynamic symbols, strings, hash
  [[[0, 37], [85, 149], [165, 181], [213, 229], [293, 325]], 'r'], // r-xp
  [[], 'r'], // r--p .rodata: nothing yet
  [[[0, 4]], 'w'], // RELRO: relocated
  [[[0, 2]], 'w'], // rw-p .data
];
const LIBC_BSS_TOUCHED: Touched = [[0, 1], [4, 7], [12, 13]];
const LDSO_TOUCHED: [Touched, 'r' | 'w'][] = [
  [[[0, 1]], 'r'],
  [[[0, 37]], 'r'],
  [[[0, 10]], 'r'],
  [[[0, 2]], 'w'],
  [[[0, 2]], 'w'],
];
const TLS_TOUCHED: Touched = [[0, 2]];
const LDSO_ALLOC_TOUCHED: Touched = [[0, 1]];
/** Fault-around maps at most this many pages of a file around a read fault. linux: fault_around_bytes (64 KiB) */
const FAULT_AROUND_PAGES = 16;
const VVAR_PAGES = 4;
const VVAR_VCLOCK_PAGES = 2;
const VDSO_PAGES = 2;
const PLATFORM = 'x86_64';

// auxv tags. linux: include/uapi/linux/auxvec.h, arch/x86/include/uapi/asm/auxvec.h
const AT_NULL = 0,
  AT_PHDR = 3,
  AT_PHENT = 4,
  AT_PHNUM = 5,
  AT_PAGESZ = 6,
  AT_BASE = 7,
  AT_FLAGS = 8,
  AT_ENTRY = 9,
  AT_UID = 11,
  AT_EUID = 12,
  AT_GID = 13,
  AT_EGID = 14,
  AT_PLATFORM = 15,
  AT_HWCAP = 16,
  AT_CLKTCK = 17,
  AT_SECURE = 23,
  AT_RANDOM = 25,
  AT_HWCAP2 = 26,
  AT_RSEQ_FEATURE_SIZE = 27,
  AT_RSEQ_ALIGN = 28,
  AT_EXECFN = 31,
  AT_SYSINFO_EHDR = 33,
  AT_MINSIGSTKSZ = 51;
/** The user the game's programs run as (/home/student). */
const STUDENT_UID = 1000;

const encoder = new TextEncoder();

/**
 * Checks that argv and envp fit what execve accepts: each string at most
 * MAX_ARG_STRLEN bytes, and strings plus pointers at most a quarter of the
 * stack limit. 0 or -E2BIG. linux: fs/exec.c bprm_stack_limits, copy_strings
 */
export function execArgsCheck(argv: string[], envp: string[], rlimitStack: number): number {
  let limit = Math.min((8 * 1024 * 1024) / 4 * 3, rlimitStack / 4);
  limit = Math.max(limit, 32 * PAGE_SIZE); // ARG_MAX
  const ptrSize = (Math.max(argv.length, 1) + envp.length) * 8;
  if (limit <= ptrSize) return -E2BIG;
  limit -= ptrSize;
  let total = 0;
  for (const s of [...argv, ...envp]) {
    const n = encoder.encode(s).length + 1;
    if (n > MAX_ARG_STRLEN) return -E2BIG;
    total += n;
  }
  return total > limit ? -E2BIG : 0;
}

/** A random number of pages below 2^bits, from the kernel's generator. */
function rndPages(ctx: MmContext, bits: number): number {
  return Math.floor(ctx.rng() * 2 ** bits);
}

/** Maps [start, start+len) of `file` at a fixed address with exact vm_flags (the ELF loader's elf_map). */
function mapFixed(ctx: MmContext, mm: MmStruct, start: number, len: number, vmFlags: number, file: File | null, pgoff: number, owner: FaultOwner): void {
  const r = mmapRegion(ctx, mm, file, start, len, vmFlags, pgoff, owner);
  if (r < 0) throw new ExecError(r, `mapping 0x${start.toString(16)}`);
}

/** A failure while building the image after the point of no return (only: out of memory). */
export class ExecError extends Error {
  constructor(
    readonly errno: number,
    what: string,
  ) {
    super(`exec: ${what} failed with ${errno}`);
  }
}

/** vm_flags of a segment "rwx" (a trailing R marks RELRO: it was writable, so it stays VM_ACCOUNT and never merges with its read-only neighbour). */
function protFlags(p: string): number {
  const f = (p[0] === 'r' ? VM_READ : 0) | (p[1] === 'w' ? VM_WRITE : 0) | (p[2] === 'x' ? VM_EXEC : 0) | VM_MAYREAD | VM_MAYWRITE | VM_MAYEXEC;
  return p[3] === 'R' || p[1] === 'w' ? f | VM_ACCOUNT : f;
}

function protBits(p: string): number {
  return (p[0] === 'r' ? PROT_READ : 0) | (p[1] === 'w' ? PROT_WRITE : 0) | (p[2] === 'x' ? PROT_EXEC : 0);
}

/**
 * Loads `prog` into the empty `mm`: the executable's segments and bss,
 * the heap start, ld.so, the vDSO, libc and what ld.so allocates, and the
 * stack with argv, envp and the auxiliary vector. The caller checked the
 * arguments with execArgsCheck. Throws ExecError when memory runs out.
 * linux: fs/binfmt_elf.c load_elf_binary
 */
export function execMm(ctx: MmContext, mm: MmStruct, prog: Program, argv: string[], envp: string[], owner: FaultOwner): ExecLayout {
  if (mm.mapCount !== 0) throw new Error('exec into an mm that already has VMAs');
  if (execArgsCheck(argv, envp, mm.rlimitStack) < 0) throw new ExecError(-E2BIG, 'argument copy');
  mm.owner = owner;
  const faultsBefore = owner.minFlt; // exec does not reset min_flt
  const aslr = ctx.aslr;
  // arch_pick_mmap_layout: mmap_base below the stack gap.
  const stackMaxRandom = aslr ? (2 ** STACK_RND_BITS - 1) * PAGE_SIZE : 0;
  let gap = mm.rlimitStack + STACK_GUARD_GAP + stackMaxRandom;
  gap = Math.min(Math.max(gap, MMAP_GAP_MIN), Math.floor(TASK_SIZE / 6) * 5);
  const mmapRnd = aslr ? rndPages(ctx, MMAP_RND_BITS) * PAGE_SIZE : 0;
  mm.mmapBase = pageAlign(TASK_SIZE - gap - mmapRnd);
  mm.freeAreaCache = 0;
  mm.cachedHoleSize = 0;
  // randomize_stack_top
  const stackTop = aslr ? STACK_TOP - rndPages(ctx, STACK_RND_BITS) * PAGE_SIZE : STACK_TOP;
  // The PIE load bias.
  const base = ELF_ET_DYN_BASE + (aslr ? rndPages(ctx, MMAP_RND_BITS) * PAGE_SIZE : 0);

  // ---- the executable ----
  const inode = ctx.files.programInode(prog);
  const exe = new File(inode, FMODE_READ);
  mm.exeFile = exe;
  const l = programFileLayout(prog);
  const fileFlags = VM_DENYWRITE | VM_EXECUTABLE;
  mapFixed(ctx, mm, base, PAGE_SIZE, protFlags('r--') | fileFlags, exe, 0, owner);
  mapFixed(ctx, mm, base + l.textOff, l.textPages * PAGE_SIZE, protFlags('r-x') | fileFlags, exe, l.textOff / PAGE_SIZE, owner);
  mapFixed(ctx, mm, base + l.rodataOff, l.rodataPages * PAGE_SIZE, protFlags('r--') | fileFlags, exe, l.rodataOff / PAGE_SIZE, owner);
  mapFixed(ctx, mm, base + l.dataOff, l.dataPages * PAGE_SIZE, protFlags('rw-') | fileFlags, exe, l.dataOff / PAGE_SIZE, owner);
  const textBase = base + l.textOff;
  const rodataBase = base + l.rodataOff;
  const dataBase = base + l.dataOff;
  const bssBase = dataBase + Math.ceil(prog.data.length / 32) * 32;
  const dataEnd = dataBase + l.dataPages * PAGE_SIZE;
  const bssEnd = pageAlign(bssBase + prog.bssSize);
  if (bssEnd > dataEnd) {
    // vm_brk_flags: the rest of .bss, anonymous
    const flags = VM_DATA_DEFAULT_FLAGS | VM_ACCOUNT;
    const vma = new VmAreaStruct(mm, dataEnd, bssEnd, flags, vmGetPageProt(flags), dataEnd / PAGE_SIZE, null);
    vmaLink(mm, vma);
    vmStatAccount(mm, flags, vma.pages);
  }
  mm.startCode = textBase;
  mm.endCode = textBase + prog.textSize;
  mm.startData = dataBase;
  mm.endData = dataBase + prog.data.length;
  const brkStart = Math.max(bssEnd, dataEnd);
  mm.startBrk = mm.brk = aslr ? brkStart + rndPages(ctx, Math.log2(BRK_RND_RANGE / PAGE_SIZE)) * PAGE_SIZE : brkStart;

  // ---- the stack: strings at the top (bprm), then setup_arg_pages ----
  const strings = [...argv.length ? argv : [''], ...envp].map((s) => encoder.encode(s));
  const execfn = encoder.encode(prog.path);
  let p = stackTop - 8; // a NULL pointer ends the stack
  p -= execfn.length + 1;
  const execfnAddr = p;
  const stringAddrs: number[] = new Array<number>(strings.length);
  for (let i = strings.length - 1; i >= 0; i--) {
    p -= strings[i].length + 1;
    stringAddrs[i] = p;
  }
  const argc = argv.length ? argv.length : 1;
  const stackFlags = VM_STACK_FLAGS;
  const stackStart = pageStart(p) - STACK_EXPAND;
  const stack = new VmAreaStruct(mm, stackStart, stackTop, stackFlags, vmGetPageProt(stackFlags), stackStart / PAGE_SIZE, null);
  vmaLink(mm, stack);
  vmStatAccount(mm, stackFlags, stack.pages);
  anonVmaPrepare(stack);
  mm.argStart = stringAddrs[0];
  mm.argEnd = mm.envStart = argc < strings.length ? stringAddrs[argc] : execfnAddr;
  mm.envEnd = execfnAddr;

  // ---- ld.so, mapped by the kernel at mmap_base ----
  const ldInode = ctx.files.libraryInode(LDSO_PATH);
  const ldFile = new File(ldInode, FMODE_READ);
  const ldso = mapLibrary(ctx, mm, ldFile, LDSO_SEGMENTS, LDSO_SIZE, 0, VM_DENYWRITE, owner);
  ctx.files.fput(ldFile);

  // ---- the vDSO: [vvar] [vvar_vclock] [vdso] below ld.so ----
  const vdsoLen = (VVAR_PAGES + VVAR_VCLOCK_PAGES + VDSO_PAGES) * PAGE_SIZE;
  const vvar = getUnmappedArea(mm, 0, vdsoLen, 0);
  if (vvar < 0) throw new ExecError(vvar, 'vdso');
  const specials: [number, number, string, number][] = [
    [vvar, VVAR_PAGES, '[vvar]', VM_READ | VM_MAYREAD | VM_IO | VM_DONTEXPAND | VM_DONTDUMP],
    [vvar + VVAR_PAGES * PAGE_SIZE, VVAR_VCLOCK_PAGES, '[vvar_vclock]', VM_READ | VM_MAYREAD | VM_IO | VM_DONTEXPAND | VM_DONTDUMP],
    [vvar + (VVAR_PAGES + VVAR_VCLOCK_PAGES) * PAGE_SIZE, VDSO_PAGES, '[vdso]', VM_READ | VM_EXEC | VM_MAYREAD | VM_MAYWRITE | VM_MAYEXEC | VM_DONTEXPAND],
  ];
  for (const [start, pages, name, flags] of specials) {
    const v = new VmAreaStruct(mm, start, start + pages * PAGE_SIZE, flags, vmGetPageProt(flags), 0, null);
    v.name = name;
    vmaLink(mm, v);
    vmStatAccount(mm, flags, pages);
  }
  const vdso = specials[2][0];
  // ld.so reads the vDSO's ELF header before main: its first page is resident, a file page.
  const vdsoPage = ctx.files.getPage(ctx.files.vdsoInode(), 0);
  if (vdsoPage < 0 || installSpecialPage(ctx, mm, findVma(mm, vdso)!, vdso, vdsoPage) < 0) throw new ExecError(-ENOMEM, 'vdso');

  // ---- what ld.so does before main: its first allocation, libc, TLS ----
  const anonPrivate = MAP_PRIVATE | MAP_ANONYMOUS;
  const ldsoAlloc = doMmap(ctx, mm, 0, LDSO_FIRST_ALLOC, PROT_READ | PROT_WRITE, anonPrivate, null, 0, owner);
  if (ldsoAlloc < 0) throw new ExecError(-ENOMEM, 'ld.so allocation');
  const cache = doMmap(ctx, mm, 0, LD_SO_CACHE_PAGES * PAGE_SIZE, PROT_READ, anonPrivate, null, 0, owner);
  if (cache < 0) throw new ExecError(cache, 'ld.so.cache');
  const libcFile = new File(ctx.files.libraryInode(LIBC_PATH), FMODE_READ);
  const libc = mapLibrary(ctx, mm, libcFile, LIBC_SEGMENTS, LIBC_FILE_SPAN + LIBC_BSS, LIBC_BSS, 0, owner);
  ctx.files.fput(libcFile);
  const tls = doMmap(ctx, mm, 0, TLS_BLOCK, PROT_READ | PROT_WRITE, anonPrivate, null, 0, owner);
  if (tls < 0) throw new ExecError(-ENOMEM, 'TLS');
  doMunmap(ctx, mm, cache, LD_SO_CACHE_PAGES * PAGE_SIZE, owner, false);

  // ---- create_elf_tables ----
  const image: Image = {
    prog,
    textBase,
    rodataBase,
    dataBase,
    bssBase,
    libcDataBase: libc + LIBC_FILE_SPAN,
    libcDataSize: LIBC_BSS,
  };
  p = stringAddrs[0];
  if (aslr) p -= Math.floor(ctx.rng() * 8192); // arch_align_stack
  p = Math.floor(p / 16) * 16;
  p -= PLATFORM.length + 1;
  const platformAddr = p;
  p -= 16;
  const randomAddr = p;
  // The same 23 entries, in the same order, as the reference machine's kernel
  // gives (LD_SHOW_AUXV=1): with aslr off, sp and argv land where they do there.
  const auxv: [number, number][] = [
    [AT_SYSINFO_EHDR, vdso],
    [AT_MINSIGSTKSZ, 11952],
    [AT_HWCAP, 0x1f8bfbff],
    [AT_PAGESZ, PAGE_SIZE],
    [AT_CLKTCK, 100],
    [AT_PHDR, base + 64],
    [AT_PHENT, 56],
    [AT_PHNUM, 13],
    [AT_BASE, ldso],
    [AT_FLAGS, 0],
    [AT_ENTRY, textBase],
    [AT_UID, STUDENT_UID],
    [AT_EUID, STUDENT_UID],
    [AT_GID, STUDENT_UID],
    [AT_EGID, STUDENT_UID],
    [AT_SECURE, 0],
    [AT_RANDOM, randomAddr],
    [AT_HWCAP2, 0x2],
    [AT_EXECFN, execfnAddr],
    [AT_PLATFORM, platformAddr],
    [AT_RSEQ_FEATURE_SIZE, 0x1c],
    [AT_RSEQ_ALIGN, 0x20],
    [AT_NULL, 0],
  ];
  const items = argc + 1 + (strings.length - argc) + 1 + 1;
  let sp = p - auxv.length * 16;
  sp = Math.floor((sp - items * 8) / 16) * 16;
  const words: number[] = [argc];
  for (let i = 0; i < argc; i++) words.push(stringAddrs[i]);
  words.push(0);
  for (let i = argc; i < strings.length; i++) words.push(stringAddrs[i]);
  words.push(0);
  for (const [k, v] of auxv) words.push(k, v);
  // Write it all: the pointer block, the random bytes, the platform, the strings.
  const block = new Uint8Array(stackTop - sp);
  const dv = new DataView(block.buffer);
  words.forEach((w, i) => {
    const hi = Math.floor(w / 4294967296);
    dv.setUint32(i * 8, w - hi * 4294967296, true);
    dv.setUint32(i * 8 + 4, hi, true);
  });
  for (let i = 0; i < 16; i++) block[randomAddr - sp + i] = Math.floor(ctx.rng() * 256);
  block.set(encoder.encode(PLATFORM), platformAddr - sp);
  strings.forEach((s, i) => block.set(s, stringAddrs[i] - sp));
  block.set(execfn, execfnAddr - sp);
  if (copyToUser(ctx, mm, sp, block, owner, 'gup') < 0) throw new ExecError(-ENOMEM, 'stack');
  mm.startStack = sp;

  // ---- what ld.so and libc's start-up touch before main ----
  const touch = (start: number, ranges: Touched, access: 'r' | 'w'): void => {
    for (const [first, end] of ranges)
      for (let i = first; i < end; i++)
        if (handleMmFault(ctx, mm, start + i * PAGE_SIZE, access, owner, ctx.thisCpu, 'startup') === 'oom') throw new ExecError(-ENOMEM, 'start-up');
  };
  touch(base, [[0, 1]], 'r'); // the ELF and program headers
  touch(textBase, [[0, Math.min(l.textPages, FAULT_AROUND_PAGES)]], 'r'); // _start, main: fault-around maps the rest
  touch(dataBase, [[0, 1]], 'w'); // .got and .data, relocated
  const touchLibrary = (libBase: number, segments: [number, number, string][], touched: [Touched, 'r' | 'w'][]): void =>
    segments.forEach(([off], i) => touch(libBase + off, touched[i][0], touched[i][1]));
  touchLibrary(ldso, LDSO_SEGMENTS, LDSO_TOUCHED);
  touchLibrary(libc, LIBC_SEGMENTS, LIBC_TOUCHED);
  touch(libc + LIBC_FILE_SPAN, LIBC_BSS_TOUCHED, 'w');
  touch(ldsoAlloc, LDSO_ALLOC_TOUCHED, 'w');
  touch(tls, TLS_TOUCHED, 'w');
  // The argument pages, and the page below them that ld.so's and __libc_start_main's frames reach.
  touch(pageStart(sp) - PAGE_SIZE, [[0, (stackTop - pageStart(sp)) / PAGE_SIZE + 1]], 'w');
  // The 48 include the faults already counted here (the argument pages): PGFAULT gets the rest, as min_flt does.
  ctx.vmEvents.pgfault += faultsBefore + LDSO_STARTUP_FAULTS - owner.minFlt;
  owner.minFlt = faultsBefore + LDSO_STARTUP_FAULTS;
  return {
    image,
    sp,
    argc,
    argv: sp + 8,
    envp: sp + 8 + (argc + 1) * 8,
    auxv: sp + 8 * items,
    vdso,
    ldso,
  };
}

/**
 * Maps a shared library as ld.so (or the kernel for ld.so itself) does:
 * reserve the whole extent top-down with the first segment's rights, then
 * map each segment over it at its offset, and anonymous memory for the
 * tail (`bss` bytes after the last segment). Returns the base.
 */
function mapLibrary(
  ctx: MmContext,
  mm: MmStruct,
  file: File,
  segments: [number, number, string][],
  total: number,
  bss: number,
  extraFlags: number,
  owner: FaultOwner,
): number {
  const first = segments[0];
  const base = doMmap(ctx, mm, 0, total, protBits(first[2]), MAP_PRIVATE, file, 0, owner);
  if (base < 0) throw new ExecError(base, `mapping ${file.path}`);
  for (const [off, len, prot] of segments) mapFixed(ctx, mm, base + off, len, protFlags(prot) | extraFlags, file, off / PAGE_SIZE, owner);
  if (bss) {
    const r = doMmap(ctx, mm, base + total - bss, bss, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, null, 0, owner);
    if (r < 0) throw new ExecError(r, `${file.path} bss`);
  }
  return base;
}
