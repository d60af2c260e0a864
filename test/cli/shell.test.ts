// `kernlab shell` and `kernlab exec` as parts of a shell pipeline: the exit
// status of the last command, and a reader that goes away early.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const cli = `"${process.execPath}" bin/kernlab.js`; // the `kernlab` command

function sh(script: string, input = ''): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync('bash', ['-c', `set -o pipefail; ${script}`], { input, encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('kernlab shell', () => {
  it("exits with the last command's status, as bash running a script does", () => {
    expect(sh(`${cli} shell`, 'ps\nfrob\n').status).toBe(127);
    expect(sh(`${cli} shell`, 'frob\nps\n# a comment\n\n').status).toBe(0);
    expect(sh(`${cli} shell`, 'kill 99999\n').status).toBe(1);
  });

  it('stops at a kernel panic with its message and status 1: nothing runs after it', () => {
    // init's stack unmapped (its address from the maps of the same seed), then an orphan for init to reap.
    const maps = sh(`${cli} shell`, 'cat /proc/1/maps\n').stdout;
    const [, start, end] = /^(\w+)-(\w+) .*\[stack\]$/m.exec(maps)!;
    const r = sh(`${cli} shell`, `munmap 1 0x${start} ${parseInt(end, 16) - parseInt(start, 16)}\nrun assets/examples/orphan.c\ntick 5000\necho after\n`);
    expect(r.stdout).toMatch(/Kernel panic - not syncing: Attempted to kill init! exitcode=0x0000000b\n$/);
    expect(r.stdout).not.toContain('after');
    expect(r.status).toBe(1);
  });
});

describe('a reader that stops early', () => {
  // Each writes a line, works for a while (head has gone by then), then writes again.
  it('ends shell and exec quietly with 141, as SIGPIPE would, with no stack trace', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'kernlab-pipe-'));
    const prog = path.join(dir, 'chatty.c');
    writeFileSync(prog, '#include <stdio.h>\nint main(void)\n{\n    long i;\n    long s = 0;\n    printf("first\\n");\n    for (i = 0; i < 3000000; i++)\n        s += i;\n    printf("second %ld\\n", s);\n    return 0;\n}\n');
    const shell = sh(`${cli} shell | head -1`, `run ${prog}\ntick 3000\nps\n`);
    expect(shell.stdout).toMatch(/^\[1\] \d+\n$/);
    expect(shell.stderr).toBe('');
    expect(shell.status).toBe(141);
    const exec = sh(`${cli} exec ${prog} | head -1`);
    expect(exec.stdout).toBe('first\n');
    expect(exec.stderr).toBe('');
    expect(exec.status).toBe(141);
  });
});
