// Reading a challenge file: YAML → schema check → levels. Every error names
// the file, the line and the field ("demo.yaml:4: levels[2]: no level
// ..."), as level files do (src/game/level-load.ts), so a teacher can fix a
// challenge without guessing.

import { createHash } from 'node:crypto';
import { isMap, isPair, isScalar, LineCounter, parseDocument, type Document } from 'yaml';
import { closestName, documentData, fieldName, LevelError, yamlIssues, type Level, type LevelIssue } from '../game/level-load';
import { staticProblems } from '../game/validate';
import { DEFAULT_SPEED } from '../ui/driver';
import { ChallengeSchema, parseDuration, type ChallengeSpec } from './challenge-schema';
import type { SeedPolicy } from './seed-policy';

/** A challenge ready to serve. */
export interface Challenge {
  spec: ChallengeSpec; // the file as parsed
  file: string; // where it was read from (for messages)
  title: string; // spec.title
  durationMs: number; // time on the clock at the start
  levels: Level[]; // in play order
  seed: SeedPolicy; // how students' seeds are chosen
  speed: number; // start speed of each level (x real time)
  hash: string; // sha256 over the challenge and every level it plays (a restart must match)
}

/**
 * Finds a level named in a challenge: a shipped level's id, or a level
 * file relative to the challenge's folder. Returns the level, a message
 * saying why not, or throws LevelError for a broken level file.
 */
export type LevelResolver = (name: string) => Level | string;

/** The line of the node at `path` (or its key), or of its nearest existing ancestor. */
function lineOf(doc: Document, lc: LineCounter, path: readonly PropertyKey[], key?: string): number {
  for (let n = path.length; n >= 0; n--) {
    const node = doc.getIn(path.slice(0, n) as unknown[], true) as { range?: [number, number, number] } | undefined;
    if (!node?.range) continue;
    if (key && n === path.length && isMap(node)) {
      const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && p.key.value === key);
      if (pair && isScalar(pair.key) && pair.key.range) return lc.linePos(pair.key.range[0]).line;
    }
    return lc.linePos(node.range[0]).line;
  }
  return 1;
}

/** A challenge file's fields, and those of its `seed`. */
const CHALLENGE_FIELDS = Object.keys(ChallengeSchema.shape);
const SEED_FIELDS = ['shared', 'per-student'];

/** ' (did you mean "x"?)' for a name close to one of `known`, else ''. */
function didYouMean(word: string, known: readonly string[]): string {
  const k = closestName(word, known);
  return k ? ` (did you mean "${k}"?)` : '';
}

/** The value at `path` in the parsed YAML (undefined if absent). */
function valueAt(data: unknown, path: readonly PropertyKey[]): unknown {
  let v = data;
  for (const p of path) v = v !== null && typeof v === 'object' ? (v as Record<PropertyKey, unknown>)[p] : undefined;
  return v;
}

/** What a wrong `seed:` held: `per_student: x` said as the field it most likely meant. */
function seedFound(v: unknown): string {
  if (v === undefined) return '';
  if (v && typeof v === 'object' && !Array.isArray(v)) {
    const wrong = Object.keys(v).filter((k) => !SEED_FIELDS.includes(k));
    return wrong.length ? `; found ${wrong.map((k) => `"${k}"${didYouMean(k, SEED_FIELDS)}`).join(', ')}` : Object.keys(v).length > 1 ? '; found both: give one' : '';
  }
  return ` (found ${JSON.stringify(v)})`;
}

/** The level names of a `levels:` the schema refused (null where one is not a name). */
function levelNames(v: unknown): Array<string | null> {
  return Array.isArray(v) ? v.map((x) => (typeof x === 'string' && x ? x : null)) : [];
}

/** A validate problem line ("FILE:LINE: field: message") as an issue that prints the same. */
function problemIssue(line: string, file: string): LevelIssue {
  const m = /^(.*?):(\d+): (.*)$/s.exec(line);
  if (m) return { file: m[1], line: Number(m[2]), field: '', message: m[3] };
  return { file, line: 1, field: '', message: line.startsWith(file + ': ') ? line.slice(file.length + 2) : line };
}

/**
 * Parses a challenge and resolves its levels. Throws LevelError listing
 * every problem found (file:line: field: message), including the errors
 * of broken level files it names.
 */
