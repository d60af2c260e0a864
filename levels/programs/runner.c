/* runner.c: runs the nightly upload. It starts the uploader (itself,
 * run again with --upload) with vfork() + exec: vfork is cheap, the
 * child borrows the parent's memory instead of copying its page tables,
 * and the parent sleeps until the child calls exec or _exit.
 *
 * The uploader must not start before the network is up, so the child
 * waits for SIGUSR1 first. That wait is the bug: a vfork child must do
 * nothing but exec or _exit, and here the parent is frozen meanwhile. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

int network_up;         /* set by SIGUSR1 */

void on_usr1(int sig)
{
    network_up = 1;
}

/* The uploader itself (runner --upload): send the files, report. */
int upload(void)
{
    int file;

    for (file = 1; file <= 4; file++) {
        printf("uploader: sending archive %d/4\n", file);
        usleep(250000);
    }
    return 0;
}

int main(int argc, char **argv)
{
    pid_t pid;
    int status;

    if (argc > 1 && strcmp(argv[1], "--upload") == 0)
        return upload();

    signal(SIGUSR1, on_usr1);
    printf("runner: starting the uploader\n");
    pid = vfork();
    if (pid == 0) {
        printf("uploader[%d]: waiting for the network (SIGUSR1)\n", getpid());
        while (!network_up)
            pause();
        execl("/home/student/runner", "runner", "--upload", NULL);
        _exit(127);             /* exec failed */
    }
    /* We get here only once the child has exec'd or exited. */
    if (waitpid(pid, &status, 0) < 0) {
        perror("waitpid");
        return 1;
    }
    if (WIFEXITED(status) && WEXITSTATUS(status) == 0) {
        printf("runner: upload done\n");
        return 0;
    }
    printf("runner: the uploader failed, the upload is lost\n");
    return 1;
}
