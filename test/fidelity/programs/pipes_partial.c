/* A write to a pipe that fills up and then meets a signal returns the
 * bytes it wrote: with SA_RESTART (signal()'s handlers) too, since there is
 * nothing left to restart, and for a stop and continue as well. The reader
 * gets each byte once. */
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <errno.h>
#include <unistd.h>
#include <sys/wait.h>

void on_alarm(int sig) { }

static char big[100000];

void drain_later(int fd)
{
    char buf[4096];
    long total = 0;
    int n;
    sleep(2);
    while ((n = read(fd, buf, sizeof buf)) > 0)
        total += n;
    printf("  the reader got %ld bytes\n", total);
    _exit(0);
}

int main(void)
{
    struct sigaction sa;
    int p[2], q[2], r, i;
    pid_t c;

    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_alarm;
    for (i = 0; i < 2; i++) {
        sa.sa_flags = i ? SA_RESTART : 0;
        sigaction(SIGALRM, &sa, NULL);
        pipe(p);
        c = fork();
        if (c == 0) {
            close(p[1]);
            drain_later(p[0]);
        }
        close(p[0]);
        alarm(1);
        errno = 0;
        r = write(p[1], big, sizeof big);
        printf("%s: write of %d bytes returned %d (%s)\n", i ? "SA_RESTART" : "no SA_RESTART", (int)sizeof big, r, strerror(errno));
        close(p[1]);
        waitpid(c, NULL, 0);
    }

    pipe(p);
    pipe(q);
    c = fork();
    if (c == 0) {
        close(p[0]);
        r = write(p[1], big, sizeof big);
        write(q[1], &r, sizeof r);
        _exit(0);
    }
    close(p[1]);
    usleep(300000);
    kill(c, SIGSTOP);
    waitpid(c, NULL, WUNTRACED);
    kill(c, SIGCONT);
    usleep(300000);
    {
        char buf[4096];
        long total = 0;
        int n;
        while ((n = read(p[0], buf, sizeof buf)) > 0)
            total += n;
        read(q[0], &r, sizeof r);
        printf("stopped and continued: write returned %d, the reader got %ld bytes\n", r, total);
    }
    waitpid(c, NULL, 0);
    return 0;
}
