// The game screen: every pane of one level, the header (level, run state,
// speed, ticks, wall time), the key bar, the focus, and the overlays (help,
// leave?, result). It reads the game's state and sends it commands; the
// loop in src/cli/play.ts runs the ticks and calls frame() after each
// batch. Panes are placed by layout.ts only.

import blessed from 'blessed';
import { asksQuestion, type Game } from '../game/game';
import type { Driver, FrameSink } from './driver';
import { parseSpeed } from './driver';
import { GameContext } from './game-context';
import { helpLines } from './help-text';
import { computeLayout, DETAIL_PANES, MIN_COLS, MIN_ROWS, PANE_IDS, type Layout, type PaneId } from './layout';
import { Overlay } from './overlay';
import { ConsolePane, PROMPT, type LineStyle } from './panes/console';
import { CpusPane } from './panes/cpus';
import { GoalPane } from './panes/goal';
import { MemoryPane } from './panes/memory';
import { MmuPane } from './panes/mmu';
import { normalizeKey, type Key, type Pane, type PaneHost } from './panes/pane';
import { SourcePane } from './panes/source';
import { TasksPane } from './panes/tasks';
import { clock, esc, fit, measuredSpeed, speedLabel, wrapText } from './text';
import { COLOURS, glyphsFor } from './theme';
import { TtyFeed } from './tty-feed';
import type { TtyChunk } from '../kernel/tty';
import type { View } from './view';
import { plural } from '../game/plural';
import { parseTicks } from '../console/numbers';

/** What the game screen needs from the app around it. */
export interface GameScreenOptions {
  screen: blessed.Widgets.Screen; // where to draw
  game: Game; // the level being played
  unicode: boolean; // UTF-8 glyphs
  title: string; // "Level 2/16: Zombies" for the header
  makeDriver(sink: FrameSink): Driver; // the loop (src/cli/play.ts) that will call frame()
  onDecided(game: Game): void; // the level was just solved or failed: save the result now
  onFinish(game: Game): void; // the player read the result: show the debrief
  onLeave(to: 'menu' | 'exit', game: Game): void; // the player chose to leave mid-level
  /** Extra facts for the right end of the header (the classroom: rank and time left); urgent ones stand out. */
  headerExtra?(): { text: string; urgent: boolean } | null;
  /**
   * The leave box's question, what `m` goes back to (default: the level
   * menu, run not scored; no menu, no `m`), what `y` does (default: quit
   * kernlab) and the key bar's word for q and ^C (default: quit).
   */
  leavePrompt?: { question: string; menu?: string; exit?: string; bar?: string };
  /** What Enter opens after a failed level (default: the debrief; the classroom keeps the explanation until the level is solved). */
  failedPage?: string;
  /** The machine was played before (a classroom student back after a disconnect): show its console session so far. */
  resumed?: boolean;
}

/** A tick command at least this long says it is running before it runs. */
const LONG_TICK = 2000;

/** Which overlay is up. */
type OverlayKind = 'help' | 'leave' | 'result';

export class GameScreen implements View, FrameSink {
  readonly ctx: GameContext; // what the panes share
  readonly driver: Driver; // the loop running this game
  readonly panes: Record<PaneId, Pane>; // every pane, placed or not
  readonly console: ConsolePane; // the console pane
  private readonly elements: blessed.Widgets.BlessedElement[] = []; // every element this screen put on the screen
  private readonly header: blessed.Widgets.BoxElement; // top line
  private readonly keybar: blessed.Widgets.BoxElement; // bottom line
  private readonly notice: blessed.Widgets.BoxElement; // "terminal too small"
  private readonly feed: TtyFeed; // program output as it arrives
  private layout: Layout; // where things are now
  private focus: PaneId = 'console'; // the pane with the keyboard
  private lastPane: PaneId = 'tasks'; // where Esc from the console goes
  private detail: PaneId = 'cpus'; // compact layout: the pane in the detail slot
  private zoomed: PaneId | null = null; // the pane shown alone above the console (z), if any
  private overlay: { kind: OverlayKind; view: Overlay } | null = null; // the modal on top
  private decided = false; // the result was seen and reported
  private destroyed = false; // destroy() ran
  private toldHelp = false; // the note after a first 'command not found' was shown

