// What a student sees on their ssh session, from login to the final board:
// the waiting page, each level's briefing, the game screen (src/ui's
// GameScreen, with a badge for their rank and the time left), the outcome
// of each level, a small menu to give a level up, and the final board.
// The classroom decides; this only shows it and passes the student's keys.
//
// One StudentApp per session; it owns the views it puts on its screen and
// never draws on anyone else's (every element gets this screen).

import blessed from 'blessed';
import type { Game } from '../game/game';
import { briefingLines } from '../ui/briefing';
import { debriefLines } from '../ui/debrief';
import { GameScreen } from '../ui/game-screen';
import { Overlay } from '../ui/overlay';
import { PageScreen } from '../ui/page-screen';
import { normalizeKey, type Key } from '../ui/panes/pane';
import { durationWords, esc, fit, wrapText } from '../ui/text';
import { COLOURS, glyphsFor, type Glyphs } from '../ui/theme';
import type { View } from '../ui/view';
import { ClassDriver } from './class-driver';
import type { Classroom } from './classroom';
import { clockText } from './clock';
import { rankText } from './leaderboard';
import { LINE_MAX } from './limits';
import { attemptLines, boardLines, progressLines, waitingLines, type PageFacts } from './student-pages';
import type { StudentRun } from './student-run';

/** What the app needs around it. */
export interface StudentAppOptions {
  screen: blessed.Widgets.Screen; // the student's screen (on their ssh channel)
  room: Classroom; // the authority
  name: string; // the student (logged in)
  unicode: boolean; // UTF-8 glyphs
  disconnect(message: string): void; // end the session (the message is printed after the screen closes)
}

/** Which page is up. */
type Mode = 'waiting' | 'briefing' | 'restoring' | 'game' | 'outcome' | 'menu' | 'done' | 'final';

export class StudentApp {
  private view: View | null = null; // the page or game screen shown
  private mode: Mode = 'waiting'; // which one
  private game: GameScreen | null = null; // when mode is 'game'
  private run: StudentRun | null = null; // the run the game screen shows
  private paused: Overlay | null = null; // "paused by the teacher"
  private readonly g: Glyphs; // glyph set
  private readonly facts: PageFacts; // the challenge, for pages
  private confirmGiveUp = false; // the menu asked "give up?"
  private destroyed = false; // destroy() ran
  private readonly listeners: Array<[string, (...a: unknown[]) => void]> = []; // on the classroom
  private duration: number; // the clock's duration last seen (an extension is announced)

  constructor(private readonly opts: StudentAppOptions) {
    const { room } = opts;
    this.duration = room.clock.durationMs;
    this.g = glyphsFor(opts.unicode);
    this.facts = {
      title: room.challenge.title,
      levels: room.challenge.levels.map((l) => ({ id: l.spec.id, title: l.spec.title })),
      // The clock's, read at every draw: a teacher may add time before the start.
      get durationMs() {
        return room.clock.durationMs;
      },
    };
    this.on('clock', () => this.onClock());
    this.on('second', () => this.onSecond());
    this.on('board', () => this.onBoard());
    this.on('presence', () => {
      if (this.mode === 'waiting') this.view?.resize();
    });
    this.on('decided', (name) => {
      if (name === opts.name) this.onDecidedElsewhere();
    });
    this.show();
  }

  private on(event: string, f: (...a: unknown[]) => void): void {
    (this.opts.room as unknown as NodeJS.EventEmitter).on(event, f);
    this.listeners.push([event, f]);
  }

  // ---- the header facts ----

  /** "#2 of 14 · 12:34 left" (or the phase; "no rank yet" without points). */
  private standing(): string {
    const room = this.opts.room;
    const r = room.rankOf(this.opts.name);
    const rank = !r ? '' : r.rank === null ? (room.clock.phase === 'ended' ? 'no rank' : 'no rank yet') : `#${r.rank} of ${r.of}`;
    const phase = room.clock.phase;
    const time = phase === 'waiting' ? 'not started' : phase === 'ended' ? 'over' : `${clockText(room.remaining())} left${phase === 'paused' ? ' (paused)' : ''}`;
    return `${rank} · ${time}`;
  }

