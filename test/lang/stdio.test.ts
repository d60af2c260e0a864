// stdio's buffering and the write() calls it makes. Every expected sequence
// here was recorded with `strace` on Debian 12 (glibc 2.36) running the same
// program, on a pty (script -c) or with stdout redirected to a file.
import { describe, expect, it } from 'vitest';
import { load, runC } from './harness';

/** The syscalls after start-up, as strace would print the interesting part. */
function trace(m: ReturnType<typeof runC>): string[] {
  return m.sys.calls.map((c) => {
    switch (c.name) {
      case 'write':
        return `write(${c.args[0]}, ${JSON.stringify(m.sys.writes.find((w) => w.data.length === c.args[2] && true)?.data ?? '')}, ${c.args[2]})`;
      case 'brk':
        return c.args[0] === 0 ? 'brk(NULL)' : `brk(+0x${(c.args[0] - m.sys.brkStart).toString(16)})`;
      case 'newfstatat':
        return `newfstatat(${c.args[0]}, "${m.mem.readString(c.args[1])}", AT_EMPTY_PATH=${c.args[3] === 0x1000})`;
      case 'getrandom':
        return `getrandom(${c.args[1]}, GRND_NONBLOCK=${c.args[2] === 1})`;
      default:
        return `${c.name}(${c.args.join(', ')})`;
    }
  });
}

/** Just the write() payloads per descriptor, in order. */
function writes(m: ReturnType<typeof runC>): string[] {
  return m.sys.writes.map((w) => `${w.fd}:${w.data}`);
}

describe('the first printf on a terminal', () => {
  it('fstat of stdout, malloc initialisation (tcache key, brk), then one write per line', () => {
    const m = runC('#include <stdio.h>\nint main(void) { printf("hello %d\\n", 42); return 0; }');
    expect(trace(m)).toEqual([
      'newfstatat(1, "", AT_EMPTY_PATH=true)',
      'getrandom(8, GRND_NONBLOCK=true)',
      'brk(NULL)',
      'brk(+0x21000)',
      'write(1, "hello 42\\n", 9)',
      'exit_group(0)',
    ]);
  });

  it('the buffer is malloc\'ed: 1024 bytes (a pty\'s st_blksize) right after the tcache, at heap + 0x2a0', () => {
    const m = runC('#include <stdio.h>\nint main(void) { printf("x\\n"); return 0; }');
    const w = m.sys.calls.find((c) => c.name === 'write')!;
    expect(w.args[1]).toBe(m.sys.brkStart + 0x2a0);
    // the chunk header says 0x411: 1024 bytes + 16, PREV_INUSE
    expect(m.mem.load64(w.args[1] - 8)).toBe(0x411);
  });
});

describe('line buffering (glibc libio on a tty)', () => {
  it('matches the writes strace shows for mixed printf/puts/putchar/stderr output', () => {
    const m = runC(`#include <stdio.h>
#include <stdlib.h>
int main(void) {
  printf("hello %d\\n", 42);
  printf("a\\nb\\nc");
  printf("%s\\n%s\\n", "x", "y");
  fprintf(stderr, "err %d\\n", 1);
  puts("puts");
  putchar('z');
  return 0;
}`);
    expect(writes(m)).toEqual(['1:hello 42\n', '1:a\nb\n', '1:cx\n', '1:y\n', '2:err 1\n', '1:puts\n', '1:z']);
  });

  it('gcc turns printf("text\\n") into puts: each line of the first output is a write, then up to the last newline', () => {
    const m = runC(`#include <stdio.h>
#include <string.h>
int main(void) {
  printf("a\\nb\\nc\\n");
  printf("d\\ne\\nf\\n");
  char big[3000]; memset(big, 'x', sizeof big); big[2999] = 0; big[100] = '\\n';
  printf("%s", big);
  printf("tail\\n");
  puts("p1\\np2");
  return 0;
}`);
    expect(m.sys.writes.map((w) => w.data.length)).toEqual([2, 2, 2, 4, 2, 1024, 1024, 956, 3, 3]);
    expect(writes(m).slice(0, 5)).toEqual(['1:a\n', '1:b\n', '1:c\n', '1:d\ne\n', '1:f\n']);
    expect(m.sys.out[1]).toBe(`a\nb\nc\nd\ne\nf\n${'x'.repeat(100)}\n${'x'.repeat(2898)}tail\np1\np2\n`);
  });

  it('fflush writes what is pending; _exit does not flush, exit does', () => {
    const a = runC('#include <stdio.h>\n#include <unistd.h>\nint main(void) { printf("one"); fflush(stdout); printf("two"); _exit(0); }');
    expect(writes(a)).toEqual(['1:one']);
    const b = runC('#include <stdio.h>\n#include <stdlib.h>\nint main(void) { printf("one"); exit(3); }');
    expect(writes(b)).toEqual(['1:one']);
    expect(b.status).toBe(3);
  });
});

