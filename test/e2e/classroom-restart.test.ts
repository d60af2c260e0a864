// Nothing lost: the real `kernlab serve` is killed with SIGKILL in the
// middle of a challenge and started again on the same data folder. The
// results are the same as before the crash, students log back in to the
// machine they left (replayed from the journal), and a level finished
// after the restart replays to the same score from its run log.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCli, runCli, ServerProcess } from '../net/server-process';
import { tempDir } from '../net/helpers';
import { SshStudent } from '../net/ssh-client';

/** The parts of `kernlab results --json` a crash must not change. */
function resultsOf(dir: string): { board: unknown; attempts: unknown } {
  const r = runCli(['results', dir, '--json']);
  expect(r.stderr).toBe('');
  const j = JSON.parse(r.stdout);
  // A level in progress carries the clock's last mark; the rest must match exactly.
  const attempts = (j.attempts as Array<Record<string, unknown>>).map((a) => (a.outcome === 'playing' ? { ...a, elapsed_ms: 'playing' } : a));
  return { board: j.board, attempts };
}

function pidOf(screen: string, comm: string): string {
  const m = new RegExp(`\\b(\\d+) ${comm}\\b`).exec(screen);
  if (!m) throw new Error(`no ${comm} in:\n${screen}`);
  return m[1];
}

describe('classroom: kill -9 and restart', () => {
  const data = tempDir('kernlab-e2e-restart-');
  const students: SshStudent[] = [];
  let server: ServerProcess | null = null;

  beforeAll(async () => {
    await buildCli();
  });
  afterAll(async () => {
    for (const s of students) s.end();
    await server?.stop();
    data.cleanup();
  });

  const login = async (name: string): Promise<SshStudent> => {
    const s = await SshStudent.login({ port: server!.port, name, code: server!.code });
    students.push(s);
    return s;
  };

  it('restores the challenge, the clock, every result and the levels in progress', async () => {
    server = await ServerProcess.start(['--challenge', 'demo', '--data', data.dir, '--start']);
    const alice = await login('alice');
    const bob = await login('bob');
    await login('carol');
    // alice solves level 1 and starts level 2; bob plays level 1.
    await alice.waitFor(/Level 1\/3/);
    await alice.type('\r');
    await alice.waitFor(/kernlab#/);
    await alice.type('ps -o pid,comm\r');
    const s1 = await alice.waitFor(/\d+ logzip/);
    await alice.type(`kill ${pidOf(s1, 'logzip')}\r`);
    await alice.type('tick 10\r');
    await alice.waitFor(/Level solved/);
    await alice.type('\r');
    await alice.waitFor(/Enter next level/);
    await alice.type('\r');
    await alice.waitFor(/Level 2\/3: The frozen parent/);
    await alice.type('\r');
    await alice.waitFor(/kernlab#/);
    await alice.type('tick 200\r');
    await alice.waitFor(/· tick 251\b/); // the level starts at tick 51 (its setup ran 51 ticks)
    await alice.type('hint\r');
    await alice.waitFor(/Hint 1\//);
    await bob.waitFor(/Level 1\/3/);
    await bob.type('\r');
    await bob.waitFor(/kernlab#/);
    await bob.type('tick 500\r');
    await bob.waitFor(/· tick 500\b/);
    await bob.type('ps\r');
    await bob.waitFor(/PID TTY/);

    server.command('extend'); // the teacher gives five more minutes
    await server.waitFor(/time extended by 5 min/);
    const before = resultsOf(data.dir);
    expect(before.board).toHaveLength(3);
    await server.crash();
    for (const s of students) await s.closed;
    students.length = 0;
    expect(resultsOf(data.dir)).toEqual(before);

    // --start: resumed at once, as a service manager's restart with nobody at the keyboard (without it the clock waits, paused, for s).
    server = await ServerProcess.start(['--challenge', 'demo', '--data', data.dir, '--start']);
    expect(server.out).toMatch(/restored: 3 students, 1 result, 2 levels in progress; clock paused for the restart/);
    // The first line says the time on the clock now, the extension included.
    expect(server.out.split('\n')[0]).toBe('kernlab classroom: "Processes and memory, quick round" (3 levels, 25m = 20m + 5m added)');
    expect(resultsOf(data.dir)).toEqual(before);

    // alice is back on level 2 where she was; she finishes it.
    const again = await login('alice');
    await again.waitFor(/Welcome back: your machine kept its state \(tick 251\)/);
    await again.type('ps -o pid,stat,comm\r');
    const s2 = await again.waitFor(/\d+ T +parent/);
    const parent = /(\d+) T +parent/.exec(s2)![1];
    await again.type('tick 3000\r');
    await again.waitFor(/· tick 3251\b/);
    await again.type(`kill -CONT ${parent}\r`);
    await again.type('tick 200\r');
    await again.waitFor(/Level solved/);
    const m = await server.waitFor(/alice solved zombie-frozen-parent: (\d+) points/);
    const after = JSON.parse(runCli(['results', data.dir, '--json']).stdout);
    expect(after.board[0]).toMatchObject({ name: 'alice', solved: 2 });
    const level2 = after.attempts.find((a: { level: string }) => a.level === 'zombie-frozen-parent');
    expect(level2).toMatchObject({ outcome: 'solved', score: Number(m[1]), hints: 1 });
    // The run log spans the crash: steps from before and after it, replayed to the same score.
    const replayed = JSON.parse(runCli(['replay', path.join(data.dir, level2.log), '--json']).stdout);
    expect(replayed).toMatchObject({ solved: true, score: Number(m[1]), hints: 1 });
    // Every `tick N` is a step, as in `kernlab play` (the server ran its ticks in slices).
    expect(replayed.log.steps.map((s: { cmd?: string }) => s.cmd ?? 'hint')).toEqual(['tick 200', 'hint', 'ps -o pid,stat,comm', 'tick 3000', `kill -CONT ${parent}`, 'tick 200']);
    expect(replayed).toMatchObject({ commands: level2.commands, actions: level2.actions });
    expect(level2.commands).toBe(5);

    // bob's machine is where he left it too.
    const bob2 = await login('bob');
    await bob2.waitFor(/Welcome back: your machine kept its state \(tick 500\)/);
  });

  it('refuses to serve another challenge from the same data folder', async () => {
    await server?.stop();
    server = null;
    const other = path.join(data.dir, '..', `other-${process.pid}.yaml`);
    writeFileSync(other, 'title: Other\nduration: 5m\nlevels: [read-only]\nseed: { shared: x }\n');
    const r = runCli(['serve', '--headless', '--port', '0', '--challenge', other, '--data', data.dir]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/holds the challenge "Processes and memory, quick round".*Use another --data folder/);
  });
});
