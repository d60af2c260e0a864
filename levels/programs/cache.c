/* cache.c: the dispatcher's cache server, started by it at boot. It
 * keeps the sessions of every logged-in user in memory: if it dies,
 * they are all logged out. */
#include <stdio.h>
#include <unistd.h>

int sessions[256];      /* the cached sessions */

int main(void)
{
    int n = 0;

    printf("cache: serving sessions\n");
    for (;;) {
        sessions[n % 256] = n;          /* refresh one session */
        n++;
        sleep(1);
    }
    return 0;
}
