// The whole TUI flow on a headless terminal: the level menu, the briefing,
// the game, the help overlay, leaving, the result and the debrief; 80x24,
// resizing, too small, NO_COLOR.
/* eslint-disable no-control-regex -- terminal output is escape sequences */
import { describe, expect, it } from 'vitest';
import { GameScreen } from '../../src/ui/game-screen';
import { MenuScreen } from '../../src/ui/menu-screen';
import { PageScreen } from '../../src/ui/page-screen';
import { FakeHost } from './fake-host';
import { helpLines } from '../../src/ui/help-text';
import type { HeadlessOptions } from './harness/headless-screen';
import { fixture } from './helpers';
import { startApp, type AppRun } from './app-run';
import { shippedLevels } from '../../src/cli/level-files';

const start = (screen: HeadlessOptions = {}, setup?: (h: FakeHost) => void): Promise<AppRun> => startApp([fixture('frozen-parent'), fixture('read-only')], { screen, setup });

describe('level menu', () => {
  it('lists the levels with stars, best score and locks, and the chosen one beside', async () => {
    const { t } = await start();
    const text = t.text();
    expect(text).toMatch(/kernlab · play against a simulated Linux kernel/);
    expect(text).toMatch(/ 1 ☆☆☆ Frozen parent \(fixture\) +- /);
    expect(text).toMatch(/ 2 ✗ +Read-only \(fixture\) +locked/);
    expect(text).toContain('Get the zombies reaped without killing their parent.');
    expect(text).toMatch(/↑↓ choose +Enter play +q quit/);
    // The cursor row is inverse (visible without colours).
    const y = t.screenText().findIndex((l) => l.includes('Frozen parent (fixture)') && l.startsWith('│'));
    expect(t.cellAt(3, y).inverse).toBe(true);
  });

  it('shows progress: stars and best score; the next level unlocked', async () => {
    const { t } = await start({}, (h) => {
      h.progressNow = { kernlab: 1, levels: { 'fixture-frozen-parent': { best: 850, stars: 2, solved: 1, played: 2 } } };
    });
    const text = t.text();
    expect(text).toMatch(/ 1 ★★☆ Frozen parent \(fixture\) +850/);
    expect(text).toMatch(/ 2 ☆☆☆ Read-only \(fixture\) +- /);
    expect(text).toMatch(/1\/2 solved · 2 ★/);
    // The cursor starts on the first unsolved level.
    expect(text).toContain('Let the program write its greeting');
  });

  it('refuses a locked level with a reason, and quits with q', async () => {
    const r = await start();
    await r.t.press('down', 'enter');
    expect(r.app.current).toBeInstanceOf(MenuScreen);
    expect(r.t.text()).toContain('Locked: solve "Frozen parent (fixture)" first.');
    await r.t.press('escape'); // "back", out of habit from the briefing: it quit kernlab
    expect(r.exited()).toBe(false);
    expect(r.t.text()).toContain('This is the first page: q quits kernlab.');
    await r.t.press('q');
    expect(r.exited()).toBe(true);
  });
});

describe('level menu with more levels than rows', () => {
  it('says in the list title which levels are shown, and follows the cursor', async () => {
    const levels = shippedLevels();
    const { t } = await startApp(levels, { screen: { cols: 80, rows: 24 } });
    const n = levels.length;
    expect(t.screenText()[1]).toMatch(new RegExp(`┌─ Levels 1-(\\d+) of ${n} ─`));
    const shown = Number(/Levels 1-(\d+) of/.exec(t.screenText()[1])![1]);
    expect(shown).toBeLessThan(n);
    for (let i = 0; i < n; i++) await t.press('down');
    expect(t.screenText()[1]).toContain(`Levels ${n - shown + 1}-${n} of ${n}`);
    expect(t.text()).toContain(levels[n - 1].spec.title);
    // At 120x40 all of them fit: no range.
    await t.resize(120, 40);
    expect(t.screenText()[1]).toMatch(/┌─ Levels ─/);
  });
});

