// Drive a real program in a real terminal: a private tmux server per
// session, keys in with send-keys, the screen out with capture-pane.
//
//   const t = await TmuxSession.start({ command: 'node', args: ['dist/kernlab.cjs', 'play'] });
//   await t.waitForText(/Level 1/);
//   await t.sendKeys('Tab', 'Enter');
//   await t.sendText('ps\n');
//   expect(await t.waitForExit()).toBe(0);
//   await t.kill();
//
// Each session has its own tmux server on its own socket (in a fresh temp
// folder), so tests never touch the developer's tmux nor each other;
// kill() ends that server and the processes it started, nothing else.
// tmux key names for sendKeys: Enter Tab BTab Escape Space BSpace Up Down
// Left Right Home End PageUp PageDown F1..F12 C-c M-x, or any character.
import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** Absolute path of tmux, or null when it is not installed. */
export const tmuxPath: string | null = (() => {
  try {
    return execFileSync('sh', ['-c', 'command -v tmux'], { encoding: 'utf8' }).trim() || null;
  } catch {
    return null;
  }
})();

/** Why tmux tests are skipped (null when they run). */
export const tmuxSkipReason: string | null =
  tmuxPath === null ? 'tmux is not installed: end-to-end terminal tests skipped (apt-get install tmux; CI installs it)' : null;

/**
 * Call at the top of a tmux test file: prints why the tests are skipped,
 * and fails instead of skipping in CI, where tmux must be there.
 */
export function requireTmuxOrSkip(): boolean {
  if (tmuxSkipReason === null) return true;
  if (process.env.CI) throw new Error(`${tmuxSkipReason} — but CI=${process.env.CI}: .ci/run must install tmux`);
  console.warn(tmuxSkipReason);
  return false;
}

/** How to start a session. */
export interface TmuxStartOptions {
  command: string; // program to run in the pane (PATH lookup by the pane's env)
  args?: string[]; // its arguments (passed as argv, no shell)
  cols?: number; // pane width, default 120
  rows?: number; // pane height, default 40
  cwd?: string; // working directory, default process.cwd()
  env?: Record<string, string>; // extra environment for the program
  inheritEnv?: boolean; // start from process.env (default true) or from nothing
}

// Environment every session's program gets: the terminal kernlab targets,
// and ncurses' switch to Unicode line drawing as tmux wants it.
const TERMINAL_ENV = { TERM: 'xterm-256color', NCURSES_NO_UTF8_ACS: '1' };

// Distinguishes sessions of one process.
let counter = 0;

// Run a tmux client command against a server; resolves with its stdout.
function tmux(socket: string, args: string[], env: NodeJS.ProcessEnv): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(tmuxPath!, ['-S', socket, ...args], { env, encoding: 'utf8', timeout: 20_000 }, (err, stdout, stderr) => {
      if (err) reject(new Error(`tmux ${args.join(' ')}: ${stderr.trim() || err.message}`));
      else resolve(stdout);
    });
  });
}

// Whether a process exists and has not exited. A zombie counts as gone:
// once tmux is dead its children are reparented to PID 1, which may be slow
// to reap them (this machine's PID 1 is a sandbox agent).
function alive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
    return state !== 'Z' && state !== 'X';
  } catch {
    if (process.platform === 'linux') return false;
  }
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

// The wait status of a zombie as its shell would report it (exit code, or
// 128 + signal), from /proc/PID/stat's last field; null unless a zombie.
function zombieExitStatus(pid: number): number | null {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return null;
  }
  const fields = stat.slice(stat.lastIndexOf(')') + 2).trim().split(' ');
  if (fields[0] !== 'Z') return null;
  const wstatus = Number(fields[fields.length - 1]); // exit_code (Linux >= 3.5)
  return wstatus & 0x7f ? 128 + (wstatus & 0x7f) : (wstatus >> 8) & 0xff;
}

const delay = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** A program running in its own tmux server. */
export class TmuxSession {
  private killed = false; // kill() has run

  private constructor(
    readonly dir: string, // temp folder holding the socket and config
    readonly socket: string, // the server's socket path
    readonly serverPid: number, // the tmux server process
    readonly panePid: number, // the program started in the pane
    private readonly clientEnv: NodeJS.ProcessEnv, // env for tmux client commands
  ) {}

