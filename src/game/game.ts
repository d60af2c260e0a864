// One play of a level: boot the machine the level describes, start its
// programs, take console commands and hints, advance time, and decide after
// every tick whether the goal is met or the level is lost. Pure: the same
// level, seed and steps give the same game, tick for tick (the run log is
// the replay).

import { Console, type ConsoleResult } from '../console/console';
import { Out } from '../console/command';
import { parseKill } from '../console/commands/kill';
import { parseKillall } from '../console/commands/killall';
import { SUBSTITUTED, ShellSyntaxError, lineCommands, type LineCommand } from '../console/words';
import { Kernel, type MachineConfig } from '../kernel/kernel';
import seedrandom from 'seedrandom';
import { spawnProgram } from '../kernel/boot/main';
import { kthreadCreate, kthreadRun } from '../kernel/kthread';
import { setCpusAllowed, setUserNice } from '../kernel/sched/core';
import { killSomething } from '../kernel/signal';
import { SIGSTOP } from '../kernel/uapi/signal';
import { compileProgram } from '../kernel/vfs';
import type { TaskStruct } from '../kernel/task';
import { answerWords, checklist, evaluate, leaves } from './goal';
import { plural } from './plural';
import type { Level } from './level-load';
import type { LevelSpec, Predicate, SetupStepSpec } from './level-schema';
import { fieldName } from './level-load';
import { scoreGame, type Score } from './score';
import { GameView } from './view';
import { RUNLOG_VERSION, type RunLog, type RunStep } from './runlog';

export type GameStatus = 'playing' | 'solved' | 'failed';

/** Console commands that change the machine: they count against par. Looking is free. */
const ACTIONS = new Set(['answer', 'run', 'bg', 'nice', 'kill', 'pkill', 'killall', 'mprotect', 'munmap', 'renice', 'taskset', 'prctl', 'wake_up_process', 'kthread_stop', 'sysctl', 'echo', 'kthread_create']);
/** Always allowed, whatever the level's tool list says. */
export const ALWAYS_ALLOWED: readonly string[] = ['help', 'tick', 'sleep', 'state', 'hint', 'answer'];

/** Commands that do not change the machine but are no use once the level is over (time, tracing, the question; top lets time pass to measure). */
const LOOK_REFUSED = new Set(['tick', 'sleep', 'top', 'strace', 'hint', 'answer']);

/**
 * Whether a command line is of a kind that changes the machine (or answers
 * the level's question): any command of it is, in a pipe or in a command
 * substitution (`echo $(kill 5)`). The forms that only look are not:
 * `sysctl KEY`, `kill -l`, `taskset -p PID`, `prctl PID subreaper` (no new
 * value) and `nice` without a command. Pure: the line is split, not run.
 */
export function isAction(line: string): boolean {
  return lineCommands(line).some(commandIsAction);
}

function commandIsAction({ argv, redirects }: LineCommand): boolean {
  const [cmd, ...args] = argv;
  if (cmd === undefined) return false;
  if (cmd.includes(SUBSTITUTED)) return true; // `$(...) 5`: which command runs is known only when it runs
  if (cmd.includes('/')) return true; // ./prog: a program start, as run
  if (!ACTIONS.has(cmd)) return false;
  switch (cmd) {
    case 'nice': // nice [-n N] COMMAND starts a program; plain nice prints the niceness
      for (let i = 0; i < args.length; i++) {
        if (args[i] === '-n') i++;
        else if (!args[i].startsWith('-')) return true;
      }
      return false;
    case 'sysctl':
      return args.some((a) => a.includes('='));
    case 'echo': // only into a file (/proc/sys); echo $((EXPR)) only prints
      return redirects;
    case 'kill': {
      // kill -l lists the signals; kill -0 only asks whether a process is there.
      const k = parseKill(args, new Out());
      return typeof k !== 'number' && !k.listing && k.sig !== 0;
    }
    case 'killall': {
      const k = parseKillall(args, new Out());
      return typeof k !== 'number' && k.signal !== 0;
    }
    case 'taskset':
      return args.filter((a) => !a.startsWith('-')).length >= 2; // [MASK|LIST] PID
    case 'prctl':
      return args.length >= 3; // PID subreaper on|off
    default:
      return true;
  }
}

/** Every `answer` a goal accepts somewhere, as written (the level asks a question when there is one). */
function expectedAnswers(p: Predicate): string[] {
  return leaves(p).flatMap((q) => ('answer' in q ? [q.answer] : []));
}

