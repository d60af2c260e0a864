// Fast user-space mutexes: wait until a word in memory changes, wake
// waiters. pthread_join waits on the thread's tid word, which the kernel
// clears and wakes when the thread exits (CLONE_CHILD_CLEARTID).
// linux: kernel/futex/

import { RETRY, type Retry } from '../lang/abi';
import type { Kernel } from './kernel';
import type { MmStruct } from './mm/mm_types';
import { wakeUpProcess } from './sched/core';
import { TASK_INTERRUPTIBLE, type TaskStruct } from './task';
import { EAGAIN, EFAULT, EINTR } from './uapi/errno';

export const FUTEX_WAIT = 0;
export const FUTEX_WAKE = 1;
export const FUTEX_WAIT_BITSET = 9;
export const FUTEX_WAKE_BITSET = 10;
export const FUTEX_PRIVATE_FLAG = 128;
export const FUTEX_CLOCK_REALTIME = 256;
export const FUTEX_CMD_MASK = ~(FUTEX_PRIVATE_FLAG | FUTEX_CLOCK_REALTIME);

/** Waiters by futex key (the mm and the user address). linux: futex_hash_bucket */
export class FutexTable {
  readonly queues = new Map<string, TaskStruct[]>();
  private readonly mmIds = new WeakMap<MmStruct, number>();
  private nextId = 1;

  key(mm: MmStruct, addr: number): string {
    let id = this.mmIds.get(mm);
    if (!id) {
      id = this.nextId++;
      this.mmIds.set(mm, id);
    }
    return `${id}:${addr}`;
  }
}

/**
 * linux: futex_wait — sleep while *addr == val. Restartable: the first
 * call queues the task and blocks; executed again it returns 0 once woken
 * by FUTEX_WAKE, or -EINTR if a handler interrupted it.
 */
export function futexWait(k: Kernel, t: TaskStruct, addr: number, val: number): number | Retry {
  const mm = t.mm!;
  const key = k.futexes.key(mm, addr);
  const r = t.restart;
  if (r && r.fn === 'futex') {
    if (r.woken) {
      t.restart = null;
      return 0;
    }
    if (r.interrupted) {
      dequeue(k, key, t);
      t.restart = null;
      return -EINTR;
    }
  } else {
    const cur = k.mm.getUser(mm, addr, 4, t);
    if (cur === null) return -EFAULT;
    if (cur !== (val | 0)) return -EAGAIN;
    const q = k.futexes.queues.get(key);
    if (q) q.push(t);
    else k.futexes.queues.set(key, [t]);
    t.futexKey = key;
    t.restart = { fn: 'futex', policy: 'sys', expires: -1, interrupted: false, woken: false, value: 0 };
  }
  if (!t.sigpending) {
    t.state = TASK_INTERRUPTIBLE;
    t.wchan = 'futex_wait_queue';
    k.events.emit({ type: 'sleep', pid: t.pid, state: 'S', wchan: t.wchan });
  }
  return RETRY;
}

/** linux: unqueue_me — a waiter interrupted by a signal leaves its futex queue. */
export function futexUnqueue(k: Kernel, t: TaskStruct): void {
  if (t.futexKey) dequeue(k, t.futexKey, t);
}

function dequeue(k: Kernel, key: string, t: TaskStruct): void {
  const q = k.futexes.queues.get(key);
  if (!q) return;
  const i = q.indexOf(t);
  if (i >= 0) q.splice(i, 1);
  if (!q.length) k.futexes.queues.delete(key);
  t.futexKey = '';
}

/** linux: futex_wake — wakes up to `n` waiters on (mm, addr); returns how many. */
export function futexWake(k: Kernel, mm: MmStruct, addr: number, n: number): number {
  const key = k.futexes.key(mm, addr);
  const q = k.futexes.queues.get(key);
  if (!q) return 0;
  let woken = 0;
  while (q.length && woken < n) {
    const t = q.shift()!;
    t.futexKey = '';
    if (t.restart?.fn === 'futex') t.restart.woken = true;
    wakeUpProcess(k, t, 0);
    woken++;
  }
  if (!q.length) k.futexes.queues.delete(key);
  return woken;
}
