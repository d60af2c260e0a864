// POSIX threads as glibc 2.36 makes them: an mmap'ed 8 MiB stack with a
// guard page and a DTV calloc'ed on the heap (both cached after a join, so
// the next thread reuses them without a syscall), the descriptor at the top, all signals blocked around clone3,
// CLONE_CHILD_CLEARTID so the kernel clears the tid word and wakes the
// joiner's futex when the thread exits.

import { GONE } from '../abi';
import { EAGAIN, EDEADLK, ESRCH } from '../../kernel/uapi/errno';
import { MADV_DONTNEED, MAP_ANONYMOUS, MAP_PRIVATE, MAP_STACK, PROT_NONE, PROT_READ, PROT_WRITE } from '../../kernel/uapi/mman';
import {
  CLONE_CHILD_CLEARTID, CLONE_FILES, CLONE_FS, CLONE_PARENT_SETTID, CLONE_SETTLS, CLONE_SIGHAND, CLONE_SYSVSEM, CLONE_THREAD, CLONE_VM,
} from '../../kernel/uapi/sched';
import { SA_ONSTACK, SA_RESTART, SA_RESTORER, SA_SIGINFO, SIG_BLOCK, SIG_SETMASK, SIG_UNBLOCK } from '../../kernel/uapi/signal';
import {
  MAIN_PD, MULTI_THREADED, NTHREADS, PD_ARG, PD_FROM_TOP, PD_RESULT, PD_SIGMASK, PD_SIZE, PD_STACKBLOCK, PD_STACKSIZE, PD_START, PD_TID, SP_ARG, SP_FN,
  SP_FROM_TOP, SP_PD, STACK_CACHE, STACK_CACHE_MAX, STACK_USED, STACK_USED_MAX, THREAD_GUARD, THREAD_STACK_SIZE,
} from './layout';
import { alloca, fillBytes, remember, store64bits, sys, type NativeCtx, type NativeResult } from './native';
import { calloc } from './malloc';
import { exit } from './stdlib';
import { selfPd } from './unistd';
import { restorer } from './signal';

const FUTEX_WAIT_BITSET = 9;
const FUTEX_CLOCK_REALTIME = 256;
const FUTEX_BITSET_MATCH_ANY = 0xffffffff;
const DTV_ENTRIES = 1 + 14 + 2; // libc's TLS module + DTV_SURPLUS + the two header slots
const CLONE_ARGS_SIZE = 88; // sizeof (struct clone_args), CLONE_ARGS_SIZE_VER2
const ALL_SIGNALS = 0xffffffffffffffffn;
const ALL_BUT_SIGCANCEL = ALL_SIGNALS & ~(1n << 32n); // ~[RT_1]: a dying thread still takes SIGCANCEL (33)
const SIGSETXID = 33;
const SIGCANCEL_SETXID = (1n << 31n) | (1n << 32n); // [RTMIN RT_1]

/**
 * glibc: nptl/pthread_create.c late_init — the first pthread_create of a
 * process installs the SIGSETXID handler (setuid and friends signal every
 * thread with it) and unblocks SIGCANCEL and SIGSETXID. The handler
 * returns at once unless a setxid call of the process sent the signal;
 * here it is the program's sigreturn stub, which the kernel runs as a
 * handler that returns at once.
 */
function lateInit(c: NativeCtx): void {
  const m = c.mem;
  const act = alloca(c, 32);
  m.store64(act, restorer(c));
  m.store64(act + 8, SA_RESTORER | SA_ONSTACK | SA_RESTART | SA_SIGINFO);
  m.store64(act + 16, restorer(c));
  store64bits(m, act + 24, 0n);
  sys(c, 'rt_sigaction', [SIGSETXID, act, 0, 8]);
  const set = alloca(c, 8);
  store64bits(m, set, SIGCANCEL_SETXID);
  sys(c, 'rt_sigprocmask', [SIG_UNBLOCK, set, 0, 8]);
}

export const THREAD_FLAGS =
  CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND | CLONE_THREAD | CLONE_SYSVSEM | CLONE_SETTLS | CLONE_PARENT_SETTID | CLONE_CHILD_CLEARTID;

