/* reindex.c (the "indexer" of nowhere-to-write): builds a search index
 * in an anonymous mapping. When the index fills up it moves to a mapping
 * twice as big and unmaps the old one — but the "hot slot" pointer,
 * cached before the move, still points into the old mapping. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#define OLD_PAGES 2
#define NEW_PAGES 4

volatile char *writing;         /* the byte being written, for the handler */

void on_segv(int sig)
{
    printf("indexer: SIGSEGV writing at %p, retrying in 1 s\n", writing);
    sleep(1);
}

int main(void)
{
    char *index;
    char *bigger;
    char *hot;
    long n = 0;

    index = mmap(NULL, OLD_PAGES * PAGE_SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    memset(index, 0, OLD_PAGES * PAGE_SIZE);
    hot = index + PAGE_SIZE + 256;      /* the most used slot, cached */

    /* The index is full: grow it. */
    bigger = mmap(NULL, NEW_PAGES * PAGE_SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    memcpy(bigger, index, OLD_PAGES * PAGE_SIZE);
    munmap(index, OLD_PAGES * PAGE_SIZE);
    index = bigger;
    printf("indexer: index moved to %p (%d pages)\n", index, NEW_PAGES);

    signal(SIGSEGV, on_segv);
    sleep(1);
    for (;;) {
        writing = hot;
        hot[0]++;                       /* count a hit on the hot slot */
        n++;
        usleep(1000);
    }
    return 0;
}
