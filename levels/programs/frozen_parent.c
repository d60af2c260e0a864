/* frozen_parent.c: a server that reaps its workers from a SIGCHLD
 * handler, as many daemons do. Someone has stopped it. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

void on_sigchld(int sig)
{
    pid_t pid;
    int status;

    /* One SIGCHLD can stand for several dead children: reap them all. */
    while ((pid = waitpid(-1, &status, WNOHANG)) > 0)
        printf("parent: reaped worker %d (exit status %d)\n", pid, WEXITSTATUS(status));
}

int main(void)
{
    int i;

    signal(SIGCHLD, on_sigchld);
    for (i = 0; i < 3; i++) {
        if (fork() == 0) {
            sleep(1 + i);       /* the workers finish one after another */
            exit(i);
        }
    }
    for (;;)
        pause();                /* wait for signals */
    return 0;
}
