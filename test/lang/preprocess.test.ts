// The preprocessor and the lexer's literals: macros, conditionals, the
// built-in header constants, integer constant types, escapes.
import { describe, expect, it } from 'vitest';
import { compile } from '../../src/lang/compile';
import { runC } from './harness';

const out = (src: string): string => runC(`#include <stdio.h>\n${src}`).stdout;

describe('macros', () => {
  it('object-like, function-like, nested, with arguments containing commas in parentheses', () => {
    expect(
      out(`#define N 10
#define SQ(x) ((x) * (x))
#define ADD(a, b) ((a) + (b))
#define TWICE(f, v) f(f(v))
int main(void) { printf("%d %d %d %d\\n", N, SQ(N + 1), ADD(SQ(2), ADD(1, 2)), TWICE(SQ, 3)); return 0; }`),
    ).toBe('10 121 7 81\n');
  });

  it('a macro does not expand inside its own expansion (no infinite recursion)', () => {
    expect(out('int x = 4;\n#define x (x + 1)\nint main(void) { printf("%d\\n", x); return 0; }')).toBe('5\n');
  });

  it('a function-like macro name without ( is an ordinary identifier', () => {
    expect(out('#define f(a) (a * 2)\nint f3 = 3;\nint main(void) { int f = 7; printf("%d %d\\n", f(f), f3); return 0; }')).toBe('14 3\n');
  });

  it('#undef, #ifdef/#ifndef/#else, #if expressions with defined(), #elif', () => {
    expect(
      out(`#define DEBUG 1
#ifdef DEBUG
#define MSG "debug"
#else
#define MSG "release"
#endif
#undef DEBUG
#ifndef DEBUG
#define MODE 2
#endif
#if defined(MODE) && MODE * 2 == 4 && !defined DEBUG
#define OK "yes"
#elif 1
#define OK "elif"
#else
#define OK "no"
#endif
#if 0
this is not C at all
#endif
int main(void) { printf("%s %d %s\\n", MSG, MODE, OK); return 0; }`),
    ).toBe('debug 2 yes\n');
  });

  it('variadic macros with __VA_ARGS__, __LINE__ and __FILE__', () => {
    const r = runC('#include <stdio.h>\n#define LOG(fmt, ...) printf("[%d] " fmt "\\n", __LINE__, __VA_ARGS__)\nint main(void) {\n  LOG("%s=%d", "x", 5);\n  puts(__FILE__);\n  return 0;\n}', {
      path: '/home/student/log',
    });
    expect(r.stdout).toBe('[4] x=5\nlog.c\n'); // __FILE__ is the source file the executable was built from
  });

  it('header constants need no #include', () => {
    expect(
      out(`int main(void) {
  printf("%d %d %d %d %d %d %d\\n", SIGKILL, SIGCHLD, ECHILD, WNOHANG, EXIT_FAILURE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS);
  printf("%d %d %d %d %d\\n", PR_SET_CHILD_SUBREAPER, TASK_INTERRUPTIBLE, HZ, STDERR_FILENO, PAGE_SIZE);
  printf("%d %d %ld %d %d\\n", INT_MAX, INT_MIN, (long)MAP_FAILED, SIG_IGN == (void (*)(int))1, RAND_MAX);
  return 0;
}`),
    ).toBe('9 17 10 1 1 3 34\n36 1 1000 2 4096\n2147483647 -2147483648 -1 1 2147483647\n');
  });

  it('KERN_ levels concatenate with a format string', () => {
    const p = compile('void f(void) { printk(KERN_INFO "hi\\n"); }', 'k.c');
    expect(Array.from(p.rodata.slice(4, 9))).toEqual([1, 0x36, 0x68, 0x69, 10]);
  });
});

describe('literals', () => {
  it('integer constants: bases, suffixes, and their types as C decides them', () => {
    expect(
      out(`int main(void) {
  printf("%d %d %d %d\\n", 0x1F, 017, 0b101, 'A');
  printf("%zu %zu %zu %zu %zu\\n", sizeof 1, sizeof 1L, sizeof 1U, sizeof 2147483648, sizeof 0xffffffff);
  printf("%d %d\\n", -1 < 0U, -1 < 0L);
  printf("%lu %lu\\n", 18446744073709551615UL, 4294967296UL);
  return 0;
}`),
    ).toBe('31 15 5 65\n4 8 4 8 4\n0 1\n18446744073709551615 4294967296\n');
  });

  it('character and string escapes, adjacent strings, UTF-8 bytes', () => {
    expect(
      out(`int main(void) {
  char s[] = "a\\tb" "c\\x41\\101\\0z";
  printf("%d %d %d %d %d\\n", '\\n', '\\0', '\\x41', '\\'', (unsigned char)'\\377');
  printf("%zu %s %d\\n", sizeof s, s, s[7]);
  printf("%zu\\n", sizeof "é");
  return 0;
}`),
    ).toBe('10 0 65 39 255\n9 a\tbcAA 122\n3\n');
  });
});

describe('the program image', () => {
  it('comm, symbols with sections and types, lineOf', () => {
    const p = compile(
      `int counter;
int limit = 5;
const char banner[] = "hi";
static int calls(void) { static int n; return ++n; }
int main(void) {
  return calls() + limit;
}`,
      '/usr/local/bin/a-very-long-program-name',
    );
    expect(p.comm).toBe('a-very-long-pro');
    const sym = (n: string): unknown => {
      const s = p.symbols.find((x) => x.name === n)!;
      return { section: s.section, size: s.size, type: s.type };
    };
    expect(sym('counter')).toEqual({ section: 'bss', size: 4, type: 'int' });
    expect(sym('limit')).toEqual({ section: 'data', size: 4, type: 'int' });
    expect(sym('banner')).toEqual({ section: 'rodata', size: 3, type: 'const char[3]' });
    expect(sym('n.0')).toEqual({ section: 'bss', size: 4, type: 'int' });
    expect(sym('main')).toMatchObject({ section: 'text', type: 'int (void)' });
    const main = p.functions.find((f) => f.name === 'main')!;
    expect(main).toMatchObject({ arity: 0, line: 5 });
    expect(p.lineOf(main.entry)).toBe(6);
    expect(p.textSize).toBe(4 * p.code.length);
  });
});
