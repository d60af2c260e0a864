// The standalone binary, as a user gets it: built by `npm run package`,
// copied alone into an empty folder, run with no node on PATH and an empty
// HOME. Set SKIP_PACKAGE=1 to skip (building takes a few seconds and
// ~170 MB of disk under dist/).
import { execFile } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listResources, readResource } from '../../src/cli/resources';
import { requireTmuxOrSkip, TmuxSession } from '../e2e/harness/tmux';

const root = path.resolve(__dirname, '../..');
const version = (JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { version: string }).version;
const skip = process.env.SKIP_PACKAGE === '1';
if (skip) console.warn('SKIP_PACKAGE=1: standalone binary tests skipped');

// Run a command; never rejects (the result carries the status).
function run(file: string, args: string[], opts: { cwd: string; env: NodeJS.ProcessEnv; timeout?: number; input?: string }) {
  return new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) => {
    const child = execFile(file, args, { ...opts, encoding: 'utf8', timeout: opts.timeout ?? 60_000, maxBuffer: 1 << 24 }, (err, stdout, stderr) => {
      const status = err ? (typeof err.code === 'number' ? err.code : null) : 0;
      resolve({ status, stdout, stderr });
    });
    child.stdin?.end(opts.input ?? '');
  });
}

describe.skipIf(skip)('standalone binary', () => {
  let dir: string; // empty folder holding only the binary
  let bin: string; // the copied binary
  let env: Record<string, string>; // PATH without node, HOME empty
  const sessions: TmuxSession[] = [];

  beforeAll(async () => {
    const built = await run(process.execPath, [path.join(root, 'scripts/package.mjs')], { cwd: root, env: process.env, timeout: 600_000 });
    expect(built.stderr).toMatch(/package: done/);
    expect(built.status).toBe(0);
    const name = `kernlab-linux-${process.arch}`;
    dir = mkdtempSync(path.join(tmpdir(), 'kernlab-bin-'));
    bin = path.join(dir, name);
    copyFileSync(path.join(root, 'dist', name), bin);
    const home = mkdtempSync(path.join(tmpdir(), 'kernlab-home-'));
    const emptyPath = path.join(home, 'bin'); // the only PATH entry: an empty folder
    mkdirSync(emptyPath);
    env = { PATH: emptyPath, HOME: home, LANG: 'C.UTF-8' };
  }, 600_000);

  afterAll(async () => {
    for (const s of sessions) await s.kill();
    if (dir) rmSync(dir, { recursive: true, force: true });
    if (env?.HOME) rmSync(env.HOME, { recursive: true, force: true });
  });

  it('has no node to lean on', () => {
    for (const p of env.PATH!.split(':')) expect(existsSync(path.join(p, 'node'))).toBe(false);
    expect(existsSync(path.join(dir, 'node_modules'))).toBe(false);
  });

  it('prints --help and --version, and nothing on stderr', async () => {
    const help = await run(bin, ['--help'], { cwd: dir, env });
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/^kernlab <command> \[options\]/);
    expect(help.stdout).toMatch(/--version/);
    expect(help.stderr).toBe('');
    const v = await run(bin, ['--version'], { cwd: dir, env });
    expect(v.status).toBe(0);
    expect(v.stdout.trim()).toBe(version);
    expect(v.stderr).toBe('');
  });

  it('reads embedded resources, byte for byte the repository’s', async () => {
    const demo = await run(bin, ['__resource', 'assets/platform/demo-screen.txt'], { cwd: dir, env });
    expect(demo.status).toBe(0);
    expect(demo.stdout).toBe(readResource('assets/platform/demo-screen.txt'));
    for (const top of ['levels', 'assets']) {
      const list = await run(bin, ['__resource', '--list', top], { cwd: dir, env });
      expect(list.status).toBe(0);
      expect(list.stderr).toBe('resources: embedded\n');
      expect(list.stdout.split('\n').filter(Boolean)).toEqual(listResources(top));
    }
    for (const rel of listResources('levels').slice(0, 20)) {
      const one = await run(bin, ['__resource', rel], { cwd: dir, env });
      expect(one.stdout, rel).toBe(readResource(rel));
    }
    const missing = await run(bin, ['__resource', 'assets/no/such/file.txt'], { cwd: dir, env });
    expect(missing.status).toBe(1);
    expect(missing.stderr).toMatch(/no resource assets\/no\/such\/file\.txt/);
  });

  it.runIf(requireTmuxOrSkip())('opens the demo screen in tmux with no warning on it, takes keys, and restores the terminal', async () => {
    const t = await TmuxSession.start({ command: bin, args: ['__demo-screen'], cwd: dir, env, inheritEnv: false, cols: 120, rows: 40 });
    sessions.push(t);
    const first = await t.waitForText(/kernlab terminal check[\s\S]*120x40 {2}last key: none/, 30_000);
    expect(first).toMatch(/┌─ kernlab ─+┐/);
    expect(first).toMatch(/terminal ok/); // the blessed-contrib donut drew
    expect(first).not.toMatch(/warning|deprecat|experimental/i);
    await t.sendKeys('Tab');
    const second = await t.waitForText(/last key: tab/);
    // Node prints warnings a tick after their cause: by now one would show.
    expect(second).not.toMatch(/warning|deprecat|experimental/i);
    await t.sendKeys('q');
    expect(await t.waitForExit()).toBe(0);
    const after = await t.captureAll();
    expect(after).not.toMatch(/kernlab terminal check/);
    expect(after).not.toMatch(/warning|deprecat|error/i);
  });

  it('solves a level headless and reports it as JSON', async () => {
    const script = path.join(dir, 'solution.txt');
    writeFileSync(script, '@3100 kill -CONT {pid:parent}\n');
    const r = await run(bin, ['run', 'zombie-frozen-parent', '--script', script, '--json'], { cwd: dir, env });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout) as { solved: boolean; score: number; stars: number };
    expect(out).toMatchObject({ solved: true, score: 1000, stars: 3 });
    // The progress went to the empty HOME's data folder.
    expect(existsSync(path.join(env.HOME!, '.local/share/kernlab/progress.json'))).toBe(true);
  });

  it('validates a level file that lives outside the binary', async () => {
    const lv = path.join(dir, 'mylevel');
    mkdirSync(path.join(lv, 'programs'), { recursive: true });
    copyFileSync(path.join(root, 'levels/zombie-frozen-parent.yaml'), path.join(lv, 'frozen.yaml'));
    copyFileSync(path.join(root, 'levels/programs/frozen_parent.c'), path.join(lv, 'programs/frozen_parent.c'));
    const ok = await run(bin, ['validate', path.join(lv, 'frozen.yaml')], { cwd: dir, env });
    expect(ok.stdout).toMatch(/frozen\.yaml: ok \(solution: \d+ ticks, 1 action, 1000 points\)/);
    expect(ok.status).toBe(0);
    writeFileSync(path.join(lv, 'broken.yaml'), readFileSync(path.join(lv, 'frozen.yaml'), 'utf8').replace('difficulty: 1', 'difficulty: easy'));
    const bad = await run(bin, ['validate', path.join(lv, 'broken.yaml')], { cwd: dir, env });
    expect(bad.status).toBe(1);
    expect(bad.stdout).toMatch(/broken\.yaml:4: difficulty: expected number/);
  });

  it('runs a C program with exec', async () => {
    writeFileSync(path.join(dir, 'process.c'), readFileSync(path.join(root, 'levels/programs/process.c')));
    const r = await run(bin, ['exec', 'process.c'], { cwd: dir, env });
    expect(r.stdout).toBe('I am your father!\nNoooooooo!\nChild exit status: 0\n');
    expect(r.status).toBe(0);
  });

  it('runs an embedded example in the lab, in plain mode', async () => {
    const r = await run(bin, ['lab', '--plain', 'zombie.c'], { cwd: dir, env, input: '\ntick 100\nps -o stat,comm\nq\n' });
    expect(r.stdout).toContain('child: exiting with status 7');
    expect(r.stdout).toMatch(/^Z +zombie$/m);
    expect(r.status).toBe(0);
  });

  it.runIf(requireTmuxOrSkip())('plays the first seconds of a level on the game screen in tmux', async () => {
    const t = await TmuxSession.start({ command: bin, args: ['play', 'zombie-frozen-parent'], cwd: dir, env, inheritEnv: false, cols: 120, rows: 40 });
    sessions.push(t);
    await t.waitForText(/The frozen parent/, 30_000);
    await t.sendKeys('Enter');
    await t.waitForText(/Console/, 30_000);
    await t.sendText('tick 3100');
    await t.sendKeys('Enter');
    const screen = await t.waitForText(/\d+ parent +Z│/, 30_000); // a zombie in the task tree
    expect(screen).not.toMatch(/warning|deprecat/i);
    await t.sendKeys('C-c');
    await t.waitForText(/y quit kernlab/);
    await t.sendKeys('y');
    expect(await t.waitForExit()).toBe(0);
  });
});