  constructor(private readonly opts: GameScreenOptions) {
    const { screen, game } = opts;
    this.ctx = new GameContext(game, glyphsFor(opts.unicode), opts.unicode);
    this.feed = new TtyFeed(game);
    // Panes sit on the screen itself: a full-screen container would cost a
    // fill of every cell each frame.
    const host: PaneHost = { screen, parent: screen, unicode: opts.unicode };
    this.console = new ConsolePane(host, this.ctx, (line) => this.runLine(line));
    this.panes = {
      tasks: new TasksPane(host, this.ctx),
      cpus: new CpusPane(host, this.ctx),
      memory: new MemoryPane(host, this.ctx),
      mmu: new MmuPane(host, this.ctx),
      source: new SourcePane(host, this.ctx),
      goal: new GoalPane(host, this.ctx),
      console: this.console,
    };
    for (const id of PANE_IDS) this.listenMouse(this.panes[id]);
    this.header = blessed.box({ parent: screen, screen, top: 0, left: 0, height: 1, tags: true, wrap: false });
    this.keybar = blessed.box({ parent: screen, screen, height: 1, left: 0, tags: true, wrap: false });
    this.notice = blessed.box({ parent: screen, screen, top: 0, left: 0, width: '100%', height: '100%', tags: true, hidden: true });
    this.elements.push(...PANE_IDS.map((id) => this.panes[id].box), this.header, this.keybar, this.notice);
    this.layout = computeLayout(screen.width as number, screen.height as number, this.detail, this.zoomed);
    this.console.print(`${game.level.spec.title}: ${game.level.spec.goal_text}\n`, 'good');
    this.driver = opts.makeDriver(this);
    // Compact, the memory map, the MMU trace and the source are out of
    // sight behind the CPUs, and the key bar has no room to say so: a level
    // whose hints point at the MMU trace must not leave it undiscoverable.
    const turns = this.layout.mode === 'compact' ? ' At this size the CPUs, memory map, MMU trace and source take turns in one pane: Esc, then 2 3 4 5.' : '';
    this.console.print(
      this.driver.paused
        ? `Time is stopped. tick N runs N ticks; Esc then Space lets time run (Space again stops it). help lists the commands, F1 every key.${turns}\n`
        : `Type commands here (help lists them). Esc leaves the console; F1 shows every key.${turns}\n`,
      'note',
    );
    if (opts.resumed) this.printTranscript();
    this.panes.console.setFocus(true);
    this.place();
    this.frame();
  }

  /** The console session so far, from the game's transcript: commands in the prompt's style, then their output. */
  private printTranscript(): void {
    this.feed.catchUp();
    let out = '';
    const flush = (): void => {
      if (out) this.console.print(out, 'out');
      out = '';
    };
    for (const line of this.opts.game.transcript.split(/(?<=\n)/)) {
      if (line.startsWith('$ ')) {
        flush();
        this.console.print(PROMPT + line.slice(2), 'cmd');
      } else out += line;
    }
    flush();
  }

  // ---- drawing ----

  /** Draw one frame from state (the loop calls this after each batch of ticks). */
  frame(): void {
    if (this.destroyed) return;
    const game = this.opts.game;
    this.pumpOutput();
    this.ctx.follow();
    if (game.status !== 'playing' && !this.decided) this.decide();
    this.draw();
    this.opts.screen.render();
  }

  /** Program output that arrived since the last frame goes to the console. */
  private pumpOutput(): void {
    for (const c of this.feed.fresh()) this.printChunk(c);
    const notices = this.opts.game.takeNotices(); // kthread_stop's result: the level may end on it
    if (notices) this.console.print(notices, 'note');
  }

