// <signal.h>: signal() as glibc's BSD-semantics signal (SA_RESTART, the
// signal itself blocked in its handler, SA_RESTORER pointing at the
// restorer), sigaction(), sigset_t operations on a 64-bit kernel sigset,
// sigprocmask.

import { EINVAL } from '../../kernel/uapi/errno';
import { SA_RESTART, SA_RESTORER } from '../../kernel/uapi/signal';
import { alloca, load64bits, ret, store64bits, sys, type NativeCtx } from './native';
import { SA_FLAGS_OFF, SA_HANDLER_OFF, SA_MASK_OFF, SA_RESTORER_OFF } from './structs';

const NSIG = 65; // glibc's _NSIG
const SIGCANCEL = 32; // glibc-internal real-time signals: refused by sigaction, sigaddset, ...
const SIGSETXID = 33;
const INTERNAL = (1n << BigInt(SIGCANCEL - 1)) | (1n << BigInt(SIGSETXID - 1));
const bitOf = (sig: number): bigint => 1n << BigInt(sig - 1);
const SIG_ERR = -1;

const internal = (sig: number): boolean => sig === SIGCANCEL || sig === SIGSETXID;

/** struct kernel_sigaction on x86-64: handler, flags, restorer, mask (8 bytes each). glibc: sysdeps/posix/signal.c __bsd_signal */
export function signal(c: NativeCtx, a: number[]): number {
  const [sig, handler] = a;
  if (sig <= 0 || sig >= NSIG || internal(sig)) {
    c.regs.errno = EINVAL;
    return SIG_ERR;
  }
  const m = c.mem;
  const act = alloca(c, 32);
  const oact = alloca(c, 32);
  m.store64(act, handler);
  m.store64(act + 8, SA_RESTORER | SA_RESTART);
  m.store64(act + 16, restorer(c));
  store64bits(m, act + 24, bitOf(sig));
  const r = sys(c, 'rt_sigaction', [sig, act, oact, 8]);
  if (r < 0) {
    c.regs.errno = -r;
    return SIG_ERR;
  }
  return m.load64(oact);
}

/**
 * sigaction: the user's struct sigaction (glibc's layout) copied into a
 * struct kernel_sigaction with SA_RESTORER and glibc's restorer added, and
 * the old action copied back. glibc: sysdeps/unix/sysv/linux/libc_sigaction.c
 */
export function sigaction(c: NativeCtx, a: number[]): number {
  const [sig, act, oact] = a;
  if (sig <= 0 || sig >= NSIG || internal(sig)) return ret(c, -EINVAL);
  const m = c.mem;
  let kact = 0;
  if (act) {
    kact = alloca(c, 32);
    m.store64(kact, m.load64(act + SA_HANDLER_OFF));
    m.store64(kact + 8, m.load32(act + SA_FLAGS_OFF) | SA_RESTORER); // int sa_flags, sign-extended into the kernel's unsigned long
    m.store64(kact + 16, restorer(c));
    store64bits(m, kact + 24, load64bits(m, act + SA_MASK_OFF));
  }
  const koact = oact ? alloca(c, 32) : 0;
  const r = sys(c, 'rt_sigaction', [sig, kact, koact, 8]);
  if (r < 0) return ret(c, r);
  if (oact) {
    m.store64(oact + SA_HANDLER_OFF, m.load64(koact));
    store64bits(m, oact + SA_MASK_OFF, load64bits(m, koact + 24));
    m.store32(oact + SA_FLAGS_OFF, m.load32(koact + 8));
    m.store64(oact + SA_RESTORER_OFF, m.load64(koact + 16));
  }
  return 0;
}

/** The address a handler returns to: the program's sigreturn stub (glibc's __restore_rt). */
export function restorer(c: NativeCtx): number {
  return c.regs.image.textBase + 4 * c.regs.prog.crtSigreturn;
}

/** glibc's sigset_t is 128 bytes; the kernel's 64 signals are its first word. */
const SIGSET_WORDS = 16;

/** sigemptyset: the whole 128-byte set cleared (glibc: memset). */
export function sigemptyset(c: NativeCtx, a: number[]): number {
  if (!a[0]) return ret(c, -EINVAL);
  for (let i = 0; i < SIGSET_WORDS; i++) store64bits(c.mem, a[0] + 8 * i, 0n);
  return 0;
}

