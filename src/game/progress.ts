// A player's progress: best score and stars per level. Pure: the CLI reads
// and writes the file (src/cli/progress-store.ts; progress-parse.ts checks
// what it reads).

export const PROGRESS_VERSION = 1;

export interface LevelProgress {
  best: number; // best score
  stars: number; // best stars
  solved: number; // times solved
  played: number; // times played to the end
}

export interface Progress {
  kernlab: number; // format version
  levels: Record<string, LevelProgress>; // by level id
}

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

/** A level is open once the level before it (by order) is solved, or once it was solved itself; the first is always open. */
export function isUnlocked(p: Progress, orderedIds: string[], id: string): boolean {
  const i = orderedIds.indexOf(id);
  if (i <= 0) return true;
  // A level solved already (played by name, `kernlab play ID`) stays open.
  if ((p.levels[id]?.solved ?? 0) > 0) return true;
  return (p.levels[orderedIds[i - 1]]?.solved ?? 0) > 0;
}
