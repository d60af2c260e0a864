/* vfork: the parent waits until the child execs or exits; they share memory. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <unistd.h>
#include <sys/wait.h>

int shared = 1;

int main(int argc, char **argv)
{
    int st;
    pid_t c;
    if (argc > 1) {
        return strlen(argv[1]);
    }
    c = vfork();
    if (c == 0) {
        shared = 2;
        usleep(200000);
        printf("child first, sets shared=%d\n", shared);
        _exit(0);
    }
    printf("parent second, sees shared=%d\n", shared);
    waitpid(c, &st, 0);

    c = vfork();
    if (c == 0) {
        usleep(200000);
        printf("child before exec\n");
        execl(argv[0], argv[0], "hello", NULL);
        _exit(127);
    }
    printf("parent after the child's exec\n");
    waitpid(c, &st, 0);
    printf("exec'd child (argv[1] hello) status=%d\n", WEXITSTATUS(st));

    c = vfork();
    if (c == 0) {
        execl("/nonexistent/prog", "prog", NULL);
        shared = errno;
        _exit(127);
    }
    waitpid(c, &st, 0);
    printf("failed exec: errno seen by parent=%s status=%d\n", strerror(shared), WEXITSTATUS(st));
    return 0;
}
