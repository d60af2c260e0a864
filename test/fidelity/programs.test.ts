// The same C program on Linux and in kernlab prints the same thing.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { boot, groupGone, output, runUntil, start } from '../kernel/helpers';

const DIR = path.join(__dirname, 'programs');
/** Each program's source: here, or (for the lecture's process.c) where the levels keep it. */
const SOURCES: Record<string, string> = { process: path.join(__dirname, '../../levels/programs/process.c') };
const programs = [...readdirSync(DIR).filter((f) => f.endsWith('.expected')).map((f) => f.replace(/\.expected$/, '.c'))];

describe('fidelity: kernlab prints what Linux prints', () => {
  it('has programs to compare', () => expect(programs.length).toBeGreaterThanOrEqual(6));
  for (const file of programs) {
    const name = file.replace(/\.c$/, '');
    it(name, () => {
      const k = boot({ cpus: 2, seed: 'fidelity' });
      const t = start(k, name, readFileSync(SOURCES[name] ?? path.join(DIR, file), 'utf8'));
      runUntil(k, () => groupGone(k, t), 60_000);
      expect(output(k, 'any').replace(/^.*strace.*$/gm, '')).toBe(readFileSync(path.join(DIR, `${name}.expected`), 'utf8'));
    });
  }
});
