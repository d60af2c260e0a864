// The C library's pure functions, checked against glibc: the expected text
// is what this program printed when compiled with gcc on Debian 12 (rand's
// TYPE_3 sequence for srand(1) and srand(42), strtol's corner cases,
// sigset operations, strncpy/strncat/memmove).
import { describe, expect, it } from 'vitest';
import { runC } from './harness';

const SRC = "#include <stdio.h>\n#include <stdlib.h>\n#include <string.h>\n#include <signal.h>\n#include <errno.h>\nint main(void) {\n  srand(1);\n  int r1 = rand(); int r2 = rand(); int r3 = rand();\n  printf(\"%d %d %d\\n\", r1, r2, r3);\n  srand(42);\n  r1 = rand(); r2 = rand();\n  printf(\"%d %d\\n\", r1, r2);\n  srand(0); r1 = rand(); printf(\"%d\\n\", r1);\n  char *e;\n  long v = strtol(\"  -0x1fz\", &e, 0);\n  printf(\"%ld [%s]\\n\", v, e);\n  v = strtol(\"99999999999999999999\", &e, 10);\n  printf(\"%ld %d\\n\", v, errno == ERANGE);\n  errno = 0;\n  unsigned long u = strtoul(\"-1\", NULL, 10);\n  printf(\"%lu %d\\n\", u, atoi(\"2147483648\"));\n  v = strtol(\"0x\", &e, 0); printf(\"%ld [%s]\\n\", v, e);\n  v = strtol(\"077\", NULL, 0); printf(\"%ld\\n\", v);\n  v = strtol(\"zz\", &e, 36); printf(\"%ld\\n\", v);\n  v = strtol(\"abc\", &e, 10); printf(\"%ld [%s]\\n\", v, e);\n  printf(\"%ld %ld\\n\", atol(\"-123456789012\"), labs(-5L));\n  sigset_t s;\n  sigemptyset(&s);\n  sigaddset(&s, SIGINT);\n  sigaddset(&s, SIGTERM);\n  printf(\"%d %d %d\\n\", sigismember(&s, SIGINT), sigismember(&s, SIGHUP), sigaddset(&s, 99));\n  sigdelset(&s, SIGINT);\n  printf(\"%d %d\\n\", sigismember(&s, SIGINT), sigismember(&s, SIGTERM));\n  sigfillset(&s);\n  printf(\"%d %d %d\\n\", sigismember(&s, SIGKILL), sigismember(&s, 32), sigismember(&s, 64));\n  char buf[32] = \"abc\";\n  strncpy(buf, \"xy\", 5);\n  printf(\"%s %d %d\\n\", buf, buf[3], buf[4]);\n  strncat(buf, \"12345\", 3);\n  printf(\"%s\\n\", buf);\n  memmove(buf + 1, buf, 4);\n  printf(\"%s\\n\", buf);\n  printf(\"%d %d %d\\n\", toupper('a'), tolower('Z'), isalpha('1'));\n  return 0;\n}\n";
const GLIBC = "1804289383 846930886 1681692777\n71876166 708592740\n1804289383\n-31 [z]\n9223372036854775807 1\n18446744073709551615 -2147483648\n0 [x]\n63\n1295\n0 [abc]\n-123456789012 5\n1 0 -1\n0 1\n1 0 1\nxy 0 0\nxy123\nxxy12\n65 122 0\n";

describe('libc functions', () => {
  it('print what glibc prints', () => {
    const r = runC(SRC);
    expect(r.result.fault).toBeNull();
    expect(r.stdout.split('\n')).toEqual(GLIBC.split('\n'));
  });

  it('rand() without srand() starts like srand(1)', () => {
    const r = runC('#include <stdio.h>\n#include <stdlib.h>\nint main(void) { int a = rand(); printf("%d %d\\n", a, RAND_MAX); return 0; }');
    expect(r.stdout).toBe('1804289383 2147483647\n');
  });

  it('rand state lives in libc data: a forked child continues the same sequence', () => {
    const r = runC('#include <stdio.h>\n#include <stdlib.h>\nint main(void) { srand(7); rand(); int x = rand(); srand(7); rand(); printf("%d\\n", x == rand()); return 0; }');
    expect(r.stdout).toBe('1\n');
  });

  it('getenv reads environ, which main\'s envp also points at', () => {
    const r = runC(`#include <stdio.h>
#include <stdlib.h>
extern char **environ;
int main(int argc, char **argv, char **envp) {
  printf("%s|%s|%d|%d|%s\\n", getenv("HOME"), getenv("NOPE") ? "?" : "(none)", environ == envp, argc, argv[1]);
  return 0;
}`, { argv: ['/bin/prog', 'first'], env: ['HOME=/root', 'PATH=/bin'] });
    expect(r.stdout).toBe('/root|(none)|1|2|first\n');
  });

  it('ctype returns glibc\'s table bits', () => {
    const r = runC('#include <stdio.h>\n#include <ctype.h>\nint main(void) { printf("%d %d %d %d %d\\n", isdigit(\'5\'), isalpha(\'a\'), isspace(\' \'), isupper(\'A\'), ispunct(\'!\')); return 0; }');
    expect(r.stdout).toBe('2048 1024 8192 256 4\n');
  });

  it('strcmp returns the difference of the first differing bytes (glibc x86-64)', () => {
    const r = runC('#include <stdio.h>\n#include <string.h>\nint main(int c, char **v) { char a[8], b[8]; strcpy(a, "a"); strcpy(b, "c"); printf("%d %d\\n", strcmp(a, b), memcmp(a, b, 1)); strcpy(b, "ab"); strcpy(a, "abc"); printf("%d %d\\n", strcmp(a, b), strncmp(a, b, 3)); return 0; }');
    expect(r.stdout).toBe('-2 -2\n99 99\n');
  });

  it('LONG_MAX and LONG_MIN survive memory and printing although 2^63 - 1 is not a double', () => {
    const r = runC(`#include <stdio.h>
#include <limits.h>
long g = LONG_MAX;
long gm = LONG_MIN;
unsigned long gu = ULONG_MAX;
int main(void) { long l = LONG_MAX; printf("%ld %ld %lu %ld %d\\n", g, gm, gu, l, l > 0); l = l + 1; printf("%ld\\n", l); return 0; }`);
    expect(r.stdout).toBe('9223372036854775807 -9223372036854775808 18446744073709551615 9223372036854775807 1\n-9223372036854775808\n');
  });
});
