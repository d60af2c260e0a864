/* A fork inside a signal handler: the child returns from the handler too, with the mask of the frame. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <sys/wait.h>

pid_t child = -1;
void h(int s)
{
    sigset_t in;
    sigprocmask(SIG_BLOCK, NULL, &in);
    child = fork();
    if (child != 0) waitpid(child, NULL, 0);
    printf("%s in handler: USR1 blocked %d\n", child == 0 ? "child" : "parent", sigismember(&in, SIGUSR1));
}

int main(void)
{
    sigset_t set, after;
    signal(SIGUSR1, h);
    sigemptyset(&set);
    sigaddset(&set, SIGUSR2);
    sigprocmask(SIG_BLOCK, &set, NULL);
    raise(SIGUSR1);
    sigprocmask(SIG_BLOCK, NULL, &after);
    printf("%s after the handler: USR1 blocked %d USR2 blocked %d\n", child == 0 ? "child" : "parent",
           sigismember(&after, SIGUSR1), sigismember(&after, SIGUSR2));
    return 0;
}
