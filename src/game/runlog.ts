// The run log: a level, a seed, and the player's steps with the tick of
// each. It is the save file and the replay: reducing it from the start
// gives the same game, bit for bit.

import { z } from 'zod';

export const RUNLOG_VERSION = 1;

export type RunStep = { tick: number; cmd: string } | { tick: number; hint: number };

export interface RunLog {
  kernlab: number; // format version
  level: string; // level id
  seed: string;
  steps: RunStep[];
  end: number; // ticks the run lasted
}

export const RunLogSchema = z
  .object({
    kernlab: z.literal(RUNLOG_VERSION),
    level: z.string(),
    seed: z.string(),
    steps: z.array(
      z.union([
        z.object({ tick: z.number().int().min(0), cmd: z.string() }).strict(),
        z.object({ tick: z.number().int().min(0), hint: z.number().int().min(1) }).strict(),
      ]),
    ),
    end: z.number().int().min(0),
  })
  .strict();

/** Parses a saved log; throws with the field at fault. */
export function parseRunLog(text: string): RunLog {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new Error(`not a kernlab run log: ${(e as Error).message}`, { cause: e });
  }
  const r = RunLogSchema.safeParse(data);
  if (!r.success) {
    const i = r.error.issues[0];
    throw new Error(`not a kernlab run log: ${i.path.join('.') || '(top)'}: ${i.message}`);
  }
  return r.data as RunLog;
}
