/* SIGCHLD set to SIG_IGN after a child died: the zombie stays until waited for; later children are reaped at once. */
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <errno.h>
#include <unistd.h>
#include <sys/wait.h>

int main(void)
{
    int st;
    pid_t c = fork();
    if (c == 0) _exit(5);
    usleep(100000);
    signal(SIGCHLD, SIG_IGN);
    printf("earlier zombie still there: kill(c, 0) = %d\n", kill(c, 0));
    pid_t r = waitpid(c, &st, 0);
    printf("waitpid reaps it: %d status=%d\n", r == c, WEXITSTATUS(st));
    c = fork();
    if (c == 0) _exit(6);
    usleep(100000);
    r = kill(c, 0);
    printf("a later child is gone at once: kill = %d %s\n", r, strerror(errno));
    signal(SIGCHLD, SIG_DFL);
    c = fork();
    if (c == 0) _exit(7);
    r = waitpid(c, &st, 0);
    printf("back to SIG_DFL: waitpid %d status=%d\n", r == c, WEXITSTATUS(st));
    return 0;
}
