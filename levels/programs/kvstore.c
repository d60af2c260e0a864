/* kvstore.c: a tiny key-value store. It reserves its table as 4 pages
 * of address space with no access (PROT_NONE), commits the first 3 for
 * the table and keeps the 4th as a guard page, loads the table, then
 * seals it read-only so that no stray pointer can corrupt it.
 *
 * Tonight's update has to change one entry. Nobody unsealed the table. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

#define TABLE_PAGES 3
#define ENTRY_SIZE 64
#define ENTRIES (TABLE_PAGES * PAGE_SIZE / ENTRY_SIZE)     /* 192 entries */
#define UPDATED 150                                         /* the entry to change */

volatile char *writing;         /* where the update is writing (for the handler) */
volatile int faults;

/* SIGSEGV: say where it happened, wait, and return. Returning re-executes
 * the faulting store: the update is retried until it goes through. */
void on_segv(int sig)
{
    faults++;
    printf("kvstore: SIGSEGV writing entry %d at %p (try %d), retrying in 1 s\n", UPDATED, writing, faults);
    sleep(1);
}

int main(void)
{
    char *table;
    char *entry;
    int i;

    table = mmap(NULL, (TABLE_PAGES + 1) * PAGE_SIZE, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (table == MAP_FAILED) {
        perror("mmap");
        return EXIT_FAILURE;
    }
    mprotect(table, TABLE_PAGES * PAGE_SIZE, PROT_READ | PROT_WRITE);     /* commit */
    for (i = 0; i < ENTRIES; i++)
        snprintf(table + i * ENTRY_SIZE, ENTRY_SIZE, "key%03d=%d", i, i * 7);
    mprotect(table, TABLE_PAGES * PAGE_SIZE, PROT_READ);                  /* seal */
    printf("kvstore: %d entries at %p-%p, sealed read-only\n", ENTRIES, table, table + TABLE_PAGES * PAGE_SIZE);

    signal(SIGSEGV, on_segv);

    /* At once: the update faults in the tick that printed the table, so
     * nobody can unseal the page before the fault says which one it is. */
    entry = table + UPDATED * ENTRY_SIZE;
    writing = &entry[7];
    entry[7] = '9';             /* "key150=1050" becomes "key150=9050" */
    printf("kvstore: entry %d updated: %s\n", UPDATED, entry);

    sleep(1);                   /* flush to disk */
    printf("kvstore: saved, bye\n");
    return EXIT_SUCCESS;
}
