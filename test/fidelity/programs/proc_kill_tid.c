/* kill() with a thread's id signals the whole process, but the thread named takes it first if it can. */
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <unistd.h>

volatile pid_t by = 0;
volatile pid_t tid = 0;
void h(int s) { by = gettid(); }
void *worker(void *a) { tid = gettid(); while (!by) usleep(1000); return NULL; }

int main(void)
{
    pthread_t t;
    signal(SIGUSR1, h);
    pthread_create(&t, NULL, worker, NULL);
    while (!tid) usleep(1000);
    usleep(50000);
    kill(tid, SIGUSR1);
    pthread_join(t, NULL);
    printf("kill(tid): handled by that thread %d, by the main thread %d\n", by == tid, by == getpid());
    by = 0;
    tid = 0;
    pthread_create(&t, NULL, worker, NULL);
    while (!tid) usleep(1000);
    usleep(50000);
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGUSR1);
    sigprocmask(SIG_BLOCK, &set, NULL);
    kill(getpid(), SIGUSR1);
    pthread_join(t, NULL);
    printf("kill(pid) with the main thread blocking it: handled by the other thread %d\n", by == tid);
    return 0;
}
