/* Real-time signals queue (a standard one pending twice is one), and are
 * delivered after the standard ones, lowest number first; glibc keeps
 * signals 32 and 33 for itself. */
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <errno.h>
#include <unistd.h>
#include <sys/wait.h>

char order[64];
int n = 0;
void h(int s) { n += sprintf(order + n, "%d ", s); }
void h2(int s) { }

int main(void)
{
    sigset_t all, old, s;
    int st, r;
    pid_t c;
    printf("SIGRTMIN %d SIGRTMAX %d NSIG %d\n", SIGRTMIN, SIGRTMAX, NSIG);
    signal(SIGRTMIN, h);
    signal(SIGRTMIN + 1, h);
    signal(SIGRTMAX, h);
    signal(SIGUSR1, h);
    signal(SIGUSR2, h);
    sigfillset(&all);
    sigprocmask(SIG_BLOCK, &all, &old);
    raise(SIGRTMAX);
    raise(SIGRTMIN + 1);
    raise(SIGRTMIN);
    raise(SIGRTMIN);
    raise(SIGUSR2);
    raise(SIGRTMIN);
    raise(SIGUSR1);
    raise(SIGUSR1);
    sigprocmask(SIG_SETMASK, &old, NULL);
    printf("delivered: %s\n", order);

    /* a real-time signal's default action ends the process */
    c = fork();
    if (c == 0) { signal(SIGRTMIN, SIG_DFL); raise(SIGRTMIN); _exit(0); }
    waitpid(c, &st, 0);
    printf("SIGRTMIN by default: signaled %d sig %d\n", WIFSIGNALED(st), WTERMSIG(st));

    /* glibc's internal signals */
    sigfillset(&s);
    printf("sigfillset has 31 %d, 32 %d, 33 %d, 34 %d\n", sigismember(&s, 31), sigismember(&s, 32), sigismember(&s, 33), sigismember(&s, 34));
    sigemptyset(&s);
    errno = 0;
    r = sigaddset(&s, 32);
    printf("sigaddset(32): %d %s\n", r, strerror(errno));
    errno = 0;
    r = sigaddset(&s, 65);
    printf("sigaddset(65): %d %s\n", r, strerror(errno));
    errno = 0;
    r = sigismember(&s, 0);
    printf("sigismember(0): %d %s\n", r, strerror(errno));
    /* gcc evaluates arguments right to left: one call per statement keeps the order clear */
    errno = 0;
    r = signal(32, h) == SIG_ERR;
    printf("signal(32): SIG_ERR %d %s\n", r, strerror(errno));
    errno = 0;
    r = signal(33, h) == SIG_ERR;
    printf("signal(33): SIG_ERR %d %s\n", r, strerror(errno));

    /* signal() returns the previous handler */
    int p1 = signal(SIGUSR1, h2) == h;
    int p2 = signal(SIGUSR1, SIG_IGN) == h2;
    int p3 = signal(SIGUSR1, SIG_DFL) == SIG_IGN;
    printf("previous handler: %d %d %d\n", p1, p2, p3);

    /* sigsuspend with the signal already pending returns at once */
    sigemptyset(&s);
    sigaddset(&s, SIGUSR2);
    sigprocmask(SIG_BLOCK, &s, &old);
    raise(SIGUSR2);
    n = 0;
    order[0] = 0;
    sigemptyset(&s);
    r = sigsuspend(&s);
    printf("sigsuspend with USR2 pending: %d %s, handler ran: %s\n", r, strerror(errno), order);
    sigprocmask(SIG_SETMASK, &old, NULL);

    /* SIGALRM by default ends the process; sleep(0) and alarm(0) */
    printf("sleep(0) = %u, usleep(0) = %d\n", sleep(0), usleep(0));
    alarm(100);
    unsigned a1 = alarm(0);
    unsigned a2 = alarm(0);
    printf("alarm(0) cancels, returns %u; again %u\n", a1, a2);
    c = fork();
    if (c == 0) { alarm(1); pause(); _exit(0); }
    waitpid(c, &st, 0);
    printf("alarm without a handler: signaled %d sig %d\n", WIFSIGNALED(st), WTERMSIG(st));
    alarm(5);
    c = fork();
    if (c == 0) { _exit(alarm(0)); }
    waitpid(c, &st, 0);
    printf("fork's child has no alarm pending: alarm(0) = %d; the parent's is kept: %d\n", WEXITSTATUS(st), alarm(0) > 0);
    return 0;
}
