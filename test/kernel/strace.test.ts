// strace -f as strace 6.1 prints it on Linux 6.x, for what a traced task
// does with signals. Each expected trace was compared with `strace -f` of
// the same program compiled with gcc on Debian 12 (addresses, PIDs and the
// dynamic loader's start-up calls aside).
import { describe, expect, it } from 'vitest';
import { spawnProgram } from '../../src/kernel/boot/main';
import type { Kernel } from '../../src/kernel/kernel';
import { boot, groupGone, runUntil } from './helpers';

/** Runs `source` traced from its execve (as `kernlab exec --strace`) and returns the terminal: strace lines and program output. */
function straced(source: string, cpus = 2): { text: string; k: Kernel } {
  const k = boot({ cpus, seed: 'strace' });
  k.vfs.add('/home/student/prog', source, 'prog.c');
  const t = spawnProgram(k, k.shell, '/home/student/prog', ['./prog'], undefined, true);
  if (typeof t === 'number') throw new Error(`cannot start: ${t}`);
  runUntil(k, () => groupGone(k, t), 30_000);
  const text = k.tty
    .since(0)
    .filter((c) => c.stream !== 'console')
    .map((c) => c.text)
    .join('');
  // PIDs are given out in order: the program is P1, the tasks it creates P2, P3, ...; user addresses are ADDR.
  const norm = text
    .replace(/\b\d+\b/g, (m) => {
      const n = Number(m) - t.pid;
      return n >= 0 && n < 20 ? `P${n + 1}` : m;
    })
    .replace(/0x[0-9a-f]{9,}/g, 'ADDR')
    .replace(/ +=/g, ' ='); // the result column moves with the PIDs' width
  return { text: norm, k };
}

describe('strace: a leader that exits before its threads', () => {
  it('main calls pthread_exit: a bare exit(0) (no mask, no madvise), and its +++ line comes after the last thread\'s (delay_group_leader)', () => {
    const { text } = straced(`
#include <stdio.h>
#include <pthread.h>
#include <unistd.h>
void *w(void *a) { sleep(2); printf("worker done\\n"); return NULL; }
int main(void)
{
    pthread_t t;
    pthread_create(&t, NULL, w, NULL);
    sleep(1);
    pthread_exit(NULL);
    return 0;
}`);
    // strace -f of gcc's binary on Linux 6.1 (glibc also loads libgcc_s.so.1 to unwind, which kernlab does not).
    expect(text).toMatch(/\[pid {2}P1\] <\.\.\. clock_nanosleep resumed>ADDR\) = 0\n\[pid {2}P1\] exit\(0\) = \?\n\[pid {2}P2\]/);
    expect(text).not.toContain('[pid  P1] +++');
    expect(text).toMatch(/\[pid {2}P2\] exit_group\(0\) = \?\n\[pid {2}P2\] \+\+\+ exited with 0 \+\+\+\n\+\+\+ exited with 0 \+\+\+\n$/);
  });

  it('and when the last thread is killed by a signal, the leader\'s line says so too', () => {
    const { text } = straced(`
#include <pthread.h>
#include <unistd.h>
void *w(void *a) { sleep(1); *(volatile int *)0 = 1; return NULL; }
int main(void)
{
    pthread_t t;
    pthread_create(&t, NULL, w, NULL);
    pthread_exit(NULL);
    return 0;
}`);
    expect(text).toMatch(/\[pid {2}P2\] \+\+\+ killed by SIGSEGV \+\+\+\n\+\+\+ killed by SIGSEGV \+\+\+\n$/);
  });
});

