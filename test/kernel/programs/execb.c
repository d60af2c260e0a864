#include <stdio.h>
#include <signal.h>
#include <unistd.h>
void h(int s) { }
int main(void) {
  sigset_t m, p;
  sigprocmask(SIG_BLOCK, NULL, &m);
  sigpending(&p);
  void (*u1)(int) = signal(SIGUSR1, h);
  void (*u2)(int) = signal(SIGUSR2, h);
  printf("after exec: USR1 %s USR2 %s INT blocked %d pending %d\n", u1 == SIG_DFL ? "dfl" : u1 == SIG_IGN ? "ign" : "handler", u2 == SIG_DFL ? "dfl" : u2 == SIG_IGN ? "ign" : "handler", sigismember(&m, SIGINT), sigismember(&p, SIGINT));
  return 0;
}
