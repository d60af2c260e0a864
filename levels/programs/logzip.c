/* logzip.c: compresses last night's logs. Or should: the loop below
 * forgets to advance its index, so it never ends and never sleeps.
 * A process like this stays runnable (R) and eats a whole CPU. */
#include <stdio.h>
#include <stdlib.h>

#define BLOCKS 4096

int main(void)
{
    unsigned long checksum = 0;
    int block = 0;

    printf("logzip: compressing /var/log/syslog.1 (%d blocks)\n", BLOCKS);
    while (block < BLOCKS) {
        checksum = checksum * 31 + block;   /* bug: block++ is missing */
    }
    printf("logzip: done, checksum %lx\n", checksum);
    return EXIT_SUCCESS;
}
