/* A large local array: the stack grows to reach it as long as the whole
 * stack stays under the 8 MiB limit; one that would pass it kills the
 * process with SIGSEGV at its first touch. */
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/wait.h>

int use4(void)
{
    char big[4 << 20];
    big[0] = 1;                     /* the lowest byte, 4 MiB below the caller */
    big[sizeof big - 1] = 2;
    return big[0] + big[sizeof big - 1];
}

int use9(void)
{
    char big[9 << 20];
    big[sizeof big - 1] = 1;        /* near the top: fine */
    big[0] = 1;                     /* 9 MiB down: past the limit */
    return big[0];
}

int fill(void)
{
    char big[6 << 20];
    memset(big, 'x', sizeof big);
    return big[12345] == 'x';
}

int main(void)
{
    int st;
    printf("4 MiB array: %d\n", use4());
    printf("6 MiB array filled: %d\n", fill());
    fflush(stdout);
    pid_t c = fork();
    if (c == 0) { printf("9 MiB array: %d\n", use9()); _exit(0); }
    waitpid(c, &st, 0);
    printf("9 MiB array: signaled %d sig %d\n", WIFSIGNALED(st), WTERMSIG(st));
    return 0;
}
