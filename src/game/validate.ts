// Checking a level the way `kernlab validate` does: its programs compile,
// its reference solution solves it within par, doing nothing does not
// solve it, and the solution's run log replays to the same score.

import { CompileError } from '../lang/abi';
import { compile } from '../lang/compile';
import { BY_NAME } from '../console/registry';
import { ALWAYS_ALLOWED, consoleAnswer, Game, LevelRunError } from './game';
import { closestName, fieldName, type Level } from './level-load';
import { plural } from './plural';
import { GameView, TEMPLATE } from './view';
import { playScript, replay, solutionSteps } from './replay';
import type { Score } from './score';
import type { EventType, KernelEvent } from '../kernel/events';

export interface Validation {
  ok: boolean;
  problems: string[];
  solution: Score | null;
}

/** How long a do-nothing run is watched: long enough to be sure, bounded for speed. */
export function idleHorizon(level: Level): number {
  return Math.min(level.spec.machine.time_limit, Math.max(3 * level.spec.par.ticks, 5000));
}

/**
 * "FILE:LINE: field" for a path in the level file (the line when the file
 * was parsed here, so it is known), the prefix of every located problem.
 */
function locate(level: Level, path: PropertyKey[]): string {
  return `${level.file}:${level.lineOf ? level.lineOf(path) : 1}: ${fieldName(path)}`;
}

/** The path of the `file:` field that names a program source (the first that does). */
function sourcePath(level: Level, file: string): PropertyKey[] {
  const p = level.spec.programs.findIndex((x) => x.file === file);
  if (p >= 0) return ['programs', p, 'file'];
  const k = level.spec.kthreads.findIndex((x) => x.file === file);
  return k >= 0 ? ['kthreads', k, 'file'] : [];
}

/**
 * Checks a level as `kernlab validate` does. Every problem is one line that
 * starts with the level file, and with its line and field when the problem
 * has a place in the file ("levels/x.yaml:40: solution[1].cmd: ...").
 */
export function validateLevel(level: Level, seed = String(level.spec.machine.seed)): Validation {
  const problems = staticProblems(level);
  if (problems.length) return { ok: false, problems, solution: null };
  const spec = level.spec;

  let solution: Score | null = null;
  try {
    const failedSteps: string[] = [];
    const steps = solutionSteps(spec.solution);
    const g = playScript(level, seed, steps, {}, undefined, (step, r) => {
      if (r.status !== 0) failedSteps.push(`${locate(level, ['solution', step.line - 1])}: \`${step.filled}\` failed at tick ${step.tick}: ${consoleAnswer(r.output) || `exit status ${r.status}`}`);
    });
    solution = g.score();
    if (g.status !== 'solved') {
      const unmet = g.checklist().filter((c) => !c.done).map((c) => c.text);
      const why = g.failReason ? `failed at tick ${g.ticks}: ${g.failReason}` : `${g.status} at tick ${g.ticks}`;
      problems.push(`${locate(level, ['solution'])}: the reference solution does not solve the level (${why})${unmet.length ? `; goal not met: ${unmet.join('; ')}` : ''}`);
      // What went wrong on the way: the steps that failed.
      problems.push(...failedSteps);
    } else {
      if (solution.ticks > spec.par.ticks) problems.push(`${locate(level, ['par', 'ticks'])}: the reference solution takes ${plural(solution.ticks, 'tick')}, over par (${spec.par.ticks})`);
      if (solution.actions > spec.par.commands) problems.push(`${locate(level, ['par', 'commands'])}: the reference solution takes ${plural(solution.actions, 'action')}, over par (${spec.par.commands})`);
      const again = replay(level, g.log()).score();
      if (again.score !== solution.score || again.ticks !== solution.ticks) problems.push(`${level.file}: replaying the solution's log gives ${again.score} points at tick ${again.ticks}, not ${solution.score} at ${solution.ticks}`);
      problems.push(...otherSeedProblems(level, seed, steps));
    }
    const idle = new Game(level, seed);
    idle.advance(idleHorizon(level));
    if (idle.status === 'solved') problems.push(`${locate(level, ['goal'])}: doing nothing solves the level (at tick ${idle.solvedAt})`);
  } catch (e) {
    if (e instanceof LevelRunError) problems.push(`${locate(level, e.path)}: ${e.detail}`);
    else problems.push(`${level.file}: running it failed: ${(e as Error).message}`);
  }
  return { ok: problems.length === 0, problems, solution };
}

/** The seed the reference solution is played with a second time: another machine, as another student's. */
export function otherSeed(seed: string): string {
  return `${seed}-2`;
}

/**
 * A level whose machine varies by seed (first_pid, ASLR, one_of) gives each
 * student other PIDs and addresses, so its solution must name them by
 * template. A number copied from one run ("kill 2762", "answer 0x7f27...")
 * solves it for that seed only: play it again with another.
 */
