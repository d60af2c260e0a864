// Finding and reading levels: the ones shipped with kernlab (levels/*.yaml,
// from the repository or the binary), or any level file on disk, whose
// program files are read relative to the level file's folder.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseLevel, type Level } from '../game/level-load';
import { listResources, readResource, resourceExists } from './resources';

/** The shipped levels, in play order. Throws LevelError if one is broken. */
export function shippedLevels(): Level[] {
  return listResources('levels')
    .filter((p) => /^levels\/[^/]+\.ya?ml$/.test(p))
    .map(shippedLevel)
    .sort((a, b) => a.spec.order - b.spec.order || a.spec.id.localeCompare(b.spec.id));
}

/** One shipped level file, its programs read from levels/ too. */
function shippedLevel(p: string): Level {
  return parseLevel(readResource(p), p, (rel) => {
    const r = path.posix.join('levels', rel);
    return resourceExists(r) ? readResource(r) : null;
  });
}

/** Reads a level file from disk (programs relative to its folder). */
export function levelFromFile(file: string): Level {
  const text = readFileSync(file, 'utf8');
  const dir = path.dirname(file);
  return parseLevel(text, file, (rel) => {
    const p = path.resolve(dir, rel);
    return existsSync(p) ? readFileSync(p, 'utf8') : null;
  });
}

/**
 * A level named on the command line: a path to a level file, or the id
 * (or play-order number) of a shipped level. Returns a message if none.
 */
export function findLevel(name: string): Level | string {
  if ((name.endsWith('.yaml') || name.endsWith('.yml') || name.includes('/')) && existsSync(name)) return levelFromFile(name);
  // A shipped level is levels/<id>.yaml: read just that one when it is there.
  const rel = `levels/${name}.yaml`;
  if (/^[a-z0-9][a-z0-9-]*$/.test(name) && resourceExists(rel)) {
    const l = shippedLevel(rel);
    if (l.spec.id === name) return l;
  }
  const levels = shippedLevels();
  const byId = levels.find((l) => l.spec.id === name);
  if (byId) return byId;
  const n = Number(name);
  if (Number.isInteger(n) && n >= 1 && n <= levels.length) return levels[n - 1];
  return `kernlab: no level "${name}" (try \`kernlab levels\`)`;
}
