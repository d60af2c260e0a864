// VMAs: find_vma, mmap placement and merging, munmap and mprotect splits,
// brk, vm.max_map_count, and invariants under random operations.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { EACCES, EEXIST, EINVAL, ENOMEM, EBADF, EPERM } from '../../../src/kernel/uapi/errno';
import {
  MAP_ANONYMOUS,
  MAP_FIXED,
  MAP_FIXED_NOREPLACE,
  MAP_PRIVATE,
  MAP_SHARED,
  PROT_EXEC,
  PROT_NONE,
  PROT_READ,
  PROT_WRITE,
} from '../../../src/kernel/uapi/mman';
import { checkMm } from '../../../src/kernel/mm/vma';
import { MAX_MAP_COUNT } from '../../../src/kernel/param';
import type { MmStruct } from '../../../src/kernel/mm';
import { machine, spawn, task, type Machine } from './helpers';

const ANON = MAP_PRIVATE | MAP_ANONYMOUS;
const RW = PROT_READ | PROT_WRITE;
const P = 4096;

function vmaCount(mm: MmStruct, start: number, end: number): number {
  return mm.vmas().filter((v) => v.vmEnd > start && v.vmStart < end).length;
}

describe('find_vma', () => {
  it('returns the VMA containing the address, or the next one above a hole, or null', () => {
    const m = machine();
    const { mm, t } = spawn(m);
    const a = m.ms.doMmap(mm, 0x100000000, 2 * P, RW, ANON | MAP_FIXED, -1, 0, t);
    const b = m.ms.doMmap(mm, 0x100010000, 2 * P, PROT_READ, ANON | MAP_FIXED, -1, 0, t);
    expect(m.ms.findVma(mm, a + 5)!.vmStart).toBe(a);
    const inHole = m.ms.findVma(mm, a + 3 * P)!;
    expect(inHole.vmStart).toBe(b); // the next VMA, which does not contain the address
    expect(inHole.vmStart > a + 3 * P).toBe(true);
    expect(m.ms.findVma(mm, 0x7ffffffff000)).toBeNull(); // above the stack
    const { vma, prev } = m.ms.findVmaPrev(mm, a + 3 * P);
    expect(vma!.vmStart).toBe(b);
    expect(prev!.vmStart).toBe(a);
    expect(m.ms.findVmaIntersection(mm, a + 2 * P, b)).toBeNull();
    expect(m.ms.findVmaIntersection(mm, a + 2 * P, b + 1)!.vmStart).toBe(b);
  });
});

