/* An orphan is adopted by init (PID 1) when no ancestor is a child subreaper. */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <sys/wait.h>

int main(void)
{
    int fd[2];
    pipe(fd);
    pid_t c = fork();
    if (c == 0) {
        pid_t mid = getpid();
        if (fork() == 0) {
            printf("before: parent is the middle process: %d\n", getppid() == mid);
            fflush(stdout);
            char b;
            read(fd[0], &b, 1);
            printf("after the parent exits: getppid() = %d\n", getppid());
            fflush(stdout);
            write(fd[1], "y", 1);
            _exit(0);
        }
        usleep(100000);
        _exit(0);
    }
    waitpid(c, NULL, 0);
    write(fd[1], "x", 1);
    usleep(200000);
    char b;
    read(fd[0], &b, 1);
    printf("orphan done: %c\n", b);
    return 0;
}
