// fork and copy-on-write: dup_mm copies PTEs, not pages; the first write
// of either side copies a shared page, and the last user reuses it.
// Counts as measured on the reference machine (getrusage ru_minflt):
// child: 10 reads 0 faults, 10 writes 10 faults; parent after the child
// exited: 10 writes 10 faults (reuse, nothing copied).
import { describe, expect, it } from 'vitest';
import { EFAULT } from '../../../src/kernel/uapi/errno';
import { MADV_DONTFORK, MADV_DONTNEED, MAP_ANONYMOUS, MAP_FIXED, MAP_PRIVATE, PROT_READ, PROT_WRITE } from '../../../src/kernel/uapi/mman';
import type { MmStruct } from '../../../src/kernel/mm';
import { _PAGE_RW } from '../../../src/kernel/mm/pgtable';
import { checkMm } from '../../../src/kernel/mm/vma';
import { STARTUP_ANON_KB, machine, makeProgram, spawn, statusKb, task } from './helpers';

const ANON = MAP_PRIVATE | MAP_ANONYMOUS;
const RW = PROT_READ | PROT_WRITE;
const P = 4096;

function forked() {
  const m = machine({ cpus: 4 });
  const parent = spawn(m, 100);
  const z = m.ms.doMmap(parent.mm, 0, 10 * P, RW, ANON, -1, 0, parent.t);
  for (let i = 0; i < 10; i++) m.ms.cpu(0).store8(z + i * P, 5);
  const ct = task(101);
  const child = m.ms.dupMm(parent.mm, ct) as MmStruct;
  expect(typeof child).toBe('object');
  m.ms.cpu(1).switchMm(child, ct);
  return { m, parent, child, ct, z };
}

function cowEvents(m: ReturnType<typeof machine>, from: number) {
  return m.events.since(from).filter((e) => e.type === 'cow') as { type: 'cow'; copied: boolean; pid: number }[];
}

