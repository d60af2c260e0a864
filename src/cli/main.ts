// kernlab's command line: the only place where argv, the clock, files and
// streams meet the simulation.
import { platformCommands } from './demo-screen';
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import pkg from '../../package.json';

void yargs(hideBin(process.argv))
  .scriptName('kernlab')
  .usage('$0 <command> [options]')
  .version(pkg.version) // bundled: yargs cannot find package.json inside the binary
  .command(platformCommands)
  .demandCommand(1)
  .strict()
  .help()
  .parse();
