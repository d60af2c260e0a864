// Library functions added after the fidelity audit (atexit, qsort, strtok,
// waitid): each program's output and strace -f lines were compared with
// the same program compiled with gcc and run under strace 6.1 on Debian 12
// (glibc 2.36); addresses, PIDs and the dynamic loader's start-up calls aside.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { compile } from '../../src/lang/compile';
import { tracedRun } from './helpers';

/** Runs `source` traced from its execve (as `kernlab exec --strace`); the terminal with PIDs as P1, P2... and addresses as ADDR. */
function straced(source: string, memoryMiB?: number): string {
  const { text, t } = tracedRun(source, { seed: 'strace', ...(memoryMiB ? { memoryMiB } : {}) });
  return text
    .replace(/\b\d+\b/g, (m) => {
      const n = Number(m) - t.pid;
      return n >= 0 && n < 20 ? `P${n + 1}` : m;
    })
    .replace(/0x[0-9a-f]{9,}/g, 'ADDR')
    .replace(/ +=/g, ' =');
}

/** The strace lines alone (the program's output interleaves with them on the terminal). */
function calls(text: string): string[] {
  return text.split('\n').filter((l) => /^(\[pid +P\d+\] )?([a-z_0-9]+\(|<\.\.\.|\+\+\+|---)/.test(l));
}

describe('atexit', () => {
  it('the 32nd handler of a program (ld.so\'s _dl_fini is the first) callocs a block; handlers run newest first, an exit() inside one goes on with the next', () => {
    const text = straced(`
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
static int n;
static void h(void) { n++; if (n == 1 || n == 33 || n == 34) printf("handler %d\\n", n); }
static void last(void) { printf("last: %d handlers ran\\n", n); }
static void again(void) { printf("exit inside a handler\\n"); exit(7); }
int main(void) {
    int i, r = 0;
    r |= atexit(last);
    for (i = 0; i < 30; i++) r |= atexit(h);
    write(1, "31 registered\\n", 14);
    r |= atexit(h);
    write(1, "32 registered\\n", 14);
    r |= atexit(again);
    for (i = 0; i < 3; i++) r |= atexit(h);
    printf("atexit results %d\\n", r);
    return 0;
}`);
    // Linux: write, then calloc's first malloc (getrandom for the tcache key, brk twice), write.
    expect(calls(text).slice(1, 6).map((l) => l.replace(/\(.*/, ''))).toEqual(['write', 'getrandom', 'brk', 'brk', 'write']);
    expect(text).toContain('handler 1\n');
    expect(text.indexOf('exit inside a handler')).toBeLessThan(text.indexOf('handler 33'));
    expect(text).toContain('last: 34 handlers ran\n');
    expect(calls(text).slice(-2)).toEqual(['exit_group(7) = ?', '+++ exited with 7 +++']);
  });

  it('a forked child inherits the handlers and runs them at exit(); _exit runs none', () => {
    const text = straced(`
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <sys/wait.h>
static void a(void) { printf("a %d\\n", getpid()); }
int main(void) {
    atexit(a);
    if (fork() == 0) exit(3);
    wait(NULL);
    if (fork() == 0) _exit(4);
    wait(NULL);
    return 0;
}`);
    expect(calls(text).filter((l) => /getpid|exit/.test(l))).toEqual([
      '[pid  P2] getpid() = P2',
      '[pid  P2] exit_group(3) = ?',
      '[pid  P2] +++ exited with 3 +++',
      '[pid  P3] exit_group(4) = ?',
      '[pid  P3] +++ exited with 4 +++',
      'getpid() = P1',
      'exit_group(0) = ?',
      '+++ exited with 0 +++',
    ]);
  });
});

describe('atexit(NULL)', () => {
  it('fails glibc\'s assertion in __internal_atexit: the message, then abort', () => {
    const text = straced('#include <stdlib.h>\nint main(void) { atexit(NULL); return 0; }\n');
    // strace of gcc's binary on Linux: the same calls (the message's first write allocates, as asprintf does).
    expect(calls(text).slice(1).map((l) => l.replace(/\(.*/, ''))).toEqual([
      'getrandom', 'brk', 'brk', 'write', 'mmap', 'rt_sigprocmask', 'gettid', 'getpid', 'tgkill',
      '--- SIGABRT {si_signo=SIGABRT, si_code=SI_TKILL, si_pid=P1, si_uid=1000} ---',
      '+++ killed by SIGABRT +++',
    ]);
    expect(text).toContain("prog: cxa_atexit.c:41: __internal_atexit: Assertion `func != NULL' failed.\n");
  });
});

describe('qsort', () => {
  it('glibc\'s merge sort: stable, and a temporary array of 128 KiB or more costs one sysinfo (sysconf (_SC_PHYS_PAGES), asked once) and its own mmap; errno is kept', () => {
    const text = straced(`
#include <stdio.h>
#include <stdlib.h>
#include <errno.h>
#include <unistd.h>
static long ncmp;
static int up(const void *a, const void *b) {
    int x = *(const int *)a, y = *(const int *)b;
    ncmp++;
    return (x > y) - (x < y);
}
int main(void) {
    int n = 50000, i;
    int *v = malloc(n * sizeof *v);
    unsigned s = 1;
    for (i = 0; i < n; i++) { s = s * 1103515245 + 12345; v[i] = (s >> 8) % 1000; }
    write(1, "sort\\n", 5);
    errno = 42;
    qsort(v, n, sizeof *v, up);
    qsort(v, n, sizeof *v, up);
    for (i = 1; i < n; i++) if (v[i - 1] > v[i]) break;
    printf("sorted %d, %ld comparisons, errno %d, v[0]=%d v[%d]=%d\\n", i == n, ncmp, errno, v[0], n - 1, v[n - 1]);
    return 0;
}`);
    // Linux (glibc 2.36): 717938 comparisons for the first sort, 382512 for the sorted array.
    expect(text).toContain('sorted 1, 1100450 comparisons, errno 42, v[0]=0 v[49999]=999\n');
    const c = calls(text);
    const from = c.findIndex((l) => l.startsWith('write(1, "sort'));
    // The freed mmap'ed chunk raised malloc's mmap threshold: the second sort's array comes from brk.
    expect(c.slice(from + 1, from + 6).map((l) => l.replace(/\(.*/, ''))).toEqual(['sysinfo', 'mmap', 'munmap', 'brk', 'newfstatat']);
    expect(c[from + 1]).toMatch(/^sysinfo\(\{uptime=\d+, loads=\[\d+, \d+, \d+\], totalram=\d+, freeram=\d+, sharedram=0, bufferram=0, totalswap=0, freeswap=0, procs=\d+, totalhigh=0, freehigh=0, mem_unit=1\}\) = 0$/);
    expect(c[from + 2]).toBe('mmap(NULL, 200704, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0) = ADDR');
  });
});

describe('qsort: glibc\'s quicksort', () => {
  it('sorts in place, not stably, when the temporary array would take over a quarter of the memory: the same comparisons, the same order', () => {
    const text = straced(`#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct rec { int key; int id; char pad[24]; };
static unsigned h;
static long ncmp;
static int cmp(const void *a, const void *b) {
    const struct rec *x = a, *y = b;
    ncmp++;
    h = h * 31 + (unsigned)(x->id * 7 + y->id);
    return (x->key > y->key) - (x->key < y->key);
}

int main(void) {
    int n = 34000, i;
    struct rec *v = malloc(n * sizeof *v);
    for (i = 0; i < n; i++) { v[i].key = (int)((i * 7919L) % 1000); v[i].id = i; }
    printf("sorting\\n");
    qsort(v, n, sizeof *v, cmp);
    unsigned oh = 0;
    for (i = 0; i < n; i++) oh = oh * 131 + (unsigned)v[i].id;
    for (i = 1; i < n; i++) if (v[i - 1].key > v[i].key) break;
    printf("sorted %d, %ld comparisons, seq %u, order %u\\n", i == n, ncmp, h % 1000000007, oh % 1000000007);
    return 0;
}
`, 4);
    // gcc's binary on Linux, driven into _quicksort by malloc failing (RLIMIT_AS): the same counts and hashes.
    expect(text).toContain('sorted 1, 555722 comparisons, seq 18559396, order 644310194\n');
    const c = calls(text);
    const from = c.findIndex((l) => l.startsWith('write(1, "sorting'));
    // sysconf (_SC_PHYS_PAGES), then no malloc: 1088000 bytes are over a quarter of 4 MiB.
    expect(c[from + 1]).toMatch(/^sysinfo\(\{.*totalram=4194304, /);
    expect(c[from + 2]).toMatch(/^newfstatat|^write/);
  });
});

describe('waitid', () => {
  it('strace prints the idtype, the siginfo_t it filled ({} for nothing, the address on failure; si_utime and si_stime as memory holds them), the options and NULL rusage', () => {
    const text = straced(readFileSync(path.join(__dirname, '../fidelity/programs/libc_waitid.c'), 'utf8'));
    // strace -f of gcc's binary on Linux 6.1 (run as root there: si_uid=0; kernlab's student is 1000).
    expect(calls(text).filter((l) => /waitid/.test(l))).toEqual([
      'waitid(P_ALL, 0, ADDR, WEXITED, NULL) = -1 ECHILD (No child processes)',
      '[pid  P1] waitid(P_PID, P2,  <unfinished ...>',
      '<... waitid resumed>{si_signo=SIGCHLD, si_code=CLD_EXITED, si_pid=P2, si_uid=1000, si_status=3, si_utime=18446744073709551615 /* 184467440737095516.15 s */, si_stime=18446744073709551615 /* 184467440737095516.15 s */}, WEXITED|WNOWAIT, NULL) = 0',
      'waitid(P_PID, P2, {si_signo=SIGCHLD, si_code=CLD_EXITED, si_pid=P2, si_uid=1000, si_status=3, si_utime=0, si_stime=0}, WEXITED, NULL) = 0',
      '[pid  P1] waitid(P_PID, P3, {}, WNOHANG|WEXITED, NULL) = 0',
      '[pid  P1] waitid(P_PID, P3,  <unfinished ...>',
      '[pid  P1] <... waitid resumed>{si_signo=SIGCHLD, si_code=CLD_STOPPED, si_pid=P3, si_uid=1000, si_status=SIGSTOP, si_utime=0, si_stime=0}, WSTOPPED, NULL) = 0',
      '[pid  P1] waitid(P_ALL, 0, {si_signo=SIGCHLD, si_code=CLD_CONTINUED, si_pid=P3, si_uid=1000, si_status=SIGCONT, si_utime=0, si_stime=0}, WCONTINUED, NULL) = 0',
      '[pid  P1] waitid(P_PGID, 0,  <unfinished ...>',
      '<... waitid resumed>{si_signo=SIGCHLD, si_code=CLD_KILLED, si_pid=P3, si_uid=1000, si_status=SIGKILL, si_utime=0, si_stime=0}, WEXITED, NULL) = 0',
      'waitid(P_PID, 0, ADDR, WEXITED, NULL) = -1 EINVAL (Invalid argument)',
      'waitid(P_ALL, 0, ADDR, 0, NULL) = -1 EINVAL (Invalid argument)',
      'waitid(0x7 /* P_??? */, 0, ADDR, WEXITED, NULL) = -1 EINVAL (Invalid argument)',
      'waitid(P_PGID, -1, ADDR, WEXITED, NULL) = -1 EINVAL (Invalid argument)',
    ]);
  });

  it('a zombie is no child to wait for without WEXITED (wait_task_zombie returns 0 before do_wait counts it): ECHILD', () => {
    const text = straced(`#include <stdio.h>
#include <string.h>
#include <signal.h>
#include <unistd.h>
#include <errno.h>
#include <sys/wait.h>
int main(void) {
    siginfo_t si;
    pid_t p = fork();
    if (p == 0) _exit(1);
    sleep(1);
    memset(&si, 0, sizeof si);
    int r = waitid(P_PID, p, &si, WSTOPPED | WCONTINUED | WNOHANG);
    printf("zombie, no WEXITED: %d errno=%d\\n", r, r ? errno : 0);
    r = waitid(P_PID, p, &si, WEXITED);
    printf("then: %d status=%d\\n", r, si.si_status);
    return 0;
}
`);
    // gcc's binary on Linux prints the same.
    expect(text).toContain('zombie, no WEXITED: -1 errno=10\n');
    expect(text).toContain('then: 0 status=1\n');
    expect(text).toContain('waitid(P_PID, P2, ADDR, WNOHANG|WSTOPPED|WCONTINUED, NULL) = -1 ECHILD (No child processes)');
  });

  it('SIGCHLD\'s si_utime carries strace\'s seconds comment when not 0', () => {
    const text = straced(`
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <unistd.h>
#include <sys/wait.h>
int main(void) {
    siginfo_t si;
    if (fork() == 0) { volatile long i; for (i = 0; i < 100000; i++); exit(0); }
    memset(&si, 0, sizeof si);
    waitid(P_ALL, 0, &si, WEXITED);
    return 0;
}`);
    // Linux: --- SIGCHLD {si_signo=SIGCHLD, si_code=CLD_EXITED, si_pid=16964, si_uid=0, si_status=0, si_utime=7 /* 0.07 s */, si_stime=0} ---
    expect(text).toMatch(/--- SIGCHLD \{si_signo=SIGCHLD, si_code=CLD_EXITED, si_pid=P2, si_uid=1000, si_status=0, si_utime=\d+ \/\* 0\.\d\d s \*\/, si_stime=0\} ---/);
    expect(text).toContain('<... waitid resumed>{si_signo=SIGCHLD, si_code=CLD_EXITED, si_pid=P2, si_uid=1000, si_status=0, si_utime=0, si_stime=0}, WEXITED, NULL) = 0');
  });
});

describe('the stubs\' natives', () => {
  it('are no names a program can call (gcc: implicit declaration, as for any glibc internal)', () => {
    expect(() => compile('int main(void) { __qsort_next(0); __run_exit_handlers(); return 0; }', 'x.c')).toThrow(/implicit declaration of function '__qsort_next'/);
  });
});
