// <stdlib.h>: numbers from strings, rand (glibc's TYPE_3 additive feedback
// generator, so srand(1) gives glibc's sequence), getenv, exit and abort.

import { GONE, RETRY, UserFault, type Gone, type Retry } from '../abi';
import { EINVAL, ENOSYS, ERANGE } from '../../kernel/uapi/errno';
import { MAP_ANONYMOUS, MAP_PRIVATE, PROT_READ, PROT_WRITE } from '../../kernel/uapi/mman';
import { SIGABRT, SIGSEGV, SI_KERNEL, SIG_UNBLOCK } from '../../kernel/uapi/signal';

import {
  EF_ARG, EF_CXA, EF_FLAVOR, EF_FN, EF_FREE, EF_SIZE, EFL_ENTRIES, EFL_FNS, EFL_IDX, EFL_NEXT, EFL_SIZE, EXIT_FUNCS, EXIT_INITIAL, EXIT_STATUS,
  ENVIRON, PROGNAME, RAND_F, RAND_INIT, RAND_R, RAND_STATE, STDERR_FILE } from './layout';
import { alloca, callUser, checkpoint, readStr, signalPoint, Stop, store64bits, sys, utf8Bytes, writeStr, type Called, type NativeCtx } from './native';
import { calloc, free, malloc } from './malloc';
import { flushAll, fputs, unbufferAll } from './stdio';

const isSpace = (b: number): boolean => b === 32 || (b >= 9 && b <= 13);

/** strtol/strtoul's parse: value (BigInt), end address, and whether digits were found. */
function parseInt64(c: NativeCtx, nptr: number, base: number): { neg: boolean; mag: bigint; end: number; any: boolean } {
  const m = c.mem;
  let p = nptr;
  while (isSpace(m.load8u(p))) p++;
  let neg = false;
  const sign = m.load8u(p);
  if (sign === 45 || sign === 43) {
    neg = sign === 45;
    p++;
  }
  if ((base === 0 || base === 16) && m.load8u(p) === 48 && (m.load8u(p + 1) | 32) === 120) {
    const d = digitValue(m.load8u(p + 2));
    if (d >= 0 && d < 16) {
      base = 16;
      p += 2;
    } else if (base === 0) base = 8; // "0x" without hex digits: the 0 is parsed, x is not
  } else if (base === 0) base = m.load8u(p) === 48 ? 8 : 10;
  let mag = 0n;
  let any = false;
  const B = BigInt(base);
  for (;;) {
    const d = digitValue(m.load8u(p));
    if (d < 0 || d >= base) break;
    mag = mag * B + BigInt(d);
    if (mag > 1n << 70n) mag = 1n << 70n; // saturate: the result overflows anyway
    any = true;
    p++;
  }
  return { neg, mag, end: any ? p : nptr, any };
}

function digitValue(b: number): number {
  if (b >= 48 && b <= 57) return b - 48;
  const l = b | 32;
  if (l >= 97 && l <= 122) return l - 87;
  return -1;
}

/**
 * What strtol and strtoul share: the base check (EINVAL, *endptr = nptr,
 * null) and the parse, with *endptr set past the digits.
 */
function strtoArgs(c: NativeCtx, [nptr, endptr, base]: number[]): ReturnType<typeof parseInt64> | null {
  if (base !== 0 && (base < 2 || base > 36)) {
    c.regs.errno = EINVAL;
    if (endptr) c.mem.store64(endptr, nptr);
    return null;
  }
  const r = parseInt64(c, nptr, base);
  if (endptr) c.mem.store64(endptr, r.end);
  return r;
}

export function strtol(c: NativeCtx, a: number[]): number {
  const r = strtoArgs(c, a);
  if (!r) return 0;
  let v = r.neg ? -r.mag : r.mag;
  if (v > 0x7fffffffffffffffn) {
    c.regs.errno = ERANGE;
    v = 0x7fffffffffffffffn;
  } else if (v < -0x8000000000000000n) {
    c.regs.errno = ERANGE;
    v = -0x8000000000000000n;
  }
  return Number(v);
}

