// The teacher's two screens say the same when play stops: the same class
// (start, end it, stop the server) on the real `kernlab serve`, once with
// the dashboard in a terminal (tmux) and once --headless, shows the same
// end-of-challenge line and the same last lines.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Classroom } from '../../src/net/classroom';
import { endedLine, stoppedLines } from '../../src/net/teacher-text';
import { requireTmuxOrSkip, TmuxSession } from '../e2e/harness/tmux';
import { demoChallenge, tempDir } from './helpers';
import { buildCli, cli, root, ServerProcess } from './server-process';

describe('the lines of a stop', () => {
  it('say why the challenge ended, where it stands, the top of the board and where the results are', () => {
    const d = tempDir();
    let now = 1_000_000;
    const room = new Classroom(demoChallenge(), { dataDir: d.dir, now: () => now }, 10);
    try {
      expect(stoppedLines(room, '/data')).toEqual(['server stopped: the challenge had not started (serve the same --data folder again to go on); no students', 'results: kernlab results /data --csv']);
      const logs: string[] = [];
      room.on('log', (l) => logs.push(l));
      room.login({ name: 'amy', kick: () => undefined });
      room.startClock();
      now += 61_000;
      expect(stoppedLines(room, '/data')[0]).toBe('server stopped: the challenge was running, 18:59 left (serve the same --data folder again to go on); 1 student: - amy 0');
      room.endClock('teacher');
      expect(logs).toContain('ended by the teacher: the challenge is over');
      expect(stoppedLines(room, '/data')[0]).toBe('server stopped: the challenge is over (1:01 played); 1 student: - amy 0');
      expect(endedLine('time')).toBe('time is up: the challenge is over');
    } finally {
      room.close();
      d.cleanup();
    }
  });
});

describe.runIf(requireTmuxOrSkip())('the dashboard and --headless', () => {
  const dirs: Array<{ dir: string; cleanup(): void }> = [];
  const sessions: TmuxSession[] = [];
  beforeAll(async () => {
    await buildCli();
  });
  afterAll(async () => {
    for (const s of sessions) await s.kill();
    for (const d of dirs) d.cleanup();
  });

  it('end the same class with the same words', async () => {
    // --headless: start, end, quit on stdin.
    const h = tempDir();
    dirs.push(h);
    const server = await ServerProcess.start(['--challenge', 'demo', '--data', h.dir]);
    server.command('start');
    await server.waitFor(/challenge started/);
    server.command('end');
    await server.waitFor(/challenge is over/);
    server.command('quit');
    expect(await server.exited).toBe(0);
    const headless = server.out.split('\n').map((l) => l.replace(/^\[\d\d:\d\d:\d\d\] /, ''));
    const ended = endedLine('teacher');
    expect(headless).toContain(ended);
    const stopped = /^server stopped: the challenge is over \(0:0\d played\); no students$/;
    const last = headless.filter((l) => l).slice(-2);
    expect(last[0]).toMatch(stopped);
    expect(last[1]).toBe(`results: kernlab results ${h.dir} --csv`);

    // The dashboard: s, x y (end it), q y (stop the server).
    const d = tempDir();
    dirs.push(d);
    const t = await TmuxSession.start({ command: process.execPath, args: [cli, 'serve', '--challenge', 'demo', '--port', '0', '--data', d.dir], cwd: root, cols: 120, rows: 36, env: { LANG: 'C.UTF-8' } });
    sessions.push(t);
    await t.waitForText(/WAITING/);
    await t.sendKeys('s');
    await t.waitForText(/RUNNING/);
    await t.sendKeys('x');
    await t.waitForText(/End the challenge now\?/);
    await t.sendKeys('y');
    await t.waitForText(new RegExp(ended)); // the dashboard's log
    await t.sendKeys('q');
    await t.waitForText(/Stop the server\?/);
    await t.sendKeys('y');
    expect(await t.waitForExit()).toBe(0);
    const after = (await t.captureAll()).split('\n').filter((l) => l && !/^Pane is dead/.test(l));
    expect(after.at(-2)).toMatch(stopped);
    expect(after.at(-1)).toBe(`results: kernlab results ${d.dir} --csv`);
    // Above them, the start lines again (the join line and code at hand), the data line plain.
    expect(after).toContain(`data: ${d.dir}`);
    expect(after.some((l) => /^students join with: ssh -p \d+ NAME@127\.0\.0\.1$/.test(l))).toBe(true);
  });
});
