// malloc, as glibc 2.36's ptmalloc behaves for a single-threaded program:
// chunks with 16-byte aligned headers in simulated memory, the heap grown
// with brk in steps of top_pad (128 KiB) + request, large requests (>= 128
// KiB, with glibc's sliding threshold) served by mmap and unmapped by free,
// a tcache (the 0x290-byte tcache_perthread_struct at the start of the heap,
// hence the famous first pointer at heap + 0x2a0), and the top chunk
// trimmed with brk when a large free leaves more than 128 KiB.
// Simplification: chunks that do not fit the tcache go to one
// address-ordered free list (first fit, coalescing) instead of glibc's
// fastbins, unsorted, small and large bins.

import type { Memory } from '../abi';
import { ENOMEM } from '../../kernel/uapi/errno';
import { MAP_ANONYMOUS, MAP_PRIVATE, PROT_READ, PROT_WRITE } from '../../kernel/uapi/mman';
import {
  CURBRK, MALLOC, M_FREE, M_HEAP_START, M_INIT, M_MMAP_THRESHOLD, M_NMMAPS, M_SYSTEM_MEM, M_TCACHE_KEY, M_TOP, M_TRIM_THRESHOLD,
} from './layout';
import { copyBytes, fillBytes, sys, type NativeCtx } from './native';
import { abortWith } from './stdlib';

const SIZE_SZ = 8;
const MINSIZE = 32;
const PREV_INUSE = 1;
const IS_MMAPPED = 2;
const SIZE_BITS = 7;
const TCACHE_BINS = 64;
const TCACHE_FILL = 7; // mp_.tcache_count
const TCACHE_STRUCT = 0x290; // chunk size of tcache_perthread_struct
const TC_ENTRIES = 128; // offset of entries[] after counts[] (u16 x 64)
const DEFAULT_MMAP_THRESHOLD = 128 * 1024;
const DEFAULT_MMAP_THRESHOLD_MAX = 32 * 1024 * 1024;
const TOP_PAD = 128 * 1024; // DEFAULT_TOP_PAD
const FASTBIN_CONSOLIDATION_THRESHOLD = 65536;
const PAGE = 4096;
const MMAP_AS_MORECORE_SIZE = 1024 * 1024; // the unit of sysmalloc's mmap fallback when brk fails
const GRND_NONBLOCK = 1;

const alignUp = (v: number, a: number): number => Math.ceil(v / a) * a;
const alignDown = (v: number, a: number): number => Math.floor(v / a) * a;

/** request2size: the chunk size for a request of n bytes. */
export function request2size(n: number): number {
  return n + SIZE_SZ + 15 < MINSIZE ? MINSIZE : alignDown(n + SIZE_SZ + 15, 16);
}

/** malloc's state, read at entry and written back when the call is done. */
interface Heap {
  base: number; // libc data
  init: boolean; // ptmalloc_init done
  top: number; // top chunk (0 before the first sbrk)
  topSize: number; // its size
  heapStart: number; // first chunk: the tcache_perthread_struct
  free: number; // free list head
  mmapThreshold: number; // mp_.mmap_threshold
  trimThreshold: number; // mp_.trim_threshold
  systemMem: number; // bytes obtained with brk
  nmmaps: number; // live mmapped chunks
  curbrk: number; // __curbrk, 0 until sbrk first asks the kernel
  writes: (() => void)[]; // chunk and tcache updates, applied by commit()
  mmapped: boolean; // the chunk just obtained is an mmapped one
}

function load(c: NativeCtx): Heap {
  const m = c.mem;
  const b = c.regs.image.libcDataBase;
  const a = b + MALLOC;
  const top = m.load64(a + M_TOP);
  return {
    base: b,
    init: m.load32(a + M_INIT) !== 0,
    top,
    topSize: top ? m.load64(top + 8) & ~SIZE_BITS : 0,
    heapStart: m.load64(a + M_HEAP_START),
    free: m.load64(a + M_FREE),
    mmapThreshold: m.load64(a + M_MMAP_THRESHOLD) || DEFAULT_MMAP_THRESHOLD,
    trimThreshold: m.load64(a + M_TRIM_THRESHOLD) || DEFAULT_MMAP_THRESHOLD,
    systemMem: m.load64(a + M_SYSTEM_MEM),
    nmmaps: m.load64(a + M_NMMAPS),
    curbrk: m.load64(b + CURBRK),
    writes: [],
    mmapped: false,
  };
}

