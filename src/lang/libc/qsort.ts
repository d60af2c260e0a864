// qsort: glibc 2.36's merge sort (stdlib/msort.c), with the comparator a
// function of the program.
//
// glibc recurses (msort_with_tmp) and calls the comparator from C. Here the
// recursion is a state machine whose state lives on the user stack, below
// the caller's frame, where glibc's frames would be: the native sets it up
// and calls the comparator (callUser) with crtQsortNext as the return
// address; that stub hands the result to qsortNext, which merges on until
// it needs the next comparison or is done and returns to qsort's caller.
// So a comparator may print, block, take signals, fork, or sort itself.
//
// The same comparisons in the same order as glibc: a stable sort, and a
// comparator that prints shows glibc's sequence. Elements larger than 32
// bytes are sorted indirectly (an array of pointers, then one permutation),
// as glibc does. The temporary array is on the stack below 1024 bytes,
// malloc'ed above (errno kept), after glibc's one-time
// sysconf(_SC_PHYS_PAGES), a sysinfo call.
// kernlab: glibc falls back to its quicksort (_quicksort, another order of
// comparisons) when the temporary array would exceed a quarter of the
// physical memory or malloc fails; kernlab merge-sorts then too (the
// temporary array on the stack if malloc failed).

import { QSORT_PHYS_PAGES } from './layout';
import { CALLED, callUser, copyBytes, sys, type Called, type NativeCtx } from './native';
import { free, malloc } from './malloc';

// The state block at the stack pointer the comparator is called with (8-byte fields).
const S_B = 0; // the array
const S_N = 8; // its element count
const S_SIZE = 16; // the size of one element (8 when sorting pointers)
const S_CMP = 24; // the comparator
const S_T = 32; // the temporary array
const S_MALLOCED = 40; // the temporary array if malloc'ed (freed at the end)
const S_INDIRECT = 48; // 1: sorting pointers to elements of S_ELEM bytes
const S_ELEM = 56; // the element size qsort was given
const S_SORTED = 64; // what msort_with_tmp sorts: the array, or the pointers
const S_CALL_PC = 72; // pc of qsort's call
const S_CALL_SP = 80; // the caller's sp
const S_CALL_OSP = 88; // the caller's operand-stack height (qsort's arguments on top)
const S_B1 = 96; // merge: next of the first run
const S_B2 = 104; // next of the second run
const S_N1 = 112; // left in the first run
const S_N2 = 120; // left in the second run
const S_OUT = 128; // next slot of the temporary array
const S_DEPTH = 136; // frames in use
const S_FRAMES = 144; // msort_with_tmp's frames: b, n, stage (stage 2: merging)
const FRAME = 24;
const MAX_FRAMES = 64; // the recursion halves n: 64 levels for any size_t
const STATE_SIZE = S_FRAMES + MAX_FRAMES * FRAME;
const QSORT_ARGS = 4;

/**
 * qsort(base, nmemb, size, compar): glibc's __qsort_r. The temporary array
 * (n * size bytes, or 2 * n pointers + one element when sorting indirectly)
 * goes on the stack if under 1024 bytes, else to malloc.
 */
export function qsort(c: NativeCtx, [b, n, s, cmp]: number[]): number | Called {
  const m = c.mem;
  const r = c.regs;
  const indirect = s > 32;
  const size = indirect ? 2 * n * 8 + s : n * s;
  let t: number;
  let malloced = 0;
  let base = Math.floor((r.sp - STATE_SIZE) / 16) * 16;
  if (size < 1024) {
    base = Math.floor((base - size) / 16) * 16;
    t = base + STATE_SIZE;
  } else {
    const lb = r.image.libcDataBase;
    let phys = m.load64(lb + QSORT_PHYS_PAGES);
    if (phys === 0) {
      // sysconf (_SC_PHYS_PAGES): sysinfo's totalram in pages, a quarter of it.
      const info = base - 112;
      const res = sys(c, 'sysinfo', [info]);
      phys = res < 0 ? Math.floor(2 ** 63 / 4) : Math.floor((m.load64(info + 32) * (m.load32(info + 104) || 1)) / 4096 / 4);
      m.store64(lb + QSORT_PHYS_PAGES, phys);
    }
    const errno = r.errno;
    malloced = malloc(c, size);
    r.errno = errno; // glibc keeps errno across the malloc
    if (!malloced) {
      base = Math.floor((base - size) / 16) * 16;
      t = base + STATE_SIZE;
    } else t = malloced;
  }
  if (n <= 1) {
    if (malloced) free(c, malloced);
    return 0;
  }
  for (let i = 0; i < STATE_SIZE; i += 8) m.store64(base + i, 0);
  m.store64(base + S_B, b);
  m.store64(base + S_N, n);
  m.store64(base + S_CMP, cmp);
  m.store64(base + S_T, t);
  m.store64(base + S_MALLOCED, malloced);
  m.store64(base + S_ELEM, s);
  m.store64(base + S_CALL_PC, r.pc);
  m.store64(base + S_CALL_SP, r.sp);
  m.store64(base + S_CALL_OSP, r.osp);
  if (indirect) {
    // tp[i] = &b[i], after the n words msort uses as its temporary array.
    const tp = t + n * 8;
    for (let i = 0; i < n; i++) m.store64(tp + 8 * i, b + i * s);
    m.store64(base + S_INDIRECT, 1);
    m.store64(base + S_SIZE, 8);
    m.store64(base + S_SORTED, tp);
  } else {
    m.store64(base + S_SIZE, s);
    m.store64(base + S_SORTED, b);
  }
  pushFrame(c, base, m.load64(base + S_SORTED), n);
  return step(c, base);
}

