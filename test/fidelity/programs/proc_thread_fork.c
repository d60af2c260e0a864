/* Threads meet fork, exec and signals: the child of a thread, exec from a thread, which thread takes a process signal. */
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/wait.h>

pid_t leader;
char *self;
volatile pid_t handled_by = 0;

void h(int s) { handled_by = gettid(); }

void *forker(void *arg)
{
    pthread_t me = pthread_self();
    pid_t c = fork();
    if (c == 0) {
        printf("child of a thread: pid==tid %d, pthread_self kept %d, parent is the process %d\n",
               getpid() == gettid(), pthread_self() == me, getppid() == leader);
        fflush(stdout);
        _exit(0);
    }
    waitpid(c, NULL, 0);
    return NULL;
}

void *execer(void *arg)
{
    char buf[16];
    sprintf(buf, "%d", leader);
    execl(self, self, buf, NULL);
    return NULL;
}

void *taker(void *arg)
{
    while (!handled_by) usleep(1000);
    return NULL;
}

int main(int argc, char **argv)
{
    pthread_t t;
    if (argc > 1) {
        printf("after exec from a thread: pid kept %d, tid==pid %d\n", getpid() == atoi(argv[1]), gettid() == getpid());
        return 0;
    }
    leader = getpid();
    self = argv[0];
    pthread_create(&t, NULL, forker, NULL);
    pthread_join(t, NULL);

    /* the leader blocks SIGUSR1: the other thread takes it */
    signal(SIGUSR1, h);
    pthread_create(&t, NULL, taker, NULL);
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGUSR1);
    sigprocmask(SIG_BLOCK, &set, NULL);
    pid_t worker = 0;
    kill(getpid(), SIGUSR1);
    pthread_join(t, NULL);
    printf("process signal taken by a thread, not the leader: %d\n", handled_by != 0 && handled_by != leader);
    sigprocmask(SIG_UNBLOCK, &set, NULL);

    pid_t c = fork();
    if (c == 0) {
        leader = getpid();
        pthread_create(&t, NULL, execer, NULL);
        for (;;) pause();
    }
    int st;
    waitpid(c, &st, 0);
    printf("status %d\n", WEXITSTATUS(st));
    return 0;
}
