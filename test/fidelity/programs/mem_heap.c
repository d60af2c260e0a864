/* The heap: sbrk/brk move the program break; glibc's malloc takes small
 * blocks from the heap and blocks of 128 KiB or more from mmap, and raises
 * that threshold when such a block is freed. Only distances are printed:
 * absolute addresses change with ASLR. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int main(void)
{
    printf("start\n");          /* stdout's buffer is malloc'ed now */
    char *brk0 = sbrk(0);
    char *a = malloc(100);
    char *b = malloc(100);
    char *c = malloc(1000);
    printf("small blocks: b-a=%ld c-b=%ld, 16-aligned: %d\n", (long)(b - a), (long)(c - b), ((long)a & 15) == 0);
    printf("a below the break: %d, break - a = %ld\n", a < brk0, (long)(brk0 - a));
    free(b);
    char *d = malloc(90);
    printf("freed block reused: %d\n", d == b);
    char *big = malloc(200000);
    printf("200000 bytes: in the heap %d, page offset %ld\n", big >= a && big < (char *)sbrk(0), (long)big & 4095);
    memset(big, 1, 200000);
    free(big);
    char *big2 = malloc(200000);
    printf("again after free: in the heap %d\n", big2 >= a && big2 < (char *)sbrk(0));
    char *huge = malloc(1 << 20);
    printf("1 MiB: in the heap %d, page offset %ld\n", huge >= a && huge < (char *)sbrk(0), (long)huge & 4095);
    free(huge);
    char *big3 = malloc(300000);
    printf("300000 after freeing 1 MiB: in the heap %d\n", big3 >= a && big3 < (char *)sbrk(0));

    char *cur = sbrk(0);
    char *old = sbrk(4096);
    printf("sbrk(4096) returns the old break: %d, break moved by %ld\n", old == cur, (long)((char *)sbrk(0) - cur));
    old[4095] = 'z';
    printf("new heap byte: %c\n", old[4095]);
    /* gcc evaluates arguments right to left: one call per statement keeps the order clear */
    old = sbrk(-4096);
    printf("sbrk(-4096) returns the old break: %d, break back: %d\n", old == cur + 4096, (char *)sbrk(0) == cur);
    int rc = brk(cur + 100000);
    printf("brk(cur + 100000) = %d, break moved by %ld\n", rc, (long)((char *)sbrk(0) - cur));
    cur[99999] = 1;
    rc = brk(cur);
    printf("brk(cur) = %d, break back: %d\n", rc, (char *)sbrk(0) == cur);
    errno = 0;
    void *r = sbrk(1L << 46);
    printf("sbrk(2^46): %s, %s\n", r == (void *)-1 ? "(void *)-1" : "ok", strerror(errno));
    errno = 0;
    rc = brk(NULL);
    printf("brk(NULL) = %d, errno %d, break unchanged %d\n", rc, errno, (char *)sbrk(0) == cur);
    rc = brk(cur - (1L << 40));
    printf("brk below the heap = %d, %s, break unchanged %d\n", rc, strerror(errno), (char *)sbrk(0) == cur);
    char *e = calloc(1000, 4);
    long i, s = 0;
    for (i = 0; i < 4000; i++)
        s += e[i];
    printf("calloc is zeroed: %ld\n", s);
    return 0;
}
