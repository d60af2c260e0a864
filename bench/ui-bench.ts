// The game screen's benchmarks, side by side with gtop (the blessed-contrib
// system monitor) run the same way. Figures only; no pass/fail.
//
// - first frame: spawn to the first frame on a 120x40 pty made by
//   `script -qfec`, outside tmux (kernlab: the level menu; gtop: its
//   dashboard). The `script true` row is the pty's own cost.
// - render time per frame at 120x40 with 1,000 tasks, in process: the game
//   screen's frame() (every pane drawn from state, blessed's diff, the
//   bytes written to a fake terminal), the simulation excluded.
// - CPU while paused: kernlab inside a level with time stopped, and gtop
//   idling, over the same seconds (utime + stime from /proc).
// - peak RSS: /usr/bin/time's maximum resident set of a scripted session
//   (kernlab: menu, briefing, a level running at 1x for 3 s, quit; gtop:
//   running 4 s, quit).
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { findRepositoryRoot } from '../src/cli/resources';
import { Game } from '../src/game/game';
import { parseLevel } from '../src/game/level-load';
import type { Driver } from '../src/ui/driver';
import { GameScreen } from '../src/ui/game-screen';
import type { TasksPane } from '../src/ui/panes/tasks';
import { createScreen, destroyScreen } from '../src/ui/term/screen';
import { FakeTtyInput, FakeTtyOutput } from '../test/ui/harness/fake-tty';

const RUNS = 10; // spawns per program for the first-frame figures
const COLS = 120;
const ROWS = 40;
const CLK_TCK = 100; // USER_HZ: /proc/PID/stat times are in 1/100 s

// Median, 90th percentile and extremes of a sample.
function stats(xs: number[]): { median: number; p90: number; min: number; max: number } {
  const s = [...xs].sort((a, b) => a - b);
  return { median: s[Math.floor(s.length / 2)]!, p90: s[Math.floor(s.length * 0.9)]!, min: s[0]!, max: s[s.length - 1]! };
}

// Quote one word for sh.
const sh = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;

// The shell command `script` runs: size the pty, then exec the program.
const onPty = (cmd: string[]): string => `stty cols ${COLS} rows ${ROWS}; exec ${cmd.map(sh).join(' ')}`;

const delay = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** A program on a pty: its output, and keys in. */
interface PtyRun {
  child: ChildProcess; // `script`, leader of its own process group
  seen: () => string; // output so far
  started: number; // performance.now() at spawn
}

function onPtyRun(cmd: string[], env: NodeJS.ProcessEnv): PtyRun {
  const started = performance.now();
  const child = spawn('script', ['-qfec', onPty(cmd), '/dev/null'], { env, stdio: ['pipe', 'pipe', 'ignore'], detached: true });
  let out = '';
  child.stdout!.on('data', (b: Buffer) => (out += b.toString('utf8')));
  return { child, seen: () => out, started };
}

/** Ends a pty run: its whole process group (script, the shell, the program). */
async function endRun(r: PtyRun): Promise<void> {
  const gone = new Promise<void>((res) => (r.child.exitCode !== null || r.child.signalCode !== null ? res() : r.child.once('close', () => res())));
  try {
    process.kill(-r.child.pid!, 'SIGTERM');
  } catch {
    // already gone
  }
  await Promise.race([gone, delay(2000)]);
  try {
    process.kill(-r.child.pid!, 'SIGKILL');
  } catch {
    // gone
  }
  await gone;
}

/** Waits for `marker` in the output; ms from spawn, or throws. */
async function waitFor(r: PtyRun, marker: RegExp, timeoutMs = 10_000): Promise<number> {
  for (;;) {
    if (marker.test(r.seen())) return performance.now() - r.started;
    if (performance.now() - r.started > timeoutMs) throw new Error(`never saw ${marker}; output: ${JSON.stringify(r.seen().slice(-300))}`);
    if (r.child.exitCode !== null) throw new Error(`exited ${r.child.exitCode} before ${marker}`);
    await delay(2);
  }
}

