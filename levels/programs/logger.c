/* logger.c: writes 16 log records into a one-page ring buffer that a
 * shipper process will later read. The ring is mapped with mmap(); the
 * shipper only reads it, and whoever wrote the mmap() call thought the
 * same of the logger... */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

#define RING_SIZE PAGE_SIZE
#define RECORD 128
#define RECORDS 16

volatile char *writing;         /* the byte being written, for the handler */

/* Report and retry: returning from the handler re-executes the store. */
void on_segv(int sig)
{
    printf("logger: SIGSEGV writing at %p, retrying in 1 s\n", writing);
    sleep(1);
}

int main(void)
{
    char *ring;
    char *rec;
    int i;

    ring = mmap(NULL, RING_SIZE, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (ring == MAP_FAILED) {
        perror("mmap");
        return EXIT_FAILURE;
    }
    signal(SIGSEGV, on_segv);
    printf("logger: ring buffer at %p\n", ring);
    sleep(1);

    for (i = 0; i < RECORDS; i++) {
        rec = ring + i * RECORD;
        writing = rec;
        rec[0] = 'L';                   /* record header */
        snprintf(rec + 1, RECORD - 1, "og record %d", i);
        usleep(20000);
    }
    printf("logger: %d records written, ring handed to the shipper\n", RECORDS);
    return EXIT_SUCCESS;
}
