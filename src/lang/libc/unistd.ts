// Processes and memory: fork/vfork/exec*/wait/sleep and friends, each
// making the system calls glibc 2.36 makes (checked with strace -f on
// Debian 12): fork is clone(CLONE_CHILD_CLEARTID|CLONE_CHILD_SETTID|SIGCHLD)
// with the thread's tid word as child_tidptr, sleep is clock_nanosleep,
// nice is getpriority/setpriority, pipe is pipe2, and so on.

import { EACCES, EINVAL, ENOENT, ENOEXEC, ENOMEM, EPERM } from '../../kernel/uapi/errno';
import { CLONE_CHILD_CLEARTID, CLONE_CHILD_SETTID } from '../../kernel/uapi/sched';
import { MREMAP_DONTUNMAP, MREMAP_FIXED, MREMAP_MAYMOVE } from '../../kernel/uapi/mman';
import { SIGCHLD } from '../../kernel/uapi/signal';
import { reclaimStacks } from './pthread';
import { CURBRK, ENVIRON, MAIN_PD, NTHREADS, PD_ROBUST_HEAD, PD_TID } from './layout';
import { alloca, readStr, remember, ret, sys, writeStr, type NativeCtx } from './native';
import { raiseSig } from './stdlib';

const CLOCK_REALTIME = 0;
const PRIO_PROCESS = 0;
const PZERO = 20; // getpriority's raw result is 20 - nice
const CS_PATH = '/bin:/usr/bin'; // _CS_PATH: execvp's default search path

/** The calling thread's descriptor (struct pthread). */
export function selfPd(c: NativeCtx): number {
  return c.regs.tls || c.regs.image.libcDataBase + MAIN_PD;
}

// glibc: posix/fork.c __libc_fork, sysdeps/unix/sysv/linux/arch-fork.h
export function fork(c: NativeCtx): number {
  const m = c.mem;
  const nAddr = c.regs.image.libcDataBase + NTHREADS;
  // The child has one thread: set __nptl_nthreads to 1 around the clone (the child's copy keeps it).
  const saved = remember(c, m.load32(nAddr));
  m.store32(nAddr, 1);
  const flags = CLONE_CHILD_CLEARTID | CLONE_CHILD_SETTID | SIGCHLD;
  const r = sys(c, 'clone', [flags, 0, 0, selfPd(c) + PD_TID, 0]);
  if (r === 0) {
    // _Fork in the child: the kernel dropped the robust-futex list at fork; register it again.
    sys(c, 'set_robust_list', [selfPd(c) + PD_ROBUST_HEAD, 24]);
    reclaimStacks(c);
    return 0;
  }
  m.store32(nAddr, saved);
  return ret(c, r);
}

export function vfork(c: NativeCtx): number {
  return ret(c, sys(c, 'vfork', []));
}

/** execve: on success the kernel replaces the image (GONE); otherwise -1 and errno. */
export function execve(c: NativeCtx, path: number, argv: number, envp: number): number {
  return ret(c, sys(c, 'execve', [path, argv, envp]));
}

function environ(c: NativeCtx): number {
  return c.mem.load64(c.regs.image.libcDataBase + ENVIRON);
}

/** Builds a NULL-terminated pointer array on the stack (execl's alloca'ed argv). */
function pointerArray(c: NativeCtx, ptrs: number[]): number {
  const arr = alloca(c, 8 * (ptrs.length + 1));
  ptrs.forEach((p, i) => c.mem.store64(arr + 8 * i, p));
  c.mem.store64(arr + 8 * ptrs.length, 0);
  return arr;
}

/** The variadic arguments up to (not including) the terminating NULL. */
function untilNull(a: number[], from: number): { list: number[]; next: number } {
  const list: number[] = [];
  let i = from;
  for (; i < a.length && a[i] !== 0; i++) list.push(a[i]);
  return { list, next: i + 1 };
}

export function execl(c: NativeCtx, a: number[]): number {
  const { list } = untilNull(a, 1);
  return execve(c, a[0], pointerArray(c, list), environ(c));
}

export function execle(c: NativeCtx, a: number[]): number {
  const { list, next } = untilNull(a, 1);
  return execve(c, a[0], pointerArray(c, list), a[next] ?? 0);
}

