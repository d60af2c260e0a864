/* starter.c: started by the supervisor. It forks the three network
 * daemons, waits until they are up, and exits: its job is done. */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#define NDAEMONS 3

/* A daemon: wakes up now and then to do its work, forever. */
void daemon_main(int id)
{
    unsigned long served = 0;

    for (;;) {
        served++;
        sleep(1 + id);
    }
}

int main(void)
{
    int i;
    pid_t pid;

    for (i = 0; i < NDAEMONS; i++) {
        pid = fork();
        if (pid == 0)
            daemon_main(i);
        printf("starter: daemon %d has PID %d\n", i, pid);
    }
    printf("starter: waiting 4 s for the daemons to come up\n");
    sleep(4);
    printf("starter: all up, my work is done\n");
    return EXIT_SUCCESS;
}
