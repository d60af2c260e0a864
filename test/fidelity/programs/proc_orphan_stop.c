/* Terminal stop signals to an orphaned process group are discarded; SIGSTOP is not. */
#include <signal.h>
#include <stdio.h>
#include <unistd.h>
#include <sys/wait.h>

int main(void)
{
    int st;
    pid_t c = fork();
    if (c == 0) {
        setsid(); /* a new session: its group has no parent in the same session, so it is orphaned */
        raise(SIGTSTP);
        raise(SIGTTIN);
        raise(SIGTTOU);
        printf("child: TSTP, TTIN and TTOU did not stop me\n");
        fflush(stdout);
        raise(SIGSTOP);
        printf("child: continued after SIGSTOP\n");
        fflush(stdout);
        _exit(0);
    }
    waitpid(c, &st, WUNTRACED);
    printf("parent: child stopped by %d\n", WSTOPSIG(st));
    kill(c, SIGCONT);
    waitpid(c, &st, 0);
    printf("parent: child exited %d\n", WEXITSTATUS(st));
    return 0;
}
