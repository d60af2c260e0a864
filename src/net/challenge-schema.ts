// The challenge file format (levels/challenges/*.yaml): which levels, in
// which order, for how long, with which seeds, scored how.
//
//   title: Processes, quick round
//   duration: 20m            # or 90s, 1h30m, or a number of minutes
//   levels:                  # played in this order
//     - first-contact        # a shipped level's id ...
//     - ../my-levels/x.yaml  # ... or a level file, relative to this file
//   seed: { shared: lab-3 }  # or { per-student: lab-3 }
//   scoring: sum             # sum of level scores; ties go to who got there first
//   speed: 0.2               # simulated time per wall time at the start of a level

import { z } from 'zod';
import { MAX_DURATION_MS } from './limits';

/** "20m", "90s", "1h30m", "1h 5m 30s", "20 minutes" or a number of minutes → ms; null if not a duration. */
export function parseDuration(v: string | number): number | null {
  if (typeof v === 'number') return Number.isFinite(v) && v > 0 ? Math.round(v * 60_000) : null;
  const t = v.trim().toLowerCase();
  if (/^\d+(\.\d+)?$/.test(t)) return parseDuration(Number(t));
  // Units as a teacher writes them too: 20 minutes, 1 hour 30 min, 90 seconds.
  const m = /^(?:(\d+)\s*h(?:ours?|rs?)?)?\s*(?:(\d+)\s*m(?:in(?:utes?|s)?)?)?\s*(?:(\d+)\s*s(?:ec(?:onds?|s)?)?)?$/.exec(t);
  if (!m || (!m[1] && !m[2] && !m[3])) return null;
  const ms = (Number(m[1] ?? 0) * 3600 + Number(m[2] ?? 0) * 60 + Number(m[3] ?? 0)) * 1000;
  return ms > 0 ? ms : null;
}

/** "20m" style text for a duration in ms (whole seconds). */
export function formatDuration(ms: number): string {
  const s = Math.round(ms / 1000);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  return [h ? `${h}h` : '', m ? `${m}m` : '', sec || (!h && !m) ? `${sec}s` : ''].join('');
}

const Duration = z.union([z.number(), z.string()]).superRefine((v, ctx) => {
  const ms = parseDuration(v);
  if (ms === null) ctx.addIssue({ code: 'custom', message: `"${v}" is not a duration (try 20m, 90s, 1h30m, or a number of minutes)` });
  else if (ms > MAX_DURATION_MS) ctx.addIssue({ code: 'custom', message: `at most ${MAX_DURATION_MS / 3600_000}h` });
});

const SeedValue = z.union([z.string().min(1), z.number()]).transform(String);

export const ChallengeSchema = z
  .object({
    title: z.string().min(1), // shown to the students and on the dashboard
    duration: Duration, // time on the clock
    levels: z.array(z.string().min(1)).min(1).max(50), // level ids or level files, in play order
    seed: z.union([z.object({ shared: SeedValue }).strict(), z.object({ 'per-student': SeedValue }).strict()]), // seed policy
    scoring: z.literal('sum').default('sum'), // the only rule so far: sum of level scores, ties by time
    speed: z.number().min(0.01).max(10).optional(), // start speed of each level (default: the game's)
  })
  .strict();

export type ChallengeSpec = z.output<typeof ChallengeSchema>;