describe('mmap', () => {
  it('places mappings top-down below mmap_base and merges adjacent compatible anonymous ones', () => {
    const m = machine();
    const { mm, t } = spawn(m);
    const before = mm.mapCount;
    const a = m.ms.doMmap(mm, 0, 3 * P, RW, ANON, -1, 0, t);
    const b = m.ms.doMmap(mm, 0, 2 * P, RW, ANON, -1, 0, t);
    expect(b).toBeLessThan(a);
    const v = m.ms.findVma(mm, b)!;
    // b landed right below a (and a right below ld.so's anonymous page, merging with it)
    expect(v.vmStart).toBe(b);
    expect(v.vmEnd).toBeGreaterThanOrEqual(a + 3 * P);
    expect(mm.mapCount).toBe(before); // both merged into the existing rw-p anonymous VMA above
    const c = m.ms.doMmap(mm, 0, P, PROT_READ, ANON, -1, 0, t);
    expect(c).toBe(b - P);
    expect(mm.mapCount).toBe(before + 1); // different rights: a VMA of its own
    checkMm(mm);
  });

  it('honours a free hint address, and rounds a low hint up to mmap_min_addr', () => {
    const m = machine();
    const { mm, t } = spawn(m);
    expect(m.ms.doMmap(mm, 0x600000000000, P, RW, ANON, -1, 0, t)).toBe(0x600000000000);
    const taken = m.ms.doMmap(mm, 0x600000000000, P, RW, ANON, -1, 0, t);
    expect(taken).not.toBe(0x600000000000); // taken: placed elsewhere
    // As on the reference machine: 0x10 rounds down to no hint; 0x1000 is raised to mmap_min_addr (0x10000).
    expect(m.ms.doMmap(mm, 0x1000, P, RW, ANON, -1, 0, t)).toBe(0x10000);
    expect(m.ms.doMmap(mm, 0x10, P, RW, ANON, -1, 0, t)).toBeGreaterThan(0x7f0000000000);
    expect(m.ms.doMmap(mm, 0, P, RW, ANON | MAP_FIXED, -1, 0, t)).toBe(-EPERM);
  });

  it('MAP_FIXED replaces what was there; MAP_FIXED_NOREPLACE fails with EEXIST', () => {
    const m = machine();
    const { mm, t } = spawn(m);
    const cpu = m.ms.cpu(0);
    const a = m.ms.doMmap(mm, 0x200000000, 3 * P, RW, ANON | MAP_FIXED, -1, 0, t);
    cpu.store32(a + P, 77);
    expect(m.ms.doMmap(mm, a + P, P, RW, ANON | MAP_FIXED_NOREPLACE, -1, 0, t)).toBe(-EEXIST);
    expect(cpu.load32(a + P)).toBe(77);
    expect(m.ms.doMmap(mm, a + P, P, RW, ANON | MAP_FIXED, -1, 0, t)).toBe(a + P);
    expect(cpu.load32(a + P)).toBe(0); // a fresh page
    expect(vmaCount(mm, a, a + 3 * P)).toBe(1); // and merged back with both neighbours
    expect(m.ms.doMmap(mm, a + P, P, PROT_READ, ANON | MAP_FIXED, -1, 0, t)).toBe(a + P);
    expect(vmaCount(mm, a, a + 3 * P)).toBe(3);
    expect(m.ms.doMmap(mm, 0x300000000, P, RW, ANON | MAP_FIXED_NOREPLACE, -1, 0, t)).toBe(0x300000000);
    checkMm(mm);
  });

  it('rejects bad arguments as Linux does', () => {
    const m = machine();
    const { mm, t } = spawn(m);
    expect(m.ms.doMmap(mm, 0, 0, RW, ANON, -1, 0, t)).toBe(-EINVAL); // len 0
    expect(m.ms.doMmap(mm, 0, P, RW, MAP_ANONYMOUS, -1, 0, t)).toBe(-EINVAL); // no MAP_SHARED/PRIVATE
    expect(m.ms.doMmap(mm, 0x200000123, P, RW, ANON | MAP_FIXED, -1, 0, t)).toBe(-EINVAL); // unaligned fixed address
    expect(m.ms.doMmap(mm, 0, P, RW, MAP_PRIVATE, 3, 0, t)).toBe(-EBADF); // no such file
    expect(m.ms.doMmap(mm, 0, 2 ** 48, RW, ANON, -1, 0, t)).toBe(-ENOMEM); // larger than the address space
    expect(m.ms.doMmap(mm, 0x7ffffffff000 - P, 2 * P, RW, ANON | MAP_FIXED, -1, 0, t)).toBe(-ENOMEM); // beyond TASK_SIZE
    // Checked in Linux's order (checked on Linux 6.x with the same calls):
    expect(m.ms.doMmap(mm, 0, P, RW, MAP_PRIVATE, 99, 1, t)).toBe(-EINVAL); // a bad offset before a bad descriptor
    expect(m.ms.doMmap(mm, 0, 2 ** 47, RW, MAP_ANONYMOUS, -1, 0, t)).toBe(-ENOMEM); // no room before no map type
    expect(m.ms.doMmap(mm, 0, P, RW, MAP_PRIVATE | MAP_SHARED | MAP_ANONYMOUS, -1, 0, t)).toBe(-EINVAL); // MAP_SHARED_VALIDATE: files only
  });

  it('a MAP_SHARED read-only file may not get PROT_WRITE (EACCES), at mmap or mprotect; MAP_PRIVATE may', () => {
    const m = machine();
    const { mm, t } = spawn(m);
    const f = m.ms.openFile('/etc/motd', new TextEncoder().encode('hello from the page cache\n'));
    expect(m.ms.doMmap(mm, 0, P, RW, MAP_SHARED, 3, 0, t, f)).toBe(-EACCES);
    const ro = m.ms.doMmap(mm, 0, P, PROT_READ, MAP_SHARED, 3, 0, t, f);
    expect(ro).toBeGreaterThan(0);
    expect(m.ms.procMaps(mm)).toMatch(new RegExp(`^${ro.toString(16)}-[0-9a-f]+ r--s 00000000 fe:00 \\d+ +/etc/motd$`, 'm'));
    expect(m.ms.mprotect(mm, ro, P, RW, t)).toBe(-EACCES);
    expect(m.ms.cpu(0).load8u(ro)).toBe('h'.charCodeAt(0));
    const priv = m.ms.doMmap(mm, 0, P, RW, MAP_PRIVATE, 3, 0, t, f);
    m.ms.cpu(0).store8(priv, 'H'.charCodeAt(0)); // COW: the file is untouched
    expect(m.ms.cpu(0).load8u(priv)).toBe('H'.charCodeAt(0));
    expect(m.ms.cpu(0).load8u(ro)).toBe('h'.charCodeAt(0));
  });

  it('MAP_SHARED|MAP_ANONYMOUS memory is /dev/zero (deleted) on shmem and is shared across fork', () => {
    const m = machine();
    const { mm, t } = spawn(m);
    const s = m.ms.doMmap(mm, 0, 2 * P, RW, MAP_SHARED | MAP_ANONYMOUS, -1, 0, t);
    expect(m.ms.procMaps(mm)).toMatch(new RegExp(`^${s.toString(16)}-[0-9a-f]+ rw-s 00000000 00:01 \\d+ +/dev/zero \\(deleted\\)$`, 'm'));
    m.ms.cpu(0).store32(s, 1);
    const child = task(101);
    const cmm = m.ms.dupMm(mm, child) as MmStruct;
    m.ms.cpu(1).switchMm(cmm, child);
    m.ms.cpu(1).store32(s, 2);
    expect(m.ms.cpu(0).load32(s)).toBe(2);
    expect(m.ms.statusVm(cmm)).toMatch(/RssShmem:\t {7}4 kB/);
  });
});

