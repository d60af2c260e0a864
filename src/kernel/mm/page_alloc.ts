// Physical memory: page frames, their reference counts and their contents.
// linux: mm/page_alloc.c (the allocator), include/linux/mm_types.h (struct page)
//
// A frame is known by its page frame number (pfn); its physical address is
// pfn * 4096. struct page is split into typed arrays indexed by pfn.
//
// Reference counting (what the fault handler and fork rely on):
//   refcount (page->_refcount): one per PTE that maps the frame, plus one
//     held by the page cache for a file page, plus one while a page-table
//     page is in use. The frame is freed when it drops to 0.
//   mapcount (page->_mapcount + 1): the number of PTEs mapping the frame.
//   An anonymous frame whose refcount is 1 is used by exactly one PTE of one
//   mm: a write fault on it may reuse it (COW reuse) instead of copying.
// The shared zero page is reserved: mapping it changes no count and it is
// never freed.
//
// Contents are lazy: a frame's 4 KiB exist only once something is written
// to it (data[pfn] stays null and reads as zeros until then), so populating
// 100,000 pages costs no JS memory until they are written.
//
// The free list is a stack: the lowest frames are handed out first at boot,
// and a freed frame is the next one reused (as Linux's per-CPU hot lists
// do), so allocation is deterministic.

import { PAGE_SIZE } from '../param';

export const PG_ANON = 0x01; // anonymous page (private to some mms, COW-shared after fork)
export const PG_FILE = 0x02; // page-cache page of a file (or shmem object)
export const PG_PAGETABLE = 0x04; // a page-table page (PGD, PUD, PMD or PTE)
export const PG_RESERVED = 0x08; // never allocated: low memory and the zero page
export const PG_DIRTY = 0x10; // a page-cache page written through a shared mapping
export const PG_EXCLUSIVE = 0x20; // an anonymous page known to belong to one mm only (PageAnonExclusive); fork clears it

/** Frames below this are reserved (firmware, the kernel's low memory); allocation starts above. */
export const RESERVED_LOW_FRAMES = 16;
/** The frame of the shared zero page (empty_zero_page). */
export const ZERO_PFN = 8;

export class PhysMem {
  readonly nrFrames: number; // frames of physical memory
  readonly refcount: Int32Array; // page->_refcount
  readonly mapcount: Int32Array; // PTEs mapping the frame
  readonly flags: Uint8Array; // PG_* bits
  /** Contents, allocated on first write; null reads as zeros. */
  readonly data: (DataView | null)[];
  /** For page-table frames: the 512 64-bit entries as 1024 32-bit words (lo, hi), over the same bytes as data. */
  readonly tables: (Uint32Array | null)[];
  /** For page-cache frames: which file and page index (for the translate view). */
  readonly owner: (string | null)[];
  private readonly freeList: Int32Array; // stack of free pfns
  private freeTop = 0; // number of free frames on the stack

  constructor(memoryBytes: number) {
    const n = Math.floor(memoryBytes / PAGE_SIZE);
    if (n < RESERVED_LOW_FRAMES + 16) throw new RangeError(`memory too small: ${memoryBytes} bytes`);
    this.nrFrames = n;
    this.refcount = new Int32Array(n);
    this.mapcount = new Int32Array(n);
    this.flags = new Uint8Array(n);
    this.data = new Array<DataView | null>(n).fill(null);
    this.tables = new Array<Uint32Array | null>(n).fill(null);
    this.owner = new Array<string | null>(n).fill(null);
    this.freeList = new Int32Array(n);
    for (let pfn = n - 1; pfn >= RESERVED_LOW_FRAMES; pfn--) this.freeList[this.freeTop++] = pfn;
    for (let pfn = 0; pfn < RESERVED_LOW_FRAMES; pfn++) this.flags[pfn] = PG_RESERVED;
    this.refcount[ZERO_PFN] = 1;
  }

