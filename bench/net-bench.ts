// Classroom benchmarks: the real `kernlab serve` process on loopback with
// N scripted ssh2 students (80x24 ptys), each typing a console command
// every 2 s one key at a time. Measured: keystroke-to-echo latency (key
// sent -> the screen's bytes with that key back), command latency (Enter
// -> its output), and the server process's CPU and RSS, at 10, 50 and 100
// students. Then the time to restore a crashed classroom whose journal
// holds 100 students' results.
//
// The clients run in this process (their ssh crypto competes with the
// server for the same 2 cores, as students on one machine would not: the
// figures are pessimistic).
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { Terminal } from '@xterm/headless';
import { Client, type ClientChannel } from 'ssh2';
import { reduceJournal } from '../src/net/class-state';
import { readJournal } from '../src/net/journal';

/** Where the CLI bundle is (dist/kernlab.cjs next to this bundle, or built from the repository). */
function cliPath(): string {
  for (const p of [path.join(__dirname, 'kernlab.cjs'), path.join(__dirname, '..', 'dist', 'kernlab.cjs')]) if (existsSync(p)) return p;
  throw new Error('dist/kernlab.cjs is missing: run `npm run build` first');
}

const delay = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Commands the students type in turn (first-contact allows them; none lets time run). */
const COMMANDS = ['ps', 'uptime', 'pstree', 'ps -o pid,stat,comm', 'jobs'];

/** A running server process. */
interface Server {
  child: ChildProcess; // the process
  port: number; // ssh port
  code: string; // join code
  dir: string; // data folder
  out: string[]; // its output
}

async function startServer(cli: string, dir: string, args: string[] = []): Promise<Server> {
  const child = spawn(process.execPath, [cli, 'serve', '--headless', '--port', '0', '--challenge', 'demo', '--data', dir, '--max-students', '500', ...args], {
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const out: string[] = [];
  let text = '';
  const ready = new Promise<{ port: number; code: string }>((resolve, reject) => {
    const onData = (d: Buffer): void => {
      text += d.toString();
      const m = /ssh -p (\d+) NAME@[\s\S]*join code: (\S+)/.exec(text);
      if (m) resolve({ port: Number(m[1]), code: m[2] });
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (d: Buffer) => out.push(d.toString()));
    child.on('exit', (c) => reject(new Error(`server exited (${c}): ${text}${out.join('')}`)));
  });
  const { port, code } = await ready;
  child.stdout!.on('data', (d: Buffer) => out.push(d.toString()));
  return { child, port, code, dir, out };
}

async function stopServer(s: Server): Promise<void> {
  if (s.child.exitCode !== null) return;
  const done = new Promise((r) => s.child.on('exit', r));
  s.child.kill('SIGTERM');
  await done;
}

/** CPU time (ms) and RSS/peak RSS (KiB) of a process, from /proc. */
function procStats(pid: number): { cpuMs: number; rssKiB: number; hwmKiB: number } {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]); // utime + stime, in clock ticks (USER_HZ = 100)
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = (key: string): number => Number(new RegExp(`${key}:\\s+(\\d+) kB`).exec(status)?.[1] ?? 0);
  return { cpuMs: ticks * 10, rssKiB: kib('VmRSS'), hwmKiB: kib('VmHWM') };
}

/** One scripted student. */
class Student {
  private client = new Client(); // the ssh connection
  private stream: ClientChannel | null = null; // the session
  private waiter: { re: RegExp; resolve: () => void } | null = null; // a wait for text
  private readonly term = new Terminal({ cols: 80, rows: 24, allowProposedApi: true, scrollback: 0 }); // the student's screen
  readonly echoMs: number[] = []; // keystroke-to-echo latencies
  readonly commandMs: number[] = []; // Enter-to-output latencies
  stopped = false; // stop typing

  constructor(
    readonly name: string,
    private readonly port: number,
    private readonly code: string,
  ) {}

