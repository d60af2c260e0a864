// The real `kernlab serve` as a child process, for end-to-end tests: built
// once from src/cli/main.ts into dist/e2e/, started headless, its log read
// line by line, killed (politely or with SIGKILL).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { build } from 'esbuild';

export const root = path.resolve(__dirname, '../..');
export const cli = path.join(root, 'dist/e2e/kernlab-classroom.cjs');

let built: Promise<void> | null = null;

/** Bundle the CLI for the child processes (once per test file). */
export function buildCli(): Promise<void> {
  built ??= build({
    entryPoints: [path.join(root, 'src/cli/main.ts')],
    outfile: cli,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    packages: 'external',
    logLevel: 'error',
  }).then(() => undefined);
  return built;
}

/** Run the CLI to completion (e.g. `results DIR --json`). */
export function runCli(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [cli, ...args], { cwd: root, encoding: 'utf8', timeout: 60_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const delay = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** A `kernlab serve --headless` child process. */
export class ServerProcess {
  out = ''; // everything it printed
  port = 0; // from its join line
  code = ''; // its join code
  exited: Promise<number | null>; // its exit status

  private constructor(readonly child: ChildProcess) {
    child.stdout!.on('data', (d: Buffer) => (this.out += d.toString('utf8')));
    child.stderr!.on('data', (d: Buffer) => (this.out += d.toString('utf8')));
    this.exited = new Promise((resolve) => child.on('exit', (code) => resolve(code)));
  }

  /** Start a server on a free port; resolves once it printed its join line and code. */
  static async start(args: string[]): Promise<ServerProcess> {
    const child = spawn(process.execPath, [cli, 'serve', '--headless', '--port', '0', ...args], { cwd: root, stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '' } });
    const s = new ServerProcess(child);
    await s.waitFor(/join code: (\S+)/);
    s.port = Number(/ssh -p (\d+) NAME@/.exec(s.out)![1]);
    s.code = /join code: (\S+)/.exec(s.out)![1];
    return s;
  }

  /** Wait until its output matches; throws with the output on timeout. */
  async waitFor(re: RegExp, timeoutMs = 20_000): Promise<RegExpExecArray> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const m = re.exec(this.out);
      if (m) return m;
      if (Date.now() > deadline) throw new Error(`server output never matched ${re}:\n${this.out}`);
      await delay(25);
    }
  }

  /** A teacher's command on stdin (start, pause, end, ...). */
  command(line: string): void {
    this.child.stdin!.write(line + '\n');
  }

  /** kill -9. */
  async crash(): Promise<void> {
    this.child.kill('SIGKILL');
    await this.exited;
  }

  /** SIGTERM, and wait for it to finish. */
  async stop(): Promise<number | null> {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGTERM');
    return this.exited;
  }
}