// glibc: nptl/pthread_create.c __pthread_create_2_1, nptl/allocate_stack.c, sysdeps/unix/sysv/linux/x86_64/clone3.S
export function pthreadCreate(c: NativeCtx, a: number[]): number {
  const [thread, attr, fn, arg] = a;
  void attr; // attributes: only NULL (default) is meaningful here
  const m = c.mem;
  const b = c.regs.image.libcDataBase;
  // The frame of __pthread_create_2_1: the masks and clone_args (late_init's sigaction lies below them).
  const all = alloca(c, 8);
  const old = alloca(c, 8);
  const ca = alloca(c, CLONE_ARGS_SIZE);
  if (!m.load32(b + MULTI_THREADED)) {
    lateInit(c);
    m.store32(b + MULTI_THREADED, 1);
  }
  const mapSize = THREAD_STACK_SIZE + THREAD_GUARD;
  // allocate_stack: a cached stack of a joined thread, or a new mapping.
  let base: number;
  const cached = m.load32(b + STACK_CACHE);
  if (cached > 0) {
    base = m.load64(b + STACK_CACHE + 8 * cached);
  } else {
    base = sys(c, 'mmap', [0, mapSize, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_STACK, -1, 0]);
    if (base < 0 && base > -4096) return EAGAIN;
    const r = sys(c, 'mprotect', [base + THREAD_GUARD, THREAD_STACK_SIZE, PROT_READ | PROT_WRITE]);
    if (r < 0) {
      sys(c, 'munmap', [base, mapSize]);
      return EAGAIN;
    }
    // _dl_allocate_tls: the new thread's DTV, calloc (max_modid 1 + DTV_SURPLUS 14 + 2, 16) on
    // the heap (so a first thread starts malloc: getrandom, brk). A cached stack keeps its DTV.
    if (!calloc(c, DTV_ENTRIES, 16)) {
      sys(c, 'munmap', [base, mapSize]);
      return EAGAIN;
    }
  }
  const end = base + mapSize;
  const pd = end - PD_FROM_TOP;
  const sp = end - SP_FROM_TOP;
  fillBytes(m, pd, 0, PD_SIZE);
  m.store64(pd, pd); // header.self
  m.store64(pd + PD_START, fn);
  m.store64(pd + PD_ARG, arg);
  m.store64(pd + PD_STACKBLOCK, base);
  m.store64(pd + PD_STACKSIZE, mapSize);
  m.store64(sp + SP_FN, fn);
  m.store64(sp + SP_ARG, arg);
  m.store64(sp + SP_PD, pd);
  // Block every signal while the thread is created; the thread restores the old mask.
  store64bits(m, all, ALL_SIGNALS);
  sys(c, 'rt_sigprocmask', [SIG_BLOCK, all, old, 8]);
  m.store64(pd + PD_SIGMASK, m.load64(old));
  const fields = [THREAD_FLAGS, 0, pd + PD_TID, pd + PD_TID, 0, base, sp - base, pd, 0, 0, 0];
  fields.forEach((v, i) => m.store64(ca + 8 * i, v));
  const tid = sys(c, 'clone3', [ca, CLONE_ARGS_SIZE]);
  sys(c, 'rt_sigprocmask', [SIG_SETMASK, old, 0, 8]);
  if (tid < 0) return -tid;
  if (cached > 0) m.store32(b + STACK_CACHE, cached - 1);
  const used = m.load32(b + STACK_USED);
  if (used < STACK_USED_MAX) {
    m.store64(b + STACK_USED + 8 * (used + 1), base);
    m.store32(b + STACK_USED, used + 1);
  }
  m.store32(b + NTHREADS, m.load32(b + NTHREADS) + 1);
  m.store64(thread, pd);
  return 0;
}

/** pthread_join: futex-wait until the kernel clears the tid word, then take the result. glibc: nptl/pthread_join_common.c */
export function pthreadJoin(c: NativeCtx, a: number[]): number {
  const [pd, retval] = a;
  const m = c.mem;
  if (pd === 0) return ESRCH;
  // INVALID_NOT_TERMINATED_TD_P: a joined thread's tid is -1, so a second join fails.
  if (m.load32(pd + PD_TID) < 0) return ESRCH;
  if (pd === selfPd(c)) return EDEADLK;
  for (;;) {
    // Journaled: a rerun after the futex wait blocked must make that call again (the
    // kernel then completes it) even though the kernel has cleared the word meanwhile.
    const tid = remember(c, m.load32(pd + PD_TID));
    if (tid === 0) break;
    const r = sys(c, 'futex', [pd + PD_TID, FUTEX_WAIT_BITSET | FUTEX_CLOCK_REALTIME, tid, 0, 0, FUTEX_BITSET_MATCH_ANY]);
    if (r < 0 && -r !== EAGAIN && -r !== 4 /* EINTR */ && -r !== 110 /* ETIMEDOUT */) return -r;
  }
  // Marked as joined: without it a second join would cache the same stack twice.
  m.store32(pd + PD_TID, -1);
  if (retval) m.store64(retval, m.load64(pd + PD_RESULT));
  // The stack goes to the cache for the next pthread_create.
  const b = c.regs.image.libcDataBase;
  const block = m.load64(pd + PD_STACKBLOCK);
  unuseStack(c, block);
  const n = m.load32(b + STACK_CACHE);
  if (block && n < STACK_CACHE_MAX) {
    m.store64(b + STACK_CACHE + 8 * (n + 1), block);
    m.store32(b + STACK_CACHE, n + 1);
  }
  return 0;
}

