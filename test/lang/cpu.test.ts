// The CPU: traps and faults (restartable), library calls that block
// (RETRY) or end the thread (GONE), fork's copy of a thread, signal frames,
// the statement budget, backtraces.
import { describe, expect, it } from 'vitest';
import { RETRY, RunStop } from '../../src/lang/abi';
import { cpu, SIGFRAME_SIZE } from '../../src/lang/cpu';
import type { ThreadRegs } from '../../src/lang/regs';
import { FPE_INTDIV, SEGV_ACCERR, SEGV_MAPERR, SIGFPE, SIGSEGV } from '../../src/kernel/uapi/signal';
import { FakeSys, load, R, STACK_TOP, W } from './harness';

describe('arithmetic traps', () => {
  const cases: [string, string][] = [
    ['int / 0', 'int z = 0; return 7 / z;'],
    ['int % 0', 'int z = 0; return 7 % z;'],
    ['INT_MIN / -1', 'int a = INT_MIN; int b = -1; return a / b;'],
    ['INT_MIN % -1', 'int a = INT_MIN; int b = -1; return a % b;'],
    ['long / 0', 'long z = 0; return (int)(7L / z);'],
    ['unsigned / 0', 'unsigned z = 0; return (int)(7u / z);'],
  ];
  for (const [name, body] of cases) {
    it(`${name} raises SIGFPE/FPE_INTDIV at the divide instruction, which stays restartable`, () => {
      const m = load(`int main(void) { ${body} }`);
      const r = m.run();
      expect(r.stop).toBe(RunStop.Fault);
      expect(r.fault!.signo).toBe(SIGFPE);
      expect(r.fault!.code).toBe(FPE_INTDIV);
      expect(r.fault!.access).toBe('');
      expect(r.fault!.addr).toBe(cpu.ip(m.regs));
      expect(cpu.line(m.regs)).toBe(1);
      // Running again re-executes the same instruction with the same operands.
      const again = cpu.run(m.regs, m.mem, m.sys, 1000);
      expect(again.stop).toBe(RunStop.Fault);
      expect(again.fault!.addr).toBe(r.fault!.addr);
      expect(again.stmts).toBe(0);
    });
  }

  it('division truncates toward zero without trapping otherwise', () => {
    const m = load('#include <stdio.h>\nint main(void) { int a = -7, b = 2; printf("%d %d %d\\n", a / b, a % b, INT_MIN / 1); return 0; }');
    m.run();
    expect(m.sys.out[1]).toBe('-3 -1 -2147483648\n');
  });
});

describe('1 / X, as gcc compiles it', () => {
  it('never divides (X >= -1 && X <= 1 ? X : 0; unsigned X == 1), so 1 / zero is 0, not SIGFPE (gcc 12, -O0)', () => {
    // gcc -O0 on x86-64 prints exactly this.
    const m = load(`#include <stdio.h>
#include <limits.h>
int main(void) {
  int v[] = {-5, -2, -1, 0, 1, 2, INT_MAX, INT_MIN};
  long lv[] = {-1, 0, 1, 7, LONG_MAX, LONG_MIN};
  unsigned uv[] = {0, 1, 2, UINT_MAX};
  for (int i = 0; i < 8; i++) printf("%d ", 1 / v[i]);
  for (int i = 0; i < 6; i++) printf("%ld ", 1L / lv[i]);
  for (int i = 0; i < 4; i++) printf("%u ", 1u / uv[i]);
  for (int i = 0; i < 4; i++) printf("%lu ", 1UL / uv[i]);
  char c = 0;
  printf("%d %d\\n", 1 / c, (int)(1 / (short)v[4]));
  return 0;
}`);
    expect(m.run().stop).toBe(RunStop.Gone);
    expect(m.sys.out[1]).toBe('0 0 -1 0 1 0 0 0 -1 0 1 0 0 0 0 1 0 0 0 1 0 0 0 1\n');
  });

  it('still traps for a literal 0 divisor, any other dividend, and 1 % X', () => {
    for (const body of ['return 1 / 0;', 'int z = 0; return 2 / z;', 'int z = 0; return -1 / z;', 'int z = 0; return 1 % z;']) {
      const r = load(`int main(void) { ${body} }`).run();
      expect(r.stop).toBe(RunStop.Fault);
      expect(r.fault!.signo).toBe(SIGFPE);
    }
  });
});

