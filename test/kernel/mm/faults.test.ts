// Page faults as Linux takes them: SIGSEGV codes and addresses, demand
// paging, the zero page, stack growth, and the minor-fault counts the
// reference machine reports (/proc/self/stat minflt, getrusage ru_minflt).
import { describe, expect, it } from 'vitest';
import { UserFault } from '../../../src/lang/abi';
import { MAP_ANONYMOUS, MAP_FIXED, MAP_GROWSDOWN, MAP_POPULATE, MAP_PRIVATE, PROT_EXEC, PROT_NONE, PROT_READ, PROT_WRITE } from '../../../src/kernel/uapi/mman';
import { SEGV_ACCERR, SEGV_MAPERR, SIGSEGV, SI_KERNEL } from '../../../src/kernel/uapi/signal';
import { ZERO_PFN } from '../../../src/kernel/mm/page_alloc';
import { STACK_RLIMIT } from '../../../src/kernel/param';
import { siginfoString } from '../../../src/kernel/strace';
import { STARTUP_ANON_KB, machine, spawn, statusKb } from './helpers';

const ANON = MAP_PRIVATE | MAP_ANONYMOUS;
const RW = PROT_READ | PROT_WRITE;

/** The UserFault an access throws (fails the test if it does not throw one). */
function faultOf(fn: () => unknown): UserFault {
  try {
    fn();
  } catch (e) {
    if (e instanceof UserFault) return e;
    throw e;
  }
  throw new Error('the access did not fault');
}

describe('SIGSEGV', () => {
  it('a write to a PROT_READ mapping gives SEGV_ACCERR with the faulting address', () => {
    const m = machine();
    const { mm, t } = spawn(m);
    const p = m.ms.doMmap(mm, 0, 4096, PROT_READ, ANON, -1, 0, t);
    const f = faultOf(() => m.ms.cpu(0).store32(p + 8, 1));
    expect([f.signo, f.code, f.addr, f.access]).toEqual([SIGSEGV, SEGV_ACCERR, p + 8, 'w']);
    // Reads are fine: the zero page.
    expect(m.ms.cpu(0).load32(p + 8)).toBe(0);
  });

  it('an unmapped address gives SEGV_MAPERR', () => {
    const m = machine();
    const { t } = spawn(m);
    const m0 = t.minFlt;
    const f = faultOf(() => m.ms.cpu(0).load32(0x1000));
    expect([f.signo, f.code, f.addr]).toEqual([SIGSEGV, SEGV_MAPERR, 0x1000]);
    expect(t.minFlt).toBe(m0); // failed faults are not counted (mm_account_fault)
  });

  it('kernel addresses fault with SEGV_MAPERR at the address; non-canonical ones with SI_KERNEL at 0', () => {
    const m = machine();
    spawn(m);
    // 0xffff888000000000 as a signed 64-bit number
    const kernel = Number(BigInt.asIntN(64, 0xffff888000000000n));
    const f1 = faultOf(() => m.ms.cpu(0).load32(kernel));
    expect([f1.code, f1.addr]).toEqual([SEGV_MAPERR, kernel]);
    const f2 = faultOf(() => m.ms.cpu(0).load32(0x0000900000000000));
    expect([f2.signo, f2.code, f2.addr]).toEqual([SIGSEGV, SI_KERNEL, 0]);
    const f3 = faultOf(() => m.ms.cpu(0).store8(Number(BigInt.asIntN(64, 0xff00000000000000n)), 1));
    expect([f3.code, f3.addr]).toEqual([SI_KERNEL, 0]);
  });

  it('after mprotect to rw the write succeeds and maps shows rw-p', () => {
    const m = machine();
    const { mm, t } = spawn(m);
    const p = m.ms.doMmap(mm, 0, 4096, PROT_READ, ANON, -1, 0, t);
    expect(() => m.ms.cpu(0).store32(p, 7)).toThrow(UserFault);
    expect(m.ms.mprotect(mm, p, 4096, RW, t)).toBe(0);
    m.ms.cpu(0).store32(p, 7);
    expect(m.ms.cpu(0).load32(p)).toBe(7);
    const line = m.ms.procMaps(mm).split('\n').find((l) => l.startsWith(p.toString(16)))!;
    expect(line).toMatch(/^[0-9a-f]+-[0-9a-f]+ rw-p 00000000 00:00 0 $/);
  });

  it('an instruction fetch from a non-exec VMA maps the page, then faults with SEGV_ACCERR', () => {
    const m = machine();
    const { mm, t, layout } = spawn(m);
    m.ms.cpu(0).fetch(layout.image.textBase); // text is r-x
    const p = m.ms.doMmap(mm, 0, 4096, RW, ANON, -1, 0, t);
    const before = t.minFlt;
    const f = faultOf(() => m.ms.cpu(0).fetch(p));
    expect([f.code, f.addr, f.access]).toEqual([SEGV_ACCERR, p, 'x']);
    expect(t.minFlt - before).toBe(1); // x86: not-present fault (mapped NX), then the protection fault
    // An exec mapping runs.
    const x = m.ms.doMmap(mm, 0, 4096, PROT_READ | PROT_EXEC, ANON, -1, 0, t);
    expect(() => m.ms.cpu(0).fetch(x)).not.toThrow();
  });

  it('PROT_NONE forbids every access, and keeps the page for later', () => {
    const m = machine();
    const { mm, t } = spawn(m);
    const p = m.ms.doMmap(mm, 0, 4096, RW, ANON, -1, 0, t);
    m.ms.cpu(0).store32(p, 1234);
    expect(m.ms.mprotect(mm, p, 4096, PROT_NONE, t)).toBe(0);
    expect(faultOf(() => m.ms.cpu(0).load32(p)).code).toBe(SEGV_ACCERR);
    expect(m.ms.procMaps(mm)).toContain(`${p.toString(16)}-${(p + 4096).toString(16)} ---p`);
    expect(m.ms.mprotect(mm, p, 4096, RW, t)).toBe(0);
    expect(m.ms.cpu(0).load32(p)).toBe(1234);
  });
});

