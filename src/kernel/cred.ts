// Who owns a task, and how many tasks each user has (for RLIMIT_NPROC).
// linux: kernel/cred.c, kernel/ucount.c
//
// Linux keeps a count of tasks per user (ucounts) so that fork can check
// RLIMIT_NPROC without walking the task list; so does kernlab. Kernel
// threads are not counted.

import type { Kernel } from './kernel';
import { PF_KTHREAD, type TaskStruct } from './task';

/** The task now exists and counts for its user. */
export function chargeTask(k: Kernel, t: TaskStruct): void {
  if (t.flags & PF_KTHREAD) return;
  k.ucounts.set(t.uid, (k.ucounts.get(t.uid) ?? 0) + 1);
}

/** The task is gone (release_task). */
export function unchargeTask(k: Kernel, t: TaskStruct): void {
  if (t.flags & PF_KTHREAD) return;
  const n = (k.ucounts.get(t.uid) ?? 0) - 1;
  if (n < 0) throw new Error(`ucounts: uid ${t.uid} below zero`);
  if (n) k.ucounts.set(t.uid, n);
  else k.ucounts.delete(t.uid);
}

/** Changes a task's user (setuid, or the kernel starting a program as someone). */
export function setTaskUid(k: Kernel, t: TaskStruct, uid: number): void {
  unchargeTask(k, t);
  t.uid = uid;
  chargeTask(k, t);
}

/** Tasks owned by `uid`. */
export function userTasks(k: Kernel, uid: number): number {
  return k.ucounts.get(uid) ?? 0;
}
