// The classroom's data folder: everything a challenge needs to survive a
// crash and be checked afterwards.
//
//   DIR/journal.jsonl         the append-only journal (journal.ts)
//   DIR/host_ed25519_key      the server's ssh host key (0600), made once
//   DIR/join-code             the join code (0600), made once
//   DIR/runs/NAME/*.json      every decided attempt's run log (kernlab replay)
//
// Secrets are written 0600 in a 0700 folder, atomically (temporary file,
// fsync, rename, fsync of the folder).

import { chmodSync, closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, rmdirSync, rmSync, statSync, writeSync } from 'node:fs';
import path from 'node:path';
import { createHash, randomInt } from 'node:crypto';
import { utils } from 'ssh2';
import type { RunLog } from '../game/runlog';
import { JOIN_CODE_LENGTH } from './limits';

export const JOURNAL_FILE = 'journal.jsonl';
export const HOST_KEY_FILE = 'host_ed25519_key';
export const JOIN_CODE_FILE = 'join-code';
export const RUNS_DIR = 'runs';

/** Characters of join codes: no 0/o, 1/l/i, so a code read aloud or off a projector is typed right. */
const CODE_ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';

/**
 * Create the data folder (0700) if needed. Returns the first folder it
 * created (`dir` itself or a parent), or null if `dir` was there.
 */
export function ensureDataDir(dir: string): string | null {
  return mkdirSync(dir, { recursive: true, mode: 0o700 }) ?? null;
}

/**
 * Undo ensureDataDir for a server that could not start: remove `dir` and
 * the parents ensureDataDir created down to `made` (its return value;
 * null: nothing). A parent is removed only if empty (another program may
 * have put something there meanwhile).
 */
export function removeNewDataDir(dir: string, made: string | null): void {
  if (made === null) return;
  rmSync(dir, { recursive: true, force: true });
  for (let d = path.dirname(dir); d.length >= made.length && d.startsWith(made); d = path.dirname(d)) {
    try {
      rmdirSync(d);
    } catch {
      return; // not empty (or not ours to remove): keep it and what holds it
    }
    if (d === made) return;
  }
}

/** Write `text` to `file` atomically with the given mode (fsync'ed, the folder too). */
export function writeFileDurable(file: string, text: string | Buffer, mode: number): void {
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const tmp = `${file}.tmp-${process.pid}`;
  const fd = openSync(tmp, 'w', mode);
  try {
    const bytes = typeof text === 'string' ? Buffer.from(text, 'utf8') : text;
    let off = 0;
    while (off < bytes.length) off += writeSync(fd, bytes, off, bytes.length - off);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  chmodSync(tmp, mode); // the umask may have cut bits from `mode`
  renameSync(tmp, file);
  try {
    const dfd = openSync(path.dirname(file), 'r');
    try {
      fsyncSync(dfd);
    } finally {
      closeSync(dfd);
    }
  } catch {
    // Some filesystems refuse fsync on a folder; the rename is atomic all the same.
  }
}

/** Read a secret file, making sure only the owner can read it (0600). */
function readSecret(file: string): string {
  const mode = statSync(file).mode & 0o777;
  if (mode & 0o077) chmodSync(file, 0o600);
  return readFileSync(file, 'utf8');
}

/** The host key (OpenSSH private key text), generated and kept on first use. */
export function loadOrCreateHostKey(dir: string): { key: string; created: boolean } {
  const file = path.join(dir, HOST_KEY_FILE);
  if (existsSync(file)) return { key: readSecret(file), created: false };
  const pair = utils.generateKeyPairSync('ed25519', { comment: 'kernlab classroom' });
  writeFileDurable(file, pair.private, 0o600);
  return { key: pair.private, created: true };
}

/**
 * The host key's fingerprint as OpenSSH shows it ("SHA256:..."), for
 * students to check the first time ssh asks whether to trust the server.
 */
export function hostKeyFingerprint(privateKey: string): string {
  const parsed = utils.parseKey(privateKey);
  const key = Array.isArray(parsed) ? parsed[0] : parsed;
  if (key instanceof Error) throw key;
  return 'SHA256:' + createHash('sha256').update(key.getPublicSSH()).digest('base64').replace(/=+$/, '');
}

/** A fresh join code, "abcd-efgh" (two groups of JOIN_CODE_LENGTH / 2). */
export function newJoinCode(): string {
  let s = '';
  for (let i = 0; i < JOIN_CODE_LENGTH; i++) s += CODE_ALPHABET[randomInt(CODE_ALPHABET.length)];
  return `${s.slice(0, JOIN_CODE_LENGTH / 2)}-${s.slice(JOIN_CODE_LENGTH / 2)}`;
}

/** The join code, made and kept on first use (a restart keeps the code students know). */
export function loadOrCreateJoinCode(dir: string): { code: string; created: boolean } {
  const file = path.join(dir, JOIN_CODE_FILE);
  if (existsSync(file)) {
    const code = readSecret(file).trim();
    if (code) return { code, created: false };
  }
  const code = newJoinCode();
  writeFileDurable(file, code + '\n', 0o600);
  return { code, created: true };
}

/**
 * Whether `typed` is the join code. Case, spaces and dashes do not matter
 * ("ABCD EFGH" and "abcdefgh" both match "abcd-efgh").
 */
export function joinCodeMatches(code: string, typed: string): boolean {
  const norm = (s: string): string => s.toLowerCase().replace(/[\s-]/g, '');
  const a = norm(code);
  const b = norm(typed);
  if (a.length !== b.length || a.length === 0) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}

/** Where an attempt's run log goes, relative to the data folder. */
export function runLogPath(name: string, index: number, level: string, attempt: number): string {
  return path.posix.join(RUNS_DIR, name, `${String(index + 1).padStart(2, '0')}-${level}-try${attempt}.json`);
}

/** Write a run log (durably) under the data folder; `rel` from runLogPath. */
export function writeRunLog(dir: string, rel: string, log: RunLog): void {
  writeFileDurable(path.join(dir, rel), JSON.stringify(log) + '\n', 0o644);
}
