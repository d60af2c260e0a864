/* RLIMIT_NOFILE: descriptors go up to 1023 (the soft limit of 1024 a
 * Debian login gets); dup2 past it is EBADF, dup and pipe with no free
 * descriptor below it fail with EMFILE. Run with `ulimit -n 1024`. */
#include <stdio.h>
#include <string.h>
#include <errno.h>
#include <unistd.h>

int main(void)
{
    int r, last = -1, p[2];

    errno = 0; r = dup2(1, 1023); printf("dup2(1, 1023): %d %s\n", r, strerror(errno));
    errno = 0; r = dup2(1, 1024); printf("dup2(1, 1024): %d %s\n", r, strerror(errno));
    errno = 0; r = dup2(1, 100000); printf("dup2(1, 100000): %d %s\n", r, strerror(errno));
    errno = 0; r = dup2(1023, 1023); printf("dup2(1023, 1023): %d %s\n", r, strerror(errno));
    close(1023);
    while ((r = dup(1)) >= 0)
        last = r;
    printf("dup until it fails: %s, the last fd %d\n", strerror(errno), last);
    close(last);
    errno = 0; r = pipe(p); printf("pipe, one fd free: %d %s\n", r, strerror(errno));
    close(last - 1);
    errno = 0; r = pipe(p); printf("pipe, two fds free: %d %s [%d, %d]\n", r, strerror(errno), p[0], p[1]);
    errno = 0; r = dup(1); printf("dup, none free: %d %s\n", r, strerror(errno));
    return 0;
}
