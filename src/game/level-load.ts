// Reading a level file: YAML → schema check → program sources. Every error
// names the file, the line and the field ("levels/x.yaml:12: goal.all[0]:
// ..."), so a teacher can fix a level without guessing.

import { isMap, isPair, isScalar, LineCounter, parseDocument, visit, type Document } from 'yaml';
import type { core } from 'zod';

type ZodIssue = core.$ZodIssue;
import { FIELD_NAMES, fieldsAt, LevelSchema, type LevelSpec } from './level-schema';
import { parsedLevelData } from './level-data-cache';
import { plural } from './plural';

export interface LevelIssue {
  file: string;
  line: number; // 1-based
  field: string; // dotted path, e.g. "programs[0].file"
  message: string;
}

export class LevelError extends Error {
  override readonly name = 'LevelError';
  constructor(readonly issues: LevelIssue[]) {
    super(issues.map((i) => `${i.file}:${i.line}: ${i.field ? i.field + ': ' : ''}${i.message}`).join('\n'));
  }
}

export interface Level {
  spec: LevelSpec;
  file: string; // where it was read from (for messages)
  /** Program sources by their `file` value. */
  sources: Map<string, string>;
  /** The line in `file` of the field at a path (for problems found after parsing), if known. */
  lineOf?: (path: readonly PropertyKey[]) => number;
  /** A lab (lab.ts): no goal decides it, no score is kept; `run FILE.c` reads the student's files through readFile. */
  lab?: { readFile?: (path: string) => string | null; listFiles?: () => string[]; debugChecks?: boolean };
}

/** "goal.all[0].tasks" from ['goal', 'all', 0, 'tasks']. */
export function fieldName(path: readonly PropertyKey[]): string {
  let s = '';
  for (const p of path) s += typeof p === 'number' ? `[${p}]` : s ? `.${String(p)}` : String(p);
  return s;
}

/** The line of the node at `path`, or of its nearest existing ancestor. */
function lineAt(doc: Document, lc: LineCounter, path: readonly PropertyKey[], key?: string): number {
  for (let n = path.length; n >= 0; n--) {
    const node = doc.getIn(path.slice(0, n) as unknown[], true) as { range?: [number, number, number] } | undefined;
    if (node && node.range) {
      if (key && n === path.length && isMap(node)) {
        const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && p.key.value === key);
        const k = pair && isScalar(pair.key) ? pair.key : null;
        if (k?.range) return lc.linePos(k.range[0]).line;
      }
      return lc.linePos(node.range[0]).line;
    }
  }
  return 1;
}

/** The line of the alias that cannot be resolved (`*name` with no `&name` before it), else of the first alias. */
function aliasLine(doc: Document, lc: LineCounter): number {
  let first = 0;
  let bad = 0;
  visit(doc, {
    Alias(_, node) {
      const line = node.range ? lc.linePos(node.range[0]).line : 1;
      if (!first) first = line;
      if (!node.resolve(doc)) {
        bad = line;
        return visit.BREAK;
      }
      return undefined;
    },
  });
  return bad || first || 1;
}

/**
 * The parsed YAML as plain data. Aliases are resolved only now: `*name`
 * with no anchor, or an alias bomb (yaml's maxAliasCount), throws a
 * ReferenceError that is not in doc.errors: a LevelError at the alias.
 */
export function documentData(doc: Document, lc: LineCounter, file: string): unknown {
  try {
    return doc.toJS();
  } catch (e) {
    throw new LevelError([{ file, line: aliasLine(doc, lc), field: '', message: `YAML: ${(e as Error).message}` }]);
  }
}

/**
 * A union (the goal predicates) reports every alternative's complaints.
 * Keep the alternative whose key the level actually used (the others
 * complain about that key, or about their own key missing), and go on
 * into it, so the error points at the real mistake.
 */
