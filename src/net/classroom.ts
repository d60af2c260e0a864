// The classroom: the authority over one challenge. It owns the journal,
// the clock, every student's state and the games they play; sessions (ssh
// screens), the dashboard and the headless log only read it and ask it to
// act. Every change is a journal record, written (fsync'ed) first, then
// applied to the state, then announced — so nothing is shown that a crash
// could lose.
//
// Time: one loop (start()) runs every LOOP_MS: it ends the challenge when
// the clock runs out, marks the clock and the students' ticks in the
// journal, runs the students' simulations in fair slices (letting key
// presses in between), and asks their screens for frames. A student's
// simulation runs only while they are connected, the clock runs, and they
// have not paused it themselves: a machine left alone keeps its state.

import { EventEmitter } from 'node:events';
import { isAction, Game } from '../game/game';
import type { RunLog, RunStep } from '../game/runlog';
import { RUNLOG_VERSION } from '../game/runlog';
import { ChallengeClock, clockText, type ClockPhase } from './clock';
import { ClassState, type StudentState } from './class-state';
import { runLogPath, writeRunLog } from './data-dir';
import { Journal, readJournal } from './journal';
import { JOURNAL_VERSION, type ClockRecord, type JournalRecord, type Outcome } from './journal-records';
import { leaderboard, type BoardRow } from './leaderboard';
import { CLOCK_MARK_MS, EXTEND_MS, FRAME_MS, LOOP_MS, PASS_BUDGET_MS, SLICE_MS, TICK_MARK_MS } from './limits';
import { studentSeed } from './seed-policy';
import { endedLine, type EndReason } from './teacher-text';
import { cutShortTick, StudentRun, type RunSink } from './student-run';
import type { Challenge } from './challenge-load';
import { durationWords } from '../ui/text';

/** What the classroom needs from the world (the CLI passes the real ones; tests may not). */
export interface ClassroomIo {
  dataDir: string; // the data folder (journal, run logs)
  now?: () => number; // wall time in ms (default Date.now)
  cpuNow?: () => number; // a monotonic ms clock for slicing (default performance.now)
}

/** The classroom's announcements. */
export interface ClassroomEvents {
  board: []; // results or students changed: redraw the board
  clock: [phase: ClockPhase]; // the clock changed phase (start, pause, resume, end) or was extended
  second: []; // a second passed (countdowns)
  presence: []; // a student connected or disconnected
  log: [line: string]; // a line for the teacher's log
  decided: [name: string]; // a student's level was decided
}

/** Why a login is refused (a sentence for the student). */
export type LoginRefusal = string;

/** A connected student's session, as the classroom sees it. */
export interface SessionHandle {
  name: string; // the student
  kick(message: string): void; // close the session with a message (server shutting down)
}

/** What a restore found, for the start-up message. */
export interface RestoreReport {
  records: number; // journal records read
  students: number; // students known
  results: number; // decided attempts
  inProgress: number; // levels in progress (replayed when their student returns)
  torn: boolean; // a torn last line was cut off
  clock: ClockPhase; // the clock's phase
  held: boolean; // the clock was running when the server stopped: it is paused until the teacher resumes it
}

export class Classroom extends EventEmitter<ClassroomEvents> {
  readonly state = new ClassState(); // what the journal says
  readonly clock: ChallengeClock; // the live clock
  readonly runs = new Map<string, StudentRun>(); // games in progress, by student
  readonly online = new Map<string, SessionHandle>(); // connected students
  maxStudents: number; // concurrent sessions allowed
  private readonly journal: Journal; // the file
  private readonly now: () => number; // wall clock
  private readonly cpuNow: () => number; // slicing clock
  private timer: NodeJS.Timeout | null = null; // the loop
  private lastLoop = 0; // wall time of the last loop
  private lastSecond = 0; // wall second last announced
  private lastClockMark = 0; // wall time of the last clock mark
  private rr = 0; // round-robin start of the next simulation pass
  private passRunning = false; // a simulation pass is in progress (across setImmediate)
  frameMs = FRAME_MS; // current frame interval (grows under load)
  restore: RestoreReport; // what opening the data folder found
  heldForRestart = false; // paused because the server restarted (not by the teacher), until the next start/resume
  private holdJournaled = false; // that pause is in the journal (start() writes it once the server listens)

