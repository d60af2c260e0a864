// Challenge files: what parses, what is refused (with file:line: field),
// durations, and the seed policies.
import { describe, expect, it } from 'vitest';
import { LevelError, parseLevel } from '../../src/game/level-load';
import { parseChallenge } from '../../src/net/challenge-load';
import { formatDuration, parseDuration } from '../../src/net/challenge-schema';
import { studentSeed } from '../../src/net/seed-policy';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { challengeFrom, demoChallenge, tempDir } from './helpers';
import { buildCli, root, runCli } from './server-process';
import { listResources, readResource } from '../../src/cli/resources';

function errorOf(text: string): string {
  try {
    challengeFrom(text, 'c.yaml');
  } catch (e) {
    expect(e).toBeInstanceOf(LevelError);
    return (e as Error).message;
  }
  throw new Error('the challenge was accepted');
}

describe('challenge files', () => {
  it('the shipped demo has three short levels, a per-student seed and a duration', () => {
    const c = demoChallenge();
    expect(c.levels.map((l) => l.spec.id)).toEqual(['first-contact', 'zombie-frozen-parent', 'read-only']);
    expect(c.durationMs).toBe(20 * 60_000);
    expect(c.seed).toEqual({ kind: 'per-student', seed: 'demo-1' });
    expect(c.spec.scoring).toBe('sum');
    expect(c.hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('every shipped challenge reads, with levels that compile', () => {
    const files = listResources('levels/challenges').filter((f) => f.endsWith('.yaml'));
    expect(files.length).toBeGreaterThanOrEqual(2);
    for (const f of files) expect(challengeFrom(readResource(f), f).levels.length, f).toBeGreaterThan(0);
  });

  it('names the file, line and field of each mistake', () => {
    const text = ['title: T', 'duration: soon', 'levels: [first-contact]', 'seed: { shared: x }', 'colour: red', ''].join('\n');
    const msg = errorOf(text);
    expect(msg).toContain('c.yaml:2: duration: "soon" is not a duration');
    expect(msg).toContain('c.yaml:5: unknown field "colour"');
  });

  it('says every mistake at once: a wrong level too, not only after the other fields are fixed', () => {
    const text = ['title: T', 'duration: 20m', 'levels:', '  - first-contakt', '  - read-only', 'seed: { shared: x }', 'scoring: best', ''].join('\n');
    const lines = errorOf(text).split('\n');
    expect(lines).toContain('c.yaml:7: scoring: expected "sum"');
    expect(lines).toContain('c.yaml:4: levels[0]: no shipped level "first-contakt"');
    expect(lines).toHaveLength(2);
  });

  it('refuses unknown levels, a level listed twice, and a bad seed policy, at their lines', () => {
    expect(errorOf('title: T\nduration: 5m\nlevels:\n  - first-contact\n  - no-such-level\nseed: { shared: x }\n')).toContain('c.yaml:5: levels[1]: no shipped level "no-such-level"');
    expect(errorOf('title: T\nduration: 5m\nlevels:\n  - first-contact\n  - first-contact\nseed: { shared: x }\n')).toContain('c.yaml:5: levels[1]: level "first-contact" is listed twice');
    expect(errorOf('title: T\nduration: 5m\nlevels: [first-contact]\nseed: { everyone: x }\n')).toMatch(/c\.yaml:4: seed: give \{ shared: SEED \} or \{ per-student: SEED \}/);
    expect(errorOf('title: T\nduration: 5m\nlevels: []\nseed: { shared: x }\n')).toMatch(/c\.yaml:3: levels: needs at least 1 \(found none\)/);
    expect(errorOf('title: [unclosed\n')).toMatch(/^c\.yaml:\d+: YAML: /);
  });

  it("refuses a level whose program does not compile, with validate's line (before any student reaches it)", () => {
    const level = [
      'id: broken',
      'title: Broken',
      'topic: t',
      'difficulty: 1',
      'order: 1',
      'briefing: b',
      'debrief: d',
      'goal_text: g',
      'programs:',
      '  - name: main',
      '    file: programs/main.c',
      'goal: { alive: main }',
      'hints: [h]',
      'par: { ticks: 10, commands: 0 }',
      'solution: [ps]',
      '',
    ].join('\n');
    let msg = '';
    try {
      parseChallenge('title: T\nduration: 5m\nlevels:\n  - first-contact\n  - mine/broken.yaml\nseed: { shared: x }\n', 'c.yaml', (name) =>
        name === 'first-contact' ? demoChallenge().levels[0] : parseLevel(level, 'mine/broken.yaml', () => 'int main(void) { return 0 }'),
      );
    } catch (e) {
      expect(e).toBeInstanceOf(LevelError);
      msg = (e as Error).message;
    }
    expect(msg.split('\n')).toEqual([
      'c.yaml:5: levels[1]: level "broken" is broken (kernlab validate mine/broken.yaml checks it all):',
      "mine/broken.yaml:11: programs[0].file: programs/main.c:1:26: error: expected ';' before '}' token",
    ]);
  });

  it('kernlab validate takes a challenge file: the challenge as serve reads it, then each of its levels', async () => {
    await buildCli();
    const d = tempDir();
    try {
      mkdirSync(path.join(d.dir, 'mine/programs'), { recursive: true });
      const level = readFileSync(path.join(root, 'levels/graceful-stop.yaml'), 'utf8').replace('id: graceful-stop', 'id: my-stop');
      writeFileSync(path.join(d.dir, 'mine/stop.yaml'), level);
      for (const f of ['journald.c', 'compactor.c']) writeFileSync(path.join(d.dir, 'mine/programs', f), readFileSync(path.join(root, 'levels/programs', f), 'utf8'));
      const file = path.join(d.dir, 'week.yaml');
      writeFileSync(file, 'title: Week\nduration: 10m\nlevels:\n  - first-contact\n  - mine/stop.yaml\nseed: { per-student: w }\n');
      const ok = runCli(['validate', file]);
      expect(ok.stdout.split('\n')).toEqual([
        expect.stringMatching(/first-contact\.yaml: ok \(solution: \d+ ticks?, 1 action, 1000 points\)$/),
        expect.stringMatching(/mine\/stop\.yaml: ok \(solution: 1001 ticks, 2 actions, 1000 points\)$/),
        `${file}: ok (challenge "Week": 2 levels, 10m, seed per-student: w)`,
        '',
      ]);
      expect(ok.status).toBe(0);
      writeFileSync(path.join(d.dir, 'mine/programs/compactor.c'), 'int main(void) { return 0 }');
      const broken = runCli(['validate', file]);
      expect(broken.status).toBe(1);
      expect(broken.stdout).toMatch(/week\.yaml:5: levels\[1\]: level "my-stop" is broken/);
      expect(broken.stdout).toMatch(/stop\.yaml:\d+: programs\[1\]\.file: programs\/compactor\.c:1:26: error: expected ';' before '}' token/);
      // A shipped level's id half remembered, or misspelt: the one meant is named.
      for (const [typed, meant] of [['zombie-frozen', 'zombie-frozen-parent'], ['zombie-frozn-parent', 'zombie-frozen-parent']]) {
        writeFileSync(file, `title: Week\nduration: 10m\nlevels:\n  - ${typed}\nseed: { per-student: w }\n`);
        expect(runCli(['validate', file]).stdout).toContain(`week.yaml:4: levels[0]: no shipped level "${typed}" (did you mean "${meant}"? see kernlab levels)`);
      }
    } finally {
      d.cleanup();
    }
  }, 60_000);

  it('reads durations as a teacher writes them', () => {
    expect(parseDuration('20m')).toBe(1_200_000);
    expect(parseDuration('90s')).toBe(90_000);
    expect(parseDuration('1h30m')).toBe(5_400_000);
    expect(parseDuration('1h 5m 30s')).toBe(3_930_000);
    expect(parseDuration(45)).toBe(2_700_000);
    expect(parseDuration('45')).toBe(2_700_000);
    for (const bad of ['', 'soon', '0m', '-5m', 'm']) expect(parseDuration(bad)).toBeNull();
    expect(formatDuration(5_400_000)).toBe('1h30m');
    expect(formatDuration(30_000)).toBe('30s');
  });

  it('a shared seed is the same for all; a per-student seed differs by name and is stable', () => {
    expect(studentSeed({ kind: 'shared', seed: 'lab' }, 'alice')).toBe('lab');
    expect(studentSeed({ kind: 'shared', seed: 'lab' }, 'bob')).toBe('lab');
    const a = studentSeed({ kind: 'per-student', seed: 'lab' }, 'alice');
    expect(a).toMatch(/^[0-9a-f]{16}$/);
    expect(studentSeed({ kind: 'per-student', seed: 'lab' }, 'alice')).toBe(a);
    expect(studentSeed({ kind: 'per-student', seed: 'lab' }, 'bob')).not.toBe(a);
    expect(studentSeed({ kind: 'per-student', seed: 'lab2' }, 'alice')).not.toBe(a);
  });

  it('the hash changes with the challenge text and with its levels', () => {
    const a = challengeFrom('title: T\nduration: 5m\nlevels: [first-contact]\nseed: { shared: x }\n');
    const b = challengeFrom('title: T\nduration: 6m\nlevels: [first-contact]\nseed: { shared: x }\n');
    const c = challengeFrom('title: T\nduration: 5m\nlevels: [read-only]\nseed: { shared: x }\n');
    expect(new Set([a.hash, b.hash, c.hash]).size).toBe(3);
  });
});
