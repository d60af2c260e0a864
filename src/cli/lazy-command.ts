// Commands whose module loads only when they run. Most of kernlab's start-up
// time is loading code (zod and yaml for levels, blessed for screens, ssh2
// for the classroom): `kernlab exec` must not pay for the screens, nor
// `kernlab --version` for anything.
import type { Argv, CommandModule } from 'yargs';

/** What a command module provides: its options and what it does. */
export interface CommandImpl<T> {
  builder: (y: Argv) => Argv<T>;
  handler: (args: T) => void | Promise<void>;
}

/**
 * A yargs command named and described here, whose `load()` (a `require`
 * that esbuild keeps lazy) runs only when the command is used or its
 * --help is asked for.
 */
export function lazyCommand<T>(command: string, describe: string, load: () => CommandImpl<T>, opts: { ownsStdout?: boolean } = {}): CommandModule<object, T> {
  return {
    command,
    describe,
    builder: (y) => load().builder(y) as never,
    handler: (a) => {
      if (!opts.ownsStdout) endOnClosedStdout();
      return load().handler(a as T);
    },
  };
}

/**
 * Whoever read stdout (or stderr) went away (`kernlab shell | head -1`): stop at once
 * and quietly with 141, as a program killed by SIGPIPE does, instead of an
 * EPIPE stack trace. (A command that owns stdout, as serve, decides itself.)
 */
function endOnClosedStdout(): void {
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code !== 'EPIPE') throw e;
      process.exit(141);
    });
  }
}
