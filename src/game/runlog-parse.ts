// Reading a run log from a file: JSON, checked against the format.

import { z } from 'zod';
import { RUNLOG_VERSION, type RunLog } from './runlog';

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
    freeHints: z.literal(true).optional(),
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
  // A game records its steps in time order and ends after the last one;
  // replay advances to each step's tick without stopping, so a log out of
  // order (or a hand-edited one) would run the wrong game, or for ever.
  const log = r.data as RunLog;
  let last = 0;
  log.steps.forEach((s, i) => {
    if (s.tick < last) throw new Error(`not a kernlab run log: steps.${i}.tick: ${s.tick} is earlier than the step before it (${last})`);
    last = s.tick;
  });
  if (log.end < last) throw new Error(`not a kernlab run log: end: ${log.end} is earlier than the last step (tick ${last})`);
  return log;
}
