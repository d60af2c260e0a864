// clear: the game screen empties its console pane (as Ctrl-L does) and
// the level's log and score do not see it; plain mode and `kernlab shell`
// get an empty result, no escape codes.
import { afterEach, describe, expect, it } from 'vitest';
import { Console } from '../../src/console/console';
import { Kernel } from '../../src/kernel/kernel';
import { fixture, openGame, type GameOnScreen } from './helpers';

let g: GameOnScreen | null = null;
afterEach(async () => {
  await g?.close();
  g = null;
});

describe('clear', () => {
  it("empties the game screen's console pane, scrolled back or not, and costs no move", async () => {
    g = await openGame(fixture('frozen-parent'));
    for (let i = 0; i < 30; i++) {
      await g.type(`echo line-${i}`);
      await g.keys('enter');
    }
    expect(g.t.text()).toContain('line-29');
    await g.keys('pageup');
    expect(g.t.text()).not.toContain('line-29'); // scrolled back
    const { commands, actions } = g.game;
    await g.type('clear');
    await g.keys('enter');
    expect(g.gs.console.transcript()).toEqual([]);
    expect(g.t.text()).not.toMatch(/line-\d+|kernlab# clear/);
    // The pane is at its bottom again: the next output shows.
    await g.type('echo after');
    await g.keys('enter');
    const rows = g.t.screenText().map((l) => l.split('│').filter((cell) => cell.trim()).pop()?.trim() ?? '');
    const at = rows.indexOf('kernlab# echo after');
    expect(rows.slice(at, at + 2)).toEqual(['kernlab# echo after', 'after']);
    expect(g.game.commands).toBe(commands + 1); // the echo; clear is the screen's, not the level's
    expect(g.game.actions).toBe(actions);
    expect(g.game.log().steps.map((s) => ('cmd' in s ? s.cmd : ''))).not.toContain('clear');
  });

  it('prints nothing in plain mode and kernlab shell, and is allowed in every level', () => {
    const con = new Console(new Kernel({ cpus: 2, seed: 'clear' }), { allowed: new Set(['ps']) });
    expect(con.exec('clear')).toEqual({ output: '', status: 0 });
    expect(con.exec('clear -x')).toEqual({ output: '', status: 0 });
    expect(con.exec('clear -q').output).toBe(
      "clear: invalid option -- 'q'\nUsage: clear [options]\n\nOptions:\n  -T TERM     use this instead of $TERM\n  -V          print curses-version\n  -x          do not try to clear scrollback\n",
    );
    expect(con.complete('cle')).toEqual(['clear']);
    expect(con.help()).toMatch(/^ {2}clear {2,}clear the console/m);
  });
});
