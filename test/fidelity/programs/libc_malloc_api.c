/* malloc's interface at its edges: huge requests fail with ENOMEM,
 * calloc's overflow check, realloc as malloc and as free, and contents
 * kept when realloc moves a block. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <stdint.h>

int main(void)
{
    errno = 0;
    void *p = malloc((size_t)-1);
    printf("malloc(SIZE_MAX): %s %s\n", p ? "ptr" : "NULL", strerror(errno));
    errno = 0;
    p = malloc(1UL << 50);
    printf("malloc(2^50): %s %s\n", p ? "ptr" : "NULL", strerror(errno));
    errno = 0;
    p = calloc(1UL << 40, 1UL << 40);
    printf("calloc overflow: %s %s\n", p ? "ptr" : "NULL", strerror(errno));
    p = calloc(0, 10);
    printf("calloc(0, 10): %s\n", p ? "unique ptr" : "NULL");
    free(p);
    char *r = realloc(NULL, 10);
    strcpy(r, "keep me");
    printf("realloc(NULL, 10) works as malloc: %s\n", r);
    char *blocker = malloc(10);
    char *r2 = realloc(r, 5000);
    printf("grown with a block after it: moved %d, contents [%s]\n", r2 != r, r2);
    char *r3 = realloc(r2, 4000);
    printf("shrunk: same block %d, contents [%s]\n", r3 == r2, r3);
    errno = 0;
    char *r4 = realloc(r3, (size_t)-1);
    printf("realloc too big: %s %s, old block intact [%s]\n", r4 ? "ptr" : "NULL", strerror(errno), r3);
    char *r5 = realloc(r3, 0);
    printf("realloc(p, 0): %s\n", r5 ? "ptr" : "NULL (freed)");
    free(blocker);
    char *s = strdup("duplicate");
    printf("strdup: [%s], a new block %d\n", s, s != NULL);
    return 0;
}
