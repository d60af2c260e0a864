/* mmap, munmap, mprotect and madvise: what they return and the errno
 * they set for bad arguments, and which check comes first (Linux 6.1,
 * x86-64). Run as a normal user: root may map page 0. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>

static void show(const char *what, long r)
{
    if (r == -1)
        printf("%-34s -1 %s\n", what, strerror(errno));
    else
        printf("%-34s %ld\n", what, r);
    errno = 0;
}

static void show_map(const char *what, void *p)
{
    if (p == MAP_FAILED)
        printf("%-34s MAP_FAILED %s\n", what, strerror(errno));
    else
        printf("%-34s ok, page offset %ld\n", what, (long)p & 4095);
    errno = 0;
}

int main(void)
{
    char *p = mmap(NULL, 4 * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    show_map("mmap 4 pages", p);
    show_map("mmap len 0", mmap(NULL, 0, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0));
    show_map("mmap neither PRIVATE nor SHARED", mmap(NULL, 4096, PROT_READ, MAP_ANONYMOUS, -1, 0));
    show_map("mmap PRIVATE|SHARED", mmap(NULL, 4096, PROT_READ, MAP_PRIVATE | MAP_SHARED | MAP_ANONYMOUS, -1, 0));
    show_map("mmap FIXED unaligned", mmap(p + 1, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0));
    show_map("mmap hint unaligned", mmap(p + 1, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0));
    show_map("mmap offset unaligned", mmap(NULL, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 100));
    show_map("mmap len not a page multiple", mmap(NULL, 100, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0));
    show_map("mmap unknown prot bit 0x10", mmap(NULL, 4096, PROT_READ | 0x10, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0));
    show_map("mmap huge length", mmap(NULL, 1UL << 50, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0));
    show_map("mmap fd -1 without ANONYMOUS", mmap(NULL, 4096, PROT_READ, MAP_PRIVATE, -1, 0));
    show_map("mmap FIXED at 0", mmap((void *)0, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0));
    show_map("mmap FIXED in kernel space", mmap((void *)0xffff800000000000UL, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0));
    show_map("mmap len 0 and bad flags", mmap(NULL, 0, PROT_READ, MAP_ANONYMOUS, -1, 0));
    show_map("mmap SHARED_VALIDATE, unknown flag", mmap(NULL, 4096, PROT_READ, MAP_SHARED_VALIDATE | MAP_ANONYMOUS | 0x4000000, -1, 0));
    show_map("mmap GROWSDOWN", mmap(NULL, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_GROWSDOWN, -1, 0));
    show_map("mmap bad fd 99", mmap(NULL, 4096, PROT_READ, MAP_PRIVATE, 99, 0));

    show("mprotect ok", mprotect(p, 4096, PROT_READ));
    show("mprotect unaligned", mprotect(p + 1, 4096, PROT_READ));
    show("mprotect len 0", mprotect(p, 0, PROT_READ));
    show("mprotect len 1 (rounded up)", mprotect(p, 1, PROT_READ | PROT_WRITE));
    show("mprotect prot 0x10", mprotect(p, 4096, 0x10));
    show("mprotect PROT_SEM", mprotect(p, 4096, PROT_READ | 0x8));
    show("mprotect PROT_GROWSDOWN", mprotect(p, 4096, PROT_READ | PROT_GROWSDOWN));
    show("mprotect PROT_NONE", mprotect(p, 4096, PROT_NONE));
    show("mprotect len 0, bad prot", mprotect(p, 0, 0x10));
    show("mprotect unaligned, len 0", mprotect(p + 1, 0, PROT_READ));
    show("mprotect bad prot, kernel address", mprotect((void *)0xffff800000000000UL, 4096, 0x10));
    show("mprotect wraps around", mprotect((void *)0xfffffffffffff000UL, 8192, PROT_READ));
    show("mprotect NULL", mprotect(NULL, 4096, PROT_READ));
    show("mprotect kernel address", mprotect((void *)0xffff800000000000UL, 4096, PROT_READ));

    show("munmap unaligned", munmap(p + 1, 4096));
    show("munmap len 0", munmap(p, 0));
    show("munmap one page in the middle", munmap(p + 4096, 4096));
    show("munmap it again (nothing there)", munmap(p + 4096, 4096));
    show("mprotect across the hole", mprotect(p, 3 * 4096, PROT_READ));
    show("munmap all (and the hole)", munmap(p, 4 * 4096));
    show("munmap NULL page", munmap(NULL, 4096));
    show("munmap kernel address", munmap((void *)0xffff800000000000UL, 4096));
    show("munmap huge length", munmap(p, 1UL << 50));

    show("madvise unaligned", madvise(p + 1, 4096, MADV_DONTNEED));
    show("madvise unmapped", madvise(p, 4096, MADV_DONTNEED));
    show("madvise bad advice", madvise(p, 4096, 12345));
    return 0;
}