describe('memory faults', () => {
  it('a store into a string literal faults in .rodata (SEGV_ACCERR, write)', () => {
    const m = load('int main(void) {\n  char *s = "hello";\n  s[0] = \'H\';\n  return 0;\n}');
    const r = m.run();
    expect(r.stop).toBe(RunStop.Fault);
    expect(r.fault!.signo).toBe(SIGSEGV);
    expect(r.fault!.code).toBe(SEGV_ACCERR);
    expect(r.fault!.access).toBe('w');
    expect(r.fault!.addr).toBeGreaterThanOrEqual(m.image.rodataBase);
    expect(r.fault!.addr).toBeLessThan(m.image.rodataBase + m.prog.rodata.length);
    expect(m.mem.readString(r.fault!.addr)).toBe('hello');
    expect(cpu.line(m.regs)).toBe(3);
  });

  it('writing a const global faults too: it lives in .rodata', () => {
    const m = load('const int limit = 10;\nint main(void) { int *p = (int *)&limit; *p = 11; return 0; }');
    const sym = m.prog.symbols.find((s) => s.name === 'limit')!;
    expect(sym.section).toBe('rodata');
    const r = m.run();
    expect(r.fault!.code).toBe(SEGV_ACCERR);
    expect(r.fault!.addr).toBe(m.image.rodataBase + sym.offset);
  });

  it('NULL dereference is a load from address 0 (SEGV_MAPERR)', () => {
    const m = load('int main(void) { int *p = NULL; return *p; }');
    const r = m.run();
    expect(r.fault).toMatchObject({ signo: SIGSEGV, code: SEGV_MAPERR, addr: 0, access: 'r' });
    const w = load('int main(void) { long *p = 0; p[2] = 1; return 0; }').run();
    expect(w.fault).toMatchObject({ signo: SIGSEGV, code: SEGV_MAPERR, addr: 16, access: 'w' });
  });

  it('calling a NULL function pointer faults on the instruction fetch', () => {
    const r = load('int main(void) { void (*f)(void) = 0; f(); return 0; }').run();
    expect(r.fault).toMatchObject({ signo: SIGSEGV, code: SEGV_MAPERR, addr: 0, access: 'x' });
  });

  it('the faulting instruction is re-executed once the cause is fixed (as after a SIGSEGV handler)', () => {
    const m = load('#include <stdio.h>\nchar *s = "abc";\nint main(void) { s[1] = \'X\'; printf("%s\\n", s); return 0; }');
    const r = m.run();
    expect(r.fault!.code).toBe(SEGV_ACCERR);
    m.mem.protect(m.image.rodataBase, 4096, R | W); // what a handler calling mprotect would do
    const again = m.run();
    expect(again.stop).toBe(RunStop.Gone);
    expect(m.sys.out[1]).toBe('aXc\n');
  });

  it('mprotect of the text page stops the next statement on its instruction fetch', () => {
    const m = load('int main(void) {\n  int i = 0;\n  i++;\n  i++;\n  return i;\n}');
    expect(cpu.run(m.regs, m.mem, m.sys, 1).stmts).toBe(1);
    m.mem.protect(m.image.textBase, 4096, R);
    const r = cpu.run(m.regs, m.mem, m.sys, 10);
    expect(r.fault).toMatchObject({ signo: SIGSEGV, code: SEGV_ACCERR, access: 'x' });
    expect(r.stmts).toBe(0);
  });

  it('infinite recursion grows the stack to the 8 MiB limit, then faults', () => {
    const m = load('int down(int n) { int pad[64]; pad[0] = n; return down(n + 1) + pad[0]; }\nint main(void) { return down(0); }');
    const r = m.run(10_000_000, 1);
    expect(r.stop).toBe(RunStop.Fault);
    expect(r.fault).toMatchObject({ signo: SIGSEGV, code: SEGV_MAPERR, access: 'w' });
    expect(r.fault!.addr).toBeLessThan(STACK_TOP - 8 * 1024 * 1024 + 4096);
    expect(r.fault!.addr).toBeGreaterThan(STACK_TOP - 8 * 1024 * 1024 - 4096);
    const stack = m.mem.regions.find((g) => g.growsDown)!;
    expect(stack.start).toBeLessThan(STACK_TOP - 8 * 1024 * 1024 + 4096);
    expect(cpu.backtrace(m.regs).length).toBeGreaterThan(10_000);
  });
});

