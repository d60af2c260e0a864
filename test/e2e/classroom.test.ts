// The classroom end to end: the real `kernlab serve` process, and a student
// on the real OpenSSH client in a real terminal (tmux). The student types
// the join code at the keyboard-interactive prompt, solves the first level
// by typing, and the board changes in the server's log and in
// `kernlab results`.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requireTmuxOrSkip, TmuxSession } from './harness/tmux';
import { buildCli, runCli, ServerProcess } from '../net/server-process';
import { tempDir } from '../net/helpers';
import { requireSshOrSkip } from './harness/ssh';

const enabled = requireTmuxOrSkip() && requireSshOrSkip('classroom end-to-end tests');

describe.runIf(enabled)('classroom with OpenSSH in tmux', () => {
  const data = tempDir('kernlab-e2e-class-');
  let server: ServerProcess;
  const sessions: TmuxSession[] = [];

  beforeAll(async () => {
    await buildCli();
    server = await ServerProcess.start(['--challenge', 'demo', '--data', data.dir, '--start']);
  });
  afterAll(async () => {
    for (const s of sessions) await s.kill();
    await server?.stop();
    data.cleanup();
  });

  /** A student's ssh in tmux; `asReadme`: the README's command as is (its banner shows: no LogLevel=ERROR). */
  async function sshSession(name: string, asReadme = false): Promise<TmuxSession> {
    // Through sh, which prints ssh's exit status when it ends.
    const ssh = `ssh -tt -p ${server.port} -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null${asReadme ? '' : ' -o LogLevel=ERROR'} ${name}@127.0.0.1`;
    const t = await TmuxSession.start({
      command: 'sh',
      args: ['-c', `${ssh}; echo "ssh exited with $?"`],
      cols: 100,
      rows: 30,
      env: { LANG: 'C.UTF-8' },
    });
    sessions.push(t);
    return t;
  }

  it('a student logs in with the join code, solves a level by typing, and the board changes', async () => {
    const t = await sshSession('alice', true);
    const greeting = await t.waitForText(/Join code:/);
    // The banner names the classroom and says what to type; nothing says it twice.
    expect(greeting.match(/kernlab classroom/g)).toHaveLength(1);
    expect(greeting).toMatch(/Player alice: type the join code your teacher gave you\./);
    await t.sendText(server.code + '\n');
    await t.waitForText(/Level 1\/3: First contact/);
    await t.sendKeys('Enter');
    await t.waitForText(/kernlab#/);
    await t.sendText('ps -o pid,comm\n');
    const screen = await t.waitForText(/\d+ logzip/);
    const pid = /(\d+) logzip/.exec(screen)![1];
    await t.sendText(`kill ${pid}\n`);
    await t.sendText('tick 10\n');
    await t.waitForText(/Level solved/);
    // The server's log and the board.
    await server.waitFor(/alice solved first-contact: (\d+) points/);
    const board = await server.waitFor(/board: 1\. alice (\d+) \(1\/3 solved/);
    expect(Number(board[1])).toBeGreaterThan(0);
    const r = runCli(['results', data.dir, '--json']);
    expect(r.status).toBe(0);
    const results = JSON.parse(r.stdout);
    expect(results.board[0]).toMatchObject({ rank: 1, name: 'alice', solved: 1, score: Number(board[1]) });
    // Three commands, as `kernlab play` counts them: ps, kill and tick 10 (the server ran its ticks).
    expect(results.attempts[0]).toMatchObject({ name: 'alice', level: 'first-contact', outcome: 'solved', solved: true, actions: 1, commands: 3 });
    // Her run replays to the same score.
    const replayed = runCli(['replay', `${data.dir}/${results.attempts[0].log}`, '--json']);
    expect(JSON.parse(replayed.stdout)).toMatchObject({ solved: true, score: Number(board[1]), actions: 1, commands: 3 });
    // She leaves; the screen is given back and the message is printed.
    await t.sendKeys('Enter');
    await t.waitForText(/Enter next level/);
    await t.sendKeys('q');
    await t.waitForText(/ssh exited with 0/);
    expect(await t.captureAll()).toMatch(/Bye\. Log in again to carry on where you were\./);
  });

  it('a wrong join code is refused, and the connection ends after three tries', async () => {
    const t = await sshSession('mallory');
    for (let i = 0; i < 3; i++) {
      await t.waitForText(new RegExp(`(Join code:[^]*){${i + 1}}`));
      await t.sendText('wrong-code\n');
    }
    await t.waitForText(/ssh exited with 255/); // ssh's status when the server ends the connection
    const text = await t.captureAll();
    expect(text).toMatch(/Received disconnect from 127\.0\.0\.1|Connection closed/);
    expect(text).not.toMatch(/password:/); // no other method is offered
    await server.waitFor(/wrong join code for "mallory" from 127\.0\.0\.1 \(3\/3\)/);
  });
});
