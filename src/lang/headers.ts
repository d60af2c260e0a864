// What the system headers would define: every program sees these macros
// without #include (the #include lines themselves are accepted and ignored).
// Values come from the kernel's UAPI modules and glibc's headers.

import * as mman from '../kernel/uapi/mman';
import * as sched from '../kernel/uapi/sched';
import * as sig from '../kernel/uapi/signal';
import { errnoName } from '../kernel/uapi/errno';

/** The text of the implicit "headers": #define lines, lexed once. */
export function headerText(): string {
  const d: string[] = [];
  const def = (name: string, value: string | number): void => {
    d.push(`#define ${name} ${value}`);
  };

  // <stddef.h>, <stdlib.h>, <unistd.h>, <stdio.h>, <stdbool.h>
  def('NULL', '((void *)0)');
  def('EXIT_SUCCESS', 0);
  def('EXIT_FAILURE', 1);
  def('STDIN_FILENO', 0);
  def('STDOUT_FILENO', 1);
  def('STDERR_FILENO', 2);
  def('EOF', '(-1)');
  def('BUFSIZ', 8192);
  def('RAND_MAX', 2147483647);
  def('true', 1);
  def('false', 0);
  def('PAGE_SIZE', 4096);
  def('CLOCK_REALTIME', 0);
  def('CLOCK_MONOTONIC', 1);
  def('GRND_NONBLOCK', 1);
  def('GRND_RANDOM', 2);
  def('PRIO_PROCESS', 0);
  def('PRIO_PGRP', 1);
  def('PRIO_USER', 2);

  // <limits.h>
  def('CHAR_BIT', 8);
  def('SCHAR_MIN', '(-128)');
  def('SCHAR_MAX', 127);
  def('UCHAR_MAX', 255);
  def('CHAR_MIN', '(-128)');
  def('CHAR_MAX', 127);
  def('SHRT_MIN', '(-32768)');
  def('SHRT_MAX', 32767);
  def('USHRT_MAX', 65535);
  def('INT_MAX', 2147483647);
  def('INT_MIN', '(-INT_MAX - 1)');
  def('UINT_MAX', '4294967295U');
  def('LONG_MAX', '9223372036854775807L');
  def('LONG_MIN', '(-LONG_MAX - 1L)');
  def('ULONG_MAX', '18446744073709551615UL');
  def('LLONG_MAX', 'LONG_MAX');
  def('LLONG_MIN', 'LONG_MIN');
  def('ULLONG_MAX', 'ULONG_MAX');
  def('SSIZE_MAX', 'LONG_MAX');

  // <stdint.h>, as glibc spells them (x86-64)
  def('INT8_MIN', '(-128)');
  def('INT16_MIN', '(-32767-1)');
  def('INT32_MIN', '(-2147483647-1)');
  def('INT64_MIN', '(-9223372036854775807L-1)');
  def('INT8_MAX', '(127)');
  def('INT16_MAX', '(32767)');
  def('INT32_MAX', '(2147483647)');
  def('INT64_MAX', '(9223372036854775807L)');
  def('UINT8_MAX', '(255)');
  def('UINT16_MAX', '(65535)');
  def('UINT32_MAX', '(4294967295U)');
  def('UINT64_MAX', '(18446744073709551615UL)');
  def('INTPTR_MIN', '(-9223372036854775807L-1)');
  def('INTPTR_MAX', '(9223372036854775807L)');
  def('UINTPTR_MAX', '(18446744073709551615UL)');
  def('INTMAX_MIN', '(-9223372036854775807L-1)');
  def('INTMAX_MAX', '(9223372036854775807L)');
  def('UINTMAX_MAX', '(18446744073709551615UL)');
  def('PTRDIFF_MIN', '(-9223372036854775807L-1)');
  def('PTRDIFF_MAX', '(9223372036854775807L)');
  def('SIZE_MAX', '(18446744073709551615UL)');

  // <signal.h>
  for (let s = 1; s < sig.SIGNAL_NAMES.length; s++) def('SIG' + sig.SIGNAL_NAMES[s], s);
  def('SIGIOT', sig.SIGABRT);
  def('SIGCLD', sig.SIGCHLD);
  def('SIGIO', sig.SIGIO); // kill -l's name for 29 is POLL; <signal.h> has both
  def('SIGPOLL', sig.SIGIO);
  def('SIGRTMIN', 34); // glibc reserves 32 and 33 for itself
  def('SIGRTMAX', 64);
  def('NSIG', 65); // glibc's _NSIG
  def('SIG_DFL', '((void (*)(int))0)');
  def('SIG_IGN', '((void (*)(int))1)');
  def('SIG_ERR', '((void (*)(int))-1)');
  def('SIG_BLOCK', sig.SIG_BLOCK);
  def('SIG_UNBLOCK', sig.SIG_UNBLOCK);
  def('SIG_SETMASK', sig.SIG_SETMASK);
  for (const [k, v] of Object.entries(sig)) if (k.startsWith('SA_') && typeof v === 'number') def(k, '0x' + v.toString(16));
  // si_code values a handler with SA_SIGINFO reads (glibc's bits/siginfo-consts.h).
  for (const [k, v] of Object.entries(sig)) if (/^(SI|SEGV|FPE|CLD)_/.test(k) && typeof v === 'number') def(k, v < 0 ? `(${v})` : v);
  def('SI_QUEUE', '(-1)');
  def('BUS_ADRALN', 1);
  def('BUS_ADRERR', 2);

  // <sys/wait.h>: the status word as Linux encodes it (glibc's bits/waitstatus.h).
  def('WEXITSTATUS(status)', '(((status) & 0xff00) >> 8)');
  def('WTERMSIG(status)', '((status) & 0x7f)');
  def('WSTOPSIG(status)', 'WEXITSTATUS(status)');
  def('WIFEXITED(status)', '(WTERMSIG(status) == 0)');
  def('WIFSIGNALED(status)', '(((signed char) (((status) & 0x7f) + 1) >> 1) > 0)');
  def('WIFSTOPPED(status)', '(((status) & 0xff) == 0x7f)');
  def('WIFCONTINUED(status)', '((status) == 0xffff)');
  def('WCOREDUMP(status)', '((status) & 0x80)');
  for (const k of ['WNOHANG', 'WUNTRACED', 'WSTOPPED', 'WEXITED', 'WCONTINUED', 'WNOWAIT', '__WNOTHREAD', '__WALL', '__WCLONE'] as const) {
    def(k, '0x' + (sched[k] >>> 0).toString(16));
  }
  for (const k of ['P_ALL', 'P_PID', 'P_PGID', 'P_PIDFD'] as const) def(k, sched[k]); // waitid's idtype_t

  // <sys/mman.h>
  for (const [k, v] of Object.entries(mman)) {
    if (typeof v !== 'number' || k === 'MAP_FAILED') continue;
    if (/^(PROT|MAP|MADV|MREMAP)_/.test(k)) def(k, '0x' + v.toString(16));
  }
  def('MAP_ANON', 'MAP_ANONYMOUS');
  def('MAP_FAILED', '((void *) -1)');

  // <sched.h>, <sys/prctl.h>, <sys/resource.h>
  for (const [k, v] of Object.entries(sched)) {
    if (typeof v !== 'number') continue;
    if (/^(CLONE_|PR_)/.test(k) || k === 'CSIGNAL') def(k, '0x' + (v >>> 0).toString(16));
  }

  // <errno.h>
  for (let e = 1; e < 600; e++) {
    const name = errnoName(e);
    if (!/^E\d/.test(name)) def(name, e);
  }
  def('EWOULDBLOCK', 'EAGAIN');
  def('EDEADLOCK', 'EDEADLK');
  def('ENOTSUP', 'EOPNOTSUPP');

  // Kernel-thread bodies: <linux/sched.h>, <linux/printk.h>, <linux/err.h>, <linux/jiffies.h>
  def('TASK_RUNNING', '0x0000');
  def('TASK_INTERRUPTIBLE', '0x0001');
  def('TASK_UNINTERRUPTIBLE', '0x0002');
  def('HZ', 1000);
  def('MAX_SCHEDULE_TIMEOUT', 'LONG_MAX');
  def('KERN_SOH', '"\\001"');
  const levels = ['EMERG', 'ALERT', 'CRIT', 'ERR', 'WARNING', 'NOTICE', 'INFO', 'DEBUG'];
  levels.forEach((l, i) => def('KERN_' + l, `"\\001" "${i}"`));
  def('KERN_DEFAULT', '""');
  def('KERN_CONT', '"\\001" "c"');
  def('MAX_ERRNO', 4095);
  def('IS_ERR_VALUE(x)', '((unsigned long)(x) >= (unsigned long)-MAX_ERRNO)');
  def('IS_ERR(ptr)', 'IS_ERR_VALUE(ptr)');
  def('PTR_ERR(ptr)', '((long)(ptr))');
  def('offsetof(type, member)', '((size_t)&((type *)0)->member)'); // <stddef.h> (gcc's __builtin_offsetof)
  def('ERR_PTR(error)', '((void *)(long)(error))');
  const pr = ['emerg', 'alert', 'crit', 'err', 'warn', 'notice', 'info', 'debug'];
  pr.forEach((l, i) => def(`pr_${l}(...)`, `printk("\\001" "${i}" __VA_ARGS__)`));
  def('pr_cont(...)', 'printk("\\001" "c" __VA_ARGS__)');
  def('schedule_timeout_interruptible(t)', '(set_current_state(TASK_INTERRUPTIBLE), schedule_timeout(t))');
  def('schedule_timeout_uninterruptible(t)', '(set_current_state(TASK_UNINTERRUPTIBLE), schedule_timeout(t))');
  def('msecs_to_jiffies(m)', '((unsigned long)(m))');
  def('jiffies_to_msecs(j)', '((unsigned int)(j))');

  // Compiler identification, for #ifdef tests.
  def('__STDC__', 1);
  def('__STDC_VERSION__', '201710L');
  def('__STDC_HOSTED__', 1);
  def('__GNUC__', 12);
  def('__linux__', 1);
  def('__linux', 1);
  def('__unix__', 1);
  def('__x86_64__', 1);
  def('__LP64__', 1);
  def('__KERNLAB__', 1);
  return d.join('\n') + '\n';
}