function flattenUnions(issues: readonly ZodIssue[], prefix: PropertyKey[], colonText: (path: readonly PropertyKey[]) => boolean = () => false): ZodIssue[] {
  const out: ZodIssue[] = [];
  for (const issue of issues) {
    const path = [...prefix, ...issue.path];
    if (issue.code !== 'invalid_union' || !issue.errors.length) {
      out.push({ ...issue, path } as ZodIssue);
      continue;
    }
    const wrongKind = (branch: readonly ZodIssue[]) =>
      branch.some(
        (i) => (i.code === 'unrecognized_keys' && i.path.length === 0) || (i.code === 'invalid_type' && i.path.length === 1 && /received undefined/.test(i.message)),
      );
    // A value of a type no alternative takes (count: "one"): the union's own
    // message, which says every form it takes, not the first alternative's.
    if (issue.errors.every((b) => b.every((i) => i.code === 'invalid_type' && i.path.length === 0))) {
      out.push({ ...issue, path } as ZodIssue);
      continue;
    }
    const fitting = issue.errors.filter((b) => !wrongKind(b));
    // A mapping given where text or a mapping goes (a hint's { txt: ... }):
    // the alternatives that take a mapping say what is wrong with it.
    const rightType = issue.errors.filter((b) => !b.some((i) => i.code === 'invalid_type' && i.path.length === 0));
    // Unless it is `Look: here`, text YAML split at its ": ": then the text alternative.
    const textBranch = colonText(path) ? issue.errors.find((b) => b.some((i) => i.code === 'invalid_type' && i.path.length === 0 && i.expected === 'string')) : undefined;
    const pick = textBranch ?? fitting.find((b) => rightType.includes(b)) ?? [...rightType].sort((a, b) => a.length - b.length)[0] ?? fitting[0];
    if (pick) out.push(...flattenUnions(pick, path, colonText));
    else out.push({ ...issue, path } as ZodIssue);
  }
  return out;
}

/** The value at `path` in the parsed YAML (undefined if absent). */
function valueAt(data: unknown, path: readonly PropertyKey[]): unknown {
  let v = data;
  for (const p of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<PropertyKey, unknown>)[p];
  }
  return v;
}

/** Edits (insert, delete, replace, swap two neighbours) from a to b. */
function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...new Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0][j] = j;
  for (let i = 1; i <= a.length; i++)
    for (let j = 1; j <= b.length; j++) {
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  return d[a.length][b.length];
}

/**
 * The known name a typo most likely meant ("dificulty" → "difficulty",
 * "goal-text" → "goal_text"), or undefined when none is close: at most one
 * edit for short names, two for longer ones, and only one name that close.
 */
export function closestName(word: string, known: Iterable<string>): string | undefined {
  const norm = (x: string) => x.toLowerCase().replace(/-/g, '_'); // goal-text and goal_text are one edit from nothing
  const w = norm(word);
  const limit = w.length <= 4 ? 1 : 2;
  let best: string | undefined;
  let bestD = limit + 1;
  let tie = false;
  for (const k of known) {
    const dist = editDistance(w, norm(k));
    if (dist < bestD) [best, bestD, tie] = [k, dist, false];
    else if (dist === bestD) tie = true;
  }
  return best !== undefined && !tie && best !== word ? best : undefined;
}

/** ' (did you mean "x"?)' for a field name close to one that goes there (any the format knows, if that is not known), else ''. */
function didYouMean(word: string, known: Iterable<string> = FIELD_NAMES): string {
  const k = closestName(word, known);
  return k ? ` (did you mean "${k}"?)` : '';
}

/** A value as a message shows it: `"Z"`, `3`, `{ name: batch }`, `a list`. */
function shown(v: unknown): string {
  if (Array.isArray(v)) return 'a list';
  if (v && typeof v === 'object') return `{ ${Object.entries(v).map(([k, x]) => `${k}: ${typeof x === 'object' && x !== null ? '...' : String(x)}`).join(', ')} }`;
  return JSON.stringify(v) ?? String(v);
}