  /**
   * The head line of pages. The rank and time left matter most: on a
   * narrow terminal the title is cut first, then "kernlab classroom" goes.
   */
  private head(): string {
    const width = (this.opts.screen.width as number) || 80;
    const tail = ` · ${this.opts.name} · ${this.standing()}`;
    const brand = 'kernlab classroom · ';
    let room = width - 1 - brand.length - tail.length;
    const branded = room >= 12;
    if (!branded) room = width - 1 - tail.length;
    const title = this.facts.title.length > room ? fit(this.facts.title, Math.max(1, room), this.g.ellipsis) : this.facts.title;
    return ` ${branded ? '{bold}kernlab classroom{/bold} · ' : ''}${esc(title)} · {bold}${esc(this.opts.name)}{/bold} · ${esc(this.standing())}`;
  }

  /** Rank and time left, for the game screen's header. */
  private standingBadge(): { text: string; urgent: boolean } {
    const room = this.opts.room;
    const r = room.rankOf(this.opts.name);
    const left = room.clock.phase === 'ended' ? 'over' : clockText(room.remaining());
    return { text: `#${rankText(r?.rank ?? null)}/${r?.of ?? '-'} · ${left}`, urgent: room.clock.phase === 'running' && room.remaining() < 60_000 };
  }

  /** Redraw the header (rank and time left) of the game on screen. */
  private drawBadge(): void {
    if (this.mode === 'game' && this.game) this.game.frame();
  }

  // ---- choosing the page ----

  /** Show the page the classroom's state calls for. */
  private show(): void {
    const room = this.opts.room;
    const phase = room.clock.phase;
    if (phase === 'ended') return this.showFinal();
    if (phase === 'waiting') return this.showWaiting();
    const s = room.student(this.opts.name);
    if (s.current) {
      const run = room.currentRun(this.opts.name)!;
      return run.restoring ? this.showRestoring(run) : this.showGame(run, true);
    }
    if (s.next >= this.facts.levels.length) return this.showDone();
    const last = [...s.results].reverse().find((r) => r.index === s.next);
    if (last) return this.showAttempt();
    this.showBriefing();
  }

  private setView(mode: Mode, view: View | null): void {
    this.view?.destroy();
    this.game = null;
    if (this.run) this.run.view = null;
    this.run = null;
    this.mode = mode;
    this.view = view;
    this.confirmGiveUp = false;
    this.drawBadge();
    this.drawPaused();
    this.opts.screen.render();
  }

  /** A page with the classroom head line (read at every draw: it shows the time left). */
  private page(mode: Mode, title: string, lines: (w: number) => string[], keys: Array<[string, string]>, onKey: (full: string) => boolean): void {
    const opts = { screen: this.opts.screen, head: '', title, lines, keys, onKey };
    Object.defineProperty(opts, 'head', { get: () => this.head(), enumerable: true });
    this.setView(mode, null);
    this.view = new PageScreen(opts);
  }

  private showWaiting(): void {
    this.page('waiting', 'Waiting for the start', (w) => waitingLines(this.facts, this.opts.name, [...this.opts.room.online.keys()], w), [['q', 'leave']], (k) => this.quitKey(k));
  }

  private showBriefing(): void {
    const s = this.opts.room.student(this.opts.name);
    const level = this.opts.room.challenge.levels[s.next];
    this.page(
      'briefing',
      `Level ${s.next + 1}/${this.facts.levels.length}: ${level.spec.title}`,
      (w) => briefingLines(level, w, this.opts.room.challenge.speed, false, s.next > 0 && s.solved > 0 ? 'reminder' : 'full'), // the full guide until they have solved a level, as in kernlab play
      [['Enter', 'start the level'], ['q', 'leave']],
      (k) => {
        if (k === 'enter') {
          this.startLevel();
          return true;
        }
        return this.quitKey(k);
      },
    );
  }

  private startLevel(): void {
    const r = this.opts.room.startLevel(this.opts.name);
    if (typeof r === 'string') return this.show();
    this.showGame(r);
  }

  private showRestoring(run: StudentRun): void {
    this.page(
      'restoring',
      'Restoring your machine',
      () => {
        const [at, of] = run.restoreProgress();
        return ['The server restarted. Your machine is being rebuilt by replaying your commands:', '', `tick ${at} of ${of}...`];
      },
      [['q', 'leave']],
      (k) => this.quitKey(k),
    );
    this.run = run; // keeps run.view set, so the loop replays it
    run.view = { frame: () => undefined };
  }

