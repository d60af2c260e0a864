// The console terminal (/dev/pts/0): what programs write to stdout and
// stderr, and what the kernel's tracers print, in order. The UI and the
// headless console read it; nothing here knows about screens.

export interface TtyChunk {
  seq: number; // order of arrival
  tick: number; // jiffies when written
  pid: number; // writer (0 for the kernel)
  stream: 'stdout' | 'stderr' | 'strace' | 'console';
  text: string;
}

export class Tty {
  /** Name shown in ps's TTY column and /proc/PID/stat's tty_nr. */
  readonly name = 'pts/0';
  /** Device number: major 136 (pts), minor 0. */
  readonly rdev = (136 << 8) | 0;
  private readonly chunks: TtyChunk[] = [];
  private seq = 0;
  private readonly listeners: ((c: TtyChunk) => void)[] = [];
  /** Chunks kept for late readers. */
  static readonly KEEP = 5000;

  /** Bytes of a multi-byte character cut by the end of a write, per stream: the terminal waits for the rest. */
  private readonly partial = new Map<TtyChunk['stream'], number[]>();

  /**
   * What a program writes: bytes, shown as the terminal shows them, UTF-8
   * decoded (an invalid byte is U+FFFD, as a terminal draws it). A
   * character split between two writes (a stdio buffer boundary) is held
   * back until its last byte arrives.
   */
  writeBytes(pid: number, stream: TtyChunk['stream'], bytes: ArrayLike<number>, tick: number): void {
    const all = [...(this.partial.get(stream) ?? []), ...Array.from(bytes)];
    const cut = incompleteTail(all);
    if (cut < all.length) this.partial.set(stream, all.slice(cut));
    else this.partial.delete(stream);
    if (cut > 0) this.write(pid, stream, UTF8.decode(Uint8Array.from(all.slice(0, cut))), tick);
  }

  write(pid: number, stream: TtyChunk['stream'], text: string, tick: number): void {
    const c: TtyChunk = { seq: this.seq++, tick, pid, stream, text };
    this.chunks.push(c);
    if (this.chunks.length > Tty.KEEP) this.chunks.shift();
    for (const l of this.listeners) l(c);
  }

  /** Chunks with seq >= from. */
  since(from: number): TtyChunk[] {
    const first = this.chunks.length ? this.chunks[0].seq : this.seq;
    return this.chunks.slice(Math.max(0, from - first));
  }

  get nextSeq(): number {
    return this.seq;
  }

  listen(fn: (c: TtyChunk) => void): () => void {
    this.listeners.push(fn);
    return () => {
      const i = this.listeners.indexOf(fn);
      if (i >= 0) this.listeners.splice(i, 1);
    };
  }
}

const UTF8 = new TextDecoder('utf-8');

/** Where an unfinished UTF-8 sequence starts at the end of `b` (b.length if none). */
function incompleteTail(b: number[]): number {
  for (let i = b.length - 1; i >= 0 && i >= b.length - 3; i--) {
    const x = b[i];
    if ((x & 0xc0) === 0x80) continue; // a continuation byte: look further back
    const need = x >= 0xc2 && x <= 0xdf ? 2 : x >= 0xe0 && x <= 0xef ? 3 : x >= 0xf0 && x <= 0xf4 ? 4 : 1;
    return b.length - i < need ? i : b.length;
  }
  return b.length;
}
