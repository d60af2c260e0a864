// A kernel panic: the machine stops for good. Linux's panic() prints its
// message, stops the other CPUs and never returns; here it unwinds the
// tick that caused it (KernelPanic), and the kernel runs no more.
// linux: kernel/panic.c

/** Thrown by panic(): caught once, by the tick it cut short (Kernel.tick). */
export class KernelPanic extends Error {
  constructor(readonly reason: string) {
    super(`Kernel panic - not syncing: ${reason}`);
  }
}

/** linux: panic — never returns. */
export function panic(reason: string): never {
  throw new KernelPanic(reason);
}
