// Proves the tmux harness on a tiny blessed program: it starts in its own
// tmux server, sees keys and resizes, leaves the terminal as it found it,
// and kill() leaves nothing running.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requireTmuxOrSkip, TmuxSession } from './tmux';

const root = path.resolve(__dirname, '../../..');
const fixture = path.join(root, 'dist/e2e/demo-screen.cjs');
const sessions: TmuxSession[] = [];

describe.runIf(requireTmuxOrSkip())('tmux harness', () => {
  beforeAll(async () => {
    // Inside the repository so that blessed resolves from node_modules.
    await build({
      entryPoints: [path.join(root, 'test/e2e/fixtures/demo-screen.ts')],
      outfile: fixture,
      bundle: true,
      platform: 'node',
      format: 'cjs',
      packages: 'external',
      logLevel: 'error',
    });
  });
  afterAll(async () => {
    for (const s of sessions) await s.kill();
  });

  async function demo(): Promise<TmuxSession> {
    const s = await TmuxSession.start({ command: process.execPath, args: [fixture], cols: 120, rows: 40, env: { LANG: 'C.UTF-8' } });
    sessions.push(s);
    return s;
  }

  it('runs a blessed program, sends keys, resizes, and sees it restore the terminal', async () => {
    const t = await demo();
    const first = await t.waitForText(/e2e demo box/);
    expect(first).toMatch(/┌─+┐/);
    expect(first).toMatch(/120x40 ready/);
    for (const [key, name] of [['Tab', 'tab'], ['F1', 'f1'], ['Up', 'up'], ['PageDown', 'pagedown'], ['BTab', 'S-tab'], ['x', 'x']]) {
      await t.sendKeys(key!);
      await t.waitForText(new RegExp(`last key: ${name}\\s*$`, 'm'));
    }
    await t.resize(80, 24);
    await t.waitForText(/80x24 resized/);
    await t.sendKeys('q');
    expect(await t.waitForExit()).toBe(0);
    const after = await t.captureAll();
    expect(after).toMatch(/^bye$/m);
    expect(after).not.toMatch(/e2e demo box/);
  });

  it('keeps sessions apart and kill() leaves no process behind', async () => {
    const a = await demo();
    const b = await demo();
    await Promise.all([a.waitForText(/ready/), b.waitForText(/ready/)]);
    await a.sendKeys('a');
    await a.waitForText(/last key: a/);
    expect(await b.capture()).toMatch(/ready/);
    expect(a.socket).not.toBe(b.socket);
    await a.kill();
    for (const pid of [a.serverPid, a.panePid]) expect(existsSync(`/proc/${pid}`) ? procState(pid) : 'gone').toMatch(/gone|Z/);
    expect(existsSync(a.dir)).toBe(false);
    // b is untouched.
    await b.sendKeys('b');
    await b.waitForText(/last key: b/);
  });

  it('waitForText fails with the screen it saw', async () => {
    const t = await demo();
    await t.waitForText(/ready/);
    await expect(t.waitForText(/never shown/, 300)).rejects.toThrow(/not seen after 300 ms; screen was:[\s\S]*e2e demo box/);
  });
});

// A process's state letter from /proc (for zombies awaiting their reaper).
function procState(pid: number): string {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const stat = (require('node:fs') as typeof import('node:fs')).readFileSync(`/proc/${pid}/stat`, 'utf8');
  return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
}
