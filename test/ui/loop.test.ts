// The play loop: ticks due by real time at the chosen speed, one frame per
// batch and at most 30 a second, no timer at all while paused, and a game
// it drove replays tick for tick from its run log.
import { describe, expect, it } from 'vitest';
import { Console } from '../../src/console/console';
import { MAX_FPS, PlayLoop } from '../../src/cli/play';
import { Game } from '../../src/game/game';
import { replay } from '../../src/game/replay';
import type { FrameSink } from '../../src/ui/driver';
import { FakeClock } from './fake-clock';
import { fixture } from './helpers';

function setup(speed: number, paused = false) {
  const clock = new FakeClock();
  const game = new Game(fixture('frozen-parent'), 'loop');
  let frames = 0;
  const sink: FrameSink = { frame: () => void frames++ };
  const loop = new PlayLoop(game, sink, { clock, speed, paused });
  return { clock, game, loop, frames: () => frames };
}

describe('play loop', () => {
  it('runs real time at 1x: ~1000 ticks a second in at most 30 frames', () => {
    const { clock, game, loop, frames } = setup(1);
    const t0 = game.ticks;
    clock.advance(1000);
    expect(game.ticks - t0).toBeGreaterThanOrEqual(1000 - 1000 / MAX_FPS - 1);
    expect(game.ticks - t0).toBeLessThanOrEqual(1000);
    expect(frames()).toBeLessThanOrEqual(MAX_FPS);
    expect(frames()).toBeGreaterThanOrEqual(MAX_FPS - 1);
    expect(loop.wallMs()).toBe(1000);
  });

  it('at 0.01x runs ten ticks a second, one per frame; at 10x ten thousand', () => {
    const slow = setup(0.01);
    const t0 = slow.game.ticks;
    slow.clock.advance(1000);
    expect(slow.game.ticks - t0).toBe(10);
    expect(slow.frames()).toBe(10);
    const fast = setup(10);
    const f0 = fast.game.ticks;
    fast.clock.advance(1000);
    expect(fast.game.ticks - f0).toBeGreaterThan(9600);
    expect(fast.frames()).toBeLessThanOrEqual(MAX_FPS);
  });

  it('keeps no timer while paused (wall time still counts: it is how long the player has been at it)', () => {
    const { clock, game, loop, frames } = setup(1, true);
    expect(clock.pending).toBe(0);
    const t0 = game.ticks;
    clock.advance(5000);
    expect(game.ticks).toBe(t0);
    expect(frames()).toBe(0);
    loop.resume();
    expect(clock.pending).toBe(1);
    clock.advance(500);
    loop.pause();
    expect(clock.pending).toBe(0);
    const t1 = game.ticks;
    clock.advance(5000);
    expect(game.ticks).toBe(t1);
    expect(loop.wallMs()).toBe(5000 + 500 + 5000);
    loop.step();
    expect(game.ticks).toBe(t1 + 1);
    expect(clock.pending).toBe(0);
    expect(loop.paused).toBe(true);
  });

  it('changes speed at once and steps through the offered speeds', () => {
    const { clock, game, loop } = setup(1);
    expect(loop.faster()).toBe(2);
    expect(loop.slower()).toBe(1);
    expect(loop.slower()).toBe(0.5);
    loop.setSpeed(0.1);
    const t0 = game.ticks;
    clock.advance(1000);
    // 100 ticks a second, give or take the last frame (3.3 ticks).
    expect(game.ticks - t0).toBeGreaterThanOrEqual(96);
    expect(game.ticks - t0).toBeLessThanOrEqual(100);
    expect(loop.setSpeed(1000)).toBe(10);
    expect(loop.setSpeed(0)).toBe(0.01);
  });

  it('drops ticks it has no time for instead of freezing the screen', () => {
    const { clock, loop } = setup(10);
    clock.cost = 5; // every look at the clock takes 5 ms: the budget runs out
    clock.advance(1000);
    expect(loop.stats.dropped).toBeGreaterThan(0);
    expect(loop.stats.frames).toBeGreaterThan(0);
  });

  it('tells the speed time really runs at when it cannot keep up, and nothing when it can', () => {
    const slow = setup(10);
    slow.clock.cost = 5; // the budget runs out every frame: ticks are dropped
    slow.clock.advance(3000);
    const x = slow.loop.effectiveSpeed();
    expect(x).not.toBeNull();
    expect(x!).toBeLessThan(8);
    expect(x!).toBeGreaterThan(0);
    slow.loop.pause();
    expect(slow.loop.effectiveSpeed()).toBeNull();
    const fine = setup(1);
    fine.clock.advance(3000);
    expect(fine.loop.effectiveSpeed()).toBeNull();
  });

  it('stops by itself when the level is decided', () => {
    const { clock, game, loop } = setup(1);
    clock.advance(1500);
    game.exec(`kill -CONT ${game.view.labels.get('parent')}`);
    clock.advance(2000);
    expect(game.status).toBe('solved');
    expect(loop.stopped).toBe(true);
    expect(clock.pending).toBe(0);
  });

  it('decides only how many ticks run: the run log replays the same game', () => {
    const { clock, game } = setup(1);
    // Irregular frames and commands typed at odd moments.
    let seed = 7;
    const rnd = (): number => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const pid = game.view.labels.get('parent')!;
    const cmds = ['ps', `cat /proc/${pid}/status`, 'pstree -p', `kill -CONT ${pid}`];
    for (let i = 0; i < 200 && game.status === 'playing'; i++) {
      clock.advance(1 + Math.floor(rnd() * 90));
      if (i % 40 === 39 && cmds.length) game.exec(cmds.shift()!);
    }
    expect(game.status).toBe('solved');
    const again = replay(game.level, game.log());
    expect(again.status).toBe(game.status);
    expect(again.ticks).toBe(game.ticks);
    expect(again.score()).toEqual(game.score());
    expect(new Console(again.k).exec('state --json').output).toBe(new Console(game.k).exec('state --json').output);
  });
});
