// Timers and sleeping: a timer wheel with one slot per jiffy, and the
// sleeps built on it (clock_nanosleep, schedule_timeout).
// linux: kernel/time/timer.c, kernel/time/hrtimer.c hrtimer_nanosleep
//
// kernlab's timers have tick (1 ms) resolution: a sleep of d ns ends at
// the first tick at or after now + d, `now` being the sleeper's CPU time
// within the tick for nanosleep (an hrtimer: it never ends early) and the
// tick itself for the jiffies timers (schedule_timeout, msleep). alarm
// is an hrtimer too.

import { RETRY, type Retry } from '../lang/abi';
import type { Kernel } from './kernel';
import { NSEC_PER_TICK } from './param';
import { makeInfo, sendSignal } from './signal';
import { SIGALRM, SI_KERNEL } from './uapi/signal';
import { tryToWakeUp } from './sched/core';
import { TASK_INTERRUPTIBLE, TASK_NORMAL, type TaskStruct } from './task';
import { EINTR, EINVAL } from './uapi/errno';

/** What an armed timer does when it fires. */
export type TimerKind = 'wake' | 'alarm';

export class TimerWheel {
  private readonly slots = new Map<number, { t: TaskStruct; kind: TimerKind }[]>();

  /** Arms a wake-up of `t` (kind 'wake') or its process's SIGALRM ('alarm') at `expires` (jiffies). */
  add(t: TaskStruct, expires: number, kind: TimerKind = 'wake'): void {
    const list = this.slots.get(expires);
    if (list) list.push({ t, kind });
    else this.slots.set(expires, [{ t, kind }]);
  }

  /**
   * Fires the timers of this jiffy: wakes each task still sleeping until
   * then, and sends SIGALRM to each process whose alarm is still set for
   * now (a re-armed or cancelled alarm left a stale entry: it is ignored).
   */
  run(k: Kernel, now: number): void {
    const list = this.slots.get(now);
    if (!list) return;
    this.slots.delete(now);
    for (const { t, kind } of list) {
      if (kind === 'wake') {
        if (t.restart && t.restart.expires === now) tryToWakeUp(k, t, TASK_NORMAL, 0);
      } else if (t.signal.alarmExpires === now && !t.exitState) {
        t.signal.alarmExpires = 0;
        sendSignal(k, SIGALRM, makeInfo(SIGALRM, SI_KERNEL, 0), t, true);
      }
    }
  }

  /** The earliest jiffy with an armed timer, or null. */
  nextExpiry(): number | null {
    let min: number | null = null;
    for (const j of this.slots.keys()) if (min === null || j < min) min = j;
    return min;
  }

  /** Timers still armed (for state views). */
  get pending(): number {
    let n = 0;
    for (const l of this.slots.values()) n += l.length;
    return n;
  }
}

/**
 * linux: alarm(2) — SIGALRM to the process after `seconds` (0 cancels),
 * counted from the caller's time in the tick (ITIMER_REAL is an hrtimer).
 * Returns the seconds that were left of the previous alarm as
 * alarm_setitimer rounds them: to the nearest second (a half rounds up),
 * and at least 1 while one was pending.
 */
export function sysAlarm(k: Kernel, t: TaskStruct, seconds: number): number {
  const sig = t.signal;
  let left = 0;
  if (sig.alarmExpires) {
    const ns = Math.max(0, sig.alarmExpires * NSEC_PER_TICK - k.clockNs);
    const sec = Math.floor(ns / 1e9);
    const usec = Math.floor((ns % 1e9) / 1000);
    left = (sec === 0 && usec > 0) || usec >= 500_000 ? sec + 1 : sec;
  }
  sig.alarmExpires = 0;
  if (seconds > 0) {
    sig.alarmExpires = Math.ceil((k.clockNs + seconds * 1e9) / NSEC_PER_TICK);
    k.timers.add(t.groupLeader, sig.alarmExpires, 'alarm');
  }
  return left;
}

/** Jiffies needed to sleep `ns` (rounded up; at least one tick for a non-zero sleep). */
export function nsToJiffies(ns: number): number {
  return Math.ceil(ns / NSEC_PER_TICK);
}

/**
 * linux: hrtimer_nanosleep — sleep until `expires`, restartably. The
 * first call arms the timer and blocks (RETRY); each later execution of
 * the same call either finds the time up (0), or was interrupted by a
 * signal handler (-EINTR; the caller reports the time left).
 */
export function sleepUntil(k: Kernel, t: TaskStruct, fn: string, relNs: number, state = TASK_INTERRUPTIBLE): number | Retry {
  const r = t.restart;
  if (r && r.fn === fn) {
    if (r.interrupted) {
      t.restart = null;
      return -EINTR;
    }
    if (k.jiffies >= r.expires) {
      t.restart = null;
      return 0;
    }
  } else {
    if (relNs < 0) return -EINVAL;
    if (relNs === 0) return 0;
    const hrtimer = fn === 'clock_nanosleep' || fn === 'nanosleep';
    const expires = hrtimer ? Math.ceil((k.clockNs + relNs) / NSEC_PER_TICK) : k.jiffies + nsToJiffies(relNs);
    t.restart = { fn, policy: 'block', expires, interrupted: false, woken: false, value: 0 };
    k.timers.add(t, expires);
  }
  if (!t.sigpending) {
    t.state = state;
    // Where ps says it sleeps: get_wchan skips scheduler functions, so msleep() shows as msleep.
    t.wchan = fn === 'clock_nanosleep' || fn === 'nanosleep' ? 'hrtimer_nanosleep' : fn === 'msleep' || fn === 'ssleep' ? 'msleep' : 'schedule_timeout';
    k.events.emit({ type: 'sleep', pid: t.pid, state: 'S', wchan: t.wchan });
  }
  return RETRY;
}

/** Nanoseconds left of an interrupted sleep (for nanosleep's rem). */
export function remainingNs(k: Kernel, expires: number): number {
  return Math.max(0, expires * NSEC_PER_TICK - k.clockNs);
}

