// One server per data folder. Two `kernlab serve` on the same folder (a
// second terminal, another --port) would both append to the journal: the
// students of each would be mixed into one file that no longer replays.
// DIR/server.pid holds the serving process's id; a file left by a server
// that died (kill -9, power) names a process that is gone and is taken over.

import { closeSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import path from 'node:path';

export const LOCK_FILE = 'server.pid';

/** Whether a process with this id runs (EPERM: it does, as another user). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Take the data folder for this process. Throws with a message for the
 * teacher if another live server holds it. Returns the release (idempotent).
 */
export function lockDataDir(dir: string, pid = process.pid): () => void {
  const file = path.join(dir, LOCK_FILE);
  for (let tries = 0; tries < 2; tries++) {
    let fd: number | null = null;
    try {
      fd = openSync(file, 'wx', 0o644);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
    if (fd === null) {
      const held = Number.parseInt(readFileSync(file, 'utf8'), 10);
      if (Number.isInteger(held) && held > 0 && alive(held)) {
        throw new Error(`${dir} is in use by another kernlab serve (process ${held}): stop that one first (q on its dashboard), or give this one another --data folder`);
      }
      unlinkSync(file); // left by a server that died: take it over
      continue;
    }
    try {
      writeSync(fd, `${pid}\n`);
    } finally {
      closeSync(fd);
    }
    let released = false;
    return () => {
      if (released) return;
      released = true;
      try {
        if (Number.parseInt(readFileSync(file, 'utf8'), 10) === pid) unlinkSync(file);
      } catch {
        // Gone already.
      }
    };
  }
  throw new Error(`${dir}: cannot take ${LOCK_FILE} (another server starting at the same time?)`);
}
