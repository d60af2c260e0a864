/* Threads: ids, join values, pthread_exit, and exit() from a thread ending the whole process. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <unistd.h>
#include <sys/wait.h>

pid_t tids[4];
pthread_t selves[4];

void *worker(void *arg)
{
    long i = (long)arg;
    tids[i] = gettid();
    selves[i] = pthread_self();
    if (getpid() == gettid()) printf("thread %ld is the leader?\\n", i);
    if (i == 2) pthread_exit((void *)(i * 100));
    return (void *)(i * 10);
}

void *quitter(void *arg)
{
    usleep(100000);
    printf("thread calls exit(%ld)\n", (long)arg);
    exit((long)arg);
}

void *leftover(void *arg)
{
    for (;;) pause();
    return NULL;
}

int main(void)
{
    pthread_t th[4];
    void *ret;
    int st;
    long i;
    printf("main: getpid()==gettid(): %d\n", getpid() == gettid());
    for (i = 0; i < 4; i++) pthread_create(&th[i], NULL, worker, (void *)i);
    for (i = 0; i < 4; i++) {
        int r = pthread_join(th[i], &ret);
        printf("join %ld: r=%d value=%ld same pthread_t=%d tid!=pid %d\n", i, r, (long)ret, th[i] == selves[i], tids[i] != getpid());
    }
    printf("tids distinct: %d\n", tids[0] != tids[1] && tids[1] != tids[2] && tids[2] != tids[3]);
    printf("join self: %d\n", pthread_join(pthread_self(), &ret));

    /* exit() in a thread ends every thread: exit_group */
    pid_t c = fork();
    if (c == 0) {
        pthread_t a, b;
        pthread_create(&a, NULL, leftover, NULL);
        pthread_create(&b, NULL, quitter, (void *)7);
        for (;;) pause();
    }
    waitpid(c, &st, 0);
    printf("process with a thread calling exit: exited=%d status=%d\n", WIFEXITED(st), WEXITSTATUS(st));

    /* main returning ends the threads too */
    c = fork();
    if (c == 0) {
        pthread_t a;
        pthread_create(&a, NULL, leftover, NULL);
        usleep(100000);
        return 4;
    }
    waitpid(c, &st, 0);
    printf("main returns with a thread left: status=%d\n", WEXITSTATUS(st));

    /* pthread_exit in main: the process lives on until its last thread ends */
    c = fork();
    if (c == 0) {
        pthread_t a;
        pthread_create(&a, NULL, quitter, (void *)9);
        pthread_exit(NULL);
    }
    waitpid(c, &st, 0);
    printf("main called pthread_exit, last thread exit(9): status=%d\n", WEXITSTATUS(st));
    return 0;
}
