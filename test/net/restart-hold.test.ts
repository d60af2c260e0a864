// kill -9 in the middle of a class, then `kernlab serve` again on the same
// folder: the clock that was running comes back paused, and the teacher
// is told so and how to resume (students run ssh again meanwhile);
// `--start` resumes it at once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requireTmuxOrSkip, TmuxSession } from '../e2e/harness/tmux';
import { tempDir } from './helpers';
import { buildCli, cli, root, runCli, ServerProcess } from './server-process';

describe('serving again after a crash', () => {
  const data = tempDir('kernlab-net-restart-');
  let server: ServerProcess | null = null;
  beforeAll(async () => {
    await buildCli();
  });
  const sessions: TmuxSession[] = [];
  afterAll(async () => {
    for (const t of sessions) await t.kill();
    await server?.stop();
    data.cleanup();
  });

  it('holds the clock until the teacher resumes it', async () => {
    server = await ServerProcess.start(['--challenge', 'demo', '--data', data.dir, '--start']);
    await server.waitFor(/challenge started/);
    await server.crash();

    server = await ServerProcess.start(['--challenge', 'demo', '--data', data.dir]);
    const intro = server.out.split('\n');
    expect(intro[1]).toMatch(/^data: .* \(restored: 0 students, 0 results, 0 levels in progress; clock paused for the restart, (20:00|19:5\d) left\)$/);
    expect(intro).toContain('restored: the clock is paused until you resume it, once students are back (type "resume", or send SIGUSR1)');
    expect(JSON.parse(runCli(['results', data.dir, '--json']).stdout).clock).toMatchObject({ phase: 'paused' });
    server.command('status');
    await server.waitFor(/status: paused, /);
    server.command('resume');
    await server.waitFor(/challenge resumed: (20:00|19:5\d) left/);
    await server.crash();

    // --start: resumed at once (a service manager restarting it has nobody to type "resume").
    server = await ServerProcess.start(['--challenge', 'demo', '--data', data.dir, '--start']);
    await server.waitFor(/challenge resumed: /);
    expect(server.out).not.toMatch(/restored: the clock is paused/);
  });

  it.runIf(requireTmuxOrSkip())('the dashboard: PAUSED, "restored: press s to resume"; s resumes; its last lines drop the hint', async () => {
    await server?.crash();
    server = null;
    const t = await TmuxSession.start({ command: process.execPath, args: [cli, 'serve', '--challenge', 'demo', '--port', '0', '--data', data.dir], cwd: root, cols: 120, rows: 36, env: { LANG: 'C.UTF-8' } });
    sessions.push(t);
    const held = await t.waitForText(/restored: press s to resume/);
    expect(held).toMatch(/PAUSED/);
    expect(held).toMatch(/restored: the clock is paused until you resume it, once students are back \(press s\)/); // the log
    expect(held).toMatch(/^ s resume {2}e \+5 min {2}x end {2}q stop server\s*$/m);
    await t.sendKeys('s');
    await t.waitForText(/RUNNING/);
    await t.sendKeys('q');
    await t.waitForText(/paused: s resumes it once students are back/); // what serving again will do
    await t.sendKeys('y');
    expect(await t.waitForExit()).toBe(0);
    const after = await t.captureAll();
    expect(after).toMatch(/server stopped: the challenge was running, \d+:\d\d left \(serve the same --data folder again to go on\)/);
    expect(after.slice(after.lastIndexOf('kernlab classroom:'))).not.toMatch(/restored: the clock is paused/);
  });
});
