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
// When the temporary array would exceed a quarter of the physical memory,
// or malloc fails, glibc sorts in place with its quicksort (_quicksort in
// stdlib/qsort.c: median of three, an explicit stack of partitions, an
// insertion sort to finish; not stable), and so does this file, with the
// same comparisons.

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
const S_MODE = 48; // 0 (merge sort), MSORT_INDIRECT (sorting pointers to elements of S_ELEM bytes) or QUICKSORT
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
// _quicksort's state (QUICKSORT mode), over the merge's fields.
const Q_PHASE = 96; // the comparison whose result is awaited (Q_* below)
const Q_LO = 104;
const Q_HI = 112;
const Q_MID = 120;
const Q_LEFT = 128; // left_ptr
const Q_RIGHT = 136; // right_ptr
const Q_RUN = 144; // the insertion sort's run_ptr
const Q_TMP = 152; // tmp_ptr
const Q_THRESH = 160; // end of the minimum's search
const Q_END = 168; // the last element
const Q_TOP = 176; // partitions on the stack
const Q_STACK = 184; // lo, hi pairs (CHAR_BIT * sizeof (size_t) of them)
const MSORT_INDIRECT = 1;
const QUICKSORT = 2;
const MAX_THRESH = 4; // partitions this small are left to the insertion sort
// Comparisons _quicksort waits on.
const CMP_MID_LO = 1; // the median of three: mid against lo
const CMP_HI_MID = 2; // hi against mid
const CMP_MID_LO2 = 3; // mid against lo again, after hi and mid were swapped
const CMP_LEFT = 4; // left_ptr against mid
const CMP_RIGHT = 5; // mid against right_ptr
const CMP_MIN = 6; // the insertion sort's search for the minimum (the sentinel)
const CMP_INSERT = 7; // run_ptr against tmp_ptr, walking down
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
    }
    let quick = Math.floor(size / 4096) > phys; // too much memory: do not allocate it
    if (!quick) {
      const errno = r.errno;
      malloced = malloc(c, size);
      r.errno = errno; // glibc keeps errno across the malloc
      quick = !malloced; // no memory: the slower algorithm that needs none
    }
    // Kept once malloc's calls are made: a rerun (a call that had to wait) makes sysinfo again, from the journal.
    m.store64(lb + QSORT_PHYS_PAGES, phys);
    if (quick) return quicksortStart(c, base, b, n, s, cmp);
    t = malloced;
  }
  if (n <= 1) {
    if (malloced) free(c, malloced);
    return 0;
  }
  initState(c, base, b, n, s, cmp);
  m.store64(base + S_T, t);
  m.store64(base + S_MALLOCED, malloced);
  if (indirect) {
    // tp[i] = &b[i], after the n words msort uses as its temporary array.
    const tp = t + n * 8;
    for (let i = 0; i < n; i++) m.store64(tp + 8 * i, b + i * s);
    m.store64(base + S_MODE, MSORT_INDIRECT);
    m.store64(base + S_SIZE, 8);
    m.store64(base + S_SORTED, tp);
  } else {
    m.store64(base + S_SIZE, s);
    m.store64(base + S_SORTED, b);
  }
  pushFrame(c, base, m.load64(base + S_SORTED), n);
  return step(c, base);
}

/** The state block's common part: the arguments and where qsort returns. */
function initState(c: NativeCtx, base: number, b: number, n: number, s: number, cmp: number): void {
  const m = c.mem;
  const r = c.regs;
  for (let i = 0; i < STATE_SIZE; i += 8) m.store64(base + i, 0);
  m.store64(base + S_B, b);
  m.store64(base + S_N, n);
  m.store64(base + S_CMP, cmp);
  m.store64(base + S_ELEM, s);
  m.store64(base + S_SIZE, s);
  m.store64(base + S_CALL_PC, r.pc);
  m.store64(base + S_CALL_SP, r.sp);
  m.store64(base + S_CALL_OSP, r.osp);
}

