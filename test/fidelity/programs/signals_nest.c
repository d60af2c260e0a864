/* A signal that arrives while its own handler runs waits until the handler
 * returns (the kernel blocks it for the handler); another signal nests.
 * The mask a handler changes is put back when it returns. */
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <errno.h>
#include <unistd.h>
#include <sys/wait.h>

char trace[128];
int n = 0;
int calls = 0;
int usr1_blocked_inside = -1, usr2_blocked_inside = -1;

void note(char c) { trace[n++] = c; trace[n] = 0; }

void on_usr2(int s)
{
    note('[');
    note('2');
    note(']');
}

void on_usr1(int s)
{
    sigset_t m;
    note('(');
    calls++;
    sigprocmask(SIG_BLOCK, NULL, &m);
    usr1_blocked_inside = sigismember(&m, SIGUSR1);
    usr2_blocked_inside = sigismember(&m, SIGUSR2);
    if (calls == 1) {
        raise(SIGUSR1);      /* blocked: runs after this handler returns */
        note('1');
        raise(SIGUSR2);      /* not blocked: nests right here */
        note('1');
    }
    note(')');
}

int blocked_in_handler = 0;
void on_hup(int s)
{
    sigset_t add;
    sigemptyset(&add);
    sigaddset(&add, SIGINT);
    sigprocmask(SIG_BLOCK, &add, NULL);  /* undone by sigreturn */
    blocked_in_handler = 1;
}

int chld_calls = 0, chld_reaped = 0;
void on_chld(int s)
{
    chld_calls++;
    while (waitpid(-1, NULL, WNOHANG) > 0)
        chld_reaped++;
}

int woke = 0;
void on_usr1_child(int s) { woke++; }

int main(void)
{
    sigset_t m, blk, old;
    int st, i;
    signal(SIGUSR1, on_usr1);
    signal(SIGUSR2, on_usr2);
    raise(SIGUSR1);
    printf("trace: %s\n", trace);
    printf("inside the handler: USR1 blocked %d, USR2 blocked %d\n", usr1_blocked_inside, usr2_blocked_inside);
    sigprocmask(SIG_BLOCK, NULL, &m);
    printf("after: USR1 blocked %d\n", sigismember(&m, SIGUSR1));

    signal(SIGHUP, on_hup);
    raise(SIGHUP);
    sigprocmask(SIG_BLOCK, NULL, &m);
    printf("handler blocked INT: ran %d, INT blocked after return %d\n", blocked_in_handler, sigismember(&m, SIGINT));

    /* SIGCHLD does not count children: three zombies, one handler call */
    signal(SIGCHLD, on_chld);
    sigemptyset(&blk);
    sigaddset(&blk, SIGCHLD);
    sigprocmask(SIG_BLOCK, &blk, &old);
    for (i = 0; i < 3; i++)
        if (fork() == 0) _exit(i);
    usleep(300000);
    sigprocmask(SIG_SETMASK, &old, NULL);
    printf("SIGCHLD: %d handler call(s), %d child(ren) reaped\n", chld_calls, chld_reaped);
    signal(SIGCHLD, SIG_DFL);

    /* signals whose default is to ignore neither kill nor end pause() */
    pid_t c = fork();
    if (c == 0) {
        signal(SIGUSR1, on_usr1_child);
        int r = pause();
        printf("child: pause=%d %s woke=%d\n", r, strerror(errno), woke);
        return 0;
    }
    usleep(100000);
    kill(c, SIGCHLD);
    kill(c, SIGWINCH);
    kill(c, SIGURG);
    kill(c, SIGCONT);
    usleep(100000);
    printf("after CHLD, WINCH, URG, CONT: child still there %d\n", waitpid(c, &st, WNOHANG) == 0);
    kill(c, SIGUSR1);
    waitpid(c, &st, 0);
    printf("child exited %d status %d\n", WIFEXITED(st), WEXITSTATUS(st));

    /* SIG_IGN'd signal does not end pause either; SIGTERM by default kills */
    c = fork();
    if (c == 0) {
        signal(SIGTERM, SIG_IGN);
        pause();
        _exit(0);
    }
    usleep(100000);
    kill(c, SIGTERM);
    usleep(100000);
    printf("ignored TERM: still there %d\n", waitpid(c, &st, WNOHANG) == 0);
    kill(c, SIGALRM);
    waitpid(c, &st, 0);
    printf("ALRM: signaled %d sig %d\n", WIFSIGNALED(st), WTERMSIG(st));
    return 0;
}