describe('fork (dup_mm)', () => {
  it('copies VMAs and PTEs, write-protecting private writable pages in parent and child', () => {
    const { m, parent, child, z } = forked();
    checkMm(child);
    expect(m.ms.procMaps(child)).toBe(m.ms.procMaps(parent.mm));
    expect(child.mmUsers).toBe(1);
    expect(child.mmCount).toBe(1);
    const p = m.ms.translate(parent.mm, z, 'w');
    const c = m.ms.translate(child, z, 'w');
    expect(p.frame).toBe(c.frame);
    expect(p.refcount).toBe(2);
    expect(p.mapcount).toBe(2);
    expect(parseInt(p.pte!.slice(-8), 16) & _PAGE_RW).toBe(0);
    expect(parseInt(c.pte!.slice(-8), 16) & _PAGE_RW).toBe(0);
    expect(p.fault).toBe('cow-copy');
    expect(p.outcome).toBe('PTE write-protected, frame shared by 2: a write would copy (COW)');
    // The parent's TLB was flushed on its CPU.
    const flush = m.events.since(0).filter((e) => e.type === 'tlb-flush' && e.cpu === 0 && e.scope === 'all').pop();
    expect(flush).toBeDefined();
    // Every anonymous page is shared: the 10 pages and what ld.so wrote before main.
    expect(statusKb(m, child, 'RssAnon')).toBe(40 + STARTUP_ANON_KB);
    expect(statusKb(m, parent.mm, 'RssAnon')).toBe(40 + STARTUP_ANON_KB);
    // File pages are not copied (vma_needs_copy): the child faults them in again.
    expect(statusKb(m, child, 'RssFile')).toBe(0);
  });

  it('reads after fork copy nothing; the child writing N pages costs N copies and the parent keeps its values', () => {
    const { m, parent, ct, z } = forked();
    const seq = m.events.seq;
    const cpu1 = m.ms.cpu(1);
    let f0 = ct.minFlt;
    for (let i = 0; i < 10; i++) expect(cpu1.load8(z + i * P)).toBe(5);
    expect(ct.minFlt - f0).toBe(0);
    f0 = ct.minFlt;
    for (let i = 0; i < 10; i++) cpu1.store8(z + i * P, 6);
    expect(ct.minFlt - f0).toBe(10);
    const cows = cowEvents(m, seq);
    expect(cows).toHaveLength(10);
    expect(cows.every((e) => e.copied && e.pid === 101)).toBe(true);
    for (let i = 0; i < 10; i++) expect(m.ms.cpu(0).load8(z + i * P)).toBe(5);
    for (let i = 0; i < 10; i++) expect(cpu1.load8(z + i * P)).toBe(6);
    void parent;
  });

  it('the last writer reuses its page instead of copying', () => {
    const { m, parent, z } = forked();
    m.ms.cpu(1).store8(z, 6); // child copies
    const seq = m.events.seq;
    const f0 = parent.t.minFlt;
    m.ms.cpu(0).store8(z, 7); // the parent is now the frame's only user
    expect(parent.t.minFlt - f0).toBe(1);
    expect(cowEvents(m, seq)).toEqual([expect.objectContaining({ copied: false, pid: 100 })]);
    expect(m.events.since(seq).find((e) => e.type === 'pagefault')).toMatchObject({ kind: 'cow-reuse' });
  });

  it('after the child exits, the parent takes 10 reuse faults for 10 writes (as measured)', () => {
    const { m, parent, child, z } = forked();
    const freeBefore = m.ms.meminfo().freePages;
    m.ms.mmput(child);
    expect(child.dead).toBe(true);
    expect(m.ms.meminfo().freePages).toBeGreaterThan(freeBefore); // its page tables and PGD
    const seq = m.events.seq;
    const f0 = parent.t.minFlt;
    for (let i = 0; i < 10; i++) m.ms.cpu(0).store8(z + i * P, 7);
    expect(parent.t.minFlt - f0).toBe(10);
    expect(cowEvents(m, seq).every((e) => !e.copied)).toBe(true);
  });

  it('file-backed VMAs without anonymous pages are not copied: the child faults them in from the page cache', () => {
    const { m, parent, child } = forked();
    const text = parent.layout.image.textBase;
    m.ms.cpu(0).fetch(text);
    const pf = m.ms.translate(parent.mm, text, 'x').frame;
    const c = m.ms.translate(child, text, 'x');
    expect(c.frame).toBe(-1); // not present in the child
    m.ms.cpu(1).fetch(text);
    expect(m.ms.translate(child, text, 'x').frame).toBe(pf); // the same page-cache frame
    expect(m.events.since(0).filter((e) => e.type === 'pagefault' && e.pid === 101).pop()).toMatchObject({ kind: 'file' });
  });

  it('VM_DONTCOPY (madvise MADV_DONTFORK) areas are left out of the child', () => {
    const m = machine();
    const { mm, t } = spawn(m);
    const a = m.ms.doMmap(mm, 0x300000000, 4 * P, RW, ANON | MAP_FIXED, -1, 0, t);
    expect(m.ms.madvise(mm, a + P, P, MADV_DONTFORK, t)).toBe(0);
    const child = m.ms.dupMm(mm, task(7)) as MmStruct;
    expect(m.ms.findVma(child, a + P)!.vmStart).toBe(a + 2 * P);
    expect(child.totalVm).toBe(mm.totalVm - 1);
    checkMm(child);
  });

  it('private file pages (.data) COW from the page cache, and every process of a program shares its text', () => {
    const m = machine();
    const prog = makeProgram();
    const a = spawn(m, 100, prog, 0);
    const b = spawn(m, 200, prog, 1);
    m.ms.cpu(0).fetch(a.layout.image.textBase);
    m.ms.cpu(1).fetch(b.layout.image.textBase);
    expect(m.ms.translate(a.mm, a.layout.image.textBase, 'x').frame).toBe(m.ms.translate(b.mm, b.layout.image.textBase, 'x').frame);
    // ld.so's relocations copied .data's first page before main (quietly, as part of exec).
    const da = m.ms.translate(a.mm, a.layout.image.dataBase, 'r');
    const db = m.ms.translate(b.mm, b.layout.image.dataBase, 'r');
    expect(da.frame).not.toBe(db.frame);
    expect(m.ms.cpu(0).load32(a.layout.image.dataBase)).toBe(42);
    m.ms.cpu(1).store32(b.layout.image.dataBase, 43);
    expect(m.ms.cpu(0).load32(a.layout.image.dataBase)).toBe(42);
    expect(m.ms.cpu(1).load32(b.layout.image.dataBase)).toBe(43);
    expect(m.events.since(0).filter((e) => e.type === 'cow' && e.pid === 200)).toHaveLength(0);
    // Once dropped, the page is copied from the page cache again on the next write.
    expect(m.ms.madvise(b.mm, b.layout.image.dataBase, P, MADV_DONTNEED, task(200))).toBe(0);
    m.ms.cpu(1).store32(b.layout.image.dataBase + 4, 1);
    expect(m.ms.cpu(1).load32(b.layout.image.dataBase)).toBe(42);
    expect(m.events.since(0).filter((e) => e.type === 'cow' && e.pid === 200)).toHaveLength(1);
  });
});

