// The shipped levels parsed at build time (scripts/package.mjs) must read
// exactly as the YAML does, and only for the very text that was built.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { levelTextKey, parsedLevelData } from '../../src/game/level-data-cache';
import { LevelError, parseLevel, type Level } from '../../src/game/level-load';

const root = path.resolve(__dirname, '../..');

async function builtTable(): Promise<Record<string, unknown>> {
  const packager = (await import(path.join(root, 'scripts/package.mjs'))) as { parsedLevels(): Record<string, unknown> };
  return packager.parsedLevels();
}

const shipped = (): { rel: string; text: string }[] =>
  readdirSync(path.join(root, 'levels'))
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .map((f) => ({ rel: `levels/${f}`, text: readFileSync(path.join(root, 'levels', f), 'utf8') }));

const readProgram = (rel: string): string | null => {
  try {
    return readFileSync(path.join(root, 'levels', rel), 'utf8');
  } catch {
    return null;
  }
};

const noTable = (): undefined => undefined;
const withoutLines = (l: Level) => ({ spec: l.spec, file: l.file, sources: l.sources });

describe('level data parsed at build time', () => {
  it('covers every shipped level, and each reads exactly as its YAML does', async () => {
    const table = await builtTable();
    const levels = shipped();
    expect(Object.keys(table)).toHaveLength(levels.length);
    for (const { rel, text } of levels) {
      const built = (t: string) => parsedLevelData(t, table);
      expect(built(text), rel).toBeDefined();
      const fast = parseLevel(text, rel, readProgram, built);
      const slow = parseLevel(text, rel, readProgram, noTable);
      expect(withoutLines(fast), rel).toEqual(withoutLines(slow));
      // The line of a field is still found (the YAML is read when asked).
      expect(fast.lineOf!(['solution']), rel).toBe(slow.lineOf!(['solution']));
    }
  });

  it('is not used for a text that differs by one byte, which is parsed afresh', async () => {
    const table = await builtTable();
    const { rel, text } = shipped()[0];
    const edited = text.replace(/^title: .*$/m, 'title: Edited after the build');
    expect(parsedLevelData(edited, table)).toBeUndefined();
    expect(parseLevel(edited, rel, readProgram, (t) => parsedLevelData(t, table)).spec.title).toBe('Edited after the build');
  });

  it('hands out a fresh copy each time: a caller changing its level cannot change the next one', async () => {
    const table = await builtTable();
    const { text } = shipped()[0];
    const a = parsedLevelData(text, table) as { title: string };
    a.title = 'changed';
    expect((parsedLevelData(text, table) as { title: string }).title).not.toBe('changed');
    expect(table[levelTextKey(text)]).not.toBe(a);
  });

  it('still names the line of a problem found after the data, from the YAML text', () => {
    const text = 'id: demo\ntitle: Demo\ntopic: t\ndifficulty: 1\norder: 1\nbriefing: B.\ndebrief: D.\ngoal_text: G.\nprograms:\n  - name: main\n    file: programs/none.c\ngoal:\n  alive: main\nhints: [h]\npar: { ticks: 100, commands: 1 }\nsolution: [ps]\n';
    const data = parsedLevelData(text, null);
    expect(data).toBeUndefined();
    // Data given as if built: the missing program is still reported at its line.
    const built = () => ({ id: 'demo', title: 'Demo', topic: 't', difficulty: 1, order: 1, briefing: 'B.', debrief: 'D.', goal_text: 'G.', programs: [{ name: 'main', file: 'programs/none.c' }], goal: { alive: 'main' }, hints: ['h'], par: { ticks: 100, commands: 1 }, solution: ['ps'] });
    expect(() => parseLevel(text, 'mine.yaml', () => null, built)).toThrow(LevelError);
    expect(() => parseLevel(text, 'mine.yaml', () => null, built)).toThrow(/^mine\.yaml:11: programs\[0\]\.file: no such program file/);
  });
});
