/* A fault's signal cannot be blocked away: blocked or ignored, the fault
 * kills (the kernel forces the default action); a second fault inside the
 * SIGSEGV handler kills too. A raise() of a blocked SIGSEGV just waits. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <sys/wait.h>

int got = 0;
void h(int s) { got = s; }
void fault_again(int s) { write(1, "in handler\n", 11); *(volatile int *)8 = 1; }
void leave(int s) { printf("handler for %d, leaving with _exit(5)\n", s); fflush(stdout); _exit(5); }

void report(const char *what, pid_t c)
{
    int st;
    waitpid(c, &st, 0);
    if (WIFSIGNALED(st)) printf("%s: killed by %d\n", what, WTERMSIG(st));
    else printf("%s: exit %d\n", what, WEXITSTATUS(st));
}

int main(void)
{
    sigset_t m;
    pid_t c;
    sigemptyset(&m);
    sigaddset(&m, SIGSEGV);
    sigaddset(&m, SIGFPE);
    fflush(stdout);

    c = fork();
    if (c == 0) { sigprocmask(SIG_BLOCK, &m, NULL); *(volatile int *)0 = 1; _exit(0); }
    report("fault with SIGSEGV blocked", c);
    c = fork();
    if (c == 0) { signal(SIGSEGV, h); sigprocmask(SIG_BLOCK, &m, NULL); *(volatile int *)0 = 1; _exit(0); }
    report("fault with a handler but blocked", c);
    c = fork();
    if (c == 0) { signal(SIGSEGV, fault_again); *(volatile int *)0 = 1; _exit(0); }
    report("fault inside the SIGSEGV handler", c);
    c = fork();
    if (c == 0) { signal(SIGFPE, leave); volatile int z = 0; return 1 / (z + 2 - 2) + 10 / z; }
    report("SIGFPE handler", c);
    c = fork();
    if (c == 0) { sigprocmask(SIG_BLOCK, &m, NULL); volatile int z = 0; return 10 / z; }
    report("divide by zero with SIGFPE blocked", c);
    c = fork();
    if (c == 0) {
        signal(SIGSEGV, h);
        sigprocmask(SIG_BLOCK, &m, NULL);
        raise(SIGSEGV);
        printf("raised while blocked: got %d\n", got);
        sigprocmask(SIG_UNBLOCK, &m, NULL);
        printf("after unblock: got %d\n", got);
        fflush(stdout);
        _exit(0);
    }
    report("raise of a blocked SIGSEGV", c);
    return 0;
}
