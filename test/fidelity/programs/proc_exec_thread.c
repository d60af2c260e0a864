/* exec from a process whose other thread has a child: the thread dies in the exec, its child gets its PR_SET_PDEATHSIG and the process as parent. */
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <sys/prctl.h>
#include <sys/wait.h>

pid_t me;
char *self;

void h(int s) { static const char m[] = "child: PR_SET_PDEATHSIG when its thread died in the exec\n"; write(1, m, sizeof m - 1); }

void *forker(void *arg)
{
    if (fork() == 0) {
        signal(SIGUSR1, h);
        prctl(PR_SET_PDEATHSIG, SIGUSR1);
        usleep(300000);
        printf("child: its parent is now the process: %d\n", getppid() == me);
        fflush(stdout);
        _exit(7);
    }
    for (;;)
        pause();
    return NULL;
}

int main(int argc, char **argv)
{
    pthread_t t;
    int st;
    if (argc > 1) {
        pid_t c = wait(&st);
        printf("after exec: the process reaps the thread's child: %d status=%d\n", c > 0, WEXITSTATUS(st));
        return 0;
    }
    me = getpid();
    pthread_create(&t, NULL, forker, NULL);
    usleep(100000);
    execl(argv[0], argv[0], "after", NULL);
    return 1;
}
