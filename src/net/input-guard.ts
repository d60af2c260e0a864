// Per-session input limits: a token bucket on keyboard bytes (a paste may
// burst, a flood may not), and a cut-off for a client that keeps flooding.

import { INPUT_BURST, INPUT_BYTES_PER_SEC, INPUT_DROP_MAX } from './limits';

export class InputGuard {
  private tokens: number; // bytes that may pass now
  private last: number; // wall time of the last refill
  dropped = 0; // bytes discarded so far

  constructor(
    now: number, // wall time (ms)
    private readonly rate = INPUT_BYTES_PER_SEC, // bytes per second sustained
    private readonly burst = INPUT_BURST, // most bytes at once
    private readonly dropMax = INPUT_DROP_MAX, // discarded bytes before the session is cut off
  ) {
    this.tokens = burst;
    this.last = now;
  }

  /**
   * The part of `chunk` that may pass at `now` (possibly empty). Returns
   * null once the client has sent dropMax bytes over the limit: the
   * session should be closed.
   */
  admit(chunk: Buffer, now: number): Buffer | null {
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) * this.rate) / 1000);
    this.last = now;
    const n = Math.min(chunk.length, Math.floor(this.tokens));
    this.tokens -= n;
    this.dropped += chunk.length - n;
    if (this.dropped > this.dropMax) return null;
    return n === chunk.length ? chunk : chunk.subarray(0, n);
  }
}
