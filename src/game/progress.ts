// A player's progress: best score and stars per level. Pure: the CLI reads
// and writes the file (src/cli/progress-store.ts).

import { z } from 'zod';

export const PROGRESS_VERSION = 1;

const LevelProgress = z
  .object({
    best: z.number().int().min(0), // best score
    stars: z.number().int().min(0).max(3), // best stars
    solved: z.number().int().min(0), // times solved
    played: z.number().int().min(0), // times played to the end
  })
  .strict();

export const ProgressSchema = z.object({ kernlab: z.literal(PROGRESS_VERSION), levels: z.record(z.string(), LevelProgress) }).strict();

export type Progress = z.infer<typeof ProgressSchema>;
export type LevelProgress = z.infer<typeof LevelProgress>;

export function emptyProgress(): Progress {
  return { kernlab: PROGRESS_VERSION, levels: {} };
}

/** Records a finished play; returns a new Progress. */
export function recordResult(p: Progress, level: string, solved: boolean, score: number, stars: number): Progress {
  const old = p.levels[level] ?? { best: 0, stars: 0, solved: 0, played: 0 };
  return {
    ...p,
    levels: {
      ...p.levels,
      [level]: {
        best: Math.max(old.best, solved ? score : 0),
        stars: Math.max(old.stars, solved ? stars : 0),
        solved: old.solved + (solved ? 1 : 0),
        played: old.played + 1,
      },
    },
  };
}

/** A level is open once every level before it (by order) is solved; the first is always open. */
export function isUnlocked(p: Progress, orderedIds: string[], id: string): boolean {
  const i = orderedIds.indexOf(id);
  if (i <= 0) return true;
  return (p.levels[orderedIds[i - 1]]?.solved ?? 0) > 0;
}

/** Parses a progress file; throws if it is not one. */
export function parseProgress(text: string): Progress {
  const data = JSON.parse(text);
  const r = ProgressSchema.safeParse(data);
  if (!r.success) throw new Error(r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
  return r.data;
}
