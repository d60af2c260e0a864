// The process model against what Linux does: fork/wait order, zombies,
// reparenting, threads, vfork, job control, kernel threads.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { boot, byComm, chunks, groupGone, output, runUntil, start } from './helpers';
import { taskStateLetter } from '../../src/kernel/task';
import { killSomething } from '../../src/kernel/signal';
import { SIGCONT, SIGKILL, SIGSTOP, SIGTERM } from '../../src/kernel/uapi/signal';
import { HZ } from '../../src/kernel/param';

const PROCESS_C = readFileSync('levels/programs/process.c', 'utf8');

describe("the lecture's process.c", () => {
  it('prints the father line, then the child one second later, then the status', () => {
    const k = boot();
    const p = start(k, 'process', PROCESS_C);
    const t0 = k.jiffies;
    runUntil(k, () => groupGone(k, p));
    expect(output(k)).toBe('I am your father!\nNoooooooo!\nChild exit status: 0\n');
    const [father, child, status] = chunks(k);
    expect(father.tick - t0).toBeLessThan(5);
    // sleep(1) in the child: one simulated second (1000 ticks) after the fork.
    expect(child.tick - father.tick).toBeGreaterThanOrEqual(HZ - 5);
    expect(child.tick - father.tick).toBeLessThanOrEqual(HZ + 5);
    expect(status.tick - child.tick).toBeLessThan(5);
    expect(child.pid).toBe(p.pid + 1);
  });
});

const ZOMBIE_C = `
#include <stdio.h>
#include <unistd.h>
#include <sys/wait.h>
int main(void)
{
    pid_t pid = fork();
    if (pid == 0)
        return 7;          /* the child exits at once */
    sleep(2);              /* ... and stays a zombie while we sleep */
    int st;
    waitpid(pid, &st, 0);
    printf("reaped %d status %d\\n", pid, WEXITSTATUS(st));
    sleep(1);
    return 0;
}
`;

describe('zombies', () => {
  it('a child that exits is Z until its parent waits, then it is gone', () => {
    const k = boot();
    const p = start(k, 'zombie', ZOMBIE_C);
    k.run(100);
    const child = [...p.children][0];
    expect(child).toBeDefined();
    expect(taskStateLetter(child)).toBe('Z');
    expect(k.findTask(child.pid)).toBe(child);
    runUntil(k, () => output(k).includes('reaped'));
    expect(output(k)).toBe(`reaped ${child.pid} status 7\n`);
    expect(k.findTask(child.pid)).toBeUndefined();
  });

  it('SIGCHLD set to SIG_IGN: children are reaped at once (no zombie)', () => {
    const k = boot();
    const p = start(
      k,
      'ign',
      `#include <signal.h>
       #include <unistd.h>
       int main(void) {
         signal(SIGCHLD, SIG_IGN);
         if (fork() == 0) return 0;
         sleep(1);
         return 0;
       }`,
    );
    k.run(50);
    expect(p.children.size).toBe(0);
    expect([...k.tasks.values()].filter((t) => taskStateLetter(t) === 'Z')).toHaveLength(0);
    expect(k.events.count('reap')).toBeGreaterThan(0);
  });
});

const ORPHAN_C = `
#include <stdio.h>
#include <unistd.h>
#include <sys/prctl.h>
int main(int argc, char **argv)
{
    if (argc > 1)
        prctl(PR_SET_CHILD_SUBREAPER, 1);
    if (fork() == 0) {              /* the middle process */
        if (fork() == 0) {          /* the grandchild outlives it */
            sleep(1);
            printf("grandchild: my parent is now %d\\n", getppid());
            return 0;
        }
        return 0;                   /* middle exits: the grandchild is orphaned */
    }
    sleep(2);
    return 0;
}
`;