describe('strace: pthread_join', () => {
  it('the join\'s futex wait ends with "resumed> = 0" when the thread is gone, and the next join waits again (no leftover wake)', () => {
    const { text } = straced(`
#include <pthread.h>
void *w(void *a) { return a; }
int main(void)
{
    pthread_t t;
    pthread_create(&t, NULL, w, NULL);
    pthread_join(t, NULL);
    pthread_create(&t, NULL, w, NULL);
    pthread_join(t, NULL);
    return 0;
}`);
    const waits = text.match(/futex\(ADDR, FUTEX_WAIT_BITSET\|FUTEX_CLOCK_REALTIME, P\d, NULL, FUTEX_BITSET_MATCH_ANY[^\n]*\n/g)!;
    expect(waits).toHaveLength(2);
    for (const w of waits) expect(w).toMatch(/<unfinished \.\.\.>\n$/);
    expect(text.match(/<\.\.\. futex resumed>\) = 0\n/g)).toHaveLength(2);
    // glibc's first pthread_create allocates the thread's DTV with calloc: malloc starts (getrandom, brk).
    expect(text).toMatch(/mprotect\(ADDR, 8388608, PROT_READ\|PROT_WRITE\) = 0\ngetrandom\([^\n]*\n(brk\([^\n]*\n){2}rt_sigprocmask\(SIG_BLOCK, ~\[\], \[\], 8\) = 0\nclone3/);
  });
});

describe('strace: signals the way a tracer sees them', () => {
  it('an ignored SIGCHLD is shown, interrupts a sleep that then restarts with restart_syscall', () => {
    const { text } = straced(`
#include <stdlib.h>
#include <unistd.h>
int main(void)
{
    if (fork() == 0) {
        usleep(1000);
        _exit(3);
    }
    sleep(1);
    return 0;
}`);
    expect(text).toContain(
      'clone(child_stack=NULL, flags=CLONE_CHILD_CLEARTID|CLONE_CHILD_SETTID|SIGCHLDstrace: Process P2 attached\n' +
        ', child_tidptr=ADDR) = P2\n',
    );
    expect(text).toContain('[pid  P2] set_robust_list(ADDR, 24) = 0\n');
    expect(text).toContain('[pid  P2] exit_group(3) = ?\n[pid  P2] +++ exited with 3 +++\n');
    // Linux 6.x here: rem 998.7-998.9 ms (the sleep began after the fork, and
    // ends 1 ms of child sleep + its start-up later); a sleep counts from
    // the sleeper's time within the tick, not from the tick's start.
    expect(text).toContain(
      '<... clock_nanosleep resumed>{tv_sec=0, tv_nsec=998949000}) = ? ERESTART_RESTARTBLOCK (Interrupted by signal)\n' +
        '--- SIGCHLD {si_signo=SIGCHLD, si_code=CLD_EXITED, si_pid=P2, si_uid=1000, si_status=3, si_utime=0, si_stime=0} ---\n' +
        'restart_syscall(<... resuming interrupted clock_nanosleep ...>) = 0\n' +
        'exit_group(0) = ?\n+++ exited with 0 +++\n',
    );
  });

  it('a fatal signal is shown before the task dies; SIGKILL is not, and the blocked call ends with "= ?"', () => {
    const { text } = straced(`
#include <signal.h>
#include <unistd.h>
#include <sys/wait.h>
int main(void)
{
    pid_t a = fork();
    if (a == 0)
        pause();
    pid_t b = fork();
    if (b == 0)
        pause();
    usleep(10000);
    kill(a, SIGINT);
    waitpid(a, NULL, 0);
    kill(b, SIGKILL);
    waitpid(b, NULL, 0);
    return 0;
}`);
    expect(text).toContain(
      '[pid  P2] <... pause resumed>) = ? ERESTARTNOHAND (To be restarted if no handler)\n' +
        '[pid  P2] --- SIGINT {si_signo=SIGINT, si_code=SI_USER, si_pid=P1, si_uid=1000} ---\n' +
        '[pid  P2] +++ killed by SIGINT +++\n',
    );
    expect(text).toContain('[pid  P3] <... pause resumed>) = ?\n[pid  P3] +++ killed by SIGKILL +++\n');
    expect(text).not.toContain('--- SIGKILL');
    expect(text).toContain('[pid  P1] <... wait4 resumed>NULL, 0, NULL) = P2\n');
  });

  it('a handler interrupts wait4: ERESTARTSYS, the signal, rt_sigreturn giving back wait4\'s number (61), wait4 again', () => {
    const { text } = straced(`
#include <signal.h>
#include <unistd.h>
#include <sys/wait.h>
void h(int sig) { }
int main(void)
{
    signal(SIGUSR1, h);
    pid_t c = fork();
    if (c == 0) {
        usleep(10000);
        kill(getppid(), SIGUSR1);
        usleep(10000);
        _exit(0);
    }
    wait(NULL);
    return 0;
}`);
    expect(text).toContain('rt_sigaction(SIGUSR1, {sa_handler=ADDR, sa_mask=[USR1], sa_flags=SA_RESTORER|SA_RESTART, sa_restorer=ADDR}, {sa_handler=SIG_DFL, sa_mask=[], sa_flags=0}, 8) = 0\n');
    expect(text).toMatch(
      /\[pid +P1\] <\.\.\. wait4 resumed>NULL, 0, NULL\) = \? ERESTARTSYS \(To be restarted if SA_RESTART is set\)\n(.*\n)?\[pid +P1\] --- SIGUSR1 \{si_signo=SIGUSR1, si_code=SI_USER, si_pid=P2, si_uid=1000\} ---\n(.*\n)?\[pid +P1\] rt_sigreturn\(\{mask=\[\]\}\) += 61\n(.*\n)?\[pid +P1\] wait4\(-1, /,
    );
  });

  it('stop and continue: the stop signal, "stopped by", SIGCONT, and the interrupted pause made again', () => {
    const { text } = straced(`
#include <signal.h>
#include <unistd.h>
#include <sys/wait.h>
int main(void)
{
    pid_t c = fork();
    if (c == 0) {
        pause();
        _exit(0);
    }
    usleep(10000);
    kill(c, SIGSTOP);
    waitpid(c, NULL, WUNTRACED);
    kill(c, SIGCONT);
    usleep(10000);
    kill(c, SIGTERM);
    waitpid(c, NULL, 0);
    return 0;
}`);
    expect(text).toMatch(
      /\[pid +P2\] <\.\.\. pause resumed>\) += \? ERESTARTNOHAND \(To be restarted if no handler\)\n\[pid +P2\] --- SIGSTOP \{si_signo=SIGSTOP, si_code=SI_USER, si_pid=P1, si_uid=1000\} ---\n\[pid +P2\] --- stopped by SIGSTOP ---\n/,
    );
    expect(text).toContain('<... wait4 resumed>NULL, WSTOPPED, NULL) = P2\n'); // WUNTRACED is WSTOPPED to strace
    expect(text).toMatch(/\[pid +P2\] --- SIGCONT \{si_signo=SIGCONT, si_code=SI_USER, si_pid=P1, si_uid=1000\} ---\n\[pid +P2\] pause\(/);
  });

  it('the entry is printed at once: a write\'s output lands inside its line, as on a terminal', () => {
    const { text } = straced(`
#include <stdio.h>
int main(void)
{
    printf("hello\\n");
    return 0;
}`);
    expect(text).toContain('write(1, "hello\\n", 6hello\n) = 6\n');
  });

  it('threads: signal sets as strace prints them (~[], ~[RT_1]), clone3, futex, exit', () => {
    const { text } = straced(`
#include <pthread.h>
void *f(void *a) { return a; }
int main(void)
{
    pthread_t t;
    pthread_create(&t, NULL, f, NULL);
    pthread_join(t, NULL);
    return 0;
}`);
    expect(text).toContain('rt_sigprocmask(SIG_BLOCK, ~[], [], 8) = 0\n');
    expect(text).toMatch(/clone3\(\{flags=CLONE_VM\|CLONE_FS\|CLONE_FILES\|CLONE_SIGHAND\|CLONE_THREAD\|CLONE_SYSVSEM\|CLONE_SETTLS\|CLONE_PARENT_SETTID\|CLONE_CHILD_CLEARTID, child_tid=ADDR, parent_tid=ADDR, exit_signal=0, stack=ADDR, stack_size=0x7fff80, tls=ADDR\}/);
    expect(text).toMatch(/\[pid +P2\] rt_sigprocmask\(SIG_BLOCK, ~\[RT_1\], NULL, 8\) = 0\n/);
    // start_thread registers the thread's rseq area before its robust list.
    expect(text).toMatch(/\[pid +P2\] rseq\(ADDR, 0x20, 0, 0x53053053\) = 0\n\[pid +P2\] set_robust_list\(ADDR, 24\) = 0\n/);
    expect(text).toMatch(/\[pid +P2\] exit\(0\) += \?\n\[pid +P2\] \+\+\+ exited with 0 \+\+\+\n/);
  });

  it('SIGALRM from alarm() is SI_KERNEL with nothing more (a fault signal would show si_addr)', () => {
    const { text } = straced(`
#include <signal.h>
#include <unistd.h>
void on_alarm(int sig) { }
int main(void)
{
    signal(SIGALRM, on_alarm);
    alarm(1);
    pause();
    return 0;
}`);
    expect(text).toContain('--- SIGALRM {si_signo=SIGALRM, si_code=SI_KERNEL} ---\n');
  });

  it('signals pending together each get a frame at once: the last one dequeued runs its handler first, from a frame that saved rax 0', () => {
    // As strace shows on Linux: SIGHUP (1) is dequeued first, then SIGUSR1's
    // frame goes on top of SIGHUP's, so the USR1 handler returns first
    // (restoring the mask of HUP's handler) with the 0 setup_rt_frame left
    // in ax, then HUP's with rt_sigprocmask's 0.
    const { text } = straced(`
#include <signal.h>
#include <unistd.h>
void h(int sig) { }
int main(void)
{
    signal(SIGUSR1, h);
    signal(SIGHUP, h);
    sigset_t all, none;
    sigfillset(&all);
    sigemptyset(&none);
    sigprocmask(SIG_BLOCK, &all, NULL);
    raise(SIGUSR1);
    raise(SIGHUP);
    sigprocmask(SIG_SETMASK, &none, NULL);
    return 0;
}`);
    expect(text).toContain(
      'rt_sigprocmask(SIG_SETMASK, [], NULL, 8) = 0\n' +
        '--- SIGHUP {si_signo=SIGHUP, si_code=SI_TKILL, si_pid=P1, si_uid=1000} ---\n' +
        '--- SIGUSR1 {si_signo=SIGUSR1, si_code=SI_TKILL, si_pid=P1, si_uid=1000} ---\n' +
        'rt_sigreturn({mask=[HUP]}) = 0\n' +
        'rt_sigreturn({mask=[]}) = 0\n',
    );
  });

  it('exec from a non-leader thread: the other threads end, the leader is superseded, the execer goes on with its PID', () => {
    // strace -f of the same program on Linux 6.x (strace 6.1):
    //   [pid  6623] execve("./st6", ["./st6", "x"], ... <unfinished ...>
    //   [pid  6621] <... pause resumed>)        = ?
    //   [pid  6622] <... pause resumed>)        = ?
    //   [pid  6622] +++ exited with 0 +++
    //   +++ superseded by execve in pid 6623 +++
    //   <... execve resumed>)                   = 0
    const { text } = straced(`
#include <pthread.h>
#include <unistd.h>
char *self;
void *idle(void *a) { for (;;) pause(); return a; }
void *execer(void *a) { usleep(100000); execl(self, self, "x", (char *)0); return a; }
int main(int argc, char **argv)
{
    if (argc > 1) return 0;
    self = argv[0];
    pthread_t a, b;
    pthread_create(&a, NULL, idle, NULL);
    pthread_create(&b, NULL, execer, NULL);
    for (;;) pause();
}`);
    expect(text).toContain(
      '[pid  P3] execve("./prog", ["./prog", "x"], ADDR /* 5 vars */ <unfinished ...>\n' +
        '[pid  P1] <... pause resumed>) = ?\n' +
        '[pid  P2] <... pause resumed>) = ?\n' +
        '[pid  P2] +++ exited with 0 +++\n' +
        '+++ superseded by execve in pid P3 +++\n' +
        '<... execve resumed>) = 0\n',
    );
    expect(text).toMatch(/exit_group\(0\) = \?\n\+\+\+ exited with 0 \+\+\+\n$/);
  });
});

describe('strace: how arguments are printed (compared with strace 6.1 on Debian 12)', () => {
  it('bytes: C escapes, other unprintable bytes in octal (3 digits before an octal digit); getrandom\'s in hex', () => {
    const { text } = straced(`
#include <unistd.h>
int main(void)
{
    int p[2], x = 0x01020304;
    char buf[16];
    pipe(p);
    write(p[1], &x, sizeof x);
    write(p[1], "a\\0b\\v\\f\\x7f\\200\\377 1\\0012", 12);
    read(p[0], buf, 4);
    return 0;
}`);
    expect(text).toContain('write(4, "\\4\\3\\2\\1", 4) = 4\n');
    expect(text).toContain('write(4, "a\\0b\\v\\f\\177\\200\\377 1\\0012", 12) = 12\n');
    expect(text).toContain('read(3, "\\4\\3\\2\\1", 4) = 4\n');
  });

  it('values no name covers get strace\'s comment; pids and fds are decimal; prctl\'s options decoded, GETs at exit', () => {
    const { text } = straced(`
#include <signal.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>
int main(void)
{
    int st, v;
    char name[16];
    sigprocmask(5, NULL, NULL);
    waitpid(-1, &st, 0x1000);
    waitpid(-1, &st, WNOHANG | 0x1000);
    waitpid(-1, &st, 0x80000000 | 0x20000000);
    getpriority(9, 0);
    setpgid(100000, 0);
    getpgid(100000);
    getsid(100000);
    dup2(1, 70000);
    prctl(PR_SET_PDEATHSIG, SIGUSR1, 0, 0, 0);
    prctl(PR_SET_PDEATHSIG, 40, 0, 0, 0);
    prctl(PR_GET_PDEATHSIG, &v, 0, 0, 0);
    prctl(PR_SET_NAME, "abc", 0, 0, 0);
    prctl(PR_GET_NAME, name, 0, 0, 0);
    prctl(PR_GET_CHILD_SUBREAPER, &v, 0, 0, 0);
    prctl(9999, 5, 0, 0x123456, 0);
    return 0;
}`);
    for (const line of [
      'rt_sigprocmask(0x5 /* SIG_??? */, NULL, NULL, 8) = 0',
      'wait4(-1, ADDR, 0x1000 /* W??? */, NULL) = -1 EINVAL (Invalid argument)',
      'wait4(-1, ADDR, WNOHANG|0x1000, NULL) = -1 EINVAL (Invalid argument)',
      'wait4(-1, ADDR, __WNOTHREAD|__WCLONE, NULL) = -1 ECHILD (No child processes)',
      'getpriority(0x9 /* PRIO_??? */, 0) = -1 EINVAL (Invalid argument)',
      'setpgid(100000, 0) = -1 ESRCH (No such process)',
      'getpgid(100000) = -1 ESRCH (No such process)',
      'getsid(100000) = -1 ESRCH (No such process)',
      'dup2(1, 70000) = -1 EBADF (Bad file descriptor)',
      'prctl(PR_SET_PDEATHSIG, SIGUSR1) = 0',
      'prctl(PR_SET_PDEATHSIG, SIGRT_8) = 0',
      'prctl(PR_GET_PDEATHSIG, [SIGRT_8]) = 0',
      'prctl(PR_SET_NAME, "abc") = 0',
      'prctl(PR_GET_NAME, "abc") = 0',
      'prctl(PR_GET_CHILD_SUBREAPER, [0]) = 0',
      'prctl(0x270f /* PR_??? */, 0x5, 0, 0x123456, 0) = -1 EINVAL (Invalid argument)',
    ])
      expect(text).toContain(line + '\n');
  });

  it('writev shows its iovec array (glibc\'s malloc messages)', () => {
    const { text } = straced(`
#include <stdlib.h>
int main(void)
{
    char *p = malloc(10);
    free(p);
    free(p);
    return 0;
}`);
    expect(text).toContain('writev(2, [{iov_base="free(): double free detected in "..., iov_len=40}, {iov_base="\\n", iov_len=1}], 2');
  });
});

describe('strace: signal sets', () => {
  it('a set is listed until two thirds of its 64 bits are set (42): then its complement with "~"', () => {
    const { text } = straced(`
#include <signal.h>
int main(void)
{
    sigset_t m;
    int i;
    sigemptyset(&m);
    for (i = 1; i <= 45; i++)
        sigaddset(&m, i);
    sigdelset(&m, SIGTRAP);
    sigdelset(&m, SIGBUS);
    sigprocmask(SIG_SETMASK, &m, 0);   /* 41 signals (glibc drops 32 and 33) */
    sigaddset(&m, SIGTRAP);
    sigprocmask(SIG_SETMASK, &m, 0);   /* 42 */
    return 0;
}`);
    expect(text).toContain(
      'rt_sigprocmask(SIG_SETMASK, [HUP INT QUIT ILL ABRT FPE KILL USR1 SEGV USR2 PIPE ALRM TERM STKFLT CHLD CONT STOP TSTP TTIN TTOU URG XCPU XFSZ VTALRM PROF WINCH IO PWR SYS RT_2 RT_3 RT_4 RT_5 RT_6 RT_7 RT_8 RT_9 RT_10 RT_11 RT_12 RT_13], NULL, 8) = 0\n',
    );
    expect(text).toContain(
      'rt_sigprocmask(SIG_SETMASK, ~[BUS RTMIN RT_1 RT_14 RT_15 RT_16 RT_17 RT_18 RT_19 RT_20 RT_21 RT_22 RT_23 RT_24 RT_25 RT_26 RT_27 RT_28 RT_29 RT_30 RT_31 RT_32], NULL, 8) = 0\n',
    );
  });
});

describe('strace: what glibc passes on', () => {
  it('perror to a pipe: F_GETFL of a pipe end has no O_LARGEFILE (create_pipe_files, not open)', () => {
    const { text } = straced(`
#include <stdio.h>
#include <unistd.h>
int main(void)
{
    int p[2];
    pipe(p);
    dup2(p[1], 2);
    perror("x");
    return 0;
}`);
    expect(text).toContain('fcntl(5, F_GETFL) = 0x1 (flags O_WRONLY)\n');
  });

  it('sigsuspend hands the mask to the kernel as it is, glibc\'s own signals (32, 33) included', () => {
    const { text } = straced(`
#include <signal.h>
#include <string.h>
#include <unistd.h>
void h(int s) { }
int main(void)
{
    sigset_t m;
    memset(&m, 0xff, sizeof m);
    sigdelset(&m, SIGALRM);
    signal(SIGALRM, h);
    alarm(1);
    sigsuspend(&m);
    return 0;
}`);
    expect(text).toContain('rt_sigsuspend(~[ALRM], 8) = ? ERESTARTNOHAND (To be restarted if no handler)\n');
  });
});
