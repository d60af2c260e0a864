/* mixer.c: a live audio mixer. The sound card plays one buffer every
 * 10 ms; the mixer must have the next one ready by then, and mixing a
 * buffer takes 8 ms of CPU. With less than ~80% of a CPU it falls
 * behind and the card plays silence: a dropout (an "xrun").
 *
 * The main thread mixes. A second thread stands for the sound card's
 * interrupt: every 10 ms it takes one buffer from the queue. */
#include <pthread.h>
#include <stdio.h>
#include <unistd.h>

#define QUEUE 3                 /* buffers the card can hold */
#define MIX_WORK 4000           /* one buffer: about 8 ms of CPU */
#define PERIODS_PER_SEC 100

volatile int ready;             /* mixed buffers waiting for the card */
volatile int clean_seconds;     /* seconds in a row without a dropout */

/* The sound card: plays a buffer every period; an empty queue is a dropout. */
void *soundcard(void *arg)
{
    int period = 0;
    int xruns = 0;
    int second = 0;

    for (;;) {
        usleep(10000);
        if (ready > 0)
            ready--;
        else
            xruns++;
        if (++period == PERIODS_PER_SEC) {
            second++;
            if (xruns) {
                printf("mixer: second %d: %d dropouts!\n", second, xruns);
                clean_seconds = 0;
            } else {
                clean_seconds++;
                printf("mixer: second %d: clean (%d in a row)\n", second, clean_seconds);
            }
            period = 0;
            xruns = 0;
        }
    }
    return NULL;
}

void mix_one_buffer(void)
{
    int s;
    long acc = 0;

    for (s = 0; s < MIX_WORK; s++)
        acc += (s * 7) & 255;   /* sum the tracks, apply the effects */
    ready++;
}

int main(void)
{
    pthread_t card;

    while (ready < QUEUE)       /* fill the queue before playback starts */
        mix_one_buffer();
    pthread_create(&card, NULL, soundcard, NULL);
    for (;;) {
        if (ready < QUEUE)
            mix_one_buffer();
        else
            usleep(1000);       /* queue full: wait for the card */
    }
    return 0;
}
