/* glibc's own aborts: a failed assert prints where and what, malloc's
 * checks catch a double free and a pointer it never returned; each ends
 * in SIGABRT with the message on stderr. */
#include <assert.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <sys/wait.h>

char zeros[64];

void report(const char *what, int st)
{
    printf("%s: ", what);
    if (WIFSIGNALED(st)) printf("killed by signal %d\n", WTERMSIG(st));
    else printf("exited %d\n", WEXITSTATUS(st));
}

int main(void)
{
    int st;
    int x = 2;
    pid_t c;
    fflush(stdout);
    c = fork();
    if (c == 0) { assert(x == 2); assert(x + 1 == 4); _exit(0); }
    waitpid(c, &st, 0);
    report("assert", st);
    c = fork();
    if (c == 0) { char *p = malloc(32); free(p); free(p); _exit(0); }
    waitpid(c, &st, 0);
    report("double free", st);
    c = fork();
    if (c == 0) { char *p = malloc(32); free(p + 16); _exit(0); }
    waitpid(c, &st, 0);
    report("free of a pointer inside a block", st);
    c = fork();
    if (c == 0) { free(zeros + 16); _exit(0); }
    waitpid(c, &st, 0);
    report("free of a global array", st);
    c = fork();
    if (c == 0) { char *p = malloc(5000); free(p); free(p); _exit(0); }
    waitpid(c, &st, 0);
    report("double free of a large block", st);
    c = fork();
    if (c == 0) { char *p = malloc(200000); free(p); free(p); _exit(0); }
    waitpid(c, &st, 0);
    report("double free of an mmap'ed block", st);
    return 0;
}
