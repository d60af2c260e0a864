// PID allocation. linux: kernel/pid.c alloc_pid, free_pid
//
// Linux allocates cyclically (idr_alloc_cyclic): the next PID is the first
// free one after the last allocated; at pid_max it wraps around, and once
// PIDs have passed RESERVED_PIDS (300) the wrap restarts at 300, so low PIDs
// stay for daemons started at boot. A PID stays in use while any task still
// has it — a zombie keeps its PID until it is reaped.

import { PID_MAX_DEFAULT, PID_MAX_LIMIT, PID_MAX_MIN, RESERVED_PIDS } from './param';

export class PidAllocator {
  /** /proc/sys/kernel/pid_max: PIDs are < pidMax. */
  pidMax: number;
  /** The IDR cursor: where the next search starts. */
  private cursor = 0;
  private readonly used = new Set<number>();
  /** Times the allocator wrapped around pid_max. */
  wraps = 0;

  constructor(pidMax = PID_MAX_DEFAULT) {
    this.pidMax = pidMax;
  }

  get inUse(): number {
    return this.used.size;
  }

  isUsed(pid: number): boolean {
    return this.used.has(pid);
  }

  /** Marks `pid` used; for the boot tasks (0, 1, 2) whose PIDs are fixed. */
  reserve(pid: number): void {
    this.used.add(pid);
    if (pid >= this.cursor) this.cursor = pid + 1;
  }

  /**
   * linux: alloc_pid. Returns the new PID, or -1 when every PID in range is
   * in use (fork then fails with EAGAIN). `onWrap` is told when the search
   * wraps past pid_max.
   */
  alloc(onWrap?: () => void): number {
    const pidMin = this.cursor > RESERVED_PIDS ? RESERVED_PIDS : 1;
    let pid = Math.max(this.cursor, pidMin);
    for (let tries = 0; tries < this.pidMax; tries++) {
      if (pid >= this.pidMax) {
        pid = pidMin;
        this.wraps++;
        onWrap?.();
      }
      if (!this.used.has(pid)) {
        this.used.add(pid);
        this.cursor = pid + 1;
        return pid;
      }
      pid++;
    }
    return -1;
  }

  /** The PID the next search starts from. */
  get nextPid(): number {
    return this.cursor;
  }

  /** Moves the cursor, as if PIDs below it had been used and freed. */
  setCursor(pid: number): void {
    this.cursor = Math.min(Math.max(1, pid), this.pidMax - 1);
  }

  /** linux: free_pid */
  free(pid: number): void {
    this.used.delete(pid);
  }

  /** Sets pid_max as `sysctl kernel.pid_max` does; returns false if out of range. */
  setPidMax(n: number): boolean {
    if (!Number.isInteger(n) || n < PID_MAX_MIN || n > PID_MAX_LIMIT) return false;
    this.pidMax = n;
    return true;
  }
}
