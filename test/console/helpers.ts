// Shared helpers for console tests: a booted machine with a console whose
// `run FILE.c` reads the sources below, and small programs in kernlab C.
import { Kernel } from '../../src/kernel/kernel';
import { Console, type ConsoleOptions } from '../../src/console/console';

export const SOURCES: Record<string, string> = {
  'hello.c': `#include <stdio.h>
#include <unistd.h>
int main(int argc, char **argv)
{
    printf("hello from %d\\n", getpid());
    return argc - 1;
}
`,
  'zombie.c': `#include <unistd.h>
int main(void)
{
    pid_t p = fork();
    if (p == 0)
        return 3;
    for (;;)
        pause();
    return 0;
}
`,
  'threads.c': `#include <pthread.h>
#include <unistd.h>
void *worker(void *arg)
{
    for (;;)
        pause();
    return NULL;
}
int main(void)
{
    pthread_t t1, t2;
    pthread_create(&t1, NULL, worker, NULL);
    pthread_create(&t2, NULL, worker, NULL);
    for (;;)
        pause();
    return 0;
}
`,
  // The same program was built with gcc on the reference machine to capture pstree's output.
  'forktree.c': `#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <pthread.h>

void *worker(void *arg)
{
    for (;;)
        pause();
    return NULL;
}

int main(void)
{
    pthread_t t;
    if (fork() == 0) {
        if (fork() == 0)
            for (;;) pause();
        if (fork() == 0)
            for (;;) pause();
        for (;;) pause();
    }
    if (fork() == 0)
        for (;;) pause();
    pthread_create(&t, NULL, worker, NULL);
    pthread_create(&t, NULL, worker, NULL);
    for (;;)
        pause();
    return 0;
}
`,
  // A child whose worker thread spins, then ends; the parent's SIGCHLD handler keeps si_utime.
  'cputime.c': `#include <stdio.h>
#include <string.h>
#include <signal.h>
#include <pthread.h>
#include <unistd.h>
#include <sys/wait.h>
volatile long ut = -1;
void on_chld(int sig, siginfo_t *si, void *uc)
{
    ut = si->si_utime;
}
void *worker(void *arg)
{
    volatile long i;
    for (i = 0; i < 200000; i++)
        ;
    return NULL;
}
int main(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = on_chld;
    sa.sa_flags = SA_SIGINFO;
    sigaction(SIGCHLD, &sa, NULL);
    pid_t c = fork();
    if (c == 0) {
        pthread_t t;
        pthread_create(&t, NULL, worker, NULL);
        pthread_join(t, NULL);
        sleep(1);
        _exit(0);
    }
    while (ut < 0)
        pause();
    waitpid(c, NULL, 0);
    printf("si_utime %ld\\n", ut);
    for (;;)
        pause();
    return 0;
}
`,
  'loop.c': `int main(void)
{
    long i = 0;
    for (;;)
        i++;
    return 0;
}
`,
  'segv.c': `#include <stdio.h>
int main(void)
{
    int *p = NULL;
    *p = 42;
    return 0;
}
`,
  'chatty.c': `#include <stdio.h>
#include <unistd.h>
int main(void)
{
    int i;
    for (i = 0; i < 3; i++) {
        printf("line %d\\n", i);
        usleep(10000);
    }
    if (fork() == 0) {
        printf("child\\n");
        return 0;
    }
    wait(NULL);
    return 0;
}
`,
  'mapper.c': `#include <stdio.h>
#include <sys/mman.h>
#include <unistd.h>
int main(void)
{
    char *p = mmap(NULL, 3 * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    p[0] = 1;
    printf("%p\\n", p);
    for (;;)
        pause();
    return 0;
}
`,
  'broken.c': `int main(void)
{
    int x = ;
    return 0;
}
`,
};

/** A 2-CPU machine and a console on it. */
export function setup(opts: ConsoleOptions = {}): { k: Kernel; con: Console; sh: (line: string) => string } {
  const k = new Kernel({ cpus: 2, seed: 'test' });
  const con = new Console(k, { readFile: (p) => SOURCES[p] ?? null, ...opts });
  const sh = (line: string): string => con.exec(line).output;
  return { k, con, sh };
}

/** The PID `run` printed ("[1] 305" → 305). */
export function jobPid(output: string): number {
  const m = /\[\d+\] (\d+)/.exec(output);
  if (!m) throw new Error(`no job line in ${JSON.stringify(output)}`);
  return Number(m[1]);
}