describe('level menu at 80x24', () => {
  it('keeps the goal and the way in under a long briefing, cut at a line with a note', async () => {
    const levels = shippedLevels().filter((l) => ['first-contact', 'zombie-frozen-parent'].includes(l.spec.id));
    const { t } = await startApp(levels, { screen: { cols: 80, rows: 24 } });
    const right = t
      .screenText()
      .map((l) => l.slice(40))
      .join(' ')
      .replace(/[│\s]+/g, ' ');
    expect(right).toContain('Goal: Stop the runaway program, and only it.');
    expect(right).toContain('Press Enter to play.');
    expect(right).toContain('… (Enter shows it all)');
  });

  it('says whole which level unlocks a locked one, beside it and under the list (it read "solve \\"The frozen parent\\" fir…")', async () => {
    const levels = shippedLevels();
    const { t, app } = await startApp(levels, { screen: { cols: 80, rows: 24 } });
    await t.press('down', 'down'); // level 3: locked behind level 2
    const side = (from: number, to: number) =>
      t
        .screenText()
        .map((l) => l.slice(from, to))
        .join(' ')
        .replace(/[│\s]+/g, ' ');
    const want = `Locked: solve "${levels[1].spec.title}" first.`;
    expect(side(40, 80)).toContain(want);
    await t.press('enter');
    expect(app.current).toBeInstanceOf(MenuScreen);
    expect(side(0, 40)).toContain(want);
    expect(side(0, 40)).not.toMatch(/Locked[^…]*…/); // not cut
    // The list still shows the cursor's row above the message.
    expect(t.screenText().some((l) => l.slice(0, 40).includes(levels[2].spec.title))).toBe(true);
  });

  it('wraps a long topic line instead of cutting it', async () => {
    const levels = shippedLevels().filter((l) => l.spec.id === 'leak-unmap');
    const { t } = await startApp(levels, { screen: { cols: 80, rows: 24 } });
    const right = t
      .screenText()
      .map((l) => l.slice(40))
      .join(' ')
      .replace(/[│\s]+/g, ' ');
    expect(right).toContain('munmap and memory pressure · difficulty ●●○○○');
  });
});

