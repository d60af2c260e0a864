/* dispatch.c: a request dispatcher. It forks one handler per request,
 * and its author forgot the other half of fork(): nobody ever calls
 * wait() for the handlers. Each one that finishes stays a zombie. */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

/* What a handler does with one request. */
int handle(int request)
{
    int i;
    unsigned long sum = 0;

    for (i = 0; i < 500; i++)
        sum = sum + (unsigned long)(i ^ request);
    return (int)(sum % 7);
}

int main(void)
{
    int request = 0;

    printf("dispatch: ready, one handler per request\n");
    for (;;) {
        usleep(400000);                 /* the next request arrives */
        request++;
        if (fork() == 0) {
            handle(request);
            exit(0);                    /* done: a zombie until someone waits */
        }
        /* missing: waitpid(-1, NULL, WNOHANG) */
    }
    return 0;
}
