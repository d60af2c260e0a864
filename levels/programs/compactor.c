/* compactor.c: rewrites the journal's old segments. A compaction must
 * not be cut short, so it ignores SIGTERM -- and so it never stops. */
#include <signal.h>
#include <stdio.h>
#include <unistd.h>

int main(void)
{
    int segment = 0;

    setpgid(0, getppid());      /* join the daemon's process group */
    signal(SIGTERM, SIG_IGN);
    for (;;) {
        segment++;              /* compact one segment */
        sleep(1);
    }
    return 0;
}
