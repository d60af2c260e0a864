/* Threads share memory and the pid; each has its own tid. */
#include <pthread.h>
#include <stdio.h>
#include <unistd.h>

int counter = 0;
int pids_equal = 1;
pid_t main_pid;

void *bump(void *arg)
{
    int i;
    for (i = 0; i < 1000; i++)
        counter++;
    if (getpid() != main_pid)
        pids_equal = 0;
    return arg;
}

int main(void)
{
    pthread_t a, b;
    void *ra;
    main_pid = getpid();
    pthread_create(&a, NULL, bump, (void *)1);
    pthread_create(&b, NULL, bump, (void *)2);
    pthread_join(a, &ra);
    pthread_join(b, NULL);
    printf("counter=%d same pid=%d ret=%ld\n", counter >= 1000, pids_equal, (long)ra);
    return 0;
}
