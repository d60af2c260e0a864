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

  /** A UTF-8 decoder per stream: it holds back a character cut by the end of a write, as the terminal waits for the rest. */
  private readonly decoders = new Map<TtyChunk['stream'], InstanceType<typeof TextDecoder>>();

  /**
   * What a program writes: bytes, shown as the terminal shows them, UTF-8
   * decoded (an invalid byte is U+FFFD, as a terminal draws it). A
   * character split between two writes (a stdio buffer boundary) is held
   * back until its last byte arrives.
   */
  writeBytes(pid: number, stream: TtyChunk['stream'], bytes: ArrayLike<number>, tick: number): void {
    let decoder = this.decoders.get(stream);
    if (!decoder) this.decoders.set(stream, (decoder = new TextDecoder('utf-8')));
    const text = decoder.decode(bytes instanceof Uint8Array ? bytes : Uint8Array.from(bytes), { stream: true });
    if (text) this.write(pid, stream, text, tick);
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
