#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <errno.h>
#include <sys/wait.h>
int got = 0;
void h(int s) { got = s; }
int main(void) {
  signal(SIGUSR1, h);
  sigset_t set; sigemptyset(&set); sigaddset(&set, SIGUSR1);
  sigprocmask(SIG_BLOCK, &set, NULL);
  kill(getpid(), SIGUSR1);
  printf("blocked: got=%d\n", got);
  sigprocmask(SIG_UNBLOCK, &set, NULL);
  printf("unblocked: got=%d\n", got);
  pid_t c = fork();
  if (c == 0) { pause(); return 3; }
  usleep(100000);
  kill(c, SIGTERM);
  int st; waitpid(c, &st, 0);
  printf("child: signaled=%d sig=%d\n", WIFSIGNALED(st), WTERMSIG(st));
  c = fork();
  if (c == 0) { int z = 0; int x = 5 / z; return x; }
  waitpid(c, &st, 0);
  printf("fpe child: sig=%d\n", WTERMSIG(st));
  c = fork();
  if (c == 0) { int *p = NULL; *p = 1; return 0; }
  waitpid(c, &st, 0);
  printf("segv child: sig=%d\n", WTERMSIG(st));
  signal(SIGALRM, h);
  c = fork();
  if (c == 0) { signal(SIGUSR2, h); int r = pause(); printf("pause=%d errno=%d\n", r, errno); fflush(stdout); return 0; }
  usleep(100000); kill(c, SIGUSR2); waitpid(c, &st, 0);
  c = fork();
  if (c == 0) { signal(SIGUSR2, h); unsigned r = sleep(5); printf("sleep left=%u\n", r); return 0; }
  usleep(1500000); kill(c, SIGUSR2); waitpid(c, &st, 0);
  c = fork();
  if (c == 0) { sleep(5); return 9; }
  usleep(100000); kill(c, SIGSTOP); waitpid(c, &st, WUNTRACED);
  printf("stopped=%d sig=%d\n", WIFSTOPPED(st), WSTOPSIG(st));
  kill(c, SIGCONT); waitpid(c, &st, WCONTINUED); printf("continued=%d\n", WIFCONTINUED(st));
  kill(c, SIGKILL); waitpid(c, &st, 0); printf("killed sig=%d\n", WTERMSIG(st));
  printf("ECHILD: %d %d\n", waitpid(-1, NULL, 0), errno == ECHILD);
  return 0;
}
