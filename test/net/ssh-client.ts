// A scripted student: an ssh2 client with a pty, whose output is fed into
// a headless xterm so tests read the screen the way a student sees it.
import { Terminal } from '@xterm/headless';
import { Client, type ClientChannel } from 'ssh2';

/** How a student logs in. */
export interface StudentLogin {
  port: number; // the server's port
  name: string; // ssh user name
  code: string; // the join code typed
  method?: 'password' | 'keyboard-interactive'; // default keyboard-interactive
  cols?: number; // pty size (default 80x24)
  rows?: number;
  env?: Record<string, string>; // sent with env requests (default LANG=C.UTF-8)
  pty?: boolean; // request a pty (default true)
}

const delay = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Why a login failed: ssh2's error level and message. */
export class LoginFailed extends Error {
  constructor(
    readonly level: string,
    message: string,
  ) {
    super(message);
  }
}

export class SshStudent {
  raw = ''; // every byte the server sent on the channel, as text
  exitCode: number | null = null; // the channel's exit status, once it closed
  closed: Promise<void>; // resolves when the channel closes
  private term: Terminal; // what the student sees
  private pending = Promise.resolve(); // xterm writes in flight

  private constructor(
    readonly client: Client,
    readonly stream: ClientChannel,
    cols: number,
    rows: number,
    exit: { code: number | null; on(f: (code: number) => void): void },
  ) {
    this.exitCode = exit.code;
    exit.on((code) => {
      this.exitCode = code;
    });
    this.term = new Terminal({ cols, rows, allowProposedApi: true, scrollback: 0 });
    stream.on('data', (d: Buffer) => {
      const s = d.toString('utf8');
      this.raw += s;
      this.pending = this.pending.then(() => new Promise<void>((r) => this.term.write(s, r)));
    });
    this.closed = new Promise((resolve) => stream.on('close', () => resolve()));
    client.on('error', () => undefined);
  }

  /** Connect and log in; rejects with LoginFailed when the server refuses. */
  static connectClient(o: StudentLogin): Promise<Client> {
    return new Promise((resolve, reject) => {
      const c = new Client();
      c.on('keyboard-interactive', (_n, _i, _l, prompts, finish) => finish(prompts.map(() => o.code)));
      c.on('ready', () => resolve(c));
      c.on('error', (e: Error & { level?: string }) => reject(new LoginFailed(e.level ?? 'error', e.message)));
      c.on('close', () => reject(new LoginFailed('closed', 'connection closed')));
      const kbd = (o.method ?? 'keyboard-interactive') === 'keyboard-interactive';
      c.connect({
        host: '127.0.0.1',
        port: o.port,
        username: o.name,
        ...(kbd ? { tryKeyboard: true } : { password: o.code }),
        authHandler: kbd ? ['keyboard-interactive', 'keyboard-interactive', 'keyboard-interactive', 'keyboard-interactive'] : ['password', 'password', 'password', 'password'],
        readyTimeout: 20_000,
      });
    });
  }

  /** Log in and open the interactive session. */
  static async login(o: StudentLogin): Promise<SshStudent> {
    const client = await SshStudent.connectClient(o);
    const cols = o.cols ?? 80;
    const rows = o.rows ?? 24;
    // 'exit' may come in the same packet as the shell's reply: listen at once.
    const exit = { code: null as number | null, f: null as ((code: number) => void) | null, on(f: (code: number) => void) { this.f = f; } };
    const stream = await new Promise<ClientChannel>((resolve, reject) => {
      const cb = (err: Error | undefined, s: ClientChannel): void => {
        if (err) return reject(err);
        s.on('exit', (code: number) => {
          exit.code = code;
          exit.f?.(code);
        });
        resolve(s);
      };
      const env = o.env ?? { LANG: 'C.UTF-8' };
      if (o.pty === false) client.shell(false, { env }, cb);
      else client.shell({ term: 'xterm-256color', cols, rows }, { env }, cb);
    });
    return new SshStudent(client, stream, cols, rows, exit);
  }

  /** The visible screen, one string per row. */
  async screen(): Promise<string> {
    await this.pending;
    const b = this.term.buffer.active;
    const out: string[] = [];
    for (let y = 0; y < this.term.rows; y++) out.push(b.getLine(b.viewportY + y)?.translateToString(true) ?? '');
    return out.join('\n');
  }

  /** Wait until the screen matches; throws with the screen on timeout. */
  async waitFor(re: RegExp, timeoutMs = 15_000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const s = await this.screen();
      if (re.test(s)) return s;
      if (Date.now() > deadline) throw new Error(`waitFor ${re}: not seen; screen:\n${s}\n(raw tail: ${JSON.stringify(this.raw.slice(-300))})`);
      await delay(30);
    }
  }

  /** Wait until the raw output (e.g. a message printed after the screen closed) matches. */
  async waitForRaw(re: RegExp, timeoutMs = 15_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!re.test(this.raw)) {
      if (Date.now() > deadline) throw new Error(`waitForRaw ${re}: not seen; raw tail: ${JSON.stringify(this.raw.slice(-400))}`);
      await delay(30);
    }
  }

  /** Type text, one key at a time ('\r' is Enter). */
  async type(text: string, gapMs = 2): Promise<void> {
    for (const ch of text) {
      this.stream.write(ch);
      if (gapMs) await delay(gapMs);
    }
  }

  /** Send raw bytes at once (a paste, a key sequence). */
  send(bytes: string | Buffer): void {
    this.stream.write(bytes);
  }

  /** Tell the server the window changed size. */
  resize(cols: number, rows: number): void {
    this.term.resize(cols, rows);
    this.stream.setWindow(rows, cols, 0, 0);
  }

  /** Close the connection politely. */
  end(): void {
    this.client.end();
  }

  /** Vanish: cut the TCP connection without a word. */
  vanish(): void {
    (this.client as unknown as { _sock?: { destroy(): void } })._sock?.destroy();
  }
}
