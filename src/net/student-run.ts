// One student's level in progress, as the server runs it: the Game (the
// server is the authority: scores come only from these runs), the time it
// is owed, and the link to the journal — every command and hint is
// journaled the moment the game takes it, and the decision (solved or
// failed) is journaled before any screen can show it.
//
// `tick N` is a command like any other (logged, counted, as in `kernlab
// play`), but its ticks are not run inside it (the console would run all
// N before returning, stalling every student for as long as that takes):
// the server runs them itself, in slices, as fast as it can (a "burst"),
// and the command returns at once. Until the burst is over the student's
// other commands are refused, as a `tick N` in single play holds the
// prompt: so the run log has `tick N` with the next command at or after
// its end, and `kernlab replay` gets the same game and the same score.
//
// `top` and `vmstat` run their frames inside the command, so the server
// refuses one that would let more than MAX_INLINE_TICKS pass (before the
// game logs it).
//
// A run restored after a crash is rebuilt by replaying its journaled steps
// at their ticks; the replay is done in slices by the server loop (catchUp)
// so that a long level does not stall everyone else (a `tick N` in it is
// a burst there too, finished by the loop if the crash cut it short).

import type { ConsoleResult } from '../console/console';
import { topTicks } from '../console/commands/top';
import { vmstatTicks } from '../console/commands/vmstat';
import { parseTicks } from '../console/numbers';
import { lineCommands } from '../console/words';
import type { Game } from '../game/game';
import type { RunLog, RunStep } from '../game/runlog';
import { START_PAUSED } from '../ui/driver';
import { MAX_INLINE_TICKS, MAX_OWED_SECONDS } from './limits';

/** Most ticks one `tick` command may ask for (the console's own limit). */
const MAX_TICK_COMMAND = 10_000_000;

/**
 * The ticks a `tick N` line asks for, when the server should run them
 * itself (N > 1, valid), else null (the console handles the line: usage
 * errors, and `tick` / `tick 1`, which cost nothing).
 */
export function fastForwardTicks(line: string): number | null {
  const m = /^tick\s+(\S+)$/.exec(line.trim());
  if (!m) return null;
  const n = parseTicks(m[1]);
  return n !== null && n > 1 && n <= MAX_TICK_COMMAND ? n : null;
}

/**
 * A run log closed before its last `tick N` had run to the end (the
 * challenge ended, the student gave up, the machine broke down): that
 * step is written as the ticks that did run (`tick K`), so that a replay
 * stops where the run stopped instead of running on to a different end.
 */
export function cutShortTick(log: RunLog): RunLog {
  for (let i = log.steps.length - 1; i >= 0; i--) {
    const st = log.steps[i];
    if (!('cmd' in st)) continue; // hints may come during a tick
    const n = fastForwardTicks(st.cmd);
    if (n === null || st.tick + n <= log.end) return log;
    const steps = log.steps.slice();
    steps[i] = { tick: st.tick, cmd: `tick ${log.end - st.tick}` };
    return { ...log, steps };
  }
  return log;
}

/**
 * Commands that run ticks inside the command, and the ticks their
 * arguments ask for (null: they refuse them). A `tick N` is one too when
 * it is not the whole line (`echo $(tick 5000)`, `tick 5000 | head`):
 * only a line of its own is a burst.
 */
const INLINE_TIMERS: Record<string, (argv: string[]) => number | null> = {
  top: topTicks,
  vmstat: vmstatTicks,
  tick: (argv) => (argv.length > 2 ? null : argv[1] === undefined ? 1 : parseTicks(argv[1])),
};

/** What to do instead, for each INLINE_TIMERS command. */
const INLINE_ADVICE: Record<string, string> = {
  top: 'use fewer frames (-n) or a shorter delay (-d), or tick N between tops',
  vmstat: 'use a smaller DELAY or COUNT, or tick N between vmstats',
  tick: 'type tick N alone on its line (it runs while you watch)',
};

/**
 * The command of a line that would run the most ticks inside itself (top's
 * frames, vmstat's lines, a tick in a pipe or a $(...): none can be sliced
 * like a burst), and how many; null when no command of it lets time pass so.
 */
function inlineTicks(line: string): { cmd: string; ticks: number } | null {
  if (fastForwardTicks(line) !== null) return null; // a burst
  let most: { cmd: string; ticks: number } | null = null;
  for (const { argv } of lineCommands(line)) {
    const ticks = INLINE_TIMERS[argv[0]]?.(argv) ?? 0;
    if (ticks > (most?.ticks ?? 0)) most = { cmd: argv[0], ticks };
  }
  return most;
}