describe('munmap and mprotect: splitting and merging', () => {
  it('mprotect of the middle page of a 3-page mapping gives 3 VMAs; back gives 1; munmap of the middle gives 2', () => {
    const m = machine();
    const { mm, t } = spawn(m);
    const a = m.ms.doMmap(mm, 0x400000000, 3 * P, RW, ANON | MAP_FIXED, -1, 0, t);
    const n0 = mm.mapCount;
    expect(m.ms.mprotect(mm, a + P, P, PROT_READ, t)).toBe(0);
    expect(vmaCount(mm, a, a + 3 * P)).toBe(3);
    expect(mm.mapCount).toBe(n0 + 2);
    expect(m.ms.procMaps(mm)).toContain(
      [`${(0x400000000).toString(16)}-400001000 rw-p`, '400001000-400002000 r--p', '400002000-400003000 rw-p'].join(' 00000000 00:00 0 \n'),
    );
    expect(m.ms.mprotect(mm, a + P, P, RW, t)).toBe(0);
    expect(vmaCount(mm, a, a + 3 * P)).toBe(1);
    expect(mm.mapCount).toBe(n0);
    expect(m.ms.doMunmap(mm, a + P, P, t)).toBe(0);
    expect(vmaCount(mm, a, a + 3 * P)).toBe(2);
    expect(m.ms.findVma(mm, a + P)!.vmStart).toBe(a + 2 * P);
    checkMm(mm);
  });

  it('merges back after the pages were touched (one anon_vma for all pieces)', () => {
    const m = machine();
    const { mm, t } = spawn(m);
    const a = m.ms.doMmap(mm, 0x400000000, 3 * P, RW, ANON | MAP_FIXED, -1, 0, t);
    for (let i = 0; i < 3; i++) m.ms.cpu(0).store8(a + i * P, i + 1);
    m.ms.mprotect(mm, a + P, P, PROT_READ, t);
    m.ms.mprotect(mm, a + P, P, RW, t);
    expect(vmaCount(mm, a, a + 3 * P)).toBe(1);
    for (let i = 0; i < 3; i++) expect(m.ms.cpu(0).load8u(a + i * P)).toBe(i + 1);
  });

  it('mprotect errors: EINVAL unaligned, ENOMEM for unmapped holes, EACCES for rights the VMA may not have', () => {
    const m = machine();
    const { mm, t } = spawn(m);
    const a = m.ms.doMmap(mm, 0x400000000, 3 * P, RW, ANON | MAP_FIXED, -1, 0, t);
    expect(m.ms.mprotect(mm, a + 1, P, PROT_READ, t)).toBe(-EINVAL);
    expect(m.ms.mprotect(mm, a, P, 0x40, t)).toBe(-EINVAL);
    m.ms.doMunmap(mm, a + P, P, t);
    expect(m.ms.mprotect(mm, a, 3 * P, PROT_READ, t)).toBe(-ENOMEM);
    // The part before the hole was changed anyway, as Linux does.
    expect(m.ms.vmaPerms(m.ms.findVma(mm, a)!)).toBe('r--p');
    expect(m.ms.mprotect(mm, 0x500000000, P, PROT_READ, t)).toBe(-ENOMEM);
    expect(m.ms.mprotect(mm, a, 0, PROT_READ, t)).toBe(0);
  });

  it('munmap errors and holes', () => {
    const m = machine();
    const { mm, t } = spawn(m);
    const a = m.ms.doMmap(mm, 0x400000000, 4 * P, RW, ANON | MAP_FIXED, -1, 0, t);
    expect(m.ms.doMunmap(mm, a + 10, P, t)).toBe(-EINVAL);
    expect(m.ms.doMunmap(mm, a, 0, t)).toBe(-EINVAL);
    expect(m.ms.doMunmap(mm, 0x500000000, P, t)).toBe(0); // nothing there: fine
    m.ms.doMunmap(mm, a + P, P, t);
    expect(m.ms.doMunmap(mm, a, 4 * P, t)).toBe(0); // across the hole
    expect(vmaCount(mm, a, a + 4 * P)).toBe(0);
  });

  it('vm.max_map_count (65530): mmap stops at 65531 VMAs with ENOMEM, and splits fail', () => {
    const m = machine({ memoryMiB: 128 });
    const { mm, t } = spawn(m);
    const three = m.ms.doMmap(mm, 0x100000000, 3 * P, RW, ANON | MAP_FIXED, -1, 0, t);
    let n = 0;
    for (;;) {
      const x = m.ms.doMmap(mm, 0, P, n & 1 ? PROT_READ : RW, ANON, -1, 0, t);
      if (x < 0) {
        expect(x).toBe(-ENOMEM);
        break;
      }
      n++;
    }
    expect(mm.mapCount).toBe(MAX_MAP_COUNT + 1); // as on the reference machine: the check is map_count > max
    expect(m.ms.mprotect(mm, three + P, P, PROT_READ, t)).toBe(-ENOMEM);
    expect(m.ms.doMunmap(mm, three + P, P, t)).toBe(-ENOMEM); // punching a hole needs one more VMA
    expect(m.ms.doMunmap(mm, three, P, t)).toBe(0); // trimming an end does not
    checkMm(mm);
  }, 60_000);
});

