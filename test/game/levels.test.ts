// Every shipped level: it validates, its reference solution solves it
// within par, doing nothing does not, and the solution's log replays to
// the same score.
import { describe, expect, it } from 'vitest';
import { shippedLevels } from '../../src/cli/level-files';
import { Game } from '../../src/game/game';
import { playScript, replay, solutionSteps } from '../../src/game/replay';
import { idleHorizon, validateLevel } from '../../src/game/validate';

const levels = shippedLevels();

describe('shipped levels', () => {
  it('there are at least 16, with unique ids and orders, a tutorial first', () => {
    expect(levels.length).toBeGreaterThanOrEqual(16);
    expect(new Set(levels.map((l) => l.spec.id)).size).toBe(levels.length);
    expect(new Set(levels.map((l) => l.spec.order)).size).toBe(levels.length);
    expect(levels[0].spec.topic).toMatch(/tutorial/i);
  });

  for (const level of levels) {
    describe(level.spec.id, () => {
      it('validates: compiles, solved by its solution within par', () => {
        const v = validateLevel(level);
        expect(v.problems).toEqual([]);
        expect(v.solution!.solved).toBe(true);
        expect(v.solution!.score).toBe(1000);
      });

      it('is not solved by doing nothing', () => {
        const g = new Game(level, String(level.spec.machine.seed));
        g.advance(idleHorizon(level));
        expect(g.status).not.toBe('solved');
      });

      it('replays its solution to the same score, tick and transcript', () => {
        const g = playScript(level, 'replay-check', solutionSteps(level.spec.solution));
        expect(g.status).toBe('solved');
        const r = replay(level, g.log());
        expect(r.score()).toEqual(g.score());
        g.drainOutput();
        r.drainOutput();
        expect(r.transcript).toBe(g.transcript);
      });

      it('keeps every kernel invariant after every tick of its solution (--debug-checks)', () => {
        // assertInvariants throws with the list of what broke.
        const g = playScript(level, 'invariants', solutionSteps(level.spec.solution), { debugChecks: true });
        expect(g.status).toBe('solved');
      });
    });
  }
});
