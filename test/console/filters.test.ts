// Pipes into grep, head, tail and wc, and grep on /proc files: output and
// exit status as GNU grep 3.8 and coreutils 9.1 give them (checked on Linux
// with the same input).
import { describe, expect, it } from 'vitest';
import { setup } from './helpers';

describe('pipes', () => {
  it('feed one command into the next; the status is the last one', () => {
    const { con, sh } = setup();
    const all = sh('ps -e -o pid,comm');
    const kworkers = all.split('\n').filter((l) => l.includes('kworker'));
    expect(kworkers.length).toBeGreaterThan(1);
    expect(con.exec('ps -e -o pid,comm | grep kworker')).toEqual({ output: kworkers.join('\n') + '\n', status: 0 });
    expect(sh('ps -e -o pid,comm | grep -c kworker')).toBe(`${kworkers.length}\n`);
    expect(sh('ps -e -o pid,comm|grep kworker | head -n 1')).toBe(kworkers[0] + '\n');
    expect(sh('ps -e -o pid,comm | tail -n +2 | wc -l')).toBe(`${all.trim().split('\n').length - 1}\n`);
    expect(con.exec('ps -e | grep nosuchprogram')).toEqual({ output: '', status: 1 });
    expect(sh('ps -e -o pid,comm | head -2')).toBe(all.split('\n').slice(0, 2).join('\n') + '\n');
    expect(sh('ps -e -o pid,comm | tail -1')).toBe(all.trim().split('\n').pop() + '\n');
  });

  it('into a pipe, a command has no terminal: ps cuts no line, ls lists one name a line', () => {
    const { sh } = setup({ columns: 60 });
    sh('run zombie.c');
    sh('tick 5');
    // On the 60-column terminal ps cuts the line inside "<defunct>"; into grep it does not (procps, stdout not a tty).
    expect(sh('ps -ef | grep zombie').split('\n').filter((l) => l.endsWith('[zombie] <defunct>')).length).toBe(1);
    expect(sh('ps -ef').includes('<defunct>')).toBe(false);
    expect(sh('ls /proc/1 | head -3')).toBe('cmdline\ncomm\nlimits\n');
    expect(sh('ls /proc/1').split('\n')[0]).toMatch(/^cmdline {2}/);
    // A command substitution's output is a pipe too (bash: echo "$(ls /proc/1)" lists one a line).
    expect(sh('echo "$(ls /proc/1)"').split('\n').slice(0, 2)).toEqual(['cmdline', 'comm']);
    expect(sh('echo $(ps -ef | grep -c defunct)')).toBe('1\n');
    expect(sh('echo "$(ps -ef)"').includes('<defunct>')).toBe(true);
  });

  it('are allowed in every level: the filters only look', () => {
    const { con } = setup({ allowed: new Set(['ps']) });
    expect(con.exec('ps | grep bash').status).toBe(0);
    expect(con.exec('grep Tgid /proc/1/status')).toEqual({ output: 'Tgid:\t1\n', status: 0 });
  });
});