/** Takes a stack off the in-use list. */
function unuseStack(c: NativeCtx, block: number): void {
  const m = c.mem;
  const b = c.regs.image.libcDataBase;
  const used = m.load32(b + STACK_USED);
  for (let i = 1; i <= used; i++) {
    if (m.load64(b + STACK_USED + 8 * i) !== block) continue;
    m.store64(b + STACK_USED + 8 * i, m.load64(b + STACK_USED + 8 * used));
    m.store32(b + STACK_USED, used - 1);
    return;
  }
}

/**
 * glibc: nptl/nptl-stack.c __reclaim_stacks, in the child of fork: the
 * other threads are gone, so their stacks (still mapped: the child has a
 * copy of the whole address space) go to the cache, and the next
 * pthread_create reuses one without a syscall.
 */
export function reclaimStacks(c: NativeCtx): void {
  const m = c.mem;
  const b = c.regs.image.libcDataBase;
  const pd = selfPd(c);
  const own = pd === b + MAIN_PD ? 0 : m.load64(pd + PD_STACKBLOCK);
  const used = m.load32(b + STACK_USED);
  const blocks: number[] = [];
  for (let i = 1; i <= used; i++) blocks.push(m.load64(b + STACK_USED + 8 * i));
  m.store32(b + STACK_USED, 0);
  for (const block of blocks) {
    if (block === own) {
      const u = m.load32(b + STACK_USED);
      m.store64(b + STACK_USED + 8 * (u + 1), block);
      m.store32(b + STACK_USED, u + 1);
      continue;
    }
    const n = m.load32(b + STACK_CACHE);
    if (n >= STACK_CACHE_MAX) continue;
    m.store64(b + STACK_CACHE + 8 * (n + 1), block);
    m.store32(b + STACK_CACHE, n + 1);
  }
}

/**
 * pthread_exit (and the return of a start routine): store the result; the
 * last thread ends the process with exit(0); the main thread makes the exit
 * system call; others first block signals and give their stack pages back
 * (madvise). glibc: nptl/pthread_create.c start_thread, nptl/pthread_exit.c.
 * glibc's pthread_exit also unwinds the stack, loading libgcc_s.so.1 the first
 * time (openat, mmap...): kernlab does not (no shared objects beyond libc).
 */
export function pthreadExit(c: NativeCtx, a: number[]): NativeResult {
  const m = c.mem;
  const b = c.regs.image.libcDataBase;
  const pd = selfPd(c);
  m.store64(pd + PD_RESULT, a[0]);
  const n = m.load32(b + NTHREADS) - 1;
  if (n <= 0) {
    return exit(c, [0]);
  }
  if (pd === b + MAIN_PD) {
    // glibc: csu/libc_start_call_main.h — the main thread ends with a bare exit(0): no mask, no madvise.
    m.store32(b + NTHREADS, n);
    sys(c, 'exit', [0]);
    return GONE;
  }
  const set = alloca(c, 8);
  store64bits(m, set, ALL_BUT_SIGCANCEL);
  sys(c, 'rt_sigprocmask', [SIG_BLOCK, set, 0, 8]);
  m.store32(b + NTHREADS, n);
  const block = m.load64(pd + PD_STACKBLOCK);
  if (block) {
    const free = Math.floor((c.regs.sp - block) / 4096) * 4096;
    if (free > 16384) sys(c, 'madvise', [block, free - 16384, MADV_DONTNEED]);
  }
  sys(c, 'exit', [0]);
  return GONE;
}

export function pthreadSelf(c: NativeCtx): number {
  return selfPd(c);
}


