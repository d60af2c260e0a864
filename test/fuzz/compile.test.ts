// Fuzzing the mini-C compiler: the shipped programs, mutated (tokens and
// characters deleted, duplicated, swapped; truncated; junk inserted), must
// either compile or fail with a CompileError whose every line reads
// `PATH:LINE:COL: error|not supported in kernlab C: message`, never a host
// TypeError/RangeError. The mutants that compile run for a few ticks on a
// kernel: the task may die of a signal, the host must not throw.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CompileError, compile } from '../../src/lang/compile';
import { Kernel } from '../../src/kernel/kernel';
import { spawnProgram } from '../../src/kernel/boot/main';
import { ENOEXEC } from '../../src/kernel/uapi/errno';
import { int, mutateN, pick, rng, scaled, seedFor, timeoutMs } from './mutate';

const ROOT = path.join(__dirname, '../..');
const DIRS = ['levels/programs', 'test/fidelity/programs'];
const PROGRAMS = DIRS.flatMap((d) =>
  readdirSync(path.join(ROOT, d))
    .filter((f) => f.endsWith('.c'))
    .map((f) => ({ name: `${d}/${f}`, source: readFileSync(path.join(ROOT, d, f), 'utf8') })),
);

const CASES = scaled(1200); // mutants compiled
const RUNS = scaled(40); // of those that compile, how many run on a kernel
const TICKS = 30; // ticks each runs

const DIAG = /^p\.c:(\d+):(\d+): (error|not supported in kernlab C): \S/;

/** What compiling `src` gave: 'ok', or the CompileError; anything else is thrown to fail the test. */
function tryCompile(src: string): 'ok' | CompileError {
  try {
    compile(src, 'p.c');
    return 'ok';
  } catch (e) {
    if (e instanceof CompileError) return e;
    throw new Error(`compile threw ${String(e)} for:\n${src}`, { cause: e });
  }
}

/** Every diagnostic line is `p.c:LINE:COL: kind: message`, with LINE inside the file. */
function expectDiagnostics(e: CompileError, src: string): void {
  const lines = src.split('\n').length;
  expect(e.diagnostics.length).toBeGreaterThan(0);
  for (const text of e.message.split('\n')) {
    const m = DIAG.exec(text);
    expect(m, text).not.toBeNull();
    expect(Number(m![1])).toBeGreaterThanOrEqual(1);
    expect(Number(m![1])).toBeLessThanOrEqual(lines + 1);
    expect(Number(m![2])).toBeGreaterThanOrEqual(1);
  }
}

/** Runs a program that compiles for a few ticks; returns the kernel (still ticking). */
function runOnKernel(src: string, seed: string): Kernel {
  const k = new Kernel({ cpus: 2, seed });
  k.vfs.add('/home/student/p', src, 'p.c');
  const child = spawnProgram(k, k.shell, '/home/student/p', ['./p', 'a', '42']);
  expect(typeof child === 'number' ? child : 0).toBeLessThanOrEqual(0);
  const before = k.jiffies;
  k.run(TICKS);
  expect(k.jiffies).toBe(before + TICKS);
  return k;
}

describe('fuzz: compiling mutated programs', () => {
  it(`${CASES} mutants compile or give line:col diagnostics; ${RUNS} that compile run without a host exception`, { timeout: timeoutMs() }, () => {
    const r = rng(seedFor('kernlab-fuzz-compile-1'));
    let compiled = 0;
    let failed = 0;
    let ran = 0;
    for (let i = 0; i < CASES; i++) {
      const p = pick(r, PROGRAMS);
      const src = mutateN(r, p.source, 1 + int(r, 3));
      const out = tryCompile(src);
      if (out === 'ok') {
        compiled++;
        if (ran < RUNS && int(r, 4) === 0) {
          ran++;
          try {
            runOnKernel(src, `fuzz-${i}`);
          } catch (e) {
            throw new Error(`case ${i} (${p.name}): running threw ${String(e)}\n${src}`, { cause: e });
          }
        }
      } else {
        failed++;
        expectDiagnostics(out, src);
      }
    }
    // Both outcomes happen: the mutations are neither all harmless nor all fatal.
    expect(compiled).toBeGreaterThan(CASES / 10);
    expect(failed).toBeGreaterThan(CASES / 10);
    expect(ran).toBe(RUNS);
  });

  it('random bytes (no C at all) give diagnostics', () => {
    const r = rng(seedFor('kernlab-fuzz-compile-bytes'));
    for (let i = 0; i < 200; i++) {
      let src = '';
      const n = int(r, 200);
      for (let j = 0; j < n; j++) src += String.fromCharCode(int(r, 256));
      const out = tryCompile(src);
      if (out !== 'ok') expectDiagnostics(out, src);
    }
  });
});