export function strtoul(c: NativeCtx, a: number[]): number {
  const r = strtoArgs(c, a);
  if (!r) return 0;
  if (r.mag > 0xffffffffffffffffn) {
    c.regs.errno = ERANGE;
    return -1; // ULONG_MAX
  }
  return Number(BigInt.asIntN(64, r.neg ? -r.mag : r.mag));
}

export function atoi(c: NativeCtx, a: number[]): number {
  return strtol(c, [a[0], 0, 10]) | 0;
}

export function atol(c: NativeCtx, a: number[]): number {
  return strtol(c, [a[0], 0, 10]);
}

// ---- rand: glibc random_r, TYPE_3 (x**31 + x**3 + 1), 31 words of state. glibc: stdlib/random_r.c ----

const DEG = 31;
const SEP = 3;

function srandom(c: NativeCtx, seed: number): void {
  const m = c.mem;
  const b = c.regs.image.libcDataBase;
  const st = b + RAND_STATE;
  let word = seed === 0 ? 1 : seed | 0;
  m.store32(st, word);
  for (let i = 1; i < DEG; i++) {
    // word = 16807 * word % 2147483647, computed without overflow (Schrage)
    const hi = Math.trunc(word / 127773);
    const lo = word % 127773;
    word = 16807 * lo - 2836 * hi;
    if (word < 0) word += 2147483647;
    m.store32(st + 4 * i, word);
  }
  m.store32(b + RAND_F, SEP);
  m.store32(b + RAND_R, 0);
  m.store32(b + RAND_INIT, 1);
  for (let i = 0; i < 10 * DEG; i++) randomR(c);
}

function randomR(c: NativeCtx): number {
  const m = c.mem;
  const b = c.regs.image.libcDataBase;
  const st = b + RAND_STATE;
  let f = m.load32(b + RAND_F);
  let r = m.load32(b + RAND_R);
  const val = (m.load32u(st + 4 * f) + m.load32u(st + 4 * r)) >>> 0;
  m.store32(st + 4 * f, val);
  const result = val >>> 1;
  f++;
  if (f >= DEG) {
    f = 0;
    r++;
  } else {
    r++;
    if (r >= DEG) r = 0;
  }
  m.store32(b + RAND_F, f);
  m.store32(b + RAND_R, r);
  return result;
}

export function srand(c: NativeCtx, a: number[]): number {
  srandom(c, a[0] >>> 0);
  return 0;
}

export function rand(c: NativeCtx): number {
  if (c.mem.load32(c.regs.image.libcDataBase + RAND_INIT) === 0) srandom(c, 1); // glibc's initial state is srand(1)'s
  return randomR(c);
}

export function getenv(c: NativeCtx, a: number[]): number {
  const name = readStr(c.mem, a[0]);
  if (!name || name.includes('=')) return 0;
  const env = c.mem.load64(c.regs.image.libcDataBase + ENVIRON);
  if (!env) return 0;
  for (let i = 0; ; i++) {
    const p = c.mem.load64(env + 8 * i);
    if (!p) return 0;
    const s = readStr(c.mem, p, name.length + 1);
    if (s === name + '=') return p + name.length + 1;
    if (s.startsWith(name + '=')) return p + name.length + 1;
  }
}

/**
 * exit(): the atexit handlers, newest first, then stdio's flush
 * (_IO_cleanup) and exit_group. glibc: stdlib/exit.c
 */
export function exit(c: NativeCtx, a: number[]): Gone | Retry | Called {
  const b = c.regs.image.libcDataBase;
  if (b) c.mem.store32(b + EXIT_STATUS, a[0] | 0);
  return runExitHandlers(c, a[0] | 0);
}

/** Where an atexit handler returns (crtExitNext): the next one, with the status exit() was given. */
export function exitNext(c: NativeCtx): Gone | Retry | Called {
  const b = c.regs.image.libcDataBase;
  return runExitHandlers(c, b ? c.mem.load32(b + EXIT_STATUS) : 0);
}

