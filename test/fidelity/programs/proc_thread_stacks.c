/* glibc reuses thread stacks: after a join, and in the child of fork (the stacks of the threads that did not follow). */
#include <pthread.h>
#include <stdio.h>
#include <unistd.h>
#include <sys/wait.h>

void *sleeper(void *a) { usleep(300000); return a; }
void *quick(void *a) { return a; }

int main(void)
{
    pthread_t a, b, c;
    pthread_create(&a, NULL, sleeper, NULL);
    pid_t p = fork();
    if (p == 0) {
        pthread_create(&b, NULL, quick, NULL);
        printf("child: new thread on the stack of the parent's thread: %d\n", b == a);
        pthread_join(b, NULL);
        pthread_create(&c, NULL, quick, NULL);
        printf("child: again after the join: %d\n", c == a);
        pthread_join(c, NULL);
        return 0;
    }
    waitpid(p, NULL, 0);
    pthread_create(&b, NULL, quick, NULL);
    printf("parent: a second thread while the first runs gets its own stack: %d\n", b != a);
    pthread_join(b, NULL);
    pthread_join(a, NULL);
    pthread_create(&c, NULL, quick, NULL);
    printf("parent: after joining, a stack is reused: %d\n", c == a || c == b);
    pthread_join(c, NULL);
    return 0;
}
