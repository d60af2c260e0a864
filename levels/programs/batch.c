/* batch.c: the night's batch runner. It starts five jobs at once, then
 * collects them in the order it started them: waitpid() on one job at a
 * time. The fetch job waits for the job list on a pipe, and the runner,
 * which was meant to send it, never writes a byte. (Nor does anyone close
 * a write end: every job holds one too, from fork().) */
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#define NJOBS 5

const char *names[NJOBS] = { "rotate", "fetch", "thumbs", "report", "vacuum" };

/* What job `i` does: each ends with exit(10 + i). */
void job(int i, int listfd)
{
    char buf[64];

    if (i == 1) {
        /* Waits for the list: read() sleeps in pipe_read() until a byte
         * comes, or until every write end is closed (then it returns 0). */
        read(listfd, buf, sizeof(buf));
    } else if (i == 3) {
        sleep(6);               /* the report: slow, and worth waiting for */
        printf("report: written\n");
    } else {
        usleep(200000 * (i + 1));   /* quick jobs: 0.2 s, 0.6 s, 1 s */
    }
    exit(10 + i);
}

int main(void)
{
    pid_t pids[NJOBS];
    int list[2];
    int i, status;

    pipe(list);
    for (i = 0; i < NJOBS; i++) {
        pids[i] = fork();
        if (pids[i] == 0)
            job(i, list[0]);
    }
    /* missing: write(list[1], ...) or close(list[1]) */
    for (i = 0; i < NJOBS; i++) {
        waitpid(pids[i], &status, 0);   /* this job, and only this one */
        if (WIFEXITED(status))
            printf("batch: %s done, exit status %d\n", names[i], WEXITSTATUS(status));
        else
            printf("batch: %s killed by signal %d\n", names[i], WTERMSIG(status));
    }
    printf("batch: all jobs collected\n");
    for (;;)
        pause();                /* waits for tomorrow night */
    return 0;
}
