// A SIGSEGV handler installed with sigaction(SA_SIGINFO): si_code tells an
// unmapped address (SEGV_MAPERR) from a write to a read-only page
// (SEGV_ACCERR), and si_addr is the pointer that faulted. The handler
// cannot return (the store would fault again): it reports and _exits.
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

static char *target;
static int round_no;

static void on_segv(int sig, siginfo_t *info, void *ucontext) {
  char buf[160];
  const char *code = info->si_code == SEGV_MAPERR ? "SEGV_MAPERR" : info->si_code == SEGV_ACCERR ? "SEGV_ACCERR" : "other";
  int n = snprintf(buf, sizeof buf, "  handler: sig %d si_signo %d si_errno %d si_code %s, si_addr %s the pointer, ucontext %s\n", sig,
                   info->si_signo, info->si_errno, code, info->si_addr == target ? "is" : "is not", ucontext ? "set" : "NULL");
  write(STDOUT_FILENO, buf, n);
  _exit(round_no);
}

int main(void) {
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_sigaction = on_segv;
  sa.sa_flags = SA_SIGINFO;
  sigemptyset(&sa.sa_mask);
  if (sigaction(SIGSEGV, &sa, NULL) != 0) {
    perror("sigaction");
    return 1;
  }
  struct sigaction old;
  sigaction(SIGSEGV, NULL, &old);
  printf("installed %s, SA_SIGINFO %s, sizeof(struct sigaction) %zu, sizeof(siginfo_t) %zu\n", old.sa_sigaction == on_segv ? "on_segv" : "?",
         (old.sa_flags & SA_SIGINFO) ? "set" : "clear", sizeof(struct sigaction), sizeof(siginfo_t));
  printf("sigaction(0) = %d, sigaction(SIGKILL) = %d\n", sigaction(0, &sa, NULL), sigaction(SIGKILL, &sa, NULL));
  fflush(stdout);
  for (int r = 1; r <= 2; r++) {
    pid_t pid = fork();
    if (pid == 0) {
      round_no = r;
      if (r == 1) {
        target = (char *)16; // nothing is mapped there
      } else {
        char *page = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        target = page + 100; // mapped, but read-only
      }
      printf("child %d writes to %s\n", r, r == 1 ? "an unmapped address" : "a read-only page");
      fflush(stdout);
      *target = 1;
      return 99;
    }
    int status;
    waitpid(pid, &status, 0);
    printf("child %d exited with %d\n", r, WEXITSTATUS(status));
    fflush(stdout);
  }
  return 0;
}
