// Kernel memory: kthread images and kernel stacks at upper-half addresses,
// read-only text, NX data, guard pages, oops faults.
import { describe, expect, it } from 'vitest';
import { UserFault } from '../../../src/lang/abi';
import { SEGV_ACCERR, SEGV_MAPERR } from '../../../src/kernel/uapi/signal';
import { THREAD_SIZE } from '../../../src/kernel/param';
import { hex64 } from '../../../src/kernel/mm/mm';
import { MODULES_VADDR, VMALLOC_START } from '../../../src/kernel/mm/kmem';
import { machine, makeProgram } from './helpers';

function fault(fn: () => unknown): UserFault {
  try {
    fn();
  } catch (e) {
    if (e instanceof UserFault) return e;
    throw e;
  }
  throw new Error('no fault');
}

describe('kernel memory', () => {
  it('loads a kthread image once, at 0xffffffffc0000000, shared by every kthread running it', () => {
    const m = machine();
    const prog = makeProgram({ path: 'kworker' });
    const img = m.ms.loadKernelImage(prog);
    expect(m.ms.loadKernelImage(prog)).toBe(img);
    expect(hex64(img.textBase)).toBe('ffffffffc0000000');
    expect(img.textBase).toBe(MODULES_VADDR);
    const k = m.ms.kmem;
    expect(k.load32(img.textBase)).toBe(0x1000);
    expect(k.load32(img.dataBase)).toBe(42);
    expect(k.load8u(img.rodataBase)).toBe('I'.charCodeAt(0));
    k.store32(img.bssBase, 5);
    expect(k.load32(img.bssBase)).toBe(5);
    expect(() => k.fetch(img.textBase + 8)).not.toThrow();
    expect(fault(() => k.store32(img.textBase, 1)).code).toBe(SEGV_ACCERR); // kernel text is read-only
    expect(fault(() => k.fetch(img.dataBase)).code).toBe(SEGV_ACCERR); // data is NX
    const other = m.ms.loadKernelImage(makeProgram({ path: 'kswapd' }));
    expect(other.textBase).toBeGreaterThan(img.bssBase);
    expect(other.libcDataBase).toBe(0);
  });

  it('hands out THREAD_SIZE stacks in the vmalloc area with guard pages, and reuses freed ones', () => {
    const m = machine();
    const a = m.ms.allocKernelStack();
    const b = m.ms.allocKernelStack();
    expect(hex64(a - THREAD_SIZE)).toBe('ffffc90000000000');
    expect(a - THREAD_SIZE).toBe(VMALLOC_START);
    expect(b - a).toBe(THREAD_SIZE + 4096);
    const k = m.ms.kmem;
    k.store64(a - 8, a - 64); // a pointer on the stack keeps its value
    expect(k.load64(a - 8)).toBe(a - 64);
    expect(k.load64(a - THREAD_SIZE)).toBe(0);
    expect(fault(() => k.load8(a)).code).toBe(SEGV_MAPERR); // the guard page above
    expect(fault(() => k.store8(a - THREAD_SIZE - 1, 0)).code).toBe(SEGV_MAPERR); // overflow below
    m.ms.freeKernelStack(a);
    expect(fault(() => k.load8(a - 8)).addr).toBe(a - 8);
    expect(m.ms.allocKernelStack()).toBe(a);
    expect(() => m.ms.freeKernelStack(a + 4096)).toThrow();
  });

  it('faults on addresses outside any region (the kernel reports an oops)', () => {
    const m = machine();
    const f = fault(() => m.ms.kmem.load32(0x1000));
    expect([f.code, f.addr]).toEqual([SEGV_MAPERR, 0x1000]);
  });
});
