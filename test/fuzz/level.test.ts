// Fuzzing the level loader: the shipped levels, mutated (keys dropped or
// renamed, values of the wrong type, indentation broken, lines duplicated
// or deleted, junk inserted), must load as a level or fail with a
// LevelError whose every line reads `FILE:LINE: field: message` (or
// `FILE:LINE: YAML: message` for a file that is not YAML), never a raw
// exception. Those that still load start a game that runs a few ticks.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { LevelError, parseLevel, type Level } from '../../src/game/level-load';
import { Game, LevelRunError } from '../../src/game/game';
import { CompileError } from '../../src/lang/abi';
import { parseChallenge } from '../../src/net/challenge-load';
import { int, junk, mutate, pick, rng, scaled, seedFor, type Rng, timeoutMs } from './mutate';

const LEVELS_DIR = path.join(__dirname, '../../levels');
const LEVELS = readdirSync(LEVELS_DIR)
  .filter((f) => f.endsWith('.yaml'))
  .map((f) => ({ file: `levels/${f}`, text: readFileSync(path.join(LEVELS_DIR, f), 'utf8') }));

const CASES = scaled(600);
const GAMES = scaled(15); // mutants that load, played for a few ticks
const TICKS = 20;

/** A level's program sources, read from the levels folder as the CLI does (null: no such file). */
function readSource(rel: string): string | null {
  try {
    return readFileSync(path.join(LEVELS_DIR, rel), 'utf8');
  } catch {
    return null;
  }
}

const WRONG_VALUES = [
  '', '~', 'null', 'true', 'false', '-1', '0', '1e999', '-0.5', '"text"', "'x'", '[]', '{}', '[1, 2]', '{ a: 1 }', '[[[]]]', '0x10', '.nan', '.inf',
  '*nope', '&a x', '!!binary aGk=', '!!str', '!custom x', '|', '>', '? x', '@x', '`x', 'NaN', '99999999999999999999999', '2026-01-01', '"unterminated', '- a',
  '{ not: { not: { alive: x } } }', '{ all: [] }', '{ output: { matches: "(" } }', '{ tasks: { count: { gt: "x" } } }', 'R', 'Q',
];

/** A YAML-aware edit: drop, duplicate or re-indent a line, swap a value for one of the wrong type, rename a key. */
function mutateYaml(r: Rng, text: string): string {
  const lines = text.split('\n');
  const i = int(r, lines.length);
  const l = lines[i];
  switch (int(r, 7)) {
    case 0:
      lines.splice(i, 1); // a key (or list item, or text line) dropped
      break;
    case 1:
      lines.splice(i, 0, l); // a duplicated key
      break;
    case 2: {
      const indent = /^ */.exec(l)![0].length;
      const d = pick(r, [-4, -2, -1, 1, 2, 3]);
      lines[i] = int(r, 6) === 0 ? `\t${l}` : ' '.repeat(Math.max(0, indent + d)) + l.trimStart();
      break;
    }
    case 3:
    case 4: {
      const m = /^(\s*(?:- )?[\w-]+:)(.*)$/.exec(l);
      if (m) lines[i] = `${m[1]} ${pick(r, WRONG_VALUES)}`;
      else lines[i] = `${l.replace(/\S.*$/, '')}${pick(r, WRONG_VALUES)}`;
      break;
    }
    case 5: {
      const m = /^(\s*(?:- )?)([\w-]+)(:.*)$/.exec(l);
      if (m) lines[i] = m[1] + pick(r, [m[2] + 's', m[2].slice(1), m[2].toUpperCase(), 'text', 'name', 'goal', 'id', junk(r, 3)]) + m[3];
      break;
    }
    default:
      lines.splice(i, 0, junk(r, 1 + int(r, 20)));
  }
  return lines.join('\n');
}

const NUMBERS = ['0', '1', '-1', '2', '3', '64', '65', '4097', '2147483648', '1e9', '0.5', '4194304', '32768', '300', '-20', '19', '20'];

