// `kernlab results DIR --csv|--json`: export a classroom's board and every
// attempt (from the journal in DIR; the server may be running or not).
import type { CommandModule } from 'yargs';

export interface ResultsArgs {
  dir: string;
  csv?: boolean;
  json?: boolean;
}

export const resultsCommand: CommandModule<object, ResultsArgs> = {
  command: 'results <dir>',
  describe: "export a classroom's board and every level attempt (CSV or JSON) from its data folder",
  builder: (y) =>
    y
      .positional('dir', { type: 'string', demandOption: true, describe: 'the data folder of `kernlab serve`' })
      .option('csv', { type: 'boolean', describe: 'CSV: the board, a blank line, then one row per attempt' })
      .option('json', { type: 'boolean', describe: 'JSON: {challenge, clock, board, attempts, torn} (without --csv or --json: a readable board)' })
      .conflicts('csv', 'json') as never,
  handler: async (a) => {
    const { readResults, resultsCsv } = await import('../net/results-export');
    let r;
    try {
      r = readResults(a.dir);
    } catch (e) {
      process.stderr.write(`kernlab: ${(e as Error).message}\n`);
      process.exitCode = 2;
      return;
    }
    if (a.json) {
      process.stdout.write(JSON.stringify(r, null, 2) + '\n');
      return;
    }
    if (a.csv) {
      process.stdout.write(resultsCsv(r));
      return;
    }
    // Neither: a readable board.
    const { clockText } = await import('../net/clock');
    process.stdout.write(`${r.challenge.title}: ${r.clock.phase}, ${clockText(r.clock.elapsed_ms)} played of ${clockText(r.clock.duration_ms)}\n`);
    for (const b of r.board) process.stdout.write(`${String(b.rank).padStart(3)}. ${b.name.padEnd(24)} ${String(b.solved).padStart(2)}/${r.challenge.levels.length} solved ${String(b.score).padStart(6)} points${b.time_ms === null ? '' : `  ${clockText(b.time_ms)}`}\n`);
    if (!r.board.length) process.stdout.write('(no students)\n');
    process.stdout.write(`(--csv or --json for every attempt)\n`);
  },
};
