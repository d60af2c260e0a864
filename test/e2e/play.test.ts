// kernlab play in a real terminal (tmux): two levels played to success by
// typing, as a player would, then a clean exit with the terminal given
// back (normal screen, cooked mode, echo on), progress and the run log on
// disk, and the run log replaying to the same result.
//
// Needs dist/kernlab.cjs (npm test builds it first; so does this file if
// it is missing).
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requireTmuxOrSkip, TmuxSession } from './harness/tmux';

const root = path.resolve(__dirname, '../..');
const bundle = path.join(root, 'dist/kernlab.cjs');
const sessions: TmuxSession[] = [];
const dirs: string[] = [];

/** Start `kernlab play ARGS` in a shell, in tmux, with its own data dir; the shell reports the exit and the tty modes after. */
async function play(args: string[], cols = 120, rows = 40): Promise<{ t: TmuxSession; data: string }> {
  const data = mkdtempSync(path.join(tmpdir(), 'kernlab-play-'));
  dirs.push(data);
  const quoted = args.map((a) => `'${a}'`).join(' ');
  const script = `node dist/kernlab.cjs play ${quoted}; echo "kernlab exited $?"; stty -a | tr ' ;' '\\n\\n' | grep -x -e icanon -e -icanon -e echo -e -echo | tr '\\n' ' '; echo; sleep 30`;
  const t = await TmuxSession.start({ command: 'sh', args: ['-c', script], cols, rows, cwd: root, env: { LANG: 'C.UTF-8', XDG_DATA_HOME: data, NO_COLOR: '' } });
  sessions.push(t);
  return { t, data };
}

/** Type a console command and wait for its output to show. */
async function command(t: TmuxSession, line: string, until: RegExp): Promise<string> {
  await t.sendText(line + '\n');
  return t.waitForText(until);
}

/** After quitting: the shell's report, the terminal restored. */
async function expectCleanExit(t: TmuxSession): Promise<void> {
  const after = await t.waitForText(/kernlab exited \d+\s+-?icanon -?echo/);
  expect(after).toMatch(/kernlab exited 0/);
  expect(after).toMatch(/^icanon echo\s*$/m); // cooked mode and echo back on
  // The game was on the alternate screen: none of it is left on the normal one.
  const all = await t.captureAll();
  expect(all).not.toMatch(/Console|Memory map|kernlab#/);
}

/** The replay of the run log saved in `data` gives the same result. */
function expectReplaySolves(data: string, level: string, extra: string[] = []): void {
  const runs = path.join(data, 'kernlab', 'runs');
  const logs = readdirSync(runs).filter((f) => f.startsWith(level));
  expect(logs).toEqual([`${level}-1.json`]);
  const r = spawnSync(process.execPath, [bundle, 'replay', path.join(runs, logs[0]), ...extra], { cwd: root, encoding: 'utf8', env: { ...process.env, XDG_DATA_HOME: data } });
  expect(r.stdout).toMatch(/^Solved "/m);
  expect(r.status).toBe(0);
  const progress = JSON.parse(readFileSync(path.join(data, 'kernlab', 'progress.json'), 'utf8'));
  expect(progress.levels[level].solved).toBe(1);
}

describe.runIf(requireTmuxOrSkip())('kernlab play in a terminal', () => {
  beforeAll(() => {
    if (!existsSync(bundle)) execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: root, stdio: 'inherit' });
  });
  afterAll(async () => {
    for (const s of sessions) await s.kill();
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  it('plays the frozen-parent zombie level to success: kill -CONT lets the SIGCHLD handler reap', async () => {
    const { t, data } = await play(['zombie-frozen-parent']);
    await t.waitForText(/The frozen parent[\s\S]*Enter start/);
    await t.sendKeys('Enter');
    await t.waitForText(/Time is stopped/);
    expect(await t.capture()).toMatch(/PAUSED/);
    // Let the workers finish while their parent is stopped.
    await command(t, 'tick 3100', /kernlab# tick 3100/);
    const ps = await command(t, 'ps -o pid,stat,comm', /\d+ T +parent/);
    expect(ps.match(/ Z +parent/g)).toHaveLength(3);
    expect(ps.match(/\d+ parent +Z│/g)).toHaveLength(3); // the task tree marks them too
    const pid = /(\d+) T +parent/.exec(ps)![1];
    await command(t, `kill -CONT ${pid}`, new RegExp(`kill -CONT ${pid}`));
    await command(t, 'tick 20', /Level solved/);
    await t.sendKeys('Enter');
    const debrief = await t.waitForText(/What happened/);
    expect(debrief).toMatch(/Solved! +\d+ points/);
    expect(debrief).toMatch(/wait_task_zombie\(\)\s+(│\s+│\s+)?→ release_task\(\)/); // wherever the debrief wraps
    await t.sendKeys('q');
    await expectCleanExit(t);
    expectReplaySolves(data, 'zombie-frozen-parent');
  });

  it('plays the read-only level to success with mprotect (only the faulting page, rw-), at 80x24', async () => {
    const { t, data } = await play(['read-only'], 80, 24);
    await t.waitForText(/Read-only[\s\S]*Enter start/);
    await t.sendKeys('Enter');
    await t.waitForText(/kernlab#/);
    // The store's first try faults; its SIGSEGV handler says where.
    const out = await command(t, 'tick 1100', /SIGSEGV writing entry 150 at 0x[0-9a-f]+/);
    const addr = Number(/SIGSEGV writing entry 150 at (0x[0-9a-f]+)/.exec(out)![1]);
    const page = '0x' + (addr - (addr % 4096)).toString(16);
    const ps = await command(t, 'ps -o pid,comm', /\d+ kvstore/);
    const pid = /(\d+) kvstore/.exec(ps)![1];
    await command(t, `mprotect ${pid} ${page} 4096 rw-`, new RegExp(`mprotect ${pid} ${page}`));
    // Let time run with Space (after leaving the console): the handler's
    // retry, a second later, goes through.
    await t.sendKeys('Escape', 'Space');
    await t.waitForText(/RUNNING/);
    await t.waitForText(/Level solved/, 20_000);
    await t.sendKeys('Enter');
    const debrief = await t.waitForText(/What happened/);
    expect(debrief).toMatch(/Solved! +\d+ points/);
    await t.sendKeys('q');
    await expectCleanExit(t);
    expectReplaySolves(data, 'read-only');
  });

  it('leaves with Ctrl-C and y from the middle of a level, terminal restored', async () => {
    const { t } = await play([]);
    await t.waitForText(/Enter play/);
    await t.sendKeys('Enter');
    await t.waitForText(/Enter start/);
    await t.sendKeys('Enter');
    await t.waitForText(/kernlab#/);
    await t.sendKeys('C-c');
    await t.waitForText(/Leave this level\?/);
    await t.sendKeys('y');
    await expectCleanExit(t);
  });
});
