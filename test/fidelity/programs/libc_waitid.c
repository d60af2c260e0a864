// waitid: P_ALL, P_PID, P_PGID; WEXITED (with WNOWAIT, then reaping),
// WNOHANG with nothing to report (si_signo 0), WSTOPPED, WCONTINUED, a
// child killed (CLD_KILLED); EINVAL for P_PID 0, no options, an unknown
// idtype, a negative group.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <unistd.h>
#include <errno.h>
#include <sys/wait.h>

static void show(const char *what, int r, siginfo_t *si) {
    printf("%s: %d signo=%d code=%d pid_ok=%d uid_ok=%d status=%d\n", what, r, si->si_signo, si->si_code,
           si->si_pid > 0, si->si_uid == getuid(), si->si_status);
}

int main(void) {
    siginfo_t si;
    pid_t a, b;
    int r;

    memset(&si, 0, sizeof si);
    r = waitid(P_ALL, 0, &si, WEXITED);
    printf("no children: %d errno=%d signo=%d\n", r, errno, si.si_signo);

    a = fork();
    if (a == 0) exit(3);
    memset(&si, 0xff, sizeof si);
    r = waitid(P_PID, a, &si, WEXITED | WNOWAIT);
    show("exited, nowait", r, &si);
    memset(&si, 0, sizeof si);
    r = waitid(P_PID, a, &si, WEXITED);
    show("exited", r, &si);

    b = fork();
    if (b == 0) { pause(); _exit(0); }
    memset(&si, 0xff, sizeof si);
    r = waitid(P_PID, b, &si, WEXITED | WNOHANG);
    printf("nohang: %d signo=%d pid=%d code=%d status=%d\n", r, si.si_signo, si.si_pid, si.si_code, si.si_status);
    kill(b, SIGSTOP);
    memset(&si, 0, sizeof si);
    r = waitid(P_PID, b, &si, WSTOPPED);
    show("stopped", r, &si);
    kill(b, SIGCONT);
    memset(&si, 0, sizeof si);
    r = waitid(P_ALL, 0, &si, WCONTINUED);
    show("continued", r, &si);
    kill(b, SIGKILL);
    memset(&si, 0, sizeof si);
    r = waitid(P_PGID, 0, &si, WEXITED);
    show("killed", r, &si);

    r = waitid(P_PID, 0, &si, WEXITED);
    printf("P_PID 0: %d errno=%d\n", r, errno);
    r = waitid(P_ALL, 0, &si, 0);
    printf("no options: %d errno=%d\n", r, errno);
    r = waitid(7, 0, &si, WEXITED);
    printf("bad idtype: %d errno=%d\n", r, errno);
    r = waitid(P_PGID, -1, &si, WEXITED);
    printf("pgid -1: %d errno=%d\n", r, errno);
    return 0;
}
