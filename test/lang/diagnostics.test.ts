// Compile errors: gcc's messages at gcc's line:column (checked against gcc
// 12 on Debian 12, whose warnings here are errors under -Wall -Werror or in
// gcc 14), and every construct outside the subset refused as 'unsupported'
// at its first token.
import { describe, expect, it } from 'vitest';
import { CompileError } from '../../src/lang/abi';
import { compile } from '../../src/lang/compile';

function diags(src: string): string[] {
  try {
    compile(src, 't.c');
  } catch (e) {
    if (!(e instanceof CompileError)) throw e;
    return e.diagnostics.map((d) => `${d.line}:${d.col} ${d.kind} ${d.message}`);
  }
  return [];
}

describe('syntax errors (gcc 12 positions)', () => {
  it('reports a missing token just after the previous one, a missing alternative at the token found', () => {
    expect(diags('int main(void) {\n  int x = 5\n  return x;\n}')).toEqual(["3:3 error expected ',' or ';' before 'return'"]);
    expect(diags('int main(void) {\n  int x;\n  x = 5\n  return x;\n}')).toEqual(["3:8 error expected ';' before 'return'"]);
    expect(diags('int main(void) { return 0 }')).toEqual(["1:26 error expected ';' before '}' token"]);
    expect(diags('int main(void) {\n  int x = 1;\n  if (x > 0 {\n  }\n  return x;\n}')[0]).toBe("3:12 error expected ')' before '{' token");
  });

  it('reports an expression that is missing', () => {
    expect(diags('int main(void) {\n\tint x = 1;\n\treturn x +;\n}')).toEqual(["3:19 error expected expression before ';' token"]);
  });

  it('counts a tab as reaching the next multiple of 8 columns, as gcc does', () => {
    expect(diags('int main(void) {\n\treturn y;\n}')).toEqual(["2:16 error 'y' undeclared (first use in this function)"]);
  });

  it('reports an unclosed parenthesis', () => {
    expect(diags('int main(void) {\n  int x = (3 + 4;\n  return 0;\n}')[0]).toBe("2:17 error expected ')' before ';' token");
  });

  it('reports a missing closing brace at the end of input', () => {
    expect(diags('int main(void) {\n  if (1) {\n    return 0;\n}')).toEqual(['4:1 error expected declaration or statement at end of input']);
  });

  it('reports several errors of one file, in order', () => {
    const d = diags('int main(void) {\n  int a = ;\n  int b = 1\n  return b;\n}');
    expect(d).toEqual(["2:11 error expected expression before ';' token", "4:3 error expected ',' or ';' before 'return'"]);
  });
});

