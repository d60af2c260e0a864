/* waitpid's options and the status macros. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <unistd.h>
#include <sys/wait.h>

void show(const char *what, int st)
{
    printf("%-6s st=0x%04x exited=%d signaled=%d stopped=%d continued=%d", what, st,
           WIFEXITED(st) != 0, WIFSIGNALED(st) != 0, WIFSTOPPED(st) != 0, WIFCONTINUED(st) != 0);
    if (WIFEXITED(st)) printf(" status=%d", WEXITSTATUS(st));
    if (WIFSIGNALED(st)) printf(" sig=%d core=%d", WTERMSIG(st), WCOREDUMP(st) != 0);
    if (WIFSTOPPED(st)) printf(" stopsig=%d", WSTOPSIG(st));
    printf("\n");
}

int main(void)
{
    int st = 0;
    pid_t c, r;

    errno = 0;
    r = wait(&st);
    printf("wait, no children: %d %s\n", r, strerror(errno));
    r = waitpid(-1, &st, WNOHANG);
    printf("WNOHANG, no children: %d %s\n", r, strerror(errno));
    r = waitpid(12345, &st, 0);
    printf("not my child: %d %s\n", r, strerror(errno));
    r = waitpid(-1, &st, 0x40000);
    printf("bad options: %d %s\n", r, strerror(errno));

    c = fork();
    if (c == 0) { usleep(200000); _exit(7); }
    st = 0x5555;
    r = waitpid(c, &st, WNOHANG);
    printf("WNOHANG, running: %d st=0x%x\n", r, st);
    r = waitpid(c, &st, 0);
    printf("r==c %d\n", r == c);
    show("exit7", st);

    c = fork();
    if (c == 0) { exit(-1); }
    waitpid(c, &st, 0); show("exit-1", st);
    c = fork();
    if (c == 0) { int *p = (int *)16; return *p; }
    waitpid(c, &st, 0); show("segv", st);
    c = fork();
    if (c == 0) { volatile int z = 0; return 5 / z; }
    waitpid(c, &st, 0); show("fpe", st);
    c = fork();
    if (c == 0) { abort(); }
    waitpid(c, &st, 0); show("abort", st);
    c = fork();
    if (c == 0) { raise(SIGTERM); return 0; }
    waitpid(c, &st, 0); show("term", st);
    c = fork();
    if (c == 0) { raise(SIGQUIT); return 0; }
    waitpid(c, &st, 0); show("quit", st);
    c = fork();
    if (c == 0) { kill(getpid(), SIGUSR1); return 0; }
    waitpid(c, &st, 0); show("usr1", st);

    c = fork();
    if (c == 0) { for (;;) pause(); }
    kill(c, SIGSTOP);
    waitpid(c, &st, WUNTRACED); show("stop1", st);
    kill(c, SIGCONT);
    waitpid(c, &st, WCONTINUED); show("cont", st);
    r = waitpid(c, &st, WNOHANG | WCONTINUED);
    printf("continued reported once: %d\n", r);
    kill(c, SIGSTOP);
    waitpid(c, &st, WUNTRACED); show("stop", st);
    r = waitpid(c, &st, WNOHANG | WUNTRACED);
    printf("stop reported once: %d\n", r);
    kill(c, SIGKILL);
    waitpid(c, &st, 0); show("kill", st);

    /* waitpid(0, ...) waits for the same process group only */
    c = fork();
    if (c == 0) { setpgid(0, 0); usleep(100000); _exit(3); }
    setpgid(c, c);
    r = waitpid(0, &st, 0);
    printf("waitpid(0) other group: %d %s\n", r, strerror(errno));
    r = waitpid(-c, &st, 0);
    printf("waitpid(-pgid): r==c %d status=%d\n", r == c, WEXITSTATUS(st));
    /* NULL status */
    c = fork();
    if (c == 0) _exit(1);
    printf("NULL status: r==c %d\n", waitpid(c, NULL, 0) == c);
    return 0;
}
