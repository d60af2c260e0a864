/* alarm(2): SIGALRM after the time, the seconds left of an earlier alarm,
 * and a sleep cut short by the signal. */
#include <signal.h>
#include <stdio.h>
#include <unistd.h>

volatile int fired = 0;

void on_alarm(int sig)
{
    fired++;
}

int main(void)
{
    signal(SIGALRM, on_alarm);
    printf("first alarm: %u left before\n", alarm(5));
    printf("second alarm: %u left before\n", alarm(1));
    pause();
    printf("fired %d time(s)\n", fired);
    alarm(1);
    printf("sleep(3) returned %u\n", sleep(3));
    printf("fired %d time(s)\n", fired);
    printf("cancel: %u\n", alarm(0));
    return 0;
}
