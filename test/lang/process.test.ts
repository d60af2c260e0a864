// Process and thread library calls: the system calls they make (with
// glibc 2.36's arguments, recorded with strace -f on Debian 12) and the
// lecture's process.c running as a parent and a child.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { GONE, RETRY, RunStop } from '../../src/lang/abi';
import { cpu } from '../../src/lang/cpu';
import type { ThreadRegs } from '../../src/lang/regs';
import { FakeSys, load, type FlatMemory } from './harness';

/** The lecture's sample program, its text-extraction damage mended (\n for ¥n, spaces restored). */
export const PROCESS_C = readFileSync(path.join(__dirname, '../../levels/programs/process.c'), 'utf8');

interface Proc {
  pid: number;
  regs: ThreadRegs;
  mem: FlatMemory;
  sys: FakeSys;
  status: number | null;
}

/** Runs a program and the children it forks; a parent's wait4 runs the child to its end first. */
function runFamily(src: string): { log: string[]; procs: Proc[] } {
  const m = load(src);
  const log: string[] = [];
  const procs: Proc[] = [];
  const attach = (p: Proc): void => {
    p.sys.hook = (name, args) => {
      if (name === 'write') {
        log.push(`${p.pid}: ${p.mem.readString(args[1], args[2])}`);
        return undefined;
      }
      if (name === 'clock_nanosleep') {
        log.push(`${p.pid}: sleeps ${p.mem.load64(args[2])}s`);
        return 0;
      }
      if (name === 'getpid') return p.pid;
      if (name === 'clone') {
        const child: Proc = { pid: 2000 + procs.length, regs: cpu.copyThread(p.regs, 0) as ThreadRegs, mem: p.mem.clone(), sys: null!, status: null };
        child.sys = new FakeSys(child.mem, p.sys.brkStart);
        child.sys.regs = child.regs;
        attach(child);
        procs.push(child);
        return child.pid;
      }
      if (name === 'wait4') {
        const child = procs.find((c) => c.pid === args[0] || (args[0] === -1 && c.status !== -1 && c !== p));
        if (!child) return -10; // ECHILD
        for (let i = 0; i < 100 && child.status === null; i++) {
          const r = cpu.run(child.regs, child.mem, child.sys, 10_000);
          if (r.stop === RunStop.Gone) child.status = (child.sys.exitCode! & 0xff) << 8;
          if (r.stop === RunStop.Fault) throw r.fault;
        }
        if (args[1]) p.mem.store32(args[1], child.status!);
        const st = child.status!;
        child.status = -1; // reaped
        void st;
        return child.pid;
      }
      return undefined;
    };
  };
  const parent: Proc = { pid: 1000, regs: m.regs, mem: m.mem, sys: m.sys, status: null };
  attach(parent);
  procs.push(parent);
  const r = m.run();
  expect(r.stop).toBe(RunStop.Gone);
  return { log, procs };
}

