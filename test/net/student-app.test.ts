// What a student sees, on a headless terminal, as the classroom changes:
// the waiting page, the start, the game screen with rank and time left,
// the teacher's pause, giving a level up, and the final board.
import { afterEach, describe, expect, it } from 'vitest';
import { Classroom, type SessionHandle } from '../../src/net/classroom';
import { StudentApp } from '../../src/net/student-app';
import type { Key } from '../../src/ui/panes/pane';
import { openHeadlessScreen, type HeadlessScreen } from '../ui/harness/headless-screen';
import { demoChallenge, tempDir } from './helpers';

let cleanups: Array<() => void | Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanups.reverse()) await c();
  cleanups = [];
});

interface Setup {
  room: Classroom;
  t: HeadlessScreen;
  app: StudentApp;
  disconnected: string[];
}

/** A student's screen on a classroom in a new data folder; `before` may put a class there first (a restart). */
async function setup(name = 'amy', cols = 100, rows = 30, before?: (dir: string) => void): Promise<Setup> {
  const d = tempDir();
  before?.(d.dir);
  const room = new Classroom(demoChallenge(), { dataDir: d.dir }, 10);
  const t = await openHeadlessScreen({ cols, rows });
  const disconnected: string[] = [];
  const handle: SessionHandle = { name, kick: () => undefined };
  expect(room.login(handle)).toBeNull();
  const app = new StudentApp({ screen: t.screen, room, name, unicode: true, disconnect: (m) => disconnected.push(m) });
  t.screen.on('keypress', (ch: string | undefined, key: Key) => app.key(ch, key));
  cleanups.push(async () => {
    app.destroy();
    await t.close();
    room.close();
    d.cleanup();
  });
  await t.render();
  return { room, t, app, disconnected };
}

