/* bomb.c: a "load test" someone wrote in a hurry. Every copy forks
 * another copy once a second, so their number doubles every second,
 * until the kernel refuses: fork() fails with EAGAIN when the user has
 * RLIMIT_NPROC processes. Then every copy keeps retrying.
 * It ignores SIGTERM and SIGINT: "a load test must not stop halfway". */
#include <signal.h>
#include <stdio.h>
#include <unistd.h>

int main(void)
{
    signal(SIGTERM, SIG_IGN);
    signal(SIGINT, SIG_IGN);
    for (;;) {
        if (fork() < 0) {
            usleep(100000);     /* EAGAIN: try again soon */
            continue;
        }
        sleep(1);               /* parent and child both go on */
    }
    return 0;
}
