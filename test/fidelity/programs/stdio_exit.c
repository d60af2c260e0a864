/* What happens to text still in stdout's buffer: exit() and a return from
 * main write it, _exit(), a fatal signal, abort() and a successful exec
 * lose it. stderr is unbuffered, so it overtakes stdout's pending text. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <sys/wait.h>

int run(const char *what, int how)
{
    int st;
    pid_t c;
    fflush(stdout);
    c = fork();
    if (c == 0) {
        printf("[%s: buffered]", what);
        switch (how) {
        case 0: exit(0);
        case 1: return 1;
        case 2: _exit(0);
        case 3: _Exit(0);
        case 4: raise(SIGTERM); break;
        case 5: abort();
        case 6: *(volatile int *)0 = 0; break;
        case 7: execl("/no/such/program", "x", NULL); exit(1);
        }
        _exit(9);
    }
    waitpid(c, &st, 0);
    printf(" <- %s: ", what);
    if (WIFEXITED(st)) printf("exit %d\n", WEXITSTATUS(st));
    else printf("signal %d\n", WTERMSIG(st));
    return 0;
}

int main(void)
{
    run("exit", 0);
    if (run("return from main", 1)) return 0;
    run("_exit", 2);
    run("_Exit", 3);
    run("SIGTERM", 4);
    run("abort", 5);
    run("SIGSEGV", 6);
    run("failed exec, exit", 7);

    printf("out-1 ");
    fprintf(stderr, "err-1 ");
    printf("out-2\n");
    fprintf(stderr, "err-2\n");
    printf("no newline at the end, written by exit");
    return 0;
}
