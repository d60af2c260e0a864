// Platform benchmarks: how fast the TUI comes up and what it costs, for the
// development command, the full bundle and the standalone binary, run the
// same way. Figures only; no pass/fail (see BENCHMARKS.md for goals).
//
// - first frame: from spawn to the first frame containing the demo box,
//   outside tmux, the program on a 120x40 pty made by `script -qfec` (the
//   pty, the shell and stty cost the same for every row; the `script true`
//   row shows how much);
// - peak RSS: /usr/bin/time's maximum resident set size of one
//   `__demo-screen --once` run;
// - size: the binary stripped, and xz -9 compressed;
// - per-screen cost in-process: createScreen + render + destroyScreen on
//   fake streams (what each classroom student's connection costs the server);
// - what blessed's `tmux -V` would cost inside tmux (createScreen avoids it).
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { findRepositoryRoot } from '../src/cli/resources';
import { createScreen, destroyScreen } from '../src/ui/term/screen';
import { FakeTtyInput, FakeTtyOutput } from '../test/ui/harness/fake-tty';

const RUNS = 15; // spawns per command for the first-frame figures
// The demo's status line, drawn last in its first frame (blessed writes
// blanks as cursor moves, so words are separated by CSI n C).
// eslint-disable-next-line no-control-regex -- terminal output
const FRAME = /key:(?: |\x1b\[\d*C)none/;

// Median and minimum of a sample.
function stats(xs: number[]): { median: number; min: number } {
  const s = [...xs].sort((a, b) => a - b);
  return { median: s[Math.floor(s.length / 2)]!, min: s[0]! };
}

// Quote one word for sh.
const sh = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;

// The shell command `script` runs: size the pty (script's own stdin is a
// pipe, so the pty starts at 0x0), then exec the program.
const onPty = (cmd: string[]): string => `stty cols 120 rows 40; exec ${cmd.map(sh).join(' ')}`;

// Milliseconds from spawning `cmd` on a pty to the first output matching `marker` (or to its exit if null).
function timeToOutput(cmd: string[], marker: RegExp | null, env: NodeJS.ProcessEnv): Promise<number> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn('script', ['-qfec', onPty(cmd), '/dev/null'], { env, stdio: ['pipe', 'pipe', 'inherit'] });
    let seen = '';
    let at: number | undefined;
    child.stdout.on('data', (chunk: Buffer) => {
      if (at !== undefined || marker === null) return;
      seen += chunk.toString('utf8');
      if (marker.test(seen)) at = performance.now() - t0;
    });
    child.on('error', reject);
    child.on('close', (code) => {
      if (marker === null) at = performance.now() - t0;
      if (code !== 0) reject(new Error(`${cmd.join(' ')} exited ${code}`));
      else if (at === undefined) reject(new Error(`${cmd.join(' ')}: never printed ${marker}`));
      else resolve(at);
    });
  });
}

