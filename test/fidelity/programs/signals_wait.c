#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <errno.h>
#include <sys/wait.h>
int got = 0;
int n1 = 0;
void h(int s) { got = s; n1++; }
int main(void) {
  int st;
  pid_t c, r;
  signal(SIGUSR1, h);
  c = fork();
  if (c == 0) { usleep(200000); kill(getppid(), SIGUSR1); usleep(200000); return 4; }
  r = waitpid(c, &st, 0);
  printf("restart wait: r==c %d got=%d status=%d\n", r == c, got, WEXITSTATUS(st));
  int fd[2]; pipe(fd);
  char buf[8];
  c = fork();
  if (c == 0) { usleep(200000); kill(getppid(), SIGUSR1); usleep(200000); write(fd[1], "y", 1); return 0; }
  ssize_t n = read(fd[0], buf, 8);
  printf("restart read: n=%ld c=%c\n", (long)n, buf[0]);
  waitpid(c, &st, 0);
  c = fork();
  if (c == 0) { usleep(200000); kill(getppid(), SIGUSR1); return 0; }
  unsigned left = sleep(2);
  printf("sleep: left=%u errno=%s\n", left, strerror(errno));
  waitpid(c, &st, 0);
  c = fork();
  if (c == 0) { usleep(200000); kill(getppid(), SIGUSR1); return 0; }
  int rr = pause();
  printf("pause: r=%d errno=%s\n", rr, strerror(errno));
  waitpid(c, &st, 0);
  c = fork();
  if (c == 0) { usleep(200000); kill(getppid(), SIGUSR1); return 0; }
  rr = usleep(1000000);
  printf("usleep: r=%d errno=%s\n", rr, strerror(errno));
  waitpid(c, &st, 0);
  /* handler inherited by fork */
  got = 0;
  c = fork();
  if (c == 0) { raise(SIGUSR1); printf("child got=%d\n", got); return 0; }
  waitpid(c, &st, 0);
  /* sigprocmask */
  sigset_t set, old;
  sigemptyset(&set); sigaddset(&set, SIGUSR2); sigaddset(&set, SIGINT);
  sigprocmask(SIG_BLOCK, &set, &old);
  printf("old has USR2 %d\n", sigismember(&old, SIGUSR2));
  sigprocmask(SIG_BLOCK, NULL, &old);
  printf("now has USR2 %d INT %d USR1 %d\n", sigismember(&old, SIGUSR2), sigismember(&old, SIGINT), sigismember(&old, SIGUSR1));
  sigaddset(&set, SIGKILL); sigaddset(&set, SIGSTOP);
  sigprocmask(SIG_SETMASK, &set, NULL);
  sigprocmask(SIG_BLOCK, NULL, &old);
  printf("KILL blockable %d STOP %d\n", sigismember(&old, SIGKILL), sigismember(&old, SIGSTOP));
  int bh = sigprocmask(7, &set, NULL);
  printf("bad how: %d %s\n", bh, strerror(errno));
  sigemptyset(&set);
  sigprocmask(SIG_SETMASK, &set, NULL);
  /* SIGCHLD for stop and continue by default */
  signal(SIGCHLD, h);
  got = 0;
  c = fork();
  if (c == 0) { for (;;) pause(); }
  usleep(100000);
  got = 0;
  kill(c, SIGSTOP);
  r = waitpid(c, &st, WUNTRACED);
  printf("stop: got=%d st=0x%x stopped=%d sig=%d\n", got, st, WIFSTOPPED(st), WSTOPSIG(st));
  got = 0;
  kill(c, SIGCONT);
  r = waitpid(c, &st, WCONTINUED);
  printf("cont: got=%d st=0x%x cont=%d\n", got, st, WIFCONTINUED(st));
  kill(c, SIGSTOP);
  usleep(100000);
  r = waitpid(c, &st, WNOHANG);
  printf("wnohang w/o untraced: r=%d\n", r);
  r = waitpid(c, &st, WUNTRACED | WNOHANG);
  printf("wnohang: r==c %d st=0x%x\n", r == c, st);
  r = waitpid(c, &st, WUNTRACED | WNOHANG);
  printf("again: r=%d\n", r);
  kill(c, SIGCONT);
  kill(c, SIGTERM);
  waitpid(c, &st, 0);
  printf("term st=0x%x\n", st);
  signal(SIGCHLD, SIG_DFL);
  /* process groups */
  signal(SIGUSR2, SIG_IGN);
  c = fork();
  if (c == 0) { setpgid(0, 0); pid_t g = fork(); if (g == 0) { pause(); _exit(0);} usleep(100000); kill(0, SIGTERM); pause(); _exit(0); }
  usleep(300000);
  int k = 0;
  while ((r = waitpid(-1, &st, 0)) > 0) k++;
  printf("pg children reaped=%d last sig=%d\n", k, WTERMSIG(st));
  c = fork();
  if (c == 0) { setpgid(0, 0); if (fork() == 0) { pause(); _exit(0);} pause(); _exit(0); }
  usleep(100000);
  printf("kill -pgid: %d\n", kill(-c, SIGKILL));
  waitpid(c, &st, 0);
  printf("leader sig=%d\n", WTERMSIG(st));
  int kr = kill(-99999, SIGKILL);
  printf("kill -99999: %d %s\n", kr, strerror(errno));
  printf("kill 0 sig0: %d\n", kill(0, 0));
  return 0;
}