function commit(c: NativeCtx, h: Heap): void {
  const m = c.mem;
  const a = h.base + MALLOC;
  for (const w of h.writes) w();
  h.writes = [];
  m.store32(a + M_INIT, h.init ? 1 : 0);
  m.store64(a + M_TOP, h.top);
  if (h.top) m.store64(h.top + 8, h.topSize | PREV_INUSE);
  m.store64(a + M_HEAP_START, h.heapStart);
  m.store64(a + M_FREE, h.free);
  m.store64(a + M_MMAP_THRESHOLD, h.mmapThreshold);
  m.store64(a + M_TRIM_THRESHOLD, h.trimThreshold);
  m.store64(a + M_SYSTEM_MEM, h.systemMem);
  m.store64(a + M_NMMAPS, h.nmmaps);
  m.store64(h.base + CURBRK, h.curbrk);
}

/** sbrk(incr) on the JS-side state: brk(NULL) the first time, then brk(cur + incr). Returns the old break or -1. */
function sbrk(c: NativeCtx, h: Heap, incr: number): number {
  if (h.curbrk === 0) h.curbrk = sys(c, 'brk', [0]);
  const old = h.curbrk;
  if (incr === 0) return old;
  const want = old + incr;
  const got = sys(c, 'brk', [want]);
  h.curbrk = got;
  if (got < want && incr > 0) return -1;
  if (got !== want) return -1;
  return old;
}

function memOf(ch: number): number {
  return ch + 2 * SIZE_SZ;
}

/** The safe-linking of tcache next pointers (glibc 2.32+): (pos >> 12) ^ ptr. */
function protectPtr(pos: number, ptr: number): number {
  return Number(BigInt(Math.floor(pos / PAGE)) ^ BigInt(ptr));
}

/** sysmalloc: grow the heap with brk (or map large chunks); returns a chunk of nb bytes or 0. glibc: malloc/malloc.c */
function sysmalloc(c: NativeCtx, h: Heap, nb: number): number {
  if (nb >= h.mmapThreshold) {
    const ch = mmapChunk(c, h, nb);
    if (ch) return ch;
  }
  const oldTop = h.top;
  const oldSize = h.topSize;
  let size = nb + TOP_PAD + MINSIZE;
  if (oldTop) size -= oldSize; // contiguous: only the missing part
  size = alignUp(size, PAGE);
  let brk = sbrk(c, h, size);
  if (brk === -1) {
    // MORECORE failed: sysmalloc_mmap_fallback maps the missing space plus the old top,
    // in units of MMAP_AS_MORECORE_SIZE, and makes it the new (non-contiguous) top.
    size = alignUp(size + (oldTop ? oldSize : 0), MMAP_AS_MORECORE_SIZE);
    const mbrk = size > nb ? sys(c, 'mmap', [0, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0]) : -ENOMEM;
    if (mbrk < 0 && mbrk > -4096) {
      c.regs.errno = ENOMEM;
      return 0;
    }
    brk = mbrk;
  }
  h.systemMem += size;
  if (!oldTop) {
    // First time: the heap starts at the break (already 16-aligned: brk is page-aligned).
    h.heapStart = brk;
    h.top = brk;
    h.topSize = size;
  } else if (brk === oldTop + oldSize) {
    h.topSize = oldSize + size;
  } else {
    // Foreign sbrk moved the break: the old top is abandoned (glibc fences it off).
    h.top = brk;
    h.topSize = size;
  }
  return carveTop(h, nb);
}

function mmapChunk(c: NativeCtx, h: Heap, nb: number): number {
  const size = alignUp(nb + SIZE_SZ, PAGE);
  const mm = sys(c, 'mmap', [0, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0]);
  if (mm < 0 && mm > -4096) return 0;
  h.nmmaps++;
  h.mmapped = true;
  h.writes.push(() => {
    c.mem.store64(mm, 0); // prev_size: no alignment correction
    c.mem.store64(mm + 8, size | IS_MMAPPED);
  });
  return mm;
}

function carveTop(h: Heap, nb: number): number {
  const ch = h.top;
  h.top = ch + nb;
  h.topSize -= nb;
  return ch;
}

