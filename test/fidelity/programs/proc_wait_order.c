/* wait() takes zombies in the order the children were forked, not the order they died. */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <sys/wait.h>

int main(void)
{
    pid_t kids[4];
    int i, j, st;
    for (i = 0; i < 4; i++) {
        kids[i] = fork();
        if (kids[i] == 0) {
            usleep((4 - i) * 50000); /* the last forked dies first */
            _exit(10 + i);
        }
    }
    sleep(1);
    for (j = 0; j < 4; j++) {
        pid_t r = wait(&st);
        for (i = 0; i < 4; i++)
            if (kids[i] == r) printf("wait %d: child #%d, status %d\n", j, i, WEXITSTATUS(st));
    }
    /* waitpid(-1, WNOHANG) likewise, while some are still running */
    for (i = 0; i < 3; i++) {
        kids[i] = fork();
        if (kids[i] == 0) { if (i == 1) pause(); _exit(20 + i); }
    }
    usleep(200000);
    for (j = 0; j < 3; j++) {
        pid_t r = waitpid(-1, &st, WNOHANG);
        if (r == 0) { printf("WNOHANG %d: none ready\n", j); continue; }
        for (i = 0; i < 3; i++)
            if (kids[i] == r) printf("WNOHANG %d: child #%d, status %d\n", j, i, WEXITSTATUS(st));
    }
    kill(kids[1], 9);
    waitpid(kids[1], &st, 0);
    return 0;
}
