// The `translate` console command: a side-effect-free walk that says what
// an access would do.
import { describe, expect, it } from 'vitest';
import { MADV_DONTNEED, MAP_ANONYMOUS, MAP_FIXED, MAP_PRIVATE, PROT_NONE, PROT_READ, PROT_WRITE } from '../../../src/kernel/uapi/mman';
import type { MmStruct } from '../../../src/kernel/mm';
import { machine, spawn, task } from './helpers';

const ANON = MAP_PRIVATE | MAP_ANONYMOUS;
const RW = PROT_READ | PROT_WRITE;

describe('translate', () => {
  it('reports every outcome the fault handler would reach, without changing anything', () => {
    const m = machine();
    const { mm, t, layout } = spawn(m);
    const a = m.ms.doMmap(mm, 0x300000000, 2 * 4096, RW, ANON | MAP_FIXED, -1, 0, t);
    const tr = (addr: number, acc: 'r' | 'w' | 'x') => m.ms.translate(mm, addr, acc);
    const snapshot = JSON.stringify(m.ms.json(mm));
    const events = m.events.seq;
    expect(tr(0x1000, 'r')).toMatchObject({ fault: 'maperr', outcome: 'no VMA covers 0x1000: SIGSEGV (SEGV_MAPERR)' });
    expect(tr(a, 'r')).toMatchObject({ fault: 'zero-page', outcome: 'PGD entry not present: a read would map the zero page' }); // nothing mapped in this 512 GiB yet
    expect(tr(a, 'w').outcome).toBe('PGD entry not present: a write would allocate a zeroed frame (demand-zero)');
    expect(tr(layout.image.rodataBase, 'w').outcome).toMatch(/^VMA 555555556000-555555557000 is r--p: write → SIGSEGV \(SEGV_ACCERR\)$/);
    // ld.so relocated .data and ran main's page before main (exec's start-up footprint): both are mapped already.
    expect(tr(layout.image.dataBase, 'w')).toMatchObject({ ok: true });
    expect(tr(layout.image.textBase, 'x')).toMatchObject({ ok: true });
    expect(tr(layout.image.rodataBase, 'r').outcome).toBe('PTE not present: a read would map page 2 of /home/student/process from the page cache');
    expect(tr(a, 'x').outcome).toBe('VMA 300000000-300002000 is rw-p (no VM_EXEC): the page would be mapped NX, then the fetch faults: SIGSEGV (SEGV_ACCERR)');
    expect(tr(0x900000000000, 'r')).toMatchObject({ canonical: false, outcome: '0x900000000000 is not canonical (bits 63-47 must be equal): #GP, SIGSEGV (si_code SI_KERNEL, si_addr 0)' });
    expect(tr(-0x100000000, 'r').outcome).toBe('0xffffffff00000000 is a kernel address: a user read faults, SIGSEGV (SEGV_MAPERR)');
    const stack = m.ms.findVma(mm, layout.sp)!;
    expect(tr(stack.vmStart - 4096, 'w')).toMatchObject({ fault: 'stack-grow' });
    expect(tr(stack.vmEnd - 9 * 1024 * 1024, 'w').outcome).toMatch(/beyond RLIMIT_STACK: SIGSEGV \(SEGV_MAPERR\)$/);
    // Nothing changed.
    expect(JSON.stringify(m.ms.json(mm))).toBe(snapshot);
    expect(m.events.seq).toBe(events);
    // MADV_DONTNEED drops .data's private copy: a write copies the file page again.
    expect(m.ms.madvise(mm, layout.image.dataBase, 4096, MADV_DONTNEED, t)).toBe(0);
    expect(tr(layout.image.dataBase, 'w').outcome).toBe('PTE not present: a write would copy page 3 of /home/student/process from the page cache (COW)');
  });

  it('describes COW, reuse, the zero page and PROT_NONE', () => {
    const m = machine();
    const { mm, t } = spawn(m);
    const a = m.ms.doMmap(mm, 0x300000000, 3 * 4096, RW, ANON | MAP_FIXED, -1, 0, t);
    const cpu = m.ms.cpu(0);
    cpu.store8(a, 1);
    cpu.load8(a + 4096);
    cpu.store8(a + 8192, 1);
    const child = m.ms.dupMm(mm, task(2)) as MmStruct;
    expect(m.ms.translate(mm, a, 'w').outcome).toBe('PTE write-protected, frame shared by 2: a write would copy (COW)');
    expect(m.ms.translate(mm, a + 4096, 'w').outcome).toBe('PTE maps the zero page, read-only: a write would allocate a new zeroed frame (demand-zero)');
    m.ms.mmput(child);
    const r = m.ms.translate(mm, a, 'w');
    expect(r.outcome).toBe('PTE write-protected, frame used by this PTE only: a write would reuse it (COW reuse)');
    expect(m.ms.translate(mm, a, 'r')).toMatchObject({ ok: true, phys: r.frame * 4096 });
    m.ms.mprotect(mm, a + 8192, 4096, PROT_NONE, t);
    expect(m.ms.translate(mm, a + 8192, 'r').outcome).toBe('VMA 300002000-300003000 is ---p: read → SIGSEGV (SEGV_ACCERR)');
    const text = m.ms.formatTranslate(m.ms.translate(mm, a + 5, 'r'));
    expect(text.split('\n')).toEqual([
      '0x0000000300000005 (read)',
      '  indices: PGD 0  PUD 12  PMD 0  PTE 0  offset 0x005',
      expect.stringMatching(/^ {2}PGD\[ {2}0\] @ 0x000[0-9a-f]{6} = 0x0000000000[0-9a-f]{3}067$/),
      expect.stringMatching(/^ {2}PUD\[ 12\] @ 0x000[0-9a-f]{6} = 0x0000000000[0-9a-f]{3}067$/),
      expect.stringMatching(/^ {2}PMD\[ {2}0\] @ 0x000[0-9a-f]{6} = 0x0000000000[0-9a-f]{3}067$/),
      expect.stringMatching(/^ {2}PTE\[ {2}0\] @ 0x000[0-9a-f]{6} = 0x8000000000[0-9a-f]{3}065$/), // write-protected by fork, still dirty
      `  PTE bits: P U A D NX; frame 0x${r.frame.toString(16)} (refcount 1, mapcount 1)`,
      '  300000000-300002000 rw-p 00000000 00:00 0',
      `  frame 0x${r.frame.toString(16)} + offset 0x5 = physical 0x${(r.frame * 4096 + 5).toString(16)}`,
    ]);
  });
});
