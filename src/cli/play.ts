// `kernlab play [LEVEL]` (and `npm start`): the level menu, the game screen
// and the debrief in a blessed TUI, or the same game as a narrated line
// mode (--plain; also when stdout is not a terminal or TERM=dumb).
//
// The one loop that runs a game lives here (PlayLoop): it reads the clock,
// decides how many ticks are due at the chosen speed, runs them, and asks
// the screen for one frame per batch. It never decides what a tick does,
// so a game played here replays tick for tick from its run log. Paused
// means no timer at all.
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { CommandImpl } from './lazy-command';
import type { Game } from '../game/game';
import type { Level } from '../game/level-load';
import { recordResult, type Progress } from '../game/progress';
import type { PlayApp, PlayHost } from '../ui/app';
import type { RunRecord } from '../ui/debrief';
import { DEFAULT_SPEED, SPEEDS, START_PAUSED, TICKS_PER_SECOND, parseSpeed, type Driver, type FrameSink } from '../ui/driver';
import { ProgressStore, dataDir, writeFileAtomic } from './progress-store';
import { resourceExists } from './resources';

// ---- the loop ----

/** Where the loop gets time from (the real clock, or a test's). */
export interface LoopClock {
  now(): number; // milliseconds, monotonic
  setTimeout(fn: () => void, ms: number): unknown; // one callback after ms
  clearTimeout(handle: unknown): void; // cancel it
}

/** The process's monotonic clock and timers. */
export const realClock: LoopClock = {
  now: () => performance.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout),
};

/** At most this many frames per second. */
export const MAX_FPS = 30;
/** Wall time one frame may spend running ticks; the rest of a batch is dropped (the machine falls behind real time instead of freezing the screen). */
export const TICK_BUDGET_MS = 24;
/** Wall time over which the speed time really runs at is measured (shown when it lags). */
const SPEED_WINDOW_MS = 2000;

/** Options of a PlayLoop. */
export interface PlayLoopOptions {
  clock?: LoopClock; // default realClock
  speed?: number; // multiple of real time, default DEFAULT_SPEED
  paused?: boolean; // start paused
  budgetMs?: number; // default TICK_BUDGET_MS
}

/**
 * Runs one game at a speed: every frame (at most MAX_FPS, and never more
 * often than one tick is due) it runs the ticks that real time says are
 * due, then calls `sink.frame()` once. Stops by itself when the level is
 * decided.
 */
export class PlayLoop implements Driver {
  paused: boolean; // no time passes, no timer runs
  speed: number; // multiple of real time
  stopped = false; // stopped for good
  private readonly clock: LoopClock; // time source
  private readonly budget: number; // ms of ticks per frame at most
  private timer: unknown = null; // the pending frame, if any
  private last = 0; // clock time ticks were counted up to
  private owed = 0; // ticks due but not yet run (fraction included)
  private readonly startedAt: number; // clock time the level began (the loop was made)
  private stoppedAt = -1; // clock time the loop stopped for good, or -1
  /** Frames drawn and ticks dropped (for benchmarks and the curious). */
  readonly stats = { frames: 0, ticks: 0, dropped: 0 };
  private window: Array<{ at: number; ticks: number }> = []; // recent frames while running: clock time, stats.ticks

  constructor(
    private readonly game: Game, // the game to run
    private readonly sink: FrameSink, // who draws a frame
    opts: PlayLoopOptions = {},
  ) {
    this.clock = opts.clock ?? realClock;
    this.speed = clampSpeed(opts.speed ?? DEFAULT_SPEED);
    this.paused = opts.paused ?? false;
    this.budget = opts.budgetMs ?? TICK_BUDGET_MS;
    this.startedAt = this.clock.now();
    if (!this.paused) {
      this.last = this.startedAt;
      this.schedule();
    }
  }

  /** Milliseconds between frames at the current speed. */
  get frameInterval(): number {
    const perTick = 1000 / (this.speed * TICKS_PER_SECOND); // ms between two ticks
    return Math.max(1000 / MAX_FPS, perTick);
  }

  /** Arms the next frame, `interval` after the start of the last one (`spent` ms ago). */
  private schedule(spent = 0): void {
    if (this.timer !== null || this.paused || this.stopped) return;
    this.timer = this.clock.setTimeout(
      () => {
        this.timer = null;
        this.onFrame();
      },
      Math.max(1, this.frameInterval - spent),
    );
  }

