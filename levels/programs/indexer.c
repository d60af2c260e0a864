/* indexer.c: builds the search index of a directory, with one worker
 * thread per file. Threads are tasks too: each has its own task_struct
 * and TID, but they share one thread group (tgid, the PID ps shows),
 * one address space (mm) and one signal table.
 *
 * Usage: indexer DIR */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define NWORKERS 3

long sizes[NWORKERS];           /* size in bytes of the file each worker indexes */
unsigned long words[NWORKERS];  /* words found in each file */

/* One worker: index its file in 16 chunks, then again every few seconds. */
void *worker(void *arg)
{
    long w = (long)arg;
    long size, chunk, off;

    for (;;) {
        size = sizes[w];
        chunk = size / 16;              /* bug: 0 for a file under 16 bytes */
        for (off = 0; off < size; off += chunk)
            words[w]++;                 /* ...and then this never ends */
        sleep(3 + w);
    }
    return NULL;
}

int main(int argc, char **argv)
{
    pthread_t tids[NWORKERS];
    long w;

    if (argc < 2) {
        fprintf(stderr, "usage: indexer DIR\n");
        return 1;
    }
    /* The files found in DIR. */
    if (strcmp(argv[1], "/srv/photos") == 0) {
        sizes[0] = 2048000; sizes[1] = 12; sizes[2] = 409600;   /* 12: an empty-ish tag file */
    } else {
        sizes[0] = 4096; sizes[1] = 30000; sizes[2] = 812;
    }
    printf("indexer %s: %d workers\n", argv[1], NWORKERS);
    for (w = 0; w < NWORKERS; w++)
        pthread_create(&tids[w], NULL, worker, (void *)w);
    for (w = 0; w < NWORKERS; w++)
        pthread_join(tids[w], NULL);
    return 0;
}
