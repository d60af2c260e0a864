/* Children of threads: any thread may wait for them; a thread id is not a child; PR_SET_PDEATHSIG fires when the creating thread exits. */
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <unistd.h>
#include <sys/prctl.h>
#include <sys/wait.h>

pid_t kid;
pid_t me;
int fd[2];

void *spawner(void *arg)
{
    kid = fork();
    if (kid == 0) {
        printf("child of a thread: getppid() is the process: %d\n", getppid() == me);
        fflush(stdout);
        _exit(6);
    }
    return NULL;
}

void *tid_of(void *arg)
{
    *(pid_t *)arg = gettid();
    usleep(100000);
    return NULL;
}

void on_usr1(int s) { write(fd[1], "D", 1); }

void *pdeath_spawner(void *arg)
{
    kid = fork();
    if (kid == 0) {
        signal(SIGUSR1, on_usr1);
        prctl(PR_SET_PDEATHSIG, SIGUSR1);
        write(fd[1], "R", 1);
        for (;;) pause();
    }
    char b;
    read(fd[0], &b, 1);
    return NULL;
}

int main(void)
{
    pthread_t t;
    int st, r;
    me = getpid();
    pipe(fd);
    pthread_create(&t, NULL, spawner, NULL);
    pthread_join(t, NULL);
    r = waitpid(kid, &st, 0);
    printf("main thread reaps the thread's child: %d status=%d\n", r == kid, WEXITSTATUS(st));

    pid_t tid = 0;
    pthread_create(&t, NULL, tid_of, &tid);
    while (!tid) usleep(1000);
    r = waitpid(tid, &st, WNOHANG);
    printf("waitpid(a thread's tid): %d %s\n", r, strerror(errno));
    pthread_join(t, NULL);

    pthread_create(&t, NULL, pdeath_spawner, NULL);
    pthread_join(t, NULL);
    char b;
    read(fd[0], &b, 1);
    printf("the creating thread exited, the child got its death signal: %c\n", b);
    kill(kid, SIGKILL);
    waitpid(kid, &st, 0);
    printf("still our child: sig=%d\n", WTERMSIG(st));
    return 0;
}
