/* brk and sbrk at their edges: the kernel refuses a break below the heap's
 * start or one it cannot map and leaves the break where it was; glibc's
 * brk fails only when the break is then below the one asked for, so a
 * refused shrink "succeeds" (sbrk returns the old break). Only distances
 * from the first break are printed: absolute addresses change with ASLR. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int main(void)
{
    char *s0 = sbrk(0), *p;
    int r;

    printf("before stdout's buffer is malloc'ed: the heap is %ld bytes\n", (char *)sbrk(0) - s0);
    p = sbrk(100);
    printf("sbrk(100): old break at %ld, now %ld\n", p - s0, (char *)sbrk(0) - s0);
    p = sbrk(-50);
    printf("sbrk(-50): old break at %ld, now %ld\n", p - s0, (char *)sbrk(0) - s0);
    errno = 0; r = brk(s0 - 4096 * 100);
    printf("brk below the start: %d %s, now %ld\n", r, strerror(errno), (char *)sbrk(0) - s0);
    errno = 0; p = sbrk(-(4096 * 1000));
    printf("sbrk far below the start: %ld %s, now %ld\n", p == (void *)-1 ? -1L : p - s0, strerror(errno), (char *)sbrk(0) - s0);
    errno = 0; r = brk(s0 + 5);
    printf("brk(start + 5): %d %s, now %ld\n", r, strerror(errno), (char *)sbrk(0) - s0);
    s0[4095] = 1; /* the break's page stays mapped */
    errno = 0; r = brk(s0 + (1L << 40));
    printf("brk 1 TiB up: %d %s, now %ld\n", r, strerror(errno), (char *)sbrk(0) - s0);
    errno = 0; p = sbrk(1L << 40);
    printf("sbrk(1 TiB): %s %s, now %ld\n", p == (void *)-1 ? "-1" : "ok", strerror(errno), (char *)sbrk(0) - s0);
    errno = 0; p = sbrk(-0x7fffffffffffffffL);
    printf("sbrk(-LONG_MAX): %s %s, now %ld\n", p == (void *)-1 ? "-1" : "ok", strerror(errno), (char *)sbrk(0) - s0);
    return 0;
}