  /** The game screen on `run`; `resumed`: the student comes back to it (a reconnect or a restore). */
  private showGame(run: StudentRun, resumed = false): void {
    const room = this.opts.room;
    const game = run.game;
    const s = room.student(this.opts.name);
    const title = `${s.current!.index + 1}/${this.facts.levels.length} ${game.level.spec.title}${s.current!.attempt > 1 ? ` (try ${s.current!.attempt})` : ''}`;
    this.setView('game', null);
    const gs = new GameScreen({
      screen: this.opts.screen,
      game,
      unicode: this.opts.unicode,
      title,
      makeDriver: (sink) => new ClassDriver(run, { clockRunning: () => room.clock.phase === 'running' }, () => sink.frame()),
      onDecided: () => this.drawBadge(), // already journaled by the run (before the screen could show it)
      onFinish: (g) => this.showOutcome(g),
      onLeave: (to) => (to === 'exit' ? this.opts.disconnect(`Your machine waits for you (it is stopped while you are away). Log in again to carry on.`) : this.showMenu()),
      headerExtra: () => this.standingBadge(),
      // One line that fits an 80-column box (the box does not wrap), and says what y does on ssh.
      leavePrompt: { question: 'Leave the classroom? Your machine waits, stopped, until you log in again.', menu: 'the challenge menu', exit: 'log out', bar: 'leave' },
      failedPage: 'the result', // the debrief waits until the level is solved (showOutcome)
      resumed,
    });
    this.view = gs;
    this.game = gs;
    this.run = run;
    run.view = {
      frame: () => this.guard(() => {
        this.drawBadge();
        gs.frame();
      }),
    };
    if (resumed) gs.console.print(`Welcome back: your machine kept its state (tick ${game.ticks}).\n`, 'note');
    this.drawBadge();
    this.drawPaused();
    gs.frame();
  }

  /** The level's result (after the game screen's result box). */
  private showOutcome(game: Game): void {
    const room = this.opts.room;
    const s = room.student(this.opts.name);
    const last = s.results[s.results.length - 1];
    const solved = game.status === 'solved';
    const more = s.next < this.facts.levels.length;
    const wall = this.run?.playMs ?? 0;
    const keys: Array<[string, string]> = solved ? [['Enter', more ? 'next level' : 'see the board']] : [['r', 'try again'], ['n', more ? 'give up, next level' : 'give up']];
    keys.push(['q', 'leave']);
    this.page(
      'outcome',
      solved ? 'Level solved' : 'Level failed',
      (w) => {
        // The board right after the score (before the long explanation).
        // The run log is on the server, not on the student's machine: say where, and who can replay it.
        const rec = last ? { runFile: `${last.log}, on the classroom server`, replayCommand: `kernlab replay DIR/${last.log} there, DIR being the class's data folder` } : { runFile: null };
        const lines = debriefLines(game, { ...rec, newBest: false, warning: '' }, this.g, w, wall);
        const at = lines.findIndex((l) => l.includes('What happened'));
        const board = [`{${COLOURS.accent}-fg}{bold}The board{/bold}{/${COLOURS.accent}-fg}`, ...boardLines(room.board(), this.opts.name, w, this.facts.levels.length, 6), ''];
        if (!solved && at >= 0) {
          // A retry plays the same machine: the explanation (which names the
          // culprit) waits until the level is solved, or it would hand a
          // failed student full points on the next try.
          const note = wrapText('What happened is explained once you solve the level. Try again with r, or give it up with n.', w - 2).map((l) => `{${COLOURS.dim}-fg}${esc(l)}{/${COLOURS.dim}-fg}`);
          return [...lines.slice(0, at), ...board, ...note];
        }
        lines.splice(at < 0 ? lines.length : at, 0, ...board);
        return lines;
      },
      keys,
      (k) => this.outcomeKey(k, solved),
    );
  }

