#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <errno.h>
#include <signal.h>
#include <sys/wait.h>
int got = 0;
void h(int s) { got = s; }
int main(void) {
  int fd[2];
  char buf[64];
  if (pipe(fd) < 0) { perror("pipe"); return 1; }
  printf("fds %d %d\n", fd[0], fd[1]);
  pid_t c = fork();
  if (c == 0) {
    close(fd[0]);
    const char *msg = "hello from child";
    write(fd[1], msg, strlen(msg));
    close(fd[1]);
    _exit(0);
  }
  close(fd[1]);
  ssize_t n;
  int total = 0;
  while ((n = read(fd[0], buf, sizeof buf - 1)) > 0) { buf[n] = 0; total += n; printf("parent read %ld: %s\n", (long)n, buf); }
  printf("eof n=%ld total=%d\n", (long)n, total);
  close(fd[0]);
  waitpid(c, NULL, 0);
  /* stdout through a pipe: dup2 */
  pipe(fd);
  c = fork();
  if (c == 0) { dup2(fd[1], 1); close(fd[0]); close(fd[1]); printf("line one\n"); printf("line two\n"); return 0; }
  close(fd[1]);
  n = read(fd[0], buf, sizeof buf - 1);
  buf[n > 0 ? n : 0] = 0;
  printf("via pipe (%ld): [%s]\n", (long)n, buf);
  close(fd[0]);
  waitpid(c, NULL, 0);
  /* broken pipe */
  pipe(fd);
  close(fd[0]);
  signal(SIGPIPE, h);
  n = write(fd[1], "x", 1);
  int e = errno;
  printf("EPIPE: n=%ld %s got=%d\n", (long)n, strerror(e), got);
  signal(SIGPIPE, SIG_DFL);
  c = fork();
  if (c == 0) { write(fd[1], "x", 1); _exit(0); }
  int st;
  waitpid(c, &st, 0);
  printf("child killed by %d\n", WTERMSIG(st));
  close(fd[1]);
  /* read interrupted: SA_RESTART via signal() */
  signal(SIGUSR1, h);
  pipe(fd);
  c = fork();
  if (c == 0) { usleep(100000); kill(getppid(), SIGUSR1); usleep(100000); write(fd[1], "y", 1); _exit(0); }
  n = read(fd[0], buf, 8);
  printf("restarted read: n=%ld c=%c got=%d\n", (long)n, buf[0], got);
  waitpid(c, NULL, 0);
  printf("bad: %ld %ld\n", (long)read(fd[1], buf, 1), (long)write(fd[0], buf, 1));
  return 0;
}
