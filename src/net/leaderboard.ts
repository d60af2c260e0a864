// The leaderboard: students ranked by total score, ties going to whoever
// reached their score first (challenge time), then by name. Equal score
// and time share a rank. A student without points has no rank (listed
// last, by name): a room where most have not scored yet would otherwise
// show them all tied for a place they did nothing for. Pure.

import type { ClassState, StudentState } from './class-state';

/** One line of the board. */
export interface BoardRow {
  rank: number | null; // 1 = first; equal score and time share a rank; null: no points, no rank
  name: string; // the student
  solved: number; // levels solved
  score: number; // total score
  timeMs: number | null; // challenge time the score was reached (null: no points yet)
  level: number; // index of the level being played or next (= levels: all done)
  playing: boolean; // a level is in progress
}

/** Orders two students: higher score first, then earlier time, then name. */
function compare(a: StudentState, b: StudentState): number {
  if (a.score !== b.score) return b.score - a.score;
  const ta = a.scoreMs ?? Infinity;
  const tb = b.scoreMs ?? Infinity;
  if (ta !== tb) return ta - tb;
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

/** The board for the state's students, best first. */
export function leaderboard(state: ClassState): BoardRow[] {
  const students = [...state.students.values()].sort(compare);
  const rows: BoardRow[] = [];
  students.forEach((s, i) => {
    const prev = rows[i - 1];
    const tie = prev !== undefined && prev.score === s.score && prev.timeMs === s.scoreMs;
    rows.push({
      rank: s.score <= 0 ? null : tie ? prev.rank : i + 1,
      name: s.name,
      solved: s.solved,
      score: s.score,
      timeMs: s.scoreMs,
      level: s.current ? s.current.index : s.next,
      playing: s.current !== null,
    });
  });
  return rows;
}

/** A rank as shown on every board: "3", or "-" for a student without points. */
export function rankText(rank: number | null): string {
  return rank === null ? '-' : String(rank);
}

/** A rank in a list: "3." , or "-" for a student without points. */
export function rankLabel(rank: number | null): string {
  return rank === null ? '-' : `${rank}.`;
}