  /**
   * Open the classroom for `challenge` in `io.dataDir`: a new journal, or
   * the one a previous run left (the same challenge only: a different one
   * throws with a message for the teacher).
   */
  constructor(
    readonly challenge: Challenge,
    private readonly io: ClassroomIo,
    maxStudents: number,
  ) {
    super();
    // Every connected student's screen listens (clock, board, ...): 30
    // students are not a leak, and Node's warning would be printed over
    // the teacher's dashboard. Screens remove their listeners on close.
    this.setMaxListeners(0);
    this.now = io.now ?? Date.now;
    this.cpuNow = io.cpuNow ?? (() => performance.now());
    this.maxStudents = maxStudents;
    const file = `${io.dataDir}/journal.jsonl`;
    const contents = readJournal(file);
    const first = contents.records[0];
    if (first && first.t === 'challenge' && first.hash !== challenge.hash) {
      throw new Error(
        `${io.dataDir} holds the challenge "${first.title}" (from ${first.file}), which is not ${challenge.file} as it is now ` +
          `(a different challenge, or its levels changed). Use another --data folder, or serve the same challenge file.`,
      );
    }
    for (const r of contents.records) this.state.apply(r);
    this.journal = new Journal(file, contents);
    this.clock = new ChallengeClock(challenge.durationMs);
    if (!first) {
      this.commit({
        t: 'challenge',
        v: JOURNAL_VERSION,
        title: challenge.title,
        file: challenge.file,
        hash: challenge.hash,
        levels: challenge.levels.map((l) => l.spec.id),
        durationMs: challenge.durationMs,
        seed: challenge.seed,
        at: this.now(),
      });
    } else {
      this.clock.restore(this.state.clock, this.now());
      // The server stopped (a crash, or q) while the clock ran. Its
      // students are gone and come back one by one, each running ssh
      // again: the clock waits for the teacher to resume it, as after a
      // pause, rather than running down while the room reconnects. (One
      // that had run out ends at the first loop, as it would have.)
      if (this.clock.phase === 'running' && this.clock.remaining(this.now()) > 0) {
        this.clock.pause(this.now());
        this.heldForRestart = true;
      }
    }
    let results = 0;
    let inProgress = 0;
    for (const s of this.state.students.values()) {
      results += s.results.length;
      if (s.current) inProgress++;
    }
    this.restore = {
      records: contents.records.length,
      students: this.state.students.size,
      results,
      inProgress,
      torn: contents.torn !== '',
      clock: this.clock.phase,
      held: this.heldForRestart,
    };
  }

  // ---- the journal ----

  /** Write a record (fsync), apply it, and say what changed. Throws if it cannot be written. */
  private commit(rec: JournalRecord): void {
    this.journal.append(rec);
    this.state.apply(rec);
    this.boardCache = null;
  }

  /** Challenge time now. */
  elapsed(): number {
    return this.clock.elapsed(this.now());
  }

  /** Time left on the clock now. */
  remaining(): number {
    return this.clock.remaining(this.now());
  }

  /** The board now (sorted once per change: every student's every frame asks for their rank). */
  board(): BoardRow[] {
    return (this.boardCache ??= leaderboard(this.state));
  }

  private boardCache: BoardRow[] | null = null; // leaderboard(state) until the next commit

  /** A student's row on the board (rank; null without points) and the number of students. */
  rankOf(name: string): { rank: number | null; of: number } | null {
    const rows = this.board();
    const row = rows.find((r) => r.name === name);
    return row ? { rank: row.rank, of: rows.length } : null;
  }

  // ---- the clock (the teacher's keys) ----

