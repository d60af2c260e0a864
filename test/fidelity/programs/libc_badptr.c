/* Bad pointers given to the C library: where glibc reads them itself the
 * program gets SIGSEGV at that address; where only the kernel does, the
 * call fails with EFAULT. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/wait.h>

void on_segv(int sig, siginfo_t *si, void *uc)
{
    printf("  SIGSEGV at %p\n", si->si_addr);
    exit(0);
}

void try(const char *what, int n)
{
    struct sigaction sa;
    int r = 0, p[2];
    pid_t c;
    fflush(stdout);
    c = fork();
    if (c == 0) {
        memset(&sa, 0, sizeof sa);
        sa.sa_sigaction = on_segv;
        sa.sa_flags = SA_SIGINFO;
        sigaction(SIGSEGV, &sa, NULL);
        printf("%s:\n", what);
        errno = 0;
        switch (n) {
        case 0: r = sigprocmask(SIG_BLOCK, (sigset_t *)8, NULL); break;
        case 1: r = sigprocmask(SIG_BLOCK, NULL, (sigset_t *)8); break;
        case 2: r = sigaction(SIGUSR1, (struct sigaction *)8, NULL); break;
        case 3: r = sigaction(SIGUSR1, NULL, (struct sigaction *)8); break;
        case 4: r = sigpending((sigset_t *)8); break;
        case 5: r = sigemptyset((sigset_t *)8); break;
        case 6: r = sigsuspend((sigset_t *)8); break;
        case 7: r = pipe((int *)8); break;
        case 8: r = write(1, (char *)8, 1); break;
        case 9: r = (int)strlen((char *)8); break;
        case 10: if (fork() == 0) _exit(0); r = wait((int *)8); break;
        case 11: r = sigaddset((sigset_t *)16, SIGINT); break;
        case 12: r = sigismember((sigset_t *)24, SIGINT); break;
        }
        printf("  returned %d, %s\n", r, strerror(errno));
        exit(0);
    }
    waitpid(c, NULL, 0);
}

int main(void)
{
    try("sigprocmask, bad set", 0);
    try("sigprocmask, bad oldset", 1);
    try("sigaction, bad act", 2);
    try("sigaction, bad oldact", 3);
    try("sigpending", 4);
    try("sigemptyset", 5);
    try("sigsuspend", 6);
    try("pipe", 7);
    try("write", 8);
    try("strlen", 9);
    try("wait", 10);
    try("sigaddset", 11);
    try("sigismember", 12);
    return 0;
}
