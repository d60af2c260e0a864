// A PlayHost for app tests: progress in memory, drivers the test advances.
import type { Game } from '../../src/game/game';
import type { Level } from '../../src/game/level-load';
import { emptyProgress, recordResult, type Progress } from '../../src/game/progress';
import type { PlayHost } from '../../src/ui/app';
import type { RunRecord } from '../../src/ui/debrief';
import type { Driver, FrameSink } from '../../src/ui/driver';
import { ManualDriver } from './helpers';

export class FakeHost implements PlayHost {
  readonly startSpeed = 1;
  progressNow: Progress = emptyProgress();
  drivers: ManualDriver[] = [];
  finishedGames: Game[] = [];
  abandonedGames: Game[] = [];

  constructor(readonly levels: Level[]) {}

  progress(): Progress {
    return this.progressNow;
  }
  seedFor(level: Level): string {
    return String(level.spec.machine.seed);
  }
  freeHints(level: Level): boolean {
    return (this.progressNow.levels[level.spec.id]?.solved ?? 0) > 0;
  }
  makeDriver(game: Game, sink: FrameSink): Driver {
    const d = new ManualDriver(game).attach(sink);
    this.drivers.push(d);
    return d;
  }
  finished(game: Game): RunRecord {
    const s = game.score();
    const before = this.progressNow.levels[game.level.spec.id]?.best ?? 0;
    this.progressNow = recordResult(this.progressNow, game.level.spec.id, s.solved, s.score, s.stars);
    this.finishedGames.push(game);
    return { runFile: `/tmp/runs/${game.level.spec.id}-${this.finishedGames.length}.json`, newBest: s.solved && s.score > before, warning: '' };
  }
  abandoned(game: Game): string | null {
    this.abandonedGames.push(game);
    return null;
  }
  /** The driver of the game being played. */
  get driver(): ManualDriver {
    return this.drivers[this.drivers.length - 1];
  }
}