  private clockRecord(why: ClockRecord['why']): void {
    const s = this.clock.snapshot(this.now());
    this.commit({ t: 'clock', why, phase: s.phase, elapsedMs: s.elapsedMs, durationMs: s.durationMs, at: this.now() });
    this.lastClockMark = this.now();
  }

  /** Start the challenge, or resume it after a pause. Returns false if it was neither waiting nor paused. */
  startClock(): boolean {
    const from = this.clock.phase;
    if (!this.clock.start(this.now())) return false;
    this.heldForRestart = false;
    this.clockRecord(from === 'waiting' ? 'start' : 'resume');
    this.emit('log', from === 'waiting' ? `challenge started: ${durationWords(this.remaining())} on the clock` : `challenge resumed: ${clockText(this.remaining())} left`);
    this.emit('clock', this.clock.phase);
    return true;
  }

  /** Pause the challenge: every simulation stops, the clock too. */
  pauseClock(): boolean {
    if (!this.clock.pause(this.now())) return false;
    this.heldForRestart = false;
    this.markAllTicks();
    for (const r of this.runs.values()) r.clearOwed();
    this.clockRecord('pause');
    this.emit('log', 'challenge paused');
    this.emit('clock', this.clock.phase);
    return true;
  }

  /** Add time (EXTEND_MS by default). */
  extendClock(ms = EXTEND_MS): boolean {
    if (!this.clock.extend(ms)) return false;
    this.clockRecord('extend');
    this.emit('log', `time extended by ${durationWords(ms)}: ${clockText(this.remaining())} left`); // as the clock shows it
    this.emit('clock', this.clock.phase);
    return true;
  }

  /**
   * End the challenge: levels in progress are closed as unfinished (their
   * run logs kept), the clock stops for good, everyone sees the final board.
   */
  endClock(why: EndReason = 'teacher'): boolean {
    if (this.clock.phase === 'ended') return false;
    this.heldForRestart = false;
    for (const s of this.state.students.values()) if (s.current) this.closeLevel(s.name, 'unfinished');
    this.clock.end(this.now());
    this.clockRecord('end');
    this.emit('log', endedLine(why));
    this.emit('clock', this.clock.phase);
    this.emit('board');
    return true;
  }

  // ---- students ----

  /**
   * A student wants in. Returns null when they may play (and registers
   * the session), or why not. First logins are journaled (the student
   * appears on the board at once).
   */
  login(handle: SessionHandle): LoginRefusal | null {
    const name = handle.name;
    if (this.online.has(name)) {
      // A session cut off (closed laptop, lost wifi) looks alive until ssh keepalives give up on it.
      return `${name} is already playing in another session. Close it first (or pick another name if that is not you). A session that was cut off (closed laptop, lost wifi) ends by itself within 2 minutes: log in again then.`;
    }
    if (this.online.size >= this.maxStudents) return `The classroom is full (${this.maxStudents} students). Ask your teacher.`;
    if (!this.state.students.has(name)) {
      if (this.clock.phase === 'ended') return 'The challenge is over; new players cannot join now.';
      this.commit({ t: 'join', name, elapsedMs: this.elapsed(), at: this.now() });
      this.emit('log', `${name} joined`);
      this.emit('board');
    } else {
      this.emit('log', `${name} is back`);
    }
    this.online.set(name, handle);
    this.emit('presence');
    return null;
  }

  /** A student's session closed. Their machine stops (and keeps its state) until they return. */
  logout(name: string, handle: SessionHandle): void {
    if (this.online.get(name) !== handle) return;
    this.online.delete(name);
    const run = this.runs.get(name);
    if (run) {
      run.view = null;
      run.clearOwed();
      this.markTick(run);
    }
    this.emit('log', `${name} left`);
    this.emit('presence');
  }

  /** The student's journaled state. */
  student(name: string): StudentState {
    return this.state.student(name);
  }

