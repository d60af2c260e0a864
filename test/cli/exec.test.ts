// `kernlab exec` ends as `./prog` does in a shell: when prog exits, with its
// status, even if it leaves children behind that nothing will ever wake.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { execProgram } from '../../src/cli/exec';

function exec(name: string, source: string, timeout = 5): { status: number; out: string; err: string } {
  const dir = mkdtempSync(path.join(tmpdir(), 'kernlab-exec-'));
  const file = path.join(dir, `${name}.c`);
  writeFileSync(file, source);
  let out = '';
  let err = '';
  const status = execProgram(
    { file, args: [], strace: false, timeout, cpus: 4, seed: 'exec-test', 'pid-max': 32768, 'debug-checks': false },
    (s) => (out += s),
    (s) => (err += s),
  );
  return { status, out, err };
}

const head = '#include <stdio.h>\n#include <unistd.h>\n';

describe('kernlab exec', () => {
  it("returns the program's status when it exits leaving a child in pause(), and says what was left", () => {
    const r = exec('leave', `${head}int main(void) {\n  pid_t p = fork();\n  if (p == 0) { pause(); return 0; }\n  printf("left %d\\n", p);\n  return 3;\n}\n`);
    expect(r.status).toBe(3); // bash: ./leave; echo $? prints 3 at once
    const child = /left (\d+)/.exec(r.out)![1];
    expect(r.err).toBe(`kernlab: leave exited; left in its process group: ${child} (S), asleep with nothing left to wake it\n`);
  });

  it('still shows what a child left behind prints after the program exits, as a terminal would', () => {
    const r = exec('later', `${head}int main(void) {\n  if (fork() == 0) { sleep(1); printf("child, later\\n"); return 0; }\n  printf("parent\\n");\n  return 0;\n}\n`);
    expect(r.out).toBe('parent\nchild, later\n');
    expect(r.err).toBe('');
    expect(r.status).toBe(0);
  });

  it('gives a busy child until the time limit, then returns the status of the program that exited', () => {
    const r = exec('spin', `${head}int main(void) {\n  if (fork() == 0) { for (;;) ; }\n  return 7;\n}\n`, 1);
    expect(r.status).toBe(7);
    expect(r.err).toMatch(/^kernlab: spin exited; left in its process group: \d+ \(R\), still running after 1 s of simulated time\n$/);
  });

  it('is 124 when the program itself never ends, and says when nothing could wake it', () => {
    const r = exec('stuck', `${head}int main(void) { pause(); return 0; }\n`, 2);
    expect(r.status).toBe(124);
    expect(r.err).toBe('kernlab: still running after 2 s of simulated time (asleep with nothing left to wake it); stopped\n');
  });
});