/** crtQsortNext: the comparator returned `res`; the state is at sp. */
export function qsortNext(c: NativeCtx, [res]: number[]): Called | number {
  const m = c.mem;
  const base = c.regs.sp;
  c.regs.osp--; // the result, taken
  const s = m.load64(base + S_SIZE);
  const out = m.load64(base + S_OUT);
  let from: number;
  if ((res | 0) <= 0) {
    from = m.load64(base + S_B1);
    m.store64(base + S_B1, from + s);
    m.store64(base + S_N1, m.load64(base + S_N1) - 1);
  } else {
    from = m.load64(base + S_B2);
    m.store64(base + S_B2, from + s);
    m.store64(base + S_N2, m.load64(base + S_N2) - 1);
  }
  copyBytes(m, out, from, s);
  m.store64(base + S_OUT, out + s);
  return step(c, base);
}

function pushFrame(c: NativeCtx, base: number, b: number, n: number): void {
  const d = c.mem.load64(base + S_DEPTH);
  if (d >= MAX_FRAMES) throw new Error('kernlab: qsort: recursion deeper than 64');
  const f = base + S_FRAMES + d * FRAME;
  c.mem.store64(f, b);
  c.mem.store64(f + 8, n);
  c.mem.store64(f + 16, 0);
  c.mem.store64(base + S_DEPTH, d + 1);
}

/** msort_with_tmp, resumed: runs until the next comparison (called) or the end (returns to qsort's caller). */
function step(c: NativeCtx, base: number): Called {
  const m = c.mem;
  const s = m.load64(base + S_SIZE);
  for (;;) {
    const d = m.load64(base + S_DEPTH);
    if (d === 0) return finish(c, base);
    const f = base + S_FRAMES + (d - 1) * FRAME;
    const b = m.load64(f);
    const n = m.load64(f + 8);
    const stage = m.load64(f + 16);
    const n1 = Math.floor(n / 2);
    if (n <= 1) {
      m.store64(base + S_DEPTH, d - 1);
      continue;
    }
    if (stage === 0) {
      m.store64(f + 16, 1);
      pushFrame(c, base, b, n1);
      continue;
    }
    if (stage === 1) {
      m.store64(f + 16, 2);
      pushFrame(c, base, b + n1 * s, n - n1);
      continue;
    }
    if (stage === 2) {
      m.store64(f + 16, 3);
      m.store64(base + S_B1, b);
      m.store64(base + S_B2, b + n1 * s);
      m.store64(base + S_N1, n1);
      m.store64(base + S_N2, n - n1);
      m.store64(base + S_OUT, m.load64(base + S_T));
    }
    // Merging: while both runs have elements, compare their heads.
    const r1 = m.load64(base + S_N1);
    const r2 = m.load64(base + S_N2);
    if (r1 > 0 && r2 > 0) {
      let p1 = m.load64(base + S_B1);
      let p2 = m.load64(base + S_B2);
      if (m.load64(base + S_INDIRECT)) {
        p1 = m.load64(p1);
        p2 = m.load64(p2);
      }
      return callUser(c, m.load64(base + S_CMP), [p1, p2], c.regs.prog.crtQsortNext, base);
    }
    // The rest of the first run after the merged part, then all of it back.
    const out = m.load64(base + S_OUT);
    if (r1 > 0) copyBytes(m, out, m.load64(base + S_B1), r1 * s);
    copyBytes(m, b, m.load64(base + S_T), (n - r2) * s);
    m.store64(base + S_DEPTH, d - 1);
  }
}

/** The pointers sorted: the elements moved into their order (glibc: Knuth vol. 3, ex. 5.2-10); then back to qsort's caller. */
function finish(c: NativeCtx, base: number): Called {
  const m = c.mem;
  const r = c.regs;
  if (m.load64(base + S_INDIRECT)) {
    const b = m.load64(base + S_B);
    const n = m.load64(base + S_N);
    const s = m.load64(base + S_ELEM);
    const tp = m.load64(base + S_SORTED);
    const bytes: number[][] = [];
    for (let i = 0; i < n; i++) {
      const from = m.load64(tp + 8 * i);
      const e: number[] = [];
      for (let j = 0; j < s; j++) e.push(m.load8u(from + j));
      bytes.push(e);
    }
    for (let i = 0; i < n; i++) for (let j = 0; j < s; j++) m.store8(b + i * s + j, bytes[i][j]);
  }
  const malloced = m.load64(base + S_MALLOCED);
  const pc = m.load64(base + S_CALL_PC);
  const sp = m.load64(base + S_CALL_SP);
  const osp = m.load64(base + S_CALL_OSP);
  if (malloced) {
    m.store64(base + S_MALLOCED, 0);
    free(c, malloced);
  }
  // Return from qsort: its arguments popped, its (void) value pushed, after the call.
  r.pc = pc + 3;
  r.sp = sp;
  r.osp = osp - QSORT_ARGS;
  r.stack[r.osp++] = 0;
  return CALLED;
}