  private draw(): void {
    if (this.layout.mode === 'too-small') {
      this.notice.setContent(
        `\n {bold}Terminal too small{/bold}: ${this.layout.cols}x${this.layout.rows}.\n kernlab needs at least ${MIN_COLS}x${MIN_ROWS}.\n Enlarge the window (the game is ${this.driver.paused ? 'paused' : 'still running'}; q leaves).`,
      );
      return;
    }
    for (const id of PANE_IDS) if (this.layout.panes[id]) this.panes[id].draw();
    this.drawHeader();
    this.drawKeys();
  }

  private drawHeader(): void {
    const g = this.opts.game;
    const d = this.driver;
    const w = this.layout.cols;
    const run = g.status === 'solved' ? `{${COLOURS.good}-fg}{bold} SOLVED {/bold}{/${COLOURS.good}-fg}` : g.status === 'failed' ? `{${COLOURS.bad}-fg}{bold} ${g.level.lab ? 'PANIC' : 'FAILED'} {/bold}{/${COLOURS.bad}-fg}` : d.paused && !d.ticksToGo?.() ? `{${COLOURS.warn}-fg}{inverse}{bold} PAUSED {/bold}{/inverse}{/${COLOURS.warn}-fg}` : `{${COLOURS.good}-fg}{bold} RUNNING {/bold}{/${COLOURS.good}-fg}`;
    // When the machine cannot keep up (a busy level on a slow computer), say how fast time really runs.
    const eff = d.effectiveSpeed?.() ?? null;
    const real = eff === null ? '' : ` (${measuredSpeed(eff)})`;
    const wall = ` · wall ${clock(d.wallMs())}`;
    // The right end: the app's extra facts (the classroom's rank and time left) in place of the F1 reminder.
    const extra = this.opts.headerExtra?.() ?? null;
    const end = extra ? ` ${extra.text} ` : 'F1 help ';
    const endTag = !extra
      ? `{${COLOURS.dim}-fg}${end}{/${COLOURS.dim}-fg}`
      : extra.urgent
        ? `{${COLOURS.warn}-fg}{inverse}{bold}${esc(end)}{/bold}{/inverse}{/${COLOURS.warn}-fg}`
        : `{inverse}${esc(end)}{/inverse}`;
    // The level's name whole: at 80 columns it was cut to "Level 2/21: The
    // froze…". The wall clock goes first, then "Level ". Chosen as if the
    // tick had five digits, so the header does not change form as it grows.
    const name = this.opts.title;
    const short = name.replace(/^Level (\d+\/\d+): /, '$1 ');
    const tickW = Math.max(5, String(g.ticks).length);
    const forms: Array<[string, string]> = [
      [` kernlab · ${name}`, wall],
      [` kernlab · ${name}`, ''],
      [` kernlab · ${short}`, ''],
    ];
    const roomFor = (clockPart: string): number => Math.max(10, w - 9 - ` ${speedLabel(d.speed)}${real} · tick ${'0'.repeat(tickW)}${clockPart} `.length - end.length - 2);
    const [head, clockPart] = forms.find(([t, c]) => t.length <= roomFor(c)) ?? forms[forms.length - 1];
    const facts = ` ${speedLabel(d.speed)}${real} · tick ${g.ticks}${clockPart} `;
    const title = fit(head, Math.max(10, w - 9 - facts.length - end.length - 2), this.ctx.glyphs.ellipsis);
    const used = title.length + 9 + facts.length;
    this.header.setContent(`{bold}${esc(title)}{/bold}${run}${esc(facts)}${' '.repeat(Math.max(0, w - used - end.length))}${endTag}`);
  }

  /** The page the level's end leads to, as the result box and the key bar name it. */
  private endPage(): string {
    if (this.opts.game.level.lab) return 'the end of the lab';
    return this.opts.game.status === 'solved' ? 'the debrief' : (this.opts.failedPage ?? 'the debrief');
  }

