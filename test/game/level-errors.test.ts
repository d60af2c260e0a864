// Malformed level files: every error names the file, the line and the field.
import { describe, expect, it } from 'vitest';
import { LevelError, parseLevel } from '../../src/game/level-load';
import { validateLevel } from '../../src/game/validate';
import { Game } from '../../src/game/game';

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
    expect(i.message).toMatch(/expected number/);
  });

  it('an unknown field: its own line', () => {
    const [i] = issues(GOOD.replace('    file: programs/demo.c', '    file: programs/demo.c\n    nicee: 5'));
    expect(i).toMatchObject({ line: 12, field: 'programs[0]' });
    expect(i.message).toBe('unknown field "nicee"');
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

  it('validate names what a level refers to that is not there: labels, template kinds, solution commands', () => {
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
      'levels/demo.yaml:18: hints[0]: {pid:mian}: no program or kthread labelled "mian"',
      'levels/demo.yaml:19: hints[1]: {pif:main}: no template kind "pif" (pid, ppid, tgid, comm, cpu, thread_cpus, addr, page, pt_indices, segv_addr, segv_page)',
      'levels/demo.yaml:15: goal.all[0].alive: no program or kthread labelled "mian"',
      'levels/demo.yaml:25: solution[1]: "strace" is not among the level\'s tools (ps, kill, tick)',
      'levels/demo.yaml:26: solution[2]: "frob" is not a console command (help lists them)',
    ]);
  });

  it('a missing field says it is missing; a number out of range says the range and what was found', () => {
    expect(issues(GOOD.replace('goal_text: Do it.\n', ''))).toEqual([{ line: 1, field: 'goal_text', message: 'missing (this field is required)' }]);
    expect(issues(GOOD.replace('difficulty: 1', 'difficulty: 7'))).toEqual([{ line: 4, field: 'difficulty', message: 'must be at most 5 (found 7)' }]);
    expect(issues(GOOD.replace('hints:\n  - Look around.', 'hints: []'))).toEqual([{ line: 14, field: 'hints', message: 'needs at least 1 item (found 0)' }]);
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
