// `kernlab play --plain`: the same game as lines of text, for screen
// readers, TERM=dumb and output that is not a terminal. No curses, no
// cursor movement: a numbered level list, the briefing, then a narrated
// event log ("[t 1501] parent (20) continues (SIGCONT)"), program output as
// it arrives, and a prompt that takes console commands plus pause, go,
// speed N, step, status and quit. Each level ends with its debrief.

import { commOf } from '../console/tasks';
import { createInterface, type Interface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { Game } from '../game/game';
import { leaves } from '../game/goal';
import type { Level } from '../game/level-load';
import { isUnlocked } from '../game/progress';
import type { PlayHost } from './app';
import type { Driver, FrameSink } from './driver';
import { parseSpeed } from './driver';
import { narrate } from './narrate';
import { replayCommand, whatHappened } from './debrief';
import { durationWords, measuredSpeed, reflow, speedLabel, wrapText } from './text';
import { TtyFeed } from './tty-feed';
import { SIGCHLD } from '../kernel/uapi/signal';
import type { TtyChunk } from '../kernel/tty';
import { plural } from '../game/plural';

/** What the line mode needs. */
export interface PlainOptions {
  input: Readable; // lines typed
  output: Writable; // everything said
  host: PlayHost; // levels, progress, the loop
  start?: Level; // play this level first
  message?: string; // a line to say first (a progress-file warning)
  width?: number; // wrap prose at this width at most (default 78)
  columns?: () => number; // the terminal's width now, for ps, ls and help (default 80, as with no terminal)
}

/** The prompt. */
export const PLAIN_PROMPT = 'kernlab# ';

/** Where the line mode is. */
type Stage = 'menu' | 'briefing' | 'playing' | 'debrief' | 'done';

/**
 * Runs the line mode until the player quits or the input ends; resolves
 * with an exit status (0).
 */
export function runPlain(opts: PlainOptions & { signals?: NodeJS.EventEmitter }): Promise<number> {
  return new Promise((resolve) => {
    let status = 0;
    // Ctrl-C (or a kill) leaves as quit does: the run log is saved, Bye is said.
    const onSignal = (sig: NodeJS.Signals): void => {
      status = 128 + (sig === 'SIGINT' ? 2 : sig === 'SIGHUP' ? 1 : 15);
      p.interrupt();
    };
    const sigs: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];
    const p = new PlainSession(opts, () => {
      for (const s of sigs) opts.signals?.removeListener(s, onSignal);
      resolve(status);
    });
    for (const s of sigs) opts.signals?.on(s, onSignal);
    p.begin();
  });
}

/** Narration waiting to be said, and where in the program output it belongs. */
interface Told {
  seq: number; // the terminal's next chunk when it happened: said before that chunk
  text: string; // the sentence
}

/** Events alike told one by one at most this many times; the rest are counted. */
export const ALIKE_TOLD = 5;
/** While time runs on, the count of events not told is said at most once in this many ticks. */
export const ALIKE_EVERY = 5000;

/**
 * Cuts runs of like events short: a fork bomb's thousand failed forks are
 * five sentences and a count, not a thousand lines for a screen reader to
 * read out. Events are alike when their sentences differ only in numbers
 * (pids, addresses); they are told afresh after each line the player types.
 */
export class Alike {
  private readonly runs = new Map<string, { n: number; more: number; first: number; last: Told }>(); // by sentence without numbers

  constructor(private since = 0) {} // tick of the last count said while time ran (or of the start)

  /** Whether to tell `t` (at `tick`) now; if not, it is counted. */
  tell(t: Told, tick: number): boolean {
    const what = t.text.replace(/^\[t \d+\] /, '').replace(/0x[0-9a-f]+|\d+/g, '#');
    const r = this.runs.get(what) ?? { n: 0, more: 0, first: tick, last: t };
    this.runs.set(what, r);
    if (++r.n <= ALIKE_TOLD) return true;
    if (r.more === 0) r.first = tick;
    r.more++;
    r.last = t;
    return false;
  }

  /**
   * The counts of events not told, as sentences; `end`: the player typed a
   * line or the level ended (like events are told afresh after it), else
   * only once in ALIKE_EVERY ticks.
   */
  counts(now: number, end: boolean): Told[] {
    if (!end && now - this.since < ALIKE_EVERY) return [];
    this.since = now;
    const out: Told[] = [];
    for (const r of this.runs.values()) {
      if (r.more === 0) continue;
      const tick = /^\[t (\d+)\] /.exec(r.last.text)?.[1] ?? String(now);
      out.push({ seq: Infinity, text: `[t ${tick}] ${r.more} more like that since t ${r.first}, the last: ${r.last.text.replace(/^\[t \d+\] /, '')}` });
      r.more = 0;
    }
    if (end) this.runs.clear();
    return out;
  }
}

