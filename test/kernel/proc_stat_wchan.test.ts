// /proc/PID/stat's wchan field (35): 1 for a sleeping task, but 0 on the
// whole-process line of a multi-threaded process, as Linux 6.x prints it
// (do_task_stat reports it only when !whole || num_threads < 2).
import { describe, expect, it } from 'vitest';
import { procPidStat } from '../../src/console/proc/stat';
import { boot, output, runUntil, start } from './helpers';

describe('/proc/PID/stat wchan', () => {
  it('is 0 for a multi-threaded process as a whole, 1 for each of its sleeping threads and for a sleeping single-threaded process', () => {
    const k = boot({ cpus: 2, seed: 'wchan' });
    const mt = start(k, 'mt', `
#include <pthread.h>
#include <stdio.h>
#include <unistd.h>
void *w(void *a) { pause(); return a; }
int main(void)
{
    pthread_t t;
    pthread_create(&t, NULL, w, NULL);
    printf("ready\\n");
    pause();
    return 0;
}`);
    const st = start(k, 'st', `
#include <unistd.h>
int main(void) { pause(); return 0; }`);
    runUntil(k, () => output(k).includes('ready') && mt.signal.nrThreads === 2);
    for (let i = 0; i < 50; i++) k.tick(); // let both threads reach pause()
    const wchan = (line: string) => line.split(' ')[34];
    expect(wchan(procPidStat(k, mt, true))).toBe('0');
    for (const t of mt.signal.threads) expect(wchan(procPidStat(k, t, false))).toBe('1');
    expect(wchan(procPidStat(k, st, true))).toBe('1');
  });
});
