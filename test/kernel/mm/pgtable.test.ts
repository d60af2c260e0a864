// x86-64 4-level paging: the index bit ranges of the Intel SDM (vol. 3,
// 4.5: PML4 47:39, PDPT 38:30, PD 29:21, PT 20:12), entries and their bits,
// and page tables counted in VmPTE and freed with the mappings.
import { describe, expect, it } from 'vitest';
import { MAP_ANONYMOUS, MAP_FIXED, MAP_PRIVATE, PROT_READ, PROT_WRITE } from '../../../src/kernel/uapi/mman';
import { countTables, entryHi, entryHex, entryLo, entryPfn, pageIndices, pteBitsString } from '../../../src/kernel/mm/pgtable';
import { machine, spawn } from './helpers';

const ANON = MAP_PRIVATE | MAP_ANONYMOUS;
const RW = PROT_READ | PROT_WRITE;

/** The indices straight from the bit ranges, with BigInt. */
function sdm(addr: bigint): number[] {
  const bits = (hi: number, lo: number) => Number((addr >> BigInt(lo)) & ((1n << BigInt(hi - lo + 1)) - 1n));
  return [bits(47, 39), bits(38, 30), bits(29, 21), bits(20, 12)];
}

describe('page-table indices', () => {
  it('match the Intel SDM bit ranges for a list of addresses', () => {
    const addrs = [0x0n, 0x1000n, 0x555555554000n, 0x555555558abcn, 0x7ffff7dd2000n, 0x7ffffffde123n, 0x7fffffffefffn, 0x400000000n, 0x8000001000n, 0x40201000n, 0x7fffffffffffn, 0x123456789abcn];
    for (const a of addrs) expect(pageIndices(Number(a))).toEqual(sdm(a));
  });

  it('match for random canonical user addresses', () => {
    let x = 12345n;
    for (let i = 0; i < 1000; i++) {
      x = (x * 6364136223846793005n + 1442695040888963407n) & ((1n << 64n) - 1n);
      const a = x & ((1n << 47n) - 1n);
      expect(pageIndices(Number(a))).toEqual(sdm(a));
    }
  });

  it('the walk uses them: each level is read at its index, and the PTE maps the frame', () => {
    const m = machine();
    const { mm, t } = spawn(m);
    const a = m.ms.doMmap(mm, 0x123456789000, 4096, RW, ANON | MAP_FIXED, -1, 0, t);
    m.ms.cpu(0).store32(a + 0xabc, 1);
    const r = m.ms.translate(mm, a + 0xabc, 'r');
    expect(r.steps.map((s) => s.index)).toEqual(sdm(BigInt(a + 0xabc)));
    expect(r.steps.map((s) => s.level)).toEqual(['PGD', 'PUD', 'PMD', 'PTE']);
    expect(r.steps[0].table).toBe(mm.pgd * 4096);
    // Each level's entry points at the next table.
    for (let i = 0; i < 3; i++) {
      const e = BigInt(r.steps[i].entry);
      expect(Number(e & 0xffffffffff000n)).toBe(r.steps[i + 1].table);
      expect(Number(e & 0xfffn)).toBe(0x067); // present, RW, user, accessed, dirty
    }
    expect(r.phys).toBe(r.frame * 4096 + 0xabc);
    expect(r.pteBits).toBe('P RW U A D NX');
    expect(r.pte!.startsWith('0x8000000000')).toBe(true); // NX is bit 63
  });
});

describe('entries', () => {
  it('encode a frame number in bits 12-51 and NX in bit 63', () => {
    for (const pfn of [0, 1, 0xfffff, 0x100000, 0x12345678]) {
      const lo = entryLo(pfn, 0x25);
      const hi = entryHi(pfn, 0x80000000);
      expect(entryPfn(lo, hi)).toBe(pfn);
      expect(BigInt(entryHex(lo, hi))).toBe((1n << 63n) | (BigInt(pfn) << 12n) | 0x25n);
      expect(pteBitsString(lo, hi)).toBe('P U A NX');
    }
  });
});

describe('page tables as frames', () => {
  it('are counted in VmPTE (not the PGD) and freed when the mappings go', () => {
    const m = machine();
    const { mm, t } = spawn(m);
    const base = mm.pgtablesBytes;
    expect(base).toBe(countTables(m.ms.phys, mm.pgd) * 4096);
    // A mapping in a new 512 GiB region needs a PUD, a PMD and a PTE table.
    const a = m.ms.doMmap(mm, 0x100000000000, 3 * 4096, RW, ANON | MAP_FIXED, -1, 0, t);
    expect(mm.pgtablesBytes).toBe(base); // tables come with the first fault, not with mmap
    m.ms.cpu(0).store8(a, 1);
    expect(mm.pgtablesBytes).toBe(base + 3 * 4096);
    expect(m.ms.statusVm(mm)).toContain(`VmPTE:\t${String((base + 3 * 4096) / 1024).padStart(8)} kB`);
    m.ms.doMunmap(mm, a, 3 * 4096, t);
    expect(mm.pgtablesBytes).toBe(base);
    expect(countTables(m.ms.phys, mm.pgd) * 4096).toBe(base);
  });

  it('a PTE table shared with a neighbouring VMA stays when one of them goes', () => {
    const m = machine();
    const { mm, t } = spawn(m);
    const a = m.ms.doMmap(mm, 0x100000000000, 4096, RW, ANON | MAP_FIXED, -1, 0, t);
    const b = m.ms.doMmap(mm, 0x100000002000, 4096, PROT_READ, ANON | MAP_FIXED, -1, 0, t);
    m.ms.cpu(0).store8(a, 1);
    m.ms.cpu(0).load8(b);
    const with2 = mm.pgtablesBytes;
    m.ms.doMunmap(mm, b, 4096, t);
    expect(mm.pgtablesBytes).toBe(with2);
    expect(m.ms.cpu(0).load8(a)).toBe(1);
    m.ms.doMunmap(mm, a, 4096, t);
    expect(mm.pgtablesBytes).toBe(with2 - 3 * 4096);
  });
});