describe('demand paging and minor faults (counts measured on the reference machine)', () => {
  it('3 writes to 3 fresh pages: 3 faults; after mprotect RO->RW, 3 more writes: 0 faults', () => {
    const m = machine();
    const { mm, t } = spawn(m);
    const q = m.ms.doMmap(mm, 0, 3 * 4096, RW, ANON, -1, 0, t);
    let m0 = t.minFlt;
    for (let i = 0; i < 3; i++) m.ms.cpu(0).store8(q + i * 4096, 1);
    expect(t.minFlt - m0).toBe(3);
    m.ms.mprotect(mm, q, 3 * 4096, PROT_READ, t);
    m.ms.mprotect(mm, q, 3 * 4096, RW, t);
    m0 = t.minFlt;
    for (let i = 0; i < 3; i++) m.ms.cpu(0).store8(q + i * 4096, 2);
    expect(t.minFlt - m0).toBe(0); // exclusive anonymous pages become writable again at once
  });

  it('MAP_POPULATE of 100 pages takes 100 faults in mmap, none afterwards', () => {
    const m = machine();
    const { mm, t } = spawn(m);
    const m0 = t.minFlt;
    const r = m.ms.doMmap(mm, 0, 100 * 4096, RW, ANON | MAP_POPULATE, -1, 0, t);
    expect(t.minFlt - m0).toBe(100);
    for (let i = 0; i < 100; i++) m.ms.cpu(0).store8(r + i * 4096, 1);
    expect(t.minFlt - m0).toBe(100);
    expect(statusKb(m, mm, 'RssAnon')).toBe(400 + STARTUP_ANON_KB); // and what the start-up wrote
  });

  it('MAP_POPULATE of 100,000 pages allocates frames but no page contents', () => {
    const m = machine({ memoryMiB: 512 });
    const { mm, t } = spawn(m);
    const before = m.ms.meminfo();
    const r = m.ms.doMmap(mm, 0, 100_000 * 4096, RW, ANON | MAP_POPULATE, -1, 0, t);
    expect(r).toBeGreaterThan(0);
    const after = m.ms.meminfo();
    expect(before.freePages - after.freePages).toBeGreaterThanOrEqual(100_000);
    expect(after.materialised - before.materialised).toBeLessThan(300); // only page tables
    m.ms.cpu(0).store32(r + 5000 * 4096, 9);
    expect(m.ms.cpu(0).load32(r + 5000 * 4096)).toBe(9);
  });

  it('the zero page is shared by reads and replaced by a private frame on write', () => {
    const m = machine();
    const { mm, t } = spawn(m);
    const a = m.ms.doMmap(mm, 0, 2 * 4096, RW, ANON, -1, 0, t);
    const cpu = m.ms.cpu(0);
    expect(cpu.load32(a)).toBe(0);
    expect(cpu.load32(a + 4096)).toBe(0);
    const r0 = m.ms.translate(mm, a, 'r');
    const r1 = m.ms.translate(mm, a + 4096, 'r');
    expect(r0.frame).toBe(ZERO_PFN);
    expect(r1.frame).toBe(ZERO_PFN);
    expect(statusKb(m, mm, 'RssAnon')).toBe(STARTUP_ANON_KB); // the zero page is not RSS
    expect(m.events.since(0).filter((e) => e.type === 'pagefault' && e.kind === 'zero-page')).toHaveLength(2);
    cpu.store32(a, 5);
    const w = m.ms.translate(mm, a, 'w');
    expect(w.ok).toBe(true);
    expect(w.frame).not.toBe(ZERO_PFN);
    expect(cpu.load32(a)).toBe(5);
    expect(cpu.load32(a + 4096)).toBe(0);
    const last = m.events.since(0).filter((e) => e.type === 'pagefault').pop()!;
    expect(last).toMatchObject({ kind: 'demand-zero', access: 'w', addr: a });
    // Another process reading untouched memory shares the same zero frame.
    const other = spawn(m, 200, undefined, 1);
    const b = m.ms.doMmap(other.mm, 0, 4096, PROT_READ, ANON, -1, 0, other.t);
    m.ms.cpu(1).load8(b);
    expect(m.ms.translate(other.mm, b, 'r').frame).toBe(ZERO_PFN);
  });
});

