/* SIGSTOP stops every thread of a process and the parent hears of it
 * once; SIGCONT resumes them all; a fatal signal ends them all. */
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <sys/wait.h>

volatile long counter = 0;

void *spin(void *arg)
{
    for (;;) counter++;
    return NULL;
}

void *sleeper(void *arg)
{
    for (;;) sleep(1);
    return NULL;
}

int main(void)
{
    int fd[2], st;
    pipe(fd);
    pid_t c = fork();
    if (c == 0) {
        pthread_t a, b;
        pthread_create(&a, NULL, spin, NULL);
        pthread_create(&b, NULL, sleeper, NULL);
        for (;;) {
            long v = counter;
            write(fd[1], &v, sizeof v);
            usleep(200000);
        }
    }
    long v1, v2;
    read(fd[0], &v1, sizeof v1);
    kill(c, SIGSTOP);
    pid_t r = waitpid(c, &st, WUNTRACED);
    printf("stopped: %d sig %d\n", r == c && WIFSTOPPED(st), WSTOPSIG(st));
    r = waitpid(c, &st, WUNTRACED | WNOHANG);
    printf("reported once: %d\n", r);
    kill(c, SIGCONT);
    r = waitpid(c, &st, WCONTINUED);
    printf("continued: %d\n", r == c && WIFCONTINUED(st));
    read(fd[0], &v2, sizeof v2);
    read(fd[0], &v2, sizeof v2);
    printf("spinning thread ran after SIGCONT: %d\n", v2 > v1);
    kill(c, SIGTERM);
    waitpid(c, &st, 0);
    printf("TERM ends all threads: signaled %d sig %d\n", WIFSIGNALED(st), WTERMSIG(st));
    return 0;
}
