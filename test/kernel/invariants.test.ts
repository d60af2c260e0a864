// The kernel's invariants (src/kernel/debug/invariants.ts) checked after
// every tick of seeded random workloads (workload.ts): the repository's own
// programs and console actions on live tasks, on 1, 2 and 8 CPUs, and on a
// small machine through an OOM kill; then a focused test for each kernel
// bug the checker found.

import { describe, expect, it } from 'vitest';
import { runWorkload } from './workload';
import { boot, output, runUntil, start } from './helpers';
import { runCpu } from '../../src/kernel/run';
import { makeInfo, sendSignal } from '../../src/kernel/signal';
import { NSEC_PER_STMT } from '../../src/kernel/param';
import { setCpusAllowed } from '../../src/kernel/sched/core';
import { checkInvariants } from '../../src/kernel/debug/invariants';
import { TASK_INTERRUPTIBLE } from '../../src/kernel/task';
import { SIGKILL, SIGSEGV, SIGUSR1, SI_USER } from '../../src/kernel/uapi/signal';

describe('kernel invariants under random workloads', () => {
  const cases: [number, string, number][] = [
    [1, 'inv-1a', 2000],
    [2, 'inv-2a', 2000],
    [8, 'inv-8a', 2000],
  ];
  for (const [cpus, seed, ticks] of cases) {
    it(`hold on every tick: ${cpus} CPU(s), seed ${seed}, ${ticks} ticks`, () => {
      const r = runWorkload(cpus, seed, ticks);
      expect(r.violations.join('\n')).toBe('');
      expect(r.programs).toBeGreaterThan(10);
    });
  }
  it('hold through an OOM kill: 2 CPUs, 16 MiB, thumbs and resize (leak-unmap) among the workload', () => {
    let ooms = 0;
    const r = runWorkload(2, 'oom-1', 1500, { memoryMiB: 16 }, ['run levels/programs/thumbs.c', 'tick 200', 'run levels/programs/resize.c'], (k) =>
      k.events.listen((e) => {
        if (e.type === 'oom') ooms++;
      }),
    );
    expect(r.violations.join('\n')).toBe('');
    expect(ooms).toBeGreaterThan(0);
  });
});

// Bugs the checker found, each pinned by a focused test.
describe('bugs found by the invariant checker', () => {
  it('exec of a task that is not running leaves its CPU\'s CR3 to the task running there', () => {
    // spawnProgram execs the new child from the console while another
    // task runs on the child's CPU: exec_mmap loaded the child's mm into
    // that CPU's CR3, and the running task went on in the wrong address space.
    const k = boot({ cpus: 1 });
    const a = start(k, 'spin', 'int main(void) { long i = 0; for (;;) i++; return 0; }');
    runUntil(k, () => k.rqs[0].curr === a && a.execCostNs === 0);
    k.tick();
    const b = start(k, 'other', 'int main(void) { long i = 0; for (;;) i++; return 0; }');
    expect(k.mm.cpu(0).mm).toBe(a.mm);
    expect(checkInvariants(k)).toEqual([]);
    for (let i = 0; i < 50; i++) {
      k.tick();
      expect(checkInvariants(k)).toEqual([]);
    }
    expect(a.exitState).toBe(0);
    expect(b.exitState).toBe(0);
    expect(a.se.sumExecRuntime).toBeGreaterThan(10_000_000);
  });

  it('a blocked call that faults when it runs again takes the signal instead of faulting forever', () => {
    // The main thread waits in pthread_join; the thread's stack (holding the
    // descriptor pthread_join reads) is unmapped, so the thread dies of
    // SIGSEGV and the group exits. Woken by SIGKILL, the main thread runs
    // pthread_join again, which faults reading the descriptor: that fault
    // was never delivered while the futex call's restart was pending, and
    // the CPU re-ran the faulting call forever.
    const k = boot({ cpus: 1 });
    const t = start(
      k,
      'joiner',
      `#include <pthread.h>
#include <unistd.h>
void *worker(void *arg)
{
    usleep(50000);
    return NULL;
}
int main(void)
{
    pthread_t th;
    pthread_create(&th, NULL, worker, NULL);
    pthread_join(th, NULL);
    return 0;
}
`,
    );
    runUntil(k, () => t.restart?.fn === 'futex' && t.state === TASK_INTERRUPTIBLE);
    const stack = k.mm.findVma(t.mm!, t.restart!.args![0])!;
    expect(k.mm.doMunmap(t.mm!, stack.vmStart, stack.vmEnd - stack.vmStart)).toBe(0);
    runUntil(k, () => t.exitState !== 0, 500);
    expect(t.signal.groupExitCode & 0x7f).toBe(SIGSEGV);
    expect(checkInvariants(k)).toEqual([]);
  });
});

