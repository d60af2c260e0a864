// What the game screen (and the plain line mode) may ask of the loop that
// runs the simulation. The loop itself lives in src/cli/play.ts — the only
// place with a clock and timers; screens never own a timer.
//
// Speeds are multiples of real time: 1x = 1000 ticks (simulated ms) per
// second of wall time.

/** The speeds offered, slowest first (+/- step through them). */
export const SPEEDS: readonly number[] = [0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10];

/**
 * Default speed: real time. A level starts with time stopped (the levels
 * are written for it: "time stands still while you type"); when the
 * player lets it run, a program's sleep(1) takes one second, as on a real
 * machine, and a tick is a millisecond they can relate to. At 30 frames a
 * second a frame then shows ~33 ticks: forks, exits and state changes
 * stay on screen long enough to see. Slower speeds (down to 0.01x, ten
 * ticks a second) are for watching the scheduler tick by tick.
 */
export const DEFAULT_SPEED = 1;

/** Levels start with time stopped: nothing runs until Space, `.` or `tick N`. */
export const START_PAUSED = true;

/** Ticks per second of wall time at 1x. */
export const TICKS_PER_SECOND = 1000;

/** The speed in SPEEDS nearest to `x` (by ratio). */
export function nearestSpeed(x: number): number {
  let best = SPEEDS[0];
  for (const s of SPEEDS) if (Math.abs(Math.log(s / x)) < Math.abs(Math.log(best / x))) best = s;
  return best;
}

/** A speed from the user ("0.5", "2x", "1/10"), or an error message. */
export function parseSpeed(text: string): number | string {
  const t = text.trim().replace(/x$/i, '');
  let x: number;
  const frac = /^(\d+)\/(\d+)$/.exec(t);
  if (frac) x = Number(frac[1]) / Number(frac[2]);
  else x = Number(t);
  if (!Number.isFinite(x) || x <= 0) return `speed: "${text}" is not a speed (try 0.1, 1 or 10)`;
  if (x < SPEEDS[0] || x > SPEEDS[SPEEDS.length - 1]) return `speed: ${text} is out of range (${SPEEDS[0]}x to ${SPEEDS[SPEEDS.length - 1]}x)`;
  return x;
}

/** The loop that advances one game, as the screens drive it. */
export interface Driver {
  /** True while no time passes (no timer runs either). */
  readonly paused: boolean;
  /** Current speed, a multiple of real time. */
  readonly speed: number;
  /** True once the loop has stopped for good (level decided or left). */
  readonly stopped: boolean;
  /** Stop the clock; nothing runs until resume or step. */
  pause(): void;
  /** Start the clock again. */
  resume(): void;
  /** Run exactly one tick now (pauses first if running), then draw a frame. */
  step(): void;
  /** Set the speed (clamped to SPEEDS' range); returns the speed set. */
  setSpeed(x: number): number;
  /** Next speed up / down in SPEEDS; returns the speed set. */
  faster(): number;
  slower(): number;
  /** Wall time since the level began, paused or not (how long the player has been at it), in ms. */
  wallMs(): number;
  /**
   * The speed time really ran at over the last seconds, when the machine
   * could not keep up with the speed asked (ticks dropped); null when it
   * kept up, is paused, or has not run long enough to tell.
   */
  effectiveSpeed?(): number | null;
  /**
   * Ticks of a `tick N` still to run while the prompt is back (the
   * classroom server runs them in slices; single play runs them inside
   * the command): time runs even if the clock is paused.
   */
  ticksToGo?(): number;
  /** Stop for good: no more ticks, no more frames. Idempotent. */
  stop(): void;
}

/** What a screen gives the loop: called after each batch of ticks. */
export interface FrameSink {
  /** Draw one frame from the game's state (after a batch of ticks). */
  frame(): void;
}
