// Per-address throttling of wrong join codes: an address that got the code
// wrong IP_FAIL_MAX times within IP_FAIL_WINDOW_MS is refused until its
// oldest failure leaves the window. (Each connection also has only
// AUTH_TRIES tries, and every wrong code is answered late.)

import { IP_FAIL_MAX, IP_FAIL_WINDOW_MS } from './limits';

export class AuthThrottle {
  private readonly fails = new Map<string, number[]>(); // address -> failure times, oldest first

  constructor(
    private readonly max = IP_FAIL_MAX, // failures allowed in the window
    private readonly windowMs = IP_FAIL_WINDOW_MS, // the window
  ) {}

  /** Forget failures older than the window (and addresses with none left). */
  private prune(ip: string, now: number): number[] {
    const list = (this.fails.get(ip) ?? []).filter((t) => now - t < this.windowMs);
    if (list.length) this.fails.set(ip, list);
    else this.fails.delete(ip);
    return list;
  }

  /** Whether `ip` is refused now. */
  blocked(ip: string, now: number): boolean {
    return this.prune(ip, now).length >= this.max;
  }

  /** A wrong join code from `ip`. */
  fail(ip: string, now: number): void {
    const list = this.prune(ip, now);
    list.push(now);
    this.fails.set(ip, list);
  }

  /** Drop stale entries (call now and then, so the map stays small). */
  sweep(now: number): void {
    for (const ip of [...this.fails.keys()]) this.prune(ip, now);
  }
}