/** Whether a console line becomes a step of the run log (Game.exec logs every line but blank ones, comments and `hint`). */
function takesStep(line: string): boolean {
  const t = line.trim();
  return t !== '' && !t.startsWith('#') && t !== 'hint';
}

/** Where a run reports what must be kept. Both throw if the journal cannot be written. */
export interface RunSink {
  step(run: StudentRun, step: RunStep): void; // a command or hint was taken: journal it
  decided(run: StudentRun): void; // the game was just solved or failed: keep it
  ranBurst(run: StudentRun): void; // a `tick N` has run to its end: keep how far time got (it is no step)
}

/** What a screen showing the run gets: a frame after time passed. */
export interface RunView {
  frame(): void; // draw from the game's state
}

export class StudentRun {
  journaled = 0; // game.steps already in the journal
  finished = false; // decided (and reported) or closed: nothing more is journaled
  speed: number; // simulated time per wall time (1 = 1000 ticks per second)
  userPaused = START_PAUSED; // the student's machine is stopped (levels start stopped, as in `kernlab play`)
  view: RunView | null = null; // the screen showing it (null while disconnected)
  dirty = false; // time passed since the last frame
  lastFrameAt = 0; // wall time of the last frame
  markedTick = 0; // last tick journaled by a tick mark (or step)
  lastMarkAt = 0; // wall time of that mark
  playMs = 0; // wall time in this level while connected and the challenge clock ran (paused by the student or not), for the header
  private owed = 0; // ticks the clock owes this run (fractional)
  private burstTo = 0; // the tick the last `tick N` runs to, as fast as the server can
  private ticksPerMs = 1; // measured simulation speed of this level (for slicing)
  private pending: RunStep[] = []; // journaled steps still to replay (restore)
  private target = 0; // tick the replay must reach (restore)
  private replaying = false; // steps now come from the journal: do not journal them again

  constructor(
    readonly name: string, // the student
    readonly index: number, // the level's place in the challenge
    readonly attempt: number, // which try
    readonly game: Game, // the simulation
    speed: number, // start speed
    private readonly sink: RunSink, // the journal
  ) {
    this.speed = speed;
    const exec = game.exec.bind(game);
    const hint = game.hint.bind(game);
    // Every way a step enters the game's log: journal it at once.
    game.exec = (line: string): ConsoleResult => {
      const live = !this.finished && game.status === 'playing';
      if (live && !this.replaying && this.bursting > 0 && takesStep(line)) {
        const cmd = line.trim().split(/\s+/)[0];
        return { output: `${cmd}: wait: your tick is still running (${this.bursting} ticks to go); type the command again when it is done\n`, status: 1 };
      }
      // Refused before the game sees it, so not logged: a replay of the log agrees.
      const inline = live && !this.replaying ? inlineTicks(line) : null;
      if (inline && inline.ticks > MAX_INLINE_TICKS && game.con.commandNames().includes(inline.cmd)) {
        const how = INLINE_ADVICE[inline.cmd] ?? '';
        return { output: `${inline.cmd}: on the classroom server one command may let at most ${MAX_INLINE_TICKS / 1000} s pass inside it (this one: ${inline.ticks / 1000} s); ${how}\n`, status: 1 };
      }
      const n = live ? fastForwardTicks(line) : null;
      const r = n === null ? exec(line) : this.deferTicks(() => exec(line));
      this.afterChange();
      return r;
    };
    game.hint = () => {
      const h = hint();
      this.afterChange();
      return h;
    };
  }

  /** The level's id. */
  get level(): string {
    return this.game.level.spec.id;
  }

  /** True while steps from the journal are still being replayed. */
  get restoring(): boolean {
    return this.pending.length > 0 || this.game.ticks < this.target;
  }

  /** Progress of a restore, for the "restoring" screen: [tick reached, tick wanted]. */
  restoreProgress(): [number, number] {
    return [this.game.ticks, this.target];
  }

  /**
   * Arrange for `steps` (journaled before a crash) to be replayed, then
   * time to run up to `tick`. Nothing happens until catchUp() is called.
   */
  scheduleRestore(steps: readonly RunStep[], tick: number): void {
    this.pending = steps.slice();
    this.target = tick;
    this.markedTick = tick;
  }