function otherSeedProblems(level: Level, seed: string, steps: ReturnType<typeof solutionSteps>): string[] {
  const spec = level.spec;
  const varies = spec.machine.first_pid || spec.machine.aslr || spec.programs.some((p) => p.affinity !== undefined && typeof p.affinity === 'object');
  if (!varies) return [];
  const other = otherSeed(seed);
  const failed: string[] = [];
  const g = playScript(level, other, steps, {}, undefined, (step, r) => {
    if (r.status !== 0) failed.push(`${locate(level, ['solution', step.line - 1])}: with seed "${other}", \`${step.filled}\` failed at tick ${step.tick}: ${consoleAnswer(r.output) || `exit status ${r.status}`}`);
  });
  if (g.status === 'solved') return [];
  const unmet = g.checklist().filter((c) => !c.done).map((c) => c.text);
  const why = g.failReason ? `failed at tick ${g.ticks}: ${g.failReason}` : `${g.status} at tick ${g.ticks}`;
  return [
    `${locate(level, ['solution'])}: the reference solution solves the level with seed "${seed}" but not with seed "${other}" (${why})${unmet.length ? `; goal not met: ${unmet.join('; ')}` : ''}. PIDs and addresses differ by seed: write {pid:label}, {addr:label.symbol}, {segv_addr:label}... (see Templates in docs/levels.md), not the numbers of one run`,
    ...failed,
  ];
}

/**
 * What can be checked without playing: the tools are console commands,
 * the programs compile (with main(), and each kthread's function), and
 * what the level refers to exists. Cheap enough for `kernlab serve` to run
 * on every level of a challenge before it opens. Problems as validateLevel.
 */
export function staticProblems(level: Level): string[] {
  const problems: string[] = [];
  const spec = level.spec;
  spec.tools?.forEach((name, i) => {
    if (!BY_NAME.has(name) && !ALWAYS_ALLOWED.includes(name)) problems.push(`${locate(level, ['tools', i])}: "${name}" is not a console command (help lists them)`);
  });
  for (const [file, src] of level.sources) {
    const where = locate(level, sourcePath(level, file));
    try {
      const prog = compile(src, file);
      spec.kthreads.forEach((kt, i) => {
        if (kt.file === file && !prog.functions.some((f) => f.name === kt.fn)) problems.push(`${locate(level, ['kthreads', i, 'fn'])}: ${file} has no function ${kt.fn}() for kthread ${kt.name}`);
      });
      if (spec.programs.some((x) => x.file === file) && !prog.functions.some((f) => f.name === 'main')) problems.push(`${where}: ${file} has no main()`);
    } catch (e) {
      if (e instanceof CompileError) problems.push(`${where}: ${e.message}`);
      else throw e;
    }
  }
  problems.push(...referenceProblems(level));
  return problems;
}

// Predicate keys whose string value is a program or kthread label.
const LABEL_KEYS = new Set(['alive', 'reaped', 'name']);
// Event fields that take a label (or a PID, or a template).
const EVENT_LABEL_KEYS = new Set(['pid', 'child', 'to', 'from', 'by']);
// What a `parent:` may name besides a label.
const SPECIAL_PARENTS = new Set(['init', 'kthreadd', 'shell']);

/** The fields of each kernel event type an `events:` predicate may test (the compiler keeps them true to events.ts). */
const EVENT_FIELDS: { [K in EventType]: readonly Exclude<keyof Extract<KernelEvent, { type: K }>, 'type'>[] } = {
  fork: ['pid', 'child', 'flags', 'thread', 'vfork', 'kthread'],
  'fork-failed': ['pid', 'errno'],
  exec: ['pid', 'path'],
  exit: ['pid', 'tgid', 'status', 'zombie'],
  reap: ['pid', 'by', 'auto'],
  reparent: ['pid', 'from', 'to'],
  wakeup: ['pid', 'cpu', 'by'],
  sleep: ['pid', 'state', 'wchan'],
  switch: ['cpu', 'prev', 'next'],
  migrate: ['pid', 'from', 'to', 'reason'],
  signal: ['pid', 'signo', 'from', 'action', 'code', 'addr'],
  kthread: ['pid', 'what', 'result'],
  'pid-wrap': ['pidMax'],
  nice: ['pid', 'nice'],
  affinity: ['pid', 'mask'],
  subreaper: ['pid', 'on'],
  stop: ['pid', 'signo'],
  continue: ['pid'],
  pagefault: ['pid', 'cpu', 'addr', 'access', 'kind', 'frame'],
  cow: ['pid', 'addr', 'from', 'to', 'copied'],
  'tlb-flush': ['cpu', 'pid', 'scope', 'start', 'end', 'shootdown'],
  walk: ['cpu', 'pid', 'addr', 'access', 'tlb', 'phys', 'fault'],
  vma: ['pid', 'op', 'start', 'end', 'prot'],
  oom: ['pid', 'trigger'],
  printk: ['pid', 'text'],
};

/**
 * An `events:` predicate's type and fields: a misspelt one matched no
 * event, and the level only showed "the reference solution does not
 * solve it". `count` and `tick` go with every type, `page` with `addr`.
 */