  private drawKeys(): void {
    const w = this.layout.cols;
    // [key, what, rank]: when the bar is too narrow (80 columns) the lowest
    // ranks go first, the rightmost of them first, so that help and quit
    // stay in view (they fell off the end behind step and speed).
    const pairs: Array<[string, string, number]> = [];
    const over = this.decided && this.opts.game.status !== 'playing';
    const next = this.endPage().replace(/^the /, ''); // where Enter or q goes once it is over
    const zoom: [string, string, number] = ['z', this.zoomed ? 'unzoom' : 'zoom', 1];
    if (this.focus === 'console') {
      if (over) pairs.push(['Enter', `${next} (on an empty line)`, 2], ['Esc', 'panes', 1], ['PgUp', 'scroll', 0], ['F1', 'help', 2]);
      else {
        pairs.push(['Enter', 'run', 1], ['Tab', 'complete', 0], ['↑↓', 'history', 0]);
        if (this.driver.paused) pairs.push(['Esc Space', 'run time', 2], ['tick N', 'N ticks', 2]);
        else pairs.push(['Esc', 'panes', 1], ['PgUp', 'scroll', 0]);
        pairs.push(['F1', 'help', 2], ['^C', this.leavePromptNow().bar ?? 'quit', 1]);
      }
    } else if (over) {
      pairs.push(['q', next, 2], ['Tab', 'pane', 1], zoom, [':', 'console', 1]);
      if (this.focus === 'tasks') pairs.push(['Enter', 'select', 1], ['←→', 'fold', 0]);
      pairs.push(['?', 'help', 2]);
    } else {
      pairs.push(['Space', this.driver.paused ? 'resume' : 'pause', 2], ['.', 'step', 0], ['+/-', 'speed', 0], ['h', 'hint', 2], ['Tab', 'pane', 1], zoom, [':', 'console', 2]);
      if (this.focus === 'tasks') pairs.push(['Enter', 'select', 1], ['←→', 'fold', 0]);
      if (this.focus === 'mmu') pairs.push(['f', (this.panes.mmu as MmuPane).notable ? 'every walk' : 'faults only', 2]);
      pairs.push(['?', 'help', 2], ['q', this.leavePromptNow().bar ?? 'quit', 2]);
    }
    const width = (ps: typeof pairs): number => ps.reduce((n, [k, what]) => n + k.length + what.length + 4, 0);
    for (let rank = 0; rank <= 2 && width(pairs) > w; rank++) {
      for (let i = pairs.length - 1; i >= 0 && width(pairs) > w; i--) if (pairs[i][2] === rank) pairs.splice(i, 1);
    }
    let out = '';
    let len = 0;
    for (const [k, what] of pairs) {
      const add = ` ${k} ${what} `;
      if (len + add.length > w) break;
      out += ` {${COLOURS.accent}-fg}{bold}${esc(k)}{/bold}{/${COLOURS.accent}-fg} ${esc(what)} `;
      len += add.length;
    }
    this.keybar.setContent(out);
  }

  /** Place every pane, the bars and the overlay for the current size. */
  private place(): void {
    const screen = this.opts.screen;
    this.layout = computeLayout(screen.width as number, screen.height as number, this.detail, this.zoomed);
    const small = this.layout.mode === 'too-small';
    if (small) this.notice.show();
    else this.notice.hide();
    for (const id of PANE_IDS) this.panes[id].place(small ? null : (this.layout.panes[id] ?? null));
    // ps and ls cut their lines at the console pane's width, as at a terminal's.
    if (this.console.innerWidth > 0) this.opts.game.con.resize(this.console.innerWidth);
    if (this.layout.header && this.layout.keys) {
      this.header.show();
      this.keybar.show();
      this.header.width = this.layout.cols;
      this.keybar.width = this.layout.cols;
      this.keybar.top = this.layout.keys.top;
    } else {
      this.header.hide();
      this.keybar.hide();
    }
    this.notice.setFront();
    if (this.overlay) {
      this.overlay.view.box.setFront();
      this.overlay.view.layout(this.layout.cols, this.layout.rows);
    }
  }

  /** The terminal was resized. */
  resize(): void {
    this.place();
    this.draw();
    this.opts.screen.render();
  }

  // ---- focus ----