describe("the lecture's process.c", () => {
  it('compiles, and prints the father line, then the child line after its sleep, then the child status', () => {
    const { log, procs } = runFamily(PROCESS_C);
    expect(log).toEqual(['1000: I am your father!\n', '2001: sleeps 1s', '2001: Noooooooo!\n', '1000: Child exit status: 0\n']);
    expect(procs[0].sys.exitCode).toBe(0);
  });

  it('forks with glibc\'s clone flags and the tid word as child_tidptr; waits with wait4', () => {
    const { procs } = runFamily(PROCESS_C);
    const parent = procs[0];
    const clone = parent.sys.calls.find((c) => c.name === 'clone')!;
    expect(clone.args).toEqual([0x01200011, 0, 0, parent.regs.image.libcDataBase + 0x1000 + 0x2d0, 0]); // CLONE_CHILD_CLEARTID|CLONE_CHILD_SETTID|SIGCHLD
    const wait = parent.sys.calls.find((c) => c.name === 'wait4')!;
    expect(wait.args[0]).toBe(2001);
    expect(wait.args[2]).toBe(0);
    expect(wait.args[3]).toBe(0);
    const child = procs[1];
    const sleep = child.sys.calls.find((c) => c.name === 'clock_nanosleep')!;
    expect(sleep.args[0]).toBe(0); // CLOCK_REALTIME
    expect(sleep.args[1]).toBe(0);
    expect(sleep.args[3]).toBe(sleep.args[2]); // glibc passes &ts as both the request and the remainder
    // glibc 2.36's _Fork registers the robust-futex list again in the child (strace -f on Debian 12 shows it first).
    expect(child.sys.names()).toEqual(['set_robust_list', 'clock_nanosleep', 'newfstatat', 'getrandom', 'brk', 'brk', 'write', 'exit_group']);
    const robust = child.sys.calls[0];
    expect(robust.args).toEqual([parent.regs.image.libcDataBase + 0x1000 + 0x2e0, 24]);
  });

  it('fork failing: perror and EXIT_FAILURE', () => {
    const m = load(PROCESS_C);
    m.sys.hook = (name) => (name === 'clone' ? -11 : undefined); // EAGAIN
    m.run();
    expect(m.sys.out[2]).toBe('fork: Resource temporarily unavailable\n');
    expect(m.sys.exitCode).toBe(1);
  });
});

describe('wait status macros decode Linux\'s wait status', () => {
  it('exited, signaled, stopped, continued, core dumped', () => {
    const m = load(`#include <stdio.h>
#include <sys/wait.h>
int main(void) {
  int st[5] = {0x0300, 0x0009, 0x137f, 0xffff, 0x008b};
  for (int i = 0; i < 5; i++) {
    int s = st[i];
    printf("%d %d %d %d %d %d %d %d\\n", WIFEXITED(s), WEXITSTATUS(s), WIFSIGNALED(s), WTERMSIG(s), WIFSTOPPED(s), WSTOPSIG(s), WIFCONTINUED(s), WCOREDUMP(s) != 0);
  }
  return 0;
}`);
    m.run();
    expect(m.sys.out[1]).toBe(
      ['1 3 0 0 0 3 0 0', '0 0 1 9 0 0 0 0', '0 19 0 127 1 19 0 0', '0 255 0 127 0 255 1 1', '0 0 1 11 0 0 0 1'].join('\n') + '\n',
    );
  });
});

describe('exec', () => {
  it('execl builds argv on the stack and passes environ; success replaces the image (GONE)', () => {
    const m = load('#include <unistd.h>\n#include <stdio.h>\nint main(void) { execl("/bin/ls", "ls", "-l", "/tmp", (char *)NULL); perror("execl"); return 1; }', { env: ['A=1'] });
    let argv: string[] = [];
    m.sys.hook = (name, args) => {
      if (name !== 'execve') return undefined;
      for (let i = 0; ; i++) {
        const p = m.mem.load64(args[1] + 8 * i);
        if (!p) break;
        argv.push(m.mem.readString(p));
      }
      expect(m.mem.readString(m.mem.load64(args[2]))).toBe('A=1');
      return GONE;
    };
    expect(m.run().stop).toBe(RunStop.Gone);
    expect(m.mem.readString(m.sys.calls[0].args[0])).toBe('/bin/ls');
    expect(argv).toEqual(['ls', '-l', '/tmp']);
    argv = [];
  });

  it('execvp tries each PATH directory until one works, as glibc', () => {
    const m = load('#include <unistd.h>\nint main(void) { char *args[] = {"true", NULL}; execvp("true", args); return 9; }', { env: ['PATH=/usr/local/bin:/usr/bin:/bin'] });
    const tried: string[] = [];
    m.sys.hook = (name, args) => {
      if (name !== 'execve') return undefined;
      const p = m.mem.readString(args[0]);
      tried.push(p);
      return p === '/usr/bin/true' ? GONE : -2; // ENOENT
    };
    expect(m.run().stop).toBe(RunStop.Gone);
    expect(tried).toEqual(['/usr/local/bin/true', '/usr/bin/true']);
  });

  it('execvp failing everywhere returns -1 with errno ENOENT (EACCES if any was EACCES)', () => {
    const m = load('#include <unistd.h>\n#include <stdio.h>\nint main(void) { execlp("nope", "nope", NULL); perror("execlp"); return 127; }', { env: ['PATH=/a:/b'] });
    m.sys.hook = (name, args) => (name === 'execve' ? (m.mem.readString(args[0]) === '/a/nope' ? -13 : -2) : undefined);
    m.run();
    expect(m.sys.out[2]).toBe('execlp: Permission denied\n');
    expect(m.sys.exitCode).toBe(127);
  });
});

