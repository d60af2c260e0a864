#include <stdio.h>
#include <signal.h>
#include <unistd.h>
#include <sys/wait.h>
void h(int s) { }
int main(int argc, char **argv) {
  signal(SIGUSR1, h);
  signal(SIGUSR2, SIG_IGN);
  sigset_t m; sigemptyset(&m); sigaddset(&m, SIGINT);
  sigprocmask(SIG_BLOCK, &m, NULL);
  raise(SIGINT);
  pid_t c = fork();
  if (c == 0) {
    void (*u1)(int) = signal(SIGUSR1, h);
    sigset_t p; sigpending(&p);
    printf("forked child: USR1 %s pending INT %d\n", u1 == h ? "handler" : "other", sigismember(&p, SIGINT));
    fflush(stdout);
    execl(argv[1], "execb", (char *)0);
    perror("execl");
    return 1;
  }
  waitpid(c, NULL, 0);
  execl(argv[1], "execb", (char *)0);
  return 1;
}
