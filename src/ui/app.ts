// The TUI's flow: level menu → briefing → game → debrief → next level or
// back to the menu. It owns the screen's keys and resizes and hands them to
// the view shown. Everything outside the screen (files, clock, the loop)
// comes from the host (src/cli/play.ts, or the classroom server).

import type blessed from 'blessed';
import { Game } from '../game/game';
import type { Level } from '../game/level-load';
import { isUnlocked, type Progress } from '../game/progress';
import { briefingLines, type HowToPlay } from './briefing';
import { debriefLines, type RunRecord } from './debrief';
import type { Driver, FrameSink } from './driver';
import { GameScreen } from './game-screen';
import { MenuScreen, type MenuEntry } from './menu-screen';
import { PageScreen } from './page-screen';
import { normalizeKey, type Key } from './panes/pane';
import { esc, wrapText } from './text';
import { plural } from '../game/plural';
import { COLOURS, glyphsFor } from './theme';
import type { View } from './view';

/** What the TUI needs from the world around it. */
export interface PlayHost {
  /** The levels of the menu, in play order. */
  readonly levels: readonly Level[];
  /** The player's progress now. */
  progress(): Progress;
  /** The seed to play `level` with. */
  seedFor(level: Level): string;
  /** Whether hints are free for this level (it was solved before). */
  freeHints(level: Level): boolean;
  /** The loop that will run `game`, calling `sink.frame()` after each batch. */
  makeDriver(game: Game, sink: FrameSink): Driver;
  /** The level was decided: record progress and save the run log. */
  finished(game: Game): RunRecord;
  /** The player left mid-level: save the run log if worth it; returns its path. */
  abandoned(game: Game): string | null;
  /** Speed a new game starts at (for the briefing's text). */
  readonly startSpeed: number;
}

/** Options of the app. */
export interface PlayAppOptions {
  screen: blessed.Widgets.Screen; // the terminal
  host: PlayHost; // the world
  unicode: boolean; // UTF-8 glyphs
  start?: Level; // go straight to this level's briefing (kernlab play LEVEL)
  message?: string; // a line for the menu (e.g. a progress-file warning)
  onExit(): void; // the player quit: close the screen
}

export class PlayApp {
  private view: View | null = null; // shown now
  private game: GameScreen | null = null; // the game screen, while playing
  private record: RunRecord | null = null; // the last finished run
  private exited = false; // onExit was called
  private readonly onKey = (ch: string | undefined, raw: Key): void => {
    const key = normalizeKey(raw);
    if (key) this.view?.key(ch, key);
  };
  private readonly onResize = (): void => this.view?.resize();

  constructor(private readonly opts: PlayAppOptions) {
    opts.screen.on('keypress', this.onKey);
    opts.screen.on('resize', this.onResize);
    if (opts.start) this.briefing(opts.start);
    else this.menu(undefined, opts.message);
  }

  /** The view shown (for tests). */
  get current(): View | null {
    return this.view;
  }

  private show(v: View): void {
    const old = this.view;
    this.view = null;
    old?.destroy();
    this.game = null;
    this.view = v;
  }

  private indexOf(level: Level): number {
    return this.opts.host.levels.indexOf(level);
  }

  private entries(): MenuEntry[] {
    const p = this.opts.host.progress();
    const ids = this.opts.host.levels.map((l) => l.spec.id);
    return this.opts.host.levels.map((level) => {
      const lp = p.levels[level.spec.id];
      return { level, unlocked: isUnlocked(p, ids, level.spec.id), best: lp?.best ?? 0, stars: lp?.stars ?? 0, solved: lp?.solved ?? 0, played: lp?.played ?? 0 };
    });
  }

  /** The level menu. */
  menu(select?: number, message?: string): void {
    this.show(
      new MenuScreen({
        screen: this.opts.screen,
        unicode: this.opts.unicode,
        entries: this.entries(),
        selected: select,
        message,
        onPlay: (i) => this.briefing(this.opts.host.levels[i]),
        onQuit: () => this.exit(),
      }),
    );
  }

  /** The briefing of a level. */
  briefing(level: Level): void {
    const i = this.indexOf(level);
    const n = this.opts.host.levels.length;
    const where = level.lab ? 'Lab' : i >= 0 ? `Level ${i + 1} of ${n}` : `Level file ${level.file}`;
    // A lab has no menu to go back to: Esc leaves it, as q does.
    const back: [string, string] = level.lab ? ['Esc', 'quit'] : ['Esc', 'levels'];
    this.show(
      new PageScreen({
        screen: this.opts.screen,
        head: ` {bold}kernlab{/bold} · ${esc(where)}`,
        title: level.spec.title,
        lines: (w) => briefingLines(level, w, this.opts.host.startSpeed, this.opts.host.freeHints(level), this.howToPlay(i)),
        keys: [
          ['Enter', 'start'],
          back,
          ['q', 'quit'],
        ],
        onKey: (full) => {
          if (full === 'enter' || full === 'space') this.play(level);
          else if ((full === 'escape' || full === 'backspace') && level.lab) this.exit();
          else if (full === 'escape' || full === 'backspace') this.menu(i >= 0 ? i : undefined);
          else if (full === 'q' || full === 'C-c') this.exit();
          else return false;
          return true;
        },
      }),
    );
  }

