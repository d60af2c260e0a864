/* touch.c: memory is given on first touch. malloc of 4 MiB only reserves
 * addresses (an mmap of anonymous memory); each page gets a frame when it
 * is first written: a minor page fault, demand-zero.
 *
 * Watch: the memory pane: the mapping's pages turn present one by one;
 *        VmRSS in cat /proc/PID/status grows while VmSize stays.
 * Try:   translate PID ADDR on a page not touched yet, and again after. */
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
