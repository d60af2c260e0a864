/* What fork copies of signal state: handlers, ignored signals and the mask, but not pending signals. */
#include <signal.h>
#include <stdio.h>
#include <unistd.h>
#include <sys/wait.h>

volatile int got = 0;
void h(int s) { got = s; }

int main(void)
{
    sigset_t set, m, p;
    signal(SIGUSR1, h);
    signal(SIGUSR2, SIG_IGN);
    sigemptyset(&set);
    sigaddset(&set, SIGHUP);
    sigaddset(&set, SIGUSR1);
    sigprocmask(SIG_BLOCK, &set, NULL);
    raise(SIGHUP);
    raise(SIGUSR1);
    pid_t c = fork();
    if (c == 0) {
        sigprocmask(SIG_BLOCK, NULL, &m);
        sigpending(&p);
        printf("child: mask HUP %d USR1 %d; pending HUP %d USR1 %d\n", sigismember(&m, SIGHUP), sigismember(&m, SIGUSR1),
               sigismember(&p, SIGHUP), sigismember(&p, SIGUSR1));
        printf("child: USR2 still ignored %d\n", signal(SIGUSR2, SIG_IGN) == SIG_IGN);
        raise(SIGUSR1);
        sigprocmask(SIG_UNBLOCK, &set, NULL);
        printf("child: inherited handler ran for %d\n", got);
        fflush(stdout);
        _exit(0);
    }
    waitpid(c, NULL, 0);
    sigpending(&p);
    printf("parent: still pending HUP %d USR1 %d\n", sigismember(&p, SIGHUP), sigismember(&p, SIGUSR1));
    signal(SIGHUP, SIG_IGN);
    sigprocmask(SIG_UNBLOCK, &set, NULL);
    printf("parent: handler ran for %d\n", got);
    return 0;
}