/** Whether a goal holds an `answer` predicate anywhere (the level asks a question). */
export function asksQuestion(p: Predicate): boolean {
  return expectedAnswers(p).length > 0;
}

/** The kernel configuration a level asks for, with the seed of this play. */
export function levelMachine(spec: LevelSpec, seed: string): Partial<MachineConfig> {
  const m = spec.machine;
  return {
    cpus: m.cpus,
    memoryMiB: m.memory_mib,
    tlbEntries: m.tlb,
    pidMax: m.pid_max,
    seed: `${spec.id}/${seed}`,
    aslr: m.aslr,
    nprocLimit: m.nproc,
    firstPid: m.first_pid ?? null,
  };
}

function parseCpuList(list: string | number): bigint {
  if (typeof list === 'number') return BigInt(list);
  let mask = 0n;
  for (const part of list.split(',')) {
    const [a, b] = part.split('-').map(Number);
    for (let c = a; c <= (b ?? a); c++) mask |= 1n << BigInt(c);
  }
  return mask;
}

/**
 * A level that cannot be played as written (a setup step that fails, a
 * program that cannot start): `path` is the field in the level file, so
 * validate can name its line.
 */
export class LevelRunError extends Error {
  override readonly name = 'LevelRunError';
  constructor(
    readonly file: string, // the level file
    readonly path: PropertyKey[], // the field at fault, e.g. ['setup', 0, 'cmd']
    readonly detail: string, // what went wrong
  ) {
    super(`${file}: ${fieldName(path)}: ${detail}`);
  }
}

/**
 * A console command's output as one line for a problem report: without the
 * shell's job notices ("[1]+  Done  ./main"), lines joined with " / ".
 */
export function consoleAnswer(output: string): string {
  return output
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !/^\[\d+\][+-]?\s/.test(l))
    .join(' / ');
}

export interface GameOptions {
  /** Hints cost nothing (the level was solved before). */
  freeHints?: boolean;
  /** Check every kernel invariant after every tick (MachineConfig.debugChecks; for tests). */
  debugChecks?: boolean;
}

export class Game {
  readonly k: Kernel;
  readonly con: Console;
  readonly view: GameView;
  status: GameStatus = 'playing';
  /** Why it failed (the fail condition's text). */
  failReason = '';
  /** Actions typed (commands that change the machine). */
  actions = 0;
  /** All commands typed. */
  commands = 0;
  hintsShown = 0;
  /** Tick (since the level began) at which the goal was met. */
  solvedAt = -1;
  /** Penalties that applied when the goal was met. */
  penaltiesApplied: { text: string; points: number }[] = [];
  readonly steps: RunStep[] = [];
  /** The console session: program output, and each command after a "$ " prompt with its output. */
  transcript = '';
  private readonly pending: { at: number; spec: LevelSpec['programs'][number]; index: number }[] = [];

  constructor(
    readonly level: Level,
    readonly seed: string,
    private readonly opts: GameOptions = {},
  ) {
    const spec = level.spec;
    this.k = new Kernel({ ...levelMachine(spec, seed), debugChecks: opts.debugChecks === true || level.lab?.debugChecks === true });
    this.view = new GameView(this.k);
    const allowed = spec.tools ? new Set([...spec.tools, ...ALWAYS_ALLOWED]) : undefined;
    // `tick N` goes through advance(), so goal and fail checks run after every tick.
    this.con = new Console(this.k, { allowed, advance: (n) => this.advance(n), readFile: level.lab?.readFile, listFiles: level.lab?.listFiles });
    spec.programs.forEach((p, i) => {
      this.k.vfs.add(p.path ?? `/home/student/${p.name}`, level.sources.get(p.file)!, p.file);
      if (p.at > 0) this.pending.push({ at: p.at, spec: p, index: i });
      else this.startProgram(p, i);
    });
    spec.kthreads.forEach((kt, i) => {
      const prog = compileProgram(level.sources.get(kt.file)!, kt.file, `[${kt.name}]`);
      const image = this.k.kernelImage(prog);
      const ks = { name: kt.comm ?? kt.name, image, fn: kt.fn, data: kt.data, cpu: kt.cpu };
      const t = kt.run ? kthreadRun(this.k, ks) : kthreadCreate(this.k, ks);
      if (typeof t === 'number') throw new LevelRunError(level.file, ['kthreads', i], `kthread ${kt.name}: cannot create (${t})`);
      this.view.label(kt.name, t);
    });
    spec.setup.forEach((step, i) => this.runSetupStep(step, i));
    // Let the setup take effect (a SIGSTOP stops its target when it next runs).
    if (spec.setup.length) this.advance(1);
    this.con.openPrompt();
  }