export function parseChallenge(text: string, file: string, resolve: LevelResolver): Challenge {
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc, prettyErrors: true });
  if (doc.errors.length) throw new LevelError(yamlIssues(doc, text, file));
  const data = documentData(doc, lc, file);
  const parsed = ChallengeSchema.safeParse(data);
  const issues: LevelIssue[] = [];
  if (!parsed.success) {
    issues.push(...parsed.error.issues.map((i) => {
      const key = i.code === 'unrecognized_keys' ? i.keys[0] : undefined;
      let message = i.message.replace(/^Invalid input: /, '');
      if (i.code === 'too_small' && i.origin === 'array') message = `needs at least ${Number(i.minimum)} (found none)`;
      if (i.code === 'too_big' && i.origin === 'array') message = `at most ${Number(i.maximum)}`;
      if (i.code === 'unrecognized_keys') message = `unknown field${i.keys.length > 1 ? 's' : ''} ${i.keys.map((k) => `"${k}"${didYouMean(k, CHALLENGE_FIELDS)}`).join(', ')}`;
      if (i.code === 'invalid_type' && valueAt(data, i.path) === undefined) message = 'missing (this field is required)';
      if (i.code === 'invalid_union' && i.path[0] === 'seed') message = `give { shared: SEED } or { per-student: SEED }${seedFound(valueAt(data, i.path))}`;
      return { file, line: lineOf(doc, lc, i.path, key), field: fieldName(i.path), message };
    }));
  }
  // The levels are checked even when another field is wrong: every problem
  // at once, not a misspelt level after the `scoring:` is fixed.
  const names = parsed.success ? parsed.data.levels : levelNames(valueAt(data, ['levels']));
  const levels: Level[] = [];
  names.forEach((name, i) => {
    if (name === null) return; // not a string: the schema said so
    const at = (message: string): void => {
      issues.push({ file, line: lineOf(doc, lc, ['levels', i]), field: `levels[${i}]`, message });
    };
    let level: Level | string;
    try {
      level = resolve(name);
    } catch (e) {
      if (e instanceof LevelError) {
        at(`level "${name}" is broken:`);
        issues.push(...e.issues);
        return;
      }
      throw e;
    }
    if (typeof level === 'string') return at(level);
    if (levels.some((l) => l.spec.id === level.spec.id)) return at(`level "${level.spec.id}" is listed twice`);
    // A program that does not compile would break each student's game when
    // they reach the level: refuse it now, with validate's messages.
    const problems = staticProblems(level);
    if (problems.length) {
      at(`level "${level.spec.id}" is broken (kernlab validate ${level.file} checks it all):`);
      issues.push(...problems.map((p) => problemIssue(p, level.file)));
      return;
    }
    levels.push(level);
  });
  if (issues.length || !parsed.success) throw new LevelError(issues);
  const spec = parsed.data;
  const seed: SeedPolicy = 'shared' in spec.seed ? { kind: 'shared', seed: spec.seed.shared } : { kind: 'per-student', seed: spec.seed['per-student'] };
  return {
    spec,
    file,
    title: spec.title,
    durationMs: parseDuration(spec.duration)!,
    levels,
    seed,
    speed: spec.speed ?? DEFAULT_SPEED,
    hash: challengeHash(text, levels),
  };
}

/** Level fields that are only read, never played: editing them changes no replay. */
const PROSE = new Set(['title', 'topic', 'briefing', 'goal_text', 'debrief']);

/**
 * What makes two challenges the same: the challenge text and, for every
 * level, what decides how it plays and scores — its spec without the prose,
 * and its program sources (a level edited between a crash and the restart
 * would replay differently).
 */
export function challengeHash(text: string, levels: readonly Level[]): string {
  const h = createHash('sha256');
  h.update(text);
  for (const l of levels) {
    const played = Object.fromEntries(Object.entries(l.spec).filter(([k]) => !PROSE.has(k)));
    h.update('\u0000level\u0000' + JSON.stringify(played));
    for (const [name, src] of [...l.sources].sort(([a], [b]) => a.localeCompare(b))) h.update(`\u0000${name}\u0000${src}`);
  }
  return h.digest('hex');
}
