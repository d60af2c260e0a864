// atexit: handlers run newest first at exit() and at the return from main,
// inherited by a forked child, not run by _exit; one registered by a handler
// runs next.
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <sys/wait.h>

static void a(void) { printf("a in %d\n", getpid() > 0); }
static void b(void) { printf("b\n"); }
static void c(void) { printf("c registers a again\n"); atexit(a); }

int main(void) {
    printf("atexit a: %d\n", atexit(a));
    printf("atexit b: %d\n", atexit(b));
    printf("atexit c: %d\n", atexit(c));
    fflush(stdout);
    pid_t p = fork();
    if (p == 0) {
        printf("child exits\n");
        exit(3);
    }
    int st;
    waitpid(p, &st, 0);
    printf("child status %d\n", WEXITSTATUS(st));
    p = fork();
    if (p == 0) {
        printf("child _exit\n");
        fflush(stdout);
        _exit(4);
    }
    waitpid(p, &st, 0);
    printf("child status %d\n", WEXITSTATUS(st));
    return 5;
}
