// kernlab's command line: the only place where argv, the clock, files and
// streams meet the simulation.
import { platformCommands } from './demo-screen';
import { execCommand } from './exec';
import { shellCommand } from './shell';
import { levelsCommand, replayCommand, runCommand, validateCommand } from './game-commands';
import { serveCommand } from './serve';
import { resultsCommand } from './results';
import { playCommand } from './play';
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import pkg from '../../package.json';

void yargs(hideBin(process.argv))
  .scriptName('kernlab')
  .usage('$0 <command> [options]')
  .version(pkg.version) // bundled: yargs cannot find package.json inside the binary
  .command(execCommand)
  .command(shellCommand)
  .command(playCommand)
  .command(levelsCommand)
  .command(runCommand)
  .command(validateCommand)
  .command(replayCommand)
  .command(serveCommand)
  .command(resultsCommand)
  .command(platformCommands)
  .demandCommand(1)
  .strict()
  .help()
  // Bad command-line input: a clear message and exit status 2.
  .fail((msg, err) => {
    process.stderr.write(`kernlab: ${msg ?? err?.message}\nTry \`kernlab --help\`.\n`);
    process.exit(2);
  })
  .parse();
