import { describe, expect, it } from 'vitest';
import { PidAllocator } from '../../src/kernel/pid';

describe('PID allocation (alloc_pid / idr_alloc_cyclic)', () => {
  it('allocates upwards, skipping PIDs in use', () => {
    const a = new PidAllocator(32768);
    expect([a.alloc(), a.alloc(), a.alloc()]).toEqual([1, 2, 3]);
    a.free(2);
    expect(a.alloc()).toBe(4); // cyclic: a freed PID is not reused at once
  });

  it('wraps at pid_max to RESERVED_PIDS (300) and skips PIDs still in use', () => {
    const a = new PidAllocator(400);
    const got: number[] = [];
    for (let i = 0; i < 399; i++) got.push(a.alloc());
    expect(got[398]).toBe(399); // pid_max is exclusive
    for (const p of [300, 301, 303]) a.free(p);
    let wraps = 0;
    expect(a.alloc(() => wraps++)).toBe(300);
    expect(wraps).toBe(1);
    expect(a.alloc()).toBe(301);
    expect(a.alloc()).toBe(303); // 302 is in use
  });

  it('fails when every PID is taken', () => {
    const a = new PidAllocator(301);
    for (let i = 1; i < 301; i++) expect(a.alloc()).toBe(i);
    expect(a.alloc()).toBe(-1);
    // As in Linux, PIDs below RESERVED_PIDS are never handed out again
    // once the allocator has passed 300: freeing 17 does not help.
    a.free(17);
    expect(a.alloc()).toBe(-1);
    a.free(300);
    expect(a.alloc()).toBe(300);
  });

  it('refuses pid_max outside Linux limits', () => {
    const a = new PidAllocator();
    expect(a.setPidMax(300)).toBe(false);
    expect(a.setPidMax(4194305)).toBe(false);
    expect(a.setPidMax(4194304)).toBe(true);
  });
});
