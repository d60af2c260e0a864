// /proc/self and /proc/thread-self: symlinks to the process and thread
// that read them. The console's commands run inside the shell (no cat is
// forked), so what reads them is the shell, bash: /proc/self is /proc/$$.
import { describe, expect, it } from 'vitest';
import { setup } from './helpers';

describe('/proc/self', () => {
  it('is the shell: cat /proc/self/status shows bash, the same as /proc/$$', () => {
    const { con, k } = setup();
    const sh = k.shell!.pid;
    expect(con.exec('head -1 /proc/self/status')).toEqual({ output: 'Name:\tbash\n', status: 0 });
    expect(con.exec('grep -E "^(Pid|PPid):" /proc/self/status').output).toBe(`Pid:\t${sh}\nPPid:\t1\n`);
    expect(con.exec('cat /proc/self/status').output).toBe(con.exec('cat /proc/$$/status').output);
    expect(con.exec('cat /proc/self/comm /proc/thread-self/comm /proc/self/task/$$/comm').output).toBe('bash\nbash\nbash\n');
    expect(con.exec('cat /proc/self/stat | wc -w').output).toBe('52\n');
    // cat's help says whose /proc/self it is.
    expect(con.exec('help cat').output.replace(/\s+/g, ' ')).toContain('/proc/self is the process reading: here the shell, bash (/proc/$$), since the console runs cat inside it (on Linux it is cat itself).');
  });

  it('ls /proc lists self and thread-self among its names; ls follows them to the directories they name', () => {
    const { con, sh } = setup();
    expect(sh('ls /proc | grep self')).toBe('self\nthread-self\n');
    expect(con.exec('ls /proc/self').output).toBe(con.exec('ls /proc/$$').output);
    expect(sh('ls /proc/thread-self | head -2')).toBe('children\ncmdline\n');
    expect(sh('ls /proc/self/task')).toBe(`${con.exec('echo $$').output}`);
    expect(con.exec('cat /proc/self')).toEqual({ output: 'cat: /proc/self: Is a directory\n', status: 1 });
    expect(con.exec('cat /proc/self/nope')).toEqual({ output: 'cat: /proc/self/nope: No such file or directory\n', status: 1 });
    expect(con.complete('cat /proc/self/sta')).toEqual(['/proc/self/stat', '/proc/self/statm', '/proc/self/status']);
  });
});
