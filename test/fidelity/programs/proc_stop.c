/* Stop and continue: what a stopped process does with other signals, and SIGHUP+SIGCONT for a newly orphaned stopped group. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <unistd.h>
#include <sys/wait.h>

int fd[2];
void hup(int s) { write(fd[1], "H", 1); }
void cont(int s) { write(fd[1], "C", 1); }
void usr(int s) { write(fd[1], "U", 1); }

/* reads exactly n bytes from the pipe */
char *readn(char *buf, int n)
{
    int i = 0;
    while (i < n && read(fd[0], buf + i, 1) == 1) i++;
    buf[i] = 0;
    return buf;
}

int main(void)
{
    int st, r;
    pid_t c;
    char buf[8];
    pipe(fd);

    /* a signal to a stopped process waits until it continues (handled ones) */
    c = fork();
    if (c == 0) { signal(SIGUSR1, usr); signal(SIGCONT, cont); for (;;) pause(); }
    usleep(100000);
    kill(c, SIGSTOP);
    waitpid(c, &st, WUNTRACED);
    kill(c, SIGUSR1);
    usleep(100000);
    r = waitpid(c, &st, WNOHANG);
    printf("USR1 to a stopped child: still stopped, waitpid=%d\n", r);
    kill(c, SIGCONT);
    printf("after SIGCONT the handlers ran: %s\n", readn(buf, 2));
    /* SIGCONT to a running process: only the handler */
    kill(c, SIGCONT);
    printf("SIGCONT while running: %s\n", readn(buf, 1));
    /* SIGKILL kills a stopped process at once */
    kill(c, SIGSTOP);
    waitpid(c, &st, WUNTRACED);
    kill(c, SIGKILL);
    waitpid(c, &st, 0);
    printf("SIGKILL while stopped: signaled=%d sig=%d\n", WIFSIGNALED(st), WTERMSIG(st));
    /* SIGTERM (default action) to a stopped process: dies when continued */
    c = fork();
    if (c == 0) { for (;;) pause(); }
    kill(c, SIGSTOP);
    waitpid(c, &st, WUNTRACED);
    kill(c, SIGTERM);
    usleep(100000);
    r = waitpid(c, &st, WNOHANG);
    printf("SIGTERM while stopped: waitpid=%d\n", r);
    kill(c, SIGCONT);
    waitpid(c, &st, 0);
    printf("then continued: sig=%d\n", WTERMSIG(st));
    /* SIGCONT clears a pending stop and SIGSTOP clears a pending SIGCONT */
    c = fork();
    if (c == 0) {
        sigset_t set;
        sigemptyset(&set);
        sigaddset(&set, SIGCONT);
        sigprocmask(SIG_BLOCK, &set, NULL);
        signal(SIGCONT, cont);
        raise(SIGCONT);
        raise(SIGSTOP);
        /* continued by the parent: is a SIGCONT still pending? */
        sigset_t p;
        sigpending(&p);
        printf("child: SIGCONT pending after stop+cont %d\n", sigismember(&p, SIGCONT));
        fflush(stdout);
        _exit(0);
    }
    waitpid(c, &st, WUNTRACED);
    printf("child stopped itself: %d\n", WIFSTOPPED(st));
    fflush(stdout);
    kill(c, SIGCONT);
    waitpid(c, &st, 0);

    /* orphaned stopped group: SIGHUP then SIGCONT */
    c = fork();
    if (c == 0) {
        pid_t g = fork();
        if (g == 0) {
            setpgid(0, 0);
            signal(SIGHUP, hup);
            signal(SIGCONT, cont);
            raise(SIGSTOP);
            write(fd[1], "X", 1);
            _exit(0);
        }
        waitpid(g, &st, WUNTRACED);
        _exit(0);
    }
    waitpid(c, &st, 0);
    printf("orphaned stopped group got: %s\n", readn(buf, 3));
    return 0;
}
