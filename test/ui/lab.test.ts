// kernlab lab on a headless terminal: a briefing without difficulty, goal
// or par, the goal pane as the lab's (tips, time, commands), leaving quits,
// and the page a kernel panic ends it on.
import { describe, expect, it } from 'vitest';
import { GameScreen } from '../../src/ui/game-screen';
import { PageScreen } from '../../src/ui/page-screen';
import { labLevel } from '../../src/game/lab';
import type { Level } from '../../src/game/level-load';
import { plainSession } from './plain-session';
import { startApp, type AppRun } from './app-run';

const ORPHAN = `#include <unistd.h>
int main(void)
{
    if (fork() == 0) { sleep(1); return 0; }
    return 0;
}
`;
const files: Record<string, string> = { 'orphan.c': ORPHAN };
const lab = (): Level => labLevel([{ name: 'orphan', file: 'orphan.c', source: ORPHAN, args: [] }], { cpus: 2, seed: 'lab' }, { read: (p) => files[p] ?? null });

const start = (level: Level): Promise<AppRun> => startApp([], { start: level });

/** The stack of init, as cat /proc/1/maps shows it: the munmap command that takes it away. */
function unmapInitStack(maps: string): string {
  const m = /^(\w+)-(\w+) .*\[stack\]$/m.exec(maps)!;
  return `munmap 1 0x${m[1]} ${parseInt(m[2], 16) - parseInt(m[1], 16)}`;
}

describe('the lab on the screen', () => {
  it('briefs without difficulty, goal or par, and Esc there quits (there is no menu)', async () => {
    const r = await start(lab());
    const text = r.t.text();
    expect(text).toMatch(/kernlab · Lab/);
    expect(text).toContain('A machine of your own, with no puzzle on it');
    expect(text).toContain('(./orphan)');
    expect(text).toMatch(/6 tips on what to try: type hint in the console, or press h outside it\./);
    expect(text).not.toMatch(/difficulty|Goal:|Par:/);
    expect(text).toMatch(/Enter start +Esc quit +q quit/);
    await r.t.press('escape');
    expect(r.exited()).toBe(true);
  });

  it('shows the lab in the goal pane (tips, ticks, commands), and leaving it quits without a menu', async () => {
    const r = await start(lab());
    await r.t.press('enter');
    expect(r.app.current).toBeInstanceOf(GameScreen);
    let text = r.t.text();
    expect(text).toMatch(/┌─ Lab ─+┐/);
    expect(text).toContain('No goal: a lab.');
    expect(text).toMatch(/0 ticks · 0 commands\s+│[^\n]*\n│6 tips on what to try: type\s+│[^\n]*\n│hint \(or h\)/); // wrapped in the pane
    await r.t.type('hint');
    await r.t.press('enter');
    r.host.driver.tick(30);
    await r.t.settle();
    text = r.t.text();
    expect(text).toMatch(/Tip 1\/6: run FILE\.c compiles/); // in the console and the goal pane
    expect(text).toMatch(/30 ticks · 0 commands/); // a hint is no command on the machine
    // The tips are free and go round: after the last, the first again.
    await r.t.press('escape');
    for (let i = 0; i < 6; i++) await r.t.press('h');
    expect(r.t.text()).toMatch(/Tip 1\/6: run FILE\.c compiles/);
    expect(r.t.text()).not.toContain('No more');
    // F1 says what differs in a lab.
    await r.t.press('f1');
    text = r.t.text();
    expect(text).toContain('show the next tip (free; after the last, the first again)');
    expect(text).toContain('leave the lab (asks first)');
    expect(text).not.toContain('costs points');
    await r.t.press('escape', 'q');
    text = r.t.text();
    expect(text).toContain('Leave the lab? Its machine goes with it.');
    expect(text).toMatch(/y quit kernlab +n keep playing/);
    expect(text).not.toMatch(/m back/);
    await r.t.press('m'); // no menu to go back to: nothing happens
    expect(r.t.text()).toContain('Leave the lab?');
    await r.t.press('y');
    expect(r.exited()).toBe(true);
  });

  it('follows a program started from the console: the panes select it', async () => {
    const r = await start(lab());
    await r.t.press('enter');
    await r.t.type('run orphan.c');
    await r.t.press('enter');
    const pid = r.host.driver['game'].con.lastJobPid;
    expect(r.app.gameScreen!.ctx.selectedPid).toBe(pid);
    expect(r.t.text()).toContain(`Memory map · orphan (${pid})`);
  });

  it('ends only in a kernel panic: the machine stopped, why, and r for a fresh machine', async () => {
    const r = await start(lab());
    await r.t.press('enter');
    const game = r.host.driver['game'];
    await r.t.type(unmapInitStack(game.exec('cat /proc/1/maps').output)); // the test's cat is a command too
    await r.t.press('enter');
    r.host.driver.tick(1100); // the orphan exits; init cannot run its SIGCHLD handler
    await r.t.settle();
    let text = r.t.text();
    expect(text).toMatch(/The machine stopped/);
    expect(text).toMatch(/ PANIC {2}1x · tick \d+/);
    expect(text).toContain('Stopped: init died: the kernel panicked ("Kernel panic - not'); // wrapped in the box
    expect(text).toContain('syncing: Attempted to kill init! exitcode=0x0000000b")');
    expect(text).toMatch(/Enter see the end of the lab/);
    expect(text).not.toMatch(/Level failed/);
    await r.t.press('enter');
    expect(r.app.current).toBeInstanceOf(PageScreen);
    text = r.t.text();
    expect(text).toMatch(/kernlab · Lab · the machine stopped/);
    expect(text).toMatch(/The machine stopped: init died: the kernel panicked/);
    expect(text).toMatch(/\d+ ticks of simulated time and 2 commands\. A lab keeps no score/);
    expect(text).toMatch(/r again +q quit/);
    await r.t.press('r');
    expect(r.app.current).toBeInstanceOf(GameScreen);
    expect(r.host.driver['game'].k.panicked).toBe(null); // a fresh machine
  });
});

