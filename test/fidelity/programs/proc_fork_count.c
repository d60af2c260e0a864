/* How many processes a few forks make, counted by what they print (every
 * line is the same, so the order they run in does not matter) and by
 * wait; and stdio's buffer copied by each fork. */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <sys/wait.h>

int reap(void)
{
    int n = 0, st;
    while (wait(&st) > 0) n += 1 + WEXITSTATUS(st);
    return n;
}

int main(void)
{
    int i;
    pid_t top = getpid();
    fork();
    fork();
    printf("hello\n");
    int below = reap();
    if (getpid() != top) exit(below);
    printf("two forks: %d processes below the first\n", below);

    for (i = 0; i < 3; i++) {
        fork();
        printf("x");
    }
    fflush(stdout);
    below = reap();
    if (getpid() != top) exit(below);
    printf("\nthree forks in a loop: %d processes below the first\n", below);

    /* each process reaps its children before it prints: the order is fixed */
    int r = fork() && fork();
    below = reap();
    printf(r ? "A\n" : "B\n");
    if (getpid() != top) exit(below);
    printf("fork() && fork(): %d below\n", below);

    r = fork() || fork();
    below = reap();
    printf(r ? "C\n" : "D\n");
    if (getpid() != top) exit(below);
    printf("fork() || fork(): %d below\n", below);
    return 0;
}
