// Writing /proc/PID/comm, as comm_write does: only the writer's own
// process (the console's writer is the shell), the bytes as given, cut to
// 15; a newline in the name shows as ps, status and pstree escape it.
import { describe, expect, it } from 'vitest';
import { jobPid, setup } from './helpers';

describe('/proc/PID/comm', () => {
  it("renames the shell (echo's newline included), not another process", () => {
    const { sh } = setup();
    const pid = jobPid(sh('run zombie.c'));
    expect(sh(`echo x > /proc/${pid}/comm`)).toBe('kernlab: echo: write error: Invalid argument\n');
    expect(sh(`echo foo > /proc/$$/comm; cat /proc/self/comm`)).toBe('foo\n\n');
    expect(sh('ps -o comm -p $$')).toBe('COMMAND\nfoo?\n'); // procps: a control character is ?
    expect(sh('grep Name /proc/$$/status')).toBe('Name:\tfoo\\n\n'); // seq_escape_str
    expect(sh('pstree 1')).toMatch(/foo\\012/); // psmisc: octal
    expect(sh('echo abcdefghijklmnopqrstuvwxyz > /proc/$$/comm; cat /proc/$$/comm')).toBe('abcdefghijklmno\n');
  });
});
