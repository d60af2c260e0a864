// kernlab's command line: the only place where argv, the clock, files and
// streams meet the simulation. Every command's module loads only when that
// command runs (see lazy-command.ts); here are their names.
/* eslint-disable @typescript-eslint/no-require-imports -- lazy modules: esbuild keeps each require a deferred initialiser */
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import pkg from '../../package.json';
import { lazyCommand, type CommandImpl } from './lazy-command';
import type { CommandModule } from 'yargs';

/** A command module that still exports a whole yargs CommandModule. */
function impl<T>(m: CommandModule<object, T>): CommandImpl<T> {
  return { builder: (y) => (m.builder as (y: unknown) => never)(y), handler: (a) => m.handler(a as never) };
}

void yargs(hideBin(process.argv))
  .scriptName('kernlab')
  .usage('$0 <command> [options]')
  .version(pkg.version) // bundled: yargs cannot find package.json inside the binary
  .command(lazyCommand('play [level]', 'play the levels in the full-screen game (menu, briefing, game, debrief); --plain for a line mode', () => require('./play').playCommand))
  .command(lazyCommand('lab [words..]', 'the game screen on a machine of your own: your FILE.c programs (each followed by its arguments) start at boot; no goal, no score', () => require('./lab').labCommand))
  .command(lazyCommand('levels', 'list the levels with their topic, difficulty and your best score', () => require('./game-commands').levelsCommand))
  .command(lazyCommand('run <level>', 'play a level headless: console commands (optionally "@TICK cmd") from a script, then report the result', () => require('./game-commands').runCommand))
  .command(lazyCommand('validate <files..>', 'check level files: schema, programs compile, the reference solution solves it within par, doing nothing does not', () => require('./game-commands').validateCommand))
  .command(lazyCommand('replay <log>', 'replay a saved run log and print its result', () => require('./game-commands').replayCommand))
  .command(lazyCommand('exec <file> [args..]', 'run a kernlab C program to completion on a fresh machine and print its output; exit status as a shell reports it', () => require('./exec').execCommand))
  .command(lazyCommand('shell [file]', 'read console commands from FILE (or - / stdin) and print what the console prints', () => require('./shell').shellCommand))
  .command(lazyCommand('serve', 'host a timed classroom challenge: students join with ssh, the teacher sees the live board', () => impl(require('./serve').serveCommand), { ownsStdout: true }))
  .command(lazyCommand('results <dir>', "export a classroom's board and every level attempt (CSV or JSON) from its data folder", () => impl(require('./results').resultsCommand)))
  .command(require('./demo-screen').platformCommands)
  .demandCommand(1)
  .strict()
  .help()
  // Bad command-line input: a clear message and exit status 2.
  .fail((msg, err) => {
    process.stderr.write(`kernlab: ${msg ?? err?.message}\nTry \`kernlab --help\`.\n`);
    process.exit(2);
  })
  .parse();
