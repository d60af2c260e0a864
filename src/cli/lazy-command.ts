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
export function lazyCommand<T>(command: string, describe: string, load: () => CommandImpl<T>): CommandModule<object, T> {
  return {
    command,
    describe,
    builder: (y) => load().builder(y) as never,
    handler: (a) => load().handler(a as T),
  };
}