describe('library calls and the kernel', () => {
  it('a call that returns RETRY is made again from scratch: same result as without retries', () => {
    const src = '#include <stdio.h>\nint main(void) { int base = 40; printf("%d\\n", base + getpid() % 7); return 0; }';
    const plain = load(src);
    plain.run();
    const m = load(src);
    let retries = 0;
    m.sys.hook = (name) => (name === 'getpid' && retries < 2 ? (retries++, RETRY) : undefined);
    const r1 = cpu.run(m.regs, m.mem, m.sys, 1000);
    expect(r1.stop).toBe(RunStop.Retry);
    const ip = cpu.ip(m.regs);
    const r2 = cpu.run(m.regs, m.mem, m.sys, 1000);
    expect(r2.stop).toBe(RunStop.Retry);
    expect(cpu.ip(m.regs)).toBe(ip);
    expect(r2.stmts).toBe(0);
    expect(cpu.run(m.regs, m.mem, m.sys, 1000).stop).toBe(RunStop.Gone);
    expect(m.sys.out[1]).toBe(plain.sys.out[1]);
    expect(m.sys.out[1]).toBe(`${40 + (1000 % 7)}\n`);
  });

  it('a library call with several syscalls replays the completed ones after RETRY (no duplicate effects)', () => {
    const m = load('#include <stdio.h>\nint main(void) { printf("hi\\n"); return 0; }');
    let blocked = 0;
    m.sys.hook = (name) => (name === 'write' && blocked < 2 ? (blocked++, RETRY) : undefined);
    expect(cpu.run(m.regs, m.mem, m.sys, 1000).stop).toBe(RunStop.Retry);
    expect(cpu.run(m.regs, m.mem, m.sys, 1000).stop).toBe(RunStop.Retry);
    expect(cpu.run(m.regs, m.mem, m.sys, 1000).stop).toBe(RunStop.Gone);
    expect(m.sys.names()).toEqual(['newfstatat', 'getrandom', 'brk', 'brk', 'write', 'write', 'write', 'exit_group']);
    expect(m.sys.out[1]).toBe('hi\n');
  });

  it('GONE from a syscall ends the run; needResched stops after the call, pc advanced', () => {
    const m = load('int main(void) {\n  int a = getppid();\n  int b = getppid();\n  return a + b;\n}');
    m.sys.hook = (name) => {
      if (name === 'getppid') m.sys.needResched = true;
      return undefined;
    };
    const r = cpu.run(m.regs, m.mem, m.sys, 1000);
    expect(r.stop).toBe(RunStop.Resched);
    expect(cpu.line(m.regs)).toBe(2); // stopped inside the statement, after the call
    m.sys.needResched = false;
    m.sys.hook = null;
    expect(cpu.run(m.regs, m.mem, m.sys, 1000).stop).toBe(RunStop.Gone);
    expect(m.sys.exitCode).toBe(2);
  });

  it('copyThread (fork): parent and child continue after the call with their own return value and operand stack', () => {
    const m = load('#include <stdio.h>\nint main(void) {\n  int before = 5;\n  int x = 100 + fork() * 2 + before;\n  printf("x=%d\\n", x);\n  return 0;\n}');
    expect(m.run().stop).toBe(RunStop.Gone);
    expect(m.sys.out[1]).toBe(`x=${100 + 1001 * 2 + 5}\n`);
    const child = m.sys.children[0];
    const csys = new FakeSys(child.mem, m.sys.brkStart);
    csys.regs = child.regs;
    expect(cpu.run(child.regs, child.mem, csys, 1000).stop).toBe(RunStop.Gone);
    expect(csys.out[1]).toBe('x=105\n');
  });

  it('the child of fork starts with the parent\'s pending stdio buffer (printed twice, as on Linux)', () => {
    const m = load('#include <stdio.h>\n#include <unistd.h>\nint main(void) { printf("once "); fork(); printf("end\\n"); return 0; }');
    m.run();
    const child = m.sys.children[0];
    const csys = new FakeSys(child.mem, m.sys.brkStart);
    csys.regs = child.regs;
    cpu.run(child.regs, child.mem, csys, 1000);
    expect(m.sys.out[1]).toBe('once end\n');
    expect(csys.out[1]).toBe('once end\n');
  });

  it('copyThread refuses a thread that is not stopped in a library call', () => {
    const m = load('int main(void) { return 0; }');
    cpu.run(m.regs, m.mem, m.sys, 0);
    expect(() => cpu.copyThread(m.regs, 0)).toThrow(/library call/);
  });
});