/** One line-mode session. */
export class PlainSession implements FrameSink {
  private readonly rl: Interface; // reads lines
  private stage: Stage = 'menu'; // what a line means now
  private level: Level | null = null; // the level of the briefing, game or debrief
  private game: Game | null = null; // the game being played
  private driver: Driver | null = null; // its loop
  private feed: TtyFeed | null = null; // its program output
  private unlisten: (() => void) | null = null; // stops the narration
  private told: Told[] = []; // narration waiting for the next frame
  private alike = new Alike(); // runs of like events, cut short
  private cowTold = false; // copy-on-write faults are told (the level is about them)
  private readonly width: number; // prose width

  constructor(
    private readonly opts: PlainOptions,
    private readonly done: () => void, // called once, at the end
  ) {
    this.width = Math.max(20, Math.min(opts.width ?? 78, (opts.columns?.() ?? 80) - 1));
    this.rl = createInterface({ input: opts.input, output: opts.output, terminal: false, prompt: PLAIN_PROMPT });
    this.rl.on('line', (line) => this.onLine(line));
    this.rl.on('close', () => this.end(true));
  }

  begin(): void {
    this.say('kernlab, plain mode: one line per event; type commands at the prompt.');
    if (this.opts.message) this.say(this.opts.message);
    if (this.opts.start) this.briefing(this.opts.start);
    else this.menu();
  }

  // ---- output ----

  private say(text: string): void {
    this.opts.output.write(text.endsWith('\n') ? text : text + '\n');
  }

  private prose(text: string): void {
    for (const l of wrapText(reflow(text), this.width)) this.say(l);
  }

  private prompt(): void {
    this.opts.output.write(this.stage === 'playing' ? PLAIN_PROMPT : '> ');
  }

  // ---- stages ----

  private menu(): void {
    this.stage = 'menu';
    const host = this.opts.host;
    const p = host.progress();
    const ids = host.levels.map((l) => l.spec.id);
    if (!host.levels.length) {
      this.say('No levels found. Play a level file with: kernlab play --plain FILE.yaml');
      this.end();
      return;
    }
    this.say('');
    this.say('Levels:');
    host.levels.forEach((l, i) => {
      const lp = p.levels[l.spec.id];
      const open = isUnlocked(p, ids, l.spec.id);
      const state = !open ? 'locked' : lp?.solved ? `solved, best ${lp.best} points, ${lp.stars} of 3 stars` : 'open';
      this.say(`  ${i + 1}. ${l.spec.title} (${l.spec.topic}): ${state}`);
    });
    this.say('Type a level number to play it, or q to quit.');
    this.prompt();
  }

  private briefing(level: Level): void {
    this.stage = 'briefing';
    this.level = level;
    const s = level.spec;
    this.say('');
    if (level.lab) {
      // No goal, par or menu: what a lab is, and the same prompt.
      this.prose(`${s.title}: ${s.briefing}`);
      this.prose(`Time stands still until you type go or tick N. At the prompt: any console command (help lists them), hint (${plural(s.hints.length, 'tip')}), status, pause, go, step, speed N, quit (or q).`);
      this.prose('Press Enter to start (q: quit).');
      return this.prompt();
    }
    this.prose(`Level: ${s.title} (${s.topic}, difficulty ${s.difficulty} of 5)`);
    this.prose(s.briefing);
    this.prose(`Goal: ${s.goal_text}`);
    this.prose(
      `Par: ${s.par.ticks} ticks and ${plural(s.par.commands, 'action')}. ` +
        `Time stands still until you type go (it then runs at ${speedLabel(this.opts.host.startSpeed)} of real time, 1 tick = 1 ms; pause stops it) or tick N (runs N ticks). ` +
        'At the prompt: any console command (help lists them), hint, status, pause, go, step, speed N, quit (or q).',
    );
    this.prose('Press Enter to start (m: back to the levels, q: quit).');
    this.prompt();
  }

