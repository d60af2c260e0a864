/* encoder.c: a batch video encoder. It splits the film into slices and
 * encodes them on WORKERS threads, as many as it thinks it has CPUs.
 * Every thread is CPU-bound and never sleeps. */
#include <pthread.h>
#include <stdio.h>

#define WORKERS 5
#define SLICE 40000             /* macroblocks per slice */

void *encode(void *arg)
{
    long id = (long)arg;
    long slices = 0;
    long mb;
    unsigned long bits = 0;

    for (;;) {
        for (mb = 0; mb < SLICE; mb++)
            bits = (bits * 17 + mb + id) % 65521;   /* motion search, DCT, ... */
        slices++;
    }
    return NULL;
}

int main(void)
{
    pthread_t workers[WORKERS];
    long i;

    printf("encoder: starting %d worker threads\n", WORKERS);
    for (i = 0; i < WORKERS; i++)
        pthread_create(&workers[i], NULL, encode, (void *)i);
    for (i = 0; i < WORKERS; i++)
        pthread_join(workers[i], NULL);
    return 0;
}
