// A clock and timers the test moves by hand, for the play loop.
import type { LoopClock } from '../../src/cli/play';

export class FakeClock implements LoopClock {
  t = 0; // now, ms
  private next = 1; // timer ids
  private timers: Array<{ id: number; at: number; fn: () => void }> = [];
  /** Extra ms each now() call adds (a machine that takes time to run ticks). */
  cost = 0;

  now(): number {
    const t = this.t;
    this.t += this.cost;
    return t;
  }

  setTimeout(fn: () => void, ms: number): unknown {
    const id = this.next++;
    this.timers.push({ id, at: this.t + ms, fn });
    return id;
  }

  clearTimeout(handle: unknown): void {
    this.timers = this.timers.filter((x) => x.id !== handle);
  }

  /** Timers waiting. */
  get pending(): number {
    return this.timers.length;
  }

  /** Let `ms` pass, firing due timers in order. */
  advance(ms: number): void {
    const end = this.t + ms;
    for (;;) {
      this.timers.sort((a, b) => a.at - b.at || a.id - b.id);
      const first = this.timers[0];
      if (!first || first.at > end) break;
      this.timers.shift();
      this.t = Math.max(this.t, first.at);
      first.fn();
    }
    this.t = Math.max(this.t, end);
  }
}