describe('wait4', () => {
  it('refuses waitid-only options (WNOWAIT, WEXITED) with EINVAL before looking at children, and pid INT_MIN with ESRCH (kernel_wait4)', () => {
    const k = boot();
    const p = start(
      k,
      'wait3',
      `#include <stdio.h>
       #include <string.h>
       #include <errno.h>
       #include <limits.h>
       #include <unistd.h>
       #include <sys/wait.h>
       int main(void) {
         int st, r;
         pid_t c = fork();
         if (c == 0) _exit(3);
         r = waitpid(-1, &st, WNOWAIT);
         printf("WNOWAIT: %d %s\\n", r, strerror(errno));
         r = waitpid(-1, &st, 4);
         printf("WEXITED: %d %s\\n", r, strerror(errno));
         r = waitpid(INT_MIN, &st, 0);
         printf("INT_MIN: %d %s\\n", r, strerror(errno));
         r = waitpid(c, &st, 0x40000000);
         printf("__WALL: %d status %d\\n", r == c, WEXITSTATUS(st));
         return 0;
       }`,
    );
    runUntil(k, () => groupGone(k, p));
    // gcc on Linux 6.1 prints exactly this.
    expect(output(k)).toBe(
      'WNOWAIT: -1 Invalid argument\nWEXITED: -1 Invalid argument\nINT_MIN: -1 No such process\n__WALL: 1 status 3\n',
    );
  });

  it('wakes a waiter only for the child it asked for: waitpid(last) sleeps through five other exits (child_wait_callback)', () => {
    const k = boot();
    const p = start(
      k,
      'waitlast',
      `#include <stdio.h>
       #include <unistd.h>
       #include <sys/wait.h>
       int main(void) {
         pid_t last = 0;
         for (int i = 0; i < 6; i++) {
           pid_t c = fork();
           if (c == 0) { usleep(i == 5 ? 500000 : 20000 * (i + 1)); _exit(0); }
           last = c;
         }
         waitpid(last, NULL, 0);
         printf("reaped\\n");
         for (;;) ; // spins: only involuntary switches from here
         return 0;
       }`,
    );
    runUntil(k, () => output(k).includes('reaped'));
    // gcc on Linux: voluntary_ctxt_switches goes from 0 to 1 across the waitpid.
    expect(p.nvcsw).toBe(1);
    expect(byComm(k, 'waitlast').filter((t) => t.exitState).length).toBe(5);
  });
});

describe('orphans', () => {
  it('go to init when no ancestor is a subreaper', () => {
    const k = boot();
    start(k, 'orphan', ORPHAN_C);
    runUntil(k, () => output(k).includes('grandchild'));
    expect(output(k)).toBe('grandchild: my parent is now 1\n');
  });

  it('go to the nearest PR_SET_CHILD_SUBREAPER ancestor', () => {
    const k = boot();
    const top = start(k, 'orphan', ORPHAN_C, ['subreaper']);
    runUntil(k, () => output(k).includes('grandchild'));
    expect(output(k)).toBe(`grandchild: my parent is now ${top.pid}\n`);
    expect(k.events.since(0).some((e) => e.type === 'reparent' && e.to === top.pid)).toBe(true);
  });
});