describe('brk', () => {
  it('grows and shrinks the [heap] VMA and refuses to run into a mapping', () => {
    const m = machine();
    const { mm, t } = spawn(m);
    const start = m.ms.brk(mm, 0, t);
    expect(start).toBe(mm.startBrk);
    expect(m.ms.procMaps(mm)).not.toContain('[heap]');
    expect(m.ms.brk(mm, start + 0x21000, t)).toBe(start + 0x21000);
    expect(m.ms.procMaps(mm)).toMatch(new RegExp(`^${start.toString(16)}-${(start + 0x21000).toString(16)} rw-p 00000000 00:00 0 +\\[heap\\]$`, 'm'));
    m.ms.cpu(0).store32(start + 0x20000, 5);
    expect(m.ms.brk(mm, start + 0x100, t)).toBe(start + 0x100); // shrink
    expect(m.ms.findVma(mm, start)!.vmEnd).toBe(start + P);
    expect(() => m.ms.cpu(0).load32(start + 0x20000)).toThrow();
    // A mapping 16 pages above the heap: brk may come within one page of it, no closer.
    m.ms.doMmap(mm, start + 16 * P, P, RW, ANON | MAP_FIXED, -1, 0, t);
    expect(m.ms.brk(mm, start + 15 * P, t)).toBe(start + 15 * P);
    expect(m.ms.brk(mm, start + 16 * P, t)).toBe(start + 15 * P);
    expect(m.ms.brk(mm, start - P, t)).toBe(start + 15 * P); // below start_brk: refused
    checkMm(mm);
  });
});

