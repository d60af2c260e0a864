/* backup.c: the nightly backup. It compresses the disk chunk by chunk
 * and never hurries: it has all night. It must not be stopped or killed,
 * or tonight's archive is lost. */
#include <stdio.h>

#define CHUNK 20000             /* bytes squeezed per chunk */

int main(void)
{
    long chunks = 0;
    long i;
    unsigned long crc = 0;

    for (;;) {
        for (i = 0; i < CHUNK; i++)
            crc = (crc * 33 + i) % 1000003;     /* "compress" one byte */
        chunks++;
        if (chunks % 50 == 0)
            printf("backup: %ld MB archived (crc %lu)\n", chunks, crc);
    }
    return 0;
}