describe('compiler bugs the fuzzer found', () => {
  const diag = (src: string): string => {
    const out = tryCompile(src);
    if (out === 'ok') throw new Error('compiled');
    expectDiagnostics(out, src);
    return out.message;
  };

  it('a backslash at the very end of a string or character literal is an unterminated literal (was a TypeError in the lexer)', () => {
    expect(diag('int main(void) { char *s = "a\\')).toContain('p.c:1:28: error: missing terminating " character');
    expect(diag("char c = '\\")).toContain("p.c:1:10: error: missing terminating ' character");
  });

  it('deep nesting is refused at the token where it goes too deep (was a host stack overflow)', () => {
    const n = 20000;
    expect(diag(`int main(void) { return ${'('.repeat(n)}1${')'.repeat(n)}; }`)).toMatch(/^p\.c:1:\d+: error: bracket nesting level exceeded maximum of 256/);
    expect(diag(`int main(void) ${'{'.repeat(n)}${'}'.repeat(n)}`)).toContain('bracket nesting level exceeded maximum of 256');
    expect(diag(`int main(void) { return ${'-'.repeat(n)}1; }`)).toContain('bracket nesting level exceeded maximum of 256');
    expect(diag(`int main(void) { return ${'(int)'.repeat(n)}1; }`)).toContain('bracket nesting level exceeded maximum of 256');
    expect(diag(`int main(void) { ${'if (1) '.repeat(n)}return 0; }`)).toContain('bracket nesting level exceeded maximum of 256');
    expect(diag(`int main(void) { int a; ${'a = '.repeat(n)}1; }`)).toContain('bracket nesting level exceeded maximum of 256');
    expect(diag(`int main(int c, char **v) { return ${'c ? '.repeat(n)}1${' : 1'.repeat(n)}; }`)).toContain('bracket nesting level exceeded maximum of 256');
    expect(diag(`int ${'*'.repeat(n)}p;`)).toContain('error: more than 256 levels of pointers');
    expect(diag(`int a${'[1]'.repeat(n)};`)).toContain('error: more than 256 array dimensions');
    // A long flat chain nests the tree without brackets.
    expect(diag(`int main(void) { return ${'1 + '.repeat(n)}1; }`)).toMatch(/^p\.c:1:\d+: not supported in kernlab C: expressions or statements nested more than 600 levels deep$/);
  });

  it('nesting within the limits still compiles', () => {
    expect(tryCompile(`int main(void) { return ${'('.repeat(200)}1${')'.repeat(200)}; }`)).toBe('ok');
    expect(tryCompile(`int main(void) { return ${'1 + '.repeat(500)}1; }`)).toBe('ok');
  });

  it('an initialised global array of 200000 ints compiles and runs (its image was appended with push(...bytes): RangeError)', () => {
    const src = 'int a[200000] = {7};\nconst int b[200000];\nint main(void) { return a[0] + b[5]; }\n';
    expect(tryCompile(src)).toBe('ok');
    const k = new Kernel({ cpus: 1, seed: 'big' });
    let status = -1;
    k.events.listen((e) => {
      if (e.type === 'exit' && e.pid === pid) status = e.status;
    });
    k.vfs.add('/home/student/p', src, 'p.c');
    const child = spawnProgram(k, k.shell, '/home/student/p', ['./p']);
    if (typeof child === 'number') throw new Error(`spawn ${child}`);
    const pid = child.pid;
    k.run(50);
    expect(status).toBe(7 << 8);
  });

  it('a program without main cannot be executed: ENOEXEC and a link error (exec read main!.entry: TypeError)', () => {
    const k = new Kernel({ cpus: 1, seed: 'nomain' });
    k.vfs.add('/home/student/p', '#include <stdio.h>\nint helper(void) { return 1; }\n', 'p.c');
    expect(spawnProgram(k, k.shell, '/home/student/p', ['./p'])).toBe(-ENOEXEC);
    expect(k.vfs.files.get('/home/student/p')!.error!.message).toBe("p.c:1:1: error: undefined reference to `main'");
    k.run(10);
  });

  it('globals too large for the address space, or for an image in memory, are diagnosed (were RangeError / host out of memory)', () => {
    expect(diag('char a[0x7fffffffffffffff];')).toBe("p.c:1:6: error: size of 'a' is too large");
    expect(diag('char a[1000000000] = {1};')).toBe("p.c:1:6: not supported in kernlab C: initialised or const objects larger than 16 MiB ('a')");
    // Zero-initialised: .bss, no image, fine.
    expect(tryCompile('char a[1000000000];\nint main(void) { return a[5]; }')).toBe('ok');
  });
});
