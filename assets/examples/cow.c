/* cow.c: fork() copies no memory. Parent and child share every page,
 * write-protected; the first write to a shared page faults and the kernel
 * copies it (copy-on-write, do_wp_page). A page whose other user is gone
 * is not copied but reused, made writable in place.
 *
 * Watch: the MMU pane with the child selected: a COW copy row for each
 *        of its 16 writes; then select the parent: once the child has
 *        exited, its writes find pages no one shares (COW reuse rows).
 * Try:   ps -o pid,min_flt,comm (each copy is a minor fault of the
 *        child); grep Dirty /proc/PID/smaps_rollup (the child's copies
 *        move from Shared_Dirty to Private_Dirty). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/wait.h>

#define PAGES 16

int main(void)
{
    char *buf = malloc(PAGES * 4096);

    memset(buf, 'A', PAGES * 4096); /* every page present before the fork */
    if (fork() == 0) {
        sleep(1);
        for (int i = 0; i < PAGES; i++) {
            buf[i * 4096] = 'B'; /* a COW copy per page */
            usleep(100000);
        }
        printf("child: my first byte is %c\n", buf[0]);
        return 0;
    }
    wait(NULL);
    printf("parent: my first byte is still %c\n", buf[0]);
    for (int i = 0; i < PAGES; i++) {
        buf[i * 4096] = 'C'; /* the child is gone: reused, not copied */
        usleep(100000);
    }
    printf("parent: now %c\n", buf[0]);
    return 0;
}