  private task(label: string): TaskStruct {
    const t = this.view.task(label);
    if (!t) throw new Error(`${this.level.file}: program "${label}" is not running`);
    return t;
  }

  private startProgram(p: LevelSpec['programs'][number], index: number): void {
    const parent = p.parent === 'shell' ? this.k.shell : p.parent === 'init' ? this.k.init : this.task(p.parent);
    const path = p.path ?? `/home/student/${p.name}`;
    // argv[0] as bash passes it: a program the shell starts from its working
    // directory was typed ./name (so ps -f, pmap and /proc/PID/cmdline say
    // ./name, as its job does); one elsewhere (on PATH), or started by
    // another program, by its name.
    const base = path.slice(path.lastIndexOf('/') + 1);
    const typed = parent === this.k.shell && path === `${this.k.shell.fs.cwd}/${base}`;
    const argv = [typed ? `./${base}` : base, ...p.args.map((a) => this.view.fill(String(a)))];
    const t = spawnProgram(this.k, parent, path, argv, p.uid);
    if (typeof t === 'number') {
      const f = this.k.vfs.files.get(path);
      throw new LevelRunError(this.level.file, ['programs', index, 'file'], `program "${p.name}" (${p.file}) cannot start: ${f?.error?.message ?? `errno ${-t}`}`);
    }
    this.view.label(p.name, t);
    // As if typed at the shell's prompt with '&': a job of the shell.
    if (parent === this.k.shell) this.con.adoptJob(t, argv.join(' '));
    if (p.nice) setUserNice(this.k, t, p.nice);
    if (p.affinity !== undefined) setCpusAllowed(this.k, t, parseCpuList(this.seededChoice(p.affinity, `affinity/${p.name}`)));
    if (p.stopped) killSomething(this.k, null, t.pid, SIGSTOP);
  }

  /**
   * A value the level lets the seed choose ({ one_of: [...] }), drawn from
   * its own generator: the kernel's random stream is not touched.
   */
  private seededChoice<T>(v: T | { one_of: T[] }, what: string): T {
    if (typeof v !== 'object' || v === null || !('one_of' in v)) return v;
    const rng = seedrandom(`${this.level.spec.id}/${this.seed}/${what}`);
    return v.one_of[Math.floor(rng() * v.one_of.length)];
  }

  private runSetupStep(step: SetupStepSpec, index: number): void {
    const { at, cmd } = typeof step === 'string' ? { at: -1, cmd: step } : { at: step.at, cmd: 'cmd' in step ? step.cmd : undefined };
    if (at >= 0) this.advanceTo(at, false);
    if (cmd === undefined) return; // { at: N }: only let time run
    const r = this.con.exec(this.view.fill(cmd));
    if (r.status !== 0) throw new LevelRunError(this.level.file, typeof step === 'string' ? ['setup', index] : ['setup', index, 'cmd'], `\`${cmd}\` failed: ${consoleAnswer(r.output) || `exit status ${r.status}`}`);
  }

  /** Ticks since the level began. */
  get ticks(): number {
    return this.view.ticks;
  }

  /** The goal's clauses and whether each holds now. */
  checklist(): { text: string; done: boolean }[] {
    return checklist(this.view, this.level.spec.goal);
  }

  /**
   * Program output (and strace lines) written since the last look, added to
   * the transcript. Screens call this every frame to show output as it
   * comes; exec() calls it first, so output always precedes the next prompt.
   */
  drainOutput(): string {
    const s = this.con.drainTty();
    this.transcript += s;
    return s;
  }

  /** Console notices due now (kthread_stop's result once the thread exited), added to the transcript. */
  takeNotices(): string {
    const s = this.con.takeNotices();
    this.transcript += s;
    return s;
  }

  /**
   * A command once the level is over: the machine may still be looked at
   * (ps, cat /proc/..., pmap), but nothing that changes it or lets time
   * pass runs, and nothing is logged or scored.
   */
  look(line: string): ConsoleResult {
    const trimmed = line.trim();
    if (this.status === 'playing') return this.exec(trimmed);
    const cmd = trimmed.split(/\s+/)[0];
    if (LOOK_REFUSED.has(cmd) || lineCommands(trimmed).some((c) => LOOK_REFUSED.has(c.argv[0]) || commandIsAction(c))) {
      return { output: `${cmd}: the level is over: its machine can be looked at, not changed (Enter on an empty line: the debrief)\n`, status: 1 };
    }
    return this.con.exec(trimmed);
  }