describe('lost wake-up found by the invariant checker', () => {
  it('a signal to a task still on its CPU after going to sleep in pause() wakes it', () => {
    // The task called pause() (TASK_INTERRUPTIBLE) and its CPU's turn ended
    // before schedule(); SIGCHLD from a child exiting on another CPU only
    // kicked the CPU, and schedule() then put the task to sleep with the
    // signal pending: bash never reaped those children (zombies left).
    const k = boot({ cpus: 1 });
    const t = start(
      k,
      'pauser',
      `#include <signal.h>
#include <stdio.h>
#include <unistd.h>
int n;
void h(int s) { n++; printf("got %d\\n", n); }
int main(void)
{
    signal(SIGUSR1, h);
    for (;;)
        pause();
    return 0;
}
`,
    );
    const rq = k.rqs[0];
    runUntil(k, () => t.state === TASK_INTERRUPTIBLE && !t.onCpu);
    sendSignal(k, SIGUSR1, makeInfo(SIGUSR1, SI_USER, 0), t, true);
    // One statement at a time until it is back in pause(), still on the CPU.
    for (let i = 0; i < 100_000 && !(rq.curr === t && t.state === TASK_INTERRUPTIBLE && output(k).includes('got 1')); i++) runCpu(k, rq, rq.clock + NSEC_PER_STMT);
    expect(rq.curr).toBe(t);
    expect(t.state).toBe(TASK_INTERRUPTIBLE);
    sendSignal(k, SIGUSR1, makeInfo(SIGUSR1, SI_USER, 0), t, true);
    for (let i = 0; i < 20; i++) {
      k.tick();
      expect(checkInvariants(k)).toEqual([]);
    }
    expect(output(k)).toContain('got 2');
  });
});

describe('thread-group count found by the invariant checker', () => {
  it('exec from a thread other than the leader leaves nr_threads at 1 (ps NLWP, status Threads)', () => {
    // de_thread released the old leader without counting it out of
    // signal->nr_threads: the process showed 2 threads for ever after.
    const k = boot({ cpus: 2 });
    k.vfs.add('/home/student/after', 'int main(void) { for (;;) ; return 0; }', 'after.c');
    const t = start(
      k,
      'execer',
      `#include <pthread.h>
#include <unistd.h>
void *run(void *arg)
{
    execl("/home/student/after", "after", NULL);
    return NULL;
}
int main(void)
{
    pthread_t th;
    pthread_create(&th, NULL, run, NULL);
    for (;;)
        pause();
    return 0;
}
`,
    );
    const pid = t.pid;
    runUntil(k, () => k.findTask(pid)?.comm === 'after');
    const p = k.findTask(pid)!;
    expect(p.signal.threads).toEqual([p]);
    expect(p.signal.nrThreads).toBe(1);
    expect(checkInvariants(k)).toEqual([]);
  });
});

describe('debugChecks (kernlab exec|shell --debug-checks)', () => {
  it('checks every tick and panics on a broken invariant', () => {
    const k = boot({ cpus: 2, debugChecks: true });
    start(k, 'spin', 'int main(void) { long i = 0; for (;;) i++; return 0; }');
    k.run(20);
    k.nrThreads++;
    expect(() => k.tick()).toThrow(/kernel invariants broken at tick \d+:\n {2}proc: nr_threads/);
  });
});

describe('idle CPU after load balancing, found by the invariant checker', () => {
  it('an idle CPU that pulls a task in the periodic balance runs it at once', () => {
    // A spins on CPU 1; B, pinned to CPU 1, wakes every few ms and runs
    // across the end of a tick, so A waits queued there. The periodic
    // balance at the end of the tick moved A to idle CPU 0, which stayed
    // idle with A queued until the next tick (the panes showed it so).
    const k = boot({ cpus: 2 });
    const a = start(k, 'spin', 'int main(void) { long i = 0; for (;;) i++; return 0; }');
    const b = start(k, 'burst', '#include <unistd.h>\nint main(void) { long i; for (;;) { usleep(3000); for (i = 0; i < 1500; i++) ; } return 0; }');
    setCpusAllowed(k, a, 2n);
    setCpusAllowed(k, b, 2n);
    runUntil(k, () => k.rqs[1].curr === a);
    setCpusAllowed(k, a, 3n);
    let pulled = 0;
    for (let i = 0; i < 400; i++) {
      k.tick();
      expect(checkInvariants(k)).toEqual([]);
      if (a.cpu === 0) pulled++;
    }
    expect(pulled).toBeGreaterThan(0);
  });
});

