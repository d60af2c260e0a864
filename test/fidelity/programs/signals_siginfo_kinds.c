// What an SA_SIGINFO handler learns about who sent the signal: kill() is SI_USER,
// raise() (tgkill) SI_TKILL, both with the sender's pid and uid; a division by zero
// is SIGFPE with FPE_INTDIV and the faulting instruction's address.
#include <signal.h>
#include <stdio.h>
#include <unistd.h>
#include <stdlib.h>
static void on_fpe(int sig, siginfo_t *si, void *uc) {
  printf("sig %d code %s addr %s\n", si->si_signo, si->si_code == FPE_INTDIV ? "FPE_INTDIV" : "?", si->si_addr ? "set" : "NULL");
  exit(0);
}
static void on_usr(int sig, siginfo_t *si, void *uc) {
  printf("usr1 code %s pid %s uid %s\n", si->si_code == SI_USER ? "SI_USER" : si->si_code == SI_TKILL ? "SI_TKILL" : "?", si->si_pid == getpid() ? "self" : "other", si->si_uid == getuid() ? "me" : "other");
}
int main(void) {
  struct sigaction sa = {0};
  sa.sa_sigaction = on_usr;
  sa.sa_flags = SA_SIGINFO;
  sigaction(SIGUSR1, &sa, NULL);
  kill(getpid(), SIGUSR1);
  raise(SIGUSR1);
  sa.sa_sigaction = on_fpe;
  sigaction(SIGFPE, &sa, NULL);
  volatile int zero = 0;
  printf("%d\n", 10 / zero);
  return 1;
}
