/* spawner.c: a job runner. Every half second it forks a worker for the
 * next job. It never waits for them: each finished worker stays a
 * zombie. Its operator left it two switches:
 *
 *   kill -USR1 <pid>   stop caring about the workers' exit status:
 *                      SIGCHLD is set to SIG_IGN, so the kernel reaps
 *                      every worker that exits from now on, by itself.
 *   kill -USR2 <pid>   reap, once, every worker that has already exited.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

int jobs_done;          /* jobs handed to workers so far */

/* SIGUSR1: from now on, finished workers need no wait(). */
void ignore_children(int sig)
{
    signal(SIGCHLD, SIG_IGN);
    printf("spawner: SIGCHLD is now SIG_IGN\n");
}

/* SIGUSR2: collect every worker that has already exited. */
void reap_children(int sig)
{
    int n = 0;

    while (waitpid(-1, NULL, WNOHANG) > 0)
        n++;
    printf("spawner: reaped %d worker(s)\n", n);
}

/* One job: a little work, then exit. */
void run_job(int job)
{
    int i;
    unsigned long sum = 0;

    for (i = 0; i < 300; i++)
        sum = sum + (unsigned long)(i * job);
    exit(0);
}

int main(void)
{
    signal(SIGUSR1, ignore_children);
    signal(SIGUSR2, reap_children);
    printf("spawner: running jobs (SIGUSR1: ignore SIGCHLD, SIGUSR2: reap now)\n");
    for (;;) {
        usleep(500000);
        jobs_done++;
        if (fork() == 0)
            run_job(jobs_done);
    }
    return 0;
}
