#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <errno.h>
#include <unistd.h>
#include <sys/wait.h>
int got = 0;
void h(int s) { got = s; }
int main(void) {
  int st;
  pid_t c, r;
  sigset_t set, old, pend;
  /* sigpending */
  sigemptyset(&set); sigaddset(&set, SIGUSR2); sigaddset(&set, SIGINT);
  sigprocmask(SIG_BLOCK, &set, &old);
  raise(SIGUSR2);
  sigpending(&pend);
  printf("pending USR2 %d INT %d\n", sigismember(&pend, SIGUSR2), sigismember(&pend, SIGINT));
  signal(SIGUSR2, SIG_IGN);
  sigpending(&pend);
  printf("after SIG_IGN: USR2 %d\n", sigismember(&pend, SIGUSR2));
  signal(SIGUSR2, SIG_DFL);
  sigprocmask(SIG_SETMASK, &old, NULL);
  /* siginterrupt: EINTR for wait and read */
  signal(SIGUSR1, h);
  siginterrupt(SIGUSR1, 1);
  c = fork();
  if (c == 0) { usleep(100000); kill(getppid(), SIGUSR1); usleep(100000); return 5; }
  r = waitpid(c, &st, 0);
  int e = errno;
  printf("wait: r=%d %s got=%d\n", r, strerror(e), got);
  r = waitpid(c, &st, 0);
  printf("again: r==c %d status=%d\n", r == c, WEXITSTATUS(st));
  int fd[2]; pipe(fd);
  char b[4];
  c = fork();
  if (c == 0) { usleep(100000); kill(getppid(), SIGUSR1); _exit(0); }
  ssize_t n = read(fd[0], b, 4);
  e = errno;
  printf("read: n=%ld %s\n", (long)n, strerror(e));
  waitpid(c, &st, 0);
  siginterrupt(SIGUSR1, 0);
  /* sigsuspend */
  sigemptyset(&set); sigaddset(&set, SIGUSR1);
  sigprocmask(SIG_BLOCK, &set, &old);
  got = 0;
  c = fork();
  if (c == 0) { usleep(100000); kill(getppid(), SIGUSR1); _exit(0); }
  sigset_t wait_mask; sigemptyset(&wait_mask);
  int rr = sigsuspend(&wait_mask);
  e = errno;
  sigprocmask(SIG_BLOCK, NULL, &set);
  printf("sigsuspend: r=%d %s got=%d USR1 blocked again %d\n", rr, strerror(e), got, sigismember(&set, SIGUSR1));
  waitpid(c, &st, 0);
  /* killpg */
  c = fork();
  if (c == 0) { setpgid(0, 0); pause(); _exit(0); }
  usleep(100000);
  printf("killpg: %d\n", killpg(c, SIGTERM));
  waitpid(c, &st, 0);
  printf("term sig=%d\n", WTERMSIG(st));
  rr = killpg(-1, SIGTERM);
  printf("killpg(-1): %d %s\n", rr, strerror(errno));
  return 0;
}