// ---- invariants under random operations ----

interface Op {
  kind: 'mmap' | 'munmap' | 'mprotect';
  page: number;
  pages: number;
  prot: number;
}

const WINDOW = 0x300000000; // a quiet part of the address space
const WINDOW_PAGES = 64;
const opArb = fc.record({
  kind: fc.constantFrom<'mmap' | 'munmap' | 'mprotect'>('mmap', 'munmap', 'mprotect'),
  page: fc.integer({ min: 0, max: WINDOW_PAGES - 1 }),
  pages: fc.integer({ min: 1, max: 12 }),
  prot: fc.constantFrom(PROT_NONE, PROT_READ, RW, PROT_READ | PROT_EXEC),
});

function apply(m: Machine, mm: MmStruct, op: Op): number {
  const t = mm.owner!;
  const addr = WINDOW + op.page * P;
  const len = Math.min(op.pages, WINDOW_PAGES - op.page) * P;
  if (op.kind === 'mmap') return m.ms.doMmap(mm, addr, len, op.prot, ANON | MAP_FIXED, -1, 0, t);
  if (op.kind === 'munmap') return m.ms.doMunmap(mm, addr, len, t);
  return m.ms.mprotect(mm, addr, len, op.prot, t);
}

describe('invariants (fast-check)', () => {
  it('VMAs never overlap, stay sorted, map_count equals the tree size, and pages keep the rights a model gives them', () => {
    fc.assert(
      fc.property(fc.array(opArb, { maxLength: 40 }), (ops) => {
        const m = machine({ memoryMiB: 16 });
        const { mm } = spawn(m);
        const model = new Map<number, number>(); // page -> prot
        for (const op of ops) {
          const r = apply(m, mm, op);
          const n = Math.min(op.pages, WINDOW_PAGES - op.page);
          if (op.kind === 'mmap') {
            expect(r).toBe(WINDOW + op.page * P);
            for (let i = 0; i < n; i++) model.set(op.page + i, op.prot);
          } else if (op.kind === 'munmap') {
            expect(r).toBe(0);
            for (let i = 0; i < n; i++) model.delete(op.page + i);
          } else {
            let i = 0;
            if (!model.has(op.page)) expect(r).toBe(-ENOMEM);
            else {
              for (; i < n && model.has(op.page + i); i++) model.set(op.page + i, op.prot);
              expect(r).toBe(i === n ? 0 : -ENOMEM);
            }
          }
          checkMm(mm);
        }
        for (let pg = 0; pg < WINDOW_PAGES; pg++) {
          const v = m.ms.findVma(mm, WINDOW + pg * P);
          const inside = !!v && v.vmStart <= WINDOW + pg * P;
          expect(inside).toBe(model.has(pg));
          if (inside) expect(v!.vmFlags & 7).toBe(model.get(pg) === RW ? 3 : model.get(pg) === (PROT_READ | PROT_EXEC) ? 5 : model.get(pg));
        }
        // Untouched anonymous memory: no two adjacent VMAs have the same flags (they would have merged).
        for (let v = mm.mmap; v && v.vmNext; v = v.vmNext) {
          if (v.vmStart >= WINDOW && v.vmNext.vmStart === v.vmEnd && v.vmEnd <= WINDOW + WINDOW_PAGES * P) {
            expect(v.vmFlags === v.vmNext.vmFlags).toBe(false);
          }
        }
      }),
      { numRuns: 150 },
    );
  });

  it('after random mprotects of a touched region, mprotect back merges it into one VMA', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 15 }), fc.integer({ min: 1, max: 6 }), fc.constantFrom(PROT_NONE, PROT_READ, PROT_READ | PROT_EXEC)), { maxLength: 20 }),
        (ops) => {
          const m = machine({ memoryMiB: 16 });
          const { mm, t } = spawn(m);
          const a = m.ms.doMmap(mm, WINDOW, 16 * P, RW, ANON | MAP_FIXED, -1, 0, t);
          for (let i = 0; i < 16; i++) m.ms.cpu(0).store8(a + i * P, i);
          for (const [pg, n, prot] of ops) {
            expect(m.ms.mprotect(mm, a + pg * P, Math.min(n, 16 - pg) * P, prot, t)).toBe(0);
            checkMm(mm);
          }
          expect(m.ms.mprotect(mm, a, 16 * P, RW, t)).toBe(0);
          expect(vmaCount(mm, a, a + 16 * P)).toBe(1);
          for (let i = 0; i < 16; i++) expect(m.ms.cpu(0).load8u(a + i * P)).toBe(i);
        },
      ),
      { numRuns: 150 },
    );
  });
});

