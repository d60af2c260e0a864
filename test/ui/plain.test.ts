// --plain: the same game as lines — menu by number, briefing, narrated
// events and program output, console commands and the screen's own
// (pause, go, step, speed, status), the debrief; the loop's clock is a
// test clock here.
import { describe, expect, it } from 'vitest';
import { fixture } from './helpers';
import { plainSession } from './plain-session';
import { shippedLevels } from '../../src/cli/level-files';

function session(levels = [fixture('frozen-parent'), fixture('read-only')]) {
  return plainSession(levels);
}

describe('plain line mode', () => {
  it('plays a level from the menu to the debrief, narrating what the kernel does', async () => {
    const p = session();
    expect(p.out()).toMatch(/Levels:\n {2}1\. Frozen parent \(fixture\) \(exit and reaping\): open\n {2}2\. Read-only \(fixture\) \(VMAs and permissions\): locked/);
    expect(await p.line('2')).toContain('Level 2 is locked');
    expect(await p.line('fixture-read-only')).toContain('Level 2 is locked'); // by its id
    let said = await p.line('1');
    expect(said).toContain('Level: Frozen parent (fixture)');
    expect(said).toContain('Goal: Get the zombies reaped without killing their parent.');
    expect(said).toMatch(/Time stands still until you type go/);
    said = await p.line('');
    expect(said).toMatch(/Started\. Tick \d+, paused\./);
    expect(said).toMatch(/^parent \d+: 3 children started$/m); // said while it set up: told at the start
    // Time stands still: nothing happens until go.
    expect(await p.wait(2000)).toBe('');
    said = await p.line('go');
    expect(said).toContain('Running at 1x.');
    said = await p.wait(1500);
    // The workers exit while their parent is stopped: zombies, told in words.
    expect(said).toMatch(/\[t \d+\] parent \(\d+\) exited with status 0: now a zombie \(Z\) until its parent, parent \(\d+\), reaps it/);
    // The death first, then the SIGCHLD its exit_notify() sent.
    expect(said).toMatch(/\] parent \((\d+)\) exited with status 0: now a zombie[^\n]*\n\[t \d+\] SIGCHLD sent to parent \(\d+\) by parent \(\1\)\n/);
    said = await p.line('speed 0.5');
    expect(said).toContain('Speed 0.5x');
    said = await p.line('pause');
    expect(said).toMatch(/Paused at tick \d+\./);
    said = await p.line('step');
    expect(said).toMatch(/^Tick \d+\.$/m);
    said = await p.line('ps -o pid,stat,comm');
    expect(said).toMatch(/PID STAT COMMAND/);
    expect(said.match(/ Z +parent/g)).toHaveLength(3);
    said = await p.line('status');
    expect(said).toMatch(/not yet: no zombies left/);
    expect(said).toMatch(/Time is up at tick \d+: \d+ ticks left\./);
    expect(said).toMatch(/^Tick \d+, paused\. 0 actions so far \(par 1\)\. 4 s of wall time\.$/m); // 2 s waited paused, 1.5 running: 3.5 s
    expect(said).toMatch(/done: the parent is alive/);
    const pid = /(\d+) T +parent/.exec(p.out())![1];
    said = await p.line(`kill -CONT ${pid}`);
    expect(said).toMatch(/parent \(\d+\) continues: SIGCONT woke it from the stopped state \(T\)/);
    expect(said).not.toMatch(/ignores SIGCONT/);
    // One tick is enough: the parent runs its handler, which reaps them all.
    said = await p.line('step');
    expect(said).toMatch(/parent \(\d+\) runs its SIGCHLD handler/);
    expect(said.match(/parent \(\d+\) reaped parent \(\d+\)/g)).toHaveLength(3);
    expect(said).toMatch(/Solved! 1000 points, 3 of 3 stars\./);
    expect(said).not.toContain('***'); // a screen reader reads "star star star\"
    expect(said).toMatch(/ticks \(par \d+\), 1 action \(par 1\), 2 commands in all, 0 hints; 4 s of wall time\./);
    expect(said).toContain('What happened:');
    expect(said).toContain('Run log saved: /tmp/runs/fixture-frozen-parent-1.json');
    expect(said).toMatch(/n: next level, r: retry, m: levels, q: quit\./);
    expect(p.host.loops[0].stopped).toBe(true);
    expect(p.host.clock.pending).toBe(0);
    said = await p.line('n');
    expect(said).toContain('Level: Read-only (fixture)');
    said = await p.line('q');
    expect(said).toContain('Bye.');
    expect(p.ended()).toBe(true);
  });

  it('takes hints, says an error as the console does, and leaves a level with quit', async () => {
    const p = session();
    await p.line('1');
    await p.line('');
    let said = await p.line('hint');
    expect(said).toContain('Hint 1 of 2: The parent is stopped (T).');
    said = await p.line('kill 99999');
    expect(said).toContain('kill: (99999) - No such process');
    said = await p.line('speed 99');
    expect(said).toMatch(/out of range/);
    said = await p.line('quit');
    expect(said).toMatch(/Left the level/);
    expect(said).toContain('Levels:');
    expect(p.host.abandonedGames).toHaveLength(1);
    p.end();
    await new Promise((r) => setImmediate(r));
    expect(p.ended()).toBe(true);
  });
});

