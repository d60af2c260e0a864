/* render.c: renders the 30 frames of tonight's trailer. The client
 * collects them at the deadline; each frame is about 100 ms of CPU work
 * when the render has a CPU to itself. */
#include <stdio.h>
#include <stdlib.h>

#define FRAMES 30
#define PIXELS 33000            /* pixels shaded per frame */

/* A made-up shader: some arithmetic per pixel, nothing more. */
long shade(long px, int frame)
{
    return (px * 31 + frame * 7) % 255;
}

int main(void)
{
    int frame;
    long px;
    long checksum;

    for (frame = 1; frame <= FRAMES; frame++) {
        checksum = 0;
        for (px = 0; px < PIXELS; px++)
            checksum += shade(px, frame);
        printf("render: frame %d/%d done (checksum %ld)\n", frame, FRAMES, checksum);
    }
    printf("render: all %d frames delivered\n", FRAMES);
    return EXIT_SUCCESS;
}
