#define _GNU_SOURCE
/* mremap: grow in place when the pages after are free, move (contents
 * kept, old range gone) with MREMAP_MAYMOVE, or fail with ENOMEM; shrink
 * in place; and its errno for bad arguments. */
#include <stdio.h>
#include <string.h>
#include <errno.h>
#include <signal.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/wait.h>

#define PG 4096

static void show(const char *what, void *r)
{
    if (r == MAP_FAILED) printf("%-34s MAP_FAILED %s\n", what, strerror(errno));
    else printf("%-34s ok\n", what);
    errno = 0;
}

int main(void)
{
    /* reserve 8 pages, then free the upper 6: room to grow into */
    char *area = mmap(NULL, 8 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    munmap(area + 2 * PG, 6 * PG);
    strcpy(area, "first page");
    char *p = mremap(area, 2 * PG, 4 * PG, 0);
    printf("grow in place: same address %d, contents [%s]\n", p == area, p);
    p[3 * PG] = 'x';
    printf("new page usable: %c, zero before it: %d\n", p[3 * PG], p[2 * PG]);

    /* a mapping right after blocks growth in place */
    char *wall = mmap(area + 4 * PG, PG, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
    printf("wall placed: %d\n", wall == area + 4 * PG);
    errno = 0;
    show("grow without MAYMOVE, blocked", mremap(area, 4 * PG, 6 * PG, 0));
    char *moved = mremap(area, 4 * PG, 6 * PG, MREMAP_MAYMOVE);
    printf("MAYMOVE: moved %d, contents [%s], page 3 kept %c\n", moved != area, moved, moved[3 * PG]);
    pid_t c = fork();
    if (c == 0) { volatile char x = area[0]; _exit(x); }
    int st;
    waitpid(c, &st, 0);
    printf("old address after the move: signaled %d sig %d\n", WIFSIGNALED(st), WTERMSIG(st));

    char *s = mremap(moved, 6 * PG, 2 * PG, 0);
    printf("shrink: same address %d, contents [%s]\n", s == moved, s);
    c = fork();
    if (c == 0) { volatile char x = moved[3 * PG]; _exit(x); }
    waitpid(c, &st, 0);
    printf("beyond the shrunk end: sig %d\n", WTERMSIG(st));

    show("unaligned old address", mremap(s + 1, PG, 2 * PG, MREMAP_MAYMOVE));
    show("new size 0", mremap(s, PG, 0, MREMAP_MAYMOVE));
    show("unknown flag", mremap(s, PG, 2 * PG, 0x100));
    show("FIXED without MAYMOVE", mremap(s, PG, 2 * PG, MREMAP_FIXED, s + 100 * PG));
    char *hole = mmap(NULL, 3 * PG, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    munmap(hole + PG, PG);
    show("not mapped", mremap(hole + PG, PG, 2 * PG, MREMAP_MAYMOVE));
    show("old size larger than the mapping", mremap(s, 4 * PG, 5 * PG, MREMAP_MAYMOVE));
    char *f = mremap(s, 2 * PG, 2 * PG, MREMAP_MAYMOVE | MREMAP_FIXED, s + 64 * PG);
    printf("MAYMOVE|FIXED: at the address asked %d, contents [%s]\n", f == s + 64 * PG, f);
    return 0;
}
