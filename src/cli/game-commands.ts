// The headless game commands' options: levels, run, validate, replay. Their
// work is in game-run.ts.
import type { CommandImpl } from './lazy-command';

export const levelsCommand: CommandImpl<object> = {
  builder: (y) => y,
  handler: async () => (await import('./game-run')).listLevels(),
};

export interface RunArgs {
  level: string;
  seed?: string;
  script?: string;
  json: boolean;
  save: boolean;
}

export const runCommand: CommandImpl<RunArgs> = {
  builder: (y) =>
    y
      .positional('level', { type: 'string', demandOption: true, describe: 'level id, number, or a level file' })
      .option('seed', { type: 'string', describe: "seed (default: the level's)" })
      .option('script', { type: 'string', nargs: 1, describe: 'file of console commands ("@TICK cmd" at a tick), or - for stdin; without it, time runs to the limit' })
      .option('json', { type: 'boolean', default: false, describe: 'print {level, seed, solved, reason, score, stars, ticks, commands, actions, hints, log} (reason: why it was not solved, or null)' })
      .option('save', { type: 'boolean', default: true, describe: 'record the result in your progress (--no-save: leave it alone)' }) as never,
  handler: async (a) => (await import('./game-run')).runLevel(a),
};

export interface ValidateArgs {
  files: string[];
}

export const validateCommand: CommandImpl<ValidateArgs> = {
  builder: (y) => y.positional('files', { type: 'string', array: true, demandOption: true, describe: 'level files (.yaml), their programs next to them; or a challenge file (its levels are checked)' }) as never,
  handler: async (a) => (await import('./game-run')).validateFiles(a),
};

export interface ReplayArgs {
  log: string;
  level?: string;
  json: boolean;
}

export const replayCommand: CommandImpl<ReplayArgs> = {
  builder: (y) =>
    y
      .positional('log', { type: 'string', demandOption: true, describe: 'a run log (play saves them under runs/ in your data folder) or the output of run --json' })
      .option('level', { type: 'string', describe: "level file, if not one of kernlab's" })
      .option('json', { type: 'boolean', default: false, describe: 'print the result as run --json does' }) as never,
  handler: async (a) => (await import('./game-run')).replayLog(a),
};