describe('get_unmapped_area (fast-check)', () => {
  /** The highest gap of len bytes below mmap_base, found the slow way. */
  function bruteTopdown(mm: MmStruct, len: number): number {
    const vmas = mm.vmas();
    for (let i = vmas.length; i >= 0; i--) {
      const prevEnd = i > 0 ? vmas[i - 1].vmEnd : 0;
      const next = vmas[i];
      const startGap = next ? (next.vmFlags & 0x100 ? next.vmStart - 0x100000 : next.vmStart) : Infinity;
      const gapEnd = Math.min(startGap, mm.mmapBase);
      if (gapEnd - prevEnd >= len && gapEnd - len >= P) return gapEnd - len;
    }
    return -ENOMEM;
  }

  it('always picks the highest free gap below mmap_base, whatever holes munmap punched', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.boolean(), fc.integer({ min: 1, max: 40 }), fc.nat()), { minLength: 1, maxLength: 80 }),
        (ops) => {
          const m = machine({ memoryMiB: 16 });
          const { mm, t } = spawn(m);
          const mine: number[] = [];
          for (const [map, pages, pick] of ops) {
            if (map || mine.length === 0) {
              const expected = bruteTopdown(mm, pages * P);
              const got = m.ms.doMmap(mm, 0, pages * P, mine.length % 2 ? PROT_READ : RW, ANON, -1, 0, t);
              expect(got).toBe(expected);
              mine.push(got);
            } else {
              const a = mine.splice(pick % mine.length, 1)[0];
              const v = m.ms.findVma(mm, a);
              if (!v || v.vmStart > a) continue; // already gone with an earlier munmap
              // unmap a random part of what is mapped there (may punch a hole in a merged VMA)
              const len = Math.min(v.vmEnd - a, ((pick % 7) + 1) * P);
              expect(m.ms.doMunmap(mm, a, len, t)).toBe(0);
            }
            checkMm(mm);
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});
