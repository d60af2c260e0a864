/* logship.c: ships log lines to the log server. For every batch it
 * forks a sender, and never waits for one: each finished sender stays a
 * zombie, and a zombie keeps its PID until it is reaped. When fork
 * fails, it just tries the next batch. */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

int main(void)
{
    int batch = 0;

    for (;;) {
        usleep(10000);                  /* the next batch of lines */
        batch++;
        if (fork() == 0) {
            usleep(5000);               /* send it */
            exit(0);                    /* ...and wait forever to be reaped */
        }
    }
    return 0;
}