/**
 * glibc: stdlib/exit.c __run_exit_handlers
 * Takes the newest entry off the list (marked ef_free before the call, so
 * an exit() inside a handler goes on with the next one) and calls it as
 * glibc does, (arg, status), returning to crtExitNext. Blocks emptied are
 * freed, except `initial`. The first entry of `initial` is ld.so's
 * _dl_fini, which __libc_start_main registered: it runs the program's
 * destructors (none here) and makes no system call. Then _IO_cleanup and
 * _exit.
 */
function runExitHandlers(c: NativeCtx, status: number): Gone | Retry | Called {
  const m = c.mem;
  const r = c.regs;
  const b = r.image.libcDataBase;
  for (let cur = b ? m.load64(b + EXIT_FUNCS) : 0; cur; cur = m.load64(b + EXIT_FUNCS)) {
    for (let idx = m.load64(cur + EFL_IDX); idx > 0; idx = m.load64(cur + EFL_IDX)) {
      idx--;
      m.store64(cur + EFL_IDX, idx);
      const f = cur + EFL_FNS + idx * EF_SIZE;
      if (m.load64(f + EF_FLAVOR) !== EF_CXA) continue;
      m.store64(f + EF_FLAVOR, EF_FREE);
      if (cur === b + EXIT_INITIAL && idx === 0) continue; // _dl_fini
      return callUser(c, m.load64(f + EF_FN), [m.load64(f + EF_ARG), status], r.prog.crtExitNext, r.sp);
    }
    const next = m.load64(cur + EFL_NEXT);
    m.store64(b + EXIT_FUNCS, next);
    if (next) free(c, cur);
  }
  checkpoint(c);
  // _IO_cleanup: flush every stream, then make them unbuffered.
  flushAll(c);
  unbufferAll(c);
  sys(c, 'exit_group', [status]);
  return GONE;
}

/**
 * atexit(fn): __cxa_atexit(fn, NULL, __dso_handle) → __new_exitfn: the
 * next free entry of the newest block that has one; when `initial`'s 32
 * are used (ld.so's _dl_fini is the first), a new block is calloc'ed.
 * glibc: stdlib/cxa_atexit.c
 */
export function atexit(c: NativeCtx, a: number[]): number | Gone | Retry {
  const m = c.mem;
  const b = c.regs.image.libcDataBase;
  if (!b) return -1;
  if (!a[0]) {
    // glibc: assert (func != NULL) in __internal_atexit.
    const str = (text: string): number => {
      const at = alloca(c, text.length + 1);
      writeStr(m, at, text + '\0');
      return at;
    };
    return assertFail(c, [str('func != NULL'), str('cxa_atexit.c'), 41, str('__internal_atexit')]);
  }
  let p = 0;
  let l = m.load64(b + EXIT_FUNCS);
  let i = 0;
  for (; l; p = l, l = m.load64(l + EFL_NEXT)) {
    for (i = m.load64(l + EFL_IDX); i > 0; --i) if (m.load64(l + EFL_FNS + (i - 1) * EF_SIZE + EF_FLAVOR) !== EF_FREE) break;
    if (i > 0) break;
    m.store64(l + EFL_IDX, 0); // this block is completely unused
  }
  let e = 0;
  if (!l || i === EFL_ENTRIES) {
    if (!p) {
      p = calloc(c, 1, EFL_SIZE);
      if (p) {
        m.store64(p + EFL_NEXT, m.load64(b + EXIT_FUNCS));
        m.store64(b + EXIT_FUNCS, p);
      }
    }
    if (p) {
      e = p + EFL_FNS;
      m.store64(p + EFL_IDX, 1);
    }
  } else {
    e = l + EFL_FNS + i * EF_SIZE;
    m.store64(l + EFL_IDX, i + 1);
  }
  if (!e) return -1;
  m.store64(e + EF_FLAVOR, EF_CXA);
  m.store64(e + EF_FN, a[0]);
  m.store64(e + EF_ARG, 0);
  m.store64(e + EF_ARG + 8, 0);
  return 0;
}

export function exitNow(c: NativeCtx, a: number[]): Gone | Retry {
  sys(c, 'exit_group', [a[0] | 0]);
  return GONE;
}

