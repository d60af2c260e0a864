// Seeds vary what levels promise to vary: PIDs (machine.first_pid) and
// addresses (ASLR), so two students' answers differ while the puzzle, and
// the reference solution, stay the same.
import { describe, expect, it } from 'vitest';
import { shippedLevels } from '../../src/cli/level-files';
import { Game } from '../../src/game/game';

const levels = shippedLevels().filter((l) => l.spec.programs.length > 0);

function snapshot(level: (typeof levels)[number], seed: string) {
  const g = new Game(level, seed);
  const label = level.spec.programs[0].name;
  const t = g.view.task(label);
  const mm = t?.mm;
  const firstVma = mm ? g.k.mm.procMaps(mm).split('\n')[0] : '';
  return { pid: g.view.labels.get(label), maps: firstVma, stack: t?.regs ? g.k.mm.statFields(mm!).startstack : 0 };
}

describe('seeds', () => {
  it('every level with programs varies PIDs by seed when it asks to (first_pid)', () => {
    for (const level of levels.filter((l) => l.spec.machine.first_pid)) {
      const pids = new Set(['a', 'b', 'c', 'd'].map((s) => snapshot(level, s).pid));
      expect(pids.size, level.spec.id).toBeGreaterThan(1);
    }
  });

  it('ASLR moves the program image and the stack between seeds, and the same seed gives the same machine', () => {
    for (const level of levels.filter((l) => l.spec.machine.aslr)) {
      const a = snapshot(level, 'alice');
      const b = snapshot(level, 'bob');
      expect(a.maps, level.spec.id).not.toBe(b.maps);
      expect(a.stack, level.spec.id).not.toBe(b.stack);
      expect(snapshot(level, 'alice'), level.spec.id).toEqual(a);
    }
  });
});

describe('seeded choices', () => {
  const shootdown = shippedLevels().find((l) => l.spec.id === 'shootdown')!;

  it("shootdown's answer differs between seeds (the sensor's CPU is one_of), and its reference solution solves every one", () => {
    const answers = new Set<string>();
    for (const seed of ['alice', 'bob', 'carol', 'dave', 'erin', 'frank']) {
      const g = new Game(shootdown, seed);
      g.exec('tick 300');
      const answer = g.view.fill('{thread_cpus:publisher}');
      expect(answer, seed).toMatch(/^\d \d$/);
      // The sensor runs where the seed pinned it, never beside a publisher thread.
      const sensor = g.view.task('sensor')!;
      expect(answer.split(' ').map(Number), seed).not.toContain(sensor.cpu);
      answers.add(answer);
      g.exec(g.view.fill('mprotect {pid:publisher} {page:publisher.settings} 4096 r--'));
      g.exec(`answer ${answer}`);
      g.advance(1);
      expect(g.status, seed).toBe('solved');
    }
    expect(answers.size).toBeGreaterThan(1);
  });

  it('a seed always makes the same choice', () => {
    const a = new Game(shootdown, 'alice');
    const b = new Game(shootdown, 'alice');
    a.exec('tick 300');
    b.exec('tick 300');
    expect(a.view.fill('{thread_cpus:publisher}')).toBe(b.view.fill('{thread_cpus:publisher}'));
  });
});