  private unschedule(): void {
    if (this.timer === null) return;
    this.clock.clearTimeout(this.timer);
    this.timer = null;
  }

  /** One frame: run the ticks due, draw. */
  private onFrame(): void {
    if (this.paused || this.stopped) return;
    const now = this.clock.now();
    this.owed += ((now - this.last) * this.speed * TICKS_PER_SECOND) / 1000;
    this.last = now;
    let n = Math.floor(this.owed);
    this.owed -= n;
    const t0 = this.clock.now();
    // Run in slices so a slow machine state cannot hold the screen for long.
    const slice = Math.max(1, Math.ceil(n / 8));
    while (n > 0 && this.game.status === 'playing') {
      const ran = this.game.advance(Math.min(slice, n));
      this.stats.ticks += ran;
      n -= Math.min(slice, n);
      if (n > 0 && this.clock.now() - t0 > this.budget) {
        this.stats.dropped += n;
        n = 0;
      }
    }
    this.window.push({ at: now, ticks: this.stats.ticks });
    while (this.window.length > 2 && now - this.window[1].at >= SPEED_WINDOW_MS) this.window.shift();
    this.draw();
    if (this.game.status !== 'playing') this.stop();
    else this.schedule(this.clock.now() - now);
  }

  effectiveSpeed(): number | null {
    if (this.paused || this.stopped || this.window.length < 2) return null;
    const first = this.window[0];
    const last = this.window[this.window.length - 1];
    if (last.at - first.at < SPEED_WINDOW_MS / 2) return null;
    const x = ((last.ticks - first.ticks) / (last.at - first.at)) * (1000 / TICKS_PER_SECOND);
    return x < this.speed * 0.8 ? x : null;
  }

  private draw(): void {
    if (this.stopped) return;
    this.stats.frames++;
    this.sink.frame();
  }

  pause(): void {
    if (this.paused || this.stopped) return;
    this.paused = true;
    this.window = [];
    this.unschedule();
  }

  resume(): void {
    if (!this.paused || this.stopped) return;
    this.paused = false;
    this.window = [];
    this.last = this.clock.now();
    this.owed = 0;
    this.schedule();
  }

  step(): void {
    if (this.stopped) return;
    this.pause();
    if (this.game.status === 'playing') this.stats.ticks += this.game.advance(1);
    this.draw();
    if (this.game.status !== 'playing') this.stop();
  }

  setSpeed(x: number): number {
    const now = this.clock.now();
    if (!this.paused && !this.stopped) {
      // Ticks due so far were owed at the old speed.
      this.owed += ((now - this.last) * this.speed * TICKS_PER_SECOND) / 1000;
      this.last = now;
    }
    this.speed = clampSpeed(x);
    this.window = [];
    // A slower speed may mean a longer wait: re-arm the timer.
    if (this.timer !== null) {
      this.unschedule();
      this.schedule();
    }
    return this.speed;
  }

  faster(): number {
    return this.setSpeed(SPEEDS.find((s) => s > this.speed + 1e-9) ?? this.speed);
  }

  slower(): number {
    return this.setSpeed([...SPEEDS].reverse().find((s) => s < this.speed - 1e-9) ?? this.speed);
  }

  wallMs(): number {
    return (this.stopped ? this.stoppedAt : this.clock.now()) - this.startedAt;
  }

  stop(): void {
    if (this.stopped) return;
    this.stoppedAt = this.clock.now();
    this.unschedule();
    this.stopped = true;
  }
}

/** `x` within the offered range. */
function clampSpeed(x: number): number {
  return Math.min(SPEEDS[SPEEDS.length - 1], Math.max(SPEEDS[0], x));
}

// ---- files: progress and run logs ----

/** Where run logs go: <data dir>/runs. */
export function runsDir(env: NodeJS.ProcessEnv = process.env): string {
  return path.join(dataDir(env), 'runs');
}

/** Saves a game's run log as runs/<level>-<n>.json (n one above the highest there); returns the path. */
export function saveRunLog(game: Game, env: NodeJS.ProcessEnv = process.env): string {
  const dir = runsDir(env);
  const id = game.level.spec.id;
  let n = 0;
  if (existsSync(dir)) {
    for (const f of readdirSync(dir)) {
      const m = new RegExp(`^${id.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}-(\\d+)\\.json$`).exec(f);
      if (m) n = Math.max(n, Number(m[1]));
    }
  }
  const file = path.join(dir, `${id}-${n + 1}.json`);
  writeFileAtomic(file, JSON.stringify(game.log(), null, 1) + '\n');
  return file;
}