describe('briefing, game, result and debrief', () => {
  it('goes from the menu to a solved level and on to the next', async () => {
    const r = await start();
    const { t, host } = r;
    await t.press('enter');
    expect(r.app.current).toBeInstanceOf(PageScreen);
    let text = t.text();
    expect(text).toMatch(/kernlab · Level 1 of 2/);
    expect(text).toContain('A parent reaps its children in its SIGCHLD handler');
    expect(text).toMatch(/Goal: Get the zombies reaped/);
    expect(text).toMatch(/Par: 3000 ticks \(3\.0 s of simulated time\) and 1 action/);
    expect(text).toMatch(/Time stands still until you let it run/);
    expect(text).toMatch(/Enter start +Esc levels +q quit/);
    await t.press('enter');
    expect(r.app.current).toBeInstanceOf(GameScreen);
    expect(t.text()).toMatch(/Level 1\/2: Frozen parent \(fixture\)/);
    // Play: wait for the zombies, continue the parent, let it reap.
    host.driver.tick(1300);
    const pid = host.driver['game'].view.labels.get('parent')!;
    await t.type(`kill -CONT ${pid}`);
    await t.press('enter');
    host.driver.tick(20);
    await t.settle();
    text = t.text();
    expect(text).toMatch(/Level solved/);
    expect(text).toMatch(/✔ Solved in \d+ ticks with 1 action\./);
    expect(host.finishedGames).toHaveLength(1); // saved at once
    expect(host.progressNow.levels['fixture-frozen-parent'].solved).toBe(1);
    await t.press('enter');
    text = t.text();
    expect(text).toMatch(/✔ Solved! +1000 points +★★★ +new best/);
    expect(text).toMatch(/Time +\d+ ticks \(par 3000\)/);
    expect(text).toMatch(/Moves +1 action \(par 1\) · 1 command in all · 0 hints/);
    expect(text).toContain('What happened');
    expect(text).toContain('SIGCONT woke the parent; the pending SIGCHLD ran its handler');
    expect(text).toContain('Run log saved: /tmp/runs/fixture-frozen-parent-1.json');
    expect(text).toMatch(/n next: Read-only \(fixture\) +r retry +m levels +q quit/);
    await t.press('n');
    text = t.text();
    expect(text).toMatch(/kernlab · Level 2 of 2/);
    // One level solved: the guide shrinks to a reminder (the first level keeps it whole).
    expect(text).not.toMatch(/Time stands still until you let it run/);
    expect(text).toMatch(/How to play: tick N runs time, Esc then Space runs it live; F1: every key\./);
    expect(text).toMatch(/Par: \d+ ticks \(\d+\.\d s\) and \d+ actions?\. \d+ hints?, each costs points\./);
    expect(text).not.toContain('Commands that change the machine');
    await t.press('escape');
    expect(r.app.current).toBeInstanceOf(MenuScreen);
    expect(t.text()).toMatch(/ 1 ★★★ Frozen parent \(fixture\) +1000/);
  });

  it('shows a failure, its reason and the debrief with no score', async () => {
    const r = await start();
    await r.t.press('enter', 'enter');
    await r.t.type(`kill -9 ${r.host.driver['game'].view.labels.get('parent')}`);
    await r.t.press('enter');
    r.host.driver.tick(5);
    await r.t.settle();
    expect(r.t.text()).toMatch(/Level failed/);
    expect(r.t.text()).toContain('Failed: the parent died');
    await r.t.press('enter');
    const text = r.t.text();
    expect(text).toContain('Not solved: the parent died');
    expect(text).not.toContain('points');
    // The level's explanation tells a solved run, and says so.
    expect(text).toContain('What happened in a solved run');
    expect(text).toMatch(/r retry +m levels +q quit/);
    expect(text).not.toMatch(/n next/);
    await r.t.press('r');
    expect(r.t.text()).toMatch(/Level 1 of 2/);
  });

  it('keeps typing-ahead at the prompt out of the result box and the debrief', async () => {
    const r = await start();
    const { t, host } = r;
    await t.press('enter', 'enter');
    host.driver.tick(1300);
    await t.type(`kill -CONT ${host.driver['game'].view.labels.get('parent')}`);
    await t.press('enter');
    host.driver.tick(20);
    await t.settle();
    const gs = r.app.gameScreen!;
    expect(gs.overlayKind).toBe('result');
    // The player was already typing the next command: it lands at the prompt, not in the box.
    await t.type('ps -o pid,comm');
    expect(gs.overlayKind).toBe(null);
    expect(gs.console.editor.text).toBe('ps -o pid,comm');
    await t.press('enter');
    expect(r.app.current).toBe(gs); // no debrief, no menu ('m' of "comm")
    expect(gs.console.transcript().join("\n")).toMatch(/kernlab# ps -o pid,comm\n +PID COMMAND\n +\d+ bash\n/); // the machine can still be looked at
    const steps = host.driver['game'].log().steps.length;
    await t.type('kill -9 1');
    await t.press('enter');
    expect(t.text()).toContain('kill: the level is over: its machine can be looked at, not changed');
    expect(host.driver['game'].log().steps.length).toBe(steps); // looking is not part of the run
    expect(t.screenText()[39]).toMatch(/Enter debrief \(on an empty line\)/);
    await t.press('enter');
    expect(r.app.current).toBeInstanceOf(PageScreen);
    expect(t.text()).toContain('What happened');
  });

  it('lets Space (pause, from the panes) close the result box without skipping to the debrief', async () => {
    const r = await start();
    const { t, host } = r;
    await t.press('enter', 'enter');
    host.driver.tick(1300);
    await t.type(`kill -CONT ${host.driver['game'].view.labels.get('parent')}`);
    await t.press('enter', 'escape');
    host.driver.tick(20);
    await t.settle();
    const gs = r.app.gameScreen!;
    expect(gs.overlayKind).toBe('result');
    await t.press('space');
    expect(gs.overlayKind).toBe(null);
    expect(r.app.current).toBe(gs);
    expect(t.screenText()[39]).toMatch(/q debrief/);
    await t.press('q');
    expect(t.text()).toContain('What happened');
  });

  it('drops a half-typed line on Ctrl-C, as bash does, and asks to leave on an empty one', async () => {
    const r = await start();
    await r.t.press('enter', 'enter');
    await r.t.type('kill -9 ');
    await r.t.press('C-c');
    expect(r.t.text()).not.toMatch(/Leave this level\?/);
    expect(r.t.text()).toContain('kernlab# kill -9 ^C');
    expect(r.app.gameScreen!.console.editor.text).toBe('');
    await r.t.press('up'); // not kept in the history, as readline's abort
    expect(r.app.gameScreen!.console.editor.text).toBe('');
    await r.t.press('C-c');
    expect(r.t.text()).toMatch(/Leave this level\?/);
  });

  it('asks before leaving a level: n stays, m goes to the menu, y quits', async () => {
    const r = await start();
    await r.t.press('enter', 'enter', 'escape', 'q');
    expect(r.t.text()).toMatch(/Leave this level\?/);
    expect(r.t.text()).toMatch(/y quit kernlab +m back to the level menu +n keep playing/);
    await r.t.press('n');
    expect(r.t.text()).not.toMatch(/Leave this level\?/);
    await r.t.press('C-c');
    expect(r.t.text()).toMatch(/Leave this level\?/);
    await r.t.press('m');
    expect(r.app.current).toBeInstanceOf(MenuScreen);
    expect(r.host.abandonedGames).toHaveLength(1);
    await r.t.press('enter', 'enter', 'C-c', 'y');
    expect(r.exited()).toBe(true);
  });
});

describe('help overlay', () => {
  it('lists every key and every console command, scrolls, and closes', async () => {
    const r = await start({ cols: 120, rows: 40 });
    await r.t.press('enter', 'enter', 'f1');
    const gs = r.app.gameScreen!;
    expect(gs.overlayKind).toBe('help');
    let seen = r.t.text();
    expect(seen).toContain('kernlab — keys and commands');
    for (const key of ['Tab / Shift-Tab', 'Space', 'F1 or ?', 'q or Ctrl-C', 'Enter (tasks)', '+ / -']) expect(seen).toContain(key);
    // Scroll to the end: the console's own commands are there.
    for (let i = 0; i < 12 && !/help COMMAND shows its usage/.test(seen); i++) {
      await r.t.press('pagedown');
      seen += r.t.text();
    }
    for (const cmd of ['ps ', 'pstree', 'kill', 'mprotect', 'translate', 'pause', 'speed [N]', 'help COMMAND shows its usage']) expect(seen).toContain(cmd);
    expect(seen).not.toContain('answer TEXT'); // this level asks no question
    expect(helpLines('', Infinity, true).join('\n')).toContain('answer TEXT'); // one that does lists it
    await r.t.press('escape');
    expect(gs.overlayKind).toBe(null);
    // ? opens it too, from the panes (in the console it is typed).
    await r.t.press('?');
    expect(gs.overlayKind).toBe(null);
    expect(gs.console.editor.text).toBe('?');
    await r.t.press('C-u', 'escape', '?');
    expect(gs.overlayKind).toBe('help');
  });
});

describe('help overlay at 80x24', () => {
  it("wraps the console's command list once, at the box's width (no orphan words from a second wrap)", async () => {
    const r = await start({ cols: 80, rows: 24 });
    await r.t.press('enter', 'enter', 'f1');
    // Read the whole text page by page, each row put at the line the footer's "(a-b of n)" says.
    const lines: string[] = [];
    let width = 0;
    for (let page = 0; page < 20; page++) {
      const rows = r.t.screenText();
      const top = rows.findIndex((l) => l.includes('─ Help'));
      const left = rows[top].lastIndexOf('┌', rows[top].indexOf('─ Help'));
      const right = rows[top].indexOf('┐', left);
      width = right - left - 3; // inside the border and its one column of padding
      const foot = rows.map((l) => /\((\d+)-(\d+) of (\d+)\)/.exec(l)).find(Boolean)!;
      const [first, last, total] = [Number(foot[1]), Number(foot[2]), Number(foot[3])];
      for (let i = first; i <= last; i++) lines[i - 1] = (rows[top + i - first + 1] ?? '').slice(left + 2, right - 1).trimEnd();
      if (last === total) break;
      await r.t.press('pagedown');
    }
    // At this size the detail panes share one place: the help says so where it lists 1-7.
    expect(lines.join(' ').replace(/\s+/g, ' ')).toContain('(below 120x32, panes 2-5 take turns in one place)');
    const from = lines.indexOf('CONSOLE COMMANDS');
    expect(from).toBeGreaterThan(0);
    const section = lines.slice(from + 1);
    expect(section.join(' ')).toContain('help COMMAND shows its usage');
    // A row continued on the next one is full: the next row's first word would not have fit on it.
    for (let i = 0; i + 1 < section.length; i++) {
      const [row, next] = [section[i], section[i + 1]];
      if (!row.trim() || !next.trim() || /^ {2}\S/.test(next)) continue; // a paragraph or a command's entry starts
      const word = next.trim().split(' ')[0];
      expect(row.length + 1 + word.length, `"${row}" / "${next}"`).toBeGreaterThan(width);
    }
  });
});

describe('debrief of a failure at 80x24', () => {
  it('shows the whole reason, wrapped, and heads the explanation as that of a solved run', async () => {
    const level = shippedLevels().find((l) => l.spec.id === 'first-contact')!;
    const { t, host } = await startApp([level], { screen: { cols: 80, rows: 24 } });
    await t.press('enter', 'enter');
    await t.type(`kill ${host.driver['game'].view.labels.get('notes')}`);
    await t.press('enter');
    host.driver.tick(5);
    await t.settle();
    const reason = host.driver['game'].failReason;
    expect(reason.length).toBeGreaterThan(70);
    await t.press('enter');
    const rows = t.screenText();
    const top = rows.findIndex((l) => l.includes('Not solved:'));
    const said: string[] = [];
    for (let y = top; rows[y].slice(1, -1).trim(); y++) said.push(rows[y].slice(1, -1).trim()); // down to the blank row under it
    expect(said.join(' ')).toBe(`Not solved: ${reason}`);
    expect(t.text()).toContain('What happened in a solved run');
  });
});

describe('header at 80x24', () => {
  it("keeps the level's name whole: the wall clock goes, then the word Level", async () => {
    const levels = shippedLevels();
    const at = levels.findIndex((l) => l.spec.id === 'nice-guys'); // the longest title
    const { t, host } = await startApp(levels, {
      screen: { cols: 80, rows: 24 },
      setup: (h) => {
        for (const l of levels.slice(0, at)) h.progressNow.levels[l.spec.id] = { solved: 1, best: 1000, stars: 3, played: 1 };
      },
    });
    await t.press('enter', 'enter'); // the menu opens on the first level not solved
    host.driver.tick(2000); // (the header is laid out as if for five digits of ticks)
    await t.settle();
    expect(t.screenText()[0]).toMatch(new RegExp(`^ kernlab · ${at + 1}/${levels.length} Nice guys finish last +(RUNNING|PAUSED) +1x · tick 2000 +F1 help$`));
    // At 120 columns, all of it, the wall clock too.
    await t.resize(120, 40);
    expect(t.screenText()[0]).toMatch(new RegExp(`^ kernlab · Level ${at + 1}/${levels.length}: Nice guys finish last +(RUNNING|PAUSED) +1x · tick 2000 · wall \\d+:\\d\\d +F1 help$`));
    // A shorter title keeps "Level" at 80 columns.
    await t.resize(80, 24);
    await t.press('C-c', 'm');
    const adopt = levels.findIndex((l) => l.spec.id === 'adopt-orphans');
    for (let i = adopt; i < at; i++) await t.press('up');
    await t.press('enter', 'enter');
    host.driver.tick(2000);
    await t.settle();
    expect(t.screenText()[0]).toMatch(new RegExp(`^ kernlab · Level ${adopt + 1}/${levels.length}: Adopt the daemons +(RUNNING|PAUSED) +1x · tick 2000 +F1 help$`));
  });
});

describe('terminal sizes', () => {
  it('plays at 80x24 with the compact layout, and the detail slot follows the focus', async () => {
    const r = await start({ cols: 80, rows: 24 });
    await r.t.press('enter', 'enter');
    const gs = r.app.gameScreen!;
    expect(gs.currentLayout.mode).toBe('compact');
    let text = r.t.text();
    for (const title of ['Tasks', 'Goal', 'CPUs', 'Console']) expect(text).toContain(`─ ${title}`);
    expect(text).not.toContain('Memory map');
    // The console says where the hidden detail panes are, and the keys that bring them in.
    expect(text.replace(/[│\s]+/g, ' ')).toContain('the CPUs, memory map, MMU trace and source take turns in one pane: Esc, then 2 3 4 5.');
    await r.t.press('escape', '3');
    text = r.t.text();
    expect(text).toContain('Memory map');
    expect(text).not.toContain('─ CPUs');
    await r.t.press('tab'); // memory -> mmu
    expect(r.t.text()).toContain('MMU trace');
    for (const row of r.t.screenText()) expect(row.length).toBeLessThanOrEqual(80);
    // The key bar drops step and speed before help and quit.
    expect(r.t.screenText()[23]).toMatch(/Space (pause|resume) .*h hint .*\? help +q quit/);
    expect(r.t.screenText()[23]).not.toContain('. step');
    await r.t.press(':');
    expect(r.t.screenText()[23]).toMatch(/Enter run .*F1 help +\^C quit/);
    r.host.driver.paused = true; // time stopped: the bar says how to run it, and still F1
    await r.t.press('C-u');
    expect(r.t.screenText()[23]).toMatch(/Esc Space run time +tick N N ticks +F1 help +\^C quit/);
  });

  it('zooms the focused pane with z, follows the focus while zoomed, and unzooms with z', async () => {
    const r = await start({ cols: 120, rows: 40 });
    await r.t.press('enter', 'enter', 'escape', '5', 'z');
    const gs = r.app.gameScreen!;
    expect(gs.currentLayout.zoom).toBe('source');
    let text = r.t.text();
    expect(text).toContain('Source');
    expect(text).toContain('F1 shows every key.'); // the console's first note, which at 120x40 has no word on panes taking turns
    expect(text).not.toContain('take turns');
    expect(text).not.toContain('Memory map');
    expect(text).not.toContain('─ Tasks');
    // The source's lines are whole now: the pane is 118 columns inside.
    expect(gs.panes.source.innerWidth).toBe(118);
    expect(r.t.screenText()[39]).toMatch(/z unzoom/);
    await r.t.press('3'); // another pane: the zoom follows
    expect(gs.currentLayout.zoom).toBe('memory');
    expect(r.t.text()).toContain('Memory map');
    await r.t.press(':'); // the console stays below, the zoomed pane above
    expect(gs.currentLayout.zoom).toBe('memory');
    await r.t.press('escape', 'z');
    expect(gs.currentLayout.zoom).toBe(null);
    text = r.t.text();
    for (const title of ['Tasks', 'Goal', 'CPUs', 'Memory map', 'MMU trace', 'Source', 'Console']) expect(text).toContain(title);
  });

  it('says in the header how fast time really runs when the computer cannot keep up', async () => {
    const r = await start({ cols: 120, rows: 40 });
    await r.t.press('enter', 'enter');
    r.host.driver.tick(10);
    await r.t.settle();
    expect(r.t.screenText()[0]).toMatch(/ 1x · tick \d+/);
    r.host.driver.effective = 0.43;
    r.host.driver.tick(10);
    await r.t.settle();
    expect(r.t.screenText()[0]).toMatch(/ 1x \(0\.4x\) · tick \d+/);
  });

  it("cuts ps at the console pane's width, as ps cuts at a terminal's: no row spills onto the next", async () => {
    const r = await start({ cols: 80, rows: 24 });
    await r.t.press('enter', 'enter');
    await r.t.type('ps aux');
    await r.t.press('enter');
    const rows = r.t.screenText().map((l) => l.replace(/^│|│$/g, '').trimEnd());
    expect(rows).toContain('root        18  0.0  0.0      0     0 ?        I    09:00   0:00 [kworker/u4:0'); // cut at 78
    // Cut at 80 columns, the kernel threads' rows (79) spilled their last character onto a row of their own.
    expect(rows.filter((l) => /^\S{1,2}$/.test(l))).toEqual([]);
  });

  it('redraws on resize, says when the terminal is too small, and comes back', async () => {
    const r = await start({ cols: 120, rows: 40 });
    await r.t.press('enter', 'enter');
    const gs = r.app.gameScreen!;
    expect(gs.currentLayout.mode).toBe('full');
    await r.t.resize(80, 24);
    expect(gs.currentLayout.mode).toBe('compact');
    expect(r.t.screenText()[23]).toMatch(/Enter run/);
    await r.t.resize(70, 20);
    expect(r.t.text()).toMatch(/Terminal too small: 70x20\.\s+kernlab needs at least 80x24\./);
    expect(r.t.text()).not.toContain('Console');
    await r.t.resize(130, 45);
    expect(gs.currentLayout.mode).toBe('full');
    expect(r.t.text()).toContain('MMU trace');
    expect(r.t.text()).not.toContain('Terminal too small');
    // The menu says it too.
    await r.t.press('C-c', 'm');
    await r.t.resize(60, 20);
    expect(r.t.text()).toContain('Terminal too small');
  });

  it('under NO_COLOR draws no colour at all, and marks focus and selection with inverse', async () => {
    const r = await start({ cols: 120, rows: 40, env: { LANG: 'C.UTF-8', NO_COLOR: '1' } });
    await r.t.press('enter', 'enter', 'escape');
    r.host.driver.tick(1300);
    await r.t.settle();
    const out = r.t.output.text();
    for (const m of out.matchAll(/\x1b\[([0-9;]*)m/g)) {
      for (const p of m[1].split(';')) expect(p !== '' && Number(p) >= 30 && Number(p) <= 107).toBe(false);
    }
    // The focused pane's title is inverse; the tree cursor row too.
    const rows = r.t.screenText();
    const ty = rows.findIndex((l) => l.includes(' Tasks · '));
    const tx = rows[ty].indexOf('Tasks');
    expect(r.t.cellAt(tx, ty).inverse).toBe(true);
    const cy = rows.findIndex((l) => /●/.test(l));
    expect(r.t.cellAt(rows[cy].indexOf('●'), cy).inverse).toBe(true);
    // Zombies are still bold.
    const zy = rows.findIndex((l) => /\d+ parent\s+Z/.test(l));
    expect(r.t.cellAt(rows[zy].lastIndexOf('Z'), zy).bold).toBe(true);
  });

  it('draws with ASCII glyphs when the terminal has no UTF-8', async () => {
    const r = await start({ cols: 120, rows: 40, env: { LANG: 'C' }, unicode: false });
    const text = r.t.text();
    expect(text).toMatch(/ 1 \.\.\. Frozen parent/);
    expect(text).toMatch(/ 2 x +Read-only/);
    await r.t.press('enter', 'enter');
    expect(r.t.text()).toMatch(/[-+]\*? +1 init/);
  });
});