describe('exec while another thread runs, found by the invariant checker', () => {
  it('a thread de_thread kills while it is current on another CPU keeps the old mm until it switches away', () => {
    // de_thread dropped the running thread's mm_users without taking
    // mm_count for the active_mm it still ran on: exec's mmput freed the mm,
    // and that CPU's next context switch dropped it again (panic:
    // "mmdrop: mm already freed").
    const k = boot({ cpus: 2 });
    k.vfs.add('/home/student/after', '#include <unistd.h>\nint main(void) { for (;;) pause(); return 0; }', 'after.c');
    const t = start(
      k,
      'execer',
      `#include <pthread.h>
#include <unistd.h>
void *spin(void *arg) { for (;;) ; return NULL; }
int main(void)
{
    pthread_t th;
    pthread_create(&th, NULL, spin, NULL);
    usleep(5000);
    execl("/home/student/after", "after", NULL);
    return 0;
}
`,
    );
    const pid = t.pid;
    runUntil(k, () => t.signal.threads.length === 2 && t.signal.threads[1].onCpu);
    const spinner = t.signal.threads[1];
    runUntil(k, () => k.findTask(pid)?.comm === 'after');
    expect(spinner.exitState).not.toBe(0);
    // Other programs take the CPUs: the dead thread's CPU switches away from the old mm.
    start(k, 'spin2', 'int main(void) { for (;;) ; return 0; }');
    start(k, 'spin3', 'int main(void) { for (;;) ; return 0; }');
    for (let i = 0; i < 50; i++) {
      k.tick();
      expect(checkInvariants(k)).toEqual([]);
    }
  });
});

describe('exec from a thread: the killed threads\' children and the live count', () => {
  it('children of a thread killed by exec go to the exec\'ing thread (panic: release_task still has children)', () => {
    const k = boot({ cpus: 2 });
    k.vfs.add('/home/student/after', '#include <unistd.h>\nint main(void) { for (;;) pause(); return 0; }', 'after.c');
    const t = start(
      k,
      'execer',
      `#include <pthread.h>
#include <unistd.h>
void *forker(void *arg) { if (fork() == 0) { for (;;) pause(); } for (;;) pause(); return NULL; }
int main(void)
{
    pthread_t th;
    pthread_create(&th, NULL, forker, NULL);
    usleep(5000);
    execl("/home/student/after", "after", NULL);
    return 0;
}
`,
    );
    const pid = t.pid;
    runUntil(k, () => k.findTask(pid)?.comm === 'after');
    const p = k.findTask(pid)!;
    expect([...p.children].map((c) => c.realParent)).toEqual([p]);
    for (let i = 0; i < 20; i++) {
      k.tick();
      expect(checkInvariants(k)).toEqual([]);
    }
  });

  it('exec by a thread whose leader already exited (pthread_exit) counts the leader out of live once', () => {
    const k = boot({ cpus: 2 });
    k.vfs.add('/home/student/after', '#include <unistd.h>\nint main(void) { for (;;) pause(); return 0; }', 'after.c');
    const t = start(
      k,
      'execer',
      `#include <pthread.h>
#include <unistd.h>
void *run(void *arg) { usleep(5000); execl("/home/student/after", "after", NULL); return NULL; }
int main(void)
{
    pthread_t th;
    pthread_create(&th, NULL, run, NULL);
    pthread_exit(NULL);
    return 0;
}
`,
    );
    const pid = t.pid;
    runUntil(k, () => k.findTask(pid)?.comm === 'after');
    const p = k.findTask(pid)!;
    expect(p.signal.live).toBe(1);
    expect(p.signal.nrThreads).toBe(1);
    for (let i = 0; i < 20; i++) {
      k.tick();
      expect(checkInvariants(k)).toEqual([]);
    }
  });
});

describe('futex waiters killed, found by the invariant checker', () => {
  it('a task killed while it waits on a futex leaves the futex queue', () => {
    // Killed in pthread_join, the main thread stayed queued on the tid word
    // after it was gone: a FUTEX_WAKE would have been spent on it.
    const k = boot({ cpus: 2 });
    const t = start(
      k,
      'joiner',
      `#include <pthread.h>
#include <unistd.h>
void *idle(void *arg) { for (;;) pause(); return NULL; }
int main(void)
{
    pthread_t th;
    pthread_create(&th, NULL, idle, NULL);
    pthread_join(th, NULL);
    return 0;
}
`,
    );
    runUntil(k, () => t.restart?.fn === 'futex' && t.state === TASK_INTERRUPTIBLE);
    expect(k.futexes.queues.size).toBe(1);
    sendSignal(k, SIGKILL, makeInfo(SIGKILL, SI_USER, 0), t, true);
    runUntil(k, () => !k.findTask(t.pid));
    expect(k.futexes.queues.size).toBe(0);
    expect(checkInvariants(k)).toEqual([]);
  });
});

describe('vfork parent killed, found by the invariant checker', () => {
  it('a vfork parent killed while it waits leaves its child without vfork_done', () => {
    const k = boot({ cpus: 2 });
    const t = start(
      k,
      'vforker',
      `#include <unistd.h>
int main(void)
{
    if (vfork() == 0) {
        for (;;) ;
    }
    return 0;
}
`,
    );
    runUntil(k, () => t.vforkWaiting && t.restart?.fn === 'vfork');
    const child = [...t.children][0];
    expect(child.vforkDone).toBe(t);
    sendSignal(k, SIGKILL, makeInfo(SIGKILL, SI_USER, 0), t, true);
    runUntil(k, () => t.exitState !== 0);
    expect(child.vforkDone).toBe(null);
    for (let i = 0; i < 5; i++) {
      k.tick();
      expect(checkInvariants(k)).toEqual([]);
    }
  });
});