describe('signals from libc', () => {
  it('sigprocmask passes the set; raise is gettid, getpid, tgkill; kill and pause are plain syscalls', () => {
    const m = load(`#include <signal.h>
#include <unistd.h>
#include <stdio.h>
int main(void) {
  sigset_t set, old;
  sigemptyset(&set);
  sigaddset(&set, SIGUSR1);
  sigprocmask(SIG_BLOCK, &set, &old);
  raise(SIGUSR1);
  if (kill(12345, SIGTERM) == -1) perror("kill");
  pause();
  return 0;
}`);
    m.sys.hook = (name) => (name === 'kill' ? -3 : name === 'pause' ? -4 : undefined);
    m.run();
    const calls = m.sys.calls.filter((c) => c.name !== 'write' && c.name !== 'dup');
    expect(calls.map((c) => c.name)).toEqual(['rt_sigprocmask', 'gettid', 'getpid', 'tgkill', 'kill', 'pause', 'exit_group']);
    const mask = calls[0];
    expect(mask.args[0]).toBe(0); // SIG_BLOCK
    expect(m.mem.load64(mask.args[1])).toBe(1 << 9);
    expect(mask.args[3]).toBe(8);
    expect(calls[3].args).toEqual([1000, 1000, 10]);
    expect(calls[4].args).toEqual([12345, 15]);
    expect(m.sys.out[2]).toBe('kill: No such process\n');
  });

  it('signal() returns the previous handler, SIG_ERR and EINVAL for a bad signal', () => {
    const m = load(`#include <signal.h>
#include <stdio.h>
#include <errno.h>
void h(int s) { }
int main(void) {
  void (*prev)(int) = signal(SIGINT, h);
  int bad = signal(0, h) == SIG_ERR;
  printf("%d %d %d\\n", prev == SIG_DFL, bad, errno == EINVAL);
  return 0;
}`);
    m.run();
    expect(m.sys.out[1]).toBe('1 1 1\n');
    expect(m.sys.names().filter((n) => n === 'rt_sigaction')).toHaveLength(1);
  });

  it('abort: unblock SIGABRT, raise it, and wait for the kernel to deliver it', () => {
    const m = load('#include <stdlib.h>\nint main(void) { abort(); }');
    m.sys.hook = (name) => {
      if (name === 'tgkill') m.sys.needResched = true; // the signal is pending and deliverable
      return undefined;
    };
    const r = cpu.run(m.regs, m.mem, m.sys, 100);
    expect(r.stop).toBe(RunStop.Retry); // the kernel delivers SIGABRT before abort goes on
    expect(m.sys.names()).toEqual(['rt_sigprocmask', 'gettid', 'getpid', 'tgkill']);
    expect(m.sys.calls[3].args[2]).toBe(6);
  });
});