describe('plain line mode, a failure', () => {
  it('gives the reason with one full stop, and heads the explanation as that of a solved run', async () => {
    const level = shippedLevels().find((l) => l.spec.id === 'first-contact')!;
    const p = session([level]);
    await p.line('1');
    await p.line('');
    const notes = p.host.loops[0]['game'].view.labels.get('notes');
    const said = (await p.line(`kill ${notes}`)) + (await p.line('tick 5'));
    expect(said).toContain('Not solved: You killed notes, and its 42 unsaved lines with it. It was asleep (S), using no CPU.\n');
    expect(said).not.toContain('CPU..');
    expect(said).toContain('What happened in a solved run:');
  });
});

describe('plain line mode, leaving a level', () => {
  it('takes q at the game prompt as quit, as at the menu and the briefing', async () => {
    const p = session();
    expect(await p.line('1')).toContain('quit (or q)');
    await p.line('');
    const said = await p.line('q');
    expect(said).not.toContain('command not found');
    expect(said).toMatch(/Left the level/);
    expect(said).toMatch(/Levels:/);
  });

  it('starts the level with a command typed at the briefing, and runs it (it was dropped)', async () => {
    const p = session();
    await p.line('1');
    const said = await p.line('ps -o pid,stat,comm');
    expect(said).toMatch(/^Started\. Tick \d+, paused\./m);
    expect(said).toMatch(/Time is stopped[^\n]*\n +PID STAT COMMAND\n/);
    expect(said).toMatch(/ T +parent\n/);
    expect(said).toMatch(/kernlab# $/);
  });
});

describe('plain line mode, the order of what is said', () => {
  const shipped = (id: string) => shippedLevels().find((l) => l.spec.id === id)!;

  it('tells a fault before the handler prints about it, and says the tick after tick N', async () => {
    const p = session([shipped('read-only')]);
    await p.line('1');
    await p.line('');
    const said = await p.line('tick 1200');
    const fault = said.indexOf('SIGSEGV for kvstore');
    expect(fault).toBeGreaterThan(-1);
    expect(said.indexOf('SIGSEGV writing entry')).toBeGreaterThan(fault);
    expect(said).toMatch(/\nTick 1200\.\n/);
    // The table sealed read-only before the first try.
    expect(said.indexOf('now r--p')).toBeLessThan(said.indexOf('(try 1)'));
    expect(await p.line('sleep 0.3')).toMatch(/^Tick 1500\.$/m); // sleep is tick in seconds
  });

  it("says bash's job notice after the death it reports, and no copy-on-write chatter where the level is not about it", async () => {
    const p = session([shipped('first-contact')]);
    await p.line('1');
    await p.line('');
    await p.line('tick 2000');
    const pid = /(\d+) R +\S+ +logzip/.exec(await p.line('ps -o pid,stat,time,comm'))![1];
    await p.line(`kill ${pid}`);
    const said = await p.line('tick 100');
    expect(said).toContain(`logzip (${pid}) was killed by SIGTERM`);
    expect(said.indexOf('Terminated')).toBeGreaterThan(said.indexOf('was killed by SIGTERM'));
    expect(p.out()).not.toContain('copy-on-write');
  });

  it('tells copy-on-write faults where the level is about them', async () => {
    const p = session([shipped('copy-on-write')]);
    await p.line('1');
    await p.line('');
    await p.line('tick 200');
    await p.line('kill -HUP %1');
    const said = await p.line('tick 200');
    expect(said).toMatch(/wrote to a copy-on-write page at 0x[0-9a-f]+: /);
  });
});

describe('plain line mode, the terminal', () => {
  it("fits the briefing and ls to the terminal's width", async () => {
    const p = plainSession([shippedLevels().find((l) => l.spec.id === 'first-contact')!], { columns: 50 });
    const brief = await p.line('1');
    for (const l of brief.split('\n')) expect(l.length, l).toBeLessThanOrEqual(49);
    await p.line('');
    // ls lays out its columns for the terminal (80 without one), as ps cuts its last column there: wider than one name a line, within 50.
    const ls = await p.line('ls /proc');
    expect(ls).toMatch(/meminfo/);
    expect(Math.max(...ls.split('\n').map((l) => l.length))).toBeGreaterThan(30);
    for (const l of ls.split('\n')) expect(l.length, l).toBeLessThanOrEqual(50);
  });

  it('leaves on Ctrl-C as on quit: the level left (its run log kept), Bye, status 130', async () => {
    const p = session();
    await p.line('1');
    await p.line('');
    await p.line('tick 100');
    p.signals.emit('SIGINT', 'SIGINT');
    await p.flush();
    expect(p.out()).toMatch(/Interrupted\.\nBye\.\n$/);
    expect(p.host.abandonedGames).toHaveLength(1);
    expect(p.ended()).toBe(true);
    expect(p.status()).toBe(130);
    expect(p.signals.listenerCount('SIGINT')).toBe(0);
    expect(p.host.clock.pending).toBe(0);
  });
});

describe('plain line mode, a flood of events', () => {
  it("tells a fork bomb's failed forks five times a batch, then counts the rest", async () => {
    const p = session([shippedLevels().find((l) => l.spec.id === 'fork-bomb')!]);
    await p.line('1');
    await p.line('');
    const said = await p.line('tick 3000');
    expect(said.match(/fork failed in bomb \(\d+\): EAGAIN$/gm)).toHaveLength(5 + 1);
    const more = /^\[t \d+\] (\d+) more like that since t \d+, the last: fork failed in bomb \(\d+\): EAGAIN$/m.exec(said);
    expect(Number(more?.[1])).toBeGreaterThan(100);
    expect(said.split('\n').length).toBeLessThan(40);
  });

  it('keeps counting them while time runs, and says the count now and then, not every frame', async () => {
    const p = session([shippedLevels().find((l) => l.spec.id === 'fork-bomb')!]);
    await p.line('1');
    await p.line('');
    await p.line('go');
    let said = '';
    for (let i = 0; i < 60; i++) said += await p.wait(100); // 6 s in frames
    expect(said.match(/fork failed in bomb \(\d+\): EAGAIN$/gm)).toHaveLength(5 + 1);
    expect(said.match(/more like that since t \d+, the last: fork failed in bomb/g)).toHaveLength(1);
    // A line typed: the count so far, then like events are told afresh.
    expect(await p.line('pause')).toMatch(/more like that since t \d+, the last: fork failed in bomb[^]*Paused at tick/);
    said = await p.line('tick 1000');
    expect(said.match(/^\[t \d+\] fork failed in bomb \(\d+\): EAGAIN$/gm)).toHaveLength(5);
  });
});

describe('plain line mode, the end of input', () => {
  it('leaves the level on Ctrl-D, on a line of its own, with status 0', async () => {
    const p = session();
    await p.line('1');
    await p.line('');
    p.end();
    await p.flush();
    expect(p.out()).toMatch(/kernlab# \nBye\.\n$/);
    expect(p.host.abandonedGames).toHaveLength(1);
    expect(p.status()).toBe(0);
  });
});
