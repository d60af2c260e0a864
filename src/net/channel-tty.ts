// An ssh session channel as a terminal for blessed (src/ui/term/tty.ts):
// the keyboard side is fed by the session (after the input guard), the
// screen side writes into the channel and carries the size from pty-req
// and window-change. The server's own stdin/stdout are never involved.

import { EventEmitter } from 'node:events';
import type { TtyInput, TtyOutput } from '../ui/term/tty';
import { DEFAULT_COLS, DEFAULT_ROWS, MAX_COLS, MAX_ROWS } from './limits';

/** A terminal size a client claimed, made sane: 0 means the default; huge is clamped. */
export function saneSize(cols: number, rows: number): { cols: number; rows: number } {
  const c = Number.isFinite(cols) && cols > 0 ? Math.min(Math.floor(cols), MAX_COLS) : DEFAULT_COLS;
  const r = Number.isFinite(rows) && rows > 0 ? Math.min(Math.floor(rows), MAX_ROWS) : DEFAULT_ROWS;
  return { cols: c, rows: r };
}

/** The keyboard: bytes pushed by the session come out as 'data' while flowing. */
export class ChannelInput extends EventEmitter implements TtyInput {
  isTTY = true; // a pty was requested: blessed asks for raw mode (a no-op here: the client's pty is raw)
  isRaw = false; // what blessed last set
  destroyed = false; // the channel is gone
  private flowing = false; // blessed resumed it
  private queued: Buffer[] = []; // bytes that came while paused

  setRawMode(mode: boolean): this {
    this.isRaw = mode;
    return this;
  }

  resume(): this {
    this.flowing = true;
    while (this.flowing && this.queued.length) this.emit('data', this.queued.shift()!);
    return this;
  }

  pause(): this {
    this.flowing = false;
    return this;
  }

  /** Bytes from the student's keyboard. */
  push(bytes: Buffer): void {
    if (this.destroyed) return;
    if (this.flowing) this.emit('data', bytes);
    else if (this.queued.length < 64) this.queued.push(bytes);
  }
}

/** The channel's write side, as much of a stream as blessed needs. */
export interface ChannelSink {
  write(data: string | Uint8Array): boolean; // queue bytes for the client
  writableLength?: number; // bytes queued and not yet sent
}

/** The screen: frames go into the channel while it is open. */
export class ChannelOutput extends EventEmitter implements TtyOutput {
  isTTY = true; // a terminal
  writable = true; // false once the channel closed: blessed stops writing
  bytesWritten = 0; // total bytes sent
  columns: number; // width in cells
  rows: number; // height in cells

  constructor(
    private readonly sink: ChannelSink, // the ssh channel
    cols: number,
    rows: number,
    private readonly onBacklog: () => void, // the client stopped reading: drop it
    private readonly backlogMax: number, // bytes queued before that happens
  ) {
    super();
    const s = saneSize(cols, rows);
    this.columns = s.cols;
    this.rows = s.rows;
  }

  write(data: string | Uint8Array, cb?: (err?: Error | null) => void): boolean {
    if (!this.writable) {
      if (cb) queueMicrotask(() => cb(null));
      return false;
    }
    const n = typeof data === 'string' ? Buffer.byteLength(data) : data.length;
    this.bytesWritten += n;
    const ok = this.sink.write(data);
    if (cb) queueMicrotask(() => cb(null));
    if ((this.sink.writableLength ?? 0) > this.backlogMax) {
      this.writable = false;
      this.onBacklog();
    }
    return ok;
  }

  /** window-change: the new size, then 'resize' (blessed lays out again). */
  resize(cols: number, rows: number): void {
    const s = saneSize(cols, rows);
    if (s.cols === this.columns && s.rows === this.rows) return;
    this.columns = s.cols;
    this.rows = s.rows;
    this.emit('resize');
  }
}