describe('assert', () => {
  it('prints glibc\'s message (via a malloc\'ed string), keeps a copy in an mmap\'ed page, aborts', () => {
    const m = load('#include <assert.h>\nint main(int argc, char **argv) { int x = argc; assert(x == 2  &&   x > 0); return 0; }', {
      path: '/home/student/as',
      argv: ['./as'],
    });
    m.sys.hook = (name) => {
      if (name === 'tgkill') m.sys.needResched = true;
      return undefined;
    };
    expect(cpu.run(m.regs, m.mem, m.sys, 1000).stop).toBe(RunStop.Retry);
    expect(m.sys.out[2]).toBe("as: as.c:2: main: Assertion `x == 2 && x > 0' failed.\n");
    expect(m.sys.names()).toEqual(['getrandom', 'brk', 'brk', 'write', 'mmap', 'rt_sigprocmask', 'gettid', 'getpid', 'tgkill']);
  });

  it('passes when true, and vanishes with NDEBUG', () => {
    const ok = load('#include <assert.h>\nint main(void) { assert(1 + 1 == 2); return 3; }');
    ok.run();
    expect(ok.sys.exitCode).toBe(3);
    const off = load('#define NDEBUG\n#include <assert.h>\nint main(void) { int n = 0; assert(n++ == 5); return n; }');
    off.run();
    expect(off.sys.exitCode).toBe(0);
  });
});

describe('pthreads', () => {
  const SRC = `#include <pthread.h>
#include <stdio.h>
void *worker(void *arg) { long n = (long)arg; return (void *)(n * n); }
int main(void) {
  pthread_t t;
  void *res;
  for (int i = 2; i <= 3; i++) {
    pthread_create(&t, NULL, worker, (void *)(long)i);
    pthread_join(t, &res);
    printf("%ld\\n", (long)res);
  }
  return 0;
}`;

  function runThreads(): { m: ReturnType<typeof load>; threads: FakeSys[] } {
    const m = load(SRC);
    const threads: FakeSys[] = [];
    let pending: { regs: ThreadRegs; tidAddr: number } | null = null;
    m.sys.hook = (name, args) => {
      if (name === 'clone3') {
        const ca = args[0];
        const stack = m.mem.load64(ca + 40);
        const size = m.mem.load64(ca + 48);
        const tidAddr = m.mem.load64(ca + 24);
        m.mem.store32(tidAddr, 3000 + threads.length); // CLONE_PARENT_SETTID
        pending = { regs: cpu.copyThread(m.regs, 0, stack + size) as ThreadRegs, tidAddr };
        return 3000 + threads.length;
      }
      if (name === 'futex') {
        if (!pending) return 0;
        // The joiner blocks: run the thread to its end, then CLONE_CHILD_CLEARTID clears the word and wakes.
        const ts = new FakeSys(m.mem, m.sys.brkStart);
        threads.push(ts);
        expect(cpu.run(pending.regs, m.mem, ts, 10_000).stop).toBe(RunStop.Gone);
        m.mem.store32(pending.tidAddr, 0);
        pending = null;
        return RETRY;
      }
      return undefined;
    };
    expect(m.run().stop).toBe(RunStop.Gone);
    return { m, threads };
  }

  it('create and join with glibc\'s syscalls; the second thread reuses the cached stack', () => {
    const { m, threads } = runThreads();
    expect(m.sys.out[1]).toBe('4\n9\n');
    const names = m.sys.names().filter((n) => !['newfstatat', 'getrandom', 'brk', 'write'].includes(n));
    // late_init before the first thread: the SIGSETXID handler, SIGCANCEL and SIGSETXID unblocked.
    // Each join's futex wait blocks (RETRY) and is completed when the native runs again.
    expect(names).toEqual([
      'rt_sigaction', 'rt_sigprocmask',
      'mmap', 'mprotect', 'rt_sigprocmask', 'clone3', 'rt_sigprocmask', 'futex', 'futex',
      'rt_sigprocmask', 'clone3', 'rt_sigprocmask', 'futex', 'futex', 'exit_group',
    ]);
    const mmap = m.sys.calls.find((c) => c.name === 'mmap')!;
    expect(mmap.args).toEqual([0, 0x801000, 0, 0x20022, -1, 0]); // PROT_NONE, MAP_PRIVATE|MAP_ANONYMOUS|MAP_STACK
    const base = mmap.ret as number;
    expect(m.sys.calls.find((c) => c.name === 'mprotect')!.args).toEqual([base + 4096, 0x800000, 3]);
    const clone3 = m.sys.calls.find((c) => c.name === 'clone3')!;
    expect(clone3.args[1]).toBe(88);
    const ca = clone3.args[0];
    const f = (i: number): number => m.mem.load64(ca + 8 * i);
    expect(f(0)).toBe(0x3d0f00); // CLONE_VM|FS|FILES|SIGHAND|THREAD|SYSVSEM|SETTLS|PARENT_SETTID|CHILD_CLEARTID
    expect(f(2)).toBe(f(3)); // child_tid == parent_tid == &pd->tid
    expect(f(4)).toBe(0); // exit_signal
    expect(f(5)).toBe(base); // stack
    expect(f(6)).toBe(0x7fff80); // stack_size
    expect(f(2)).toBe(f(7) + 0x2d0); // tls = the descriptor
    const futex = m.sys.calls.find((c) => c.name === 'futex')!;
    expect(futex.args).toEqual([f(2), 0x109, 3000, 0, 0, 0xffffffff]); // FUTEX_WAIT_BITSET|FUTEX_CLOCK_REALTIME
    // Each thread registers its rseq area (tp + 0x920, glibc's __rseq_offset) and robust list, restores the
    // creator's mask, then at exit blocks signals, frees its stack pages and exits.
    expect(threads[0].names()).toEqual(['rseq', 'set_robust_list', 'rt_sigprocmask', 'rt_sigprocmask', 'madvise', 'exit']);
    expect(threads[0].calls[0].args).toEqual([f(7) + 0x920, 32, 0, 0x53053053]);
    expect(threads[0].calls[1].args).toEqual([f(2) + 0x10, 24]);
    expect(threads[0].calls[4].args).toEqual([base, 0x7fb000, 4]); // MADV_DONTNEED
  });
});

