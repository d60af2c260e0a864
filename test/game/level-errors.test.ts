// Malformed level files: every error names the file, the line and the field.
import { describe, expect, it } from 'vitest';
import { LevelError, parseLevel } from '../../src/game/level-load';
import { validateLevel } from '../../src/game/validate';
import { Game } from '../../src/game/game';
import { levelFromFile } from '../../src/cli/level-files';
import path from 'node:path';
import { parseChallenge } from '../../src/net/challenge-load';
import { parseDuration } from '../../src/net/challenge-schema';

const GOOD = `id: demo
title: Demo
topic: tutorial
difficulty: 1
order: 1
briefing: Brief.
debrief: Debrief.
goal_text: Do it.
programs:
  - name: main
    file: programs/demo.c
goal:
  alive: main
hints:
  - Look around.
par:
  ticks: 100
  commands: 1
solution:
  - ps
`;

const read = (rel: string) => (rel === 'programs/demo.c' ? 'int main(void) { return 0; }' : null);

function issues(text: string) {
  try {
    parseLevel(text, 'levels/demo.yaml', read);
  } catch (e) {
    if (e instanceof LevelError) return e.issues.map((i) => ({ line: i.line, field: i.field, message: i.message }));
    throw e;
  }
  return [];
}

describe('level file errors', () => {
  it('a good file has none', () => {
    expect(issues(GOOD)).toEqual([]);
  });

  it('a wrong type: the line of the value and the field path', () => {
    const [i] = issues(GOOD.replace('difficulty: 1', 'difficulty: hard'));
    expect(i).toMatchObject({ line: 4, field: 'difficulty' });
    expect(i.message).toBe('expected number, found "hard"');
  });

  it('an unknown field: its own line', () => {
    const [i] = issues(GOOD.replace('    file: programs/demo.c', '    file: programs/demo.c\n    nicee: 5'));
    expect(i).toMatchObject({ line: 12, field: 'programs[0]' });
    expect(i.message).toBe('unknown field "nicee" (did you mean "nice"?)');
  });

  it('a missing required field: the line of the object that lacks it', () => {
    const [i] = issues(GOOD.replace('par:\n  ticks: 100\n', 'par:\n'));
    expect(i.field).toBe('par.ticks');
    expect(i.line).toBe(17);
  });

  it('a bad state letter deep in the goal', () => {
    const text = GOOD.replace('goal:\n  alive: main', 'goal:\n  all:\n    - no_tasks: { state: Q }');
    const [i] = issues(text);
    expect(i).toMatchObject({ line: 14, field: 'goal.all[0].no_tasks.state' });
    expect(i.message).toMatch(/expected one of "R"\|"S"/);
  });

  it('a program file that does not exist', () => {
    const [i] = issues(GOOD.replace('programs/demo.c', 'programs/nope.c'));
    expect(i).toMatchObject({ line: 11, field: 'programs[0].file' });
    expect(i.message).toMatch(/no such program file "programs\/nope.c"/);
  });

  it('a parent that is not listed before', () => {
    const [i] = issues(GOOD.replace('    file: programs/demo.c', '    file: programs/demo.c\n    parent: ghost'));
    expect(i).toMatchObject({ line: 12, field: 'programs[0].parent' });
  });

  it('YAML syntax errors give the line', () => {
    const [i] = issues(GOOD.replace('title: Demo', 'title: [Demo'));
    expect(i.line).toBeGreaterThanOrEqual(2);
    expect(i.message).toMatch(/^YAML:/);
  });

  it('a tool that is not a console command is a problem for validate, with its line and field', () => {
    const level = parseLevel(GOOD.replace('programs:\n', 'tools: [ps, kil, tick]\nprograms:\n'), 'levels/demo.yaml', read);
    const v = validateLevel(level);
    expect(v.ok).toBe(false);
    expect(v.problems).toContain('levels/demo.yaml:9: tools[1]: "kil" is not a console command (help lists them)');
  });

  it('validate names what a level refers to that is not there: labels, template kinds, solution commands (with the name a typo most likely meant)', () => {
    const level = parseLevel(
      GOOD.replace('programs:\n', 'tools: [ps, kill, tick]\nprograms:\n')
        .replace('goal:\n  alive: main', 'goal:\n  all:\n    - alive: mian\n    - exited: { name: main }')
        .replace('  - Look around.', '  - "kill {pid:mian}"\n  - "{pif:main}"')
        .replace('solution:\n  - ps', 'solution:\n  - ps\n  - strace -f -p {pid:main}\n  - frob main'),
      'levels/demo.yaml',
      read,
    );
    const v = validateLevel(level);
    expect(v.ok).toBe(false);
    expect(v.problems).toEqual([
      'levels/demo.yaml:18: hints[0]: {pid:mian}: no program or kthread labelled "mian" (did you mean "main"?)',
      'levels/demo.yaml:19: hints[1]: {pif:main}: no template kind "pif" (did you mean "pid"?) (pid, ppid, tgid, comm, cpu, thread_cpus, addr, page, pt_indices, segv_addr, segv_page)',
      'levels/demo.yaml:15: goal.all[0].alive: no program or kthread labelled "mian" (did you mean "main"?)',
      'levels/demo.yaml:25: solution[1]: "strace" is not among the level\'s tools (ps, kill, tick)',
      'levels/demo.yaml:26: solution[2]: "frob" is not a console command (help lists them)',
    ]);
  });

  it('a missing field says it is missing; a number out of range says the range and what was found', () => {
    expect(issues(GOOD.replace('goal_text: Do it.\n', ''))).toEqual([{ line: 1, field: 'goal_text', message: 'missing (this field is required)' }]);
    expect(issues(GOOD.replace('difficulty: 1', 'difficulty: 7'))).toEqual([{ line: 4, field: 'difficulty', message: 'must be at most 5 (found 7)' }]);
    expect(issues(GOOD.replace('hints:\n  - Look around.', 'hints: []'))).toEqual([{ line: 14, field: 'hints', message: 'needs at least 1 item (found 0)' }]);
  });

  it('an unknown field: the field that goes there a typo most likely meant, else the fields that go there', () => {
    const msgs = (text: string) => issues(text).map((i) => `${i.line}: ${i.field}: ${i.message}`);
    // A hint written as a mapping: what is wrong with the mapping, not "expected text".
    expect(msgs(GOOD.replace('  - Look around.', '  - { txt: Look around., cost: 50 }'))).toEqual([
      '15: hints[0].text: missing (this field is required)',
      '15: hints[0]: unknown field "txt" (did you mean "text"?)',
    ]);
    // "tick" is close to par's "ticks", but a step takes at and cmd.
    expect(msgs(GOOD.replace('solution:\n  - ps', 'solution:\n  - { tick: 10, cmd: ps }'))).toEqual(['20: solution[0].at: missing (this field is required)', '20: solution[0]: unknown field "tick" (fields here: at, cmd)']);
    expect(msgs(GOOD.replace('par:\n  ticks: 100', 'par:\n  tick: 100'))).toEqual(['17: par.ticks: missing (this field is required)', '17: par: unknown field "tick" (did you mean "ticks"?)']);
    expect(msgs(GOOD.replace('goal:\n  alive: main', 'goal:\n  no_tasks: { stat: Z }'))).toEqual(['13: goal.no_tasks: unknown field "stat" (did you mean "state"?)']);
  });

  it('a predicate given the wrong shape: what it takes, and what was there', () => {
    const goal = (g: string) => issues(GOOD.replace('goal:\n  alive: main', `goal:\n  ${g}`)).map((i) => `${i.line}: ${i.field}: ${i.message}`);
    expect(goal('alive: { name: main }')).toEqual(['13: goal.alive: expected a label of `programs` or `kthreads` (alive: LABEL) (found { name: main })']);
    expect(goal('no_tasks: Z')).toEqual(['13: goal.no_tasks: expected a task filter such as { state: Z } or { name: LABEL, state: S } (docs/levels.md: Task filters) (found "Z")']);
    expect(goal('exited: main')).toEqual(['13: goal.exited: expected { name: LABEL }, with status: N or signal: SIGNAL to say how (found "main")']);
    expect(goal('no_tasks: { state: zombie }')).toEqual(['13: goal.no_tasks.state: expected one of "R"|"S"|"D"|"T"|"t"|"Z"|"X"|"I" (found "zombie")']);
    expect(issues(GOOD.replace('difficulty: 1', 'difficulty: easy')).map((i) => i.message)).toEqual(['expected number, found "easy"']);
  });

  it('a missing program file: paths are relative to the level file, not to levels/', () => {
    const [i] = issues(GOOD.replace('programs/demo.c', 'programs/nope.c'));
    expect(i.message).toBe('no such program file "programs/nope.c" (paths are relative to the level file\'s folder)');
  });

  it("a program that does not compile: the level file's line and field, then the compiler's message", () => {
    const level = parseLevel(GOOD, 'levels/demo.yaml', () => 'int main(void) { return 0 }');
    const v = validateLevel(level);
    expect(v.problems).toEqual(["levels/demo.yaml:11: programs[0].file: programs/demo.c:1:26: error: expected ';' before '}' token"]);
  });

  it('a solution that does not solve: why, the goal clauses not met, and the steps that failed with their output', () => {
    const level = parseLevel(
      GOOD.replace('goal:\n  alive: main', 'goal:\n  all:\n    - reaped: main\n      text: main is gone\n    - ticks: { ge: 50 }\n      text: time passed').replace('solution:\n  - ps', 'solution:\n  - ps\n  - { at: 60, cmd: "kill -TREM {pid:main}" }'),
      'levels/demo.yaml',
      () => 'int main(void) { for (;;) ; return 0; }',
    );
    const v = validateLevel(level);
    expect(v.problems[0]).toMatch(/^levels\/demo\.yaml:24: solution: the reference solution does not solve the level \(failed at tick 120000: time is up .*\); goal not met: main is gone$/);
    expect(v.problems[1]).toMatch(/^levels\/demo\.yaml:25: solution\[1\]: `kill -TREM \d+` failed at tick 60: kill: TREM: invalid signal specification$/);
  });

  it('solution and setup stamps go forward', () => {
    const level = parseLevel(GOOD.replace('solution:\n  - ps', 'solution:\n  - { at: 50, cmd: ps }\n  - { at: 10, cmd: ps }'), 'levels/demo.yaml', read);
    expect(validateLevel(level).problems).toEqual(['levels/demo.yaml:21: solution[1].at: 10 comes after a step at 50 (steps run in order: stamps go forward)']);
  });

  it('a setup step { at: N } lets time run before the player starts', () => {
    const level = parseLevel(GOOD.replace('goal:', 'setup:\n  - { at: 200 }\ngoal:'), 'levels/demo.yaml', read);
    const g = new Game(level, 'x');
    expect(g.ticks).toBe(201);
  });

  it('a setup step that fails: its line and field, and the console\'s answer', () => {
    const level = parseLevel(GOOD.replace('goal:', 'setup:\n  - { at: 5, cmd: "kill -STOPP {pid:main}" }\ngoal:'), 'levels/demo.yaml', read);
    expect(validateLevel(level).problems).toEqual(['levels/demo.yaml:13: setup[0].cmd: `kill -STOPP {pid:main}` failed: kill: STOPP: invalid signal specification']);
  });

  it('the message names file, line and field', () => {
    try {
      parseLevel(GOOD.replace('order: 1', 'order: -3'), 'levels/demo.yaml', read);
      expect.unreachable();
    } catch (e) {
      expect((e as Error).message).toMatch(/^levels\/demo\.yaml:5: order: /);
    }
  });
});

