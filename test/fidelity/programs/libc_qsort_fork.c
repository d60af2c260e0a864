// qsort's comparator forks (the child sorts on, from the same point),
// sorts with qsort itself, and takes a signal.
#include <stdio.h>
#include <stdlib.h>
#include <signal.h>
#include <unistd.h>
#include <sys/wait.h>

static int calls;
static void on_alarm(int sig) {
    int w[3] = {3, 1, 2};
    (void)sig;
    printf("handler\n");
}
static int inner(const void *a, const void *b) { return *(const int *)a - *(const int *)b; }
static int cmp(const void *a, const void *b) {
    calls++;
    if (calls == 3) {
        pid_t p = fork();
        if (p > 0) { waitpid(p, NULL, 0); printf("parent goes on\n"); }
        else printf("child sorts on\n");
    }
    if (calls == 5) {
        int w[4] = {4, 2, 3, 1};
        qsort(w, 4, sizeof w[0], inner);
        printf("nested %d%d%d%d\n", w[0], w[1], w[2], w[3]);
        raise(SIGUSR1);
    }
    return *(const int *)a - *(const int *)b;
}
int main(void) {
    int v[8] = {5, 3, 8, 1, 9, 2, 7, 4}, i;
    signal(SIGUSR1, on_alarm);
    qsort(v, 8, sizeof v[0], cmp);
    for (i = 0; i < 8; i++) printf("%d", v[i]);
    printf(" %d calls in %s\n", calls, "me");
    return 0;
}
