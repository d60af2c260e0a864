// The screen only looks: a level played with every pane drawing, the MMU
// trace switching tracing on and off as its per-frame budget runs out,
// and selections changing, ends exactly as the replay of its run log
// (which runs without any screen).
import { describe, expect, it } from 'vitest';
import { Console } from '../../src/console/console';
import { replay } from '../../src/game/replay';
import { levelFromFile } from '../../src/cli/level-files';
import { openGame } from './helpers';

describe('screen and determinism', () => {
  it('a game watched by the screen replays bit for bit', async () => {
    const level = levelFromFile('levels/first-contact.yaml');
    const g = await openGame(level, { cols: 120, rows: 40 }, 'screen');
    const logzip = g.game.view.labels.get('logzip')!;
    g.gs.ctx.select(logzip); // the runaway: thousands of translations a tick, traced
    for (const n of [7, 33, 1, 50, 33, 2]) await g.tick(n);
    expect(g.gs.ctx.trace.skippedFrames).toBeGreaterThan(0); // the budget ran out, tracing paused
    expect(g.gs.ctx.trace.entries.length).toBeGreaterThan(0);
    await g.type('ps -o pid,stat,time,comm');
    await g.keys('enter');
    g.gs.ctx.select(g.game.view.labels.get('notes')!);
    for (const n of [100, 33, 400]) await g.tick(n);
    await g.type(`kill ${logzip}`);
    await g.keys('enter');
    await g.tick(20);
    expect(g.game.status).toBe('solved');
    const again = replay(level, g.game.log());
    expect(again.status).toBe('solved');
    expect(again.score()).toEqual(g.game.score());
    expect(new Console(again.k).exec('state --json').output).toBe(new Console(g.game.k).exec('state --json').output);
    await g.close();
  });
});
