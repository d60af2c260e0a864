/* Pending signals are dequeued synchronous ones first (SIGILL, SIGTRAP,
 * SIGBUS, SIGFPE, SIGSEGV, SIGSYS: the lowest of them), then the lowest
 * number; all of them get a frame at once, so the handlers run in the
 * reverse order: the last one dequeued runs first. */
#include <signal.h>
#include <stdio.h>
#include <unistd.h>

volatile int order[32], n;

void h(int s) { order[n++] = s; }

int main(void)
{
    sigset_t all, old;
    int i;
    int sigs[] = { SIGTERM, SIGUSR2, SIGHUP, SIGSEGV, SIGALRM, SIGINT, SIGPIPE, SIGBUS, SIGUSR1, SIGILL, SIGFPE, SIGTRAP, SIGQUIT, SIGABRT, SIGSYS };
    int nsigs = sizeof sigs / sizeof sigs[0];

    for (i = 0; i < nsigs; i++)
        signal(sigs[i], h);
    sigfillset(&all);
    sigprocmask(SIG_BLOCK, &all, &old);
    for (i = 0; i < nsigs; i++)
        raise(sigs[i]);
    sigprocmask(SIG_SETMASK, &old, NULL);
    printf("handlers ran:");
    for (i = 0; i < n; i++)
        printf(" %d", order[i]);
    printf("\n");

    /* two only: SIGSEGV (synchronous) is dequeued before SIGHUP, so SIGHUP's handler runs first */
    n = 0;
    sigprocmask(SIG_BLOCK, &all, &old);
    raise(SIGHUP);
    raise(SIGSEGV);
    sigprocmask(SIG_SETMASK, &old, NULL);
    printf("SIGHUP and SIGSEGV: %d %d\n", order[0], order[1]);
    return 0;
}