  private setFocus(id: PaneId): void {
    if (id !== 'console') this.lastPane = id;
    let moved = false;
    if (DETAIL_PANES.includes(id) && this.detail !== id) {
      this.detail = id;
      moved = this.layout.mode === 'compact';
    }
    // Zoomed, the zoom follows the focus: the pane given the keys is shown.
    if (this.zoomed && id !== 'console' && this.zoomed !== id) {
      this.zoomed = id;
      moved = true;
    }
    if (moved) this.place();
    this.panes[this.focus].setFocus(false);
    this.focus = id;
    this.panes[id].setFocus(true);
  }

  /** z: show the focused pane alone above the console, or everything again. */
  private toggleZoom(): void {
    this.zoomed = this.zoomed ? null : this.focus === 'console' ? null : this.focus;
    this.place();
  }

  /**
   * Tab and Shift-Tab go round the panes. Not into the console: there Tab
   * completes, so Tab could never leave it and Esc led back to the pane
   * before (goal, console, goal, ...); `:` opens it.
   */
  private cycleFocus(dir: 1 | -1): void {
    const ring = PANE_IDS.filter((id) => id !== 'console');
    const i = ring.indexOf(this.focus as (typeof ring)[number]);
    this.setFocus(ring[(i + dir + ring.length) % ring.length]);
  }

  private listenMouse(p: Pane): void {
    const box = p.box as blessed.Widgets.BoxElement & { options: { autoFocus?: boolean } };
    box.options.autoFocus = false;
    box.on('click', (data: { x: number; y: number }) => {
      if (this.overlay || this.destroyed) return;
      if (this.focus !== p.id) this.setFocus(p.id);
      p.click(data.x, data.y);
      this.redraw();
    });
    box.on('wheeldown', () => {
      p.wheel(1);
      this.redraw();
    });
    box.on('wheelup', () => {
      p.wheel(-1);
      this.redraw();
    });
  }

  /** Draw now and hand the frame to the terminal at once (before a long synchronous command). */
  private showNow(): void {
    this.redraw();
    (this.opts.screen.program as unknown as { flush?(): void }).flush?.();
  }

  /** Draw now (after a key or a click). */
  private redraw(): void {
    if (this.destroyed) return;
    this.ctx.follow();
    this.draw();
    this.opts.screen.render();
  }

  // ---- keys ----

  key(ch: string | undefined, raw: Key): void {
    const key = normalizeKey(raw);
    if (this.destroyed || !key) return;
    this.handleKey(ch, key);
    if (!this.destroyed) this.redraw();
  }

  private handleKey(ch: string | undefined, key: Key): void {
    const full = key.full;
    if (this.overlay) return this.overlayKey(ch, key);
    if (this.decided && (full === 'q' || full === 'C-c')) return this.opts.onFinish(this.opts.game);
    if (full === 'C-c') {
      if (this.focus === 'console' && this.console.key(ch, key)) return; // a half-typed line goes first, as in bash
      return this.askLeave();
    }
    if (full === 'f1') return this.showHelp();
    if (this.layout.mode === 'too-small') {
      if (full === 'q') this.askLeave();
      return;
    }
    if (this.focus === 'console') {
      if (full === 'escape' || full === 'S-tab') return this.setFocus(full === 'S-tab' ? 'source' : this.lastPane);
      if (key.meta && !key.ctrl && key.name && /^M-.$|^M-(space|up|down|left|right|pageup|pagedown|home|end|enter|tab)$/.test(full)) {
        // Esc and the next key in one read arrive as Meta+key: it was Esc, then the key.
        this.setFocus(this.lastPane);
        const plain = { ...key, meta: false, full: full.slice(2) };
        return this.handleKey(plain.full.length === 1 ? plain.full : ch, plain);
      }
      this.console.key(ch, key);
      return;
    }
    if (full === 'tab') return this.cycleFocus(1);
    if (full === 'S-tab') return this.cycleFocus(-1);
    if (/^[1-7]$/.test(full)) return this.setFocus(PANE_IDS[Number(full) - 1]);
    if (this.panes[this.focus].key(ch, key)) return;
    switch (full) {
      case 'space':
        if (this.driver.paused) this.driver.resume();
        else this.driver.pause();
        return;
      case '.':
        this.driver.step();
        return;
      case '+':
      case '=':
        this.driver.faster();
        return;
      case '-':
      case '_':
        this.driver.slower();
        return;
      case 'h':
        this.showHint();
        return;
      case '?':
        this.showHelp();
        return;
      case 'q':
        this.askLeave();
        return;
      case ':':
      case '/':
        this.setFocus('console');
        return;
      case 'z':
        this.toggleZoom();
        return;
      case 'escape':
        return;
      default:
        return;
    }
  }

