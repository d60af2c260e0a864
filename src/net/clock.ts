// The challenge clock: waiting for the teacher, running, paused, ended.
// Pure: every method takes the wall time `now` (ms) from the caller, so the
// journal can restore it and tests can drive it.

/** Where the challenge stands. */
export type ClockPhase = 'waiting' | 'running' | 'paused' | 'ended';

/** What the journal keeps of the clock (see ChallengeClock.snapshot). */
export interface ClockSnapshot {
  phase: ClockPhase; // where it stands
  elapsedMs: number; // time played so far (as of the snapshot)
  durationMs: number; // time on the clock, extensions included
}

export class ChallengeClock {
  phase: ClockPhase = 'waiting'; // where it stands
  durationMs: number; // time on the clock, extensions included
  private elapsedBase = 0; // ms played before the current run began
  private runningSince = 0; // wall time the current run began (phase 'running')

  constructor(durationMs: number) {
    this.durationMs = durationMs;
  }

  /** Time played so far (never more than the duration). */
  elapsed(now: number): number {
    const e = this.elapsedBase + (this.phase === 'running' ? Math.max(0, now - this.runningSince) : 0);
    return Math.min(e, this.durationMs);
  }

  /** Time left on the clock. */
  remaining(now: number): number {
    return Math.max(0, this.durationMs - this.elapsed(now));
  }

  /** True while students may play. */
  get running(): boolean {
    return this.phase === 'running';
  }

  /** True once the running clock has reached zero (the caller then ends the challenge). */
  expired(now: number): boolean {
    return this.phase === 'running' && this.remaining(now) <= 0;
  }

  /** Start (from waiting) or resume (from paused). Returns false if neither applies. */
  start(now: number): boolean {
    if (this.phase !== 'waiting' && this.phase !== 'paused') return false;
    this.phase = 'running';
    this.runningSince = now;
    return true;
  }

  /** Pause a running clock. Returns false if it was not running. */
  pause(now: number): boolean {
    if (this.phase !== 'running') return false;
    this.elapsedBase = this.elapsed(now);
    this.phase = 'paused';
    return true;
  }

  /** Add time (not after the end). Returns false once ended. */
  extend(ms: number): boolean {
    if (this.phase === 'ended') return false;
    this.durationMs += ms;
    return true;
  }

  /** End for good. Returns false if already ended. */
  end(now: number): boolean {
    if (this.phase === 'ended') return false;
    this.elapsedBase = this.elapsed(now);
    this.phase = 'ended';
    return true;
  }

  /** The clock as the journal records it, at `now`. */
  snapshot(now: number): ClockSnapshot {
    return { phase: this.phase, elapsedMs: this.elapsed(now), durationMs: this.durationMs };
  }

  /**
   * Set the clock from a journaled snapshot. A running clock resumes
   * running from `now` with the elapsed time it had then: the time the
   * server was down is not counted.
   */
  restore(s: ClockSnapshot, now: number): void {
    this.phase = s.phase;
    this.durationMs = s.durationMs;
    this.elapsedBase = s.elapsedMs;
    this.runningSince = now;
  }
}

/** "12:34" (or "1:02:03") for a time in ms: rounded up for a countdown (0:00 only once over), down for time played (so "left" and "played" add up to the clock). */
export function clockText(ms: number, round: 'up' | 'down' = 'up'): string {
  const s = (round === 'up' ? Math.ceil : Math.floor)(Math.max(0, ms) / 1000);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = String(s % 60).padStart(2, '0');
  return h ? `${h}:${String(m).padStart(2, '0')}:${sec}` : `${m}:${sec}`;
}
