// Fake TTY streams: what blessed needs from process.stdin/stdout, in memory.
import { EventEmitter } from 'node:events';
import type { TtyInput, TtyOutput } from '../../../src/ui/term/tty';

/**
 * A keyboard: bytes sent with send() come out as 'data' events, at once
 * while the stream flows (blessed resumes it when it wants keys), queued
 * while it is paused, like a real TTY ReadStream.
 */
export class FakeTtyInput extends EventEmitter implements TtyInput {
  isTTY = true; // a terminal, so blessed switches raw mode on
  isRaw = false; // raw mode as last set by setRawMode
  destroyed = false; // never closed by the harness
  flowing = false; // whether 'data' is delivered now
  rawModeChanges: boolean[] = []; // every setRawMode call, in order
  private queued: Buffer[] = []; // bytes sent while paused

  /** Switch raw mode (recorded for tests that check the terminal is restored). */
  setRawMode(mode: boolean): this {
    this.isRaw = mode;
    this.rawModeChanges.push(mode);
    return this;
  }

  /** Start delivering 'data', first what was queued while paused. */
  resume(): this {
    this.flowing = true;
    while (this.flowing && this.queued.length > 0) this.emit('data', this.queued.shift()!);
    return this;
  }

  /** Stop delivering 'data'; later bytes are queued. */
  pause(): this {
    this.flowing = false;
    return this;
  }

  /** The terminal sends bytes (a key press, a paste, a reply to a query). */
  send(bytes: string | Uint8Array): void {
    const chunk = typeof bytes === 'string' ? Buffer.from(bytes, 'utf8') : Buffer.from(bytes);
    if (this.flowing) this.emit('data', chunk);
    else this.queued.push(chunk);
  }
}

/**
 * A terminal window: every write goes to `sink` (the headless terminal) and
 * is recorded; resize() changes the size and emits 'resize' as a TTY
 * WriteStream does on SIGWINCH.
 */
export class FakeTtyOutput extends EventEmitter implements TtyOutput {
  isTTY = true; // a terminal
  writable = true; // blessed writes only while true
  bytesWritten = 0; // total bytes written (blessed checks it inside tmux)
  chunks: string[] = []; // every write, in order

  constructor(
    public columns: number, // width in cells
    public rows: number, // height in cells
    private readonly sink: (data: string) => void, // where the bytes go
  ) {
    super();
  }

  /** One chunk of output; always accepted (no back-pressure). */
  write(data: string | Uint8Array, cb?: (err?: Error | null) => void): boolean {
    const text = typeof data === 'string' ? data : Buffer.from(data).toString('utf8');
    this.bytesWritten += Buffer.byteLength(text);
    this.chunks.push(text);
    this.sink(text);
    if (cb) queueMicrotask(() => cb(null));
    return true;
  }

  /** The window changes size: new columns/rows, then 'resize'. */
  resize(columns: number, rows: number): void {
    this.columns = columns;
    this.rows = rows;
    this.emit('resize');
  }

  /** Everything written so far, as one string. */
  text(): string {
    return this.chunks.join('');
  }
}
