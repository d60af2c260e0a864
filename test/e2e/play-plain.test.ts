// kernlab play without a terminal: it says why and plays the line mode
// (menu, a level, narration, debrief) reading commands from stdin.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';

const root = path.resolve(__dirname, '../..');
const bundle = path.join(root, 'dist/kernlab.cjs');
const data = mkdtempSync(path.join(tmpdir(), 'kernlab-plain-'));

function kernlab(args: string[], input: string, env: Record<string, string> = {}) {
  return spawnSync(process.execPath, [bundle, ...args], { cwd: root, input, encoding: 'utf8', env: { ...process.env, XDG_DATA_HOME: data, ...env }, timeout: 30_000 });
}

describe('kernlab play without a terminal', () => {
  beforeAll(() => {
    if (!existsSync(bundle)) execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: root, stdio: 'inherit' });
  });
  afterAll(() => rmSync(data, { recursive: true, force: true }));

  it('falls back to --plain with a notice when stdout is not a terminal', () => {
    const r = kernlab(['play'], 'q\n');
    expect(r.stderr).toContain('kernlab: stdout is not a terminal: playing in --plain line mode');
    expect(r.stdout).toMatch(/Levels:\n {2}1\. First contact \(tutorial\): open\n {2}2\. The frozen parent \(exit and reaping\): locked/);
    expect(r.stdout).toMatch(/Bye\.\n$/);
    expect(r.status).toBe(0);
  });

  it('plays a level from stdin with --plain: time only passes with tick, commands are answered, the run log is kept on leaving', () => {
    const r = kernlab(['play', '--plain', 'zombie-frozen-parent'], ['', 'tick 3100', 'ps -o pid,stat,comm', 'quit', 'q', ''].join('\n'));
    expect(r.stdout).toContain('Level: The frozen parent');
    expect(r.stdout).toMatch(/\[t \d+\] parent \(\d+\) exited with status 2: now a zombie/);
    expect(r.stdout.match(/ Z +parent/g)).toHaveLength(3);
    expect(r.stdout).toMatch(/Left the level; run log saved: .*zombie-frozen-parent-1\.json/);
    expect(r.status).toBe(0);
  });

  it("tells how to replay a level of one's own (with --level), and that command reproduces the result", () => {
    const r = kernlab(['play', '--plain', 'test/fixtures/levels/frozen-parent.yaml'], ['', 'tick 1500', 'kill -CONT %1', 'tick 20', 'q', ''].join('\n'));
    expect(r.stdout).toContain('Solved! 1000 points');
    const m = /\(kernlab replay (\S+) --level (\S+)\)/.exec(r.stdout);
    expect(m?.[2]).toBe(path.join(root, 'test/fixtures/levels/frozen-parent.yaml'));
    const again = kernlab(['replay', m![1], '--level', m![2]], '');
    expect(again.stdout).toMatch(/^Solved "Frozen parent \(fixture\)" in \d+ ticks with 1 action: 1000 points/);
    expect(again.status).toBe(0);
  });

  it('leaves on SIGINT (Ctrl-C) as on quit: the run log kept, Bye, status 130', async () => {
    const child = spawn(process.execPath, [bundle, 'play', '--plain', 'first-contact'], { cwd: root, env: { ...process.env, XDG_DATA_HOME: data } });
    let out = '';
    let sent = false;
    child.stdout.on('data', (b: Buffer) => {
      out += b.toString('utf8');
      // Once the tick is answered, interrupt (the input stays open, as at a terminal).
      if (!sent && /Tick 10\.\n/.test(out)) {
        sent = true;
        child.kill('SIGINT');
      }
    });
    child.stdin.write('\ntick 10\n');
    const code = await new Promise<number | null>((r) => child.on('close', (c) => r(c)));
    expect(out).toMatch(/Interrupted\.\nRun log saved: .*first-contact-\d+\.json\nBye\.\n$/);
    expect(code).toBe(130);
  });

  it('says which level it cannot find, before anything else', () => {
    const r = kernlab(['play', 'no-such-level'], '');
    expect(r.stderr).toMatch(/no level "no-such-level"/);
    expect(r.status).toBe(2);
  });

  it('plays --plain when TERM=dumb even on a pipe, and takes --speed', () => {
    const r = kernlab(['play', '--speed', '0.5', 'zombie-frozen-parent'], '\ngo\nspeed\nquit\nq\n', { TERM: 'dumb' });
    expect(r.stdout).toMatch(/Running at 0\.5x/);
    const bad = kernlab(['play', '--speed', '50'], '');
    expect(bad.stderr).toMatch(/out of range/);
    expect(bad.status).toBe(2);
  });
});
