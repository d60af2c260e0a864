/* framebuf.c: draws a 3-page frame buffer, then waits for the display to
 * show it. Last week someone hunted a stray write with an mprotect
 * "watchpoint" on the middle page -- and the debug line is still there. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

#define FRAME_PAGES 3
#define FRAME_SIZE (FRAME_PAGES * PAGE_SIZE)

volatile char *drawing;         /* the pixel being drawn, for the handler */

void on_segv(int sig)
{
    printf("framebuf: SIGSEGV drawing at %p, retrying in 1 s\n", drawing);
    sleep(1);
}

int main(void)
{
    char *frame;
    long px;

    frame = mmap(NULL, FRAME_SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (frame == MAP_FAILED) {
        perror("mmap");
        return EXIT_FAILURE;
    }
    mprotect(frame + PAGE_SIZE, PAGE_SIZE, PROT_READ);     /* DEBUG: catch the stray write */
    printf("framebuf: frame buffer at %p-%p\n", frame, frame + FRAME_SIZE);
    signal(SIGSEGV, on_segv);
    sleep(1);

    for (px = 0; px < FRAME_SIZE; px++) {
        drawing = frame + px;
        frame[px] = (px / 64) & 255;    /* a gradient */
    }
    printf("framebuf: frame drawn, waiting for the display\n");
    for (;;)
        pause();
    return 0;
}
