// /proc/PID/status's SigQ: the queued signals of the task's user (its
// ucounts), so every thread and every process of that user shows the same
// count, compared with two such processes on Linux 6.x.
import { describe, expect, it } from 'vitest';
import { procPidStatus } from '../../src/console/proc/status';
import { boot, output, runUntil, start } from './helpers';

const SOURCE = `
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <unistd.h>
void h(int s) { }
void *th(void *a) { pause(); return a; }
int main(void)
{
    sigset_t m;
    pthread_t t;
    signal(SIGTERM, h);
    sigemptyset(&m);
    sigaddset(&m, SIGTERM);
    sigaddset(&m, SIGRTMIN + 2);
    sigprocmask(SIG_BLOCK, &m, NULL);
    raise(SIGTERM);                 /* the thread's own queue */
    kill(getpid(), SIGRTMIN + 2);   /* the process's shared queue */
    pthread_create(&t, NULL, th, NULL);
    printf("ready\\n");
    pause();
    return 0;
}`;

describe('/proc/PID/status SigQ', () => {
  it("counts the user's queued signals: the same in every thread and every process of that user", () => {
    const k = boot({ cpus: 2, seed: 'sigq' });
    const a = start(k, 'a', SOURCE);
    const b = start(k, 'b', SOURCE);
    runUntil(k, () => (output(k).match(/ready/g) ?? []).length === 2 && a.signal.nrThreads === 2 && b.signal.nrThreads === 2);
    const sigq = (t: typeof a) => /SigQ:\t(\d+)\//.exec(procPidStatus(k, t))![1];
    for (const t of [...a.signal.threads, ...b.signal.threads]) expect(sigq(t)).toBe('4');
    expect(sigq(k.findTask(1)!)).toBe('0'); // root's: none queued
  });
});
