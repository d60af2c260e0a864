// `kernlab exec` ends as `./prog` does in a shell: when prog exits, with its
// status, even if it leaves children behind that nothing will ever wake.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { execProgram } from '../../src/cli/exec';

function exec(name: string, source: string, timeout = 5, straceFilter: string[] = []): { status: number; out: string; err: string } {
  const dir = mkdtempSync(path.join(tmpdir(), 'kernlab-exec-'));
  const file = path.join(dir, `${name}.c`);
  writeFileSync(file, source);
  let out = '';
  let err = '';
  const status = execProgram(
    { file, args: [], strace: false, 'strace-filter': straceFilter, timeout, cpus: 4, seed: 'exec-test', 'pid-max': 32768, 'debug-checks': false },
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

  // mmap, fork, kill the child, wait: the program test/console/strace-filter.test.ts compares with strace 6.1 on Linux.
  const fmk = `${head}#include <signal.h>\n#include <sys/mman.h>\n#include <sys/wait.h>\nint main(void) {\n  char *p = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);\n  pid_t pid = fork();\n  if (pid == 0) { pause(); return 0; }\n  usleep(10000);\n  kill(pid, SIGTERM);\n  int status;\n  waitpid(pid, &status, 0);\n  printf("killed by %d\\n", WTERMSIG(status));\n  munmap(p, 8192);\n  return 0;\n}\n`;

  it('--strace-filter prints what strace -e EXPR would, and implies --strace', () => {
    const r = exec('fmk', fmk, 5, ['trace=%process', 'signal=none']);
    expect(r.status).toBe(0);
    expect(r.out).toBe('killed by 15\n');
    const [parent, child] = [...new Set([...r.err.matchAll(/\[pid +(\d+)\]|Process (\d+) attached/g)].map((m) => m[1] ?? m[2]))].sort();
    expect(r.err.replace(/0x[0-9a-f]+/g, '0xADDR')).toBe(
      'execve("/home/student/fmk", ["./fmk"], 0xADDR /* 5 vars */) = 0\n' +
        `clone(child_stack=NULL, flags=CLONE_CHILD_CLEARTID|CLONE_CHILD_SETTID|SIGCHLDstrace: Process ${child} attached\n` +
        `, child_tidptr=0xADDR) = ${child}\n` +
        `[pid  ${parent}] kill(${child}, SIGTERM)         = 0\n` +
        `[pid  ${parent}] wait4(${child}, [{WIFSIGNALED(s) && WTERMSIG(s) == SIGTERM}], 0, NULL) = ${child}\n` +
        'exit_group(0)                           = ?\n' +
        '+++ exited with 0 +++\n',
    );
  });

  it('a bad --strace-filter gets strace\'s message and status 2, before anything runs', () => {
    expect(exec('fmk', fmk, 5, ['trace=%process', 'trace=foo'])).toEqual({ status: 2, out: '', err: "strace: invalid system call 'foo'\n" });
    expect(exec('fmk', fmk, 5, ['signal=SIGFOO'])).toEqual({ status: 2, out: '', err: "strace: invalid signal 'SIGFOO'\n" });
  });
});
