/* The exit status keeps only its low 8 bits; what the status word holds. */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <sys/wait.h>

int main(void)
{
    int codes[] = { 0, 1, 127, 128, 255, 256, 257, 511, 1000, -1, -2, -256, 65535 };
    int i, st;
    for (i = 0; i < 13; i++) {
        pid_t c = fork();
        if (c == 0) {
            if (i % 3 == 0) exit(codes[i]);
            if (i % 3 == 1) _exit(codes[i]);
            return codes[i];
        }
        pid_t w = wait(&st);
        printf("%-7s %6d -> status word 0x%04x, WEXITSTATUS %3d, same pid %d\n",
               i % 3 == 0 ? "exit" : i % 3 == 1 ? "_exit" : "return", codes[i], st, WEXITSTATUS(st), w == c);
    }
    pid_t c = fork();
    if (c == 0) { printf("child: fork returned 0, pid differs from the parent %d\n", getpid() != getppid()); exit(0); }
    printf("parent: fork returned the child's pid %d\n", c > 0 && c != getpid());
    wait(NULL);
    return 0;
}