  /** A console command typed by the player. Its result does not repeat output drainOutput() already gave. */
  exec(line: string): ConsoleResult {
    const trimmed = line.trim();
    if (!trimmed || trimmed.startsWith('#')) return { output: '', status: 0 };
    this.drainOutput();
    this.transcript += `$ ${trimmed}\n`;
    if (trimmed === 'hint') {
      const h = this.hint();
      const output = (h ?? 'No more hints.') + '\n';
      this.transcript += output;
      return { output, status: 0 };
    }
    this.steps.push({ tick: this.ticks, cmd: trimmed });
    this.commands++;
    const playing = this.status === 'playing';
    const events = this.view.events.length;
    const isAnswer = /^answer(\s|$)/.test(trimmed);
    const r = isAnswer ? this.answer(trimmed.slice(6).trim()) : (this.gameHelp(trimmed) ?? this.con.exec(trimmed));
    // An action counts against par; one that failed and changed nothing
    // (a mistyped PID, an unaligned address: no kernel event) costs nothing.
    // The status is the outer command's: an action only inside a $(...)
    // (`echo $(kill 99999)`) counts by its events alone.
    if (playing) {
      const acts = lineCommands(trimmed).filter(commandIsAction);
      const changed = this.view.events.length > events;
      if (acts.some((c) => !c.nested) ? r.status === 0 || changed : acts.length > 0 && changed) this.actions++;
    }
    this.check();
    // A recorded answer that did not win says so (a wrong answer, or the
    // rest of the goal is not met yet).
    if (isAnswer && r.status === 0 && this.status === 'playing') r.output += 'Not solved yet: a wrong answer, or the rest of the goal is not met.\n';
    // The command's own output may hold program output that ran during it (tick).
    this.transcript += r.output;
    return r;
  }

  /**
   * help for the game's own commands, which the console does not know:
   * `help answer`, `help hint`; plain `help` in a level that asks a
   * question also says how to answer it. Null: the console's help as is.
   */
  private gameHelp(line: string): ConsoleResult | null {
    const words = line.split(/\s+/);
    if (words[0] !== 'help' || words.length > 2) return null;
    if (words[1] === 'hint') return { output: 'hint: hint\n    show the next hint; each one costs points, unless the level was solved before\n', status: 0 };
    if (words[1] === 'answer')
      return {
        output:
          'answer: answer TEXT\n    record your answer to the question the level asks (an address, indices,\n    CPUs: the briefing says which); it counts as an action, and a wrong answer\n    can be followed by another\n',
        status: 0,
      };
    if (words.length === 1 && asksQuestion(this.level.spec.goal)) {
      const r = this.con.exec(line);
      return { ...r, output: r.output + 'This level asks a question: answer TEXT records your answer (help answer).\n' };
    }
    return null;
  }

  /** `answer TEXT`: for levels that ask a question (an address, indices, CPUs). */
  private answer(line: string): ConsoleResult {
    // The shell's words: quotes removed, $((EXPR)) and $(CMD) expanded (an
    // index computed in place, `answer $(pgrep -x hog)`); what went wrong in
    // a substitution shows first.
    const err = new Out();
    let text: string;
    try {
      text = this.con.expand(line, err).words.join(' ');
    } catch (e) {
      if (e instanceof ShellSyntaxError) return { output: `${err.text}kernlab: ${e.message}\n`, status: e.status };
      throw e;
    }
    const r = this.recordAnswer(text);
    return { ...r, output: err.text + r.output };
  }

  /** Records the words of an `answer` (empty: its usage). */
  private recordAnswer(text: string): ConsoleResult {
    if (!text) return { output: 'answer: usage: answer TEXT\n', status: 2 };
    const expected = expectedAnswers(this.level.spec.goal);
    if (!expected.length) return { output: 'answer: this level asks no question\n', status: 1 };
    // An answer of the wrong shape (3 indices where the question asks 4) is
    // a slip, not a guess: refused, free. The sizes are what the question says.
    const sizes = [...new Set(expected.map((a) => answerWords(this.view.fill(a)).length))].sort((a, b) => a - b);
    const given = answerWords(text).length;
    if (!sizes.includes(given)) {
      const want = sizes.length === 1 ? `${plural(sizes[0], 'value')}` : `${sizes[0]} to ${plural(sizes[sizes.length - 1], 'value')}`;
      return { output: `answer: this question takes ${want}; you gave ${given}\n`, status: 2 };
    }
    this.view.answers.push(text);
    return { output: `Answer recorded: ${text}\n`, status: 0 };
  }

