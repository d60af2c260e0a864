/* sensor.c: samples a sensor as fast as it can and keeps a running
 * average. An ordinary single-threaded process with its own mm. */
#include <stdio.h>

int main(void)
{
    long sample = 0;
    long avg = 0;
    long n = 0;

    for (;;) {
        sample = (sample * 1103515245 + 12345) % 2147483648;
        avg += (sample % 100 - avg) / 16;
        n++;
    }
    return 0;
}
