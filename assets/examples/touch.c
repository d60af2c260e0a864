/* touch.c: memory is given on first touch. malloc of 4 MiB only reserves
 * addresses (an mmap of anonymous memory); each page gets a frame when it
 * is first written: a minor page fault, demand-zero.
 *
 * Watch: the memory pane: the mapping's pages turn present one by one;
 *        grep -E 'VmSize|VmRSS' /proc/PID/status: VmRSS grows, VmSize stays.
 * Try:   translate PID ADDR on a page not touched yet, and again after:
 *        ADDR in the 4 MiB rw-p mapping of /proc/PID/maps (its start
 *        + 200000, in hex, is touched about 5 s in). */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#define PAGES 1024

int main(void)
{
    char *mem = malloc(PAGES * 4096);

    printf("4 MiB reserved; touching a page every 10 ms\n");
    for (int i = 0; i < PAGES; i++) {
        mem[i * 4096] = 1; /* first touch: a page fault */
        usleep(10000);
    }
    printf("all %d pages touched\n", PAGES);
    return 0;
}
