// The run log: a level, a seed, and the player's steps with the tick of
// each. It is the save file and the replay: reducing it from the start
// gives the same game, bit for bit. (Reading one from a file is
// runlog-parse.ts: it needs zod, which screens should not wait for.)

export const RUNLOG_VERSION = 1;

export type RunStep = { tick: number; cmd: string } | { tick: number; hint: number };

export interface RunLog {
  kernlab: number; // format version
  level: string; // level id
  seed: string;
  steps: RunStep[];
  end: number; // ticks the run lasted
  freeHints?: true; // hints cost nothing (the player had solved the level before)
}