export function execlp(c: NativeCtx, a: number[]): number {
  const { list } = untilNull(a, 1);
  return execvpe(c, a[0], pointerArray(c, list), environ(c));
}

export function execv(c: NativeCtx, a: number[]): number {
  return execve(c, a[0], a[1], environ(c));
}

export function execvp(c: NativeCtx, a: number[]): number {
  return execvpe(c, a[0], a[1], environ(c));
}

/** glibc's __execvpe: a name without '/' is tried in each PATH directory. glibc: posix/execvpe.c */
function execvpe(c: NativeCtx, fileAddr: number, argv: number, envp: number): number {
  const file = readStr(c.mem, fileAddr);
  if (file.length === 0) {
    c.regs.errno = ENOENT;
    return -1;
  }
  if (file.includes('/')) {
    const r = execve(c, fileAddr, argv, envp);
    if (c.regs.errno === ENOEXEC) scriptExecute(c, fileAddr, argv, envp);
    return r;
  }
  const pathAddr = getenvIn(c, envp, 'PATH');
  const path = pathAddr ? readStr(c.mem, pathAddr) : CS_PATH;
  const buf = alloca(c, path.length + file.length + 2);
  let gotEacces = false;
  for (const dir of path.split(':')) {
    const full = dir ? dir + '/' + file : file;
    writeStr(c.mem, buf, full);
    c.mem.store8(buf + full.length, 0);
    execve(c, buf, argv, envp);
    if (c.regs.errno === ENOEXEC) scriptExecute(c, buf, argv, envp);
    switch (c.regs.errno) {
      case EACCES:
        gotEacces = true;
        break;
      case ENOENT:
      case 116: // ESTALE
      case 20: // ENOTDIR
      case 19: // ENODEV
      case 110: // ETIMEDOUT
        break;
      default:
        return -1;
    }
  }
  if (gotEacces) c.regs.errno = EACCES;
  return -1;
}

/** A file that is not an executable: glibc runs it with /bin/sh. */
function scriptExecute(c: NativeCtx, path: number, argv: number, envp: number): void {
  const args: number[] = [];
  for (let i = 1; ; i++) {
    const p = c.mem.load64(argv + 8 * i);
    if (!p) break;
    args.push(p);
  }
  const sh = alloca(c, 8);
  writeStr(c.mem, sh, '/bin/sh\0');
  execve(c, sh, pointerArray(c, [sh, path, ...args]), envp);
}

function getenvIn(c: NativeCtx, env: number, name: string): number {
  if (!env) return 0;
  for (let i = 0; ; i++) {
    const p = c.mem.load64(env + 8 * i);
    if (!p) return 0;
    if (readStr(c.mem, p, name.length + 1) === name + '=') return p + name.length + 1;
  }
}

export function wait(c: NativeCtx, a: number[]): number {
  return ret(c, sys(c, 'wait4', [-1, a[0], 0, 0]));
}

export function waitpid(c: NativeCtx, a: number[]): number {
  return ret(c, sys(c, 'wait4', [a[0], a[1], a[2], 0]));
}

/** waitid(idtype, id, infop, options): the system call, with no rusage. glibc: sysdeps/unix/sysv/linux/waitid.c */
export function waitid(c: NativeCtx, a: number[]): number {
  return ret(c, sys(c, 'waitid', [a[0], a[1], a[2], a[3], 0]));
}

/** sleep: clock_nanosleep(CLOCK_REALTIME, 0, &ts, &ts); interrupted, it returns the seconds left. glibc: sysdeps/posix/sleep.c */
export function sleep(c: NativeCtx, a: number[]): number {
  const saved = c.regs.errno;
  const ts = alloca(c, 16);
  c.mem.store64(ts, a[0] >>> 0);
  c.mem.store64(ts + 8, 0);
  const r = sys(c, 'clock_nanosleep', [CLOCK_REALTIME, 0, ts, ts]);
  if (r < 0) {
    c.regs.errno = -r;
    return c.mem.load64(ts) >>> 0; // the whole seconds not slept
  }
  c.regs.errno = saved;
  return 0;
}