describe('the lab in plain mode', () => {
  it('briefs, says tips and status as a lab, and after a panic offers r or q', async () => {
    const p = plainSession([], { start: lab() });
    await p.flush();
    expect(p.out()).toContain('Lab: A machine of your own');
    expect(p.out()).toContain('hint (6 tips)');
    expect(p.out()).not.toMatch(/Goal:|difficulty/);
    await p.line('');
    let said = await p.line('hint');
    expect(said).toMatch(/^Tip 1 of 6: run FILE\.c/m);
    said = await p.line('status');
    expect(said).toMatch(/^Tick 0, paused\. 0 commands\./m); // hint and status are the screen's, not the machine's
    expect(said).toContain('No goal: a lab.');
    const maps = await p.line('cat /proc/1/maps');
    await p.line(unmapInitStack(maps));
    said = await p.line('tick 1100');
    expect(said).toContain('SIGSEGV for init (1) from the kernel (SI_KERNEL, no address)');
    expect(said).toContain('kernel: Kernel panic - not syncing: Attempted to kill init! exitcode=0x0000000b');
    expect(said).toMatch(/The machine stopped: init died: the kernel panicked .*\. \d+ ticks, 3 commands\./);
    expect(said).toContain('r: a fresh machine with your programs, q: quit.');
    // A lab tells copy-on-write faults (a level only when it is about them): --plain has no MMU pane.
    expect(p.out()).toMatch(/orphan \(\d+\) wrote to a copy-on-write page at 0x[0-9a-f]+: the page was copied/);
    expect(await p.line('m')).toBe('r or q.\n> ');
    said = await p.line('r');
    expect(said).toContain('Lab: A machine of your own');
    await p.line('q');
    await p.flush();
    expect(p.ended()).toBe(true);
  });
});