describe('signal frames', () => {
  const SRC = `#include <stdio.h>
#include <signal.h>
volatile int hits = 0;
int last = 0;
void handler(int sig) {
  hits++;
  last = sig;
}
long work(long n) {
  long acc = 0;
  for (long i = 0; i < n; i++)
    acc += i;
  return acc;
}
int main(void) {
  signal(SIGUSR1, handler);
  long r = 1000000 + work(5000);
  printf("r=%ld hits=%d last=%d\\n", r, hits, last);
  return 0;
}`;
  const handlerAddr = (m: ReturnType<typeof load>): number => {
    const act = m.sys.calls.find((c) => c.name === 'rt_sigaction')!.args[1];
    return m.mem.load64(act);
  };

  it('signal() installs the handler with glibc\'s rt_sigaction arguments', () => {
    const m = load(SRC);
    cpu.run(m.regs, m.mem, m.sys, 5);
    const c = m.sys.calls.find((x) => x.name === 'rt_sigaction')!;
    expect(c.args[0]).toBe(10);
    expect(c.args[3]).toBe(8);
    const act = c.args[1];
    expect(m.mem.load64(act)).toBe(m.image.textBase + 4 * m.prog.functions.find((f) => f.name === 'handler')!.entry);
    expect(m.mem.load64(act + 8)).toBe(0x14000000); // SA_RESTORER|SA_RESTART
    expect(m.mem.load64(act + 16)).toBe(m.image.textBase + 4 * m.prog.crtSigreturn);
    expect(m.mem.load64(act + 24)).toBe(1 << 9); // sa_mask = [USR1]
  });

  it('the handler runs on a frame below the stack, and sigreturn resumes the interrupted computation exactly', () => {
    const m = load(SRC);
    // Run into work()'s loop: main has 1000000 pending on its operand stack.
    cpu.run(m.regs, m.mem, m.sys, 400);
    expect(cpu.backtrace(m.regs).map((f) => f.fn)).toEqual(['work', 'main']);
    const sp = cpu.sp(m.regs);
    const ip = cpu.ip(m.regs);
    cpu.pushSignalFrame(m.regs, m.mem, handlerAddr(m), 10);
    expect(cpu.sp(m.regs)).toBeLessThan(sp - SIGFRAME_SIZE);
    expect(cpu.backtrace(m.regs).map((f) => f.fn)).toEqual(['handler', '<signal handler called>', 'work', 'main']);
    const frame = m.regs.frames[m.regs.fd - 5 + 3] - 8; // the return address slot (pretcode)
    expect(m.mem.load64(frame)).toBe(m.image.textBase + 4 * m.prog.crtSigreturn);
    expect(m.mem.load64(frame + 48 + 128)).toBe(ip); // uc_mcontext.rip
    expect(m.mem.load64(frame + 48 + 120)).toBe(sp); // uc_mcontext.rsp
    const r = cpu.run(m.regs, m.mem, m.sys, 1000);
    expect(r.stop).toBe(RunStop.SigReturn);
    cpu.popSignalFrame(m.regs, m.mem);
    expect(cpu.ip(m.regs)).toBe(ip);
    expect(cpu.sp(m.regs)).toBe(sp);
    expect(m.run().stop).toBe(RunStop.Gone);
    expect(m.sys.out[1]).toBe(`r=${1000000 + (5000 * 4999) / 2} hits=1 last=10\n`);
  });

  it('nested signals: a second handler frame above the first', () => {
    const m = load(SRC);
    cpu.run(m.regs, m.mem, m.sys, 300);
    const h = handlerAddr(m);
    cpu.pushSignalFrame(m.regs, m.mem, h, 10);
    cpu.run(m.regs, m.mem, m.sys, 1); // one statement into the handler
    cpu.pushSignalFrame(m.regs, m.mem, h, 12);
    expect(cpu.backtrace(m.regs).filter((f) => f.fn === '<signal handler called>')).toHaveLength(2);
    for (let i = 0; i < 2; i++) {
      expect(cpu.run(m.regs, m.mem, m.sys, 1000).stop).toBe(RunStop.SigReturn);
      cpu.popSignalFrame(m.regs, m.mem);
    }
    m.run();
    expect(m.sys.out[1]).toMatch(/hits=2 last=10\n$/);
  });

  it('a frame that does not fit the stack raises the fault (the kernel then forces SIGSEGV)', () => {
    const m = load(SRC);
    cpu.run(m.regs, m.mem, m.sys, 300);
    const h = handlerAddr(m);
    (m.regs as ThreadRegs).sp = 0x1000; // a corrupted stack pointer
    expect(() => cpu.pushSignalFrame(m.regs, m.mem, h, 10)).toThrow(/signo=11/);
  });

  it('a blocking call interrupted by a handler is made again after sigreturn', () => {
    const m = load('#include <stdio.h>\n#include <signal.h>\n#include <unistd.h>\nvoid h(int s) { write(1, "H", 1); }\nint main(void) { signal(SIGINT, h); int left = sleep(3); printf(" left=%d\\n", left); return 0; }');
    let sleeps = 0;
    m.sys.hook = (name, args) => {
      if (name !== 'clock_nanosleep') return undefined;
      sleeps++;
      if (sleeps === 1) return RETRY; // blocked
      m.mem.store64(args[3], 2); // rem = {2, 0}
      return -4; // EINTR
    };
    expect(cpu.run(m.regs, m.mem, m.sys, 1000).stop).toBe(RunStop.Retry);
    expect(cpu.backtrace(m.regs)[0].fn).toBe('sleep');
    const act = m.sys.calls.find((c) => c.name === 'rt_sigaction')!.args[1];
    cpu.pushSignalFrame(m.regs, m.mem, m.mem.load64(act), 2);
    expect(cpu.run(m.regs, m.mem, m.sys, 1000).stop).toBe(RunStop.SigReturn);
    cpu.popSignalFrame(m.regs, m.mem);
    expect(m.run().stop).toBe(RunStop.Gone);
    expect(m.sys.out[1]).toBe('H left=2\n');
  });
});

