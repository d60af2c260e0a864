/* A sleep survives a stop and continue (restart_syscall), and a handled signal still cuts it short. */
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <errno.h>
#include <unistd.h>
#include <sys/wait.h>

void h(int s) { }

int main(void)
{
    int st;
    pid_t c = fork();
    if (c == 0) {
        unsigned left = sleep(1);
        printf("child: sleep(1) across a stop returned %u\n", left);
        fflush(stdout);
        signal(SIGUSR1, h);
        left = sleep(3);
        printf("child: sleep(3) cut by a handled signal returned %u\n", left);
        fflush(stdout);
        errno = 0;
        int r = usleep(500000);
        printf("child: usleep across a stop returned %d %s\n", r, strerror(errno));
        fflush(stdout);
        _exit(0);
    }
    usleep(200000);
    kill(c, SIGSTOP);
    waitpid(c, &st, WUNTRACED);
    usleep(200000);
    kill(c, SIGCONT);
    usleep(1800000);
    kill(c, SIGUSR1);
    usleep(100000);
    kill(c, SIGSTOP);
    waitpid(c, &st, WUNTRACED);
    kill(c, SIGCONT);
    waitpid(c, &st, 0);
    printf("parent: child exited %d\n", WEXITSTATUS(st));
    return 0;
}
