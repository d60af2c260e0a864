// The per-CPU TLB: hits and misses, flushes on mprotect/munmap/exit and on
// CR3 switches, shootdowns only to the CPUs in mm_cpumask, the dirty-bit
// assist, replacement, and spurious faults on stale entries.
import { describe, expect, it } from 'vitest';
import { MAP_ANONYMOUS, MAP_FIXED, MAP_PRIVATE, PROT_READ, PROT_WRITE } from '../../../src/kernel/uapi/mman';
import type { MmStruct } from '../../../src/kernel/mm';
import { Tlb } from '../../../src/kernel/mm/tlb';
import { machine, spawn, task } from './helpers';

const ANON = MAP_PRIVATE | MAP_ANONYMOUS;
const RW = PROT_READ | PROT_WRITE;
const P = 4096;

describe('TLB', () => {
  it('misses once, then hits', () => {
    const m = machine();
    const { mm, t } = spawn(m);
    const a = m.ms.doMmap(mm, 0x300000000, 2 * P, RW, ANON | MAP_FIXED, -1, 0, t);
    const cpu = m.ms.cpu(0);
    cpu.store32(a, 1); // fault, then walk
    const s0 = m.ms.tlbStats(0);
    cpu.load32(a + 4);
    cpu.load32(a + 8);
    const s1 = m.ms.tlbStats(0);
    expect(s1.hits - s0.hits).toBe(2);
    expect(s1.misses - s0.misses).toBe(0);
    cpu.load32(a + P); // another page: a miss
    expect(m.ms.tlbStats(0).misses - s1.misses).toBe(1);
  });

  it('is flushed by mprotect (the next access misses and sees the new rights)', () => {
    const m = machine();
    const { mm, t } = spawn(m);
    m.ms.thisCpu = 0;
    const a = m.ms.doMmap(mm, 0x300000000, P, RW, ANON | MAP_FIXED, -1, 0, t);
    const cpu = m.ms.cpu(0);
    cpu.store32(a, 1);
    const seq = m.events.seq;
    m.ms.mprotect(mm, a, P, PROT_READ, t);
    expect(m.events.since(seq).filter((e) => e.type === 'tlb-flush')).toEqual([
      expect.objectContaining({ cpu: 0, scope: 'range', start: a, end: a + P, shootdown: false }),
    ]);
    const s0 = m.ms.tlbStats(0);
    expect(cpu.load32(a)).toBe(1);
    expect(m.ms.tlbStats(0).misses - s0.misses).toBe(1);
    expect(() => cpu.store32(a, 2)).toThrow();
  });

  it('shoots down only the other CPUs in mm_cpumask', () => {
    const m = machine({ cpus: 4 });
    const { mm, t } = spawn(m, 100, undefined, 0);
    const thread = task(101);
    m.ms.mmget(mm);
    m.ms.cpu(1).switchMm(mm, thread); // a second thread on CPU 1
    spawn(m, 200, undefined, 2); // another process on CPU 2; CPU 3 idle
    expect(Array.from(mm.cpumask)).toEqual([1, 1, 0, 0]);
    const a = m.ms.doMmap(mm, 0x300000000, P, RW, ANON | MAP_FIXED, -1, 0, t);
    m.ms.cpu(0).store32(a, 1);
    m.ms.cpu(1).load32(a);
    const before = [0, 1, 2, 3].map((c) => m.ms.tlbStats(c));
    m.ms.thisCpu = 0;
    const seq = m.events.seq;
    m.ms.doMunmap(mm, a, P, t);
    const flushes = m.events.since(seq).filter((e) => e.type === 'tlb-flush');
    expect(flushes).toEqual([
      expect.objectContaining({ cpu: 0, shootdown: false }),
      expect.objectContaining({ cpu: 1, shootdown: true }),
    ]);
    const after = [0, 1, 2, 3].map((c) => m.ms.tlbStats(c));
    expect(after.map((s, i) => s.shootdowns - before[i].shootdowns)).toEqual([0, 1, 0, 0]);
    expect(after.map((s, i) => s.flushes - before[i].flushes)).toEqual([1, 1, 0, 0]);
    expect(() => m.ms.cpu(1).load32(a)).toThrow(); // no stale translation survived on CPU 1
  });

  it('when the kernel does not say which CPU it runs on, the CPU of the calling task flushes locally', () => {
    const m = machine({ cpus: 2 });
    const { mm, t } = spawn(m, 100, undefined, 1);
    expect(m.ms.thisCpu).toBe(-1);
    const a = m.ms.doMmap(mm, 0x300000000, P, RW, ANON | MAP_FIXED, -1, 0, t);
    m.ms.cpu(1).store8(a, 1);
    const seq = m.events.seq;
    m.ms.doMunmap(mm, a, P, t);
    expect(m.events.since(seq).filter((e) => e.type === 'tlb-flush')).toEqual([expect.objectContaining({ cpu: 1, shootdown: false })]);
    expect(m.ms.thisCpu).toBe(-1);
  });

  it('a kernel thread keeps the mm loaded (lazy TLB): the CPU stays in mm_cpumask and still gets shootdowns', () => {
    const m = machine({ cpus: 2 });
    const { mm, t, layout } = spawn(m, 100, undefined, 1);
    const page = Math.floor(layout.sp / P) * P;
    m.ms.cpu(1).load32(layout.sp);
    m.ms.mmgrab(mm); // the task sleeps; a kthread on CPU 1 borrows its mm as active_mm (no switchMm)
    m.ms.thisCpu = 0;
    const seq = m.events.seq;
    m.ms.mprotect(mm, page, P, PROT_READ, t);
    expect(m.events.since(seq).filter((e) => e.type === 'tlb-flush')).toEqual([expect.objectContaining({ cpu: 1, shootdown: true })]);
    // Switching CPU 1 to another mm takes it out of the mask.
    const other = spawn(m, 200, undefined, 1);
    expect(mm.cpumask[1]).toBe(0);
    expect(other.mm.cpumask[1]).toBe(1);
  });

  it('switch_mm to another mm flushes the whole TLB (no PCID); to the same mm it does not', () => {
    const m = machine({ cpus: 1 });
    const a = spawn(m, 100);
    const b = spawn(m, 200);
    const cpu = m.ms.cpu(0);
    cpu.switchMm(a.mm, a.t);
    cpu.load8(a.layout.sp);
    expect(m.ms.tlbStats(0).valid).toBe(1);
    const f0 = m.ms.tlbStats(0).flushes;
    cpu.switchMm(a.mm, task(101)); // another thread of the same process
    expect(m.ms.tlbStats(0).flushes).toBe(f0);
    expect(m.ms.tlbStats(0).valid).toBe(1);
    cpu.switchMm(b.mm, b.t);
    expect(m.ms.tlbStats(0).flushes).toBe(f0 + 1);
    expect(m.ms.tlbStats(0).valid).toBe(0);
  });

  it('a write to a clean cached page sets the dirty bit (page-walk assist) without a fault', () => {
    const m = machine();
    const { mm, t } = spawn(m);
    const s = m.ms.doMmap(mm, 0, P, RW, MAP_ANONYMOUS | 0x01, -1, 0, t); // MAP_SHARED: writable PTEs
    const cpu = m.ms.cpu(0);
    cpu.load32(s); // maps the shmem page RW, clean
    expect(m.ms.translate(mm, s, 'r').pteBits).toBe('P RW U A NX');
    const f0 = t.minFlt;
    const s0 = m.ms.tlbStats(0);
    cpu.store32(s, 1);
    expect(t.minFlt).toBe(f0);
    expect(m.ms.tlbStats(0).hits - s0.hits).toBe(1);
    expect(m.ms.translate(mm, s, 'r').pteBits).toBe('P RW U A D NX');
  });

  it('a stale read-only entry takes a spurious fault after another CPU made the page writable', () => {
    const m = machine({ cpus: 2 });
    const { mm, t } = spawn(m, 100, undefined, 0);
    const t2 = task(101);
    m.ms.mmget(mm);
    m.ms.cpu(1).switchMm(mm, t2);
    const a = m.ms.doMmap(mm, 0x300000000, P, RW, ANON | MAP_FIXED, -1, 0, t);
    m.ms.cpu(0).store32(a, 1);
    const child = m.ms.dupMm(mm, task(300)) as MmStruct; // write-protects a
    m.ms.mmput(child); // the child exits: the frame is ours alone again
    m.ms.cpu(0).load32(a);
    m.ms.cpu(1).load32(a); // both CPUs cache the read-only translation
    m.ms.cpu(0).store32(a, 2); // CPU 0: COW reuse, PTE writable; no flush needed
    const seq = m.events.seq;
    m.ms.cpu(1).store32(a, 3); // CPU 1 still has the read-only entry
    expect(m.events.since(seq).filter((e) => e.type === 'pagefault')).toEqual([expect.objectContaining({ kind: 'spurious', cpu: 1, pid: 101 })]);
    expect(m.ms.cpu(0).load32(a)).toBe(3);
  });

  it('a COW copy in one thread shoots down the other CPUs running the mm', () => {
    const m = machine({ cpus: 2 });
    const { mm, t } = spawn(m, 100, undefined, 0);
    m.ms.mmget(mm);
    m.ms.cpu(1).switchMm(mm, task(101));
    const a = m.ms.doMmap(mm, 0x300000000, P, RW, ANON | MAP_FIXED, -1, 0, t);
    m.ms.cpu(0).store32(a, 1);
    const child = m.ms.dupMm(mm, task(300)) as MmStruct;
    void child;
    m.ms.cpu(1).load32(a);
    const seq = m.events.seq;
    m.ms.cpu(0).store32(a, 2); // shared with the child: copy, then flush everywhere
    const fl = m.events.since(seq).filter((e) => e.type === 'tlb-flush');
    expect(fl).toEqual([expect.objectContaining({ cpu: 0, shootdown: false }), expect.objectContaining({ cpu: 1, shootdown: true })]);
    expect(m.ms.cpu(1).load32(a)).toBe(2);
  });

  it('replaces the least recently used way', () => {
    const tlb = new Tlb(4); // one set of 4 ways
    expect(tlb.ways).toBe(4);
    for (let v = 0; v < 4; v++) tlb.fill(v, 100 + v, 0);
    tlb.lookup(0); // 0 recently used; 1 is now the LRU
    tlb.fill(9, 109, 0);
    expect(tlb.lookup(1)).toBe(-1);
    expect(tlb.lookup(0)).toBeGreaterThanOrEqual(0);
    expect(tlb.lookup(9)).toBeGreaterThanOrEqual(0);
    const big = new Tlb(64);
    expect([big.ways, big.setMask + 1]).toEqual([4, 16]);
    const odd = new Tlb(12);
    expect(odd.ways).toBe(12); // fully associative
    odd.fill(5, 1, 0);
    odd.flushRange(0, 10);
    expect(odd.valid()).toBe(0);
  });

  it('traced mms emit one walk event per translation, with the four levels on a miss', () => {
    const m = machine();
    const { mm, t } = spawn(m);
    const a = m.ms.doMmap(mm, 0x300000000, P, RW, ANON | MAP_FIXED, -1, 0, t);
    m.ms.traced.add(mm);
    const seq = m.events.seq;
    m.ms.cpu(0).store32(a, 5);
    m.ms.cpu(0).load32(a);
    const walks = m.events.since(seq).filter((e) => e.type === 'walk');
    expect(walks).toHaveLength(2);
    expect(walks[0]).toMatchObject({ tlb: 'miss', fault: 'demand-zero', access: 'w' });
    expect(walks[0].type === 'walk' && walks[0].steps.map((s) => s.level)).toEqual(['PGD', 'PUD', 'PMD', 'PTE']);
    expect(walks[1]).toMatchObject({ tlb: 'hit', fault: '', phys: m.ms.translate(mm, a, 'r').phys });
    m.ms.traced.delete(mm);
    const seq2 = m.events.seq;
    m.ms.cpu(0).load32(a);
    expect(m.events.since(seq2)).toHaveLength(0);
  });
});
