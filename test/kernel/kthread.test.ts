// Kernel threads: created asleep, woken by wake_up_process, stopped by
// kthread_stop; no mm of their own; deaf to signals.
import { describe, expect, it } from 'vitest';
import { boot } from './helpers';
import { compileProgram } from '../../src/kernel/vfs';
import { kthreadCreate, kthreadStop } from '../../src/kernel/kthread';
import { wakeUpProcess } from '../../src/kernel/sched/core';
import { killSomething } from '../../src/kernel/signal';
import { taskStateLetter } from '../../src/kernel/task';
import { SIGKILL } from '../../src/kernel/uapi/signal';
import type { Kernel } from '../../src/kernel/kernel';

const FLUSHER_C = `
int flushed = 0;

int flusher(void *data)
{
    while (!kthread_should_stop()) {
        flushed++;
        printk("flusher: pass %d\\n", flushed);
        msleep(100);
    }
    return 42;
}
`;

function makeFlusher(k: Kernel) {
  const image = k.kernelImage(compileProgram(FLUSHER_C, 'flusher.c', '[flusher]'));
  const t = kthreadCreate(k, { name: 'flusher', image, fn: 'flusher', data: 0, cpu: -1 });
  if (typeof t === 'number') throw new Error(`kthread_create: ${t}`);
  return t;
}

describe('kernel threads', () => {
  it('kthread_create leaves it asleep (D) until wake_up_process; kthread_stop returns its result', () => {
    const k = boot();
    const t = makeFlusher(k);
    expect(t.realParent).toBe(k.kthreadd);
    expect(t.mm).toBeNull();
    k.run(200);
    expect(taskStateLetter(t)).toBe('D');
    expect(t.wchan).toBe('kthread');
    expect(t.se.sumExecRuntime).toBe(0);
    expect(k.dmesg.join('\n')).not.toContain('flusher: pass');

    wakeUpProcess(k, t);
    k.run(350);
    expect(k.dmesg.filter((l) => l.includes('flusher: pass')).length).toBe(4);
    expect(taskStateLetter(t)).toBe('D'); // msleep sleeps uninterruptibly
    // It runs on whatever mm the CPU had loaded: borrowed, never its own.
    expect(t.mm).toBeNull();

    let result: number | undefined;
    k.events.listen((e) => {
      if (e.type === 'kthread' && e.what === 'stopped' && e.pid === t.pid) result = e.result;
    });
    expect(kthreadStop(k, t, null)).toBe(0);
    k.run(200);
    expect(result).toBe(42);
    // kthreadd ignores SIGCHLD: its children are reaped at once.
    expect(k.findTask(t.pid)).toBeUndefined();
  });

  it('stopped before it ever ran, it exits with -EINTR without calling its function', () => {
    const k = boot();
    const t = makeFlusher(k);
    let result: number | undefined;
    k.events.listen((e) => {
      if (e.type === 'kthread' && e.what === 'stopped' && e.pid === t.pid) result = e.result;
    });
    kthreadStop(k, t, null);
    k.run(10);
    expect(result).toBe(-4);
    expect(k.dmesg.join('\n')).not.toContain('flusher: pass');
  });

  it('ignores signals, even SIGKILL', () => {
    const k = boot();
    const t = makeFlusher(k);
    wakeUpProcess(k, t);
    k.run(50);
    killSomething(k, null, t.pid, SIGKILL);
    k.run(300);
    expect(k.findTask(t.pid)).toBe(t);
    expect(k.dmesg.filter((l) => l.includes('flusher: pass')).length).toBeGreaterThan(2);
  });
});
