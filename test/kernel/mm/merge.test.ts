// When VMAs merge, scenario by scenario, with the VMA counts the reference
// machine's /proc/self/maps gave for the same C program (anon_vma rules of
// Linux 6.x: a VMA may absorb a neighbour without an anon_vma unless the
// side that has one got it through fork).
import { describe, expect, it } from 'vitest';
import { MAP_ANONYMOUS, MAP_FIXED, MAP_PRIVATE, PROT_READ, PROT_WRITE } from '../../../src/kernel/uapi/mman';
import type { MmStruct } from '../../../src/kernel/mm';
import { machine, spawn, task } from './helpers';

const P = 4096;
const X = 0x300000000;
const FIX = MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED;
const RW = PROT_READ | PROT_WRITE;

describe('VMA merging (counts from the reference machine)', () => {
  it('reproduces every scenario', () => {
    const m = machine({ cpus: 2 });
    const { mm, t } = spawn(m);
    const cpu = m.ms.cpu(0);
    const count = (mmx: MmStruct, lo: number, hi: number) => mmx.vmas().filter((v) => v.vmEnd > lo && v.vmStart < hi).length;
    const map = (mmx: MmStruct, a: number, len: number, prot: number) => expect(m.ms.doMmap(mmx, a, len, prot, FIX, -1, 0, mmx.owner!)).toBe(a);

    map(mm, X, 3 * P, RW);
    m.ms.mprotect(mm, X + P, P, PROT_READ, t);
    expect(count(mm, X, X + 3 * P)).toBe(3); // mid RO: 3
    m.ms.mprotect(mm, X + P, P, RW, t);
    expect(count(mm, X, X + 3 * P)).toBe(1); // back: 1
    m.ms.doMunmap(mm, X + P, P, t);
    expect(count(mm, X, X + 3 * P)).toBe(2); // munmap mid: 2
    m.ms.doMunmap(mm, X, 3 * P, t);

    map(mm, X, P, RW);
    cpu.store8(X, 1);
    map(mm, X + P, P, PROT_READ);
    m.ms.mprotect(mm, X + P, P, RW, t);
    expect(count(mm, X, X + 2 * P)).toBe(1); // D1: 1
    m.ms.doMunmap(mm, X, 2 * P, t);

    map(mm, X, P, PROT_READ);
    map(mm, X + P, P, RW);
    cpu.store8(X + P, 1);
    m.ms.mprotect(mm, X, P, RW, t);
    expect(count(mm, X, X + 2 * P)).toBe(1); // D1b: 1
    m.ms.doMunmap(mm, X, 2 * P, t);

    map(mm, X, P, RW);
    cpu.store8(X, 1);
    map(mm, X + P, P, PROT_READ);
    cpu.load8(X + P);
    m.ms.mprotect(mm, X + P, P, RW, t);
    expect(count(mm, X, X + 2 * P)).toBe(1); // D4: 1
    m.ms.doMunmap(mm, X, 2 * P, t);

    map(mm, X, P, RW);
    cpu.store8(X, 1);
    map(mm, X + P, P, PROT_READ);
    m.ms.mprotect(mm, X + P, P, RW, t);
    cpu.store8(X + P, 1);
    m.ms.mprotect(mm, X + P, P, PROT_READ, t);
    expect(count(mm, X, X + 2 * P)).toBe(2); // D5: 2
    m.ms.mprotect(mm, X + P, P, RW, t);
    expect(count(mm, X, X + 2 * P)).toBe(1); // D5 back: 1
    m.ms.doMunmap(mm, X, 2 * P, t);

    // fork
    map(mm, X, P, RW);
    cpu.store8(X, 1);
    map(mm, X + 4 * P, 3 * P, RW);
    cpu.store8(X + 4 * P, 1);
    const ct = task(101);
    const child = m.ms.dupMm(mm, ct) as MmStruct;
    child.owner = ct;
    m.ms.cpu(1).switchMm(child, ct);
    map(child, X + P, P, PROT_READ);
    m.ms.mprotect(child, X + P, P, RW, ct);
    expect(count(child, X, X + 2 * P)).toBe(2); // child D2: 2
    map(child, X + 2 * P, P, RW);
    expect(count(child, X, X + 3 * P)).toBe(2); // child D3: 2
    m.ms.mprotect(child, X + 5 * P, P, PROT_READ, ct);
    m.ms.mprotect(child, X + 5 * P, P, RW, ct);
    expect(count(child, X + 4 * P, X + 7 * P)).toBe(1); // child forked split & back: 1
    m.ms.mmput(child);
    map(mm, X + P, P, PROT_READ);
    m.ms.mprotect(mm, X + P, P, RW, t);
    expect(count(mm, X, X + 2 * P)).toBe(1); // parent after fork D2: 1
  });
});
