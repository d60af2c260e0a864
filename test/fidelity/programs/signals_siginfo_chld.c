// SIGCHLD with sigaction(SA_SIGINFO): the handler learns which child
// changed state (si_pid), how (si_code: CLD_EXITED, CLD_KILLED) and its
// exit code or signal (si_status). Then SA_NOCLDWAIT: children are reaped
// by the kernel as they exit, leaving no zombie, so wait() blocks until
// they are all gone and fails with ECHILD.
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static volatile int got_signo, got_code, got_status, got_pid, calls;

static void on_chld(int sig, siginfo_t *info, void *ucontext) {
  calls++;
  got_signo = info->si_signo;
  got_code = info->si_code;
  got_pid = info->si_pid;
  got_status = info->si_status;
}

static const char *code_name(int code) {
  switch (code) {
    case CLD_EXITED: return "CLD_EXITED";
    case CLD_KILLED: return "CLD_KILLED";
    case CLD_DUMPED: return "CLD_DUMPED";
    case CLD_STOPPED: return "CLD_STOPPED";
    default: return "other";
  }
}

static void report(const char *what, pid_t child, pid_t reaped, int status) {
  printf("%s: waitpid %s, handler calls %d, si_signo %s, si_code %s, si_pid %s, si_status %d, wait status %#x\n", what,
         reaped == child ? "reaped it" : "failed", calls, got_signo == SIGCHLD ? "SIGCHLD" : "?", code_name(got_code),
         got_pid == child ? "== child" : "!= child", got_status, status);
  fflush(stdout);
}

int main(void) {
  struct sigaction sa = { .sa_sigaction = on_chld, .sa_flags = SA_SIGINFO | SA_RESTART };
  sigemptyset(&sa.sa_mask);
  sigaction(SIGCHLD, &sa, NULL);

  pid_t child = fork();
  if (child == 0) _exit(42);
  int status;
  pid_t reaped = waitpid(child, &status, 0);
  report("exit(42)", child, reaped, status);

  child = fork();
  if (child == 0) {
    for (;;) pause();
  }
  kill(child, SIGTERM);
  reaped = waitpid(child, &status, 0);
  report("SIGTERM", child, reaped, status);

  struct sigaction nocldwait;
  memset(&nocldwait, 0, sizeof nocldwait);
  nocldwait.sa_handler = SIG_DFL;
  nocldwait.sa_flags = SA_NOCLDWAIT;
  sigaction(SIGCHLD, &nocldwait, NULL);
  for (int i = 0; i < 2; i++) {
    if (fork() == 0) {
      usleep(1000 * (i + 1));
      _exit(i);
    }
  }
  errno = 0;
  pid_t w = wait(&status);
  printf("SA_NOCLDWAIT: wait returns %d, errno %s\n", w, errno == ECHILD ? "ECHILD" : strerror(errno));
  return 0;
}
