/* threads.c: threads are tasks that share one address space (mm) and one
 * thread group: each has its own PID (the TID, gettid()), all share the
 * TGID (getpid()). pthread_create() is clone() with CLONE_VM | CLONE_THREAD
 * and the rest of the flags that share what a process has.
 *
 * Watch: the task tree (or pstree -p) shows the threads under their
 *        process as {threads}; the memory pane shows one map for all
 *        (select each thread: the same mm# in its title).
 * Try:   ls /proc/PID/task (a TID each); grep -E 'Tgid|Pid|Threads'
 *        /proc/TID/status for two of them; strace -f -p PID while they run. */
#define _GNU_SOURCE /* gettid */
#include <stdio.h>
#include <pthread.h>
#include <unistd.h>

#define THREADS 3

static long work[THREADS]; /* one memory: each thread fills its own slot */
static pid_t tid[THREADS];

void *worker(void *arg)
{
    long i = (long)arg;

    tid[i] = gettid();
    for (int n = 0; n < 5; n++) {
        work[i] += 10;
        sleep(1); /* time to look */
    }
    return NULL;
}

int main(void)
{
    pthread_t t[THREADS];
    long sum = 0;
    int own = 1;

    for (long i = 0; i < THREADS; i++)
        pthread_create(&t[i], NULL, worker, (void *)i);
    for (int i = 0; i < THREADS; i++) {
        pthread_join(t[i], NULL);
        sum += work[i];
        if (tid[i] == getpid())
            own = 0;
    }
    printf("%d threads in process: their work adds up to %ld in main's memory\n", THREADS, sum);
    printf("each thread had a TID of its own: %s\n", own ? "yes" : "no");
    return 0;
}