describe('budget and lines', () => {
  it('stops exactly at statement boundaries and reports the line about to run', () => {
    const m = load('int main(void) {\n  int a = 1;\n  int b = 2;\n  while (a < 4)\n    a++;\n  return a + b;\n}');
    const lines: number[] = [];
    for (;;) {
      const r = cpu.run(m.regs, m.mem, m.sys, 1);
      if (r.stop !== RunStop.Budget) break;
      expect(r.stmts).toBe(1);
      lines.push(cpu.line(m.regs));
    }
    // declarations, then the loop condition and body alternately, the final condition, return
    expect(lines).toEqual([3, 4, 5, 4, 5, 4, 5, 4, 6]);
    expect(m.sys.exitCode).toBe(6);
  });

  it('counts one statement per loop-condition evaluation and per body statement', () => {
    const m = load('int main(void) { int s = 0; for (int i = 0; i < 100; i++) s += i; return s; }');
    const r = cpu.run(m.regs, m.mem, m.sys, 1_000_000);
    expect(r.stop).toBe(RunStop.Gone);
    // s = 0; i = 0; 101 conditions; 100 bodies; return
    expect(r.stmts).toBe(1 + 1 + 101 + 100 + 1);
  });

  it('line is 0 before the first statement; ip and sp are simulated addresses', () => {
    const m = load('int main(void) {\n  return 0;\n}');
    expect(cpu.line(m.regs)).toBe(0);
    expect(cpu.backtrace(m.regs)).toEqual([]);
    cpu.run(m.regs, m.mem, m.sys, 0);
    expect(cpu.line(m.regs)).toBe(2);
    expect(cpu.ip(m.regs)).toBe(m.image.textBase + 4 * m.prog.functions[0].entry);
    expect(cpu.sp(m.regs)).toBeLessThan(STACK_TOP);
  });

  it('backtrace: innermost first, with the library call in progress', () => {
    const m = load('#include <unistd.h>\nvoid g(void) {\n  sleep(5);\n}\nvoid f(void) {\n  g();\n}\nint main(void) {\n  f();\n  return 0;\n}');
    m.sys.hook = (name) => (name === 'clock_nanosleep' ? RETRY : undefined);
    expect(cpu.run(m.regs, m.mem, m.sys, 100).stop).toBe(RunStop.Retry);
    expect(cpu.backtrace(m.regs)).toEqual([
      { fn: 'sleep', line: 0 },
      { fn: 'g', line: 3 },
      { fn: 'f', line: 6 },
      { fn: 'main', line: 9 },
    ]);
  });
});

