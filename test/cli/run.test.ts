// `kernlab run` as an autograder calls it: a script on stdin or in a file,
// the exit status (0 solved, 1 not, 2 bad input) and the --json result.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const SOLUTION = '@1000 ps -o pid,stat,time,comm\n@1000 kill {pid:logzip}\n';

function run(args: string[], input = ''): { status: number | null; stdout: string; stderr: string } {
  const home = mkdtempSync(path.join(tmpdir(), 'kernlab-run-'));
  const r = spawnSync(process.execPath, ['dist/kernlab.cjs', 'run', ...args], { input, encoding: 'utf8', env: { ...process.env, XDG_DATA_HOME: home } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('kernlab run', () => {
  it('takes the script from stdin with --script - and grades it as JSON', () => {
    const r = run(['first-contact', '--script', '-', '--json'], SOLUTION);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const result = JSON.parse(r.stdout) as { level: string; solved: boolean; commands: number; log: { steps: { tick: number; cmd: string }[] } };
    expect(result).toMatchObject({ level: 'first-contact', solved: true, commands: 2 });
    // The log keeps what ran: the template filled in with the PID of this machine.
    expect(result.log.steps[1]).toEqual({ tick: 1000, cmd: expect.stringMatching(/^kill \d+$/) as unknown as string });
  });

  it('takes the script from a file, and exits 1 when it does not solve the level', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'kernlab-script-'));
    const file = path.join(dir, 'nothing.txt');
    writeFileSync(file, '@10 ps\n');
    const r = run(['first-contact', '--script', file]);
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('$ ps\n');
  });

  it('exits 2 on an unknown level, a malformed script or a missing script file, saying why', () => {
    const unknown = run(['no-such-level', '--script', '-'], SOLUTION);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toMatch(/no-such-level/);
    const malformed = run(['first-contact', '--script', '-'], '@ps\n');
    expect(malformed.status).toBe(2);
    expect(malformed.stderr).toMatch(/line 1/);
    const missing = run(['first-contact', '--script', '/nonexistent/script.txt']);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toMatch(/\/nonexistent\/script\.txt/);
  });
});
