/* A fault in one thread kills the whole process; a signal to a process whose main thread has exited reaches a live thread. */
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <sys/wait.h>

volatile int got = 0;
void h(int s) { got = s; }

void *faulty(void *a) { usleep(100000); *(volatile int *)8 = 1; return NULL; }
void *waiter(void *a) { while (!got) usleep(1000); printf("thread got signal %d\n", got); fflush(stdout); exit(4); }
void *idle(void *a) { for (;;) pause(); return NULL; }

int main(void)
{
    int st;
    pid_t c = fork();
    if (c == 0) {
        pthread_t a, b;
        pthread_create(&b, NULL, idle, NULL);
        pthread_create(&a, NULL, faulty, NULL);
        pthread_join(b, NULL);
        _exit(0);
    }
    waitpid(c, &st, 0);
    printf("fault in a thread: signaled=%d sig=%d\n", WIFSIGNALED(st), WTERMSIG(st));

    c = fork();
    if (c == 0) {
        pthread_t a;
        signal(SIGUSR1, h);
        pthread_create(&a, NULL, waiter, NULL);
        pthread_exit(NULL);
    }
    usleep(100000);
    kill(c, SIGUSR1);
    waitpid(c, &st, 0);
    printf("main thread gone, signal to the process: status=%d\n", WEXITSTATUS(st));

    c = fork();
    if (c == 0) {
        pthread_t a;
        pthread_create(&a, NULL, idle, NULL);
        pthread_exit(NULL);
    }
    usleep(100000);
    kill(c, SIGTERM);
    waitpid(c, &st, 0);
    printf("default SIGTERM to such a process: sig=%d\n", WTERMSIG(st));
    return 0;
}
