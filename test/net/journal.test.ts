// The journal: records survive as written; a torn last line (a crash in
// the middle of a write) is ignored and cut off before the next append;
// any other damage is refused.
import { appendFileSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Journal, JournalError, readJournal } from '../../src/net/journal';
import type { JournalRecord } from '../../src/net/journal-records';
import { tempDir } from './helpers';

const challenge: JournalRecord = {
  t: 'challenge',
  v: 1,
  title: 'T',
  file: 'c.yaml',
  hash: 'h',
  levels: ['first-contact'],
  durationMs: 60_000,
  seed: { kind: 'shared', seed: 's' },
  at: 1,
};
const join: JournalRecord = { t: 'join', name: 'alice', elapsedMs: 5, at: 2 };
const step: JournalRecord = { t: 'step', name: 'alice', step: { tick: 3, cmd: 'ps' } };

let cleanups: Array<() => void> = [];
afterEach(() => {
  for (const c of cleanups) c();
  cleanups = [];
});

function journalFile(): string {
  const t = tempDir();
  cleanups.push(t.cleanup);
  return path.join(t.dir, 'journal.jsonl');
}

describe('journal', () => {
  it('reads back what was appended, in order, one JSON line each (0600)', () => {
    const file = journalFile();
    const j = new Journal(file, readJournal(file));
    j.append(challenge);
    j.append(join);
    j.append(step);
    j.close();
    expect(readJournal(file).records).toEqual([challenge, join, step]);
    expect(readFileSync(file, 'utf8').split('\n')).toHaveLength(4);
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it('ignores a torn last line and cuts it off before the next record', () => {
    const file = journalFile();
    const j = new Journal(file, readJournal(file));
    j.append(challenge);
    j.append(join);
    j.close();
    appendFileSync(file, '{"t":"step","name":"alice","st'); // the crash
    const c = readJournal(file);
    expect(c.records).toEqual([challenge, join]);
    expect(c.torn).toBe('{"t":"step","name":"alice","st');
    const j2 = new Journal(file, c);
    j2.append(step);
    j2.close();
    const again = readJournal(file);
    expect(again.records).toEqual([challenge, join, step]);
    expect(again.torn).toBe('');
  });

  it('a last line that is whole but not a record counts as torn too', () => {
    const file = journalFile();
    writeFileSync(file, JSON.stringify(challenge) + '\n' + '{"t":"nonsense"}\n');
    expect(readJournal(file).records).toEqual([challenge]);
  });

  it('refuses damage anywhere but the last line, naming the line', () => {
    const file = journalFile();
    writeFileSync(file, JSON.stringify(challenge) + '\ngarbage\n' + JSON.stringify(join) + '\n');
    expect(() => readJournal(file)).toThrow(JournalError);
    expect(() => readJournal(file)).toThrow(/journal\.jsonl:2: not a journal record: garbage/);
  });

  it('a missing file reads as empty', () => {
    expect(readJournal(journalFile())).toEqual({ records: [], goodBytes: 0, torn: '' });
  });
});
