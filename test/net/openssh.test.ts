// What the real OpenSSH client prints when the classroom turns a student
// away: the server runs in this process, the student's `ssh` in a private
// tmux server (test/e2e/harness/tmux.ts), and the test reads their
// terminal. Skipped (with a message) without tmux or ssh; CI has both.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openClassroom, type OpenClassroom } from '../../src/net/server';
import { AUTH_TRIES, IP_FAIL_MAX } from '../../src/net/limits';
import { ADDRESS_BLOCKED, TOO_MANY_TRIES } from '../../src/net/ssh-server';
import { requireTmuxOrSkip, TmuxSession } from '../e2e/harness/tmux';
import { requireSshOrSkip } from '../e2e/harness/ssh';
import { demoChallenge, tempDir } from './helpers';
import { LoginFailed, SshStudent } from './ssh-client';

const enabled = requireTmuxOrSkip() && requireSshOrSkip('OpenSSH login tests');

describe.runIf(enabled)('turned away, as OpenSSH shows it', () => {
  const data = tempDir();
  let cls: OpenClassroom;
  const sessions: TmuxSession[] = [];

  beforeAll(async () => {
    cls = await openClassroom({ challenge: demoChallenge(), dataDir: data.dir, host: '127.0.0.1', port: 0, maxStudents: 5, log: () => undefined });
  });
  afterAll(async () => {
    for (const s of sessions) await s.kill();
    await cls.close();
    data.cleanup();
  });

  /** A student's ssh; `logLevel`: as a student types it (default) or quieted as some configs have it. */
  async function ssh(name: string, logLevel?: string): Promise<TmuxSession> {
    const cmd = `ssh -tt -p ${cls.port} -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null${logLevel ? ` -o LogLevel=${logLevel}` : ''} ${name}@127.0.0.1`;
    const t = await TmuxSession.start({ command: 'sh', args: ['-c', `${cmd}; echo "ssh exited with $?"`], cols: 160, rows: 30, env: { LANG: 'C.UTF-8' } });
    sessions.push(t);
    return t;
  }

  it('three wrong join codes: ssh prints why the connection ended and what to do', async () => {
    for (const level of [undefined, 'ERROR']) {
      const t = await ssh('mallory', level);
      for (let i = 0; i < AUTH_TRIES; i++) {
        await t.waitForText(new RegExp(`(Join code:[^]*){${i + 1}}`));
        await t.sendText('wrong-code\n');
      }
      await t.waitForText(/ssh exited with 255/);
      // Not a bare "Received disconnect from 127.0.0.1 port N:11:".
      expect(await t.captureAll()).toContain(`Received disconnect from 127.0.0.1 port ${cls.port}:14: ${TOO_MANY_TRIES}`);
      expect(TOO_MANY_TRIES).toBe('Too many wrong join codes. Ask your teacher for the code, then run ssh again.');
    }
  });

  it('an address refused for too many wrong codes: ssh says so, and to wait', async () => {
    // Use up the address's wrong codes (ssh2 clients, faster than typing).
    const attempts: Array<Promise<unknown>> = [];
    for (let i = 0; i < Math.ceil(IP_FAIL_MAX / AUTH_TRIES) + 1; i++) {
      attempts.push(SshStudent.connectClient({ port: cls.port, name: `guess${i}`, code: `wrong-${i}`, method: 'password' }).catch((e: unknown) => e));
    }
    const failures = await Promise.all(attempts);
    expect(failures.every((f) => f instanceof LoginFailed)).toBe(true);
    const t = await ssh('honest');
    await t.waitForText(/ssh exited with 255/);
    const text = await t.captureAll(); // the line is longer than the terminal: joined
    expect(text).toContain(`Received disconnect from 127.0.0.1 port ${cls.port}:11: ${ADDRESS_BLOCKED}`);
    expect(ADDRESS_BLOCKED).toBe('Too many wrong join codes from your address. Wait a minute, ask your teacher for the code, then run ssh again.');
  });
});
