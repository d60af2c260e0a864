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