// The mistakes a teacher makes writing a first level, as files
// (test/fixtures/levels/broken/): each message says what to change.
describe('level file mistakes, from files', () => {
  const BROKEN = path.resolve(__dirname, '../fixtures/levels/broken');
  /** The problem lines of a fixture, as `kernlab validate` prints them (without the folder). */
  function problems(name: string): string[] {
    const file = path.join(BROKEN, name);
    try {
      return validateLevel(levelFromFile(file)).problems.map((p) => p.replace(BROKEN + '/', ''));
    } catch (e) {
      if (e instanceof LevelError) return e.message.split('\n').map((p) => p.replace(BROKEN + '/', ''));
      throw e;
    }
  }

  it('a misspelt field: each on its own line, with the field it most likely meant', () => {
    expect(problems('typos.yaml')).toEqual([
      'typos.yaml:1: difficulty: missing (this field is required)',
      'typos.yaml:1: goal_text: missing (this field is required)',
      'typos.yaml:17: programs[0].file: missing (this field is required)',
      'typos.yaml:18: programs[0]: unknown field "flie" (did you mean "file"?)',
      'typos.yaml:4: unknown field "dificulty" (did you mean "difficulty"?)',
      'typos.yaml:12: unknown field "goal-text" (did you mean "goal_text"?)',
    ]);
  });

  it('a hint holding ": " without quotes: YAML made it a field, and the message says to quote it', () => {
    expect(problems('colon-hint.yaml')).toEqual([
      'colon-hint.yaml:29: hints[0]: expected text, but YAML read "Look at the states: ps -o pid,stat,comm" as a field and its value, because of the ": " in it: put the whole text in quotes',
    ]);
  });

  it('a value holding ": " without quotes: the YAML error says to quote it', () => {
    expect(problems('colon-value.yaml')).toEqual(['colon-value.yaml:12: YAML: Nested mappings are not allowed in compact mappings (a text holding ": " must be put in quotes: "...")']);
  });

  it('a field indented one space short: the YAML error says to check the indentation', () => {
    expect(problems('indent.yaml')).toEqual([
      'indent.yaml:18: YAML: Sequence item without - indicator (check the indentation of this line and the next: the fields of one mapping, or of one list item, start in the same column, indented with spaces)',
    ]);
  });

  it('a count given in words: the forms a count takes', () => {
    expect(problems('count-word.yaml')).toEqual([
      'count-word.yaml:23: goal.all[0].tasks.count: expected a number, or a comparison such as { ge: 3 } (eq, ne, lt, le, gt, ge) (found "three")',
    ]);
  });

  it('an event type or field misspelt (it matched no event): the type or field it most likely meant', () => {
    expect(problems('event-typo.yaml')).toEqual([
      'event-typo.yaml:25: goal.all[2].events.type: no event type "reaped" (did you mean "reap"?) (fork, fork-failed, exec, exit, reap, reparent, wakeup, sleep, switch, migrate, signal, kthread, pid-wrap, nice, affinity, subreaper, stop, continue, pagefault, cow, tlb-flush, walk, vma, oom, printk)',
      'event-typo.yaml:26: goal.all[3].events.pids: exit events have no field "pids" (did you mean "pid"?) (pid, tgid, status, zombie, count)',
    ]);
  });

  it('a penalty naming a label that is not there', () => {
    expect(problems('penalty-label.yaml')).toEqual(['penalty-label.yaml:29: penalties[0].when.not.alive: no program or kthread labelled "parnet" (did you mean "parent"?)']);
  });

  it('a solution with a PID copied from one run: solves its own seed, not another, and validate says so', () => {
    const [why, step] = problems('literal-pid.yaml');
    expect(why).toMatch(/^literal-pid\.yaml:34: solution: the reference solution solves the level with seed "fixture" but not with seed "fixture-2" \(.*time is up.*\); goal not met: no zombies left\. PIDs and addresses differ by seed: write \{pid:label\}/);
    expect(step).toBe('literal-pid.yaml:34: solution[0]: with seed "fixture-2", `kill -CONT 2460` failed at tick 1500: kill: (2460) - No such process');
  });

  it('the same solution written with {pid:label} validates', () => {
    const level = levelFromFile(path.join(BROKEN, 'literal-pid.yaml'));
    level.spec.solution = [{ at: 1500, cmd: 'kill -CONT {pid:parent}' }];
    expect(validateLevel(level).problems).toEqual([]);
  });
});

