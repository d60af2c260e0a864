/* How wait reports each way of dying. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <sys/wait.h>

void report(const char *what, int st)
{
    if (WIFEXITED(st))
        printf("%-8s exited, status %d\n", what, WEXITSTATUS(st));
    else if (WIFSIGNALED(st))
        printf("%-8s killed by signal %d\n", what, WTERMSIG(st));
}

int main(void)
{
    int st;
    if (fork() == 0) exit(42);
    wait(&st); report("exit", st);
    if (fork() == 0) return 300;
    wait(&st); report("return", st);
    if (fork() == 0) abort();
    wait(&st); report("abort", st);
    if (fork() == 0) { raise(SIGKILL); return 0; }
    wait(&st); report("raise", st);
    if (fork() == 0) { char *s = "literal"; s[0] = 'L'; return 0; }
    wait(&st); report("rodata", st);
    printf("no more children: %d\n", wait(&st));
    return 0;
}