describe('kernel-thread services', () => {
  it('kthread_run, printk, set_current_state, schedule, current: kcalls by their Linux names', () => {
    const m = load(`#include <linux/kthread.h>
#include <linux/sched.h>
static int child(void *data) { return 0; }
int boss(void *data) {
  struct task_struct *t = kthread_run(child, NULL, "worker/%d", 3);
  if (IS_ERR(t))
    return PTR_ERR(t);
  printk(KERN_INFO "started %d from %d\\n", 3, (int)(long)current);
  set_current_state(TASK_INTERRUPTIBLE);
  schedule();
  wake_up_process(t);
  msleep(10);
  return kthread_stop(t);
}`, { kind: 'kthread', entry: 'boss' });
    let slept = false;
    m.sys.khook = (name, args) => {
      if (name === 'kthread_create') {
        expect(m.mem.readString(args[2])).toBe('worker/3');
        return 77;
      }
      if (name === 'get_current') return 5;
      if (name === 'schedule' && !slept) {
        slept = true;
        return RETRY;
      }
      if (name === 'kthread_stop') return 0;
      return undefined;
    };
    const r1 = cpu.run(m.regs, m.mem, m.sys, 1000);
    expect(r1.stop).toBe(RunStop.Retry);
    expect(m.run().stop).toBe(RunStop.Gone);
    expect(m.sys.kcalls.map((c) => `${c.name}(${c.name === 'kthread_create' ? '' : c.args.join(',')})`)).toEqual([
      'kthread_create()', 'wake_up_process(77)', 'get_current()', 'set_current_state(1)', 'schedule()', 'schedule()',
      'wake_up_process(77)', 'msleep(10)', 'kthread_stop(77)', 'do_exit(0)',
    ]);
    expect(m.sys.printks).toEqual(['started 3 from 5\n']);
    expect(m.sys.calls).toEqual([]); // no system calls from a kernel thread
  });
});
