/* exec: failures and errno; what a successful exec keeps and resets. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <unistd.h>
#include <sys/wait.h>

void h(int s) { }

int main(int argc, char **argv)
{
    int st, r;
    pid_t c;
    if (argc > 1) {
        /* after exec */
        sigset_t m, p;
        sigprocmask(SIG_BLOCK, NULL, &m);
        sigpending(&p);
        void (*old)(int);
        old = signal(SIGUSR1, SIG_DFL);
        printf("USR1 handler reset to SIG_DFL: %d\n", old == SIG_DFL);
        old = signal(SIGUSR2, SIG_DFL);
        printf("USR2 still ignored: %d\n", old == SIG_IGN);
        old = signal(SIGTERM, SIG_DFL);
        printf("TERM default: %d\n", old == SIG_DFL);
        printf("mask kept: INT %d HUP %d USR1 %d\n", sigismember(&m, SIGINT), sigismember(&m, SIGHUP), sigismember(&m, SIGUSR1));
        printf("pending kept: HUP %d\n", sigismember(&p, SIGHUP));
        printf("pid kept: %d\n", getpid() == atoi(argv[1]));
        return 0;
    }
    errno = 0;
    r = execl("/no/such/file", "x", NULL);
    printf("ENOENT: %d %s\n", r, strerror(errno));
    r = execl("", "x", NULL);
    printf("empty path: %d %s\n", r, strerror(errno));
    r = execlp("no-such-command-here", "x", NULL);
    printf("execlp: %d %s\n", r, strerror(errno));
    r = execl("/", "x", NULL);
    printf("directory: %d %s\n", r, strerror(errno));
    char sub[256];
    sprintf(sub, "%s/x", argv[0]);
    r = execl(sub, "x", NULL);
    printf("file as a directory: %d %s\n", r, strerror(errno));

    signal(SIGUSR1, h);
    signal(SIGUSR2, SIG_IGN);
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGHUP);
    sigprocmask(SIG_BLOCK, &set, NULL);
    raise(SIGHUP);
    c = fork();
    if (c == 0) {
        char buf[16];
        sprintf(buf, "%d", getpid());
        execl(argv[0], argv[0], buf, NULL);
        _exit(127);
    }
    waitpid(c, &st, 0);
    printf("child status=%d\n", WEXITSTATUS(st));
    return 0;
}
