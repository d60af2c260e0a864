// $((EXPR)) and printf as bash 5.2 prints them: every expected line
// below was printed by bash 5.2.15 on Debian for the same input (its
// "bash: " prefix is the console's "kernlab: ", as for every shell error).
import { describe, expect, it } from 'vitest';
import { evalArith } from '../../src/console/arith';
import { setup } from './helpers';

const run = (line: string) => setup().con.exec(line);

describe('arithmetic expansion $((EXPR))', () => {
  it('page-table indices of an address: the >> and & are not a redirection and a background job', () => {
    expect(run('echo $(( (0x55d4c3a2f000 >> 39) & 511 ))')).toEqual({ output: '171\n', status: 0 });
    expect(run('echo $((0x10 >> 2))')).toEqual({ output: '4\n', status: 0 });
    expect(run('echo $(( (0x55d4c3a2f000 >> 12) & 0x1ff ))')).toEqual({ output: '47\n', status: 0 });
  });

  it('64-bit signed integers that wrap; x86 masks shift counts; C division', () => {
    expect(run('echo $((-9223372036854775807-1)) $((9223372036854775807+1))').output).toBe('-9223372036854775808 -9223372036854775808\n');
    expect(run('echo $((1<<63)) $((1<<64)) $((1<<65)) $((-1>>1)) $((-7/2)) $((-7%2)) $((7%-2))').output).toBe('-9223372036854775808 1 2 -1 -3 -1 1\n');
    expect(run('echo $((0xffffffffffffffff)) $((0x1ffffffffffffffff)) $((99999999999999999999))').output).toBe('-1 -1 7766279631452241919\n');
    expect(run('echo $(( (-9223372036854775807-1) / -1)) $((3**40)) $((2**10))').output).toBe('-9223372036854775808 -6289078614652622815 1024\n');
  });

  it('bases, operators, precedence, short-circuits and names (unset is 0)', () => {
    expect(run('echo $((2#101)) $((16#ff)) $((64#@_)) $((36#Zz)) $((010)) $((0x)) $((0X1F)) $((10#08))').output).toBe('5 255 4031 1295 8 0 31 8\n');
    expect(run('echo $(( 1 ? 2 : 3 )) $((!0)) $((~0)) $((3>2)) $((1&&0)) $((0||7)) $((1,2)) $(( ))').output).toBe('2 1 -1 1 0 1 2 0\n');
    expect(run('echo $((1 < 2 < 3)) $((4 == 4 != 0)) $((1 + 2 * 3 << 1 | 1)) $((6 & 3 ^ 1))').output).toBe('1 1 15 3\n');
    expect(run('echo $((0 && 1/0)) $((1 || 1/0)) $((0 ? 1/0 : 5))').output).toBe('0 1 5\n');
    expect(run('echo $((x+1)) $((x=5)) $((x*2)) $((x++ + x)) $((++y)) $((z+=3))').output).toBe('1 5 10 11 1 3\n');
    expect(run('echo $((--5)) $((- -5)) $((1--2)) $((3- -2)) $(( $((1+2)) * 2 ))').output).toBe('5 5 3 5 6\n');
    expect(run('echo "$(( 3 > 2 ))" a$((1+1))b \'$((1+1))\'').output).toBe('1 a2b $((1+1))\n');
  });

  it("errors: bash's messages, with the rest of the expression as the error token", () => {
    const err = (expr: string) => run(`echo $((${expr}))`).output;
    expect(err('1/0')).toBe('kernlab: 1/0: division by 0 (error token is "0")\n');
    expect(run('echo $((1/0))').status).toBe(1); // bash's $? after a failed expansion; a syntax error of the line is 2
    expect(run('echo $((1 +))').status).toBe(1);
    expect(err(' 1/0 ')).toBe('kernlab: 1/0 : division by 0 (error token is "0 ")\n');
    expect(err('1/0 + 2')).toBe('kernlab: 1/0 + 2: division by 0 (error token is "0 + 2")\n');
    expect(err(' 1 / (2 - 2) ')).toBe('kernlab: 1 / (2 - 2) : division by 0 (error token is "(2 - 2) ")\n');
    expect(err('5 % 0')).toBe('kernlab: 5 % 0: division by 0 (error token is "0")\n');
    expect(err('1 +')).toBe('kernlab: 1 +: syntax error: operand expected (error token is "+")\n');
    expect(err('1 2')).toBe('kernlab: 1 2: syntax error in expression (error token is "2")\n');
    expect(err('08')).toBe('kernlab: 08: value too great for base (error token is "08")\n');
    expect(err('1e3')).toBe('kernlab: 1e3: value too great for base (error token is "1e3")\n');
    expect(err('65#1')).toBe('kernlab: 65#1: invalid arithmetic base (error token is "65#1")\n');
    expect(err('2**-1')).toBe('kernlab: 2**-1: exponent less than 0 (error token is "1")\n');
    expect(err('1 ? 2')).toBe('kernlab: 1 ? 2: `:\' expected for conditional expression (error token is "2")\n');
    expect(err('1 ? : 3')).toBe('kernlab: 1 ? : 3: expression expected (error token is ": 3")\n');
    expect(err('5=3')).toBe('kernlab: 5=3: attempted assignment to non-variable (error token is "=3")\n');
    expect(err('1--')).toBe('kernlab: 1--: syntax error: operand expected (error token is "-")\n');
    expect(run('echo $((1+(2))').output).toBe("kernlab: unexpected EOF while looking for matching `)'\n");
    // The command does not run.
    expect(run('echo A $((1/0)) B').output).toBe('kernlab: 1/0: division by 0 (error token is "0")\n');
  });

  it('evalArith is the same evaluator, for callers without a console', () => {
    expect(evalArith('0x1000 + 4096')).toBe(8192n);
    const vars = new Map<string, bigint>();
    evalArith('pgd = (0x7ffc1234a000 >> 39) & 511', vars);
    expect(vars.get('pgd')).toBe(255n);
  });
});