  private overlayKey(ch: string | undefined, key: Key): void {
    const o = this.overlay!;
    const full = key.full;
    if (o.kind === 'help') {
      if (o.view.scrollKey(key.name)) return;
      if (full === 'C-c') return this.askLeave(); // ^C quits from everywhere, as the key bar says
      if (['escape', 'q', 'f1', '?', 'enter'].includes(full)) this.closeOverlay();
      return;
    }
    if (o.kind === 'leave') {
      if (full === 'y' || full === 'C-c') return this.leave('exit');
      if (full === 'm' && this.leavePromptNow().menu) return this.leave('menu');
      if (['n', 'escape', 'q'].includes(full)) this.closeOverlay();
      return;
    }
    // The result of the level. It pops up while the player may be typing
    // (the command that solved it ran on Enter, the next one is on its way)
    // or pressing Space to pause: those keys must not carry them past the
    // result and into the debrief's one-letter keys (m, r, n, q). At the
    // prompt a printable key closes the box and goes to the prompt, where
    // the typed line is kept and Enter on it says how to go on; Space only
    // ever closes the box. Enter (or q outside the prompt) opens the debrief.
    const typing = this.focus === 'console' && !!ch && !key.ctrl && !key.meta && ch >= ' ' && ch !== '\x7f' && [...ch].length === 1;
    if (typing) {
      this.closeOverlay();
      this.console.key(ch, key);
      return;
    }
    if (full === 'enter' || full === 'C-c' || full === 'q') {
      this.closeOverlay();
      this.opts.onFinish(this.opts.game);
      return;
    }
    if (full === 'escape' || full === 'space') this.closeOverlay(); // look at the final state first; q or Enter at the prompt brings the debrief
  }

  private openOverlay(kind: OverlayKind, view: Overlay): void {
    this.closeOverlay();
    this.overlay = { kind, view };
    view.layout(this.layout.cols, this.layout.rows);
  }

  private closeOverlay(): void {
    if (!this.overlay) return;
    this.overlay.view.destroy();
    this.overlay = null;
  }

  private showHelp(): void {
    const help = this.opts.game.con.help();
    const lines = (w: number): string[] =>
      helpLines(help, w, asksQuestion(this.opts.game.level.spec.goal), !!this.opts.game.level.lab).map((l, i) => (i === 0 ? `{bold}${esc(l)}{/bold}` : /^[A-Z][A-Z ()-]+$/.test(l) ? `{${COLOURS.accent}-fg}{bold}${esc(l)}{/bold}{/${COLOURS.accent}-fg}` : esc(l)));
    this.openOverlay('help', new Overlay(this.opts.screen, this.opts.screen, { title: 'Help', lines, width: 100, footer: `{${COLOURS.accent}-fg}Esc{/${COLOURS.accent}-fg} close` }));
  }

  private askLeave(): void {
    const wasPaused = this.driver.paused;
    const prompt = this.leavePromptNow();
    const key = (k: string, what: string): string => `{${COLOURS.accent}-fg}{bold}${k}{/bold}{/${COLOURS.accent}-fg} ${esc(what)}`;
    const lines = [
      prompt.question,
      '',
      [key('y', prompt.exit ?? 'quit kernlab'), ...(prompt.menu ? [key('m', prompt.menu)] : []), key('n', 'keep playing')].join('   '),
      wasPaused ? '' : `{${COLOURS.dim}-fg}(time keeps running while you decide){/${COLOURS.dim}-fg}`,
    ];
    this.openOverlay('leave', new Overlay(this.opts.screen, this.opts.screen, { title: 'Leave?', lines, colour: COLOURS.warn }));
  }

