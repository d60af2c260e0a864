// Shared helpers for the screen tests: fixture levels, a driver the test
// advances by hand (no timers), and a game screen on a headless terminal.
import path from 'node:path';
import { Game } from '../../src/game/game';
import type { Level } from '../../src/game/level-load';
import { levelFromFile } from '../../src/cli/level-files';
import { SPEEDS, DEFAULT_SPEED, type Driver, type FrameSink } from '../../src/ui/driver';
import { GameScreen } from '../../src/ui/game-screen';
import { openHeadlessScreen, type HeadlessOptions, type HeadlessScreen } from './harness/headless-screen';

export const FIXTURES = path.resolve(__dirname, '../fixtures/levels');

/** A fixture level by file name (without .yaml). */
export function fixture(name: string): Level {
  return levelFromFile(path.join(FIXTURES, `${name}.yaml`));
}

/**
 * A driver for tests: time passes only when the test calls tick(n), which
 * runs the ticks and draws one frame, as the real loop does per batch.
 */
export class ManualDriver implements Driver {
  paused = false;
  speed = DEFAULT_SPEED;
  stopped = false;
  frames = 0; // frames drawn
  private sink: FrameSink | null = null;

  constructor(private readonly game: Game) {}

  attach(sink: FrameSink): this {
    this.sink = sink;
    return this;
  }

  /** Run n ticks (unless stopped or paused), then draw a frame. */
  tick(n: number): void {
    if (!this.stopped && !this.paused) this.game.advance(n);
    this.frame();
  }

  frame(): void {
    if (this.stopped || !this.sink) return;
    this.frames++;
    this.sink.frame();
  }

  pause(): void {
    this.paused = true;
  }
  resume(): void {
    this.paused = false;
  }
  step(): void {
    this.paused = true;
    if (!this.stopped) this.game.advance(1);
    this.frame();
  }
  setSpeed(x: number): number {
    this.speed = Math.min(SPEEDS[SPEEDS.length - 1], Math.max(SPEEDS[0], x));
    return this.speed;
  }
  faster(): number {
    return this.setSpeed(SPEEDS.find((s) => s > this.speed) ?? this.speed);
  }
  slower(): number {
    return this.setSpeed([...SPEEDS].reverse().find((s) => s < this.speed) ?? this.speed);
  }
  wallMs(): number {
    return 0;
  }
  /** What effectiveSpeed() reports (a test sets it to play a slow machine). */
  effective: number | null = null;
  effectiveSpeed(): number | null {
    return this.effective;
  }
  stop(): void {
    this.stopped = true;
  }
}

/** What openGame returns. */
export interface GameOnScreen {
  t: HeadlessScreen;
  game: Game;
  driver: ManualDriver;
  gs: GameScreen;
  decided: Game[];
  finished: Game[];
  left: Array<'menu' | 'exit'>;
  keys(...names: string[]): Promise<void>;
  type(text: string): Promise<void>;
  tick(n: number): Promise<void>;
  close(): Promise<void>;
}

/** A game of `level` on a headless screen, keys routed as the app routes them. */
export async function openGame(level: Level, opts: HeadlessOptions = {}, seed = 'fixture'): Promise<GameOnScreen> {
  const t = await openHeadlessScreen({ cols: 120, rows: 40, ...opts });
  const game = new Game(level, seed);
  const decided: Game[] = [];
  const finished: Game[] = [];
  const left: Array<'menu' | 'exit'> = [];
  let driver!: ManualDriver;
  const gs = new GameScreen({
    screen: t.screen,
    game,
    unicode: opts.unicode ?? true,
    title: `Level 1/1: ${level.spec.title}`,
    makeDriver: (sink) => (driver = new ManualDriver(game).attach(sink)),
    onDecided: (g) => decided.push(g),
    onFinish: (g) => finished.push(g),
    onLeave: (to) => left.push(to),
  });
  t.screen.on('keypress', (ch: string | undefined, key: { full: string }) => gs.key(ch, key));
  t.screen.on('resize', () => gs.resize());
  await t.settle();
  return {
    t,
    game,
    driver,
    gs,
    decided,
    finished,
    left,
    keys: (...names) => t.press(...names),
    type: (text) => t.type(text),
    async tick(n) {
      driver.tick(n);
      await t.settle();
    },
    async close() {
      gs.destroy();
      await t.close();
    },
  };
}