describe('semantic errors', () => {
  it('undeclared identifiers, once per function', () => {
    expect(diags('int main(void) {\n  return y + y;\n}')).toEqual(["2:10 error 'y' undeclared (first use in this function)"]);
    expect(diags('int x = y + 1;')).toEqual(["1:9 error 'y' undeclared here (not in a function)"]);
  });

  it('calls: implicit declarations, argument counts, undefined functions', () => {
    expect(diags('int main(void) {\n  foo(1);\n  return 0;\n}')).toEqual(["2:3 error implicit declaration of function 'foo'"]);
    expect(diags('int f(int a, int b) { return a + b; }\nint main(void) {\n  return f(1);\n}')).toEqual(["3:10 error too few arguments to function 'f'"]);
    expect(diags('int f(int a) { return a; }\nint main(void) { return f(1, 2); }')).toEqual(["2:25 error too many arguments to function 'f'"]);
    expect(diags('int f(void);\nint main(void) { return f(); }')).toEqual(["2:25 error undefined reference to `f'"]);
    expect(diags('int main(void) { int *p = 0; p(); return 0; }')).toEqual(["1:30 error called object 'p' is not a function or function pointer"]);
  });

  it('lvalues, const and arrays', () => {
    expect(diags('int main(void) {\n  5 = 3;\n  return 0;\n}')).toEqual(['2:5 error lvalue required as left operand of assignment']);
    expect(diags('int main(void) { const int c = 1; c = 2; return 0; }')).toEqual(["1:37 error assignment of read-only variable 'c'"]);
    expect(diags('int main(void) { int *p; p = &3; return 0; }')).toEqual(["1:30 error lvalue required as unary '&' operand"]);
    expect(diags('int main(void) { int a[3]; a = 0; return 0; }')).toEqual(['1:30 error assignment to expression with array type']);
    expect(diags('int main(void) { int x = 0; x++ = 1; return 0; }')).toEqual(['1:33 error lvalue required as left operand of assignment']);
  });

  it('pointer/integer mixing as gcc 14 refuses it', () => {
    expect(diags('int main(void) { char *p = 5; int *q = "s"; return 0; }')).toEqual([
      "1:28 error initialization of 'char *' from 'int' makes pointer from integer without a cast",
      "1:40 error initialization of 'int *' from incompatible pointer type 'char *'",
    ]);
    expect(diags('int main(void) { int x; x = "s" + 1; return x; }')).toEqual([
      "1:27 error assignment to 'int' from 'char *' makes integer from pointer without a cast",
    ]);
    expect(diags('void h(int *p) { }\nint main(void) { h(3); return 0; }')).toEqual([
      "2:20 error passing argument 1 of 'h' makes pointer from integer without a cast",
    ]);
  });

  it('statements out of place and duplicates', () => {
    expect(diags('int main(void) { break; }')).toEqual(['1:18 error break statement not within loop or switch']);
    expect(diags('int main(void) { continue; }')).toEqual(['1:18 error continue statement not within a loop']);
    expect(diags('int main(void) { int a; int a; return 0; }')).toEqual(["1:29 error redeclaration of 'a' with no linkage"]);
    expect(diags('int f(int x) { return x; }\nint f(int y) { return y; }')).toEqual(["2:5 error redefinition of 'f'"]);
    expect(diags('int main(void) { int x = 3; switch (x) { case 1: case 1: break; } return 0; }')).toEqual(['1:50 error duplicate case value']);
    expect(diags('int main(void) { case 1: return 0; }')).toEqual(['1:18 error case label not within a switch statement']);
  });

  it('return values that do not match the function', () => {
    expect(diags('void f(void) { return 1; }\nint g(void) { return; }')).toEqual([
      "1:23 error 'return' with a value, in function returning void",
      "2:15 error 'return' with no value, in function returning non-void",
    ]);
  });

  it('initialisers of globals must be constant', () => {
    expect(diags('int f(void) { return 1; }\nint g = f();')).toEqual(['2:9 error initializer element is not constant']);
    expect(diags('int main(void) { char c[2] = "abc"; return 0; }')).toEqual(["1:30 error initializer-string for array of 'char' is too long"]);
  });

  it('preprocessor errors', () => {
    expect(diags('#if 1\nint x;\n')).toEqual(['1:2 error unterminated #if']);
    expect(diags('#define F(a, b) a + b\nint x = F(1);')[0]).toBe('2:9 error macro "F" requires 2 arguments, but only 1 given');
    expect(diags('#error stop here\n')).toEqual(['1:1 error #error stop here']);
    expect(diags('#frobnicate\n')).toEqual(['1:2 error invalid preprocessing directive #frobnicate']);
  });
});

