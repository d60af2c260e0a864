// Shared helpers for the classroom tests: the demo challenge, temporary
// data folders, and solving a level's first step by its own templates.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { readResource } from '../../src/cli/resources';
import { shippedLevels } from '../../src/cli/level-files';
import { parseChallenge, type Challenge } from '../../src/net/challenge-load';
import type { Level } from '../../src/game/level-load';

let shipped: Level[] | null = null;

/** Shipped levels by id (parsed once per test file). */
export function shippedLevel(id: string): Level {
  shipped ??= shippedLevels();
  const l = shipped.find((x) => x.spec.id === id);
  if (!l) throw new Error(`no shipped level ${id}`);
  return l;
}

/** Parse a challenge text whose levels are shipped ids. */
export function challengeFrom(text: string, file = 'test.yaml'): Challenge {
  return parseChallenge(text, file, (name) => {
    shipped ??= shippedLevels();
    return shipped.find((l) => l.spec.id === name) ?? `no shipped level "${name}"`;
  });
}

/** The shipped demo challenge. */
export function demoChallenge(): Challenge {
  return challengeFrom(readResource('levels/challenges/demo.yaml'), 'levels/challenges/demo.yaml');
}

/** A fresh temporary folder; remove it with cleanup(). */
export function tempDir(prefix = 'kernlab-net-'): { dir: string; cleanup(): void } {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}