  /** Starts `level`; `first`, a line typed at the briefing, runs at once. */
  private start(level: Level, first = ''): void {
    let game: Game;
    try {
      game = new Game(level, this.opts.host.seedFor(level), { freeHints: this.opts.host.freeHints(level) });
    } catch (e) {
      this.say(`Cannot start ${level.spec.id}: ${(e as Error).message}`);
      this.menu();
      return;
    }
    this.stage = 'playing';
    this.game = game;
    this.alike = new Alike(game.ticks);
    this.feed = new TtyFeed(game);
    this.fitConsole();
    const k = game.k;
    const names = new Map<number, string>();
    for (const t of k.tasks.values()) names.set(t.pid, commOf(t));
    const sigchld = new Map<number, Told>(); // the SIGCHLD each child sent, as told
    // Every fork's first writes to its stack are copy-on-write faults: told
    // only in a lab (where --plain has no MMU pane to show them) and where
    // the level is about them, else they drown what matters.
    this.cowTold = !!level.lab || [level.spec.goal, ...level.spec.fail.map((f) => f.when)].flatMap(leaves).some((q) => 'events' in q && q.events.type === 'cow');
    this.unlisten = k.events.listen((e) => {
      if (e.type === 'fork') names.set(e.child, commOf(k.findTask(e.child) ?? { comm: '' }));
      if (e.type === 'pagefault' && (e.kind === 'cow-copy' || e.kind === 'cow-reuse') && !this.cowTold) return;
      const s = narrate(k, e, names);
      const tick = e.tick - game.view.start;
      const t = s ? { seq: k.tty.nextSeq, text: `[t ${tick}] ${s}` } : null;
      if (!t || !this.alike.tell(t, tick)) return;
      // exit_notify() sends the parent SIGCHLD before the exit is complete:
      // the death is told first, then the signal it sent.
      const chld = this.told.length - 1;
      if (e.type === 'exit' && chld >= 0 && this.told[chld] === sigchld.get(e.pid)) this.told.splice(chld, 0, t);
      else this.told.push(t);
      if (e.type === 'exit') sigchld.delete(e.pid);
      if (e.type === 'signal' && (e.action === 'queued' || e.action === 'ignored') && e.signo === SIGCHLD) sigchld.set(e.from, t);
    });
    this.driver = this.opts.host.makeDriver(game, this);
    this.say(`Started. ${this.statusLine()}`);
    this.flush(false, false); // what the programs said while the level set up (a mapping's address, say)
    if (this.driver.paused) this.say('Time is stopped: go lets it run, tick N runs N ticks, step runs one.');
    if (first) return this.command(first);
    this.prompt();
  }

  /** The loop's frame: say what happened since the last one. */
  frame(): void {
    if (!this.game || this.stage !== 'playing') return;
    const said = this.flush();
    if (this.game.status !== 'playing') this.finish();
    else if (said) this.prompt();
  }

  /** ps, ls and help fit the terminal's width, as the TUI fits them to its console pane. */
  private fitConsole(): void {
    const cols = this.opts.columns?.();
    if (this.game && cols && cols > 0) this.game.con.resize(cols);
  }

  /** Say the narration and program output gathered so far (`end`: and every count of like events not told; `atPrompt`: start on a fresh line); returns whether anything was said. */
  private flush(end = false, atPrompt = true): boolean {
    const feed = this.feed;
    if (!feed) return false;
    const chunks = feed.fresh();
    const notices = this.game!.takeNotices(); // kthread_stop's result: the level may end on it
    const told = [...this.told.splice(0), ...this.alike.counts(this.game!.ticks, end)];
    if (notices) told.push({ seq: Infinity, text: notices.replace(/\n$/, '') });
    if (!told.length && !chunks.length) return false;
    if (atPrompt) this.opts.output.write('\n'); // off the prompt's line
    this.interleave(chunks, told);
    return true;
  }

  /** Program output and narration in the order they happened (a fault is told before the handler's message about it). */
  private interleave(chunks: readonly TtyChunk[], told: readonly Told[]): void {
    let out = '';
    let i = 0;
    for (const c of chunks) {
      for (; i < told.length && told[i].seq <= c.seq; i++) {
        if (out) this.say(out);
        out = '';
        this.say(told[i].text);
      }
      out += c.text;
    }
    if (out) this.say(out);
    for (; i < told.length; i++) this.say(told[i].text);
  }

