/* MAP_FIXED replaces what was there: the old pages are gone (zeros),
 * the pages around keep their contents. MAP_FIXED_NOREPLACE refuses. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>

int main(void)
{
    char *p = mmap(NULL, 4 * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    int i;
    for (i = 0; i < 4; i++)
        memset(p + i * 4096, 'a' + i, 4096);
    char *q = mmap(p + 4096, 2 * 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
    printf("MAP_FIXED returned the address asked for: %d\n", q == p + 4096);
    for (i = 0; i < 4; i++)
        printf("page %d: %d\n", i, p[i * 4096 + 5]);
    char *r = mmap(p, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
    if (r == MAP_FAILED)
        printf("MAP_FIXED_NOREPLACE over a mapping: %s\n", strerror(errno));
    else
        printf("MAP_FIXED_NOREPLACE over a mapping: offset %ld\n", (long)(r - p));
    /* A hint that is free is taken as it is. */
    munmap(p, 4 * 4096);
    char *h = mmap(p + 4096, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    printf("free hint taken: %d\n", h == p + 4096);
    /* A hint that is taken: the kernel picks another place (not the hint). */
    char *h2 = mmap(p + 4096, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    printf("busy hint moved: %d\n", h2 != p + 4096);
    r = mmap(p + 2 * 4096, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
    printf("MAP_FIXED_NOREPLACE on a free page: %d\n", r == p + 2 * 4096);
    /* The new mapping next to h has the same rights: one VMA; mprotect splits it back. */
    printf("mprotect the first page: %d\n", mprotect(h, 4096, PROT_READ));
    printf("reads after the rights change: %d %d\n", h[0], r[0]);
    return 0;
}
