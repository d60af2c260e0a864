// argv[0] of a level's programs, as bash would have passed it: what ps -f,
// pmap and /proc/PID/cmdline show agrees with the shell's job text.
import { describe, expect, it } from 'vitest';
import { shippedLevels } from '../../src/cli/level-files';
import { Game } from '../../src/game/game';

function game(id: string): Game {
  const g = new Game(shippedLevels().find((l) => l.spec.id === id)!, 'argv');
  g.exec('tick 10');
  return g;
}

describe('level programs: argv[0]', () => {
  it('a program the shell started from its working directory is ./name, in jobs, ps -f and cmdline alike', () => {
    const g = game('first-contact');
    const pid = g.view.labels.get('logzip')!;
    expect(g.exec('jobs').output).toContain('./logzip &');
    expect(g.exec(`cat /proc/${pid}/cmdline`).output).toBe('./logzip');
    expect(g.exec(`ps -o args= -p ${pid}`).output).toBe('./logzip\n');
    expect(g.exec(`ps -o comm= -p ${pid}`).output).toBe('logzip\n');
  });

  it('one found elsewhere (on PATH) is its bare name, in jobs too', () => {
    const g = game('whose-thread');
    const pid = g.view.labels.get('photos')!;
    expect(g.exec(`ps -o args= -p ${pid}`).output).toBe('indexer /srv/photos\n');
    g.exec(`kill ${pid}`);
    expect(g.exec('tick 10').output).toMatch(/Terminated +indexer \/srv\/photos\n/);
  });

  it('one started by another program keeps the name it was started with', () => {
    const g = game('adopt-orphans');
    expect(g.exec(`ps -o args= -p ${g.view.labels.get('starter')!}`).output).toBe('starter\n');
  });
});
