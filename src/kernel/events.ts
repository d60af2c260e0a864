// Typed kernel events: what the panes, goals, scoring and traces read.
// The kernel appends; readers keep a sequence number and ask for what came
// after it. Only the last EVENT_RING_SIZE events are kept, plus counters by
// type that never wrap, so a goal can count COW copies over a whole run.

import { EVENT_RING_SIZE } from './param';

/** One step of a page-table walk: the level, the index used, the entry found. */
export interface WalkStep {
  level: 'PGD' | 'PUD' | 'PMD' | 'PTE';
  /** 9-bit index into the table at this level. */
  index: number;
  /** Physical address of the table that was read. */
  table: number;
  /** The 64-bit entry read, as a hex string (0 when not present). */
  entry: string;
  present: boolean;
}

export type FaultKind =
  | 'demand-zero' // first touch of anonymous memory: a new zeroed frame
  | 'zero-page' // read of untouched anonymous memory: the shared zero page, read-only
  | 'file' // first touch of a file-backed page: mapped from the page cache
  | 'cow-copy' // write to a shared write-protected page: copied
  | 'cow-reuse' // write to a write-protected page this mm alone uses: made writable in place
  | 'stack-grow' // access just below the stack: the stack VMA grew down, then demand-zero
  | 'spurious' // the PTE was already fine (another thread fixed it first): nothing to do
  | 'maperr' // no VMA covers the address: SIGSEGV with SEGV_MAPERR
  | 'accerr'; // a VMA covers it but forbids the access: SIGSEGV with SEGV_ACCERR

export type KernelEvent =
  | { type: 'fork'; pid: number; child: number; flags: number; thread: boolean; vfork: boolean; kthread: boolean }
  | { type: 'fork-failed'; pid: number; errno: string }
  | { type: 'exec'; pid: number; path: string }
  | { type: 'exit'; pid: number; tgid: number; status: number; zombie: boolean }
  | { type: 'reap'; pid: number; by: number; auto: boolean }
  | { type: 'reparent'; pid: number; from: number; to: number }
  | { type: 'wakeup'; pid: number; cpu: number; by: number }
  | { type: 'sleep'; pid: number; state: string; wchan: string }
  | { type: 'switch'; cpu: number; prev: number; next: number }
  | { type: 'migrate'; pid: number; from: number; to: number; reason: 'balance' | 'affinity' | 'wakeup' | 'fork' }
  | {
      type: 'signal';
      pid: number;
      signo: number;
      from: number;
      /** queued: made pending; handler: a handler frame was set up; then the default actions. */
      action: 'queued' | 'ignored' | 'handler' | 'term' | 'core' | 'stop' | 'cont' | 'blocked';
      code: number;
      addr: number;
    }
  | { type: 'kthread'; pid: number; what: 'create' | 'wake' | 'should-stop' | 'stopped'; result: number }
  | { type: 'pid-wrap'; pidMax: number }
  | { type: 'nice'; pid: number; nice: number }
  | { type: 'affinity'; pid: number; mask: string }
  | { type: 'subreaper'; pid: number; on: boolean }
  | { type: 'stop'; pid: number; signo: number }
  | { type: 'continue'; pid: number }
  | { type: 'pagefault'; pid: number; cpu: number; addr: number; access: 'r' | 'w' | 'x'; kind: FaultKind; frame: number }
  | { type: 'cow'; pid: number; addr: number; from: number; to: number; copied: boolean }
  | { type: 'tlb-flush'; cpu: number; pid: number; scope: 'all' | 'range'; start: number; end: number; shootdown: boolean }
  | {
      type: 'walk';
      cpu: number;
      pid: number;
      addr: number;
      access: 'r' | 'w' | 'x';
      tlb: 'hit' | 'miss';
      steps: WalkStep[];
      /** Physical address, or -1 when the access faulted. */
      phys: number;
      fault: FaultKind | '';
    }
  | { type: 'vma'; pid: number; op: 'mmap' | 'munmap' | 'mprotect' | 'brk' | 'split' | 'merge'; start: number; end: number; prot: string }
  | { type: 'oom'; pid: number; trigger: number } // pid: the OOM killer's victim; trigger: whose page fault found no memory
  | { type: 'printk'; pid: number; text: string };

export type EventType = KernelEvent['type'];
export type Stamped = KernelEvent & { seq: number; tick: number };

export class EventLog {
  private readonly ring: (Stamped | undefined)[] = new Array(EVENT_RING_SIZE);
  /** Sequence number the next event gets; also the count of all events so far. */
  seq = 0;
  /** Events of each type since boot (never wrap). */
  readonly counts: Partial<Record<EventType, number>> = {};
  /** Current tick (jiffies), stamped on each event; the kernel advances it. */
  tick = 0;
  /** Listeners called synchronously on every event (goals, traces). */
  private readonly listeners: ((e: Stamped) => void)[] = [];

  emit(e: KernelEvent): void {
    const s = e as Stamped;
    s.seq = this.seq;
    s.tick = this.tick;
    this.ring[this.seq % EVENT_RING_SIZE] = s;
    this.seq++;
    this.counts[e.type] = (this.counts[e.type] ?? 0) + 1;
    for (const l of this.listeners) l(s);
  }

  /** Events with seq >= from that are still in the ring, oldest first. */
  since(from: number): Stamped[] {
    const start = Math.max(from, this.seq - EVENT_RING_SIZE, 0);
    const out: Stamped[] = [];
    for (let i = start; i < this.seq; i++) out.push(this.ring[i % EVENT_RING_SIZE]!);
    return out;
  }

  count(type: EventType): number {
    return this.counts[type] ?? 0;
  }

  listen(fn: (e: Stamped) => void): () => void {
    this.listeners.push(fn);
    return () => {
      const i = this.listeners.indexOf(fn);
      if (i >= 0) this.listeners.splice(i, 1);
    };
  }
}