  /** The full guide on the first level and until the player has solved one; a reminder after. */
  private howToPlay(i: number): HowToPlay {
    const solvedAny = Object.values(this.opts.host.progress().levels).some((l) => l.solved > 0);
    return i > 0 && solvedAny ? 'reminder' : 'full';
  }

  /** Play a level. */
  play(level: Level): void {
    let game: Game;
    try {
      game = new Game(level, this.opts.host.seedFor(level), { freeHints: this.opts.host.freeHints(level) });
    } catch (e) {
      this.menu(Math.max(0, this.indexOf(level)), `Cannot start ${level.spec.id}: ${(e as Error).message.split('\n')[0]}`);
      return;
    }
    const i = this.indexOf(level);
    const title = i >= 0 ? `Level ${i + 1}/${this.opts.host.levels.length}: ${level.spec.title}` : level.spec.title;
    const gs = new GameScreen({
      screen: this.opts.screen,
      game,
      unicode: this.opts.unicode,
      title,
      makeDriver: (sink) => this.opts.host.makeDriver(game, sink),
      // A lab has no menu to go back to: leaving it quits.
      leavePrompt: level.lab ? { question: 'Leave the lab? Its machine goes with it.' } : undefined,
      onDecided: (g) => {
        this.record = this.opts.host.finished(g);
      },
      onFinish: (g) => this.debrief(g, gs.driver.wallMs()),
      onLeave: (to, g) => {
        const file = this.opts.host.abandoned(g);
        if (to === 'exit') this.exit();
        else this.menu(i >= 0 ? i : undefined, file ? `Run log of the unfinished level: ${file}` : undefined);
      },
    });
    this.show(gs);
    this.game = gs;
  }

  /** The debrief of a finished level. */
  debrief(game: Game, wallMs: number): void {
    if (game.level.lab) return this.labOver(game);
    const rec = this.record ?? { runFile: null, newBest: false, warning: '' };
    this.record = null;
    const level = game.level;
    const i = this.indexOf(level);
    const next = i >= 0 ? this.opts.host.levels[i + 1] : undefined;
    const ids = this.opts.host.levels.map((l) => l.spec.id);
    const nextOpen = !!next && isUnlocked(this.opts.host.progress(), ids, next.spec.id);
    const keys: Array<[string, string]> = [];
    if (nextOpen) keys.push(['n', `next: ${next!.spec.title}`]);
    keys.push(['r', 'retry'], ['m', 'levels'], ['q', 'quit']);
    const g = glyphsFor(this.opts.unicode);
    const solved = game.status === 'solved';
    this.show(
      new PageScreen({
        screen: this.opts.screen,
        head: ` {bold}kernlab{/bold} · ${esc(level.spec.title)} · ${solved ? `{${COLOURS.good}-fg}solved{/${COLOURS.good}-fg}` : `{${COLOURS.bad}-fg}not solved{/${COLOURS.bad}-fg}`}`,
        title: 'Debrief',
        lines: (w) => debriefLines(game, rec, g, w, wallMs),
        keys,
        onKey: (full) => {
          if ((full === 'n' || full === 'enter') && nextOpen) this.briefing(next!);
          else if (full === 'r') this.briefing(level);
          else if (full === 'm' || full === 'escape' || ((full === 'enter') && !nextOpen)) this.menu(i >= 0 ? (nextOpen ? i + 1 : i) : undefined);
          else if (full === 'q' || full === 'C-c') this.exit();
          else return false;
          return true;
        },
      }),
    );
  }

  /** The end of a lab (a kernel panic: nothing else ends one): why, and a fresh machine or quit. */
  private labOver(game: Game): void {
    const level = game.level;
    this.show(
      new PageScreen({
        screen: this.opts.screen,
        head: ` {bold}kernlab{/bold} · Lab · {${COLOURS.bad}-fg}the machine stopped{/${COLOURS.bad}-fg}`,
        title: 'Lab over',
        lines: (w) => [...wrapText(`The machine stopped: ${game.failReason}.`, w - 2), '', ...wrapText(`${plural(game.ticks, 'tick')} of simulated time and ${plural(game.commands, 'command')}. A lab keeps no score: r boots a fresh machine with your programs, q quits.`, w - 2)].map(esc),
        keys: [
          ['r', 'again'],
          ['q', 'quit'],
        ],
        onKey: (full) => {
          if (full === 'r' || full === 'enter') this.play(level);
          else if (full === 'q' || full === 'C-c' || full === 'escape') this.exit();
          else return false;
          return true;
        },
      }),
    );
  }

  /** Leave the app: the host closes the screen. Idempotent. */
  exit(): void {
    if (this.exited) return;
    this.exited = true;
    this.dispose();
    this.opts.onExit();
  }

  /** Remove the views and listeners (the screen itself is the host's). */
  dispose(): void {
    this.view?.destroy();
    this.view = null;
    this.game = null;
    this.opts.screen.removeListener('keypress', this.onKey);
    this.opts.screen.removeListener('resize', this.onResize);
  }

  /** The game screen while a level is played (for tests and the host). */
  get gameScreen(): GameScreen | null {
    return this.game;
  }
}
