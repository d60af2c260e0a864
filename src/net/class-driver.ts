// The game screen's loop controls (src/ui/driver.ts Driver) for a student
// playing on the classroom server. The server's loop runs the ticks; this
// only tells it what the student asked for: their own pause, one step, a
// speed. The teacher's pause stops everyone whatever the student chose.

import { nearestSpeed, SPEEDS, type Driver } from '../ui/driver';
import type { StudentRun } from './student-run';

/** What the driver needs to know of the classroom. */
export interface DriverRoom {
  clockRunning(): boolean; // the challenge clock runs (not waiting, paused or ended)
}

export class ClassDriver implements Driver {
  stopped = false; // stop() was called: this screen is done with the run

  constructor(
    private readonly run: StudentRun, // the game being driven
    private readonly room: DriverRoom, // the classroom
    private readonly redraw: () => void, // draw a frame now (after a step)
  ) {}

  /** Paused by the student, by the teacher, or still restoring. */
  get paused(): boolean {
    return this.run.userPaused || !this.room.clockRunning() || this.run.restoring;
  }

  get speed(): number {
    return this.run.speed;
  }

  pause(): void {
    this.run.userPaused = true;
    this.run.clearOwed();
  }

  resume(): void {
    this.run.userPaused = false;
  }

  /** One tick now (the student pauses first, as in single play); not while the teacher has paused. */
  step(): void {
    if (this.stopped || !this.room.clockRunning() || this.run.restoring) return;
    this.pause();
    this.run.stepOnce();
    this.redraw();
  }

  setSpeed(x: number): number {
    const s = Math.min(SPEEDS[SPEEDS.length - 1], Math.max(SPEEDS[0], x));
    this.run.speed = s;
    return s;
  }

  faster(): number {
    const i = SPEEDS.indexOf(nearestSpeed(this.run.speed));
    return this.setSpeed(SPEEDS[Math.min(SPEEDS.length - 1, i + 1)]);
  }

  slower(): number {
    const i = SPEEDS.indexOf(nearestSpeed(this.run.speed));
    return this.setSpeed(SPEEDS[Math.max(0, i - 1)]);
  }

  /** Ticks of the student's `tick N` the server's loop has still to run. */
  ticksToGo(): number {
    return this.run.bursting;
  }

  /** Wall time spent in this level while connected and the clock ran (across reconnects). */
  wallMs(): number {
    return this.run.playMs;
  }

  stop(): void {
    this.stopped = true;
  }
}
