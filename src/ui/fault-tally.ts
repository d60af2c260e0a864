// Page faults per page of each address space, counted from the kernel's
// 'pagefault' events while a level is played, so the memory pane can say
// how many faults each VMA took (VMAs split and merge; pages do not move).

import type { Kernel } from '../kernel/kernel';
import type { MmStruct } from '../kernel/mm';
import { PAGE_SIZE } from '../kernel/param';

/** Faults of one address space. */
interface MmFaults {
  byPage: Map<number, number>; // page address -> faults taken there
  total: number; // all faults of this mm
}

export class FaultTally {
  private readonly mms = new WeakMap<MmStruct, MmFaults>(); // per address space, dropped with it
  private readonly unlisten: () => void; // stops following the kernel's events

  /**
   * Starts counting the faults `k` reports, beginning with those still in
   * its event ring (the level's setup ran before the screen opened).
   */
  constructor(k: Kernel) {
    // Faults in the ring: a task's faults count for its current mm only if
    // they came after its last exec (before it, they hit an mm now gone).
    const past = k.events.since(0);
    const lastExec = new Map<number, number>();
    for (const e of past) if (e.type === 'exec') lastExec.set(e.pid, e.seq);
    for (const e of past) {
      if (e.type !== 'pagefault' || e.seq < (lastExec.get(e.pid) ?? -1)) continue;
      const mm = k.findTask(e.pid)?.mm;
      if (mm) this.count(mm, e.addr);
    }
    this.unlisten = k.events.listen((e) => {
      if (e.type !== 'pagefault') return;
      // Listeners run synchronously: the faulting task exists now.
      const mm = k.findTask(e.pid)?.mm;
      if (mm) this.count(mm, e.addr);
    });
  }

  private count(mm: MmStruct, addr: number): void {
    let f = this.mms.get(mm);
    if (!f) {
      f = { byPage: new Map(), total: 0 };
      this.mms.set(mm, f);
    }
    const page = addr - (addr % PAGE_SIZE);
    f.byPage.set(page, (f.byPage.get(page) ?? 0) + 1);
    f.total++;
  }

  /** Faults counted in [start, end) of `mm`. */
  inRange(mm: MmStruct, start: number, end: number): number {
    const f = this.mms.get(mm);
    if (!f) return 0;
    let n = 0;
    if (f.byPage.size < (end - start) / PAGE_SIZE) {
      for (const [page, c] of f.byPage) if (page >= start && page < end) n += c;
    } else {
      for (let a = start; a < end; a += PAGE_SIZE) n += f.byPage.get(a) ?? 0;
    }
    return n;
  }

  /** All faults counted for `mm`. */
  total(mm: MmStruct): number {
    return this.mms.get(mm)?.total ?? 0;
  }

  /** Stop counting. Idempotent. */
  dispose(): void {
    this.unlisten();
  }
}