/** ptmalloc_init + tcache_init: the random tcache key, then the tcache chunk at the start of the heap. */
function initialize(c: NativeCtx, h: Heap): boolean {
  const keyAddr = h.base + MALLOC + M_TCACHE_KEY;
  const r = sys(c, 'getrandom', [keyAddr, 8, GRND_NONBLOCK]);
  void r; // on failure glibc derives the key from the clock; any value works here
  h.init = true;
  const ch = h.top && h.topSize >= TCACHE_STRUCT + MINSIZE ? carveTop(h, TCACHE_STRUCT) : sysmalloc(c, h, TCACHE_STRUCT);
  if (!ch) return false;
  h.writes.push(() => {
    c.mem.store64(ch + 8, TCACHE_STRUCT | PREV_INUSE);
    fillBytes(c.mem, memOf(ch), 0, TCACHE_STRUCT - 2 * SIZE_SZ); // memset (tcache, 0, sizeof (tcache_perthread_struct))
  });
  return true;
}

function tcacheOf(h: Heap): number {
  return memOf(h.heapStart);
}

/** Allocates n bytes; 0 with errno ENOMEM on failure. Commits malloc's state. glibc: malloc/malloc.c __libc_malloc, _int_malloc */
export function malloc(c: NativeCtx, n: number): number {
  return allocate(c, n, false).p;
}

interface Allocation {
  p: number; // the user pointer, 0 on failure
  dirty: number; // bytes at p that may hold old data (calloc clears only these)
}

function allocate(c: NativeCtx, n: number, fromCalloc: boolean): Allocation {
  if (n < 0 || n > Number.MAX_SAFE_INTEGER) {
    c.regs.errno = ENOMEM;
    return { p: 0, dirty: 0 };
  }
  const h = load(c);
  if (!h.init && !initialize(c, h)) {
    commit(c, h);
    return { p: 0, dirty: 0 };
  }
  const nb = request2size(n);
  const m = c.mem;
  const tc = tcacheOf(h);
  const idx = (nb - MINSIZE) / 16;
  // 1. tcache (calloc bypasses it, as glibc's __libc_calloc calls _int_malloc)
  if (!fromCalloc && idx < TCACHE_BINS && h.heapStart) {
    const cnt = m.load16u(tc + 2 * idx);
    if (cnt > 0) {
      const e = m.load64(tc + TC_ENTRIES + 8 * idx);
      const next = protectPtr(e, m.load64(e));
      m.store64(tc + TC_ENTRIES + 8 * idx, next);
      m.store16(tc + 2 * idx, cnt - 1);
      m.store64(e + 8, 0); // e->key = 0
      commit(c, h);
      return { p: e, dirty: nb - SIZE_SZ };
    }
  }
  // 2. the free list (first fit, split)
  let prev = 0;
  for (let ch = h.free; ch; ) {
    const size = m.load64(ch + 8) & ~SIZE_BITS;
    const next = m.load64(ch + 16);
    if (size >= nb) {
      const rest = size - nb;
      if (rest >= MINSIZE) {
        const r = ch + nb;
        m.store64(r + 8, rest | PREV_INUSE);
        m.store64(r + 16, next);
        m.store64(r + rest, rest); // footer: prev_size of the following chunk
        if (prev) m.store64(prev + 16, r);
        else h.free = r;
        m.store64(ch + 8, nb | (m.load64(ch + 8) & PREV_INUSE));
      } else {
        if (prev) m.store64(prev + 16, next);
        else h.free = next;
        setPrevInuse(c, h, ch + size, true);
      }
      commit(c, h);
      return { p: memOf(ch), dirty: size - SIZE_SZ };
    }
    prev = ch;
    ch = next;
  }
  // 3. the top chunk, or 4. more memory
  const oldTop = h.top;
  const oldTopSize = h.topSize;
  const ch = h.top && h.topSize >= nb + MINSIZE ? carveTop(h, nb) : sysmalloc(c, h, nb);
  if (!ch) {
    commit(c, h);
    c.regs.errno = ENOMEM;
    return { p: 0, dirty: 0 };
  }
  if (!h.mmapped) h.writes.push(() => c.mem.store64(ch + 8, nb | PREV_INUSE));
  commit(c, h);
  // Memory beyond the old top came fresh from the kernel: calloc need not clear it.
  const dirty = h.mmapped ? 0 : ch === oldTop ? Math.min(oldTopSize, nb) - SIZE_SZ : nb - SIZE_SZ;
  return { p: memOf(ch), dirty: Math.max(dirty, 0) };
}

function setPrevInuse(c: NativeCtx, h: Heap, next: number, inuse: boolean): void {
  if (next === h.top) return; // the top's header is rewritten by commit
  const m = c.mem;
  const sz = m.load64(next + 8);
  m.store64(next + 8, inuse ? sz | PREV_INUSE : sz & ~PREV_INUSE);
}

