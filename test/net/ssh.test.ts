// The classroom over ssh, with ssh2 clients as students: several at once,
// reconnecting, refused logins, and clients that misbehave. The server
// runs in this process on a free port.
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { Client } from 'ssh2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openClassroom, type OpenClassroom } from '../../src/net/server';
import { AUTH_TIMEOUT_MS, AUTH_TRIES, IDLE_TIMEOUT_MS, IP_FAIL_MAX, LINE_MAX } from '../../src/net/limits';
import { demoChallenge, tempDir } from './helpers';
import { buildCli, runCli } from './server-process';
import { TOO_MANY_TRIES } from '../../src/net/ssh-server';
import { LoginFailed, SshStudent, type StudentLogin } from './ssh-client';

const delay = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

interface TestServer {
  cls: OpenClassroom;
  logs: string[];
  cleanup(): Promise<void>;
}

async function startServer(): Promise<TestServer> {
  const t = tempDir();
  const logs: string[] = [];
  const cls = await openClassroom({ challenge: demoChallenge(), dataDir: t.dir, host: '127.0.0.1', port: 0, maxStudents: 20, log: (l) => logs.push(l) });
  cls.room.on('log', (l) => logs.push(l));
  return {
    cls,
    logs,
    cleanup: async () => {
      await cls.close();
      t.cleanup();
    },
  };
}

/** The PID of `comm` in the last `ps -o pid,comm` shown on a screen. */
function pidOf(screen: string, comm: string): string {
  const m = new RegExp(`\\b(\\d+) ${comm}\\b`).exec(screen);
  if (!m) throw new Error(`no ${comm} in:\n${screen}`);
  return m[1];
}