describe('grep', () => {
  it('reads /proc files, with FILE: before each line when there are several', () => {
    const { con, sh } = setup();
    expect(sh('grep -E "^(SigIgn|SigCgt)" /proc/1/status')).toMatch(/^SigIgn:\t[0-9a-f]{16}\nSigCgt:\t[0-9a-f]{16}\n$/);
    expect(sh('grep -i ^name /proc/1/status /proc/2/status')).toBe('/proc/1/status:Name:\tinit\n/proc/2/status:Name:\tkthreadd\n');
    expect(sh('grep -c Sig /proc/1/status /proc/2/status')).toBe('/proc/1/status:5\n/proc/2/status:5\n'); // SigQ Pnd Blk Ign Cgt
    expect(sh('grep -n ^Pid /proc/1/status')).toMatch(/^\d+:Pid:\t1\n$/);
    expect(con.exec('grep x /proc/99999/status')).toEqual({ output: 'grep: /proc/99999/status: No such file or directory\n', status: 2 });
    expect(con.exec('grep -q Name /proc/1/status /proc/99999/status')).toEqual({ output: '', status: 0 });
  });

  it('takes basic regular expressions (GNU \\| and [[:digit:]]), -E, -F, -v, -w, -x', () => {
    const { sh } = setup();
    const lines = (line: string) => sh(line).trim().split('\n');
    expect(lines('grep -x "Pid:.[[:digit:]]*" /proc/1/status')).toEqual(['Pid:\t1']);
    expect(lines('grep "^Tgid\\|^PPid" /proc/1/status')).toEqual(['Tgid:\t1', 'PPid:\t0']);
    expect(sh('grep "^Tgid|^PPid" /proc/1/status')).toBe(''); // in a BRE, | is itself
    expect(lines('grep -E "^(Tgid|PPid)" /proc/1/status')).toEqual(['Tgid:\t1', 'PPid:\t0']);
    expect(lines('grep -F "Vm" /proc/2/status')).toEqual(['']); // a kernel thread has no Vm lines
    expect(lines('grep -w Pid /proc/1/status')).toEqual(['Pid:\t1']);
    expect(sh('grep -v : /proc/1/status')).toBe('');
  });

  it('takes several -e patterns (a line matching any is selected) and options after the pattern or files (GNU getopt permutes)', () => {
    const { con, sh } = setup();
    const lines = (line: string) => sh(line).trim().split('\n');
    expect(lines('grep -e ^Tgid -e ^PPid /proc/1/status')).toEqual(['Tgid:\t1', 'PPid:\t0']);
    expect(lines('grep -x -e Tgid:.1 -eNgid:.0 /proc/1/status')).toEqual(['Tgid:\t1', 'Ngid:\t0']);
    expect(sh('grep -c -v -e : -e ^$ /proc/1/status')).toBe('0\n');
    expect(lines('grep ^Pid /proc/1/status -n')).toEqual([expect.stringMatching(/^\d+:Pid:\t1$/)]);
    // With -e, the first operand is a file, not a pattern; after --, -c is an operand.
    expect(con.exec('grep Name -e Tgid /proc/1/status')).toEqual({ output: 'grep: Name: No such file or directory\n/proc/1/status:Tgid:\t1\n', status: 2 });
    expect(con.exec('grep -- -c /proc/1/status')).toEqual({ output: '', status: 1 });
    expect(con.exec('grep -e')).toEqual({
      output: "grep: option requires an argument -- 'e'\nUsage: grep [OPTION]... PATTERNS [FILE]...\nTry 'grep --help' for more information.\n",
      status: 2,
    });
  });

  it('explains bad usage as GNU grep does', () => {
    const { con } = setup();
    expect(con.exec('grep')).toEqual({ output: "Usage: grep [OPTION]... PATTERNS [FILE]...\nTry 'grep --help' for more information.\n", status: 2 });
    expect(con.exec('grep -Z x /proc/1/status').output).toMatch(/^grep: invalid option -- 'Z'\n/);
    expect(con.exec('grep "[" /proc/1/status')).toEqual({ output: 'grep: Unmatched [, [^, [:, [., or [=\n', status: 2 });
  });
});

describe('head, tail, wc', () => {
  it('count as coreutils does: bare with one count, 7 columns with several', () => {
    const { sh } = setup();
    expect(sh('cat /proc/1/comm | wc')).toBe('      1       1       5\n');
    expect(sh('cat /proc/1/comm | wc -c')).toBe('5\n');
    expect(sh('cat /proc/1/status | head -n -1 | tail -1')).toMatch(/^voluntary_ctxt_switches:\t\d+\n$/);
    expect(sh('cat /proc/1/status | tail -n 0')).toBe('');
    expect(sh('ps | head -n x')).toBe('head: invalid number of lines: ‘x’\n');
  });

  it('read files as coreutils does: a header per file when there are several, errors in their place, wc with a total', () => {
    const { sh } = setup();
    expect(sh('head -2 /proc/1/status')).toBe('Name:\tinit\nUmask:\t0022\n');
    expect(sh('tail -n 1 /proc/1/status')).toMatch(/^nonvoluntary_ctxt_switches:\t\d+\n$/);
    expect(sh('head -1 /proc/1/comm /nonexist /proc/1/status')).toBe(
      "==> /proc/1/comm <==\ninit\nhead: cannot open '/nonexist' for reading: No such file or directory\n\n==> /proc/1/status <==\nName:\tinit\n",
    );
    expect(sh('tail /proc')).toBe("tail: error reading '/proc': Is a directory\n");
    const lines = sh('cat /proc/1/status | wc -l').trim();
    // /proc files have st_size 0: coreutils pads to one digit.
    expect(sh('wc -l /proc/1/status /proc/1/comm')).toBe(`${lines} /proc/1/status\n1 /proc/1/comm\n${Number(lines) + 1} total\n`);
    expect(sh('wc -c /proc/1/comm')).toBe('5 /proc/1/comm\n');
    expect(sh('wc -l /nonexist')).toBe('wc: /nonexist: No such file or directory\n');
  });
});
