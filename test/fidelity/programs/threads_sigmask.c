/* Each thread has its own signal mask: a new thread starts with its
 * creator's; a signal sent to the process goes to a thread that does not
 * block it; pthread_sigmask returns an error number. */
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <errno.h>
#include <unistd.h>

int inherited = -1;
volatile int ready = 0;
volatile pid_t handled_by = 0;

void h(int s) { handled_by = gettid(); }

void *worker(void *arg)
{
    sigset_t m;
    pthread_sigmask(SIG_BLOCK, NULL, &m);
    inherited = sigismember(&m, SIGUSR1);
    sigemptyset(&m);
    sigaddset(&m, SIGUSR1);
    pthread_sigmask(SIG_UNBLOCK, &m, NULL);
    ready = 1;
    while (!handled_by) pause();
    return (void *)(long)gettid();
}

int main(void)
{
    sigset_t m;
    pthread_t t;
    void *tid;
    signal(SIGUSR1, h);
    sigemptyset(&m);
    sigaddset(&m, SIGUSR1);
    sigprocmask(SIG_BLOCK, &m, NULL);
    pthread_create(&t, NULL, worker, NULL);
    while (!ready) usleep(10000);
    kill(getpid(), SIGUSR1);
    pthread_join(t, &tid);
    printf("new thread started with USR1 blocked: %d\n", inherited);
    printf("the signal went to the thread that unblocked it: %d (not main: %d)\n", handled_by == (pid_t)(long)tid, handled_by != getpid());
    sigprocmask(SIG_BLOCK, NULL, &m);
    printf("main's mask unchanged: USR1 blocked %d\n", sigismember(&m, SIGUSR1));
    errno = 0;
    int r = pthread_sigmask(99, &m, NULL);
    printf("pthread_sigmask(99): returns %d (%s), errno %d\n", r, strerror(r), errno);
    r = sigprocmask(99, &m, NULL);
    printf("sigprocmask(99): returns %d, errno %s\n", r, strerror(errno));
    /* the signal stays pending while every thread blocks it */
    handled_by = 0;
    kill(getpid(), SIGUSR1);
    sigpending(&m);
    printf("all threads block it: pending %d, handled %d\n", sigismember(&m, SIGUSR1), handled_by != 0);
    sigemptyset(&m);
    sigaddset(&m, SIGUSR1);
    sigprocmask(SIG_UNBLOCK, &m, NULL);
    printf("unblocked: handled by main %d\n", handled_by == getpid());
    return 0;
}