describe('a program given for a level', () => {
  it('is said to be a program, with how to run it, not a YAML error per line', () => {
    expect(() => parseLevel('/* x.c */\n#include <stdio.h>\nint main(void) { return 0; }\n', 'mylevels/programs/x.c', read)).toThrow(
      "mylevels/programs/x.c:1: a C program, not a level file (a .yaml): run it with `kernlab exec FILE.c`, or name it in a level's `programs` (docs/levels.md)",
    );
  });
});

describe('challenge file mistakes', () => {
  const GOOD_CHALLENGE = 'title: Monday\nduration: 20m\nlevels:\n  - first-contact\nseed:\n  per-student: monday\n';
  function challengeErrors(text: string): string[] {
    try {
      parseChallenge(text, 'c.yaml', (name) => (name === 'first-contact' ? parseLevel(GOOD, 'levels/demo.yaml', read) : `no shipped level "${name}"`));
    } catch (e) {
      if (e instanceof LevelError) return e.message.split('\n');
      throw e;
    }
    return [];
  }

  it('a good one has none', () => {
    expect(challengeErrors(GOOD_CHALLENGE)).toEqual([]);
  });

  it('a misspelt field, and a seed policy with an underscore: the name it most likely meant', () => {
    expect(challengeErrors(GOOD_CHALLENGE.replace('title:', 'titel:'))).toEqual(['c.yaml:1: title: missing (this field is required)', 'c.yaml:1: unknown field "titel" (did you mean "title"?)']);
    expect(challengeErrors(GOOD_CHALLENGE.replace('per-student', 'per_student'))).toEqual([
      'c.yaml:6: seed: give { shared: SEED } or { per-student: SEED }; found "per_student" (did you mean "per-student"?)',
    ]);
  });

  it('a title holding ": " without quotes: the YAML error says to quote it', () => {
    expect(challengeErrors(GOOD_CHALLENGE.replace('title: Monday', 'title: Monday: zombies'))).toEqual([
      'c.yaml:1: YAML: Nested mappings are not allowed in compact mappings (a text holding ": " must be put in quotes: "...")',
    ]);
  });

  it('durations in words, as a teacher writes them', () => {
    expect(parseDuration('20 minutes')).toBe(20 * 60_000);
    expect(parseDuration('1 hour 30 min')).toBe(90 * 60_000);
    expect(parseDuration('90 seconds')).toBe(90_000);
    expect(parseDuration('2 hours')).toBe(2 * 3600_000);
    expect(parseDuration('20 apples')).toBeNull();
    expect(challengeErrors(GOOD_CHALLENGE.replace('20m', '20 minutes'))).toEqual([]);
  });

  it('a challenge with its levels field misspelt is not taken for a broken level (a dozen "missing" lines): it says so', () => {
    // kernlab validate sends a file without `levels` and `duration` to the level reader.
    expect(() => parseLevel(GOOD_CHALLENGE.replace('levels:', 'level:'), 'c.yaml', read)).toThrow(
      new LevelError([
        { file: 'c.yaml', line: 1, field: '', message: 'this looks like a challenge file, but a challenge needs title, duration, levels and seed (docs/classroom.md); missing: levels' },
        { file: 'c.yaml', line: 3, field: '', message: 'unknown field "level" (did you mean "levels"?)' },
      ]),
    );
  });
});