/** Values of the right type but the wrong size or meaning: numbers swapped for others, words for other words of the level (labels, states, signals). */
function mutateValues(r: Rng, text: string): string {
  const words = [...new Set([...text.matchAll(/:\s+([\w/.{}:-]+)\s*$/gm)].map((m) => m[1]))];
  return text.replace(/(:\s*\[?\s*|- )(-?\d[\d_.e]*|[A-Za-z][\w./-]*)/g, (m, pre: string, v: string) => {
    if (r() > 0.03) return m;
    if (/^-?\d/.test(v)) return pre + pick(r, NUMBERS);
    return pre + pick(r, [...words, 'R', 'S', 'Z', 'T', 'init', 'shell', 'kthreadd', 'x', 'SIGKILL', 'SIGSTOP', '9', 'true']);
  });
}

/** 1-3 edits, YAML-aware or plain (tokens, characters, truncation), or values swapped throughout. */
function mutant(r: Rng, text: string): string {
  if (int(r, 4) === 0) return mutateValues(r, text);
  let s = text;
  const n = 1 + int(r, 3);
  for (let k = 0; k < n; k++) s = int(r, 3) ? mutateYaml(r, s) : mutate(r, s);
  return s;
}

// A field path (keys may be the level's own: `events.cpu 3`, `events.type:x` from a flow map missing its space), or a message that names the field itself (an unknown top-level key) or the whole file.
const LINE = /^levels\/[\w-]+\.yaml:(\d+): (?:YAML: \S|.+?: \S|unknown fields? "|a level file is a YAML mapping)/;

/** What loading gave: the level, or the LevelError; anything else fails the test with the input. */
function load(text: string, file: string): Level | LevelError {
  try {
    return parseLevel(text, file, readSource);
  } catch (e) {
    if (e instanceof LevelError) return e;
    throw new Error(`parseLevel threw ${String(e)} for:\n${text}`, { cause: e });
  }
}

/** Every problem names the file, a line inside it, and a field (or says the YAML itself is broken). */
function expectLocated(e: LevelError, text: string, file: string): void {
  const lines = text.split('\n').length;
  expect(e.issues.length).toBeGreaterThan(0);
  for (const issue of e.issues) {
    expect(issue.file).toBe(file);
    expect(issue.line).toBeGreaterThanOrEqual(1);
    expect(issue.line).toBeLessThanOrEqual(lines + 1);
    expect(issue.message.trim()).not.toBe('');
  }
  for (const l of e.message.split('\n')) expect(l, `${l}\n--- in ---\n${text}`).toMatch(LINE);
}

/** Starts a game on a level that loaded and runs a few ticks: a problem found only now is a LevelRunError or a CompileError, not a crash. */
function play(level: Level, seed: string): void {
  let g: Game;
  try {
    g = new Game(level, seed);
  } catch (e) {
    if (e instanceof LevelRunError || e instanceof CompileError) return;
    throw e;
  }
  g.exec(`tick ${TICKS}`);
  g.exec('ps');
  g.exec('hint');
  g.checklist();
  g.score();
}

describe('fuzz: loading mutated levels', () => {
  it(`${CASES} mutants load or give FILE:LINE: field: message; ${GAMES} that load start a game`, { timeout: timeoutMs() }, () => {
    const r = rng(seedFor('kernlab-fuzz-level-1'));
    let loaded = 0;
    let refused = 0;
    let played = 0;
    for (let i = 0; i < CASES; i++) {
      const base = pick(r, LEVELS);
      const text = mutant(r, base.text);
      const out = load(text, base.file);
      if (out instanceof LevelError) {
        refused++;
        expectLocated(out, text, base.file);
        continue;
      }
      loaded++;
      if (played < GAMES && int(r, 3) === 0) {
        played++;
        try {
          play(out, `fuzz-${i}`);
        } catch (e) {
          throw new Error(`case ${i} (${base.file}): the game threw ${String(e)} for:\n${text}`, { cause: e });
        }
      }
    }
    expect(loaded).toBeGreaterThan(CASES / 10);
    expect(refused).toBeGreaterThan(CASES / 10);
    expect(played).toBe(GAMES);
  });

  it('random bytes are refused with a located error', () => {
    const r = rng(seedFor('kernlab-fuzz-level-bytes'));
    for (let i = 0; i < scaled(300); i++) {
      let text = '';
      const n = int(r, 300);
      for (let j = 0; j < n; j++) text += String.fromCharCode(int(r, 256));
      const out = load(text, 'levels/junk.yaml');
      expect(out).toBeInstanceOf(LevelError);
      expectLocated(out as LevelError, text, 'levels/junk.yaml');
    }
  });
});

describe('level-loader bugs the fuzzer found', () => {
  const first = LEVELS.find((l) => l.file === 'levels/first-contact.yaml')!;
  // Lines in a shipped level are counted, not written in: its briefing changes.
  const lineOf = (text: string, part: string): number => {
    const line = text.split('\n').findIndex((l) => l.includes(part)) + 1;
    expect(line).toBeGreaterThan(0);
    return line;
  };

  it('an alias with no anchor is a located YAML error (toJS threw a raw ReferenceError)', () => {
    const text = first.text.replace('difficulty: 1', 'difficulty: *nope');
    const e = load(text, first.file) as LevelError;
    expect(e).toBeInstanceOf(LevelError);
    expect(e.message).toBe(`levels/first-contact.yaml:${lineOf(text, 'difficulty: *nope')}: YAML: Unresolved alias (the anchor must be set before the alias): nope`);
  });

  it('an alias bomb is refused as YAML, not expanded (a raw ReferenceError)', () => {
    const bomb = 'a: &a [x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: [*c,*c,*c,*c,*c,*c,*c,*c,*c]\n';
    const e = load(bomb, 'levels/bomb.yaml') as LevelError;
    expect(e).toBeInstanceOf(LevelError);
    expect(e.message).toMatch(/^levels\/bomb\.yaml:2: YAML: Excessive alias count/);
  });

  it('a goal regex that does not compile is refused at load (the game threw a SyntaxError at its first check)', () => {
    const z = LEVELS.find((l) => l.file === 'levels/zombie-orphans.yaml')!;
    const text = z.text.replace('  all:\n    - no_tasks: { state: Z }', '  all:\n    - output: { matches: "(" }\n    - no_tasks: { state: Z }');
    expect((load(text, z.file) as LevelError).message).toBe(
      `levels/zombie-orphans.yaml:${lineOf(text, '- output: { matches: "(" }')}: goal.all[0].output.matches: not a valid regular expression: Invalid regular expression: /(/m: Unterminated group`,
    );
  });

  it('a setup step or a program due at or after the time limit is refused (the setup ran to tick 1e9: the game never started)', () => {
    const gs = LEVELS.find((l) => l.file === 'levels/graceful-stop.yaml')!;
    const text = gs.text.replace('- { at: 200 }', '- { at: 1e9 }');
    expect((load(text, gs.file) as LevelError).message).toBe(
      `levels/graceful-stop.yaml:${lineOf(text, '- { at: 1e9 }')}: setup[0].at: tick 1000000000 is not before the time limit (machine.time_limit: 30000)`,
    );
  });

  it('a file that is not a mapping says what a level file is (it said only "expected object, received string")', () => {
    expect((load('just some text\n', 'levels/t.yaml') as LevelError).message).toBe(
      'levels/t.yaml:1: a level file is a YAML mapping of fields (id: ..., title: ...); found a string',
    );
    expect((load('- a\n- b\n', 'levels/t.yaml') as LevelError).message).toMatch(/found a list$/);
  });
});

describe('challenge files share the fix', () => {
  it('an alias with no anchor in a challenge file is a located YAML error (a raw ReferenceError)', () => {
    expect(() => parseChallenge('title: T\nduration: 10m\nlevels: *nope\n', 'c.yaml', () => 'no such level')).toThrow(
      new LevelError([{ file: 'c.yaml', line: 3, field: '', message: 'YAML: Unresolved alias (the anchor must be set before the alias): nope' }]),
    );
  });
});
