// Malformed level files: every error names the file, the line and the field.
import { describe, expect, it } from 'vitest';
import { LevelError, parseLevel } from '../../src/game/level-load';
import { validateLevel } from '../../src/game/validate';

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
    expect(v.problems).toContain('line 9: tools[1]: "kil" is not a console command (help lists them)');
  });

  it('validate names what a level refers to that is not there: labels, template kinds, solution commands', () => {
    const level = parseLevel(
      GOOD.replace('programs:\n', 'tools: [ps, kill, tick]\nprograms:\n')
        .replace('goal:\n  alive: main', 'goal:\n  all:\n    - alive: mian\n    - exited: { name: main }')
        .replace('  - Look around.', '  - "kill {pid:mian}"\n  - "{pif:main}"')
        .replace('solution:\n  - ps', 'solution:\n  - ps\n  - strace -f -p {pid:main}\n  - pkill main'),
      'levels/demo.yaml',
      read,
    );
    const v = validateLevel(level);
    expect(v.ok).toBe(false);
    expect(v.problems).toEqual([
      'line 18: hints[0]: {pid:mian}: no program or kthread labelled "mian"',
      'line 19: hints[1]: {pif:main}: no template kind "pif" (pid, ppid, tgid, comm, cpu, thread_cpus, addr, page, pt_indices, segv_addr, segv_page)',
      'line 15: goal.all[0].alive: no program or kthread labelled "mian"',
      'line 25: solution[1]: "strace" is not among the level\'s tools (ps, kill, tick)',
      'line 26: solution[2]: "pkill" is not a console command (help lists them)',
    ]);
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
