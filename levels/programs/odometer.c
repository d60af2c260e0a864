/* odometer.c: counts the seconds it has been running in a global
 * variable, and says where that variable lives. Every time it adds one,
 * the CPU must turn that virtual address into a physical one. */
#include <stdio.h>
#include <unistd.h>

char unit[8] = "seconds";       /* in .data */
long odometer;                  /* how many so far, in .bss */

int main(void)
{
    printf("odometer: my counter lives at %p\n", (void *)&odometer);
    for (;;) {
        sleep(1);
        odometer++;
        if (odometer % 60 == 0)
            printf("odometer: %ld %s\n", odometer, unit);
    }
    return 0;
}