/** sigfillset: every bit set, then glibc's internal signals taken out (glibc: memset 0xff, __sigdelset). */
export function sigfillset(c: NativeCtx, a: number[]): number {
  if (!a[0]) return ret(c, -EINVAL);
  for (let i = 1; i < SIGSET_WORDS; i++) store64bits(c.mem, a[0] + 8 * i, 0xffffffffffffffffn);
  store64bits(c.mem, a[0], 0xffffffffffffffffn & ~INTERNAL);
  return 0;
}

function setOp(c: NativeCtx, a: number[], allowInternal: boolean, op: (set: bigint, bit: bigint) => bigint | number): number {
  const [set, sig] = a;
  if (!set || sig <= 0 || sig >= NSIG || (!allowInternal && internal(sig))) return ret(c, -EINVAL);
  const r = op(load64bits(c.mem, set), bitOf(sig));
  if (typeof r === 'number') return r;
  store64bits(c.mem, set, r);
  return 0;
}

export const sigaddset = (c: NativeCtx, a: number[]): number => setOp(c, a, false, (s, b) => s | b);
export const sigdelset = (c: NativeCtx, a: number[]): number => setOp(c, a, false, (s, b) => s & ~b);
export const sigismember = (c: NativeCtx, a: number[]): number => setOp(c, a, true, (s, b) => ((s & b) !== 0n ? 1 : 0));

/** sigprocmask is pthread_sigmask with -1 and errno. */
export function sigprocmask(c: NativeCtx, a: number[]): number {
  return ret(c, -pthreadSigmask(c, a));
}

/** pthread_sigmask: glibc never lets a program block its internal signals; returns the error number, errno untouched. */
export function pthreadSigmask(c: NativeCtx, a: number[]): number {
  const [how, set, old] = a;
  let arg = set;
  if (set) {
    const bits = load64bits(c.mem, set);
    if (bits & INTERNAL) {
      arg = alloca(c, 8);
      store64bits(c.mem, arg, bits & ~INTERNAL);
    }
  }
  const r = sys(c, 'rt_sigprocmask', [how, arg, old, 8]);
  return r < 0 && r > -4096 ? -r : 0;
}

/** sigpending: rt_sigpending(set, 8). */
export function sigpending(c: NativeCtx, a: number[]): number {
  return ret(c, sys(c, 'rt_sigpending', [a[0], 8]));
}

/**
 * sigsuspend: rt_sigsuspend(mask, 8) and nothing else (glibc 2.36's
 * sysdeps/unix/sysv/linux/sigsuspend.c): the mask goes to the kernel as
 * given, glibc's internal signals too, and a bad pointer is the kernel's
 * EFAULT. Returns -1 with EINTR.
 */
export function sigsuspend(c: NativeCtx, a: number[]): number {
  return ret(c, sys(c, 'rt_sigsuspend', [a[0], 8]));
}

/**
 * siginterrupt: whether a handler for `sig` makes blocked calls fail with
 * EINTR (flag 1: SA_RESTART off) or restart (0). It reads the action and
 * writes it back. glibc: signal/siginterrupt.c
 */
export function siginterrupt(c: NativeCtx, a: number[]): number {
  const [sig, flag] = a;
  if (sig <= 0 || sig >= NSIG || internal(sig)) return ret(c, -EINVAL);
  const act = alloca(c, 32);
  let r = sys(c, 'rt_sigaction', [sig, 0, act, 8]);
  if (r < 0) return ret(c, r);
  const flags = c.mem.load64(act + 8);
  c.mem.store64(act + 8, flag ? flags & ~SA_RESTART : flags | SA_RESTART);
  r = sys(c, 'rt_sigaction', [sig, act, 0, 8]);
  return r < 0 ? ret(c, r) : 0;
}

/** killpg: kill(-pgrp, sig); a negative group is EINVAL. glibc: signal/killpg.c */
export function killpg(c: NativeCtx, a: number[]): number {
  const [pgrp, sig] = a;
  if ((pgrp | 0) < 0) return ret(c, -EINVAL);
  return ret(c, sys(c, 'kill', [-(pgrp | 0), sig]));
}
