// What a libc function (a "native") sees, and the helpers they share.
//
// Restartability. A native may make several system calls. When one returns
// RETRY (it blocked, or a signal must be delivered first), the CPU stops
// with pc still on the call, and the whole native runs again from scratch
// later. So that the calls already made are not made twice, every syscall
// result is recorded in the thread's journal; the rerun replays them in
// order and continues with the first call that had not completed. Natives
// therefore make the same calls in the same order on a rerun, which holds
// as long as they write their own state to memory only at the end, or call
// checkpoint() after a completed phase (the journal then restarts there).
// The journal is dropped when the native finishes.

import { GONE, RETRY, UserFault, type Gone, type Memory, type Retry, type Sys } from '../abi';
import { callFrame } from '../regs';
import type { ThreadRegs } from '../regs';

const SIGILL = 4;
const ILL_ILLOPN = 2; // si_code: illegal operand

export interface NativeCtx {
  regs: ThreadRegs; // the calling thread
  mem: Memory; // its address space
  sys: Sys; // its kernel
  jpos: number; // next journal entry to replay
  nsp: number; // scratch stack pointer: below the caller's sp, like a callee's frame
}

/**
 * A native's result when it has called a function of the program itself
 * (callFrame on c.regs, with a return address that leads back into the
 * library, as exit() calls the atexit handlers): the CPU goes on there.
 */
export const CALLED: unique symbol = Symbol('CALLED');
export type Called = typeof CALLED;

export type NativeResult = number | Retry | Gone | Called;
export type NativeFn = (c: NativeCtx, a: number[]) => NativeResult;

/**
 * Calls the program's function at `fn` with `args` (a comparator, an exit
 * handler): its frame goes below `sp`, and it returns to the stub at pc
 * `retPc`, which continues the library's work. A pointer that is no
 * function faults as the call instruction would.
 */
export function callUser(c: NativeCtx, fn: number, args: number[], retPc: number, sp: number): Called {
  const r = c.regs;
  const fi = r.prog.fnAtPc.get((fn - r.image.textBase) / 4);
  if (fi === undefined) {
    c.mem.fetch(fn); // not executable: SIGSEGV
    throw new UserFault(SIGILL, ILL_ILLOPN, fn, ''); // code, but no function's start: what CALLI raises
  }
  callFrame(r, c.mem, fi, args, retPc, r.image.textBase + 4 * retPc, sp);
  return CALLED;
}

/** Thrown inside a native to stop it with RETRY or GONE (unwinds helper calls). */
export class Stop extends Error {
  constructor(readonly result: Retry | Gone) {
    super('native stopped');
  }
}

export function ctxFor(regs: ThreadRegs, mem: Memory, sys: Sys): NativeCtx {
  return { regs, mem, sys, jpos: 0, nsp: regs.sp - 128 };
}

/** A system call, replayed from the journal on a rerun. Throws Stop on RETRY/GONE. */
export function sys(c: NativeCtx, name: string, args: number[]): number {
  return journaled(c, () => c.sys.syscall(name, args));
}

/** A kernel-thread service (no syscall entry), journaled the same way. */
export function kcall(c: NativeCtx, name: string, args: number[]): number {
  return journaled(c, () => c.sys.kcall(name, args));
}

function journaled(c: NativeCtx, call: () => number | Retry | Gone): number {
  const j = c.regs.journal;
  if (j && c.jpos < j.length) return j[c.jpos++];
  const r = call();
  if (r === RETRY || r === GONE) throw new Stop(r);
  (c.regs.journal ??= []).push(r);
  c.jpos++;
  return r;
}

/**
 * A point where a pending signal must be delivered before the native goes
 * on (abort between its two raises): stops with RETRY if the kernel asks
 * for it. Recorded in the journal, so that a rerun passes it.
 */
export function signalPoint(c: NativeCtx): void {
  const j = c.regs.journal;
  if (j && c.jpos < j.length) {
    c.jpos++;
    return;
  }
  (c.regs.journal ??= []).push(0);
  c.jpos++;
  if (c.sys.needResched) throw new Stop(RETRY);
}

/** A value computed on the first run, replayed on reruns (state the native itself changes before a syscall). */
export function remember(c: NativeCtx, v: number): number {
  const j = c.regs.journal;
  if (j && c.jpos < j.length) return j[c.jpos++];
  (c.regs.journal ??= []).push(v);
  c.jpos++;
  return v;
}

/** Everything before this point is committed to memory: a rerun starts from here. */
export function checkpoint(c: NativeCtx): void {
  c.regs.journal = null;
  c.jpos = 0;
}

/** Scratch memory on the stack below the caller (as a callee's locals), 16-aligned. */
export function alloca(c: NativeCtx, size: number): number {
  c.nsp = Math.floor((c.nsp - size) / 16) * 16;
  return c.nsp;
}

/** glibc's syscall wrapper convention: -errno becomes errno and -1. */
export function ret(c: NativeCtx, r: number): number {
  if (r < 0 && r > -4096) {
    c.regs.errno = -r;
    return -1;
  }
  return r;
}

/** Bytes of a NUL-terminated string (at most `max` bytes read), as a latin1 JS string. */
export function readStr(mem: Memory, addr: number, max = 1 << 20): string {
  let out = '';
  for (let i = 0; i < max; i++) {
    const b = mem.load8u(addr + i);
    if (b === 0) break;
    out += String.fromCharCode(b);
  }
  return out;
}

/** Writes the bytes of a latin1 JS string (no NUL added). */
export function writeStr(mem: Memory, addr: number, s: string): void {
  for (let i = 0; i < s.length; i++) mem.store8(addr + i, s.charCodeAt(i) & 255);
}

/** A latin1 JS string from UTF-16 text (UTF-8 bytes). */
export function utf8Bytes(s: string): string {
  return String.fromCharCode(...new TextEncoder().encode(s));
}

/** Copies n bytes, 4 at a time where both ends are aligned (never straddling a page). */
export function copyBytes(mem: Memory, dst: number, src: number, n: number): void {
  let i = 0;
  if (dst % 4 === src % 4) {
    for (; i < n && (dst + i) % 4 !== 0; i++) mem.store8(dst + i, mem.load8u(src + i));
    for (; i + 4 <= n; i += 4) mem.store32(dst + i, mem.load32(src + i));
  }
  for (; i < n; i++) mem.store8(dst + i, mem.load8u(src + i));
}

/** Sets n bytes to v. */
export function fillBytes(mem: Memory, dst: number, v: number, n: number): void {
  const b = v & 255;
  const w = (b | (b << 8) | (b << 16) | (b << 24)) | 0;
  let i = 0;
  for (; i < n && (dst + i) % 4 !== 0; i++) mem.store8(dst + i, b);
  for (; i + 4 <= n; i += 4) mem.store32(dst + i, w);
  for (; i < n; i++) mem.store8(dst + i, b);
}

/** An exact 64-bit load as two 32-bit halves (for bit masks such as sigsets). */
export function load64bits(mem: Memory, addr: number): bigint {
  // The low half first: a bad pointer faults at `addr` itself, as glibc's one 8-byte load does.
  const lo = mem.load32u(addr);
  return (BigInt(mem.load32u(addr + 4)) << 32n) | BigInt(lo);
}

export function store64bits(mem: Memory, addr: number, v: bigint): void {
  mem.store32(addr, Number(BigInt.asIntN(32, v)));
  mem.store32(addr + 4, Number(BigInt.asIntN(32, v >> 32n)));
}
