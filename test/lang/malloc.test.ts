// malloc against glibc 2.36: the same program run on Debian 12 printed the
// same offsets from the initial break and made the same brk/mmap/munmap
// calls (strace), including the sliding mmap threshold and the final trim.
import { describe, expect, it } from 'vitest';
import { RunStop } from '../../src/lang/abi';
import { SIGSEGV } from '../../src/kernel/uapi/signal';
import { load } from './harness';
import { spawnProgram } from '../../src/kernel/boot/main';
import { boot, groupGone, output, runUntil } from '../kernel/helpers';

const M1 = `#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
int main(void) {
  char *base = sbrk(0);
  char *a = malloc(10), *b = malloc(100), *c = malloc(1000);
  printf("%ld %ld %ld\\n", (long)(a - base), (long)(b - base), (long)(c - base));
  free(b);
  char *d = malloc(90);
  printf("reuse %d\\n", d == b);
  char *big = malloc(200000);
  printf("big %ld\\n", (long)(big - base) > 0x10000000L || (long)(base - big) > 0);
  free(big);
  char *big2 = malloc(200000);
  printf("big2 heap %d\\n", big2 > base && big2 < base + 0x1000000);
  char *arr[50];
  for (int i = 0; i < 50; i++) arr[i] = malloc(4000);
  for (int i = 0; i < 50; i++) free(arr[i]);
  free(big2);
  int *z = calloc(4, sizeof(int));
  printf("calloc %d %d\\n", z[0], z[3]);
  char *r = realloc(a, 20);
  printf("realloc same %d\\n", r == a);
  return 0;
}`;

describe('malloc', () => {
  it('returns glibc\'s addresses and makes glibc\'s brk/mmap calls', () => {
    const m = load(M1);
    m.sys.stdoutKind = 'file';
    m.run();
    expect(m.sys.out[1]).toBe('672 704 816\nreuse 1\nbig 1\nbig2 heap 1\ncalloc 0 0\nrealloc same 1\n');
    const rel = (v: number): string => `+0x${(v - m.sys.brkStart).toString(16)}`;
    const calls = m.sys.calls
      .filter((c) => ['brk', 'mmap', 'munmap', 'getrandom'].includes(c.name))
      .map((c) => (c.name === 'brk' ? `brk(${c.args[0] ? rel(c.args[0]) : 'NULL'})` : c.name === 'getrandom' ? 'getrandom' : `${c.name}(${c.args[1]})`));
    expect(calls).toEqual([
      'brk(NULL)', // the program's sbrk(0): malloc reuses the cached break afterwards
      'getrandom',
      'brk(+0x21000)',
      'mmap(200704)', // 200000 bytes >= the 128 KiB threshold
      'munmap(200704)', // ...which free raises to 200704
      'brk(+0x53000)', // so the same request now comes from the heap
      'brk(+0x74000)',
      'brk(+0x22000)', // freeing it leaves more than 128 KiB on top: trimmed
    ]);
  });

  it('a double free in the tcache aborts with glibc\'s message', () => {
    const m = load('#include <stdlib.h>\nint main(void) { char *p = malloc(16); free(p); free(p); return 0; }');
    const r = m.run();
    const names = m.sys.names();
    expect(names.slice(names.indexOf('brk', 2) + 1)).toEqual(['writev', 'mmap', 'rt_sigprocmask', 'gettid', 'getpid', 'tgkill', 'rt_sigaction', 'gettid', 'getpid', 'tgkill']);
    const iov = m.sys.calls.find((c) => c.name === 'writev')!.args[1];
    expect(m.mem.readString(m.mem.load64(iov), m.mem.load64(iov + 8))).toBe('free(): double free detected in tcache 2');
    expect(m.sys.calls.find((c) => c.name === 'tgkill')!.args[2]).toBe(6); // SIGABRT
    // This fake kernel delivers no signal: abort's last resort faults (hlt), as glibc's would.
    expect(r.stop).toBe(RunStop.Fault);
    expect(r.fault!.signo).toBe(SIGSEGV);
  });

  it('free(NULL) is a no-op; a misaligned pointer aborts', () => {
    const ok = load('#include <stdlib.h>\nint main(void) { free(NULL); return 5; }');
    ok.run();
    expect(ok.sys.exitCode).toBe(5);
    const bad = load('#include <stdlib.h>\nint main(void) { char *p = malloc(32); free(p + 1); return 0; }');
    bad.run();
    const iov = bad.sys.calls.find((c) => c.name === 'writev')!.args[1];
    expect(bad.mem.readString(bad.mem.load64(iov), 64)).toBe('free(): invalid pointer\n');
  });

  it('memory is really in the heap: a write past a small chunk lands in the next chunk\'s header', () => {
    const m = load(`#include <stdio.h>
#include <stdlib.h>
int main(void) {
  long *a = malloc(24);
  long *b = malloc(24);
  printf("%ld %ld\\n", (long)((char *)b - (char *)a), a[3]);
  return 0;
}`);
    m.run();
    expect(m.sys.out[1]).toBe('32 33\n'); // b's size field: 0x20 | PREV_INUSE
  });

  it('malloc(0) is a valid minimum chunk; an impossible size fails with ENOMEM', () => {
    const m = load(`#include <stdio.h>
#include <stdlib.h>
#include <errno.h>
int main(void) {
  char *p = malloc(0);
  char *q = malloc(-1);
  printf("%d %d %d\\n", p != NULL, q == NULL, errno == ENOMEM);
  return 0;
}`);
    m.sys.hook = (name, args) => (name === 'mmap' && args[1] > 1e15 ? -12 : name === 'brk' && args[0] > 1e15 ? m.sys.brkCur : undefined);
    m.run();
    expect(m.sys.out[1]).toBe('1 1 1\n');
  });

  it('realloc grows in place into the top chunk and copies otherwise', () => {
    const m = load(`#include <stdio.h>
#include <stdlib.h>
#include <string.h>
int main(void) {
  char *a = malloc(16);
  strcpy(a, "keep me");
  char *b = realloc(a, 4000);
  char *c = malloc(16);
  char *d = realloc(b, 9000);
  printf("%d %d %s\\n", a == b, d == b, d);
  return 0;
}`);
    m.run();
    expect(m.sys.out[1]).toBe('1 0 keep me\n');
  });
});

