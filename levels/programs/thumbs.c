/* thumbs.c: a thumbnail cache. Its index outgrew its table, so it mapped
 * a bigger one, copied the entries over, and carries on with the new
 * table -- but it never unmapped the old one. */
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#define OLD_SIZE (4 << 20)      /* the first table: 4 MiB */
#define NEW_SIZE (6 << 20)      /* the bigger one: 6 MiB */

char *old_table;                /* the first table (no longer used) */
char *table;                    /* the table in use */

int main(void)
{
    long round = 0;

    old_table = mmap(NULL, OLD_SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    memset(old_table, 1, OLD_SIZE);             /* filled over the months */
    table = mmap(NULL, NEW_SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    memcpy(table, old_table, OLD_SIZE);         /* every entry copied over */
    /* munmap(old_table, OLD_SIZE);  <- forgotten */
    printf("thumbs: index moved from %p (%d KiB) to %p (%d KiB)\n",
           old_table, OLD_SIZE >> 10, table, NEW_SIZE >> 10);
    for (;;) {
        table[(round * 4096) % OLD_SIZE]++;     /* serve a thumbnail */
        round++;
        usleep(20000);
    }
    return 0;
}
