// The classroom journal: an append-only file of JSON lines, one record per
// line, each written and fsync'ed before anything that depends on it is
// shown. Plain files only (no native modules): it works the same inside
// the standalone binary.
//
// A crash can tear only the last line (a record half-written when the
// power went): reading ignores it, and opening for append cuts it off so
// the next record starts on a line of its own. Any other unreadable line
// means the file was damaged by something else: reading refuses it.

import { closeSync, existsSync, fstatSync, fsyncSync, ftruncateSync, mkdirSync, openSync, readFileSync, writeSync } from 'node:fs';
import path from 'node:path';
import { JournalRecordSchema, type JournalRecord } from './journal-records';

/** What reading a journal found. */
export interface JournalContents {
  records: JournalRecord[]; // every whole record, in order
  goodBytes: number; // length of the file up to the end of the last whole record
  torn: string; // the torn last line that was ignored ('' if none)
}

/** A damaged journal (not just a torn last line). */
export class JournalError extends Error {}

/**
 * Read a journal file's records. A torn last line is ignored (reported in
 * `torn`); a bad line anywhere else throws JournalError naming the line.
 * A missing file reads as empty.
 */
export function readJournal(file: string): JournalContents {
  if (!existsSync(file)) return { records: [], goodBytes: 0, torn: '' };
  const buf = readFileSync(file);
  const records: JournalRecord[] = [];
  let start = 0;
  let lineNo = 0;
  while (start < buf.length) {
    const nl = buf.indexOf(0x0a, start);
    const end = nl === -1 ? buf.length : nl;
    const text = buf.subarray(start, end).toString('utf8');
    lineNo++;
    const last = nl === -1 || nl === buf.length - 1;
    const rec = nl === -1 ? null : parseRecord(text);
    if (rec === null) {
      if (last) return { records, goodBytes: start, torn: text };
      throw new JournalError(`${file}:${lineNo}: not a journal record: ${text.slice(0, 80)}`);
    }
    records.push(rec);
    start = end + 1;
  }
  return { records, goodBytes: start, torn: '' };
}

/** One line as a record, or null if it is not one. */
function parseRecord(text: string): JournalRecord | null {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return null;
  }
  const r = JournalRecordSchema.safeParse(data);
  return r.success ? (r.data as JournalRecord) : null;
}

export class Journal {
  private fd: number; // open for append; -1 once closed
  records = 0; // records in the file (read at open, plus appended)

  /**
   * Open `file` for appending (creating it and its folder), after cutting
   * off a torn last line. `contents` is what readJournal found in it.
   */
  constructor(
    readonly file: string, // the journal's path
    contents: JournalContents,
  ) {
    mkdirSync(path.dirname(file), { recursive: true });
    this.fd = openSync(file, 'a', 0o600);
    if (fstatSync(this.fd).size !== contents.goodBytes) {
      ftruncateSync(this.fd, contents.goodBytes);
      fsyncSync(this.fd);
    }
    this.records = contents.records.length;
  }

  /**
   * Append one record and fsync it: when this returns, the record is on
   * disk. Throws if the write fails (the caller must not show what it
   * could not keep).
   */
  append(rec: JournalRecord): void {
    if (this.fd < 0) throw new Error(`journal ${this.file} is closed`);
    const bytes = Buffer.from(JSON.stringify(rec) + '\n', 'utf8');
    let off = 0;
    while (off < bytes.length) off += writeSync(this.fd, bytes, off, bytes.length - off);
    fsyncSync(this.fd);
    this.records++;
  }

  /** Close the file. Idempotent. */
  close(): void {
    if (this.fd < 0) return;
    closeSync(this.fd);
    this.fd = -1;
  }
}