  private statusLine(): string {
    const g = this.game!;
    const d = this.driver;
    const eff = d?.effectiveSpeed?.() ?? null; // the machine cannot keep up: how fast time really runs
    const real = eff === null ? '' : ` (really ${measuredSpeed(eff)})`;
    const run = d ? (d.paused ? 'paused' : `running at ${speedLabel(d.speed)}${real}`) : '';
    const wall = d ? ` ${durationWords(d.wallMs())} of wall time.` : '';
    const count = g.level.lab ? plural(g.commands, 'command') : `${plural(g.actions, 'action')} so far (par ${g.level.spec.par.commands})`;
    return `Tick ${g.ticks}${run ? ', ' + run : ''}. ${count}.${wall}`;
  }

  private status(): void {
    const g = this.game!;
    this.say(this.statusLine());
    if (g.level.lab) return this.prose(g.level.spec.goal_text);
    this.prose(`Goal: ${g.level.spec.goal_text}`);
    for (const c of g.checklist()) this.say(`  ${c.done ? 'done' : 'not yet'}: ${c.text}`);
    const limit = g.level.spec.machine.time_limit;
    this.say(`Time is up at tick ${limit}: ${plural(Math.max(0, limit - g.ticks), 'tick')} left.`);
  }

  private finish(): void {
    const game = this.game!;
    const wall = this.driver?.wallMs() ?? 0;
    this.stopGame();
    const rec = this.opts.host.finished(game);
    const s = game.score();
    this.stage = 'debrief';
    this.say('');
    if (game.level.lab) {
      // Only a kernel panic ends a lab, and it keeps no score.
      this.say(`The machine stopped: ${game.failReason}. ${plural(game.ticks, 'tick')}, ${plural(game.commands, 'command')}.`);
      this.say('r: a fresh machine with your programs, q: quit.');
      return this.prompt();
    }
    // "3 of 3 stars" is said; the star glyphs would be read out as "star star star".
    if (s.solved) this.say(`Solved! ${s.score} points, ${s.stars} of 3 stars.${rec.newBest ? ' A new best.' : ''}`);
    else {
      const why = game.failReason || 'the goal was not met';
      this.say(`Not solved: ${why}${/[.?!]$/.test(why) ? '' : '.'}`); // a reason that ends a sentence got a second full stop
    }
    this.say(`${s.ticks} ticks (par ${game.level.spec.par.ticks}), ${plural(s.actions, 'action')} (par ${game.level.spec.par.commands}), ${plural(s.commands, 'command')} in all, ${plural(s.hints, 'hint')}; ${durationWords(wall)} of wall time.`);
    for (const b of s.breakdown) this.say(`  minus ${b.points}: ${b.text}`);
    this.say(`${whatHappened(s.solved)}:`);
    this.prose(game.view.fill(game.level.spec.debrief));
    if (rec.runFile) this.say(`Run log saved: ${rec.runFile} (${replayCommand(rec)})`);
    if (rec.warning) this.say(rec.warning);
    const next = this.nextLevel();
    this.say(`${next ? 'n: next level, ' : ''}r: retry, m: levels, q: quit.`);
    this.prompt();
  }

  private nextLevel(): Level | null {
    const host = this.opts.host;
    const i = this.level ? host.levels.indexOf(this.level) : -1;
    const next = i >= 0 ? host.levels[i + 1] : undefined;
    if (!next) return null;
    const ids = host.levels.map((l) => l.spec.id);
    return isUnlocked(host.progress(), ids, next.spec.id) ? next : null;
  }

  private stopGame(): void {
    this.driver?.stop();
    this.driver = null;
    this.unlisten?.();
    this.unlisten = null;
    this.flush(true);
    this.feed = null;
  }

  // ---- input ----

  private onLine(raw: string): void {
    const line = raw.trim();
    switch (this.stage) {
      case 'menu': {
        if (line === 'q' || line === 'quit') return this.end();
        const n = Number(line);
        const host = this.opts.host;
        const level = Number.isInteger(n) && n >= 1 && n <= host.levels.length ? host.levels[n - 1] : host.levels.find((l) => l.spec.id === line);
        if (!level) {
          this.say(line ? `No level "${line}". Type a number from 1 to ${host.levels.length}, or q.` : `Type a number from 1 to ${host.levels.length}, or q.`);
          return this.prompt();
        }
        const ids = host.levels.map((l) => l.spec.id);
        if (!isUnlocked(host.progress(), ids, level.spec.id)) {
          this.say(`Level ${host.levels.indexOf(level) + 1} is locked: solve the level before it first.`); // also when named by its id
          return this.prompt();
        }
        return this.briefing(level);
      }
      case 'briefing':
        if (line === 'q' || line === 'quit') return this.end();
        if (line === 'm' && !this.level!.lab) return this.menu();
        // A command typed here starts the level and runs: the player was ready.
        return this.start(this.level!, raw.trim());
      case 'debrief': {
        const next = this.nextLevel();
        if (line === 'n' && next) return this.briefing(next);
        if (line === 'r') return this.briefing(this.level!);
        if (this.level!.lab && line !== 'q' && line !== 'quit') {
          this.say('r or q.');
          return this.prompt();
        }
        if (line === 'm' || line === '') return this.menu();
        if (line === 'q' || line === 'quit') return this.end();
        this.say(`${next ? 'n, ' : ''}r, m or q.`);
        return this.prompt();
      }
      case 'playing':
        this.command(raw);
        return;
      default:
        return;
    }
  }