describe('entry kinds', () => {
  it('main returning calls exit(value): stdio is flushed, then exit_group', () => {
    const m = load('#include <stdio.h>\nint main(void) { printf("pending"); return 42; }');
    m.sys.stdoutKind = 'file';
    expect(m.run().stop).toBe(RunStop.Gone);
    expect(m.sys.names().slice(-2)).toEqual(['write', 'exit_group']);
    expect(m.sys.exitCode).toBe(42);
  });

  it('a kthread body returning calls do_exit(value)', () => {
    const m = load('int worker(void *data) {\n  int n = 0;\n  while (!kthread_should_stop())\n    n++;\n  return n + (data != 0);\n}', { kind: 'kthread' });
    let polls = 0;
    m.sys.khook = (name) => (name === 'kthread_should_stop' ? (++polls > 3 ? 1 : 0) : undefined);
    expect(m.run().stop).toBe(RunStop.Gone);
    expect(m.sys.kcalls.map((c) => c.name)).toEqual(['kthread_should_stop', 'kthread_should_stop', 'kthread_should_stop', 'kthread_should_stop', 'do_exit']);
    expect(m.sys.kcalls[4].args).toEqual([4]);
    expect(m.sys.kcalls[4].ret).toBe('GONE');
  });

  it('pointers in .data are relocated in every address space, even when two processes share one image', () => {
    const src = '#include <stdio.h>\nconst char *msg = "hi";\nvoid (*fp)(void);\nint main(void) { printf("%s %d\\n", msg, fp == 0); return 0; }';
    const m = load(src);
    const pristine = m.mem.clone();
    m.run();
    expect(m.sys.out[1]).toBe('hi 1\n');
    const main = m.prog.functions.find((f) => f.name === 'main')!;
    const regs = cpu.entryRegs(m.image, m.image.textBase + 4 * main.entry, [0, 0, 0], STACK_TOP - 256, 'main');
    const sys2 = new FakeSys(pristine, m.sys.brkStart);
    expect(cpu.run(regs, pristine, sys2, 10_000).stop).toBe(RunStop.Gone);
    expect(sys2.out[1]).toBe('hi 1\n');
  });

  it('entryRegs refuses an address that is not a function', () => {
    const m = load('int main(void) { return 0; }');
    expect(() => cpu.entryRegs(m.image, m.image.textBase + 2, [], STACK_TOP, 'main')).toThrow(/not a function/);
  });
});