/** calloc: malloc and zero, but not memory that is known to be fresh from the kernel. */
export function calloc(c: NativeCtx, n: number, size: number): number {
  const total = n * size;
  if (n < 0 || size < 0 || total > Number.MAX_SAFE_INTEGER || (n !== 0 && total / n !== size)) {
    c.regs.errno = ENOMEM;
    return 0;
  }
  const a = allocate(c, total, true);
  if (a.p) fillBytes(c.mem, a.p, 0, Math.min(a.dirty, total));
  return a.p;
}

function usable(c: NativeCtx, p: number): number {
  const sz = c.mem.load64(p - 8);
  return (sz & ~SIZE_BITS) - (sz & IS_MMAPPED ? 2 * SIZE_SZ : SIZE_SZ);
}

/** free(); aborts like glibc on an invalid pointer or a double free it can see. glibc: malloc/malloc.c __libc_free, _int_free, systrim */
export function free(c: NativeCtx, p: number): void {
  if (p === 0) return;
  const m = c.mem;
  const ch = p - 16;
  if (p % 16 !== 0) return abortWith(c, 'free(): invalid pointer');
  const raw = m.load64(ch + 8);
  const size = raw & ~SIZE_BITS;
  // _int_free's first check, (uintptr_t) p > (uintptr_t) -size, catches a size of 0 (memory that was never a chunk header).
  if (size === 0 && !(raw & IS_MMAPPED)) return abortWith(c, 'free(): invalid pointer');
  if (size < MINSIZE || size % 16 !== 0) return abortWith(c, 'free(): invalid size');
  const h = load(c);
  if (raw & IS_MMAPPED) {
    const prevSize = m.load64(ch);
    const total = prevSize + size;
    const r = sys(c, 'munmap', [ch - prevSize, total]);
    if (r < 0) return abortWith(c, 'munmap_chunk(): invalid pointer');
    h.nmmaps--;
    // glibc's dynamic threshold: later requests of this size use the heap.
    if (size > h.mmapThreshold && size <= DEFAULT_MMAP_THRESHOLD_MAX) {
      h.mmapThreshold = size;
      h.trimThreshold = 2 * size;
    }
    commit(c, h);
    return;
  }
  if (!h.init || ch < h.heapStart) return abortWith(c, 'free(): invalid pointer');
  // _int_free_merge_chunk's checks: a block freed twice has become the top chunk, or reaches past it.
  if (ch === h.top) return abortWith(c, 'double free or corruption (top)');
  if (ch + size > h.top + h.topSize) return abortWith(c, 'double free or corruption (out)');
  if (ch + size > h.top) return abortWith(c, 'free(): invalid pointer');
  const tc = tcacheOf(h);
  const idx = (size - MINSIZE) / 16;
  const key = m.load64(h.base + MALLOC + M_TCACHE_KEY);
  if (idx < TCACHE_BINS) {
    if (m.load64(p + 8) === key && key !== 0) {
      // Maybe a double free: look for it in its bin.
      let e = m.load64(tc + TC_ENTRIES + 8 * idx);
      for (let n = 0; e && n < 100; n++) {
        if (e === p) return abortWith(c, 'free(): double free detected in tcache 2');
        e = protectPtr(e, m.load64(e));
      }
    }
    const cnt = m.load16u(tc + 2 * idx);
    if (cnt < TCACHE_FILL) {
      const head = m.load64(tc + TC_ENTRIES + 8 * idx);
      m.store64(p, protectPtr(p, head));
      m.store64(p + 8, key);
      m.store64(tc + TC_ENTRIES + 8 * idx, p);
      m.store16(tc + 2 * idx, cnt + 1);
      return;
    }
  }
  // Coalesce with free neighbours and with the top chunk.
  let start = ch;
  let sz = size;
  let prev = 0;
  let cur = h.free;
  const unlink = (node: number, before: number): void => {
    const next = m.load64(node + 16);
    if (before) m.store64(before + 16, next);
    else h.free = next;
  };
  // find the insertion point (address order) and neighbours
  while (cur && cur < start) {
    const csz = m.load64(cur + 8) & ~SIZE_BITS;
    if (cur === start) return abortWith(c, 'double free or corruption (!prev)');
    if (cur + csz === start) {
      // the previous chunk is free: merge backwards
      unlink(cur, prev);
      start = cur;
      sz += csz;
      cur = prev ? m.load64(prev + 16) : h.free;
      continue;
    }
    prev = cur;
    cur = m.load64(cur + 16);
  }
  if (cur === start) return abortWith(c, 'double free or corruption (!prev)');
  if (cur && cur === start + sz) {
    const csz = m.load64(cur + 8) & ~SIZE_BITS;
    unlink(cur, prev);
    sz += csz;
  }
  const prevInuse = m.load64(start + 8) & PREV_INUSE;
  if (start + sz === h.top) {
    h.top = start;
    h.topSize += sz;
  } else {
    m.store64(start + 8, sz | prevInuse);
    const next = prev ? m.load64(prev + 16) : h.free;
    m.store64(start + 16, next);
    m.store64(start + 24, prev);
    if (prev) m.store64(prev + 16, start);
    else h.free = start;
    m.store64(start + sz, sz); // footer
    setPrevInuse(c, h, start + sz, false);
  }
  // systrim: give memory back when a large free leaves a big top chunk.
  if (sz >= FASTBIN_CONSOLIDATION_THRESHOLD && h.topSize >= h.trimThreshold) {
    const topArea = h.topSize - MINSIZE - 1;
    if (topArea > TOP_PAD) {
      const extra = alignDown(topArea - TOP_PAD, PAGE);
      if (extra > 0 && h.curbrk === h.top + h.topSize) {
        const got = sys(c, 'brk', [h.curbrk - extra]);
        const released = h.curbrk - got;
        h.curbrk = got;
        if (released > 0) {
          h.systemMem -= released;
          h.topSize -= released;
        }
      }
    }
  }
  commit(c, h);
}

