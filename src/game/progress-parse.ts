// Reading a progress file: JSON, checked against the format.

import { z } from 'zod';
import { PROGRESS_VERSION, type Progress } from './progress';

const LevelProgressSchema = z
  .object({
    best: z.number().int().min(0),
    stars: z.number().int().min(0).max(3),
    solved: z.number().int().min(0),
    played: z.number().int().min(0),
  })
  .strict();

const ProgressSchema = z.object({ kernlab: z.literal(PROGRESS_VERSION), levels: z.record(z.string(), LevelProgressSchema) }).strict();

/** Parses a progress file; throws if it is not one. */
export function parseProgress(text: string): Progress {
  const data = JSON.parse(text);
  const r = ProgressSchema.safeParse(data);
  if (!r.success) throw new Error(r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
  return r.data;
}
