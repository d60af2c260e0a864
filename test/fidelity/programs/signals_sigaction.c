// sigaction(): the old action after signal() (SA_RESTART, the signal in its own mask), sa_mask built
// with sigfillset/sigdelset, SA_RESETHAND, a three-argument SA_SIGINFO handler, invalid signals.
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <errno.h>
static int hits;
static void h(int sig) { hits++; }
static void h3(int sig, siginfo_t *si, void *uc) { hits += 10; printf("h3 sig %d code %d pid-ok %d\n", si->si_signo, si->si_code, si->si_pid == getpid()); }
int main(void) {
  struct sigaction o;
  signal(SIGUSR1, h);
  sigaction(SIGUSR1, NULL, &o);
  printf("after signal: handler %d flags %#x mask has USR1 %d USR2 %d\n", o.sa_handler == h, o.sa_flags, sigismember(&o.sa_mask, SIGUSR1), sigismember(&o.sa_mask, SIGUSR2));
  struct sigaction a = { .sa_handler = h, .sa_flags = SA_RESETHAND };
  sigfillset(&a.sa_mask);
  sigdelset(&a.sa_mask, SIGINT);
  printf("sigaction %d\n", sigaction(SIGUSR2, &a, &o));
  printf("old USR2: dfl %d flags %#x\n", o.sa_handler == SIG_DFL, o.sa_flags);
  raise(SIGUSR2);
  sigaction(SIGUSR2, NULL, &o);
  printf("hits %d, after SA_RESETHAND: dfl %d flags %#x mask INT %d TERM %d\n", hits, o.sa_handler == SIG_DFL, o.sa_flags, sigismember(&o.sa_mask, SIGINT), sigismember(&o.sa_mask, SIGTERM));
  struct sigaction s3;
  memset(&s3, 0, sizeof s3);
  s3.sa_sigaction = h3;
  s3.sa_flags = SA_SIGINFO;
  sigaction(SIGUSR1, &s3, NULL);
  kill(getpid(), SIGUSR1);
  errno = 0;
  printf("bad %d %d %d\n", sigaction(65, &s3, NULL), sigaction(SIGSTOP, &s3, NULL), errno == EINVAL);
  printf("hits %d\n", hits);
  return 0;
}