/** The host of a local play: levels, progress file, run logs, the loop. */
export class LocalHost implements PlayHost {
  readonly levels: readonly Level[]; // the menu
  readonly startSpeed: number; // the loop's first speed
  private readonly store: ProgressStore; // progress.json
  private cached: Progress; // progress as last read or written
  warning = ''; // a problem reading the progress file

  constructor(
    levels: readonly Level[],
    private readonly opts: { seed?: string; speed: number; paused?: boolean; env?: NodeJS.ProcessEnv; clock?: LoopClock },
  ) {
    this.levels = levels;
    this.startSpeed = opts.speed;
    this.store = new ProgressStore(opts.env ?? process.env);
    this.cached = this.store.load();
    this.warning = this.store.warning;
  }

  progress(): Progress {
    return this.cached;
  }

  seedFor(level: Level): string {
    return this.opts.seed ?? String(level.spec.machine.seed);
  }

  freeHints(level: Level): boolean {
    return (this.cached.levels[level.spec.id]?.solved ?? 0) > 0;
  }

  makeDriver(game: Game, sink: FrameSink): Driver {
    return new PlayLoop(game, sink, { speed: this.opts.speed, paused: this.opts.paused, clock: this.opts.clock });
  }

  finished(game: Game): RunRecord {
    if (game.level.lab) return { runFile: null, newBest: false, warning: '' }; // a lab is not scored
    const s = game.score();
    const id = game.level.spec.id;
    const before = this.cached.levels[id]?.best ?? 0;
    let warning = '';
    let runFile: string | null = null;
    try {
      this.cached = recordResult(this.store.load(), id, s.solved, s.score, s.stars);
      if (this.store.warning) warning = this.store.warning;
      this.store.save(this.cached);
    } catch (e) {
      warning = `Progress not saved: ${(e as Error).message}`;
    }
    try {
      runFile = saveRunLog(game, this.opts.env);
    } catch (e) {
      warning = (warning ? warning + ' ' : '') + `Run log not saved: ${(e as Error).message}`;
    }
    // A level of one's own, not shipped: replay must be told its file.
    const own = !resourceExists(`levels/${id}.yaml`);
    const replayCommand = runFile && own ? `kernlab replay ${runFile} --level ${path.resolve(game.level.file)}` : undefined;
    return { runFile, replayCommand, newBest: s.solved && s.score > before, warning };
  }

  abandoned(game: Game): string | null {
    if (!game.steps.length || game.level.lab) return null;
    try {
      return saveRunLog(game, this.opts.env);
    } catch {
      return null;
    }
  }
}

// ---- the command ----

interface PlayArgs {
  level?: string;
  plain: boolean;
  speed?: string;
  seed?: string;
  paused: boolean;
}

/** Whether this terminal can take the full screen; the reason if not. */
export function plainReason(stdin: NodeJS.ReadStream, stdout: NodeJS.WriteStream, env: NodeJS.ProcessEnv): string | null {
  if (!stdout.isTTY) return 'stdout is not a terminal';
  if (!stdin.isTTY) return 'stdin is not a terminal';
  if (env.TERM === 'dumb') return 'TERM=dumb';
  return null;
}

export const playCommand: CommandImpl<PlayArgs> = {
  builder: (y) =>
    y
      .positional('level', { type: 'string', describe: 'start with this level: id, number, or a level file' })
      .option('plain', { type: 'boolean', default: false, describe: 'line mode for screen readers and simple terminals (no full screen)' })
      .option('speed', { type: 'string', describe: `speed, a multiple of real time from ${SPEEDS[0]} to ${SPEEDS[SPEEDS.length - 1]} (1 = 1000 ticks per second; default ${DEFAULT_SPEED})` })
      .option('seed', { type: 'string', describe: "seed (default: each level's own)" })
      .option('paused', { type: 'boolean', default: START_PAUSED, describe: 'start each level with time stopped (--no-paused: running)' }) as never,
  handler: async (a) => {
    let speed = DEFAULT_SPEED;
    if (a.speed !== undefined) {
      const s = parseSpeed(a.speed);
      if (typeof s === 'string') exitWith(`kernlab: ${s}`);
      speed = s;
    }
    const why = a.plain ? null : plainReason(process.stdin, process.stdout, process.env);
    const hostOf = (levels: Level[]): LocalHost => new LocalHost(levels, { seed: a.seed, speed, paused: a.paused });
    if (a.plain || why || a.level !== undefined) {
      // Read the levels before anything is shown: an error goes to stderr.
      const read = readLevels(a.level);
      if (typeof read === 'string') exitWith(read);
      const { levels, start } = read;
      const host = hostOf(levels);
      if (a.plain || why) {
        if (why) process.stderr.write(`kernlab: ${why}: playing in --plain line mode\n`);
        process.exitCode = await playPlain(host, start);
        return;
      }
      await runTui(() => ({ host, start }));
      return;
    }
    // The menu: the first frame shows at once, the levels are read behind it.
    await runTui(() => {
      const read = readLevels(undefined);
      return typeof read === 'string' ? read : { host: hostOf(read.levels), start: undefined };
    });
  },
};

