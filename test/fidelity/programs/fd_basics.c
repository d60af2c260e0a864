/* File descriptors: the lowest free number is used, dup2's corner cases,
 * EBADF, and how much a pipe holds (64 KiB): a read takes what is there. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <unistd.h>
#include <sys/wait.h>

static char big[100000];
static char in[200000];

int main(void)
{
    int fd[2], r, e;
    pipe(fd);
    printf("pipe: %d %d\n", fd[0], fd[1]);
    int d = dup(fd[1]);
    printf("dup: %d\n", d);
    close(fd[0]);
    r = dup(fd[1]);
    printf("after close(%d), dup gives %d\n", fd[0], r);
    close(r);
    close(d);
    r = dup2(fd[1], fd[1]);
    printf("dup2(fd, fd) = %d\n", r);
    r = dup2(fd[1], 20);
    printf("dup2(fd, 20) = %d\n", r);
    errno = 0;
    r = dup2(fd[1], -1);
    e = errno;
    printf("dup2(fd, -1) = %d %s\n", r, strerror(e));
    r = dup2(50, 51);
    e = errno;
    printf("dup2(50, 51) = %d %s\n", r, strerror(e));
    r = close(50);
    e = errno;
    printf("close(50) = %d %s\n", r, strerror(e));
    close(20);
    r = close(20);
    e = errno;
    printf("close twice = %d %s\n", r, strerror(e));
    r = write(-1, "x", 1);
    e = errno;
    printf("write(-1) = %d %s\n", r, strerror(e));
    close(fd[1]);

    pipe(fd);
    memset(big, 'a', sizeof big);
    pid_t c = fork();
    if (c == 0) {
        close(fd[0]);
        ssize_t w = write(fd[1], big, sizeof big);
        _exit(w == sizeof big ? 0 : 1);
    }
    close(fd[1]);
    usleep(300000);
    ssize_t n = read(fd[0], in, sizeof in);
    printf("first read: %ld (the pipe's capacity)\n", (long)n);
    ssize_t total = n;
    while ((n = read(fd[0], in, sizeof in)) > 0) total += n;
    int st;
    waitpid(c, &st, 0);
    printf("total %ld, writer's one write returned it all: %d\n", (long)total, WEXITSTATUS(st) == 0);
    close(fd[0]);

    pipe(fd);
    write(fd[1], "0123456789", 10);
    char b[8];
    n = read(fd[0], b, 4);
    printf("read 4 of 10: %ld\n", (long)n);
    n = read(fd[0], b, 8);
    printf("then: %ld\n", (long)n);
    n = read(fd[0], b, 0);
    printf("read 0 bytes: %ld\n", (long)n);
    close(fd[1]);
    n = read(fd[0], b, 8);
    printf("writer closed, empty: %ld\n", (long)n);
    return 0;
}