describe('the stack', () => {
  it('starts at 132 KiB and grows down on faults below it, up to RLIMIT_STACK (8 MiB)', () => {
    const m = machine();
    const { mm, t } = spawn(m);
    const stack = mm.vmas().find((v) => v.vmFlags & 0x100)!;
    expect(stack.vmEnd - stack.vmStart).toBe(0x21000);
    const top = stack.vmEnd;
    const cpu = m.ms.cpu(0);
    cpu.store32(top - 0x100000, 1); // 1 MiB down
    expect(stack.vmStart).toBe(top - 0x100000);
    const ev = m.events.since(0).filter((e) => e.type === 'pagefault').pop()!;
    expect(ev).toMatchObject({ kind: 'stack-grow' });
    expect(m.ms.statusVm(mm)).toMatch(/VmStk:\t {4}1024 kB/);
    cpu.store32(top - STACK_RLIMIT, 2); // exactly 8 MiB: still fine
    expect(stack.vmStart).toBe(top - STACK_RLIMIT);
    const f = faultOf(() => cpu.store32(top - STACK_RLIMIT - 4096, 3));
    expect([f.code, f.addr]).toEqual([SEGV_MAPERR, top - STACK_RLIMIT - 4096]);
    expect(stack.vmStart).toBe(top - STACK_RLIMIT);
    void t;
  });

  it('does not grow into the guard gap of a mapping below it', () => {
    const m = machine();
    const { mm, t } = spawn(m);
    const stack = mm.vmas().find((v) => v.vmFlags & 0x100)!;
    const below = stack.vmStart - 0x200000; // 2 MiB below the stack
    expect(m.ms.doMmap(mm, below - 4096, 4096, RW, ANON | MAP_FIXED, -1, 0, t)).toBe(below - 4096);
    const cpu = m.ms.cpu(0);
    cpu.store8(below + 0x100000, 1); // exactly stack_guard_gap above the mapping: allowed
    expect(faultOf(() => cpu.store8(below + 0x100000 - 4096, 1)).code).toBe(SEGV_MAPERR);
  });

  it('a MAP_GROWSDOWN mapping grows like the stack', () => {
    const m = machine();
    const { mm, t } = spawn(m);
    // Far from other mappings: growth must stay stack_guard_gap (1 MiB) above the VMA below.
    const g = m.ms.doMmap(mm, 0x200000000000, 4 * 4096, RW, ANON | MAP_GROWSDOWN, -1, 0, t);
    expect(g).toBe(0x200000000000);
    m.ms.cpu(0).store8(g - 4096, 1);
    expect(m.ms.findVma(mm, g - 4096)!.vmStart).toBe(g - 4096);
    // Placed by the kernel right above another mapping, it cannot grow at all.
    const h = m.ms.doMmap(mm, 0, 4 * 4096, RW, ANON | MAP_GROWSDOWN, -1, 0, t);
    expect(faultOf(() => m.ms.cpu(0).store8(h - 4096, 1)).code).toBe(SEGV_MAPERR);
  });
});

describe('strace of a fault', () => {
  it('prints si_addr of a kernel address as its 64 bits (strace: si_addr=0xffff800000000000)', () => {
    const info = { signo: 11, code: SEGV_MAPERR, pid: 0, uid: 0, addr: -0x800000000000, status: 0 };
    expect(siginfoString(info)).toBe('{si_signo=SIGSEGV, si_code=SEGV_MAPERR, si_addr=0xffff800000000000}');
    expect(siginfoString({ ...info, addr: -0xa00000 })).toBe('{si_signo=SIGSEGV, si_code=SEGV_MAPERR, si_addr=0xffffffffff600000}');
    expect(siginfoString({ ...info, code: SEGV_ACCERR, addr: 0x555555556004 })).toBe('{si_signo=SIGSEGV, si_code=SEGV_ACCERR, si_addr=0x555555556004}');
  });
});
