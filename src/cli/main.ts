// kernlab's command line: the only place where argv, the clock, files and
// streams meet the simulation.
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';

void yargs(hideBin(process.argv))
  .scriptName('kernlab')
  .usage('$0 <command> [options]')
  .demandCommand(1)
  .strict()
  .help()
  .parse();