  /** The next hint, filled in from live state, or null when there are none left. */
  hint(): string | null {
    const hints = this.level.spec.hints;
    if (this.level.lab && this.hintsShown >= hints.length) this.hintsShown = 0; // a lab's tips are free: they go round
    if (this.hintsShown >= hints.length) return null;
    const h = hints[this.hintsShown++];
    this.steps.push({ tick: this.ticks, hint: this.hintsShown });
    const text = this.view.fill(typeof h === 'string' ? h : h.text);
    // A value from an event that has not happened yet (the first SIGSEGV):
    // say so, and where the hint shows filled in once it has.
    if (/<\w+ of [\w.-]+ unknown>/.test(text)) return `${text} (Not known yet: it has not happened. The goal pane shows this hint filled in once it has.)`;
    return text;
  }

  /** Hints shown so far, filled in now. */
  shownHints(): string[] {
    return this.level.spec.hints.slice(0, this.hintsShown).map((h) => this.view.fill(typeof h === 'string' ? h : h.text));
  }

  /** Whether hints cost nothing in this game (the level was solved before). */
  get hintsFree(): boolean {
    return this.opts.freeHints === true;
  }

  /** Cost of the hints shown. */
  hintCost(): number {
    if (this.opts.freeHints) return 0;
    return this.level.spec.hints.slice(0, this.hintsShown).reduce((s, h) => s + (typeof h === 'string' ? 100 : (h.cost ?? 100)), 0);
  }

  /**
   * Runs `n` ticks, checking goal and fail conditions after each. While
   * the whole machine is idle the ticks up to the next timer pass in one
   * step (nothing can change in them). Returns the ticks run; stops early
   * once the level is decided if `stopWhenDecided`.
   */
  advance(n: number, stopWhenDecided = true): number {
    let done = 0;
    while (done < n) {
      if (stopWhenDecided && this.status !== 'playing') break;
      this.startDuePrograms();
      const idle = this.k.rqs.every((rq) => rq.isIdle);
      const next = this.k.timers.nextExpiry();
      const nextProgram = this.pending.length ? this.pending[0].at - this.ticks : Infinity;
      let step = 1;
      // An idle stretch is skipped in one step, but not past the time limit:
      // the game must be decided at the limit (a `tick 9000000` on an idle
      // machine ended the game, and its run log, at tick 9000000).
      const toLimit = this.level.spec.machine.time_limit - this.ticks;
      if (idle) step = Math.max(1, Math.min(n - done, next === null ? n - done : next - this.k.jiffies, nextProgram, toLimit > 0 ? toLimit : Infinity));
      this.k.run(step);
      done += step;
      this.check();
    }
    return done;
  }

  private startDuePrograms(): void {
    this.pending.sort((a, b) => a.at - b.at);
    while (this.pending.length && this.pending[0].at <= this.ticks) {
      const due = this.pending.shift()!;
      this.startProgram(due.spec, due.index);
    }
  }

  /** Runs until the level's tick `at` (since it began). */
  advanceTo(at: number, stopWhenDecided = true): void {
    if (at > this.ticks) this.advance(at - this.ticks, stopWhenDecided);
  }

  /** Decides the level: a fail condition (or the time limit) loses it; the goal wins it. */
  check(): void {
    if (this.status !== 'playing') return;
    const spec = this.level.spec;
    for (const f of spec.fail) {
      if (evaluate(this.view, f.when)) {
        this.status = 'failed';
        this.failReason = this.view.fill(f.text);
        return;
      }
    }
    if (this.k.panicked) {
      this.status = 'failed';
      this.failReason = `init died: the kernel panicked ("Kernel panic - not syncing: ${this.k.panicked}")`;
      return;
    }
    if (this.level.lab) return; // only a panic ends a lab
    if (evaluate(this.view, spec.goal)) {
      this.status = 'solved';
      this.solvedAt = this.ticks;
      this.penaltiesApplied = spec.penalties.filter((p) => evaluate(this.view, p.when)).map((p) => ({ text: this.view.fill(p.text), points: p.points }));
      return;
    }
    if (this.ticks >= spec.machine.time_limit) {
      this.status = 'failed';
      this.failReason = `time is up (${spec.machine.time_limit / 1000} s of simulated time)`;
    }
  }

  score(): Score {
    return scoreGame(this);
  }

  /** The run log: seed and timed steps. Replaying it gives the same game. */
  log(): RunLog {
    const log: RunLog = { kernlab: RUNLOG_VERSION, level: this.level.spec.id, seed: this.seed, steps: this.steps.slice(), end: this.ticks };
    if (this.opts.freeHints) log.freeHints = true;
    return log;
  }
}