describe('the kernel touching user memory', () => {
  it('putUser breaks COW like a user write; getUser demand-faults; bad addresses give -EFAULT/null, not signals', () => {
    const { m, parent, child, ct, z } = forked();
    const seq = m.events.seq;
    expect(m.ms.putUser(child, z + 8, 4, -2, ct)).toBe(0);
    expect(cowEvents(m, seq)).toEqual([expect.objectContaining({ copied: true, pid: 101 })]);
    expect(m.ms.getUser(child, z + 8, 4, ct)).toBe(-2);
    expect(m.ms.getUser(parent.mm, z + 8, 4, parent.t)).toBe(0);
    expect(m.ms.getUser(child, 0x1000, 4, ct)).toBeNull();
    expect(m.ms.putUser(child, 0x1000, 8, 1, ct)).toBe(-EFAULT);
    expect(m.ms.putUser(child, parent.layout.image.rodataBase, 1, 1, ct)).toBe(-EFAULT); // read-only
    expect(m.ms.getUser(child, -4096, 8, ct)).toBeNull(); // kernel address: access_ok fails
    const fresh = m.ms.doMmap(child, 0x300000000, P, RW, ANON | MAP_FIXED, -1, 0, ct); // MAP_FIXED, nothing around it
    const f0 = ct.minFlt;
    expect(m.ms.getUser(child, fresh, 8, ct)).toBe(0);
    expect(ct.minFlt - f0).toBe(1);
    expect(m.ms.putUser(child, fresh, 8, 2 ** 40 + 5, ct)).toBe(0);
    expect(m.ms.getUser(child, fresh, 8, ct)).toBe(2 ** 40 + 5);
    expect(m.ms.copyToUser(child, fresh + P - 3, new Uint8Array([1, 2, 3, 4]), ct)).toBe(-EFAULT); // runs off the end
    expect(m.ms.copyFromUser(child, fresh + P - 3, 3, ct)).toEqual(new Uint8Array([1, 2, 3]));
    m.ms.copyToUser(child, fresh + 100, new TextEncoder().encode('hello\0'), ct);
    expect(m.ms.strncpyFromUser(child, fresh + 100, 64, ct)).toBe('hello');
    expect(m.ms.strncpyFromUser(child, fresh + 100, 3, ct)).toBe('hel');
  });
});

describe('reference counts', () => {
  it('every frame comes back when the last process exits', () => {
    const m = machine({ cpus: 2 });
    const free0 = m.ms.meminfo().freePages;
    const { m: _m, parent, child, z } = (() => {
      const parent = spawn(m, 100);
      const z = m.ms.doMmap(parent.mm, 0, 10 * P, RW, ANON, -1, 0, parent.t);
      for (let i = 0; i < 10; i++) m.ms.cpu(0).store8(z + i * P, 1);
      const child = m.ms.dupMm(parent.mm, task(101)) as MmStruct;
      m.ms.cpu(1).switchMm(child, task(101));
      m.ms.cpu(1).store8(z, 2);
      m.ms.brk(child, child.brk + 5 * P);
      m.ms.cpu(1).store8(child.startBrk, 1);
      return { m, parent, child, z };
    })();
    void _m;
    void z;
    m.ms.mmput(child);
    m.ms.mmput(parent.mm);
    // Only the page cache (program, libc, ld.so pages read) remains; dropping it frees the rest.
    const cached = free0 - m.ms.meminfo().freePages;
    expect(cached).toBeGreaterThan(200);
    m.ms.files.dropCaches();
    expect(free0 - m.ms.meminfo().freePages).toBeLessThanOrEqual(4);
  });

  it('mm_users and mm_count follow Linux: threads share mm_users; lazy borrowers hold mm_count', () => {
    const m = machine();
    const { mm } = spawn(m);
    m.ms.mmget(mm); // a thread
    m.ms.mmgrab(mm); // a kernel thread borrows it as active_mm
    m.ms.mmput(mm);
    expect([mm.mmUsers, mm.mmCount, mm.dead]).toEqual([1, 2, false]);
    m.ms.mmput(mm); // the last user: exit_mmap
    expect([mm.mmUsers, mm.mmCount, mm.mapCount, mm.dead]).toEqual([0, 1, 0, false]);
    m.ms.mmdrop(mm); // the borrower switches away: the struct goes
    expect(mm.dead).toBe(true);
    expect(() => m.ms.mmdrop(mm)).toThrow();
  });
});

describe('out of memory', () => {
  it('a fault with no free frame kills the task (oom event, SIGKILL); fork fails with -ENOMEM and leaks nothing', () => {
    const m = machine({ memoryMiB: 2 }); // 512 frames, ~280 taken by exec (page cache, start-up pages, tables)
    const { mm, t } = spawn(m);
    // One mapping larger than RAM is refused up front (heuristic overcommit): ask for two smaller ones.
    expect(m.ms.doMmap(mm, 0, 1024 * 4096, RW, ANON, -1, 0, t)).toBe(-12);
    const a = m.ms.doMmap(mm, 0x300000000, 250 * 4096, RW, ANON | MAP_FIXED, -1, 0, t);
    expect(m.ms.doMmap(mm, 0x300000000 + 250 * 4096, 250 * 4096, RW, ANON | MAP_FIXED, -1, 0, t)).toBeGreaterThan(0);
    let i = 0;
    while (m.ms.meminfo().freePages > 3) m.ms.cpu(0).store8(a + i++ * 4096, 1);
    // fork needs page tables for the child: with too few frames left it fails cleanly.
    const before = m.ms.meminfo().freePages;
    expect(m.ms.dupMm(mm, task(2))).toBe(-12);
    expect(m.ms.meminfo().freePages).toBe(before);
    let err: unknown = null;
    try {
      for (; i < 500; i++) m.ms.cpu(0).store8(a + i * 4096, 1);
    } catch (e) {
      err = e;
    }
    expect(err).toMatchObject({ signo: 9 });
    expect(m.events.count('oom')).toBe(1);
  });
});
