/* signal() and kill() argument checks, and what raise, abort and SIG_IGN do with unusual signals. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <unistd.h>
#include <sys/wait.h>

void h(int s) { }

void try_signal(const char *what, int sig, void (*fn)(int))
{
    errno = 0;
    void (*r)(int) = signal(sig, fn);
    int e = errno;
    printf("signal(%s): %s %s\n", what, r == SIG_ERR ? "SIG_ERR" : "ok", e ? strerror(e) : "");
}

int main(void)
{
    int st;
    pid_t c;
    try_signal("SIGKILL, handler", SIGKILL, h);
    try_signal("SIGSTOP, SIG_IGN", SIGSTOP, SIG_IGN);
    try_signal("SIGKILL, SIG_DFL", SIGKILL, SIG_DFL);
    try_signal("0", 0, h);
    try_signal("65", 65, h);
    try_signal("SIGRTMAX", SIGRTMAX, h);
    try_signal("SIGCONT, SIG_IGN", SIGCONT, SIG_IGN);
    errno = 0;
    printf("kill(self, 0): %d\n", kill(getpid(), 0));
    int r = kill(getpid(), -1);
    printf("kill(self, -1): %d %s\n", r, strerror(errno));
    r = raise(65);
    printf("raise(65): %d %s\n", r, strerror(errno));

    /* SIGCONT ignored still continues a stopped process */
    c = fork();
    if (c == 0) { signal(SIGCONT, SIG_IGN); raise(SIGSTOP); printf("child continued though SIGCONT is ignored\n"); fflush(stdout); _exit(0); }
    waitpid(c, &st, WUNTRACED);
    kill(c, SIGCONT);
    waitpid(c, &st, 0);

    /* abort() kills even with SIGABRT ignored or handled */
    c = fork();
    if (c == 0) { signal(SIGABRT, SIG_IGN); abort(); }
    waitpid(c, &st, 0);
    printf("abort with SIGABRT ignored: sig=%d\n", WTERMSIG(st));
    c = fork();
    if (c == 0) { signal(SIGABRT, h); abort(); }
    waitpid(c, &st, 0);
    printf("abort with a handler that returns: sig=%d\n", WTERMSIG(st));

    /* an ignored SIGSEGV from a fault is not ignored */
    c = fork();
    if (c == 0) { signal(SIGSEGV, SIG_IGN); *(volatile int *)0 = 1; _exit(0); }
    waitpid(c, &st, 0);
    printf("fault with SIGSEGV ignored: sig=%d\n", WTERMSIG(st));
    /* kill of an ignored SIGSEGV is ignored */
    c = fork();
    if (c == 0) { signal(SIGSEGV, SIG_IGN); raise(SIGSEGV); _exit(3); }
    waitpid(c, &st, 0);
    printf("raise of an ignored SIGSEGV: exited=%d status=%d\n", WIFEXITED(st), WEXITSTATUS(st));
    return 0;
}
