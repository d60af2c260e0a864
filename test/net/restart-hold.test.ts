// kill -9 in the middle of a class, then `kernlab serve` again on the same
// folder: the clock that was running comes back paused, and the teacher
// is told so and how to resume (students run ssh again meanwhile);
// `--start` resumes it at once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from './helpers';
import { buildCli, runCli, ServerProcess } from './server-process';

describe('serving again after a crash', () => {
  const data = tempDir('kernlab-net-restart-');
  let server: ServerProcess | null = null;
  beforeAll(async () => {
    await buildCli();
  });
  afterAll(async () => {
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
});
