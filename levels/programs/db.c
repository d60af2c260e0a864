/* db.c: the database server. It owns CPU 0 (its affinity says so):
 * it waits for a query, scans an index to answer it, and waits again. */
#include <stdio.h>
#include <unistd.h>

int main(void)
{
    long queries = 0;
    long rows;
    long i;

    for (;;) {
        usleep(20000);                  /* the next query arrives */
        rows = 0;
        for (i = 0; i < 2000; i++)      /* scan the index */
            rows += i & 7;
        queries++;
    }
    return 0;
}