  /** A line typed while playing. */
  private command(raw: string): void {
    const game = this.game!;
    const d = this.driver!;
    const words = raw.trim().split(/\s+/);
    if (words.length === 1 && words[0] === 'q') words[0] = 'quit'; // as at the menu and the briefing, where q quits
    this.flush(true, false); // what happened since the last frame, and the count of like events not told, before the answer
    switch (words[0]) {
      case '':
        return this.prompt();
      case 'pause':
        d.pause();
        this.say(`Paused at tick ${game.ticks}.`);
        return this.prompt();
      case 'go':
      case 'resume':
        d.resume();
        this.say(`Running at ${speedLabel(d.speed)}.`);
        return this.prompt();
      case 'step':
        d.step();
        if (this.stage !== 'playing') return;
        this.say(`Tick ${game.ticks}.`);
        return this.prompt();
      case 'speed': {
        if (words.length > 1) {
          const x = parseSpeed(words[1]);
          if (typeof x === 'string') this.say(x);
          else d.setSpeed(x);
        }
        this.say(`Speed ${speedLabel(d.speed)} (1x = 1000 ticks per second).`);
        return this.prompt();
      }
      case 'status':
        this.status();
        return this.prompt();
      case 'quit':
      case 'exit': {
        const file = this.opts.host.abandoned(game);
        this.stopGame();
        this.say(game.level.lab ? 'Left the lab.' : `Left the level${file ? `; run log saved: ${file}` : ''}.`);
        this.game = null;
        return game.level.lab ? this.end() : this.menu();
      }
      case 'hint': {
        if (words.length === 1) {
          const h = game.hint();
          const what = game.level.lab ? 'Tip' : 'Hint';
          if (h === null) this.say(`No more ${what.toLowerCase()}s.`);
          else this.prose(`${what} ${game.hintsShown} of ${game.level.spec.hints.length}: ${h}`);
          return this.prompt();
        }
        break;
      }
      default:
        break;
    }
    this.fitConsole();
    const ticksBefore = game.ticks;
    const r = this.feed!.exec(raw);
    this.interleave(r.earlier, []); // program output since the last frame, first
    const told = [...this.told.splice(0), ...this.alike.counts(game.ticks, true)];
    if (r.text) this.say(r.text);
    this.interleave(r.during, told); // with no program output split off, the narration follows the text
    if (r.after) this.say(r.after); // bash prints its job notices ("[1]+ Done") last, after what happened meanwhile
    if (words[0] === 'help' && words.length === 1) this.say('Also: hint, status, pause, go, step, speed N, quit (or q).');
    if (game.status !== 'playing') return this.finish();
    // A tick (or sleep, which is one) that printed nothing is not silence.
    if ((words[0] === 'tick' || words[0] === 'sleep') && r.result.status === 0 && game.ticks > ticksBefore) this.say(`Tick ${game.ticks}.`);
    this.prompt();
  }

  /** Ctrl-C or a signal: say so and leave, as at the end of input. */
  interrupt(): void {
    if (this.stage === 'done') return;
    this.say('');
    this.say('Interrupted.');
    this.end();
  }

  /** The input ended or the player quit. Idempotent. */
  private end(eof = false): void {
    if (this.stage === 'done') return;
    if (eof) this.say(''); // Ctrl-D left the cursor after the prompt
    if (this.stage === 'playing' && this.game) {
      const file = this.opts.host.abandoned(this.game);
      this.stopGame();
      if (file) this.say(`Run log saved: ${file}`);
    }
    this.stage = 'done';
    this.say('Bye.');
    this.rl.close();
    this.done();
  }
}