describe('constructs outside the subset are refused, never misread', () => {
  const cases: [string, string, string][] = [
    ['struct by value (parameter)', 'struct point { int x; };\nint f(struct point p) { return p.x; }', '2:5 unsupported passing structs by value'],
    ['struct by value (return)', 'struct point { int x; };\nstruct point f(void);', '2:14 unsupported returning structs by value'],
    ['struct argument', 'struct point { int x; } p;\nint main(void) { printf("%d", p); return 0; }', '2:31 unsupported passing structs by value'],
    ['bit-field', 'struct flags { int a : 1; };', '1:22 unsupported bit-fields'],
    ['libc struct kernlab lacks', 'int main(void) {\n  struct timespec ts;\n  return 0;\n}', "2:3 unsupported the C library type 'struct timespec' (not in kernlab's C library)"],
    ['union', 'union u { int a; };', '1:1 unsupported unions'],
    ['float', 'int main(void) {\n  float f = 1;\n  return 0;\n}', '2:3 unsupported floating-point types'],
    ['double constant', 'int main(void) {\n  int x = 1.5;\n  return 0;\n}', '2:11 unsupported floating-point constants'],
    ['goto', 'int main(void) {\n  goto end;\n  return 0;\n}', '2:3 unsupported goto'],
    ['label', 'int main(void) {\nend:\n  return 0;\n}', '2:1 unsupported labels (and goto)'],
    ['variadic definition', 'int sum(int n, ...) { return n; }', '1:5 unsupported variadic function definitions'],
    ['VLA', 'int main(void) {\n  int n = 3;\n  int a[n];\n  return 0;\n}', '3:9 unsupported variable-length arrays'],
    ['libc function kernlab lacks', 'int main(void) {\n  return time(0) > 0;\n}', "2:10 unsupported the C library function 'time' (not in kernlab's C library)"],
    ['libc type kernlab lacks (file scope)', '#include <pthread.h>\npthread_mutex_t m;', "2:1 unsupported the C library type 'pthread_mutex_t' (not in kernlab's C library)"],
    ['libc type kernlab lacks (block)', 'int main(void) {\n  clock_t c;\n  return 0;\n}', "2:3 unsupported the C library type 'clock_t' (not in kernlab's C library)"],
    ['libc constant kernlab lacks', 'int main(void) {\n  return O_RDONLY;\n}', "2:10 unsupported 'O_RDONLY' (a C library name kernlab's headers do not define)"],
    ['inline asm', 'int main(void) {\n  asm("nop");\n  return 0;\n}', '2:3 unsupported inline assembly'],
    ['K&R', 'int f(a, b) int a; int b; { return a + b; }\nint main(void) { return f(1, 2); }', '1:7 unsupported old-style (K&R) parameter lists'],
    ['compound literal', 'int main(void) { int *p = (int[]){1, 2}; return p[0]; }', '1:27 unsupported compound literals'],
    ['array designator', 'int a[3] = { [1] = 5 };', '1:14 unsupported array designators in initializers'],
    ['statement expression', 'int main(void) { return ({ 1; }); }', '1:25 unsupported statement expressions'],
    ['stringizing', '#define S(x) #x\nint main(void) { return 0; }', "1:14 unsupported the preprocessor operator '#'"],
    ['token pasting', '#define CAT(a, b) a ## b\nint main(void) { return 0; }', "1:21 unsupported the preprocessor operator '##'"],
    ['wide string', 'int main(void) { return L"x"[0]; }', '1:25 unsupported wide string literals'],
    ['GNU ?:', 'int main(void) { int a = 1; return a ?: 2; }', "1:38 unsupported the GNU '?:' operator with an omitted middle operand"],
    ['case range', 'int main(void) { switch (1) { case 1 ... 3: return 1; } return 0; }', '1:38 unsupported case ranges'],
    ['_Generic', 'int main(void) { return _Generic(1, int: 1); }', '1:25 unsupported _Generic'],
    ['attribute with arguments', 'int x __attribute__((aligned(16)));', '1:22 unsupported __attribute__((aligned))'],
    ['#line', '#line 10\nint x;', '1:2 unsupported #line directives'],
    ['address of errno', 'int main(void) { int *p = &errno; return *p; }', "1:27 unsupported taking the address of 'errno'"],
  ];
  for (const [name, src, want] of cases) {
    it(name, () => {
      expect(diags(src)).toContain(want);
    });
  }

  it('a function refused for a struct by value is refused once: its calls add no implicit declaration or undefined reference', () => {
    const def = 'struct point { int x, y; };\nstruct point make(int x) { struct point p = { x, 0 }; return p; }\nint main(void) { struct point p = make(1); return p.x; }';
    expect(diags(def)).toEqual(['2:14 unsupported returning structs by value']);
    const proto = 'struct point { int x; };\nint sum(struct point p);\nint main(void) { struct point p = { 1 }; return sum(p); }';
    expect(diags(proto)).toEqual(['2:5 unsupported passing structs by value']);
    // Through a pointer there is no declaration to blame: the call says it.
    const ptr = 'struct point { int x; };\nstruct point (*fp)(void);\nint main(void) { return fp().x; }';
    expect(diags(ptr)).toEqual(['3:25 unsupported returning structs by value']);
  });

  it('reports several unsupported constructs with their positions', () => {
    expect(diags('int main(void) {\n  float a;\n  double b;\n  return 0;\n}')).toEqual([
      '2:3 unsupported floating-point types',
      '3:3 unsupported floating-point types',
    ]);
  });

  it('accepts the subset around the refusals: qualifiers, storage classes, any #include', () => {
    const ok = `#include <stdio.h>
#include "local.h"
#include <linux/kthread.h>
static const volatile int a = 1;
extern int b;
int b = 2;
register int f(register int x);
static inline int g(int x) { return x; }
int main(void) { register int r = 1; auto int s = 2; return a + b + r + s + g(0); }
`;
    expect(diags(ok)).toEqual(["7:14 error function definition declared 'register'"]);
  });
});