  /** The outcome of the last attempt when its game is gone (reconnect after a failure, machine error). */
  private showAttempt(): void {
    const room = this.opts.room;
    const s = room.student(this.opts.name);
    const last = [...s.results].reverse().find((r) => r.index === s.next);
    if (!last) return this.show();
    const more = s.next + 1 < this.facts.levels.length;
    this.page(
      'outcome',
      `Level ${s.next + 1}/${this.facts.levels.length}`,
      (w) => [
        ...attemptLines(last, this.facts.levels[last.index].title, this.g, w),
        '',
        ...progressLines(s, this.facts, this.g),
        '',
        ...boardLines(room.board(), this.opts.name, w, this.facts.levels.length),
      ],
      [['r', 'try again'], ['n', more ? 'give up, next level' : 'give up'], ['q', 'leave']],
      (k) => this.outcomeKey(k, false),
    );
  }

  private outcomeKey(k: string, solved: boolean): boolean {
    const room = this.opts.room;
    if (solved && (k === 'enter' || k === 'space')) {
      this.show();
      return true;
    }
    if (!solved && k === 'r') {
      this.startLevel();
      return true;
    }
    if (!solved && k === 'n') {
      room.skipLevel(this.opts.name);
      this.show();
      return true;
    }
    return this.quitKey(k);
  }

  /** The classroom menu (from the game's leave box): back to the level, give it up, or leave. */
  private showMenu(): void {
    const room = this.opts.room;
    this.page(
      'menu',
      'Challenge',
      (w) => [
        ...progressLines(room.student(this.opts.name), this.facts, this.g),
        '',
        ...(this.confirmGiveUp
          ? [`{${COLOURS.warn}-fg}{bold}Give this level up for good (no points for it) and go on? y / n{/bold}{/${COLOURS.warn}-fg}`, '']
          : []),
        ...boardLines(room.board(), this.opts.name, w, this.facts.levels.length),
      ],
      [['Enter', 'back to the level'], ['g', 'give this level up'], ['q', 'leave']],
      (k) => this.menuKey(k),
    );
  }

  private menuKey(k: string): boolean {
    const room = this.opts.room;
    if (this.confirmGiveUp) {
      if (k === 'y') {
        room.abandonLevel(this.opts.name);
        this.show();
      } else {
        this.confirmGiveUp = false;
        this.view?.resize();
      }
      return true;
    }
    if (k === 'g') {
      this.confirmGiveUp = true;
      this.view?.resize();
      return true;
    }
    if (k === 'enter' || k === 'escape') {
      const r = room.currentRun(this.opts.name);
      if (r) this.showGame(r);
      else this.show();
      return true;
    }
    return this.quitKey(k);
  }

  private showDone(): void {
    const room = this.opts.room;
    this.page(
      'done',
      'All levels played',
      (w) => [
        `{bold}You have played every level. Well done!{/bold}`,
        '',
        ...progressLines(room.student(this.opts.name), this.facts, this.g),
        '',
        `{${COLOURS.accent}-fg}{bold}The board (live){/bold}{/${COLOURS.accent}-fg}`,
        ...boardLines(room.board(), this.opts.name, w, this.facts.levels.length, 20),
      ],
      [['q', 'leave']],
      (k) => this.quitKey(k),
    );
  }

  private showFinal(): void {
    const room = this.opts.room;
    this.page(
      'final',
      'Final board',
      (w) => {
        const s = room.state.students.get(this.opts.name);
        const rank = room.rankOf(this.opts.name);
        return [
          `{bold}The challenge is over.{/bold}${!rank ? '' : esc(rank.rank === null ? ' You finished without points, so without a rank.' : ` You finished #${rank.rank} of ${rank.of}.`)}`,
          '',
          ...(s ? [...progressLines(s, this.facts, this.g, true), ''] : []),
          ...boardLines(room.board(), this.opts.name, w, this.facts.levels.length, 30),
        ];
      },
      [['q', 'leave']],
      (k) => this.quitKey(k),
    );
  }

  private quitKey(k: string): boolean {
    if (k === 'q' || k === 'C-c' || k === 'C-d') {
      const phase = this.opts.room.clock.phase;
      this.opts.disconnect(phase === 'ended' ? 'Thanks for playing!' : 'Bye. Log in again to carry on where you were.');
      return true;
    }
    return false;
  }

  // ---- the classroom's news ----

