// A --plain session on in-memory streams, its loops on a test clock: what
// the plain-mode tests and the plain-mode fuzz both drive.
import { PassThrough } from 'node:stream';
import { PlayLoop } from '../../src/cli/play';
import type { Game } from '../../src/game/game';
import type { Level } from '../../src/game/level-load';
import type { Driver, FrameSink } from '../../src/ui/driver';
import { EventEmitter } from 'node:events';
import { runPlain } from '../../src/ui/plain';
import { FakeClock } from './fake-clock';
import { FakeHost } from './fake-host';

/** A host whose loops run on a test clock, starting paused as in play. */
export class ClockHost extends FakeHost {
  readonly clock = new FakeClock();
  loops: PlayLoop[] = [];
  override makeDriver(game: Game, sink: FrameSink): Driver {
    const l = new PlayLoop(game, sink, { clock: this.clock, speed: 1, paused: true });
    this.loops.push(l);
    return l;
  }
}

/** A plain session over `levels`, begun: type lines, let test time pass, send it signals, read what it said. */
export function plainSession(levels: Level[], opts: { columns?: number; start?: Level } = {}) {
  const input = new PassThrough();
  const output = new PassThrough();
  let text = '';
  output.on('data', (b: Buffer) => (text += b.toString('utf8')));
  const host = new ClockHost(levels);
  let ended = false;
  let status: number | null = null;
  const signals = new EventEmitter();
  const columns = opts.columns;
  void runPlain({ input, output, host, signals, columns: columns ? () => columns : undefined, start: opts.start }).then((n) => {
    ended = true;
    status = n;
  });
  const flush = (): Promise<void> => new Promise((r) => setImmediate(r));
  return {
    host,
    out: () => text,
    ended: () => ended,
    status: () => status,
    signals,
    flush,
    /** Types a line; what the session said in answer. */
    async line(l: string): Promise<string> {
      const before = text.length;
      input.write(l + '\n');
      await flush();
      return text.slice(before);
    },
    /** Lets `ms` of test time pass; what the session said meanwhile. */
    async wait(ms: number): Promise<string> {
      const before = text.length;
      host.clock.advance(ms);
      await flush();
      return text.slice(before);
    },
    end: () => input.end(),
  };
}