  /**
   * Replay journaled steps until done or `deadline` (performance.now()
   * ms). Returns true when the replay is complete.
   */
  catchUp(deadline: number, now: () => number): boolean {
    this.replaying = true;
    try {
      while (this.restoring && now() < deadline) {
        const next = this.pending[0];
        if (next && next.tick <= this.game.ticks) {
          this.pending.shift();
          // A hint goes through exec too, so the transcript the screen
          // shows on resume has it where the student saw it.
          this.game.exec('cmd' in next ? next.cmd : 'hint');
          continue;
        }
        const goal = next ? next.tick : this.target;
        this.timed(() => this.game.advanceTo(Math.min(goal, this.game.ticks + this.chunk(deadline - now())), false));
      }
    } finally {
      this.replaying = false;
    }
    if (this.restoring) return false;
    this.journaled = this.game.steps.length;
    this.afterChange();
    return true;
  }

  /**
   * Run `exec` (a `tick N` line) with the game's advance() only noting how
   * far the command asks time to go: the game logs and counts the command
   * as it always does, and the loop runs the ticks (advance()).
   */
  private deferTicks(exec: () => ConsoleResult): ConsoleResult {
    const game = this.game;
    const own = Object.getOwnPropertyDescriptor(game, 'advance'); // a test's stand-in, kept
    const from = game.ticks;
    game.advance = (n: number): number => {
      this.burstTo = from + n;
      return 0;
    };
    try {
      return exec();
    } finally {
      if (own) Object.defineProperty(game, 'advance', own);
      else Reflect.deleteProperty(game, 'advance');
    }
  }

  /** The clock ran for `ms` of wall time: this much simulated time is owed (capped). */
  owe(ms: number): void {
    this.owed = Math.min(this.owed + this.speed * ms, this.speed * MAX_OWED_SECONDS * 1000);
  }

  /** Whole ticks owed now (clock and `tick N`). */
  get due(): number {
    return this.bursting + Math.floor(this.owed);
  }

  /** Ticks still to run for the last `tick N` command (none once the level is decided). */
  get bursting(): number {
    return this.game.status === 'playing' ? Math.max(0, this.burstTo - this.game.ticks) : 0;
  }

  /**
   * Run owed ticks until none are due or `deadline` passes. Returns the
   * ticks run. Reports a decision to the sink before returning.
   */
  advance(deadline: number, now: () => number): number {
    let ran = 0;
    const bursting = this.bursting > 0;
    while (!this.finished && this.game.status === 'playing' && this.due >= 1 && now() < deadline) {
      const burst = this.bursting;
      const n = Math.max(1, Math.min(this.due, this.chunk(deadline - now())));
      const done = Math.max(1, this.timed(() => this.game.advance(n)));
      this.owed = Math.max(0, this.owed - Math.max(0, done - burst));
      ran += done;
    }
    if (ran) this.dirty = true;
    this.afterChange();
    // A student who types `tick 1000` and then waits must not find the
    // machine back at the tick before it after a crash.
    if (bursting && this.bursting === 0 && !this.finished) this.sink.ranBurst(this);
    return ran;
  }

  /** Run exactly one tick now (the student's step key). */
  stepOnce(): void {
    if (this.finished || this.game.status !== 'playing') return;
    this.game.advance(1);
    this.dirty = true;
    this.afterChange();
  }

  /** Forget time owed by the clock (paused, or the clock stopped); `tick N` bursts stay. */
  clearOwed(): void {
    this.owed = 0;
  }

  /** Ticks to run in one go to fill about `ms` of CPU time at the measured speed. */
  private chunk(ms: number): number {
    return Math.max(1, Math.floor(Math.max(1, ms) * this.ticksPerMs));
  }

  /** Run `f` (which returns ticks run) and update the speed estimate. */
  private timed(f: () => number | void): number {
    const before = this.game.ticks;
    const t0 = performance.now();
    f();
    const dt = performance.now() - t0;
    const ticks = this.game.ticks - before;
    if (ticks > 0 && dt > 0.05) this.ticksPerMs = 0.7 * this.ticksPerMs + 0.3 * (ticks / dt);
    return ticks;
  }

  /** Journal the steps the game took since the last call; report a decision. */
  private afterChange(): void {
    if (this.finished) return;
    const steps = this.game.steps;
    if (this.replaying) return;
    while (this.journaled < steps.length) {
      const s = steps[this.journaled];
      this.sink.step(this, s);
      this.journaled++;
      this.markedTick = Math.max(this.markedTick, s.tick);
    }
    if (this.game.status !== 'playing') {
      this.finished = true;
      this.sink.decided(this);
    }
  }
}