/** realloc, with glibc's in-place growth and shrinking. */
export function realloc(c: NativeCtx, p: number, n: number): number {
  if (p === 0) return malloc(c, n);
  if (n === 0) {
    free(c, p);
    return 0;
  }
  // checked_request2size: more than PTRDIFF_MAX fails at once, the block untouched.
  if (n < 0 || n > Number.MAX_SAFE_INTEGER) {
    c.regs.errno = ENOMEM;
    return 0;
  }
  const m = c.mem;
  const ch = p - 16;
  const raw = m.load64(ch + 8);
  const oldSize = raw & ~SIZE_BITS;
  const nb = request2size(n);
  if (raw & IS_MMAPPED) {
    const total = m.load64(ch) + oldSize;
    const newSize = alignUp(nb + SIZE_SZ, PAGE);
    if (newSize === total) return p;
    const r = sys(c, 'mremap', [ch, total, newSize, 1 /* MREMAP_MAYMOVE */, 0]);
    if (r >= 0 || r <= -4096) {
      m.store64(r + 8, newSize | IS_MMAPPED);
      return memOf(r);
    }
    if (oldSize - SIZE_SZ >= nb) return p;
    const q = malloc(c, n);
    if (!q) return 0;
    copyBytes(m, q, p, oldSize - 2 * SIZE_SZ);
    free(c, p);
    return q;
  }
  if (nb <= oldSize) {
    const rest = oldSize - nb;
    if (rest >= MINSIZE) {
      m.store64(ch + 8, nb | (raw & PREV_INUSE));
      m.store64(ch + nb + 8, rest | PREV_INUSE);
      const h = load(c);
      // Hand the remainder to free() (it may merge with the top).
      if (h.top === ch + oldSize) {
        h.top = ch + nb;
        h.topSize += rest;
        commit(c, h);
      } else free(c, memOf(ch + nb));
    }
    return p;
  }
  const h = load(c);
  if (h.top === ch + oldSize && h.topSize >= nb - oldSize + MINSIZE) {
    // Grow into the top chunk.
    h.top = ch + nb;
    h.topSize -= nb - oldSize;
    m.store64(ch + 8, nb | (raw & PREV_INUSE));
    commit(c, h);
    return p;
  }
  const q = malloc(c, n);
  if (!q) return 0;
  copyBytes(m, q, p, Math.min(usable(c, p), n));
  free(c, p);
  return q;
}

/** For tests and tools: the heap's top chunk and break as malloc sees them. */
export function heapInfo(mem: Memory, libcBase: number): { top: number; topSize: number; heapStart: number; curbrk: number } {
  const top = mem.load64(libcBase + MALLOC + M_TOP);
  return {
    top,
    topSize: top ? mem.load64(top + 8) & ~SIZE_BITS : 0,
    heapStart: mem.load64(libcBase + MALLOC + M_HEAP_START),
    curbrk: mem.load64(libcBase + CURBRK),
  };
}
