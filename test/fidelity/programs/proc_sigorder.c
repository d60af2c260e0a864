/* The order in which pending signals reach their handlers, and SIGCHLD set to SIG_IGN. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <unistd.h>
#include <sys/wait.h>

char order[64];
int n = 0;
void h(int s) { order[n++] = 'A' + s - 1; order[n] = 0; }

int main(void)
{
    int st;
    pid_t c, r;
    sigset_t set, old;
    signal(SIGUSR1, h);
    signal(SIGUSR2, h);
    signal(SIGHUP, h);
    signal(SIGTERM, h);
    signal(SIGALRM, h);
    sigfillset(&set);
    sigprocmask(SIG_BLOCK, &set, &old);
    raise(SIGTERM);
    raise(SIGUSR2);
    raise(SIGHUP);
    raise(SIGUSR1);
    raise(SIGALRM);
    raise(SIGUSR1);
    sigprocmask(SIG_SETMASK, &old, NULL);
    printf("handlers ran (A=1 ... O=15): %s\n", order);

    /* a standard signal pending twice is delivered once */
    n = 0;
    sigprocmask(SIG_BLOCK, &set, NULL);
    kill(getpid(), SIGUSR1);
    kill(getpid(), SIGUSR1);
    kill(getpid(), SIGUSR1);
    sigprocmask(SIG_SETMASK, &old, NULL);
    printf("three USR1 while blocked: %d handler call(s)\n", n);

    /* SIGCHLD ignored: children are reaped at exit, wait finds none */
    signal(SIGCHLD, SIG_IGN);
    c = fork();
    if (c == 0) _exit(3);
    usleep(100000);
    errno = 0;
    r = waitpid(c, &st, WNOHANG);
    printf("SIG_IGN: waitpid(WNOHANG) %d %s\n", r, strerror(errno));
    c = fork();
    if (c == 0) { usleep(100000); _exit(3); }
    r = wait(&st);
    printf("SIG_IGN: wait blocks, then %d %s\n", r, strerror(errno));
    r = kill(c, 0);
    printf("kill of the reaped child: %d %s\n", r, strerror(errno));
    signal(SIGCHLD, SIG_DFL);
    c = fork();
    if (c == 0) _exit(4);
    usleep(100000);
    printf("SIG_DFL: zombie alive for kill: %d\n", kill(c, 0));
    r = waitpid(c, &st, 0);
    printf("SIG_DFL: reaped %d status=%d\n", r == c, WEXITSTATUS(st));
    return 0;
}
