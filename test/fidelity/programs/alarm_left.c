/* What alarm() says is left of the previous alarm: rounded to the nearest
 * second (a half rounds up), never 0 while one is pending. */
#include <stdio.h>
#include <unistd.h>

int main(void)
{
    alarm(5);
    usleep(1700000);
    printf("%u\n", alarm(5)); /* 3.3 s left */
    usleep(1200000);
    printf("%u\n", alarm(5)); /* 3.8 s left */
    usleep(4600000);
    printf("%u\n", alarm(0)); /* 0.4 s left */
    return 0;
}