describe('classroom over ssh', () => {
  let s: TestServer;
  const students: SshStudent[] = [];
  const login = async (o: Partial<StudentLogin> & { name: string }): Promise<SshStudent> => {
    const st = await SshStudent.login({ port: s.cls.port, code: s.cls.joinCode, ...o });
    students.push(st);
    return st;
  };

  beforeAll(async () => {
    s = await startServer();
  });
  afterAll(async () => {
    for (const st of students) st.end();
    await s.cleanup();
  });

  it('several students play at once: waiting page, the start, a level solved by typing, the board', async () => {
    const alice = await login({ name: 'Alice', method: 'keyboard-interactive' });
    const bob = await login({ name: 'bob', method: 'password' });
    const cat = await login({ name: 'cat', cols: 100, rows: 30 });
    await alice.waitFor(/Welcome, alice!/);
    await bob.waitFor(/Waiting for your teacher to start the challenge/);
    await cat.waitFor(/Here now \(3\): alice, bob, cat/);

    s.cls.room.startClock();
    for (const st of [alice, bob, cat]) await st.waitFor(/Level 1\/3: First contact/);
    await alice.type('\r');
    await alice.waitFor(/kernlab#/);
    await alice.waitFor(/#-\/3 · 19:\d\d/); // the badge: rank (none before a point) and time left
    await alice.type('ps -o pid,comm\r');
    const screen = await alice.waitFor(/\d+ logzip/);
    await alice.type(`kill ${pidOf(screen, 'logzip')}\r`);
    await alice.type('tick 10\r');
    await alice.waitFor(/Level solved/);
    // The result was journaled before the screen showed it: the board has it.
    const row = s.cls.room.board()[0];
    expect(row).toMatchObject({ rank: 1, name: 'alice', solved: 1 });
    expect(row.score).toBeGreaterThan(0);
    expect(s.logs.some((l) => /alice solved first-contact: \d+ points/.test(l))).toBe(true);
    await alice.type('\r'); // the result box: Enter for the debrief
    await alice.waitFor(/Solved!/);
    await alice.waitFor(/1\s+alice\s+1\/3\s+\d+/); // the board on the debrief page

    await alice.waitFor(/alice · #1 of 3 · 19:\d\d/); // the page's head line now: first of three

    // bob starts too: no points, so no rank (not "#2", as if he had earned it).
    await bob.type('\r');
    await bob.waitFor(/#-\/3/);
  });

  it('a student who disconnects finds their machine as they left it', async () => {
    const dan = await login({ name: 'dan' });
    await dan.waitFor(/Level 1\/3: First contact/);
    await dan.type('\r');
    await dan.waitFor(/kernlab#/);
    await dan.type('tick 300\r');
    await dan.waitFor(/· tick 300\b/); // the header: the server ran the 300 ticks (at 80 columns the wall clock is left out)
    await dan.type('hint\r');
    await dan.waitFor(/Hint 1\/3/);
    dan.end();
    await dan.closed;
    await delay(50);
    expect(s.cls.room.online.has('dan')).toBe(false);
    const again = await login({ name: 'DAN' });
    await again.waitFor(/Welcome back: your machine kept its state \(tick 300\)/);
    await again.waitFor(/kernlab# hint[^]*Type `ps`/); // the console as it was: the commands typed and what they printed
    expect(s.cls.room.runs.get('dan')?.game.hintsShown).toBe(1);
  });

  it('refuses a second session with the same name, with a clear message', async () => {
    const eve = await login({ name: 'eve' });
    await eve.waitFor(/First contact/);
    const twin = await login({ name: 'Eve' });
    await twin.closed;
    expect(twin.raw).toMatch(/kernlab: eve is already playing in another session/);
    expect(twin.exitCode).toBe(1);
    await eve.type('q');
    await eve.closed;
    expect(eve.raw).toMatch(/Bye\. Log in again to carry on/);
  });

  it('refuses bad names with the reason, after the join code', async () => {
    for (const [name, why] of [
      ['bad.name', /not a valid name/],
      ['x'.repeat(30), /too long/],
    ] as const) {
      const st = await login({ name });
      await st.closed;
      expect(st.raw).toMatch(why);
      expect(st.exitCode).toBe(1);
    }
  });

  it('says a bad name in the login prompt, before the join code is typed for nothing', async () => {
    const instructions: string[] = [];
    const c = new Client();
    const failed = new Promise<void>((resolve) => {
      c.on('keyboard-interactive', (_n, instr) => {
        instructions.push(instr);
        c.end(); // the student reads it and presses Ctrl-C
        resolve();
      });
      c.on('error', () => resolve());
      c.on('close', () => resolve());
    });
    c.connect({ host: '127.0.0.1', port: s.cls.port, username: 'Bad.Name', tryKeyboard: true, authHandler: ['keyboard-interactive'], readyTimeout: 20_000 });
    await failed;
    expect(instructions[0]).toBe(`"Bad.Name" is not a valid name: use letters a-z, digits, '_' and '-' only. Press Ctrl-C and log in again with another name.`);
  });

  it('needs a pty', async () => {
    const st = await login({ name: 'nopty', pty: false });
    await st.closed;
    expect(st.raw).toMatch(/needs a terminal: connect with `ssh -t`/);
  });

  it('a wrong join code is refused, and the connection dropped after a few tries', async () => {
    const wrong = SshStudent.connectClient({ port: s.cls.port, name: 'mallory', code: 'nope-nope', method: 'password' });
    await expect(wrong).rejects.toBeInstanceOf(LoginFailed);
    const kbd = SshStudent.connectClient({ port: s.cls.port, name: 'mallory', code: 'zzzz-zzzz' });
    await expect(kbd).rejects.toBeInstanceOf(LoginFailed);
    // The disconnect says why (OpenSSH prints it: test/net/openssh.test.ts).
    await expect(kbd).rejects.toMatchObject({ message: TOO_MANY_TRIES });
    await expect(wrong).rejects.toMatchObject({ message: TOO_MANY_TRIES });
    const tries = s.logs.filter((l) => l.startsWith('wrong join code for "mallory"'));
    // Each connection had AUTH_TRIES tries (the client offered more), then was dropped.
    expect(tries.map((l) => /\((\d+)\/\d+\)$/.exec(l)![1])).toEqual(['1', '2', '3', '1', '2', '3'].map((n) => String(Math.min(Number(n), AUTH_TRIES))));
  });

  it('after a wrong join code the prompt says so, and how many tries are left', async () => {
    const instructions: string[] = [];
    const codes = ['nope-nope', s.cls.joinCode];
    const c = new Client();
    const ready = new Promise<void>((resolve, reject) => {
      c.on('keyboard-interactive', (_n, instr, _l, prompts, finish) => {
        instructions.push(instr);
        finish(prompts.map(() => codes.shift() ?? ''));
      });
      c.on('ready', () => resolve());
      c.on('error', reject);
    });
    c.connect({ host: '127.0.0.1', port: s.cls.port, username: 'olga', tryKeyboard: true, authHandler: ['keyboard-interactive', 'keyboard-interactive'], readyTimeout: 20_000 });
    await ready;
    c.end();
    expect(instructions[0]).toBe('Player olga: type the join code your teacher gave you.');
    expect(instructions[1]).toBe(`That was not the join code (try 2 of ${AUTH_TRIES}). Player olga: type the join code your teacher gave you.`);
  });

  it('offers nothing but the game: exec, sftp, forwarding and a second session are refused', async () => {
    const client = await SshStudent.connectClient({ port: s.cls.port, name: 'fred', code: s.cls.joinCode });
    const execErr = await new Promise<Error | undefined>((r) => client.exec('cat /etc/passwd', (err) => r(err)));
    expect(execErr?.message).toMatch(/Unable to exec|denied|failure/i);
    const fwdErr = await new Promise<Error | undefined>((r) => client.forwardOut('127.0.0.1', 0, '127.0.0.1', 22, (err) => r(err)));
    expect(fwdErr).toBeDefined();
    const listenErr = await new Promise<Error | undefined>((r) => client.forwardIn('127.0.0.1', 0, (err) => r(err)));
    expect(listenErr).toBeDefined();
    const sftpErr = await new Promise<Error | undefined>((r) => client.sftp((err) => r(err)));
    expect(sftpErr).toBeDefined();
    // The exec above used this connection's one session channel: no second one.
    const shellErr = await new Promise<Error | undefined>((r) => client.shell((err) => r(err)));
    expect(shellErr).toBeDefined();
    client.end();
  });

  it('drops a client that floods input, and one that vanishes mid-frame, without disturbing others', async () => {
    const gus = await login({ name: 'gus' });
    const hal = await login({ name: 'hal' });
    await gus.waitFor(/First contact/);
    await hal.waitFor(/First contact/);
    await hal.type('\r');
    await hal.waitFor(/kernlab#/);
    // A flood: far over the byte rate.
    const junk = Buffer.alloc(64 * 1024, 'x');
    for (let i = 0; i < 8; i++) gus.send(junk);
    await gus.closed;
    expect(gus.raw).toMatch(/Too much input/);
    expect(s.logs.some((l) => l.includes('gus left'))).toBe(true);
    // A client that vanishes while its screen is being drawn.
    const ivy = await login({ name: 'ivy' });
    await ivy.waitFor(/First contact/);
    ivy.send('\r');
    ivy.vanish();
    await delay(300);
    expect(s.cls.room.online.has('ivy')).toBe(false);
    // hal carries on.
    await hal.type('ps\r');
    await hal.waitFor(/PID TTY/);
  });

  it('caps a console line', async () => {
    const jo = await login({ name: 'jo', cols: 120, rows: 30 });
    await jo.waitFor(/First contact/);
    await jo.type('\r');
    await jo.waitFor(/kernlab#/);
    jo.send('a'.repeat(LINE_MAX - 1) + 'XYZ');
    await delay(300);
    jo.send('\r');
    const screen = await jo.waitFor(/command not found|not allowed/);
    const flat = screen.replace(/[│|x]\n[│|x]/g, '').replace(/\s+/g, '');
    expect(flat).toContain('aX');
    expect(flat).not.toContain('XYZ');
  });

  it('survives garbage on the wire', async () => {
    const before = s.cls.ssh.connections;
    const garbage = async (bytes: Buffer | string): Promise<void> => {
      await new Promise<void>((resolve) => {
        const sock = net.connect(s.cls.port, '127.0.0.1', () => {
          sock.write(bytes);
        });
        sock.on('error', () => resolve());
        sock.on('close', () => resolve());
        setTimeout(() => {
          sock.destroy();
          resolve();
        }, 1500);
      });
    };
    await garbage(Buffer.from('GET / HTTP/1.1\r\nHost: x\r\n\r\n'));
    await garbage(Buffer.concat([Buffer.from('SSH-2.0-evil\r\n'), Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) & 0xff))]));
    await garbage(Buffer.concat([Buffer.from('SSH-2.0-evil\r\n'), Buffer.from([0xff, 0xff, 0xff, 0xff, 0x00, 0x01])]));
    await delay(200);
    expect(s.cls.ssh.connections).toBeLessThanOrEqual(before);
    const kim = await login({ name: 'kim' });
    await kim.waitFor(/First contact/);
  });

  it('sizes the screen from pty-req and follows window changes', async () => {
    const lee = await login({ name: 'lee', cols: 120, rows: 40 });
    await lee.waitFor(/First contact/);
    await lee.type('\r');
    const big = await lee.waitFor(/kernlab#/);
    expect(big.split('\n')[0].length).toBeGreaterThan(80);
    lee.resize(60, 20);
    await lee.waitFor(/Terminal too small/);
    lee.resize(100, 30);
    await lee.waitFor(/kernlab#/);
  });
});

describe('idle sessions', () => {
  it('are closed after the idle timeout while the clock runs (not while waiting or paused), with a message (progress kept)', async () => {
    const t = tempDir();
    let now = Date.now();
    const cls = await openClassroom({ challenge: demoChallenge(), dataDir: t.dir, host: '127.0.0.1', port: 0, maxStudents: 5, log: () => undefined, now: () => now });
    try {
      const st = await SshStudent.login({ port: cls.port, name: 'sleepy', code: cls.joinCode });
      await st.waitFor(/Welcome, sleepy!/);
      // Waiting for the start, then a pause: nothing to type, never idle.
      now += IDLE_TIMEOUT_MS + 5 * 60_000;
      cls.ssh.sweep();
      cls.room.startClock();
      cls.room.pauseClock();
      now += IDLE_TIMEOUT_MS + 5 * 60_000;
      cls.ssh.sweep();
      await delay(100);
      expect(cls.room.online.has('sleepy')).toBe(true);
      await st.waitFor(/Your teacher has paused the challenge/);
      // The clock runs again: idle counts from the resume.
      cls.room.startClock();
      now += IDLE_TIMEOUT_MS - 1000;
      cls.ssh.sweep();
      await delay(100);
      expect(cls.room.online.has('sleepy')).toBe(true);
      now += 2000;
      cls.ssh.sweep();
      await st.closed;
      expect(st.raw).toMatch(/Closed after 20 minutes without a key\. Your progress is saved/);
      expect(cls.room.online.has('sleepy')).toBe(false);
    } finally {
      await cls.close();
      t.cleanup();
    }
  });
});

describe('join-code throttling per address', () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startServer();
  });
  afterAll(async () => {
    await s.cleanup();
  });

  it('refuses an address that got the code wrong too often, even with the right code', async () => {
    const attempts: Array<Promise<unknown>> = [];
    for (let i = 0; i < Math.ceil(IP_FAIL_MAX / AUTH_TRIES) + 1; i++) {
      attempts.push(SshStudent.connectClient({ port: s.cls.port, name: `guess${i}`, code: `wrong-${i}`, method: 'password' }).catch((e) => e));
    }
    await Promise.all(attempts);
    const right = SshStudent.connectClient({ port: s.cls.port, name: 'honest', code: s.cls.joinCode, method: 'password' });
    await expect(right).rejects.toBeInstanceOf(LoginFailed);
    expect(s.cls.room.online.size).toBe(0);
  });
});

describe('the login deadline', () => {
  it('leaves a student time to check the host key and type the code, and tells the teacher about a connection it closes', async () => {
    // The deadline runs from the ssh command: the first time, OpenSSH asks
    // whether to trust the host key (the guide says to compare it with the
    // one the teacher shows) before the code is typed. 30 s was not enough.
    expect(AUTH_TIMEOUT_MS).toBeGreaterThanOrEqual(120_000);
    const t = tempDir();
    const logs: string[] = [];
    const cls = await openClassroom({ challenge: demoChallenge(), dataDir: t.dir, host: '127.0.0.1', port: 0, maxStudents: 5, log: (l) => logs.push(l), loginTimeoutMs: 1000 });
    try {
      // A student who sits at the join-code prompt: their ssh will only say
      // "Connection closed", so the teacher's log says who and why.
      const closed = new Promise<void>((resolve) => {
        const c = new Client();
        c.on('keyboard-interactive', () => undefined); // never answers
        c.on('error', () => undefined);
        c.on('close', () => resolve());
        c.connect({ host: '127.0.0.1', port: cls.port, username: 'Carol', tryKeyboard: true, authHandler: ['keyboard-interactive'], readyTimeout: 20_000 });
      });
      await closed;
      expect(logs).toContain('"Carol" from 127.0.0.1 did not log in within 1 second: closed (ssh says "Connection closed"; run ssh again)');
      expect(cls.room.online.size).toBe(0);
    } finally {
      await cls.close();
      t.cleanup();
    }
  });
});

describe('a port in use', () => {
  it('is refused once, by the caller: no "listen error" log line besides it', async () => {
    const first = await startServer();
    const t = tempDir();
    const logs: string[] = [];
    try {
      const second = openClassroom({ challenge: demoChallenge(), dataDir: t.dir, host: '127.0.0.1', port: first.cls.port, maxStudents: 5, log: (l) => logs.push(l) });
      await expect(second).rejects.toMatchObject({ code: 'EADDRINUSE' });
      expect(logs.filter((l) => /listen error/.test(l))).toEqual([]);
    } finally {
      t.cleanup();
      await first.cleanup();
    }
  });

  it('leaves no data folder behind: one made for this run is removed, one that was there keeps what it had', async () => {
    const first = await startServer();
    const t = tempDir();
    const busy = (dataDir: string): Promise<OpenClassroom> => openClassroom({ challenge: demoChallenge(), dataDir, host: '127.0.0.1', port: first.cls.port, maxStudents: 5, log: () => undefined });
    try {
      // A new folder (and the parent made for it, as the default ~/.local/share/kernlab/classroom/NAME).
      const fresh = path.join(t.dir, 'classroom', 'monday');
      await expect(busy(fresh)).rejects.toMatchObject({ code: 'EADDRINUSE' });
      expect(existsSync(path.join(t.dir, 'classroom'))).toBe(false);
      expect(existsSync(t.dir)).toBe(true);
      // An empty folder the teacher made: kept, and empty (no journal, key or code of a class that never ran).
      const empty = path.join(t.dir, 'empty');
      mkdirSync(empty);
      await expect(busy(empty)).rejects.toMatchObject({ code: 'EADDRINUSE' });
      expect(readdirSync(empty)).toEqual([]);
      // A folder with a class in it: everything as it was (the lock released).
      const served = path.join(t.dir, 'served');
      const cls = await openClassroom({ challenge: demoChallenge(), dataDir: served, host: '127.0.0.1', port: 0, maxStudents: 5, log: () => undefined });
      cls.room.login({ name: 'alice', kick: () => undefined });
      await cls.close();
      const before = Object.fromEntries(readdirSync(served).map((f) => [f, readFileSync(path.join(served, f), 'utf8')]));
      expect(Object.keys(before).sort()).toEqual(['host_ed25519_key', 'join-code', 'journal.jsonl']);
      await expect(busy(served)).rejects.toMatchObject({ code: 'EADDRINUSE' });
      expect(Object.fromEntries(readdirSync(served).map((f) => [f, readFileSync(path.join(served, f), 'utf8')]))).toEqual(before);
    } finally {
      t.cleanup();
      await first.cleanup();
    }
  });

  it('kernlab serve says so and exits 2, and the new data folder is gone', async () => {
    await buildCli();
    const first = await startServer();
    const t = tempDir();
    try {
      const dir = path.join(t.dir, 'class');
      const r = runCli(['serve', '--headless', '--challenge', 'demo', '--port', String(first.cls.port), '--data', dir]);
      expect(r.status).toBe(2);
      expect(r.stderr).toBe(`kernlab: port ${first.cls.port} on 127.0.0.1 is in use (another kernlab serve?); pick another with --port\n`);
      expect(r.stdout).toBe('');
      expect(existsSync(dir)).toBe(false);
    } finally {
      t.cleanup();
      await first.cleanup();
    }
  });
});