/** raise(sig): gettid, getpid, tgkill — glibc 2.36's __pthread_kill_implementation for the calling thread. glibc: nptl/pthread_kill.c */
export function raiseSig(c: NativeCtx, sig: number): number {
  const tid = sys(c, 'gettid', []);
  const pid = sys(c, 'getpid', []);
  const r = sys(c, 'tgkill', [pid, tid, sig]);
  if (r < 0) {
    c.regs.errno = -r;
    return -1;
  }
  return 0;
}

/**
 * glibc: stdlib/abort.c
 * abort(): unblock SIGABRT and raise it; if a handler returns, reset the
 * action to SIG_DFL and raise again. Between the stages the native stops
 * (RETRY, journal kept) so the kernel delivers the signal first.
 */
export function abort(c: NativeCtx): Gone | Retry {
  const set = alloca(c, 8);
  store64bits(c.mem, set, 1n << BigInt(SIGABRT - 1));
  sys(c, 'rt_sigprocmask', [SIG_UNBLOCK, set, 0, 8]);
  raiseSig(c, SIGABRT);
  signalPoint(c);
  // A handler returned: back to the default action, and again.
  const act = alloca(c, 32);
  for (let i = 0; i < 32; i += 8) c.mem.store64(act + i, 0);
  store64bits(c.mem, act + 24, 0xfffffffe7fffffffn); // sigfillset without glibc's internal signals
  sys(c, 'rt_sigaction', [SIGABRT, act, 0, 8]);
  raiseSig(c, SIGABRT);
  signalPoint(c);
  // Still alive (SIGABRT blocked or ignored by a handler): glibc executes hlt,
  // a privileged instruction: #GP, SIGSEGV with si_code SI_KERNEL.
  throw new UserFault(SIGSEGV, SI_KERNEL, 0, '');
}

/**
 * malloc_printerr → __libc_message: the message and a newline in one
 * writev on stderr, a copy in an mmap'ed page (__abort_msg, for core
 * dumps), then abort().
 */
export function abortWith(c: NativeCtx, msg: string): never {
  const m = c.mem;
  const text = utf8Bytes(msg);
  const buf = alloca(c, text.length + 1);
  writeStr(m, buf, text + '\n');
  const iov = alloca(c, 32);
  m.store64(iov, buf);
  m.store64(iov + 8, text.length);
  m.store64(iov + 16, buf + text.length);
  m.store64(iov + 24, 1);
  const r = sys(c, 'writev', [2, iov, 2]);
  if (r === -ENOSYS) sys(c, 'write', [2, buf, text.length + 1]); // a kernel without writev: still show the message
  const page = sys(c, 'mmap', [0, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0]);
  if (page > 0) {
    m.store32(page, 4096); // abort_msg_s.size
    writeStr(m, page + 4, text);
    m.store8(page + 4 + text.length, 0);
  }
  const res = abort(c);
  throw new Stop(res === GONE ? GONE : RETRY);
}

/**
 * __assert_fail: glibc formats the message with asprintf (a malloc), writes
 * it on stderr, keeps a copy in an mmap'ed page, then aborts.
 */
export function assertFail(c: NativeCtx, a: number[]): Gone | Retry {
  const [assertion, file, line, fn] = a;
  const m = c.mem;
  const pn = m.load64(c.regs.image.libcDataBase + PROGNAME);
  const prog = pn ? readStr(m, pn) : '';
  const func = fn ? readStr(m, fn) : '';
  const text = `${prog}${prog ? ': ' : ''}${readStr(m, file)}:${line >>> 0}: ${func}${fn ? ': ' : ''}Assertion \`${readStr(m, assertion)}' failed.\n`;
  const buf = malloc(c, text.length + 1);
  if (buf) {
    writeStr(m, buf, text);
    m.store8(buf + text.length, 0);
    checkpoint(c);
    fputs(c, [buf, c.regs.image.libcDataBase + STDERR_FILE]);
  }
  const page = sys(c, 'mmap', [0, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0]);
  if (page > 0) {
    m.store32(page, 4096);
    writeStr(m, page + 4, text);
  }
  return abort(c);
}
