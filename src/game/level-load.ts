// Reading a level file: YAML → schema check → program sources. Every error
// names the file, the line and the field ("levels/x.yaml:12: goal.all[0]:
// ..."), so a teacher can fix a level without guessing.

import { isMap, isPair, isScalar, LineCounter, parseDocument, visit, type Document } from 'yaml';
import type { core } from 'zod';

type ZodIssue = core.$ZodIssue;
import { LevelSchema, type LevelSpec } from './level-schema';
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
function flattenUnions(issues: readonly ZodIssue[], prefix: PropertyKey[]): ZodIssue[] {
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
    const fitting = issue.errors.filter((b) => !wrongKind(b));
    if (fitting.length) out.push(...flattenUnions(fitting[0], path));
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

/** zod's message for an issue, in the words of the level guide ("missing", "must be at most 5"). */
function describeIssue(issue: ZodIssue, data: unknown): string {
  const found = valueAt(data, issue.path);
  switch (issue.code) {
    case 'invalid_type':
      // The whole document (no field to name): say what a level file is.
      if (issue.path.length === 0) return `a level file is a YAML mapping of fields (id: ..., title: ...); found ${found === null ? 'nothing' : Array.isArray(found) ? 'a list' : `a ${typeof found}`}`;
      if (found === undefined) return 'missing (this field is required)';
      return issue.message.replace(/^Invalid input: /, '');
    case 'unrecognized_keys':
      return `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')}`;
    case 'invalid_union':
      return 'does not match any accepted form (check the field names and types)';
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

/** The YAML document of a level file with its line counter; throws LevelError on a YAML syntax error. */
function readYaml(text: string, file: string): { doc: Document; lc: LineCounter } {
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc, prettyErrors: true });
  if (doc.errors.length) {
    throw new LevelError(
      doc.errors.map((e) => ({
        file,
        line: e.linePos?.[0].line ?? 1,
        field: '',
        message: `YAML: ${e.message.split('\n')[0].replace(/ at line \d+, column \d+:$/, '')}`,
      })),
    );
  }
  return { doc, lc };
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
  // The YAML document is needed for its data, unless the build parsed this
  // very text, and for the line of a problem found later: read it at most once.
  let source: { doc: Document; lc: LineCounter } | undefined;
  const yamlSource = () => (source ??= readYaml(text, file));
  const lineOf = (path: readonly PropertyKey[], key?: string) => {
    const { doc, lc } = yamlSource();
    return lineAt(doc, lc, path, key);
  };
  let data = built(text);
  if (data === undefined) {
    const { doc, lc } = yamlSource();
    data = documentData(doc, lc, file);
  }
  const parsed = LevelSchema.safeParse(data);
  if (!parsed.success) {
    const issues: LevelIssue[] = [];
    for (const issue of flattenUnions(parsed.error.issues, [])) {
      const key = issue.code === 'unrecognized_keys' ? issue.keys[0] : undefined;
      issues.push({ file, line: lineOf(issue.path, key), field: fieldName(issue.path), message: describeIssue(issue, data) });
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
