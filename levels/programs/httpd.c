/* httpd.c: a small web server. For each request it forks a handler,
 * and reaps it when it is done. It runs as the same user as everything
 * else here, so it shares that user's process limit (RLIMIT_NPROC). */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

int served;             /* requests answered */
int refused;            /* requests lost because fork() failed */

int main(void)
{
    pid_t pid;

    printf("httpd: listening on port 80\n");
    for (;;) {
        usleep(500000);                 /* a request comes in */
        pid = fork();
        if (pid < 0) {
            refused++;
            if (refused % 4 == 1)
                perror("httpd: fork");
            continue;
        }
        if (pid == 0) {
            usleep(20000);              /* send the page */
            exit(0);
        }
        served++;
        while (waitpid(-1, NULL, WNOHANG) > 0)
            ;
    }
    return 0;
}