describe('when brk fails', () => {
  /** Runs src traced on a machine; returns what it printed and strace's lines. */
  function traced(src: string): { out: string; trace: string } {
    const k = boot();
    k.vfs.add('/home/student/prog', src, 'prog.c');
    const t = spawnProgram(k, k.shell, '/home/student/prog', ['./prog'], undefined, true);
    if (typeof t === 'number') throw new Error('cannot start');
    runUntil(k, () => groupGone(k, t));
    return { out: output(k), trace: output(k, 'strace') };
  }

  it("a huge request: mmap, brk, then sysmalloc's fallback mmap in 1 MiB units (strace of glibc 2.36)", () => {
    const { trace } = traced(`#include <stdlib.h>
int main(void) { char *a = malloc(50000); char *f = malloc(1UL << 40); return a == f; }`);
    // Linux: the brk asks for 1 TiB + 48 KiB (the old top counted), the fallback for 1 TiB + 1 MiB.
    expect(trace).toMatch(
      /\nmmap\(NULL, 1099511631872, PROT_READ\|PROT_WRITE, MAP_PRIVATE\|MAP_ANONYMOUS, -1, 0\) = -1 ENOMEM \(Cannot allocate memory\)\nbrk\((0x[0-9a-f]+)\) += (0x[0-9a-f]+)\nmmap\(NULL, 1099512676352, PROT_READ\|PROT_WRITE, MAP_PRIVATE\|MAP_ANONYMOUS, -1, 0\) = -1 ENOMEM/,
    );
    const [, want, got] = /\nbrk\((0x[0-9a-f]+)\) += (0x[0-9a-f]+)\nmmap\(NULL, 1099512676352/.exec(trace)!;
    expect(parseInt(want, 16) - parseInt(got, 16)).toBe(2 ** 40 + 0xc000);
  });

  it('a break blocked by a mapping: the fallback mapping becomes the heap (gcc + glibc 2.36 print the same)', () => {
    const { out, trace } = traced(`#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <sys/mman.h>
int main(void) {
  char *b = sbrk(0);
  char *m = mmap(b, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
  char *p = malloc(100);
  char *q = malloc(2000);
  p[0] = 1; q[0] = 2;
  printf("blocked %d; p in heap %d, p page offset %ld, q - p %ld\\n", m == b, p >= b && p < b + 4096, (long)p & 4095, (long)(q - p));
  char *r = malloc(1500000);
  printf("r offset %ld\\n", (long)r & 4095);
  return 0;
}`);
    expect(out).toBe('blocked 1; p in heap 0, p page offset 672, q - p 112\nr offset 16\n');
    expect(trace).toMatch(/\nbrk\(0x[0-9a-f]+\) += 0x[0-9a-f]+\nmmap\(NULL, 1048576, PROT_READ\|PROT_WRITE, MAP_PRIVATE\|MAP_ANONYMOUS, -1, 0\) = 0x/);
  });
});
