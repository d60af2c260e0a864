// One server per data folder: a second `kernlab serve` on a folder in use
// is refused with a message (two would mix their students into one
// journal); a folder left by a server that died is taken over.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { LOCK_FILE } from '../../src/net/data-lock';
import { openClassroom, type OpenClassroom } from '../../src/net/server';
import { demoChallenge, tempDir } from './helpers';

let cleanups: Array<() => void | Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanups.reverse()) await c();
  cleanups = [];
});

async function serve(dir: string): Promise<OpenClassroom> {
  const cls = await openClassroom({ challenge: demoChallenge(), dataDir: dir, host: '127.0.0.1', port: 0, maxStudents: 5, log: () => undefined });
  cleanups.push(() => cls.close());
  return cls;
}

describe('the data folder lock', () => {
  it('refuses a second server on a folder in use, with what to do; frees it when the first stops', async () => {
    const t = tempDir();
    cleanups.push(t.cleanup);
    const first = await serve(t.dir);
    first.room.login({ name: 'alice', kick: () => undefined });
    const journal = readFileSync(path.join(t.dir, 'journal.jsonl'), 'utf8');
    await expect(serve(t.dir)).rejects.toThrow(`${t.dir} is in use by another kernlab serve (process ${process.pid}): stop that one first (q on its dashboard), or give this one another --data folder`);
    expect(readFileSync(path.join(t.dir, 'journal.jsonl'), 'utf8')).toBe(journal); // the refused one wrote nothing
    await first.close();
    expect(existsSync(path.join(t.dir, LOCK_FILE))).toBe(false);
    const second = await serve(t.dir);
    expect(second.restore).toMatchObject({ students: 1 });
  });

  it('takes over a folder whose server died (kill -9 leaves its process id behind)', async () => {
    const t = tempDir();
    cleanups.push(t.cleanup);
    const gone = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
    writeFileSync(path.join(t.dir, LOCK_FILE), `${gone.stdout}\n`);
    const cls = await serve(t.dir);
    expect(readFileSync(path.join(t.dir, LOCK_FILE), 'utf8')).toBe(`${process.pid}\n`);
    await cls.close();
  });
});