  private onClock(): void {
    const phase = this.opts.room.clock.phase;
    const duration = this.opts.room.clock.durationMs;
    // More time: say so where the student is typing (the clock alone just jumps).
    if (duration > this.duration && phase !== 'ended' && this.mode === 'game' && this.game) {
      this.guard(() => this.game?.console.print(`Your teacher added ${durationWords(duration - this.duration)}: ${clockText(this.opts.room.remaining())} left.\n`, 'note'));
    }
    this.duration = duration;
    if (phase === 'ended' && this.mode !== 'final') return this.guard(() => this.showFinal());
    if (phase !== 'waiting' && this.mode === 'waiting') return this.guard(() => this.show());
    this.guard(() => {
      this.drawPaused();
      this.drawBadge();
      this.refresh();
    });
  }

  private onSecond(): void {
    this.guard(() => {
      if (this.mode === 'restoring' && this.run && !this.run.restoring) return this.showGame(this.run, true);
      if (this.mode === 'game') {
        this.drawBadge();
        this.opts.screen.render();
        return;
      }
      this.refresh();
    });
  }

  private onBoard(): void {
    if (this.mode === 'game') return this.guard(() => this.drawBadge());
    if (this.mode === 'outcome' || this.mode === 'done' || this.mode === 'final' || this.mode === 'menu') this.guard(() => this.refresh());
  }

  /** The run was closed by the server (a machine error) while the game screen showed it. */
  private onDecidedElsewhere(): void {
    this.guard(() => {
      if (this.mode !== 'game' || !this.run) return;
      if (this.run.game.status === 'playing') {
        this.showAttempt();
      }
    });
  }

  /** Redraw a page (its head line shows the time). */
  private refresh(): void {
    if (this.mode !== 'game') this.view?.resize();
    else this.opts.screen.render();
  }

  /** Show or hide "paused by the teacher". */
  private drawPaused(): void {
    const paused = this.opts.room.clock.phase === 'paused';
    if (!paused) {
      this.paused?.destroy();
      this.paused = null;
      return;
    }
    if (!this.paused) {
      const first = this.opts.room.heldForRestart ? 'The server restarted: the challenge is paused.' : 'Your teacher has paused the challenge.';
      this.paused = new Overlay(this.opts.screen, this.opts.screen, {
        title: 'Paused',
        lines: [first, 'Every machine is stopped, and so is the clock.', '', 'Wait here: play resumes when the teacher says so.'],
        colour: COLOURS.warn,
      });
    }
    this.paused.box.setFront();
    this.paused.layout(this.opts.screen.width as number, this.opts.screen.height as number);
  }

  // ---- keys and size ----

  /** A key from the student's terminal. */
  key(ch: string | undefined, raw: Key): void {
    if (this.destroyed) return;
    const key = normalizeKey(raw);
    if (!key) return;
    this.guard(() => {
      if (this.paused) {
        this.quitKey(key.full); // nothing else while the teacher has paused
        return;
      }
      if (this.game && this.game.focused === 'console' && ch && ch.length === 1 && ch >= ' ' && !key.ctrl && !key.meta && this.game.console.editor.text.length >= LINE_MAX) {
        this.opts.screen.program.bell();
        return;
      }
      // The game screen redraws itself after a key, its header (rank, time left) included.
      this.view?.key(ch, key);
    });
  }

  /** The terminal changed size. */
  resize(): void {
    this.guard(() => {
      this.view?.resize();
      this.drawBadge();
      this.drawPaused();
      this.opts.screen.render();
    });
  }

  /**
   * Run `f`; if it throws (a bug in a screen), the student is told and
   * disconnected, and the error goes to the teacher's log — nobody else is
   * affected.
   */
  private guard(f: () => void): void {
    if (this.destroyed) return;
    try {
      f();
    } catch (e) {
      this.opts.room.emit('log', `screen error for ${this.opts.name}: ${(e as Error)?.stack ?? String(e)}`);
      this.opts.disconnect('Sorry: the screen hit an error. Your progress is saved; log in again to carry on.');
    }
  }

  /** Remove every view and stop listening. Idempotent. */
  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    for (const [event, f] of this.listeners) (this.opts.room as unknown as NodeJS.EventEmitter).off(event, f);
    if (this.run) this.run.view = null;
    this.paused?.destroy();
    this.view?.destroy();
    this.view = null;
    this.game = null;
  }
}
