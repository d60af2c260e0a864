// ulimit as bash 5.2's builtin shows the shell's limits: the layout of
// `ulimit -a` (checked with bash here), the values of /proc/PID/limits in
// bash's units, and what the console does not do (set them).
import { describe, expect, it } from 'vitest';
import { setup } from './helpers';

describe('ulimit', () => {
  it("-a lists every limit in bash's layout, the same numbers as the shell's /proc/PID/limits", () => {
    const { con, k } = setup();
    const lines = con.exec('ulimit -a').output.split('\n');
    expect(lines[0]).toBe('real-time non-blocking time  (microseconds, -R) unlimited');
    expect(lines).toContain('scheduling priority                 (-e) 0');
    expect(lines).toContain('pipe size                (512 bytes, -p) 8');
    expect(lines).toContain('stack size                  (kbytes, -s) 8192');
    expect(lines).toContain(`max user processes                  (-u) ${k.shell!.signal.rlimitNproc}`);
    const limits = con.exec(`cat /proc/${k.shell!.pid}/limits`).output;
    expect(limits).toMatch(new RegExp(`^Max processes +${k.shell!.signal.rlimitNproc} `, 'm'));
  });

  it('one limit alone is its value; several have their descriptions; -H the hard ones; plain ulimit is -f', () => {
    const { con, k } = setup();
    expect(con.exec('ulimit -u').output).toBe(`${k.shell!.signal.rlimitNproc}\n`);
    expect(con.exec('ulimit -u -s').output).toBe(`max user processes                  (-u) ${k.shell!.signal.rlimitNproc}\nstack size                  (kbytes, -s) 8192\n`);
    expect(con.exec('ulimit -n').output).toBe('1024\n');
    expect(con.exec('ulimit -H -n').output).toBe('524288\n');
    expect(con.exec('ulimit')).toEqual({ output: 'unlimited\n', status: 0 });
  });

  it("says what it cannot do, with bash's messages for bad input", () => {
    const { con } = setup();
    expect(con.exec('ulimit -z')).toEqual({ output: 'ulimit: -z: invalid option\nulimit: usage: ulimit [-SHabcdefiklmnpqrstuvxPRT] [limit]\n', status: 2 });
    expect(con.exec('ulimit -n abc')).toEqual({ output: 'ulimit: abc: invalid number\n', status: 1 });
    expect(con.exec('ulimit -u 10').output).toMatch(/does not set them/);
    expect(con.exec('ulimit -u').output).not.toBe('10\n');
  });
});