describe('struct errors (gcc 12 messages and positions)', () => {
  it('member access', () => {
    const src = 'struct p { int x; int y; };\nstruct q;\nint main(void) {\n  struct p a;\n  a.z = 1;\n  int i = 0;\n  i.x = 2;\n  struct p *pp = &a;\n  pp.x = 3;\n  a->x = 4;\n  struct q b;\n  return 0;\n}';
    expect(diags(src)).toEqual([
      "5:4 error 'struct p' has no member named 'z'",
      "7:4 error request for member 'x' in something not a structure or union",
      "9:5 error 'pp' is a pointer; did you mean to use '->'?",
      "10:4 error invalid type argument of '->' (have 'struct p')",
      "11:12 error storage size of 'b' isn't known",
    ]);
  });

  it('definitions', () => {
    expect(diags('struct s { int a; int a; };')).toEqual(["1:23 error duplicate member 'a'"]);
    expect(diags('struct s { int a; };\nstruct s { int b; };')).toEqual(["2:8 error redefinition of 'struct s'"]);
    expect(diags('struct s { struct s inner; };')).toEqual(["1:21 error field 'inner' has incomplete type"]);
    expect(diags('struct s { int a; } x = { 1, 2 };')).toEqual(['1:30 error excess elements in struct initializer']);
    expect(diags('struct s { typedef int t; };')[0]).toBe("1:12 error expected specifier-qualifier-list before 'typedef'");
    // <signal.h> is always included: its struct sigaction is defined.
    expect(diags('struct sigaction { int x; };')).toEqual(["1:8 error redefinition of 'struct sigaction'"]);
  });

  it('struct values where scalars or other types are expected', () => {
    expect(diags("struct point { int x, y; };\nint f(void) {\n  struct point p = {1, 2};\n  p = 5;\n  int i = p;\n  if (p) i++;\n  i = p + 1;\n  struct point q = 5;\n  i = !p;\n  p.x = (struct point)q;\n  return p;\n}\n")).toEqual([
      "4:7 error incompatible types when assigning to type 'struct point' from type 'int'",
      "5:11 error incompatible types when initializing type 'int' using type 'struct point'",
      '6:7 error used struct type value where scalar is required',
      "7:9 error invalid operands to binary + (have 'struct point' and 'int')",
      '8:20 error invalid initializer',
      '9:7 error wrong type argument to unary exclamation mark',
      "10:9 error incompatible types when assigning to type 'int' from type 'struct point'",
      "11:10 error incompatible types when returning type 'struct point' but 'int' was expected",
    ]);
    expect(diags('struct point { int x, y; };\nvoid g(int v);\nvoid h(struct point *p) {\n  g(*p);\n}\nvoid g(int v) {}')).toEqual([
      "4:5 error incompatible type for argument 1 of 'g'",
    ]);
  });

  it('-> on other pointers, writes to const members and through pointers to const structs', () => {
    expect(diags("typedef int T;\nstruct s { const int c; int v; };\nint f(void *vp, int *ip, const struct s *cs, struct s *sp) {\n  int a = vp->x;\n  a += ip->x;\n  cs->v = 1;\n  sp->c = 2;\n  T T = 3;\n  return T + a;\n}\n")).toEqual([
      "4:13 error request for member 'x' in something not a structure or union",
      "5:10 error request for member 'x' in something not a structure or union",
      "6:9 error assignment of member 'v' in read-only object",
      "7:9 error assignment of read-only member 'c'",
    ]);
  });
});

describe('whole-expression errors point at the start of the expression, as gcc', () => {
  it('initialisers, arguments, returns', () => {
    expect(diags('int f(void);\nint a = 1;\nint g = 2 + f();\nint *p = 1 + 2;\nvoid h(int *x);\nvoid k(void) { h(1 + 2); }\nint *r(void) { return 3 + 4; }\nint b = a ? 1 : 2;\nint f(void) { return 0; }\nvoid h(int *x) { }\n')).toEqual([
      '3:9 error initializer element is not constant',
      "4:10 error initialization of 'int *' from 'int' makes pointer from integer without a cast",
      "6:18 error passing argument 1 of 'h' makes pointer from integer without a cast",
      "7:23 error returning 'int' from a function with return type 'int *' makes pointer from integer without a cast",
      '8:9 error initializer element is not constant',
    ]);
  });
});
