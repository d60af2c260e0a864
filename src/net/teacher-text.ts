// What the teacher reads when play stops, in both of their screens (the
// dashboard and `serve --headless`), written once here so both say the
// same: why the challenge ended (a log line), and the server's last lines
// when it stops (where the challenge stands, the top of the board, where
// the results are).

import type { Classroom } from './classroom';
import { clockText } from './clock';
import { rankLabel } from './leaderboard';
import { plural } from '../game/plural';

/** Why the challenge ended. */
export type EndReason = 'time' | 'teacher';

/** The log line when the challenge ends: "time is up: the challenge is over". */
export function endedLine(why: EndReason): string {
  return `${why === 'time' ? 'time is up' : 'ended by the teacher'}: the challenge is over`;
}

/**
 * The server's last lines, once it has stopped: where the challenge
 * stands and the top of the board, then how to read the results.
 */
export function stoppedLines(room: Classroom, dir: string): string[] {
  const phase = room.clock.phase;
  const where =
    phase === 'ended'
      ? `the challenge is over (${clockText(room.elapsed(), 'down')} played)`
      : `the challenge ${phase === 'waiting' ? 'had not started' : `was ${phase}, ${clockText(room.remaining())} left`} (serve the same --data folder again to go on)`;
  const board = room.board();
  const top = board.slice(0, 3).map((b) => `${rankLabel(b.rank)} ${b.name} ${b.score}`);
  const students = board.length ? `; ${plural(board.length, 'student')}: ${top.join(', ')}${board.length > 3 ? ', ...' : ''}` : '; no students';
  return [`server stopped: ${where}${students}`, `results: kernlab results ${dir} --csv`];
}