  private leavePromptNow(): NonNullable<GameScreenOptions['leavePrompt']> {
    return this.opts.leavePrompt ?? { question: 'Leave this level? Your run so far is not scored.', menu: 'back to the level menu' };
  }

  private leave(to: 'menu' | 'exit'): void {
    this.closeOverlay();
    this.driver.stop();
    this.opts.onLeave(to, this.opts.game);
  }

  // ---- the level's end ----

  /** The level was just decided: stop the loop, report it, show the result. */
  private decide(): void {
    this.decided = true;
    this.driver.stop();
    this.opts.onDecided(this.opts.game);
    const g = this.opts.game;
    const s = g.score();
    const solved = g.status === 'solved';
    const page = this.endPage();
    const keys = `{${COLOURS.accent}-fg}{bold}Enter{/bold}{/${COLOURS.accent}-fg} see ${page}   {${COLOURS.accent}-fg}{bold}Esc{/bold}{/${COLOURS.accent}-fg} look at the machine first`;
    const title = solved ? 'Level solved' : g.level.lab ? 'The machine stopped' : 'Level failed';
    const colour = solved ? COLOURS.good : COLOURS.bad;
    if (solved) {
      const lines = [`{${COLOURS.good}-fg}{bold}${this.ctx.glyphs.check} Solved in ${plural(s.ticks, 'tick')} with ${plural(s.actions, 'action')}.{/bold}{/${COLOURS.good}-fg}`, '', keys];
      this.openOverlay('result', new Overlay(this.opts.screen, this.opts.screen, { title, lines, colour }));
    } else {
      // The reason is a sentence or two: wrapped between words in a box at most 72 wide.
      const label = g.level.lab ? 'Stopped:' : 'Failed:';
      const text = `${label} ${g.failReason || 'the goal was not met'}`;
      const lines = (w: number): string[] => [
        ...wrapText(text, w).map((l, i) => `{${COLOURS.bad}-fg}${i === 0 ? `{bold}${label}{/bold}${esc(l.slice(label.length))}` : esc(l)}{/${COLOURS.bad}-fg}`),
        '',
        keys,
      ];
      this.openOverlay('result', new Overlay(this.opts.screen, this.opts.screen, { title, lines, colour, width: Math.min(72, Math.max(60, text.length + 4)) }));
    }
    this.console.print(solved ? `Level solved in ${plural(s.ticks, 'tick')}. Press Enter for the debrief.\n` : `${g.level.lab ? 'The machine stopped' : 'Level failed'}: ${g.failReason}${/[.?!]$/.test(g.failReason) ? '' : '.'} Press Enter for ${page}.\n`, solved ? 'good' : 'bad');
  }

  // ---- the console ----

  private print(text: string, style: LineStyle = 'out'): void {
    this.console.print(text.endsWith('\n') || !text ? text : text + '\n', style);
  }

  private showHint(): void {
    const game = this.opts.game;
    if (game.status !== 'playing') return;
    const before = game.hintsShown;
    const r = this.feed.exec('hint');
    for (const c of r.earlier) this.printChunk(c);
    const n = game.hintsShown;
    const what = game.level.lab ? 'Tip' : 'Hint'; // a lab's hints are tips: free, and no puzzle to give away
    this.print(n !== before ? `${what} ${n}/${game.level.spec.hints.length}: ${r.text.trim()}` : `No more ${what.toLowerCase()}s${game.level.lab ? '' : ' for this level'}.`, 'hint');
  }

  private printChunk(c: TtyChunk): void {
    this.console.print(c.text, c.stream === 'stderr' ? 'err' : c.stream === 'strace' ? 'trace' : 'out');
  }