function eventProblems(ev: Record<string, unknown>, path: PropertyKey[], where: (p: PropertyKey[]) => string): string[] {
  const types = Object.keys(EVENT_FIELDS);
  const type = String(ev.type);
  if (!types.includes(type)) {
    const k = closestName(type, types);
    return [`${where([...path, 'type'])}: no event type "${type}"${k ? ` (did you mean "${k}"?)` : ''} (${types.join(', ')})`];
  }
  const fields: readonly string[] = EVENT_FIELDS[type as EventType];
  const allowed = [...fields, 'type', 'count', 'tick', ...(fields.includes('addr') ? ['page'] : [])];
  return Object.keys(ev)
    .filter((key) => !allowed.includes(key))
    .map((key) => {
      const k = closestName(key, allowed);
      return `${where([...path, key])}: ${type} events have no field "${key}"${k ? ` (did you mean "${k}"?)` : ''} (${fields.join(', ')}, count)`;
    });
}

/**
 * What a level refers to that is not there: labels in its goal and fail
 * predicates and in templates, template kinds, and solution commands that
 * are not console commands or not among the level's tools. (Without this
 * a typo showed only as "the reference solution does not solve it".)
 */
function referenceProblems(level: Level): string[] {
  const spec = level.spec;
  const problems: string[] = [];
  const labels = new Set([...spec.programs.map((p) => p.name), ...spec.kthreads.map((k) => k.name)]);
  const where = (path: PropertyKey[]) => locate(level, path);
  const isRef = (v: string) => v.includes('{') || /^\d+$/.test(v);
  const meant = (word: string, known: Iterable<string>) => {
    const k = closestName(word, known);
    return k ? ` (did you mean "${k}"?)` : '';
  };
  const noLabel = (label: string) => `no program or kthread labelled "${label}"${meant(label, labels)}`;

  // Every string but the briefing may hold templates.
  const visitStrings = (x: unknown, path: PropertyKey[]): void => {
    if (typeof x === 'string') {
      for (const m of x.matchAll(TEMPLATE)) {
        const [whole, kind, arg] = m;
        if (!GameView.TEMPLATE_KINDS.includes(kind)) problems.push(`${where(path)}: ${whole}: no template kind "${kind}"${meant(kind, GameView.TEMPLATE_KINDS)} (${GameView.TEMPLATE_KINDS.join(', ')})`);
        else if (!labels.has(arg.split('.')[0])) problems.push(`${where(path)}: ${whole}: ${noLabel(arg.split('.')[0])}`);
      }
    } else if (Array.isArray(x)) x.forEach((y, i) => visitStrings(y, [...path, i]));
    else if (x && typeof x === 'object') for (const [k, y] of Object.entries(x)) if (!(path.length === 0 && k === 'briefing')) visitStrings(y, [...path, k]);
  };
  visitStrings(spec, []);

  const visitPredicate = (x: unknown, path: PropertyKey[], inEvents: boolean): void => {
    if (Array.isArray(x)) return x.forEach((y, i) => visitPredicate(y, [...path, i], inEvents));
    if (!x || typeof x !== 'object') return;
    for (const [k, v] of Object.entries(x)) {
      const p = [...path, k];
      if (k === 'events' && v && typeof v === 'object') problems.push(...eventProblems(v as Record<string, unknown>, p, where));
      const labelled = LABEL_KEYS.has(k) || (inEvents && EVENT_LABEL_KEYS.has(k)) || (k === 'parent' && typeof v === 'string' && !SPECIAL_PARENTS.has(v));
      if (labelled && typeof v === 'string' && !isRef(v) && !labels.has(v)) problems.push(`${where(p)}: ${noLabel(v)}`);
      else visitPredicate(v, p, inEvents || k === 'events');
    }
  };
  visitPredicate(spec.goal, ['goal'], false);
  spec.fail.forEach((f, i) => visitPredicate(f.when, ['fail', i, 'when'], false));
  spec.penalties.forEach((f, i) => visitPredicate(f.when, ['penalties', i, 'when'], false));

  // Stamps go forward: a step `at` an earlier tick than the one before it
  // would run late, at once, and the level would not play as written.
  for (const key of ['setup', 'solution'] as const) {
    let last = -1;
    spec[key].forEach((step, i) => {
      if (typeof step === 'string') return;
      if (step.at < last) problems.push(`${where([key, i, 'at'])}: ${step.at} comes after a step at ${last} (steps run in order: stamps go forward)`);
      last = Math.max(last, step.at);
    });
  }

  spec.solution.forEach((step, i) => {
    const cmd = typeof step === 'string' ? step : step.cmd;
    const path = typeof step === 'string' ? ['solution', i] : ['solution', i, 'cmd'];
    const word = cmd.trim().split(/\s+/)[0] ?? '';
    const name = word.includes('/') ? 'run' : word;
    if (ALWAYS_ALLOWED.includes(name)) return;
    if (!BY_NAME.has(name)) problems.push(`${where(path)}: "${word}" is not a console command (help lists them)`);
    else if (spec.tools && !spec.tools.includes(name)) problems.push(`${where(path)}: "${name}" is not among the level's tools (${spec.tools.join(', ')})`);
  });
  return problems;
}
