/* nice() and setpriority(PRIO_PROCESS, 0) change only the calling thread; a thread id names one thread. Run as a normal user, at nice 0 (as kernlab starts programs). */
#include <pthread.h>
#include <stdio.h>
#include <errno.h>
#include <string.h>
#include <unistd.h>
#include <sys/resource.h>

pid_t worker_tid;
volatile int go = 0;

void *worker(void *arg)
{
    worker_tid = gettid();
    printf("thread: nice(5) = %d\n", nice(5));
    fflush(stdout);
    while (!go) usleep(1000);
    printf("thread: after main's setpriority on my tid: %d\n", getpriority(PRIO_PROCESS, 0));
    fflush(stdout);
    return NULL;
}

int main(void)
{
    pthread_t t;
    pthread_create(&t, NULL, worker, NULL);
    while (!worker_tid) usleep(1000);
    usleep(50000);
    printf("main: my nice %d, the thread's %d\n", getpriority(PRIO_PROCESS, 0), getpriority(PRIO_PROCESS, worker_tid));
    printf("main: PRIO_PGRP sees the highest priority (lowest nice) of all threads: %d\n", getpriority(PRIO_PGRP, 0));
    printf("main: setpriority(thread, 7) = %d\n", setpriority(PRIO_PROCESS, worker_tid, 7));
    errno = 0;
    int r = setpriority(PRIO_PROCESS, worker_tid, 6);
    printf("main: lowering it back to 6 as a user: %d %s\n", r, strerror(errno));
    go = 1;
    pthread_join(t, NULL);
    printf("main: still %d\n", getpriority(PRIO_PROCESS, 0));
    return 0;
}
