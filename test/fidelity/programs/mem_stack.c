/* The stack grows on demand: deep recursion touches new pages below the
 * stack VMA, which grows down to them; past the 8 MiB limit the process
 * is killed by SIGSEGV. */
#include <signal.h>
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

long depth(long n)
{
    char buf[1024];
    buf[0] = n;
    buf[1023] = n;
    if (n == 0)
        return buf[0];
    return depth(n - 1) + buf[1023] - buf[0] + 1;
}

int main(void)
{
    printf("2000 frames of 1 KiB: %ld\n", depth(2000));
    char big[600000];
    big[0] = 1;
    big[599999] = 2;
    printf("600 KB local array: %d\n", big[0] + big[599999]);
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) {
        depth(20000);   /* 20 MB: past RLIMIT_STACK */
        _exit(0);
    }
    int status;
    waitpid(pid, &status, 0);
    printf("20000 frames: %s\n", WIFSIGNALED(status) && WTERMSIG(status) == SIGSEGV ? "killed by SIGSEGV" : "survived");
    return 0;
}