/** crtQsortNext: the comparator returned `res`; the state is at sp. */
export function qsortNext(c: NativeCtx, [res]: number[]): Called | number {
  const m = c.mem;
  const base = c.regs.sp;
  c.regs.osp--; // the result, taken
  if (m.load64(base + S_MODE) === QUICKSORT) return quicksortNext(c, base, res | 0);
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
      if (m.load64(base + S_MODE) === MSORT_INDIRECT) {
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
  if (m.load64(base + S_MODE) === MSORT_INDIRECT) {
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

// ---- _quicksort: glibc stdlib/qsort.c ----

/** Asks the comparator about (a, b); its answer comes back to quicksortNext in `phase`. */
function ask(c: NativeCtx, base: number, phase: number, a: number, b: number): Called {
  c.mem.store64(base + Q_PHASE, phase);
  return callUser(c, c.mem.load64(base + S_CMP), [a, b], c.regs.prog.crtQsortNext, base);
}

/** SWAP: exchanges two elements byte by byte. */
function swap(c: NativeCtx, a: number, b: number, size: number): void {
  const m = c.mem;
  for (let i = 0; i < size; i++) {
    const t = m.load8u(a + i);
    m.store8(a + i, m.load8u(b + i));
    m.store8(b + i, t);
  }
}

/** _quicksort(pbase, total_elems, size, cmp): the state below the caller's frame, as for the merge sort. */
function quicksortStart(c: NativeCtx, base: number, b: number, n: number, s: number, cmp: number): number | Called {
  const m = c.mem;
  if (n === 0) return 0;
  initState(c, base, b, n, s, cmp);
  m.store64(base + S_MODE, QUICKSORT);
  if (n > MAX_THRESH) {
    m.store64(base + Q_LO, b);
    m.store64(base + Q_HI, b + s * (n - 1));
    m.store64(base + Q_TOP, 1); // PUSH (NULL, NULL): popping it ends the loop
    return partition(c, base);
  }
  return insertionStart(c, base);
}

/** One turn of the partition loop: mid, then the median of three. */
function partition(c: NativeCtx, base: number): Called {
  const m = c.mem;
  const s = m.load64(base + S_SIZE);
  const lo = m.load64(base + Q_LO);
  const hi = m.load64(base + Q_HI);
  const mid = lo + s * Math.floor(Math.floor((hi - lo) / s) / 2); // lo + size * ((hi - lo) / size >> 1)
  m.store64(base + Q_MID, mid);
  return ask(c, base, CMP_MID_LO, mid, lo);
}

/** jump_over: the scan from both ends starts. */
function scan(c: NativeCtx, base: number): Called {
  const m = c.mem;
  const s = m.load64(base + S_SIZE);
  m.store64(base + Q_LEFT, m.load64(base + Q_LO) + s);
  m.store64(base + Q_RIGHT, m.load64(base + Q_HI) - s);
  return ask(c, base, CMP_LEFT, m.load64(base + Q_LEFT), m.load64(base + Q_MID));
}

/** Both scans stopped: swap, or the partition is done; then the next partition, or the insertion sort. */
function scanned(c: NativeCtx, base: number): Called {
  const m = c.mem;
  const s = m.load64(base + S_SIZE);
  let left = m.load64(base + Q_LEFT);
  let right = m.load64(base + Q_RIGHT);
  let mid = m.load64(base + Q_MID);
  let more = true;
  if (left < right) {
    swap(c, left, right, s);
    if (mid === left) mid = right;
    else if (mid === right) mid = left;
    left += s;
    right -= s;
  } else if (left === right) {
    left += s;
    right -= s;
    more = false;
  }
  m.store64(base + Q_LEFT, left);
  m.store64(base + Q_RIGHT, right);
  m.store64(base + Q_MID, mid);
  if (more && left <= right) return ask(c, base, CMP_LEFT, left, mid);
  // Push the larger partition, go on with the smaller; ignore those small enough for the insertion sort.
  const maxThresh = MAX_THRESH * s;
  const lo = m.load64(base + Q_LO);
  const hi = m.load64(base + Q_HI);
  const small = (d: number): boolean => d >= 0 && d <= maxThresh; // (size_t) (a - b) <= max_thresh
  let top = m.load64(base + Q_TOP);
  if (small(right - lo)) {
    if (small(hi - left)) {
      top--; // POP (lo, hi)
      m.store64(base + Q_LO, m.load64(base + Q_STACK + 16 * top));
      m.store64(base + Q_HI, m.load64(base + Q_STACK + 16 * top + 8));
    } else m.store64(base + Q_LO, left);
  } else if (small(hi - left)) m.store64(base + Q_HI, right);
  else if (right - lo > hi - left) {
    push(c, base, top++, lo, right);
    m.store64(base + Q_LO, left);
  } else {
    push(c, base, top++, left, hi);
    m.store64(base + Q_HI, right);
  }
  m.store64(base + Q_TOP, top);
  return top > 0 ? partition(c, base) : insertionStart(c, base);
}

function push(c: NativeCtx, base: number, top: number, lo: number, hi: number): void {
  if (top >= 64) throw new Error('kernlab: qsort: partition stack overflow');
  c.mem.store64(base + Q_STACK + 16 * top, lo);
  c.mem.store64(base + Q_STACK + 16 * top + 8, hi);
}

/** The insertion sort: first the smallest of the first MAX_THRESH + 1 elements to the front, the sentinel. */
function insertionStart(c: NativeCtx, base: number): Called {
  const m = c.mem;
  const b = m.load64(base + S_B);
  const s = m.load64(base + S_SIZE);
  const end = b + s * (m.load64(base + S_N) - 1);
  m.store64(base + Q_END, end);
  m.store64(base + Q_TMP, b);
  m.store64(base + Q_THRESH, Math.min(end, b + MAX_THRESH * s));
  m.store64(base + Q_RUN, b + s);
  return minSearch(c, base);
}

function minSearch(c: NativeCtx, base: number): Called {
  const m = c.mem;
  const run = m.load64(base + Q_RUN);
  if (run <= m.load64(base + Q_THRESH)) return ask(c, base, CMP_MIN, run, m.load64(base + Q_TMP));
  const b = m.load64(base + S_B);
  const s = m.load64(base + S_SIZE);
  const tmp = m.load64(base + Q_TMP);
  if (tmp !== b) swap(c, tmp, b, s);
  m.store64(base + Q_RUN, b + s);
  return insertNext(c, base);
}

/** The next element to insert, walking down from the one before it. */
function insertNext(c: NativeCtx, base: number): Called {
  const m = c.mem;
  const s = m.load64(base + S_SIZE);
  const run = m.load64(base + Q_RUN) + s;
  m.store64(base + Q_RUN, run);
  if (run > m.load64(base + Q_END)) return finish(c, base);
  m.store64(base + Q_TMP, run - s);
  return ask(c, base, CMP_INSERT, run, run - s);
}

/** The comparator's answer to the question of `phase`. */
function quicksortNext(c: NativeCtx, base: number, res: number): Called {
  const m = c.mem;
  const s = m.load64(base + S_SIZE);
  const mid = m.load64(base + Q_MID);
  switch (m.load64(base + Q_PHASE)) {
    case CMP_MID_LO:
      if (res < 0) swap(c, mid, m.load64(base + Q_LO), s);
      return ask(c, base, CMP_HI_MID, m.load64(base + Q_HI), mid);
    case CMP_HI_MID:
      if (res >= 0) return scan(c, base); // goto jump_over
      swap(c, mid, m.load64(base + Q_HI), s);
      return ask(c, base, CMP_MID_LO2, mid, m.load64(base + Q_LO));
    case CMP_MID_LO2:
      if (res < 0) swap(c, mid, m.load64(base + Q_LO), s);
      return scan(c, base);
    case CMP_LEFT: {
      if (res >= 0) return ask(c, base, CMP_RIGHT, mid, m.load64(base + Q_RIGHT));
      const left = m.load64(base + Q_LEFT) + s;
      m.store64(base + Q_LEFT, left);
      return ask(c, base, CMP_LEFT, left, mid);
    }
    case CMP_RIGHT: {
      if (res >= 0) return scanned(c, base);
      const right = m.load64(base + Q_RIGHT) - s;
      m.store64(base + Q_RIGHT, right);
      return ask(c, base, CMP_RIGHT, mid, right);
    }
    case CMP_MIN: {
      const run = m.load64(base + Q_RUN);
      if (res < 0) m.store64(base + Q_TMP, run);
      m.store64(base + Q_RUN, run + s);
      return minSearch(c, base);
    }
    default: {
      // CMP_INSERT
      const run = m.load64(base + Q_RUN);
      let tmp = m.load64(base + Q_TMP);
      if (res < 0) {
        tmp -= s;
        m.store64(base + Q_TMP, tmp);
        return ask(c, base, CMP_INSERT, run, tmp);
      }
      tmp += s;
      if (tmp !== run) {
        // The element at run goes to tmp; those between move up by one.
        const e: number[] = [];
        for (let i = 0; i < s; i++) e.push(m.load8u(run + i));
        for (let p = run + s - 1; p >= tmp + s; p--) m.store8(p, m.load8u(p - s));
        for (let i = 0; i < s; i++) m.store8(tmp + i, e[i]);
      }
      return insertNext(c, base);
    }
  }
}