  /**
   * The game of the student's level in progress, rebuilt from the journal
   * if the server restarted since (the replay then runs in the loop: see
   * StudentRun.restoring). Null when no level is in progress.
   */
  currentRun(name: string): StudentRun | null {
    const existing = this.runs.get(name);
    if (existing) return existing;
    const s = this.state.student(name);
    if (!s.current) return null;
    const c = s.current;
    const level = this.challenge.levels[c.index];
    const run = new StudentRun(name, c.index, c.attempt, new Game(level, c.seed), this.challenge.speed, this.sink);
    run.scheduleRestore(c.steps, c.tick);
    run.playMs = c.playMs; // the header's wall clock goes on from where it was
    this.runs.set(name, run);
    return run;
  }

  /**
   * Start the student's next level (a new attempt when the last one
   * failed). Returns the run, or a message when there is nothing to start.
   */
  startLevel(name: string): StudentRun | string {
    if (this.clock.phase !== 'running' && this.clock.phase !== 'paused') return this.clock.phase === 'ended' ? 'The challenge is over.' : 'The challenge has not started yet.';
    const s = this.state.student(name);
    if (s.current) return this.currentRun(name)!;
    if (s.next >= this.challenge.levels.length) return 'You have played every level.';
    const level = this.challenge.levels[s.next];
    const seed = studentSeed(this.challenge.seed, name);
    const attempt = s.attempts[s.next] + 1;
    const game = new Game(level, seed);
    this.commit({ t: 'level', name, index: s.next, level: level.spec.id, attempt, seed, elapsedMs: this.elapsed(), at: this.now() });
    const run = new StudentRun(name, s.next, attempt, game, this.challenge.speed, this.sink);
    run.lastMarkAt = this.now();
    this.runs.set(name, run);
    this.emit('log', `${name} started ${level.spec.id}${attempt > 1 ? ` (try ${attempt})` : ''}`);
    this.emit('board');
    return run;
  }

  /** Give up the level in progress and go on to the next (its run log is kept). */
  abandonLevel(name: string): boolean {
    const s = this.state.student(name);
    if (!s.current || this.clock.phase === 'ended') return false;
    this.closeLevel(name, 'abandoned');
    this.emit('board');
    return true;
  }

  /** Go on after a failed level without retrying it. */
  skipLevel(name: string): boolean {
    const s = this.state.student(name);
    if (s.current || s.next >= this.challenge.levels.length || this.clock.phase === 'ended') return false;
    const index = s.next;
    if (!s.results.some((r) => r.index === index)) return false;
    this.commit({ t: 'skip', name, index, elapsedMs: this.elapsed(), at: this.now() });
    this.emit('log', `${name} skipped ${this.challenge.levels[index].spec.id}`);
    this.emit('board');
    return true;
  }

  /**
   * Close the student's level in progress with `outcome` and no points
   * (solved and failed levels are reported by their game; 'failed' here
   * is a machine that broke down): keep its run log, journal it.
   */
  private closeLevel(name: string, outcome: Exclude<Outcome, 'solved'>): void {
    const s = this.state.student(name);
    const c = s.current!;
    const run = this.runs.get(name);
    let log: RunLog;
    if (run && !run.restoring) {
      run.finished = true;
      log = cutShortTick(run.game.log());
    } else {
      // Never rebuilt since a restart (or still replaying): the journal has the whole run.
      if (run) run.finished = true;
      log = cutShortTick({ kernlab: RUNLOG_VERSION, level: c.level, seed: c.seed, steps: c.steps.slice(), end: c.tick });
    }
    this.runs.delete(name);
    if (run) run.view = null;
    const rel = runLogPath(name, c.index, c.level, c.attempt);
    writeRunLog(this.io.dataDir, rel, log);
    const commands = log.steps.filter((st) => 'cmd' in st) as Array<{ tick: number; cmd: string }>;
    this.commit({
      t: 'result',
      name,
      index: c.index,
      level: c.level,
      attempt: c.attempt,
      outcome,
      score: 0,
      stars: 0,
      ticks: log.end,
      actions: commands.filter((st) => isAction(st.cmd)).length,
      commands: commands.length,
      hints: log.steps.length - commands.length,
      log: rel,
      reason: outcome === 'abandoned' ? 'given up' : outcome === 'failed' ? 'the machine broke down (a server error)' : 'the challenge ended before it was decided',
      elapsedMs: this.elapsed(),
      at: this.now(),
    });
    this.emit('log', `${name} ${outcome === 'abandoned' ? 'gave up' : outcome === 'failed' ? 'lost (machine error)' : 'did not finish'} ${c.level}`);
  }