// Peak RSS in MiB of one run of `cmd` on a pty, by /usr/bin/time.
function peakRss(cmd: string[], env: NodeJS.ProcessEnv): number | undefined {
  if (!existsSync('/usr/bin/time')) return undefined;
  const dir = mkdtempSync(path.join(tmpdir(), 'kernlab-rss-'));
  const out = path.join(dir, 'rss');
  try {
    execFileSync('script', ['-qfec', onPty(['/usr/bin/time', '-f', '%M', '-o', out, ...cmd]), '/dev/null'], { env, stdio: 'ignore' });
    return Number(readFileSync(out, 'utf8').trim().split('\n').pop()) / 1024;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Run the platform benchmarks; returns a Markdown report. */
export async function benchPlatform(): Promise<string> {
  const root = findRepositoryRoot(__dirname);
  const devBundle = path.join(root, 'dist/kernlab.cjs');
  const loader = path.join(root, 'bin/kernlab.js');
  const fullBundle = path.join(root, 'dist/sea/kernlab.cjs');
  const binary = path.join(root, `dist/kernlab-linux-${process.arch}`);
  if (!existsSync(devBundle)) execFileSync(process.execPath, [path.join(root, 'scripts/build.mjs')], { cwd: root, stdio: 'inherit' });
  if (!existsSync(binary) || !existsSync(fullBundle)) {
    execFileSync(process.execPath, [path.join(root, 'scripts/package.mjs')], { cwd: root, stdio: 'inherit' });
  }
  const env: NodeJS.ProcessEnv = { ...process.env, TERM: 'xterm-256color', LANG: 'C.UTF-8', COLUMNS: '120', LINES: '40' };
  delete env.TMUX; // outside tmux
  const rows: Array<[string, string[]]> = [
    ['node bin/kernlab.js (the development bundle, ssh2 from node_modules, V8 code cache)', [process.execPath, loader, '__demo-screen', '--once']],
    ['node dist/sea/kernlab.cjs (everything bundled)', [process.execPath, fullBundle, '__demo-screen', '--once']],
    [`dist/${path.basename(binary)} (standalone)`, [binary, '__demo-screen', '--once']],
  ];

  const lines: string[] = ['## Platform', '', `Machine: ${process.platform}-${process.arch}, Node ${process.version}, ${RUNS} runs each, interleaved.`, ''];
  lines.push('| command | first frame, median (min) | `--version`, median | peak RSS |', '| --- | --- | --- | --- |');
  const frame = rows.map(() => [] as number[]);
  const version = rows.map(() => [] as number[]);
  const base: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    base.push(await timeToOutput(['true'], null, env));
    for (let r = 0; r < rows.length; r++) {
      const cmd = rows[r]![1];
      frame[r]!.push(await timeToOutput(cmd, FRAME, env));
      version[r]!.push(await timeToOutput([cmd[0]!, ...(cmd[0] === binary ? [] : [cmd[1]!]), '--version'], null, env));
    }
  }
  for (let r = 0; r < rows.length; r++) {
    const f = stats(frame[r]!);
    const v = stats(version[r]!);
    const rss = peakRss(rows[r]![1], env);
    lines.push(`| ${rows[r]![0]} | ${f.median.toFixed(0)} ms (${f.min.toFixed(0)}) | ${v.median.toFixed(0)} ms | ${rss === undefined ? 'n/a' : `${rss.toFixed(0)} MiB`} |`);
  }
  lines.push(`| \`script -qfec true\` (pty, shell and stty: overhead in every row) | ${stats(base).median.toFixed(0)} ms | | |`, '');

  const size = statSync(binary).size;
  const xz = Number(execFileSync('sh', ['-c', 'xz -9 -T0 -c "$1" | wc -c', 'xz', binary], { encoding: 'utf8' }).trim());
  lines.push(
    `Binary: ${(size / 2 ** 20).toFixed(1)} MiB stripped, ${(xz / 2 ** 20).toFixed(1)} MiB with xz -9; ` +
      `bundle inside it ${(statSync(fullBundle).size / 1024).toFixed(0)} KiB.`,
    '',
  );

  // In-process cost of one screen (terminfo compile, alloc, first render, destroy).
  const screens: number[] = [];
  for (let i = 0; i < 60; i++) {
    const t0 = performance.now();
    const screen = createScreen({ input: new FakeTtyInput(), output: new FakeTtyOutput(120, 40, () => undefined), env: { LANG: 'C.UTF-8' } });
    screen.render();
    (screen.program as unknown as { flush(): void }).flush();
    destroyScreen(screen);
    screens.push(performance.now() - t0);
  }
  const sc = stats(screens.slice(10));
  lines.push(`createScreen + render + destroyScreen at 120x40, in process: median ${sc.median.toFixed(2)} ms (min ${sc.min.toFixed(2)}).`);

  try {
    const tm: number[] = [];
    for (let i = 0; i < 10; i++) {
      const t0 = performance.now();
      execFileSync('tmux', ['-V'], { stdio: 'ignore' });
      tm.push(performance.now() - t0);
    }
    lines.push(`\`tmux -V\`, which blessed would run synchronously per screen inside tmux (createScreen does not): median ${stats(tm).median.toFixed(1)} ms.`);
  } catch {
    lines.push('`tmux -V`: tmux not installed.');
  }
  return lines.join('\n') + '\n';
}
