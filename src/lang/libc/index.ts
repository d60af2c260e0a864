// The native table: every libc function of protos.ts bound to its
// implementation, indexed like the prototypes (the CALLN operand).

import { nativeDecls } from './decls';
import { doExit, k, kthreadCreate, kthreadRun, printk } from './kthread';
import { calloc, free, malloc, realloc } from './malloc';
import type { NativeFn } from './native';
import { qsort, qsortNext } from './qsort';
import { pthreadCreate, pthreadExit, pthreadJoin, pthreadSelf } from './pthread';
import {
  killpg, sigaction, sigaddset, sigdelset, sigemptyset, sigfillset, siginterrupt, sigismember, signal, sigpending, sigprocmask, sigsuspend,
  pthreadSigmask,
} from './signal';
import {
  fflush, fprintf, fputc, fputs, perror, printf, putchar, puts, snprintf, sprintf, strerrorNative,
} from './stdio';
import { abort, assertFail, atexit, atoi, atol, exit, exitNext, exitNow, getenv, rand, srand, strtol, strtoul } from './stdlib';
import * as str from './string';
import {
  brk, execl, execle, execlp, execv, execve, execvp, fork, getpriority, mmap, mremap, nice, plain, raise, sbrk, sleep, usleep, vfork, wait, waitid, waitpid,
} from './unistd';

const IMPL: Record<string, NativeFn> = {
  printf, fprintf, sprintf, snprintf, puts, putchar, fputs, fputc, putc: fputc, fflush, perror, strerror: strerrorNative,
  malloc: (c, a) => malloc(c, a[0]),
  calloc: (c, a) => calloc(c, a[0], a[1]),
  realloc: (c, a) => realloc(c, a[0], a[1]),
  free: (c, a) => {
    free(c, a[0]);
    return 0;
  },
  atoi, atol, atoll: atol, strtol, strtoul,
  abs: (_c, a) => (a[0] < 0 ? -a[0] | 0 : a[0]),
  labs: (_c, a) => (a[0] < 0 ? -a[0] : a[0]),
  rand, srand, getenv, exit, _exit: exitNow, _Exit: exitNow, abort,
  strlen: str.strlen, strcpy: str.strcpy, strncpy: str.strncpy, strcmp: str.strcmp, strncmp: str.strncmp, strcat: str.strcat,
  strncat: str.strncat, strchr: str.strchr, strrchr: str.strrchr, strstr: str.strstr, strdup: str.strdup, memset: str.memset,
  memcpy: str.memcpy, memmove: str.memmove, memcmp: str.memcmp,
  fork, vfork, execl, execlp, execle, execv, execvp,
  execve: (c, a) => execve(c, a[0], a[1], a[2]),
  wait, waitpid, sleep, usleep,
  getpid: plain('getpid', 0), getppid: plain('getppid', 0), gettid: plain('gettid', 0),
  kill: plain('kill', 2), raise,
  signal, sigemptyset, sigfillset, sigaddset, sigdelset, sigismember, sigprocmask, sigpending, sigsuspend, siginterrupt, killpg,
  pause: plain('pause', 0),
  mmap, mremap, munmap: plain('munmap', 2), mprotect: plain('mprotect', 3), madvise: plain('madvise', 3), brk, sbrk,
  prctl: plain('prctl', 5), sched_yield: plain('sched_yield', 0), nice,
  getpagesize: () => 4096, // glibc answers from ld.so's auxv copy (AT_PAGESZ): no system call
  getrandom: plain('getrandom', 3), write: plain('write', 3), read: plain('read', 3), close: plain('close', 1),
  pipe: plain('pipe2', 2), dup: plain('dup', 1), dup2: plain('dup2', 2), alarm: plain('alarm', 1), setsid: plain('setsid', 0),
  getpgrp: plain('getpgrp', 0), getpgid: plain('getpgid', 1), getsid: plain('getsid', 1), setpgid: plain('setpgid', 2), getuid: plain('getuid', 0), geteuid: plain('geteuid', 0),
  getpriority, setpriority: plain('setpriority', 3),
  pthread_create: pthreadCreate, pthread_join: pthreadJoin, pthread_exit: pthreadExit, pthread_self: pthreadSelf,
  pthread_sigmask: pthreadSigmask,
  kthread_should_stop: k('kthread_should_stop', 0), set_current_state: k('set_current_state', 1),
  __set_current_state: k('__set_current_state', 1), schedule: k('schedule', 0), schedule_timeout: k('schedule_timeout', 1),
  msleep: k('msleep', 1), ssleep: k('ssleep', 1), wake_up_process: k('wake_up_process', 1),
  kthread_create: kthreadCreate, kthread_run: kthreadRun, kthread_stop: k('kthread_stop', 1), printk, do_exit: doExit,
  get_current: k('get_current', 0),
  __assert_fail: assertFail,
  sigaction,
  atexit,
  __run_exit_handlers: exitNext,
  qsort,
  __qsort_next: qsortNext,
  waitid,
  strtok: str.strtok, strtok_r: str.strtokR, strspn: str.strspn, strcspn: str.strcspn,
};
for (const [name, fn] of Object.entries(str.ctype)) IMPL[name] = (_c, a) => fn(a[0]);

/** Implementations in native-index order. */
export const NATIVES: NativeFn[] = nativeDecls().map((d) => {
  const f = IMPL[d.name];
  if (!f) throw new Error(`kernlab: libc function ${d.name} has no implementation`);
  return f;
});