describe('threads', () => {
  it('share the tgid and the address space: a write in one is seen by the other', () => {
    const k = boot();
    const p = start(
      k,
      'threads',
      `#include <pthread.h>
       #include <stdio.h>
       #include <unistd.h>
       int shared = 0;
       void *worker(void *arg) {
         shared = 42;
         printf("worker: pid %d tid %d\\n", getpid(), gettid());
         sleep(1);
         return NULL;
       }
       int main(void) {
         pthread_t t;
         pthread_create(&t, NULL, worker, NULL);
         while (shared == 0)
           ;
         printf("main: pid %d tid %d sees %d\\n", getpid(), gettid(), shared);
         pthread_join(t, NULL);
         return 0;
       }`,
    );
    runUntil(k, () => output(k).includes('main:'));
    const threads = [...k.tasks.values()].filter((t) => t.tgid === p.pid);
    expect(threads).toHaveLength(2);
    const tid = threads.find((t) => t.pid !== p.pid)!.pid;
    expect(output(k)).toContain(`worker: pid ${p.pid} tid ${tid}\n`);
    expect(output(k)).toContain(`main: pid ${p.pid} tid ${p.pid} sees 42\n`);
    expect(threads[0].mm).toBe(threads[1].mm);
    // The thread is not a child of main: only processes are children.
    expect(p.children.size).toBe(0);
    runUntil(k, () => groupGone(k, p));
  });

  it('pthread_sigmask blocks for the calling thread only and returns the error number, errno untouched (glibc 2.36)', () => {
    const k = boot();
    const p = start(
      k,
      'psm',
      `#include <stdio.h>
#include <signal.h>
#include <errno.h>
#include <pthread.h>
#include <unistd.h>
volatile int got = 0;
void h(int s) { got = gettid(); }
void *w(void *a)
{
    sigset_t set, old;
    sigemptyset(&set);
    sigaddset(&set, SIGUSR1);
    pthread_sigmask(SIG_BLOCK, &set, NULL);
    pthread_sigmask(SIG_SETMASK, NULL, &old);
    printf("worker blocks USR1: %d\\n", sigismember(&old, SIGUSR1));
    raise(SIGUSR1);
    printf("worker: handler ran %d\\n", got != 0);
    errno = 0;
    int r = pthread_sigmask(99, &set, NULL);
    printf("bad how: %d errno %d\\n", r, errno);
    pthread_sigmask(SIG_UNBLOCK, &set, NULL);
    printf("after unblock: handler ran in worker %d\\n", got == gettid());
    return NULL;
}
int main(void)
{
    pthread_t t;
    signal(SIGUSR1, h);
    pthread_create(&t, NULL, w, NULL);
    pthread_join(t, NULL);
    sigset_t m;
    sigprocmask(SIG_SETMASK, NULL, &m);
    printf("main unaffected: %d\\n", sigismember(&m, SIGUSR1));
    return 0;
}
`,
    );
    runUntil(k, () => groupGone(k, p));
    // gcc with glibc 2.36 on Linux 6.1 prints exactly this.
    expect(output(k)).toBe(
      'worker blocks USR1: 1\nworker: handler ran 0\nbad how: 22 errno 0\nafter unblock: handler ran in worker 1\nmain unaffected: 0\n',
    );
  });

  it('each new thread stack comes with a DTV calloc\'ed on the heap (glibc _dl_allocate_tls: 17 x 16 bytes); a cached stack keeps its own', () => {
    const k = boot();
    const p = start(
      k,
      'dtv',
      `#include <pthread.h>
       #include <stdio.h>
       #include <stdlib.h>
       #include <unistd.h>
       void *w(void *a) { return a; }
       int main(void) {
         char *b = sbrk(0);
         pthread_t t, u[2];
         pthread_create(&t, NULL, w, NULL);
         pthread_join(t, NULL);
         char *p = malloc(10);
         pthread_create(&t, NULL, w, NULL);
         pthread_join(t, NULL);
         pthread_create(&u[0], NULL, w, NULL);
         pthread_create(&u[1], NULL, w, NULL);
         pthread_join(u[0], NULL);
         pthread_join(u[1], NULL);
         char *q = malloc(10);
         printf("p - brk0 = %ld, q - p = %ld\\n", (long)(p - b), (long)(q - p));
         return 0;
       }`,
    );
    runUntil(k, () => groupGone(k, p));
    // gcc with glibc 2.36 prints exactly this: the tcache (0x290) and the first DTV (0x120) come first.
    expect(output(k)).toBe('p - brk0 = 960, q - p = 320\n');
  });

  it('a joined thread cannot be joined again (glibc marks it tid -1: ESRCH), and its cached stack serves one new thread only', () => {
    const k = boot();
    const p = start(
      k,
      'rejoin',
      `#include <pthread.h>
       #include <stdio.h>
       void *w(void *a) { return a; }
       int main(void) {
         pthread_t t, u;
         void *r;
         pthread_create(&t, NULL, w, (void *)5);
         int e = pthread_join(t, &r);
         printf("join: %d %ld\\n", e, (long)r);
         e = pthread_join(t, &r);
         printf("join again: %d\\n", e);
         pthread_create(&u, NULL, w, (void *)6);
         printf("stack reused: %d\\n", u == t);
         e = pthread_join(u, &r);
         printf("join new: %d %ld\\n", e, (long)r);
         e = pthread_join(u, &r);
         printf("join new again: %d\\n", e);
         return 0;
       }`,
    );
    runUntil(k, () => groupGone(k, p));
    // gcc with glibc 2.36 prints exactly this.
    expect(output(k)).toBe('join: 0 5\njoin again: 3\nstack reused: 1\njoin new: 0 6\njoin new again: 3\n');
  });
});

describe('vfork', () => {
  it('blocks the parent (D) until the child exits, and the child borrows its memory', () => {
    const k = boot();
    const p = start(
      k,
      'vfork',
      `#include <stdio.h>
       #include <unistd.h>
       int main(void) {
         int x = 1;
         pid_t pid = vfork();
         if (pid == 0) {
           x = 2;          /* writes the parent's stack: vfork shares the mm */
           sleep(1);
           _exit(0);
         }
         printf("parent resumed, x = %d\\n", x);
         return 0;
       }`,
    );
    k.run(100);
    expect(taskStateLetter(p)).toBe('D');
    expect(p.wchan).toBe('kernel_clone'); // wait_for_vfork_done is inlined into it
    expect(output(k)).toBe('');
    runUntil(k, () => groupGone(k, p));
    expect(output(k)).toBe('parent resumed, x = 2\n');
  });
});