/** The game in --plain line mode on this process's stdin and stdout; resolves to the exit status. */
export async function playPlain(host: LocalHost, start: Level | undefined): Promise<number> {
  const { runPlain } = await import('../ui/plain');
  // ps and help fit the terminal as it is now; with no terminal, 80 columns.
  const columns = (): number => (process.stdout.isTTY && process.stdout.columns > 0 ? process.stdout.columns : 80);
  return runPlain({ input: process.stdin, output: process.stdout, host, start, message: host.warning, columns, signals: process });
}

/** The shipped levels, and the level named on the command line; or the message saying what is wrong. */
function readLevels(name: string | undefined): { levels: Level[]; start: Level | undefined } | string {
  try {
    // Loaded here, behind the first frame: reading levels needs yaml and zod.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { findLevel, shippedLevels } = require('./level-files') as typeof import('./level-files');
    const levels = shippedLevels();
    if (name === undefined) return { levels, start: undefined };
    const l = findLevel(name);
    if (typeof l === 'string') return l;
    return { levels, start: levels.find((x) => x.spec.id === l.spec.id && x.file === l.file) ?? l };
  } catch (e) {
    if (e instanceof Error && e.name === 'LevelError') return e.message;
    throw e;
  }
}

/** Prints a message and exits 2 (bad input), before any screen opens. */
function exitWith(message: string): never {
  process.stderr.write(message.endsWith('\n') ? message : message + '\n');
  process.exit(2);
}

/**
 * The full-screen game on this process's terminal; resolves when the player
 * quits. `prepare` runs after the first frame is drawn (reading the levels
 * for the menu); if it says what is wrong (a broken level), the terminal is
 * given back before the message is printed.
 */
export async function runTui(prepare: () => { host: LocalHost; start: Level | undefined } | string): Promise<void> {
  const [{ createScreen, destroyScreen }, { speaksUtf8 }, { showSplash }] = await Promise.all([
    import('../ui/term/screen'),
    import('../ui/term/terminal-env'),
    import('../ui/splash'),
  ]);
  const screen = createScreen({ input: process.stdin, output: process.stdout, title: 'kernlab' });
  let app: PlayApp | null = null;
  let closed = false;
  const close = (): void => {
    if (closed) return;
    closed = true;
    app?.dispose();
    destroyScreen(screen);
  };
  // Whatever happens, give the terminal back before printing anything.
  const onSignal = (sig: NodeJS.Signals): void => {
    close();
    process.kill(process.pid, sig);
  };
  const onCrash = (e: unknown): void => {
    close();
    process.stderr.write(`kernlab: internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exit(70);
  };
  const onExit = (): void => close();
  process.once('SIGTERM', onSignal);
  process.once('SIGHUP', onSignal);
  process.on('uncaughtException', onCrash);
  process.on('exit', onExit);
  const removeSplash = showSplash(screen);
  // Let the splash reach the terminal before the levels are read.
  await new Promise((r) => setImmediate(r));
  // The game itself (kernel, interpreter, level schema) loads behind the splash too.
  const { PlayApp } = await import('../ui/app');
  const prepared = prepare();
  if (typeof prepared === 'string') {
    close();
    exitWith(prepared);
  }
  const { host, start } = prepared;
  await new Promise<void>((resolve) => {
    app = new PlayApp({
      screen,
      host,
      unicode: speaksUtf8(process.env),
      start,
      message: host.warning,
      onExit: () => {
        close();
        resolve();
      },
    });
    removeSplash(); // now that the app listens: it gets the keys pressed during the splash
  });
  process.removeListener('SIGTERM', onSignal);
  process.removeListener('SIGHUP', onSignal);
  process.removeListener('uncaughtException', onCrash);
  process.removeListener('exit', onExit);
}
