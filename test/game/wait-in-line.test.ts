// wait-in-line: what the briefing promises is on the machine, and that
// only the job batch waits for unsticks it (on several seeds: the PIDs move).
import { describe, expect, it } from 'vitest';
import { shippedLevels } from '../../src/cli/level-files';
import { Game } from '../../src/game/game';

const level = shippedLevels().find((l) => l.spec.id === 'wait-in-line')!;
const SEEDS = ['alice', 'bob', 'carol'];

/** The rows of a ps listing as objects keyed by its header. */
function psRows(g: Game, cmd: string): Record<string, string>[] {
  const lines = g.exec(cmd).output.trimEnd().split('\n');
  const keys = lines[0].trim().split(/\s+/);
  return lines.slice(1).map((l) => Object.fromEntries(l.trim().split(/\s+/).map((v, i) => [keys[i], v])));
}

describe('wait-in-line', () => {
  for (const seed of SEEDS) {
    it(`${seed}: the player starts with two zombies, one job in pipe_read, the report in a timer, and batch in do_wait`, () => {
      const g = new Game(level, seed);
      const batch = g.view.labels.get('batch')!;
      const jobs = psRows(g, `ps -o pid,stat,wchan:20,comm --ppid ${batch}`);
      expect(jobs.map((r) => [Number(r.PID) - batch, r.STAT, r.WCHAN])).toEqual([
        [2, 'S', 'pipe_read'],
        [3, 'Z', '-'],
        [4, 'S', 'hrtimer_nanosleep'],
        [5, 'Z', '-'],
      ]);
      expect(psRows(g, `ps -o pid,wchan:20 -p ${batch}`)[0].WCHAN).toBe('do_wait');
      // strace names the one child it waits for.
      expect(g.exec(`strace -p ${batch}`).output).toContain(`wait4(${batch + 2}, `);
    });

    it(`${seed}: killing the job batch waits for solves it; batch then reaps the zombies and the report itself`, () => {
      const g = new Game(level, seed);
      g.exec(g.view.fill('kill {pid:batch+2}'));
      g.advance(6000);
      expect(g.status).toBe('solved');
      expect(g.view.output).toMatch(/batch: fetch killed by signal 15\nbatch: thumbs done, exit status 12\nreport: written\nbatch: report done, exit status 13\nbatch: vacuum done, exit status 14\nbatch: all jobs collected/);
    });

    it(`${seed}: a zombie takes no signal, the report must not be killed, and neither must batch`, () => {
      const zombie = new Game(level, seed);
      zombie.exec(zombie.view.fill('kill -9 {pid:batch+3}'));
      zombie.advance(10000);
      // Nothing changed, but the report finished meanwhile: a third zombie in line.
      expect(psRows(zombie, 'ps -o pid,stat').filter((r) => r.STAT === 'Z')).toHaveLength(3);
      expect(zombie.status).toBe('playing');

      const report = new Game(level, seed);
      report.exec(report.view.fill('kill {pid:batch+4}'));
      report.advance(1);
      expect(report.status).toBe('failed');
      expect(report.failReason).toBe('The report was killed before it was written.');

      const runner = new Game(level, seed);
      runner.exec(runner.view.fill('kill {pid:batch}'));
      runner.advance(1);
      expect(runner.failReason).toMatch(/^The batch runner is dead/);
    });
  }
});
