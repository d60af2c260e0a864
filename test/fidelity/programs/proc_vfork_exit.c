/* vfork shares stdio's buffer: exit() in the child flushes it once for both; fork copies it. */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <sys/wait.h>

int main(void)
{
    int st;
    pid_t c;
    printf("[vfork+exit]");
    c = vfork();
    if (c == 0) exit(0);
    waitpid(c, &st, 0);
    printf(" parent\n");
    printf("[vfork+_exit]");
    c = vfork();
    if (c == 0) _exit(0);
    waitpid(c, &st, 0);
    printf(" parent\n");
    printf("[fork+exit]");
    c = fork();
    if (c == 0) exit(0);
    waitpid(c, &st, 0);
    printf(" parent\n");
    int local = 1;
    c = vfork();
    if (c == 0) { local = 2; _exit(0); }
    waitpid(c, &st, 0);
    printf("vfork child's store to a local is seen: %d\n", local);
    return 0;
}