  /** Start `command` in a new detached tmux server; resolves once it runs. */
  static async start(opts: TmuxStartOptions): Promise<TmuxSession> {
    if (tmuxPath === null) throw new Error(tmuxSkipReason!);
    const dir = mkdtempSync(path.join(tmpdir(), `kernlab-tmux-${process.pid}-${counter++}-`));
    const socket = path.join(dir, 'sock');
    const conf = path.join(dir, 'tmux.conf');
    // No status line (the pane gets every row), dead panes stay for
    // capture and exit status, no escape delay for keys sent to the program.
    writeFileSync(conf, ['set -g status off', 'set -g remain-on-exit on', 'set -sg escape-time 0', 'set -g history-limit 2000', ''].join('\n'));
    const base: NodeJS.ProcessEnv = opts.inheritEnv === false ? {} : { ...process.env };
    delete base.TMUX; // not nested in the developer's tmux
    delete base.TMUX_PANE;
    const clientEnv: NodeJS.ProcessEnv = { ...base, PATH: base.PATH ?? '/usr/bin:/bin', ...TERMINAL_ENV };
    const programEnv = { ...TERMINAL_ENV, ...(opts.env ?? {}) };
    const envArgs = Object.entries(programEnv).map(([k, v]) => `${k}=${v}`);
    const out = await tmux(
      socket,
      [
        '-f', conf,
        'new-session', '-d', '-s', 'kl',
        '-x', String(opts.cols ?? 120), '-y', String(opts.rows ?? 40),
        '-c', opts.cwd ?? process.cwd(),
        '-P', '-F', '#{pid} #{pane_pid}',
        '--', 'env', ...(opts.inheritEnv === false ? ['-i'] : []), ...envArgs, opts.command, ...(opts.args ?? []),
      ],
      clientEnv,
    );
    const [serverPid, panePid] = out.trim().split(' ').map(Number) as [number, number];
    return new TmuxSession(dir, socket, serverPid, panePid, clientEnv);
  }

  /** Send keys by tmux name ('Enter', 'Tab', 'C-c', 'F1', 'q'), each as one key press. */
  async sendKeys(...keys: string[]): Promise<void> {
    for (const k of keys) await tmux(this.socket, ['send-keys', '-t', 'kl', k], this.clientEnv);
  }

  /** Type text literally ('\n' is sent as Enter). */
  async sendText(text: string): Promise<void> {
    const parts = text.split('\n');
    for (let i = 0; i < parts.length; i++) {
      if (parts[i]) await tmux(this.socket, ['send-keys', '-t', 'kl', '-l', parts[i]!], this.clientEnv);
      if (i < parts.length - 1) await this.sendKeys('Enter');
    }
  }

  /** Resize the window (the program gets SIGWINCH). */
  async resize(cols: number, rows: number): Promise<void> {
    await tmux(this.socket, ['resize-window', '-t', 'kl', '-x', String(cols), '-y', String(rows)], this.clientEnv);
  }

  /** The visible pane as text, one line per row (trailing blanks trimmed by tmux). */
  async capture(): Promise<string> {
    return tmux(this.socket, ['capture-pane', '-p', '-t', 'kl'], this.clientEnv);
  }

  /**
   * The pane's scrollback and visible rows. After the program has exited,
   * tmux 3.3 scrolls its last screen into the history to print "Pane is
   * dead", so read what a program printed on exit with this.
   */
  async captureAll(): Promise<string> {
    return tmux(this.socket, ['capture-pane', '-p', '-t', 'kl', '-S', '-'], this.clientEnv);
  }

  /**
   * Poll the pane until `pattern` matches its text; resolves with that
   * capture. On timeout throws, showing the last screen.
   */
  async waitForText(pattern: RegExp, timeoutMs = 15_000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    let last: string;
    for (let wait = 20; ; wait = Math.min(wait * 2, 200)) {
      last = await this.capture();
      if (pattern.test(last)) return last;
      if (Date.now() > deadline) {
        throw new Error(`waitForText ${pattern}: not seen after ${timeoutMs} ms; screen was:\n${last}`);
      }
      await delay(wait);
    }
  }

  /** The pane program's exit status once it has exited (polls); null if still running at timeout. */
  async waitForExit(timeoutMs = 15_000): Promise<number | null> {
    const deadline = Date.now() + timeoutMs;
    for (let wait = 20; ; wait = Math.min(wait * 2, 200)) {
      const [dead, status, signal] = (
        await tmux(this.socket, ['display-message', '-p', '-t', 'kl', '#{pane_dead} #{pane_dead_status} #{pane_dead_signal}'], this.clientEnv)
      )
        .trim()
        .split(' ');
      // tmux marks the pane dead a moment before it fills in the status: wait for both.
      if (dead === '1' && status) return Number(status);
      // Killed by a signal: the shell's convention, 128 + the signal number.
      if (dead === '1' && signal) return 128 + Number(signal);
      // tmux 3.3 now and then misses the SIGCHLD and leaves its pane's
      // program a zombie: the kernel still holds the exit status.
      const zombie = dead === '1' ? zombieExitStatus(this.panePid) : null;
      if (zombie !== null) return zombie;
      if (Date.now() > deadline) {
        console.warn(`waitForExit: pane_dead=${dead} status=${status} signal=${signal} after ${timeoutMs} ms; screen was:\n${await this.capture()}`);
        return null;
      }
      await delay(wait);
    }
  }

  /** End this session's tmux server and the program it started; remove the temp folder. Idempotent. */
  async kill(): Promise<void> {
    if (this.killed) return;
    this.killed = true;
    try {
      await tmux(this.socket, ['kill-server'], this.clientEnv);
    } catch {
      // already gone
    }
    const deadline = Date.now() + 5_000;
    while ((alive(this.serverPid) || alive(this.panePid)) && Date.now() < deadline) await delay(20);
    for (const pid of [this.panePid, this.serverPid]) {
      if (alive(pid)) {
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          // raced with its exit
        }
      }
    }
    rmSync(this.dir, { recursive: true, force: true });
  }
}