describe('printf', () => {
  const out = (line: string) => run(line);
  it('converts numbers as bash does: hex, octal, unsigned 64-bit, widths and flags', () => {
    expect(out("printf '%x\\n' 0x55d4c3a2f000")).toEqual({ output: '55d4c3a2f000\n', status: 0 });
    expect(out("printf '%d\\n' 0x55d4c3a2f000").output).toBe('94372303663104\n');
    expect(out("printf '%x|%X|%o|%u\\n' -1 255 -1 -1").output).toBe('ffffffffffffffff|FF|1777777777777777777777|18446744073709551615\n');
    expect(out("printf '%5d|%-5d|%05d|%+d|% d|\\n' 42 42 42 42 42").output).toBe('   42|42   |00042|+42| 42|\n');
    expect(out("printf '%#x %#o %#X\\n' 255 8 255").output).toBe('0xff 010 0XFF\n');
    expect(out("printf '%.3s|%10.2s|%-4s|\\n' abcdef xyz ab").output).toBe('abc|        xy|ab  |\n');
    expect(out("printf '%*d|%-*d|\\n' 5 3 4 7").output).toBe('    3|7   |\n');
    expect(out("printf '%.3d|%8.3x|\\n' 5 255").output).toBe('005|     0ff|\n');
    expect(out("printf '%d\\n' 010 -0x10 ' 5' '+7' \"'A\"").output).toBe('8\n-16\n5\n7\n65\n');
    expect(out("printf '%ld %lld %hd %i\\n' 1 2 3 4").output).toBe('1 2 3 4\n');
    expect(out("printf '%x\\n' 18446744073709551615").output).toBe('ffffffffffffffff\n');
    expect(out("printf '%f %e %g %g %g\\n' 1 1234.5 0.0001 100 1e20").output).toBe('1.000000 1.234500e+03 0.0001 100 1e+20\n');
  });

  it('reuses the format while arguments remain; missing ones are 0 or empty; escapes and %b', () => {
    expect(out("printf '%d %d\\n' 1 2 3").output).toBe('1 2\n3 0\n');
    expect(out("printf '%s %s|\\n' a").output).toBe('a |\n');
    expect(out("printf 'a\\tb\\\\n\\x41\\101\\n'").output).toBe('a\tb\\nAA\n');
    expect(out("printf '%b\\n' 'x\\ty'").output).toBe('x\ty\n');
    expect(out("printf '%c|\\n' abc").output).toBe('a|\n');
    expect(out("printf '%5%|\\n'").output).toBe("printf: `%': invalid format character\n");
  });

  it("bash's complaints: the value printed anyway, status 1 (a warning keeps 0)", () => {
    expect(out("printf '%d\\n' abc")).toEqual({ output: 'printf: abc: invalid number\n0\n', status: 1 });
    expect(out("printf '%d\\n' 12abc")).toEqual({ output: 'printf: 12abc: invalid number\n12\n', status: 1 });
    expect(out("printf '%d\\n' 1.5")).toEqual({ output: 'printf: 1.5: invalid number\n1\n', status: 1 });
    expect(out("printf '%d\\n' 0x")).toEqual({ output: 'printf: 0x: invalid hex number\n0\n', status: 1 });
    expect(out("printf '%d\\n' 99999999999999999999")).toEqual({ output: 'printf: warning: 99999999999999999999: Numerical result out of range\n9223372036854775807\n', status: 0 });
    expect(out("printf '%z\\n' 1")).toEqual({ output: "printf: `\\': invalid format character\n", status: 1 });
    expect(out("printf 'x%'")).toEqual({ output: "xprintf: `%': missing format character\n", status: 1 });
    expect(out('printf')).toEqual({ output: 'printf: usage: printf [-v var] format [arguments]\n', status: 2 });
  });
});