/** `Look: here` unquoted in YAML: a one-field mapping whose value is plain text, not the text it was meant as. */
function isColonText(v: unknown): v is Record<string, unknown> {
  if (!v || typeof v !== 'object' || Array.isArray(v)) return false;
  const entries = Object.entries(v);
  return entries.length === 1 && (typeof entries[0][1] === 'string' || typeof entries[0][1] === 'number' || entries[0][1] === null);
}

/** zod's message for an issue, in the words of the level guide ("missing", "must be at most 5"). */
function describeIssue(issue: ZodIssue, data: unknown, written: { flow: boolean } = { flow: false }): string {
  const found = valueAt(data, issue.path);
  switch (issue.code) {
    case 'invalid_type':
      // The whole document (no field to name): say what a level file is.
      if (issue.path.length === 0) return `a level file is a YAML mapping of fields (id: ..., title: ...); found ${found === null ? 'nothing' : Array.isArray(found) ? 'a list' : `a ${typeof found}`}`;
      if (found === undefined) return 'missing (this field is required)';
      if (issue.expected === 'string' && !written.flow && isColonText(found)) {
        const [k, v] = Object.entries(found)[0];
        return `expected text, but YAML read "${k}: ${String(v)}" as a field and its value, because of the ": " in it: put the whole text in quotes`;
      }
      // The schema's own words (a task filter, an exited), else the type it takes; and what was there.
      if (issue.message && !issue.message.startsWith('Invalid input')) return `${issue.message} (found ${shown(found)})`;
      return `expected ${issue.expected === 'object' ? 'a mapping ({ field: value, ... })' : issue.expected === 'string' ? 'text' : issue.expected}, found ${shown(found)}`;
    case 'invalid_value':
      return `${issue.message.replace(/^Invalid option: /, '')} (found ${shown(found)})`;
    case 'unrecognized_keys':
    {
      // The field a typo most likely meant, else (when few) the fields that go there.
      const here = fieldsAt(issue.path, data);
      const list = here && here.length <= 12 ? ` (fields here: ${here.join(', ')})` : '';
      return `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"${didYouMean(k, here) || list}`).join(', ')}`;
    }
    case 'invalid_union': {
      if (found === undefined) return 'missing (this field is required)';
      // The union's own words when it has them (level-schema.ts), else the types it takes.
      if (issue.message && issue.message !== 'Invalid input') return `${issue.message} (found ${JSON.stringify(found)})`;
      const types = issue.errors.flat().flatMap((i) => (i.code === 'invalid_type' && i.path.length === 0 ? [i.expected] : []));
      if (types.length === issue.errors.length) return `expected ${[...new Set(types)].join(' or ')} (found ${JSON.stringify(found)})`;
      return 'does not match any accepted form (check the field names and types)';
    }
    case 'too_big':
    case 'too_small': {
      const big = issue.code === 'too_big';
      const limit = Number(big ? issue.maximum : issue.minimum);
      const bound = big ? 'at most' : 'at least';
      if (issue.origin === 'array') return `needs ${bound} ${plural(limit, 'item')}${Array.isArray(found) ? ` (found ${found.length})` : ''}`;
      if (issue.origin === 'string') return limit === 1 && !big ? 'must not be empty' : `needs ${bound} ${plural(limit, 'character')}`;
      return `must be ${bound} ${limit}${found !== undefined ? ` (found ${JSON.stringify(found)})` : ''}`;
    }
    default:
      return issue.message.replace(/^Invalid input: /, '').replace(/^Invalid option: /, '');
  }
}

/**
 * What a teacher most likely did, for the YAML parser's words that do not
 * say it: a text holding ": " left without quotes, or a line indented to
 * another column than the fields beside it.
 */
function yamlAdvice(said: string, lineText: string): string {
  const indentation = /same column|without - indicator|Nested mappings are not allowed|Implicit keys need to be on a single line|block sequence may not be used as an implicit map key|must be sufficiently indented/;
  if (!indentation.test(said)) return '';
  // `goal_text: Do this: then that`: a second ": " in a plain value.
  const value = /^\s*(?:-\s+)?[\w-]+:\s+(.*)$/.exec(lineText)?.[1] ?? '';
  if (/^[^"'{[|>].*:\s/.test(value)) return ' (a text holding ": " must be put in quotes: "...")';
  return ' (check the indentation of this line and the next: the fields of one mapping, or of one list item, start in the same column, indented with spaces)';
}

/** The YAML document of a level file with its line counter; throws LevelError on a YAML syntax error. */
function readYaml(text: string, file: string): { doc: Document; lc: LineCounter } {
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc, prettyErrors: true });
  if (doc.errors.length) throw new LevelError(yamlIssues(doc, text, file));
  return { doc, lc };
}

/** A document's YAML syntax errors as issues, one per line, with advice (a level's or a challenge's). */
export function yamlIssues(doc: Document, text: string, file: string): LevelIssue[] {
  const lines = text.split('\n');
  const issues: LevelIssue[] = [];
  for (const e of doc.errors) {
    const line = e.linePos?.[0].line ?? 1;
    // One mistake often makes several errors on one line: the first says most.
    if (issues.some((i) => i.line === line)) continue;
    const said = e.message.split('\n')[0].replace(/ at line \d+, column \d+:$/, '');
    issues.push({ file, line, field: '', message: `YAML: ${said}${yamlAdvice(said, lines[line - 1] ?? '')}` });
  }
  return issues;
}

/** A challenge file's fields (src/net/challenge-schema.ts): the four required first. */
const CHALLENGE_FIELDS = ['title', 'duration', 'levels', 'seed', 'scoring', 'speed'];

/**
 * Data that is no level (no id, no goal) and whose every field is a
 * challenge's or close to one ("level:" for "levels:"): a challenge file
 * with a typo. Its missing required fields and its unknown ones.
 */
function challengeLookalike(data: unknown): { missing: string[]; unknown: string[] } | null {
  if (!data || typeof data !== 'object' || Array.isArray(data) || 'id' in data || 'goal' in data) return null;
  const keys = Object.keys(data);
  const known = keys.filter((k) => CHALLENGE_FIELDS.includes(k));
  const unknown = keys.filter((k) => !CHALLENGE_FIELDS.includes(k));
  if (!known.some((k) => k !== 'title') || unknown.some((k) => !closestName(k, CHALLENGE_FIELDS))) return null;
  return { missing: CHALLENGE_FIELDS.slice(0, 4).filter((k) => !keys.includes(k)), unknown };
}

/**
 * Parses a level. `readSource(file)` returns a program's source (path
 * relative to the level file's folder), or null if it does not exist. Throws LevelError
 * with every problem found. `built(text)` is the data the build parsed this
 * very text to, if it did (level-data-cache.ts); tests pass their own.
 */
export function parseLevel(
  text: string,
  file: string,
  readSource: (rel: string) => string | null,
  built: (text: string) => unknown = parsedLevelData,
): Level {
  // A program given where a level goes (`kernlab run prog.c`): YAML would
  // complain about every line of it.
  if (/\.[ch]$/.test(file))
    throw new LevelError([{ file, line: 1, field: '', message: 'a C program, not a level file (a .yaml): run it with `kernlab exec FILE.c`, or name it in a level\'s `programs` (docs/levels.md)' }]);
  // The YAML document is needed for its data, unless the build parsed this
  // very text, and for the line of a problem found later: read it at most once.
  let source: { doc: Document; lc: LineCounter } | undefined;
  const yamlSource = () => (source ??= readYaml(text, file));
  const lineOf = (path: readonly PropertyKey[], key?: string) => {
    const { doc, lc } = yamlSource();
    return lineAt(doc, lc, path, key);
  };
  // Whether the value at a path was written `{ ... }` (meant as a mapping), not `a: b` text.
  const writtenAsFlow = (path: readonly PropertyKey[]) => {
    const node = yamlSource().doc.getIn(path as unknown[], true);
    return isMap(node) && !!node.flow;
  };
  let data = built(text);
  if (data === undefined) {
    const { doc, lc } = yamlSource();
    data = documentData(doc, lc, file);
  }
  const challenge = challengeLookalike(data);
  if (challenge) {
    // `kernlab validate` tells the two kinds of file apart by the challenge's
    // fields: with one misspelt, a challenge came here and got a level's
    // dozen "missing" lines. Say what it is and which field is wrong.
    throw new LevelError([
      { file, line: 1, field: '', message: `this looks like a challenge file, but a challenge needs title, duration, levels and seed (docs/classroom.md)${challenge.missing.length ? `; missing: ${challenge.missing.join(', ')}` : ''}` },
      ...challenge.unknown.map((key) => {
        const k = closestName(key, CHALLENGE_FIELDS);
        return { file, line: lineOf([], key), field: '', message: `unknown field "${key}"${k ? ` (did you mean "${k}"?)` : ''}` };
      }),
    ]);
  }
  const parsed = LevelSchema.safeParse(data);
  if (!parsed.success) {
    const issues: LevelIssue[] = [];
    const colonText = (path: readonly PropertyKey[]) => isColonText(valueAt(data, path)) && !writtenAsFlow(path);
    for (const issue of flattenUnions(parsed.error.issues, [], colonText)) {
      // Each unknown field on its own line, where it is.
      if (issue.code === 'unrecognized_keys') {
        for (const key of issue.keys) issues.push({ file, line: lineOf(issue.path, key), field: fieldName(issue.path), message: describeIssue({ ...issue, keys: [key] }, data) });
        continue;
      }
      issues.push({ file, line: lineOf(issue.path), field: fieldName(issue.path), message: describeIssue(issue, data, { flow: writtenAsFlow(issue.path) }) });
    }
    throw new LevelError(issues);
  }
  const spec = parsed.data;
  const issues: LevelIssue[] = [];
  const at = (path: PropertyKey[], message: string) => issues.push({ file, line: lineOf(path), field: fieldName(path), message });
  const labels = new Set<string>();
  const sources = new Map<string, string>();
  const load = (path: PropertyKey[], rel: string) => {
    if (sources.has(rel)) return;
    const src = readSource(rel);
    if (src === null) at(path, `no such program file "${rel}" (paths are relative to the level file's folder)`);
    else sources.set(rel, src);
  };
  spec.programs.forEach((p, i) => {
    if (labels.has(p.name)) at(['programs', i, 'name'], `the label "${p.name}" is used twice`);
    if (!['shell', 'init'].includes(p.parent) && !labels.has(p.parent))
      at(['programs', i, 'parent'], `"${p.parent}" is not shell, init, or a program listed before this one`);
    labels.add(p.name);
    load(['programs', i, 'file'], p.file);
  });
  spec.kthreads.forEach((t, i) => {
    if (labels.has(t.name)) at(['kthreads', i, 'name'], `the label "${t.name}" is used twice`);
    labels.add(t.name);
    load(['kthreads', i, 'file'], t.file);
  });
  // The game runs its setup (and starts late programs) before the player's
  // first command, without stopping at the time limit: a tick past it left
  // the game running for ever ({ at: 1e9 }).
  const limit = spec.machine.time_limit;
  spec.setup.forEach((step, i) => {
    if (typeof step !== 'string' && step.at >= limit) at(['setup', i, 'at'], `tick ${step.at} is not before the time limit (machine.time_limit: ${limit})`);
  });
  spec.programs.forEach((p, i) => {
    if (p.at >= limit) at(['programs', i, 'at'], `tick ${p.at} is not before the time limit (machine.time_limit: ${limit})`);
  });
  if (spec.machine.first_pid && spec.machine.first_pid[0] > spec.machine.first_pid[1])
    at(['machine', 'first_pid'], 'the range must be [low, high]');
  if (issues.length) throw new LevelError(issues);
  return { spec, file, sources, lineOf };
}