  /**
   * A student's simulation threw (a bug, not the student's doing): close
   * the level as failed so they can retry, tell the teacher, and carry on
   * with everyone else.
   */
  runCrashed(run: StudentRun, err: unknown): void {
    this.emit('log', `error in ${run.name}'s ${run.level}: ${(err as Error)?.stack ?? String(err)}`);
    const s = this.state.students.get(run.name);
    if (this.runs.get(run.name) === run && s?.current && !run.finished) this.closeLevel(run.name, 'failed');
    else this.runs.delete(run.name);
    run.finished = true;
    run.view = null;
    this.emit('decided', run.name);
    this.emit('board');
  }

  /** The journal side of every run: steps, finished `tick N`s and decisions. */
  private readonly sink: RunSink = {
    step: (run: StudentRun, step: RunStep) => {
      this.commit({ t: 'step', name: run.name, step, playMs: Math.round(run.playMs) });
    },
    ranBurst: (run: StudentRun) => this.markTick(run),
    decided: (run: StudentRun) => {
      const g = run.game;
      const score = g.score();
      const rel = runLogPath(run.name, run.index, run.level, run.attempt);
      writeRunLog(this.io.dataDir, rel, g.log());
      this.commit({
        t: 'result',
        name: run.name,
        index: run.index,
        level: run.level,
        attempt: run.attempt,
        outcome: score.solved ? 'solved' : 'failed',
        score: score.score,
        stars: score.stars,
        ticks: score.ticks,
        actions: score.actions,
        commands: score.commands,
        hints: score.hints,
        log: rel,
        ...(score.solved ? {} : { reason: g.failReason || 'the goal was not met' }),
        elapsedMs: this.elapsed(),
        at: this.now(),
      });
      this.runs.delete(run.name);
      this.emit('log', score.solved ? `${run.name} solved ${run.level}: ${score.score} points` : `${run.name} failed ${run.level}: ${g.failReason}`);
      this.emit('decided', run.name);
      this.emit('board');
    },
  };

  // ---- the loop ----

  /**
   * Start the loop (idempotent), once the server listens. A clock held
   * for the restart is journaled as paused now (not when the folder was
   * opened: a server that could not listen changes nothing).
   */
  start(): void {
    if (this.timer) return;
    if (this.heldForRestart && !this.holdJournaled) {
      this.holdJournaled = true;
      this.clockRecord('pause');
    }
    this.lastLoop = this.now();
    this.lastClockMark = this.now();
    this.timer = setInterval(() => this.poll(), LOOP_MS);
  }

  /**
   * Stop the loop and close the journal, after marking where every game
   * stands (a restart resumes from there). Sessions are told why.
   */
  close(message?: string): void {
    // Once the challenge is over there is nothing to come back for.
    message ??=
      this.clock.phase === 'ended'
        ? 'The server has stopped; the challenge is over and your results are kept. Thanks for playing!'
        : 'The server is shutting down. Your progress is saved: log in again when it is back.';
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    for (const h of [...this.online.values()]) h.kick(message);
    try {
      this.markAllTicks();
      if (this.clock.phase === 'running') this.clockRecord('mark');
    } finally {
      this.journal.close();
    }
  }

  /** Whether the student's machine runs now. */
  machineRuns(run: StudentRun): boolean {
    return this.clock.phase === 'running' && run.view !== null && !run.finished && !run.restoring;
  }

