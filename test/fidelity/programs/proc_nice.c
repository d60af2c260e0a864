/* nice, getpriority and setpriority: return values and errno. Run as a normal user, at nice 0 (as kernlab starts programs). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <unistd.h>
#include <sys/resource.h>
#include <sys/wait.h>

int main(void)
{
    int r, st;
    pid_t c;
    errno = 0;
    r = getpriority(PRIO_PROCESS, 0);
    printf("getpriority: %d errno=%d\n", r, errno);
    r = nice(0);
    printf("nice(0): %d\n", r);
    r = nice(5);
    printf("nice(5): %d\n", r);
    r = nice(30);
    printf("nice(30): %d (clamped)\n", r);
    printf("getpriority: %d\n", getpriority(PRIO_PROCESS, 0));
    errno = 0;
    r = nice(-1);
    printf("nice(-1) as a user: %d %s\n", r, strerror(errno));
    r = setpriority(PRIO_PROCESS, 0, 10);
    printf("setpriority(10) as a user: %d %s\n", r, strerror(errno));
    r = setpriority(PRIO_PROCESS, 0, 19);
    printf("setpriority(19): %d\n", r);
    r = setpriority(PRIO_PROCESS, 0, 100);
    printf("setpriority(100): %d now %d\n", r, getpriority(PRIO_PROCESS, 0));
    errno = 0;
    r = getpriority(PRIO_PROCESS, 999999);
    printf("getpriority(no such): %d %s\n", r, strerror(errno));
    r = setpriority(PRIO_PROCESS, 999999, 5);
    printf("setpriority(no such): %d %s\n", r, strerror(errno));
    r = getpriority(7, 0);
    printf("getpriority(bad which): %d %s\n", r, strerror(errno));
    r = setpriority(PRIO_PROCESS, 1, 19);
    printf("setpriority(init): %d %s\n", r, strerror(errno));

    c = fork();
    if (c == 0) { printf("child inherits nice: %d\n", getpriority(PRIO_PROCESS, 0)); _exit(0); }
    waitpid(c, &st, 0);
    errno = 0;
    r = getpriority(PRIO_PGRP, 0);
    printf("PRIO_PGRP: %d errno=%d\n", r, errno);
    return 0;
}