describe('job control', () => {
  it('SIGSTOP gives T, SIGCONT resumes', () => {
    const k = boot();
    const p = start(
      k,
      'loop',
      `int main(void) { long i = 0; for (;;) i++; return 0; }`,
    );
    k.run(10);
    expect(taskStateLetter(p)).toBe('R');
    killSomething(k, null, p.pid, SIGSTOP);
    k.run(2);
    expect(taskStateLetter(p)).toBe('T');
    const ran = p.se.sumExecRuntime;
    k.run(50);
    expect(p.se.sumExecRuntime).toBe(ran);
    killSomething(k, null, p.pid, SIGCONT);
    k.run(10);
    expect(taskStateLetter(p)).toBe('R');
    expect(p.se.sumExecRuntime).toBeGreaterThan(ran);
    killSomething(k, null, p.pid, SIGTERM);
    runUntil(k, () => groupGone(k, p), 100);
  });

  it('init ignores SIGKILL from user space; kernel threads ignore signals', () => {
    const k = boot();
    killSomething(k, null, 1, SIGKILL);
    const kt = byComm(k, 'ksoftirqd/0')[0];
    killSomething(k, null, kt.pid, SIGKILL);
    k.run(10);
    expect(k.findTask(1)).toBe(k.init);
    expect(k.findTask(kt.pid)).toBe(kt);
  });
});

describe('boot', () => {
  it('has PID 0 idle tasks, init as PID 1, kthreadd as PID 2 parent of every kernel thread', () => {
    const k = boot({ cpus: 4 });
    expect(k.rqs.map((rq) => rq.idle.comm)).toEqual(['swapper/0', 'swapper/1', 'swapper/2', 'swapper/3']);
    expect(k.findTask(1)!.comm).toBe('init');
    expect(k.findTask(2)!.comm).toBe('kthreadd');
    const kthreads = [...k.tasks.values()].filter((t) => t.realParent === k.kthreadd);
    expect(kthreads.length).toBeGreaterThanOrEqual(4 * 4);
    for (const t of kthreads) {
      expect(t.mm).toBeNull();
      expect(['S', 'I']).toContain(taskStateLetter(t));
    }
    expect(k.shell.comm).toBe('bash');
    expect(k.shell.realParent).toBe(k.init);
  });
});

describe('pipes', () => {
  it('a reader of an empty pipe and a writer of a full one sleep in S, in pipe_read and pipe_write (Linux 6.1; 6.18 says anon_pipe_read, anon_pipe_write)', () => {
    const k = boot({ cpus: 2 });
    const t = start(
      k,
      'pipes',
      `#include <unistd.h>
char big[70000];
int main(void)
{
    int a[2], b[2];
    pipe(a);
    pipe(b);
    if (fork() == 0) {
        char c;
        read(a[0], &c, 1);
        _exit(0);
    }
    write(b[1], big, sizeof big);
    return 0;
}`,
    );
    runUntil(k, () => byComm(k, 'pipes').length === 2 && byComm(k, 'pipes').every((p) => p.wchan !== ''));
    const [writer, reader] = byComm(k, 'pipes');
    expect(writer).toBe(t);
    expect([reader.state, reader.wchan, writer.state, writer.wchan]).toEqual([1, 'pipe_read', 1, 'pipe_write']);
    // 64 KiB went in before the writer blocked.
    expect(k.pipes.lookup(writer.files.fds.get(6)!)!.pipe.buf.length).toBe(65536);
  });
});

describe('signals across exec', () => {
  it('handlers go back to SIG_DFL, ignored stays ignored, the mask and pending signals stay; a forked child keeps handlers but not pending signals (Linux 6.x)', () => {
    const k = boot({ cpus: 2 });
    const dir = path.join(__dirname, 'programs');
    k.vfs.add('/home/student/execb', readFileSync(path.join(dir, 'execb.c'), 'utf8'), 'execb.c');
    start(k, 'execa', readFileSync(path.join(dir, 'execa.c'), 'utf8'), ['/home/student/execb']);
    runUntil(k, () => byComm(k, 'execb').length === 0 && byComm(k, 'execa').length === 0 && output(k).split('\n').length > 3);
    // gcc on Linux 6.x prints exactly this.
    expect(output(k)).toBe(
      'forked child: USR1 handler pending INT 0\n' +
        'after exec: USR1 dfl USR2 ign INT blocked 1 pending 0\n' +
        'after exec: USR1 dfl USR2 ign INT blocked 1 pending 1\n',
    );
  });
});
