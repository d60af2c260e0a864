/* supervisor.c: keeps the machine's daemons alive. A parent learns when
 * a child dies (SIGCHLD, then wait4 gives the exit status), so the
 * supervisor must be the parent of every daemon it watches.
 *
 * It does not start the daemons itself: its helper "starter" forks them
 * and exits once they are up (the classic double fork). When the starter
 * is gone, its children need a new parent, and the kernel picks one:
 * init, unless a closer ancestor has asked to adopt orphans
 * (prctl(PR_SET_CHILD_SUBREAPER, 1)). This version never asks. */
#include <signal.h>
#include <stdio.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

/* A child died: collect it, and say who it was. */
void on_sigchld(int sig)
{
    pid_t pid;
    int status;

    while ((pid = waitpid(-1, &status, WNOHANG)) > 0)
        printf("supervisor: child %d exited (status %d)\n", pid, WEXITSTATUS(status));
}

int main(void)
{
    signal(SIGCHLD, on_sigchld);
    printf("supervisor: watching my children\n");
    for (;;)
        pause();
    return 0;
}