  async connect(): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      this.client.on('ready', () => resolve());
      this.client.on('error', reject);
      this.client.on('keyboard-interactive', (_n, _i, _l, prompts, finish) => finish(prompts.map(() => this.code)));
      this.client.connect({ host: '127.0.0.1', port: this.port, username: this.name, tryKeyboard: true, readyTimeout: 60_000 });
    });
    // OpenSSH's ssh sets TCP_NODELAY for an interactive session (packet_set_interactive):
    // without it, Nagle holds a key until the last one is acknowledged, and Linux delays that ACK ~40 ms.
    this.client.setNoDelay(true);
    this.stream = await new Promise<ClientChannel>((resolve, reject) =>
      this.client.shell({ term: 'xterm-256color', cols: 80, rows: 24 }, { env: { LANG: 'C.UTF-8' } }, (err, s) => (err ? reject(err) : resolve(s))),
    );
    this.stream.on('data', (d: Buffer) => this.onData(d.toString('utf8')));
  }

  private check: { ok: () => boolean; resolve: () => void } | null = null; // a wait for a screen condition

  /** Wait until `ok()` holds for the screen (checked after each output chunk). */
  private until(ok: () => boolean, timeoutMs: number): Promise<boolean> {
    return new Promise<boolean>((resolve) => {
      const t = setTimeout(() => {
        this.check = null;
        resolve(false);
      }, timeoutMs);
      this.check = {
        ok,
        resolve: () => {
          clearTimeout(t);
          resolve(true);
        },
      };
    });
  }

  private onData(s: string): void {
    this.term.write(s, () => {
      if (this.check?.ok()) {
        const r = this.check.resolve;
        this.check = null;
        r();
      }
      if (this.waiter && this.waiter.re.test(this.screen())) {
        const r = this.waiter.resolve;
        this.waiter = null;
        r();
      }
    });
  }

  /** The screen as text (blessed redraws only what changed: raw bytes do not hold whole words). */
  private screen(): string {
    const b = this.term.buffer.active;
    let out = '';
    for (let y = 0; y < this.term.rows; y++) out += (b.getLine(b.viewportY + y)?.translateToString(true) ?? '') + '\n';
    return out;
  }

  /** The text at the console's last prompt (null if none is shown). */
  private promptText(): string | null {
    const lines = this.screen().split('\n');
    for (let y = lines.length - 1; y >= 0; y--) {
      const i = lines[y].lastIndexOf('kernlab#');
      if (i >= 0) return lines[y].slice(i + 8).replace(/[│|]\s*$/, '').trim();
    }
    return null;
  }

  /** Whether the console's last prompt is empty (the command before it has run and its output is shown). */
  private promptEmpty(): boolean {
    return this.promptText() === '';
  }

  /** Wait for text on the screen. */
  async waitFor(re: RegExp, timeoutMs = 60_000): Promise<boolean> {
    if (re.test(this.screen())) return true;
    return new Promise<boolean>((resolve) => {
      const t = setTimeout(() => {
        this.waiter = null;
        resolve(false);
      }, timeoutMs);
      this.waiter = {
        re,
        resolve: () => {
          clearTimeout(t);
          resolve(true);
        },
      };
    });
  }

  /** Press Enter on the briefing and wait for the console. */
  async enterLevel(): Promise<void> {
    if (!(await this.waitFor(/First contact/))) throw new Error(`${this.name}: no briefing`);
    this.stream!.write('\r');
    if (!(await this.waitFor(/kernlab#/))) throw new Error(`${this.name}: no console`);
  }

  /** Let time run on the machine (Esc leaves the console, Space resumes, ':' back to the console). */
  async runTime(): Promise<void> {
    this.stream!.write('\x1b');
    await delay(150); // a lone Esc (not Meta-Space)
    this.stream!.write(' ');
    await delay(150);
    this.stream!.write(':');
    await this.until(() => /RUNNING/.test(this.screen()), 5000);
  }

  /** The machine's tick, from the game screen's header. */
  tick(): number {
    const m = / tick (\d+) /.exec(this.screen().split('\n')[0]);
    return m ? Number(m[1]) : NaN;
  }

  /** Type one key and wait (at most 5 s) until the prompt shows `typed` (the line so far, this key included). */
  private async key(ch: string, typed: string): Promise<void> {
    const t0 = performance.now();
    this.stream!.write(ch);
    const ok = await this.until(() => this.promptText() === typed, 5000);
    this.echoMs.push(ok ? performance.now() - t0 : 5000);
  }

  /** Type a command every `periodMs`, key by key (`gapMs` apart), until stopped. */
  async typeLoop(periodMs: number, gapMs: number, offsetMs: number): Promise<void> {
    await delay(offsetMs);
    let i = 0;
    while (!this.stopped) {
      const start = performance.now();
      const n = i++ % COMMANDS.length;
      if (!this.promptEmpty()) await this.until(() => this.promptEmpty(), 5000);
      const cmd = COMMANDS[n];
      for (let k = 0; k < cmd.length; k++) {
        await this.key(cmd[k], cmd.slice(0, k + 1).trimEnd());
        await delay(gapMs);
      }
      // Done when the output is shown under the command and a fresh, empty prompt follows.
      const t0 = performance.now();
      this.stream!.write('\r');
      const shown = await this.until(() => this.promptEmpty(), 10_000);
      this.commandMs.push(shown ? performance.now() - t0 : 10_000);
      const rest = periodMs - (performance.now() - start);
      if (rest > 0) await delay(rest);
    }
  }

  end(): void {
    this.stopped = true;
    this.client.end();
  }
}

function pct(xs: number[], p: number): number {
  if (!xs.length) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
}

const f1 = (x: number): string => (Number.isFinite(x) ? x.toFixed(1) : '-');

/** One row: N students typing for `seconds` (with every machine's time running at 1x if `running`). */
async function measure(cli: string, n: number, seconds: number, running = false): Promise<string> {
  const dir = mkdtempSync(path.join(tmpdir(), 'kernlab-bench-net-'));
  const server = await startServer(cli, dir, ['--start']);
  try {
    await delay(500);
    const idle = procStats(server.child.pid!);
    const students: Student[] = [];
    for (let i = 0; i < n; i += 10) {
      const batch = Array.from({ length: Math.min(10, n - i) }, (_, j) => new Student(`s${i + j}`, server.port, server.code));
      await Promise.all(batch.map((s) => s.connect()));
      await Promise.all(batch.map((s) => s.enterLevel()));
      if (running) await Promise.all(batch.map((s) => s.runTime()));
      students.push(...batch);
    }
    const loops = students.map((s, i) => s.typeLoop(2000, 40, (i * 2000) / n));
    await delay(3000); // warm-up
    for (const s of students) {
      s.echoMs.length = 0;
      s.commandMs.length = 0;
    }
    const a = procStats(server.child.pid!);
    const ticks0 = students.map((s) => s.tick());
    const t0 = performance.now();
    await delay(seconds * 1000);
    const b = procStats(server.child.pid!);
    const wall = performance.now() - t0;
    const speeds = students.map((s, i) => (s.tick() - ticks0[i]) / wall).filter((x) => Number.isFinite(x));
    const speed = speeds.reduce((x, y) => x + y, 0) / Math.max(1, speeds.length);
    const echo = students.flatMap((s) => s.echoMs);
    const cmd = students.flatMap((s) => s.commandMs);
    for (const s of students) s.end();
    await Promise.all(loops);
    const cpu = ((b.cpuMs - a.cpuMs) / wall) * 100;
    const perStudent = (b.rssKiB - idle.rssKiB) / 1024 / n;
    return (
      `${String(n).padStart(4)}${running ? ' run' : '    '}  ${running ? `${speed.toFixed(2)}x`.padStart(6) : '     -'}  ${f1(pct(echo, 50)).padStart(7)}  ${f1(pct(echo, 99)).padStart(7)}  ${f1(pct(cmd, 50)).padStart(7)}  ${f1(pct(cmd, 99)).padStart(8)}  ` +
      `${f1(cpu).padStart(6)}%  ${f1(b.rssKiB / 1024).padStart(7)}  ${f1(b.hwmKiB / 1024).padStart(7)}  ${f1(perStudent).padStart(9)}  ${String(echo.length).padStart(6)}`
    );
  } finally {
    await stopServer(server);
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * A journal as a 100-student challenge leaves it after a while: everyone
 * joined, solved two levels (a dozen commands each) and is a dozen commands
 * into the third, with the clock marked every 5 s for 20 minutes.
 */
function writeJournal(dir: string, students: number, hash: string): number {
  const lines: string[] = [];
  const at = 1_700_000_000_000;
  const levels = ['first-contact', 'zombie-frozen-parent', 'read-only'];
  lines.push(JSON.stringify({ t: 'challenge', v: 1, title: 'Processes and memory, quick round', file: 'levels/challenges/demo.yaml', hash, levels, durationMs: 1_200_000, seed: { kind: 'per-student', seed: 'demo-1' }, at }));
  lines.push(JSON.stringify({ t: 'clock', why: 'start', phase: 'running', elapsedMs: 0, durationMs: 1_200_000, at }));
  for (let s = 0; s < students; s++) lines.push(JSON.stringify({ t: 'join', name: `student${s}`, elapsedMs: s * 100, at: at + s * 100 }));
  let elapsed = 10_000;
  for (let lv = 0; lv < 3; lv++) {
    for (let s = 0; s < students; s++) {
      const name = `student${s}`;
      lines.push(JSON.stringify({ t: 'level', name, index: lv, level: levels[lv], attempt: 1, seed: 'x', elapsedMs: elapsed, at: at + elapsed }));
      for (let k = 0; k < 12; k++) lines.push(JSON.stringify({ t: 'step', name, step: { tick: 100 * k, cmd: k % 3 ? 'ps -o pid,stat,comm' : 'cat /proc/1/status' } }));
      lines.push(JSON.stringify({ t: 'tick', name, tick: 1300 }));
      if (lv < 2) {
        lines.push(JSON.stringify({ t: 'result', name, index: lv, level: levels[lv], attempt: 1, outcome: 'solved', score: 700 + s, stars: 2, ticks: 1200, actions: 1, commands: 12, hints: 0, log: `runs/${name}/x.json`, elapsedMs: elapsed + 1000, at: at + elapsed + 1000 }));
      }
      elapsed += 20;
    }
    for (let m = 0; m < 80; m++) {
      elapsed += 5000;
      lines.push(JSON.stringify({ t: 'clock', why: 'mark', phase: 'running', elapsedMs: elapsed, durationMs: 1_200_000, at: at + elapsed }));
    }
  }
  writeFileSync(path.join(dir, 'journal.jsonl'), lines.join('\n') + '\n', { mode: 0o600 });
  return lines.length;
}

/** Time to restore: open the crashed classroom (process start to the join line), median of 5. */
async function restoreFigures(cli: string): Promise<string> {
  const dir = mkdtempSync(path.join(tmpdir(), 'kernlab-bench-restore-'));
  try {
    // The challenge's hash comes from a first start on an empty folder.
    const first = await startServer(cli, dir);
    await stopServer(first);
    const hash = JSON.parse(readFileSync(path.join(dir, 'journal.jsonl'), 'utf8').split('\n')[0]).hash as string;
    const empty: number[] = [];
    for (let i = 0; i < 5; i++) {
      const t0 = performance.now();
      await stopServer(await startServer(cli, dir));
      empty.push(performance.now() - t0);
    }
    const records = writeJournal(dir, 100, hash);
    const bytes = readFileSync(path.join(dir, 'journal.jsonl')).length;
    const reduce: number[] = [];
    for (let i = 0; i < 5; i++) {
      const t0 = performance.now();
      const state = reduceJournal(readJournal(path.join(dir, 'journal.jsonl')).records);
      reduce.push(performance.now() - t0);
      if (state.students.size !== 100) throw new Error('journal not restored');
    }
    const full: number[] = [];
    for (let i = 0; i < 5; i++) {
      const t0 = performance.now();
      const s = await startServer(cli, dir);
      full.push(performance.now() - t0);
      await stopServer(s);
      writeJournal(dir, 100, hash); // undo what the run appended
    }
    const med = (xs: number[]): number => pct(xs, 50);
    return (
      `restore after a crash, 100 students (${records} journal records, ${(bytes / 1024).toFixed(0)} KiB; 200 results, 100 levels in progress):\n` +
      `  start to join line: ${med(full).toFixed(0)} ms (an empty classroom: ${med(empty).toFixed(0)} ms); reading, checking and reducing the journal: ${med(reduce).toFixed(0)} ms\n` +
      `  levels in progress are rebuilt when their student logs back in (their commands replayed in the server loop's slices)`
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The classroom figures. `NET_BENCH_STUDENTS=10,50` and `NET_BENCH_SECONDS=20` narrow them. */
export async function benchNet(): Promise<string> {
  const cli = cliPath();
  const counts = (process.env.NET_BENCH_STUDENTS ?? '10,50,100').split(',').map(Number);
  const seconds = Number(process.env.NET_BENCH_SECONDS ?? 20);
  const out: string[] = [];
  out.push(`classroom over ssh on loopback: each student types a command every 2 s, one key every ~40 ms after the last echo, 80x24 (${seconds} s measured)`);
  out.push("(run: every machine's time running at 1x, the level being first-contact, whose runaway and backup keep both CPUs busy; sim: the speed the machines got)");
  out.push('   N        sim  echo p50  echo p99   cmd p50   cmd p99   server CPU  RSS MiB  peak MiB  MiB/student  keys');
  for (const n of counts) out.push(await measure(cli, n, seconds));
  for (const n of (process.env.NET_BENCH_RUNNING ?? '10,50').split(',').filter(Boolean).map(Number)) out.push(await measure(cli, n, seconds, true));
  out.push(await restoreFigures(cli));
  return out.join('\n') + '\n';
}