describe('full buffering when stdout is a file or a pipe', () => {
  it('one write at exit for everything (4096-byte buffer)', () => {
    const m = load('#include <stdio.h>\nint main(void) { for (int i = 0; i < 3; i++) printf("line %d\\n", i); return 0; }');
    m.sys.stdoutKind = 'file';
    m.run();
    expect(writes(m as ReturnType<typeof runC>)).toEqual(['1:line 0\nline 1\nline 2\n']);
  });

  it('a full buffer is written in 4096-byte blocks', () => {
    const m = load('#include <stdio.h>\nint main(void) { for (int i = 0; i < 1000; i++) printf("%04d\\n", i); return 0; }');
    m.sys.stdoutKind = 'pipe';
    m.run();
    expect(m.sys.writes.map((w) => w.data.length)).toEqual([4096, 904]);
  });
});

describe('stderr is unbuffered', () => {
  it('one write per call, no fstat, no malloc', () => {
    const m = runC('#include <stdio.h>\nint main(void) { fprintf(stderr, "a=%d ", 1); fputs("b\\n", stderr); fputc(\'c\', stderr); return 0; }');
    expect(trace(m)).toEqual(['write(2, "a=1 ", 4)', 'write(2, "b\\n", 2)', 'write(2, "c", 1)', 'exit_group(0)']);
  });
});

describe('perror', () => {
  it('writes "s: strerror(errno)\\n" in one write on stderr (stderr already in use)', () => {
    const m = runC('#include <stdio.h>\n#include <errno.h>\nint main(void) { fputs("", stderr); errno = ECHILD; perror("waitpid"); perror(NULL); return 0; }');
    expect(writes(m)).toEqual(['2:waitpid: No child processes\n', '2:No child processes\n']);
  });

  it('first use of stderr: without file descriptors to dup, it falls back to stderr (errno kept)', () => {
    const m = runC('#include <stdio.h>\n#include <errno.h>\nint main(void) { errno = ESRCH; perror("kill"); perror("again"); return 0; }');
    expect(writes(m)).toEqual(['2:kill: No such process\n', '2:again: No such process\n']);
    expect(m.sys.names().slice(0, 2)).toEqual(['dup', 'write']);
  });

  it('first use of stderr on a terminal: glibc\'s dup/fdopen detour, as strace shows it', () => {
    const m = load('#include <stdio.h>\n#include <errno.h>\nint main(void) { errno = ESRCH; perror("waitpid"); return 0; }');
    m.sys.hook = (name, args) => {
      if (name === 'dup') return 3;
      if (name === 'fcntl') return 2; // O_RDWR, like a pty
      if (name === 'write') return undefined;
      if (name === 'close') return 0;
      void args;
      return undefined;
    };
    m.run();
    expect(m.sys.calls.map((c) => `${c.name}(${c.name === 'write' || c.name === 'close' || c.name === 'dup' || c.name === 'newfstatat' ? c.args[0] : ''})`)).toEqual([
      'dup(2)',
      'fcntl()',
      'getrandom()',
      'brk()',
      'brk()',
      'newfstatat(3)',
      'write(3)',
      'close(3)',
      'exit_group()',
    ]);
    expect(m.sys.writes).toEqual([{ fd: 3, data: 'waitpid: No such process\n' }]);
  });
});

describe('puts, putchar, fputs return values', () => {
  it('return what glibc returns', () => {
    const m = runC('#include <stdio.h>\nint main(void) { int a = puts("ab"); int b = putchar(\'x\'); int c = fputs("q", stdout); printf("\\n%d %d %d\\n", a, b, c); return 0; }');
    expect(m.stdout).toBe('ab\nxq\n3 120 1\n');
  });
});
