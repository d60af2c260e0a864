// Opening a classroom: the data folder, the journal (restored if a
// previous run left one), the host key and the join code, and the ssh
// server on its port. The CLI (src/cli/serve.ts) adds the teacher's screen
// or the headless log and the process's signals.

import { Classroom, type RestoreReport } from './classroom';
import type { Challenge } from './challenge-load';
import { existsSync, rmSync } from 'node:fs';
import path from 'node:path';
import { ensureDataDir, HOST_KEY_FILE, hostKeyFingerprint, JOIN_CODE_FILE, JOURNAL_FILE, loadOrCreateHostKey, loadOrCreateJoinCode, removeNewDataDir } from './data-dir';
import { lockDataDir } from './data-lock';
import { ClassroomSshServer } from './ssh-server';

/** How to open a classroom. */
export interface OpenOptions {
  challenge: Challenge; // what to play
  dataDir: string; // where everything is kept
  host: string; // address to listen on
  port: number; // port (0: any free port)
  maxStudents: number; // concurrent sessions
  log: (line: string) => void; // where the server's log lines go
  now?: () => number; // wall clock (default Date.now; tests move it)
  loginTimeoutMs?: number; // time a connection has to log in (default AUTH_TIMEOUT_MS; tests shorten it)
}

/** A running classroom. */
export interface OpenClassroom {
  room: Classroom; // the authority
  ssh: ClassroomSshServer; // the transport
  port: number; // the port it listens on
  joinCode: string; // the password students type
  joinCodeCreated: boolean; // made now (else read from the data folder)
  hostKeyCreated: boolean; // made now
  fingerprint: string; // the host key's SHA256 fingerprint, as ssh shows it
  restore: RestoreReport; // what the data folder held
  close(message?: string): Promise<void>; // stop: sessions told, journal marked and closed
}

/**
 * Open the data folder, restore or start the challenge, listen. Throws
 * (before listening) if the data folder holds another challenge or a
 * damaged journal, and if it cannot listen (a port in use). A server that
 * did not start leaves nothing behind: a data folder it created is
 * removed, and so are the files it made in one that was there (the
 * journal, host key and join code of a folder served for the first time);
 * what was there before is kept.
 */
export async function openClassroom(o: OpenOptions): Promise<OpenClassroom> {
  const made = ensureDataDir(o.dataDir);
  const journalFile = path.join(o.dataDir, JOURNAL_FILE);
  const hadJournal = existsSync(journalFile);
  const createdFiles: string[] = []; // in a folder that was there
  let unlock: (() => void) | null = null;
  let room: Classroom | null = null;
  let ssh: ClassroomSshServer;
  let key: { key: string; created: boolean };
  let code: { code: string; created: boolean };
  let port: number;
  try {
    unlock = lockDataDir(o.dataDir); // before the journal is touched
    room = new Classroom(o.challenge, { dataDir: o.dataDir, now: o.now }, o.maxStudents);
    if (!hadJournal) createdFiles.push(journalFile);
    key = loadOrCreateHostKey(o.dataDir);
    if (key.created) createdFiles.push(path.join(o.dataDir, HOST_KEY_FILE));
    code = loadOrCreateJoinCode(o.dataDir);
    if (code.created) createdFiles.push(path.join(o.dataDir, JOIN_CODE_FILE));
    ssh = new ClassroomSshServer({ room, hostKey: key.key, joinCode: code.code, log: o.log, now: o.now, loginTimeoutMs: o.loginTimeoutMs });
    port = await ssh.listen(o.port, o.host);
  } catch (e) {
    try {
      room?.close();
    } finally {
      unlock?.();
      if (made !== null) removeNewDataDir(o.dataDir, made);
      else for (const f of createdFiles) rmSync(f, { force: true });
    }
    throw e;
  }
  room.start();
  let closed = false;
  const release = unlock;
  return {
    room,
    ssh,
    port,
    joinCode: code.code,
    joinCodeCreated: code.created,
    hostKeyCreated: key.created,
    fingerprint: hostKeyFingerprint(key.key),
    restore: room.restore,
    async close(message?: string) {
      if (closed) return;
      closed = true;
      try {
        room.close(message);
        await ssh.close();
      } finally {
        release();
      }
    },
  };
}
