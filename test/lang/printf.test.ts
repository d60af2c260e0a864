// printf's conversions as glibc 2.36 prints them: the expected text is the
// output of this very program compiled with gcc and run on Debian 12.
import { describe, expect, it } from 'vitest';
import { runC } from './harness';

const SRC = "#include <stdio.h>\nint main(void) {\n  printf(\"%s|%5s|%.2s|%-5d|%05d|%+d|% d|%x|%#x|%#o|%o|%X|%p|%p|%c|%%|%lu|%ld|%lld|%u|%hhd|%hd|%.3d|%.0d|%*d|%-*d|%#.3x|%+.3d|%lx|%.10s|%.3s|\\n\",\n   \"abc\",\"ab\",\"xyz\",42,42,42,42,255,255,8,8,255,(void*)0,(void*)0x1234,'A',(unsigned long)-1,(long)-5,-7LL,-1,300,70000,5,0,6,7,-3,9,1,1,(unsigned long)-1,(char*)0, (char*)0);\n  printf(\"[%5p][%-8p][%08d][%-08d][%+05d][% 05d][%#08x][%#5o][%5c][%-3c][%.0s][%5%]\\n\",(void*)0,(void*)0x10,-42,-42,42,42,255,8,'z','y',\"abc\");\n  printf(\"[%i][%d][%ld][%lu][%lx][%zu][%zd][%#X][%#lo][%hu][%hhu]\\n\", -2147483647-1, 2147483647, -9223372036854775807L-1, 9223372036854775807UL, 0x7fffffffffffffffL, (size_t)123, (ssize_t)-1, 0xabc, 8L, 70000, 300);\n  printf(\"[%x][%X][%o][%u][%d][%c%c][%10.4d][%-10.4x|][%#x][%#o][%.0x][%#.0o]\\n\", -255, 3054, -1, 3000000000u, -0, 'o', 'k', -12, 255, 0, 0, 0, 0);\n  printf(\"[%s][%-10s][%10.2s][%y][%lp][%5.1s]\\n\", \"\", \"left\", \"right\", (void*)0x7ffd1234abcd, \"xyz\");\n  return 0;\n}\n";

const GLIBC = "abc|   ab|xy|42   |00042|+42| 42|ff|0xff|010|10|FF|(nil)|0x1234|A|%|18446744073709551615|-5|-7|4294967295|44|4464|005||     7|9  |0x001|+001|ffffffffffffffff|(null)||\n[(nil)][0x10    ][-0000042][-42     ][+0042][ 0042][0x0000ff][  010][    z][y  ][][%]\n[-2147483648][2147483647][-9223372036854775808][9223372036854775807][7fffffffffffffff][123][-1][0XABC][010][4464][44]\n[ffffff01][BEE][37777777777][3000000000][0][ok][     -0012][00ff      |][0][0][][0]\n[][left      ][        ri][%y][0x7ffd1234abcd][    x]\n";

describe('printf formats', () => {
  it('prints what glibc prints for flags, widths, precisions, lengths and conversions', () => {
    const r = runC(SRC);
    expect(r.result.fault).toBeNull();
    expect(r.stdout.split('\n')).toEqual(GLIBC.split('\n'));
  });

  it('sprintf and snprintf: terminated, truncated, returning the full length', () => {
    const r = runC(`#include <stdio.h>
int main(void) {
  char buf[8];
  int n = snprintf(buf, sizeof buf, "%d-%s", 123456, "abcdef");
  int m = sprintf(buf, "%x", 48879);
  printf("%d [%s] %d\\n", n, buf, m);
  n = snprintf(buf, 4, "%s", "abcdef");
  printf("%d [%s]\\n", n, buf);
  printf("%d\\n", snprintf(NULL, 0, "%05d", 7));
  return 0;
}`);
    expect(r.stdout).toBe('13 [beef] 4\n6 [abc]\n5\n');
  });

  it('%n stores the count so far, %m prints strerror(errno)', () => {
    const r = runC(`#include <stdio.h>
#include <errno.h>
int main(void) { int n = 0; errno = ESRCH; printf("abc%n|%m\\n", &n); printf("%d\\n", n); return 0; }`);
    expect(r.stdout).toBe('abc|No such process\n3\n');
  });
});
