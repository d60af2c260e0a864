/* segv.c: a page mapped read-only, and a write to it in ten seconds. The
 * page fault handler finds the VMA but it forbids writing: SIGSEGV with
 * si_code SEGV_ACCERR, and the process dies (the shell says Segmentation
 * fault).
 *
 * Watch: grep r--p /proc/PID/maps: the page is the r--p line with no
 *        file name (an anonymous mapping); strace -p PID shows the
 *        SIGSEGV and its si_code when the write comes; dmesg then has the
 *        kernel's line (segfault at ADDR ... error 6: user, write, no page).
 * Try:   save it before the ten seconds are up: mprotect PID ADDR 4096 rw-
 *        (ADDR from the maps line); translate PID ADDR w shows the walk. */
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>

int main(void)
{
    char *page = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

    printf("a read-only page; writing to it in 10 s\n");
    sleep(10);
    strcpy(page, "hello"); /* SIGSEGV unless someone made it writable */
    printf("the write went through: %s\n", page);
    return 0;
}
