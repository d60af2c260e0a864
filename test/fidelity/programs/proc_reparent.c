/* Orphans go to the nearest child subreaper (PR_SET_CHILD_SUBREAPER). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <unistd.h>
#include <sys/prctl.h>
#include <sys/wait.h>

int main(void)
{
    int st, v = -1;
    pid_t me = getpid(), c, r;
    prctl(PR_GET_CHILD_SUBREAPER, &v);
    printf("subreaper at start: %d\n", v);
    printf("set: %d\n", prctl(PR_SET_CHILD_SUBREAPER, 1));
    prctl(PR_GET_CHILD_SUBREAPER, &v);
    printf("subreaper now: %d\n", v);
    int fd[2];
    pipe(fd);
    c = fork();
    if (c == 0) {
        pid_t mid = getpid();
        if (fork() == 0) {
            printf("grandchild: parent is the middle child: %d\n", getppid() == mid);
            fflush(stdout);
            char b;
            read(fd[0], &b, 1);
            printf("grandchild: parent is the subreaper: %d\n", getppid() == me);
            _exit(5);
        }
        usleep(100000);
        _exit(0);
    }
    r = waitpid(c, &st, 0);
    printf("middle child reaped: %d status=%d\n", r == c, WEXITSTATUS(st));
    write(fd[1], "x", 1);
    r = wait(&st);
    printf("subreaper reaped the grandchild: %d status=%d\n", r > 0 && r != c, WEXITSTATUS(st));
    r = wait(&st);
    printf("then: %d %s\n", r, strerror(errno));

    /* the subreaper flag is inherited by neither fork nor kept... fork clears it */
    c = fork();
    if (c == 0) { prctl(PR_GET_CHILD_SUBREAPER, &v); printf("child's flag: %d\n", v); _exit(0); }
    waitpid(c, &st, 0);

    /* a thread-less orphan's parent death signal */
    c = fork();
    if (c == 0) {
        prctl(PR_SET_PDEATHSIG, SIGUSR1);
        prctl(PR_GET_PDEATHSIG, &v);
        printf("pdeathsig: %d\n", v);
        _exit(0);
    }
    waitpid(c, &st, 0);
    return 0;
}