  /** One period of the loop: clock, marks, simulation, frames (the timer calls it; so may tests). */
  poll(): void {
    const now = this.now();
    const dt = Math.min(Math.max(0, now - this.lastLoop), 250);
    this.lastLoop = now;
    if (this.clock.expired(now)) this.endClock('time');
    if (this.clock.phase === 'running' && now - this.lastClockMark >= CLOCK_MARK_MS) this.clockRecord('mark');
    for (const run of this.runs.values()) {
      if (this.machineRuns(run)) {
        run.playMs += dt;
        if (!run.userPaused) run.owe(dt);
      }
      if (run.game.ticks > run.markedTick && now - run.lastMarkAt >= TICK_MARK_MS) this.markTick(run);
    }
    const second = Math.floor(now / 1000);
    if (second !== this.lastSecond) {
      this.lastSecond = second;
      this.emit('second');
    }
    if (!this.passRunning) this.pass();
  }

  /** Journal how far a run has got (so a restore runs it that far). */
  private markTick(run: StudentRun): void {
    run.lastMarkAt = this.now();
    if (run.finished || run.restoring || run.game.ticks <= run.markedTick) return;
    run.markedTick = run.game.ticks;
    this.commit({ t: 'tick', name: run.name, tick: run.game.ticks, playMs: Math.round(run.playMs) });
  }

  private markAllTicks(): void {
    for (const run of this.runs.values()) this.markTick(run);
  }

  /**
   * One simulation pass: the runs with work (time owed, `tick N` bursts,
   * a restore to replay) take turns of at most SLICE_MS / 4, round robin;
   * after every SLICE_MS the pass yields (setImmediate) so that key
   * presses and network traffic are served; it stops after PASS_BUDGET_MS.
   * Under overload every student's machine slows down alike, and keys
   * stay responsive.
   */
  private pass(): void {
    const active = [...this.runs.values()];
    if (!active.length) return;
    const start = this.rr++ % active.length;
    const queue = [...active.slice(start), ...active.slice(0, start)].filter((r) => this.hasWork(r));
    const passEnd = this.cpuNow() + PASS_BUDGET_MS;
    const turn = Math.max(1, SLICE_MS / 4);
    this.passRunning = true;
    const slice = (): void => {
      const sliceEnd = Math.min(this.cpuNow() + SLICE_MS, passEnd);
      while (queue.length && this.cpuNow() < sliceEnd) {
        const run = queue.shift()!;
        if (!this.hasWork(run)) continue;
        const end = Math.min(sliceEnd, this.cpuNow() + turn);
        try {
          if (run.restoring) run.catchUp(end, this.cpuNow);
          else run.advance(end, this.cpuNow);
        } catch (e) {
          this.runCrashed(run, e);
          continue;
        }
        this.maybeFrame(run); // views catch their own errors (a broken screen drops its session only)
        if (this.hasWork(run)) queue.push(run);
      }
      if (queue.length && this.cpuNow() < passEnd) setImmediate(slice);
      else {
        this.passRunning = false;
        this.frameMs = queue.length ? Math.min(this.frameMs * 2, 1000) : Math.max(FRAME_MS, this.frameMs / 2);
        for (const run of this.runs.values()) this.maybeFrame(run);
      }
    };
    slice();
  }

  /** Whether the run has simulation work now. */
  private hasWork(run: StudentRun): boolean {
    if (run.finished || run.view === null) return false;
    if (run.restoring) return true;
    if (this.clock.phase !== 'running') return false;
    return run.due >= 1;
  }

  /** Draw the run's screen if time passed and the frame interval is over. */
  private maybeFrame(run: StudentRun): void {
    if (!run.view || !run.dirty) return;
    const now = this.now();
    if (now - run.lastFrameAt < this.frameMs && !run.finished) return;
    run.dirty = false;
    run.lastFrameAt = now;
    run.view.frame();
  }
}