describe('the student screen', () => {
  it('waits for the start, then briefs, then plays with rank and time left in the header', async () => {
    const { room, t } = await setup();
    expect(t.text()).toContain('Welcome, amy!');
    expect(t.text()).toContain('Waiting for your teacher to start the challenge');
    expect(t.text()).toMatch(/not started/);
    expect(t.text().replace(/[\s│]+/g, ' ')).toContain('Until your first points you have no rank (-).'); // why the header says "no rank yet"
    expect(t.text()).toContain('20:00 on the clock');
    room.extendClock(); // the teacher adds time before the start: the page says the new time
    await t.settle();
    expect(t.text()).toContain('25:00 on the clock');
    room.startClock();
    await t.settle();
    expect(t.text()).toContain('Level 1/3: First contact');
    await t.press('enter');
    expect(t.text()).toContain('kernlab#');
    expect(t.screenText()[0]).toMatch(/#-\/1 · (25:00|24:59)$/); // no points yet: no rank
    await t.type('ps');
    await t.press('enter');
    expect(t.text()).toMatch(/PID TTY/);
  });

  it('keeps the rank and the time left whole in the head line at 80 columns (the title is cut instead)', async () => {
    const { room, t } = await setup('amy', 80, 24);
    room.startClock();
    await t.settle();
    const head = t.screenText()[0];
    expect(head).toMatch(/^ kernlab classroom · Processes and memory, q.*… · amy · no rank yet · (20:00|19:59) left$/);
    expect(head.length).toBeLessThanOrEqual(80);
  });

  it('a room of 15 students on screen prints no listener warning (it came out over the teacher\'s dashboard)', async () => {
    const { room, t } = await setup();
    const warnings: string[] = [];
    const onWarning = (w: Error): void => void warnings.push(w.name);
    process.on('warning', onWarning);
    cleanups.push(() => void process.off('warning', onWarning));
    const apps: StudentApp[] = [];
    room.maxStudents = 50;
    for (let i = 0; i < 14; i++) {
      const name = `s${i}`;
      expect(room.login({ name, kick: () => undefined })).toBeNull();
      apps.push(new StudentApp({ screen: t.screen, room, name, unicode: true, disconnect: () => undefined }));
    }
    cleanups.push(() => apps.forEach((a) => a.destroy()));
    await new Promise((r) => setTimeout(r, 20)); // warnings are emitted on a later tick
    expect(warnings).toEqual([]);
  });

  it('says in the console when the teacher adds time (the clock alone just jumps)', async () => {
    const { room, t } = await setup();
    room.startClock();
    await t.settle();
    await t.press('enter');
    room.extendClock();
    await t.settle();
    expect(t.text()).toMatch(/Your teacher added 5 min: (25:00|24:59) left\./);
    expect(t.screenText()[0]).toMatch(/· (25:00|24:59)$/);
  });

  it("shows the teacher's pause over everything and takes no commands meanwhile", async () => {
    const { room, t } = await setup();
    room.startClock();
    await t.settle();
    await t.press('enter');
    room.pauseClock();
    await t.settle();
    expect(t.text()).toContain('Your teacher has paused the challenge.');
    await t.type('ps');
    await t.press('enter');
    expect(t.text()).not.toMatch(/PID TTY/);
    room.startClock();
    await t.settle();
    expect(t.text()).not.toContain('Your teacher has paused');
    await t.type('ps');
    await t.press('enter');
    expect(t.text()).toMatch(/PID TTY/);
  });

  it('says how a level scores: the machine\'s ticks over par, not the challenge clock', async () => {
    const { t } = await setup('amy', 80, 24);
    expect(t.text().replace(/[\s│]+/g, ' ')).toContain(
      "Scores: a solved level is worth up to 1000 points, less for ticks (the machine's time, not the clock's) and actions over the level's par, for hints, and for damage the level names; a level not solved scores 0.",
    );
  });

  it("the leave box says what leaving is on ssh (the classroom, not kernlab), whole at 80 columns", async () => {
    const { room, t, disconnected } = await setup('amy', 80, 24);
    room.startClock();
    await t.settle();
    await t.press('enter');
    expect(t.screenText()[23]).toMatch(/\^C leave/); // the key bar: a student leaves the classroom, not kernlab
    await t.press('C-c');
    expect(t.text()).toMatch(/│ Leave the classroom\? Your machine waits, stopped, until you log in again\. │/);
    expect(t.text()).toMatch(/y log out +m the challenge menu +n keep playing/);
    expect(t.text()).not.toContain('quit kernlab');
    await t.press('y');
    expect(disconnected).toEqual(['Your machine waits for you (it is stopped while you are away). Log in again to carry on.']);
  });

  it('after a server restart, the pause says so (not "your teacher has paused")', async () => {
    const { room, t } = await setup('amy', 100, 30, (dir) => {
      const first = new Classroom(demoChallenge(), { dataDir: dir }, 10);
      first.login({ name: 'amy', kick: () => undefined });
      first.startClock();
      first.startLevel('amy');
      first.close();
    });
    expect(t.text()).toContain('The server restarted: the challenge is paused.');
    expect(t.text()).toContain('Wait here: play resumes when the teacher says so.');
    room.startClock();
    await t.settle();
    expect(t.text()).not.toContain('The server restarted');
  });

  it('a level can be given up from the challenge menu; the next one is briefed', async () => {
    const { room, t } = await setup();
    room.startClock();
    await t.settle();
    await t.press('enter');
    await t.press('C-c'); // the game's "leave?" box
    await t.press('m'); // the classroom's menu
    expect(t.text()).toContain('Challenge');
    expect(t.text()).toMatch(/1\. First contact\s+playing/);
    await t.press('g');
    expect(t.text()).toContain('Give this level up for good');
    await t.press('y');
    expect(t.text()).toContain('Level 2/3: The frozen parent');
    expect(room.student('amy').results[0]).toMatchObject({ outcome: 'abandoned', index: 0 });
  });

  it('after a failed level shows the reason and the board, not the explanation (a retry plays the same machine)', async () => {
    const { room, t } = await setup();
    room.startClock();
    await t.settle();
    await t.press('enter');
    await t.type('kill -9 -1'); // notes dies with the rest: the level fails
    await t.press('enter');
    await t.type('tick 50');
    await t.press('enter');
    room.currentRun('amy')!.advance(Infinity, () => 0); // the server's loop runs the ticks
    await t.settle();
    expect(t.text()).toContain('Level failed');
    expect(t.text()).toContain('Enter see the result'); // not 'the debrief': it is withheld
    await t.press('escape'); // look at the machine first: the key bar names the same page
    expect(t.text()).toContain('Enter result (on an empty line)');
    expect(t.text()).not.toContain('debrief');
    await t.press('enter'); // from the console's empty line to the outcome page
    const text = t.text();
    expect(text).toContain('Not solved: You killed notes');
    expect(text).toContain('The board');
    expect(text).toContain('What happened is explained once you solve the level.');
    expect(text).not.toContain('logzip never called');
    expect(text).toMatch(/r try again/);
  });

  it('after a solved level says the run log is kept on the server (the student has no kernlab replay at hand); How to play shrinks to a reminder', async () => {
    const { room, t } = await setup('amy', 100, 60);
    room.startClock();
    await t.settle();
    expect(t.text()).toContain('Time stands still until you let it run'); // the full guide before the first level
    await t.press('enter');
    const run = room.currentRun('amy')!;
    await t.type(`kill ${run.game.view.fill('{pid:logzip}')}`);
    await t.press('enter');
    await t.type('tick 10');
    await t.press('enter');
    run.advance(Infinity, () => 0); // the server's loop runs the ticks
    await t.settle();
    expect(t.text()).toContain('Level solved');
    await t.press('enter');
    const text = t.text().replace(/[\s│]+/g, ' ');
    expect(text).toContain('Run log saved: runs/amy/01-first-contact-try1.json, on the classroom server (replay it with: kernlab replay DIR/runs/amy/01-first-contact-try1.json there, DIR being the class\'s data folder)');
    await t.press('enter'); // on to the next level's briefing: a level solved, one line of How to play
    expect(t.text()).toContain('Level 2/3: The frozen parent');
    expect(t.text()).toContain('How to play: tick N runs time');
    expect(t.text()).not.toContain('Time stands still until you let it run');
  });

  it('says RUNNING while the server runs a `tick N`, PAUSED again once it is done', async () => {
    const { room, t } = await setup();
    room.startClock();
    await t.settle();
    await t.press('enter');
    expect(t.screenText()[0]).toContain('PAUSED'); // levels start with time stopped
    await t.type('tick 300');
    await t.press('enter');
    expect(t.screenText()[0]).toContain('RUNNING'); // the ticks run in the background, prompt back
    const run = room.currentRun('amy')!;
    run.advance(Infinity, () => 0); // the server's loop runs the ticks, then draws a frame
    run.view!.frame();
    await t.settle();
    expect(t.screenText()[0]).toContain('PAUSED');
    expect(t.screenText()[0]).toMatch(/tick 300\b/);
  });

  it('shows the final board when the challenge ends, and q leaves', async () => {
    const { room, t, disconnected } = await setup();
    room.startClock();
    await t.settle();
    await t.press('enter');
    room.endClock('teacher');
    await t.settle();
    expect(t.text()).toContain('The challenge is over. You finished without points, so without a rank.');
    expect(t.text()).not.toContain('#1');
    expect(t.text()).toMatch(/-\s+amy\s+0\/3\s+0/);
    await t.press('q');
    expect(disconnected).toEqual(['Thanks for playing!']);
  });
});