/** The pid of the program `script` runs (the only child of script). */
function programPid(scriptPid: number): number {
  for (let i = 0; i < 200; i++) {
    try {
      const kids = readFileSync(`/proc/${scriptPid}/task/${scriptPid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
      if (kids.length) return kids[0]!;
    } catch {
      // not yet
    }
    execFileSync('sleep', ['0.01']);
  }
  throw new Error('no child of script');
}

/** CPU seconds (user + system) a process used so far. */
function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(f[11]) + Number(f[12])) / CLK_TCK;
}

/** CPU use in % of one core over `seconds`, starting now. */
async function cpuOver(pid: number, seconds: number): Promise<number> {
  const a = cpuSeconds(pid);
  await delay(seconds * 1000);
  return ((cpuSeconds(pid) - a) / seconds) * 100;
}

/** A level with a thousand tasks: one busy parent, 999 children in pause(). */
const CROWD_C = `#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
int main(void)
{
    int i;
    for (i = 0; i < 999; i++)
        if (fork() == 0)
            while (1)
                pause();
    while (1) {
        int j;
        for (j = 0; j < 2000; j++)
            ;
        usleep(10000);
    }
    return 0;
}
`;
const CROWD_YAML = `id: bench-crowd
title: A thousand tasks
topic: benchmark
difficulty: 1
order: 1
briefing: A parent and its 999 children.
debrief: Nothing to see.
goal_text: Nothing; this level is for measuring.
machine: { cpus: 4, memory_mib: 1024, time_limit: 100000000 }
programs:
  - { name: crowd, file: crowd.c }
goal: { ticks: { ge: 99999999 } }
hints: [none]
par: { ticks: 1, commands: 0 }
solution: ["ps"]
`;

/** A driver that never runs: the benchmark calls frame() itself. */
const stillDriver: Driver = {
  paused: true,
  speed: 1,
  stopped: false,
  pause: () => undefined,
  resume: () => undefined,
  step: () => undefined,
  setSpeed: (x) => x,
  faster: () => 1,
  slower: () => 1,
  wallMs: () => 0,
  stop: () => undefined,
};

/** Frame times (ms) of the game screen with ~1,000 tasks at 120x40; the simulation runs 33 ticks (1x) between frames, untimed. */
function renderTimes(frames: number): { times: number[]; tasks: number; bytes: number } {
  const level = parseLevel(CROWD_YAML, 'bench-crowd.yaml', () => CROWD_C);
  const game = new Game(level, 'bench');
  game.advance(2000);
  const out = new FakeTtyOutput(COLS, ROWS, () => undefined);
  const screen = createScreen({ input: new FakeTtyInput(), output: out, env: { LANG: 'C.UTF-8', TERM: 'xterm-256color' } });
  const gs = new GameScreen({ screen, game, unicode: true, title: 'bench', makeDriver: () => stillDriver, onDecided: () => undefined, onFinish: () => undefined, onLeave: () => undefined });
  const flush = (): void => (screen.program as unknown as { flush(): void }).flush();
  // Unfold kthreadd so the tree holds every task: leave the console, go to
  // the last row of the tree (kthreadd, folded), unfold it.
  for (const k of ['escape', 'end', 'right']) gs.key(undefined, { name: k, full: k });
  if ((gs.panes.tasks as TasksPane).collapsed.has(2)) throw new Error('kthreadd did not unfold');
  const times: number[] = [];
  const bytes0 = out.bytesWritten;
  for (let i = 0; i < frames + 30; i++) {
    game.advance(33);
    const t0 = performance.now();
    gs.frame();
    flush();
    if (i >= 30) times.push(performance.now() - t0); // after warm-up
  }
  const tasks = game.k.tasks.size;
  const bytes = (out.bytesWritten - bytes0) / (frames + 30);
  gs.destroy();
  destroyScreen(screen);
  return { times, tasks, bytes };
}

/** Peak RSS (MiB) of a scripted session on a pty, by /usr/bin/time; keys are [delay ms, bytes]. */
async function peakRss(cmd: string[], env: NodeJS.ProcessEnv, keys: Array<[number, string]>, marker: RegExp): Promise<number | undefined> {
  if (!existsSync('/usr/bin/time')) return undefined;
  const dir = mkdtempSync(path.join(tmpdir(), 'kernlab-rss-'));
  const file = path.join(dir, 'rss');
  const r = onPtyRun(['/usr/bin/time', '-f', '%M', '-o', file, ...cmd], env);
  try {
    await waitFor(r, marker);
    for (const [ms, k] of keys) {
      await delay(ms);
      r.child.stdin!.write(k);
    }
    const deadline = performance.now() + 10_000;
    while (!existsSync(file) || !readFileSync(file, 'utf8').trim()) {
      if (performance.now() > deadline) return undefined;
      await delay(50);
    }
    return Number(readFileSync(file, 'utf8').trim().split('\n').pop()) / 1024;
  } finally {
    await endRun(r);
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Run the UI benchmarks; returns a Markdown report. */
export async function benchUi(): Promise<string> {
  const root = findRepositoryRoot(__dirname);
  const bundle = path.join(root, 'dist/kernlab.cjs');
  if (!existsSync(bundle)) execFileSync(process.execPath, [path.join(root, 'scripts/build.mjs')], { cwd: root, stdio: 'inherit' });
  const gtopBin = path.join(root, 'node_modules/gtop/bin/gtop');
  const haveGtop = existsSync(gtopBin);
  const data = mkdtempSync(path.join(tmpdir(), 'kernlab-bench-data-'));
  const env: NodeJS.ProcessEnv = { ...process.env, TERM: 'xterm-256color', LANG: 'C.UTF-8', XDG_DATA_HOME: data };
  delete env.TMUX; // outside tmux
  delete env.NO_COLOR;
  const kernlab = [process.execPath, path.join(root, 'bin/kernlab.js'), 'play']; // the `kernlab` command, with its code cache
  const gtop = [process.execPath, gtopBin];
  const lines: string[] = ['## Game screen (kernlab play)', '', `Machine: ${process.platform}-${process.arch}, Node ${process.version}, terminal ${COLS}x${ROWS} (pty by \`script\`, outside tmux).`, ''];

  // ---- first frame ----
  const first: { kernlab: number[]; menu: number[]; gtop: number[]; base: number[] } = { kernlab: [], menu: [], gtop: [], base: [] };
  for (let i = 0; i < RUNS; i++) {
    const base = onPtyRun(['true'], env);
    await new Promise((res) => base.child.once('close', res));
    first.base.push(performance.now() - base.started);
    const k = onPtyRun(kernlab, env);
    first.kernlab.push(await waitFor(k, /kernlab/));
    first.menu.push(await waitFor(k, /choose/));
    await endRun(k);
    if (haveGtop) {
      const g = onPtyRun(gtop, env);
      first.gtop.push(await waitFor(g, /History/));
      await endRun(g);
    }
  }

  // ---- CPU while paused (and running) ----
  const k = onPtyRun(kernlab, env);
  await waitFor(k, /choose/);
  const kpid = programPid(k.child.pid!);
  k.child.stdin!.write('\r'); // menu -> briefing
  await waitFor(k, /start/);
  k.child.stdin!.write('\r'); // briefing -> the level, time stopped
  await waitFor(k, /PAUSED/);
  await delay(1000);
  const kPaused = await cpuOver(kpid, 5);
  k.child.stdin!.write('\x1b'); // leave the console
  await delay(100);
  k.child.stdin!.write(' '); // let time run at 1x
  await delay(1000);
  const kRunning = await cpuOver(kpid, 5);
  await endRun(k);
  let gIdle: number | undefined;
  if (haveGtop) {
    const g = onPtyRun(gtop, env);
    await waitFor(g, /History/);
    const gpid = programPid(g.child.pid!);
    await delay(1000);
    gIdle = await cpuOver(gpid, 5);
    await endRun(g);
  }

  // ---- peak RSS ----
  const kRss = await peakRss(kernlab, env, [[300, '\r'], [300, '\r'], [500, '\x1b'], [100, ' '], [3000, '\x03'], [300, 'y']], /choose/);
  const gRss = haveGtop ? await peakRss(gtop, env, [[4000, 'q']], /History/) : undefined;

  // ---- render time, in process ----
  const r = renderTimes(300);
  const rs = stats(r.times);

  const fmt = (xs: number[]): string => (xs.length ? `${stats(xs).median.toFixed(0)} ms (min ${stats(xs).min.toFixed(0)})` : 'n/a');
  const mib = (x: number | undefined): string => (x === undefined ? 'n/a' : `${x.toFixed(0)} MiB`);
  lines.push('| | kernlab play | gtop | goal |', '| --- | --- | --- | --- |');
  lines.push(`| first frame, median of ${RUNS} | ${fmt(first.kernlab)} (title and "reading the levels"); menu with its ${'levels'} ${fmt(first.menu)} | ${haveGtop ? fmt(first.gtop) : 'not installed'} (dashboard) | ≤ 300 ms |`);
  lines.push(`| CPU, 5 s | ${kPaused.toFixed(1)} % paused in a level; ${kRunning.toFixed(1)} % running at 1x (30 fps) | ${gIdle === undefined ? 'n/a' : `${gIdle.toFixed(1)} %`} (its 1 s refresh) | ≈ 0 % paused |`);
  lines.push(`| peak RSS | ${mib(kRss)} (menu, briefing, a level run 3 s at 1x, quit) | ${mib(gRss)} (4 s) | ≤ 120 MiB |`);
  lines.push(`| \`script -qfec true\` (pty, shell, stty: in every first-frame figure) | ${fmt(first.base)} | | |`, '');
  lines.push(
    `Render time per frame at ${COLS}x${ROWS} with ${r.tasks} tasks (every pane drawn from state, blessed's diff and output to a fake terminal; ` +
      `the simulation's 33 ticks between frames not counted; kthreadd unfolded; the busy parent selected, its MMU walks traced): ` +
      `median ${rs.median.toFixed(2)} ms, p90 ${rs.p90.toFixed(2)} ms, max ${rs.max.toFixed(1)} ms over ${r.times.length} frames; ` +
      `${(r.bytes / 1024).toFixed(1)} KiB written per frame. Goal ≤ 5 ms.`,
    '',
  );
  rmSync(data, { recursive: true, force: true });
  return lines.join('\n') + '\n';
}
