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
    const { readResults, resultsCsv, resultsText } = await import('../net/results-export');
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
    process.stdout.write(resultsText(r));
  },
};