export function usleep(c: NativeCtx, a: number[]): number {
  const us = a[0] >>> 0;
  const ts = alloca(c, 16);
  c.mem.store64(ts, Math.floor(us / 1000000));
  c.mem.store64(ts + 8, (us % 1000000) * 1000);
  const r = sys(c, 'clock_nanosleep', [CLOCK_REALTIME, 0, ts, 0]);
  return ret(c, r);
}

/** A system call with the usual -1/errno convention and the given arguments. */
export function plain(name: string, nargs: number): (c: NativeCtx, a: number[]) => number {
  return (c, a) => {
    const args: number[] = [];
    for (let i = 0; i < nargs; i++) args.push(a[i] ?? 0);
    return ret(c, sys(c, name, args));
  };
}

export function raise(c: NativeCtx, a: number[]): number {
  return raiseSig(c, a[0]);
}

/** __brk: the raw brk returns the new break, or the old one on failure. */
export function brk(c: NativeCtx, a: number[]): number {
  const r = sys(c, 'brk', [a[0]]);
  c.mem.store64(c.regs.image.libcDataBase + CURBRK, r);
  if (r < a[0]) {
    c.regs.errno = ENOMEM;
    return -1;
  }
  return 0;
}

export function sbrk(c: NativeCtx, a: number[]): number {
  const at = c.regs.image.libcDataBase + CURBRK;
  let cur = c.mem.load64(at);
  if (cur === 0) cur = sys(c, 'brk', [0]);
  const incr = a[0];
  if (incr === 0) {
    c.mem.store64(at, cur);
    return cur;
  }
  // glibc: misc/sbrk.c — only a break that would wrap is refused here; then __brk, which
  // fails only when the kernel's break is below the one asked for: a shrink the kernel
  // refuses (below the heap's start) returns the old break as if it had worked.
  if (incr < 0 && cur < -incr) {
    c.regs.errno = ENOMEM;
    return -1;
  }
  const want = cur + incr;
  const r = sys(c, 'brk', [want]);
  c.mem.store64(at, r);
  if (r < want) {
    c.regs.errno = ENOMEM;
    return -1;
  }
  return cur;
}

export function getpriority(c: NativeCtx, a: number[]): number {
  const r = sys(c, 'getpriority', [a[0], a[1]]);
  if (r < 0) return ret(c, r);
  return PZERO - r;
}

// glibc: sysdeps/posix/nice.c
export function nice(c: NativeCtx, a: number[]): number {
  const save = c.regs.errno;
  const cur = getpriority(c, [PRIO_PROCESS, 0]);
  if (cur === -1 && c.regs.errno !== save) return -1;
  const r = sys(c, 'setpriority', [PRIO_PROCESS, 0, cur + a[0]]);
  if (r < 0) {
    c.regs.errno = -r === EACCES ? EPERM : -r;
    return -1;
  }
  c.regs.errno = save;
  return getpriority(c, [PRIO_PROCESS, 0]);
}

/**
 * mremap: glibc refuses unknown flags itself (EINVAL, no system call) and
 * reads the new address (a variadic argument) only for MREMAP_FIXED or
 * MREMAP_DONTUNMAP. glibc: sysdeps/unix/sysv/linux/mremap.c (Debian 12)
 */
export function mremap(c: NativeCtx, a: number[]): number {
  if ((a[3] >>> 0) > (MREMAP_MAYMOVE | MREMAP_FIXED | MREMAP_DONTUNMAP)) {
    c.regs.errno = EINVAL;
    return -1;
  }
  const newAddr = a[3] & (MREMAP_FIXED | MREMAP_DONTUNMAP) ? (a[4] ?? 0) : 0;
  return ret(c, sys(c, 'mremap', [a[0], a[1], a[2], a[3], newAddr]));
}

/** mmap: glibc refuses an offset that is not a multiple of the page size itself, without the system call. */
export function mmap(c: NativeCtx, a: number[]): number {
  if (a[5] % 4096) {
    c.regs.errno = EINVAL;
    return -1;
  }
  const r = sys(c, 'mmap', [a[0], a[1], a[2], a[3], a[4], a[5]]);
  return ret(c, r); // MAP_FAILED is (void *) -1
}