  /** Frames in use by kind (see MemorySystem.frameCounts). */
  countKinds(): { anon: number; file: number; fileMapped: number; pageTables: number } {
    let anon = 0,
      file = 0,
      fileMapped = 0,
      pageTables = 0;
    const flags = this.flags;
    for (let pfn = RESERVED_LOW_FRAMES; pfn < this.nrFrames; pfn++) {
      const f = flags[pfn];
      if (f & PG_ANON) anon++;
      else if (f & PG_FILE) {
        file++;
        if (this.mapcount[pfn] > 0) fileMapped++;
      } else if (f & PG_PAGETABLE) pageTables++;
    }
    return { anon, file, fileMapped, pageTables };
  }

  /** Free frames. linux: nr_free_pages */
  get nrFree(): number {
    return this.freeTop;
  }

  /**
   * Takes a free frame with refcount 1 and the given PG_* kind. Returns -1
   * when memory is exhausted (the caller reports -ENOMEM or OOM).
   * linux: alloc_page
   */
  allocPage(kind: number): number {
    if (this.freeTop === 0) return -1;
    const pfn = this.freeList[--this.freeTop];
    this.refcount[pfn] = 1;
    this.mapcount[pfn] = 0;
    this.flags[pfn] = kind;
    return pfn;
  }

  /** A zeroed page-table page: 512 empty entries, refcount 1. -1 when out of memory. */
  allocTable(): number {
    const pfn = this.allocPage(PG_PAGETABLE);
    if (pfn < 0) return -1;
    const buf = new ArrayBuffer(PAGE_SIZE);
    this.data[pfn] = new DataView(buf);
    this.tables[pfn] = new Uint32Array(buf);
    return pfn;
  }

  /** Takes a reference. linux: get_page */
  getPage(pfn: number): void {
    if (this.flags[pfn] & PG_RESERVED) return;
    if (this.refcount[pfn] <= 0) throw new Error(`get_page on free frame ${pfn}`);
    this.refcount[pfn]++;
  }

  /** Drops a reference; frees the frame when it was the last. linux: put_page */
  putPage(pfn: number): void {
    if (this.flags[pfn] & PG_RESERVED) return;
    const r = --this.refcount[pfn];
    if (r > 0) return;
    if (r < 0) throw new Error(`put_page: refcount of frame ${pfn} below zero`);
    if (this.mapcount[pfn] !== 0) throw new Error(`freeing frame ${pfn} still mapped ${this.mapcount[pfn]} times`);
    this.data[pfn] = null;
    this.tables[pfn] = null;
    this.owner[pfn] = null;
    this.flags[pfn] = 0;
    this.freeList[this.freeTop++] = pfn;
  }

  /** The frame's bytes, allocating them (zeroed) on first use. */
  bytes(pfn: number): DataView {
    let dv = this.data[pfn];
    if (dv === null) {
      if (pfn === ZERO_PFN) throw new Error('write to the zero page');
      dv = new DataView(new ArrayBuffer(PAGE_SIZE));
      this.data[pfn] = dv;
    }
    return dv;
  }

  /** Copies the contents of `src` into `dst` (lazily: an untouched source leaves the copy untouched). linux: copy_user_highpage */
  copyPage(dst: number, src: number): void {
    const s = this.data[src];
    this.data[dst] = s === null ? null : new DataView(s.buffer.slice(0));
  }

  /** Fills a frame from a file's bytes (page cache read). */
  fillPage(pfn: number, content: Uint8Array | null): void {
    if (content === null || content.length === 0) return;
    const dv = this.bytes(pfn);
    new Uint8Array(dv.buffer).set(content.subarray(0, PAGE_SIZE));
  }

  /** Byte at a physical address (0 for untouched frames). */
  readPhys8(paddr: number): number {
    const pfn = Math.floor(paddr / PAGE_SIZE);
    const dv = this.data[pfn];
    return dv === null ? 0 : dv.getUint8(paddr - pfn * PAGE_SIZE);
  }

  /** Writes a byte at a physical address. */
  writePhys8(paddr: number, v: number): void {
    const pfn = Math.floor(paddr / PAGE_SIZE);
    this.bytes(pfn).setUint8(paddr - pfn * PAGE_SIZE, v);
  }

  /** Frames holding materialised contents (JS memory actually used), for tests and meminfo. */
  materialised(): number {
    let n = 0;
    for (let i = 0; i < this.nrFrames; i++) if (this.data[i] !== null) n++;
    return n;
  }
}
