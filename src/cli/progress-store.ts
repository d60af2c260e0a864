// The progress file on disk: $XDG_DATA_HOME/kernlab/progress.json (default
// ~/.local/share/kernlab). Written atomically (temporary file, fsync,
// rename), so a crash leaves the old file or the new one, never half of
// one. A file that cannot be read is moved aside, reported, never lost.
import { closeSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, writeSync, existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { emptyProgress, type Progress } from '../game/progress';

export function dataDir(env: NodeJS.ProcessEnv = process.env): string {
  const base = env.XDG_DATA_HOME && path.isAbsolute(env.XDG_DATA_HOME) ? env.XDG_DATA_HOME : path.join(env.HOME || os.homedir(), '.local', 'share');
  return path.join(base, 'kernlab');
}

/** Writes `text` to `file` atomically, creating its folder. */
export function writeFileAtomic(file: string, text: string): void {
  mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.tmp-${process.pid}`;
  const fd = openSync(tmp, 'w', 0o644);
  try {
    writeSync(fd, text);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, file);
  // The rename itself must reach the disk: fsync the directory.
  try {
    const dfd = openSync(path.dirname(file), 'r');
    fsyncSync(dfd);
    closeSync(dfd);
  } catch {
    // Some filesystems do not allow fsync on a directory; the rename is still atomic.
  }
}

export class ProgressStore {
  readonly file: string;
  /** Set when the file on disk was unreadable and was moved aside. */
  warning = '';

  constructor(env: NodeJS.ProcessEnv = process.env) {
    this.file = path.join(dataDir(env), 'progress.json');
  }

  load(): Progress {
    if (!existsSync(this.file)) return emptyProgress();
    let text: string;
    try {
      text = readFileSync(this.file, 'utf8');
    } catch (e) {
      this.warning = `kernlab: cannot read ${this.file}: ${(e as Error).message}`;
      return emptyProgress();
    }
    try {
      // Loaded here: the parser needs zod, and screens should not wait for it at start-up.
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { parseProgress } = require('../game/progress-parse') as typeof import('../game/progress-parse');
      return parseProgress(text);
    } catch (e) {
      let n = 1;
      while (existsSync(`${this.file}.corrupt-${n}`)) n++;
      const aside = `${this.file}.corrupt-${n}`;
      renameSync(this.file, aside);
      this.warning = `kernlab: ${this.file} was unreadable (${(e as Error).message}); kept it as ${aside} and started afresh`;
      return emptyProgress();
    }
  }

  save(p: Progress): void {
    writeFileAtomic(this.file, JSON.stringify(p, null, 2) + '\n');
  }
}