  /** A line entered at the prompt: the screen's own commands, else the game's console. */
  private runLine(line: string): void {
    const game = this.opts.game;
    const t = line.trim();
    this.print(PROMPT + line, 'cmd');
    if (this.decided && game.status !== 'playing') {
      if (!t) return this.opts.onFinish(game);
      // Looking at the machine the level ended on: not logged, not scored.
      const r = game.look(t);
      if (r.output) this.console.print(r.output, r.status === 0 ? 'out' : 'err');
      return;
    }
    const words = t.split(/\s+/);
    switch (words[0]) {
      case '':
        return;
      case 'pause':
        this.driver.pause();
        this.print('Paused: time stands still (go or Space resumes).', 'note');
        return;
      case 'go':
      case 'resume':
        this.driver.resume();
        this.print(`Running at ${speedLabel(this.driver.speed)}.`, 'note');
        return;
      case 'step':
        this.driver.step();
        this.print(`Tick ${game.ticks}.`, 'note');
        return;
      case 'speed': {
        if (words.length < 2) {
          this.print(`speed ${speedLabel(this.driver.speed)} (0.01x to 10x of real time; 1x = 1000 ticks per second)`, 'note');
          return;
        }
        const x = parseSpeed(words[1]);
        if (typeof x === 'string') this.print(x, 'bad');
        else this.print(`speed ${speedLabel(this.driver.setSpeed(x))}`, 'note');
        return;
      }
      case 'hint':
        if (words.length === 1) return this.showHint();
        break;
      case 'clear':
        this.console.key(undefined, { full: 'C-l', name: 'l', ctrl: true });
        return;
      case 'quit':
      case 'exit':
      case 'logout':
        this.askLeave();
        return;
      default:
        break;
    }
    // A long tick runs for seconds of real time before the next frame
    // (tick 7000 in a busy level: ~5 s): the screen showed nothing, not
    // even the line typed. Say what is running, and draw it first.
    if (words[0] === 'tick' && words.length === 2) {
      const n = parseTicks(words[1]);
      if (n !== null && n >= LONG_TICK) this.print(`Running ${plural(n, 'tick')} (${n / 1000} s of simulated time)${this.ctx.unicode ? '…' : '...'}`, 'note');
    }
    this.showNow();
    const job = game.con.lastJobPid;
    const r = this.feed.exec(line);
    // A program just started (run FILE.c, ./prog &): the panes follow it, from its first translation.
    if (game.con.lastJobPid !== job && game.k.findTask(game.con.lastJobPid)) this.ctx.select(game.con.lastJobPid);
    for (const c of r.earlier) this.printChunk(c);
    if (r.text) this.console.print(r.text.endsWith('\n') ? r.text : r.text + '\n', r.result.status === 0 ? 'out' : 'err');
    for (const c of r.during) this.printChunk(c);
    if (r.after) this.console.print(r.after, 'out');
    // A thread stopped during this tick reports now: the level it ends stops
    // the loop, and no frame would print it before "Level solved".
    this.pumpOutput();
    if (words[0] === 'help' && words.length === 1) this.print('Screen commands: pause, go, step, speed N, hint, clear, quit. F1 lists every key.', 'note');
    // A newcomer types what they know (top, killall): the first miss says where the list is.
    if (!this.toldHelp && /^kernlab: \S+: command not found$/m.test(r.text)) {
      this.toldHelp = true;
      this.print(`help lists the commands${game.level.lab ? '' : ' this level has'}; help COMMAND shows how to use one.`, 'note');
    }
    // A command may decide the level at once (answer, or a tick run from the prompt).
    if (game.status !== 'playing' && !this.decided) this.decide();
  }

  // ---- life ----

  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    this.driver.stop();
    this.closeOverlay();
    this.ctx.dispose();
    for (const el of this.elements) el.destroy();
  }

  /** For tests: the pane with the keyboard. */
  get focused(): PaneId {
    return this.focus;
  }

  /** For tests: the current layout. */
  get currentLayout(): Layout {
    return this.layout;
  }

  /** For tests and the app: the overlay shown, if any. */
  get overlayKind(): OverlayKind | null {
    return this.overlay?.kind ?? null;
  }
}
