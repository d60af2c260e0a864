// The classroom without a dashboard (`kernlab serve --headless`): every
// event as a log line, the board after each change, and commands read as
// lines (from stdin, or a test): start, pause, resume, extend [MIN], end,
// board, quit. For tests, CI and scripts.

import type { Classroom } from './classroom';
import { clockText } from './clock';
import { plural } from '../game/plural';
import { rankLabel, type BoardRow } from './leaderboard';

/** One line per row: "1. alice 1950 (2/3 solved, 3:12)". */
export function boardText(rows: readonly BoardRow[], levels: number, max = 20): string {
  if (!rows.length) return 'board: (nobody yet)';
  const shown = rows.slice(0, max).map((r) => `${rankLabel(r.rank)} ${r.name} ${r.score} (${r.solved}/${levels} solved${r.timeMs === null ? '' : `, ${clockText(r.timeMs)}`})`);
  return `board: ${shown.join(' | ')}${rows.length > max ? ` | ... ${rows.length - max} more` : ''}`;
}

/** The clock in words: the time left, or once over how long it was played. */
export function clockState(room: Classroom): string {
  return room.clock.phase === 'ended' ? `${clockText(room.elapsed(), 'down')} played` : `${clockText(room.remaining())} left`;
}

/** What a command line did. */
export type CommandOutcome = { ok: true; text: string } | { ok: false; text: string } | { quit: true };

/** Run a teacher's command line on the classroom. */
export function runCommand(room: Classroom, line: string): CommandOutcome {
  const [cmd, arg] = line.trim().split(/\s+/);
  switch (cmd) {
    case '':
    case undefined:
      return { ok: true, text: '' };
    case 'start':
    case 'resume':
    case 's':
      return room.startClock() ? { ok: true, text: '' } : { ok: false, text: `cannot start: the challenge is ${room.clock.phase === 'ended' ? 'over' : room.clock.phase}` };
    case 'pause':
    case 'p':
      return room.pauseClock() ? { ok: true, text: '' } : { ok: false, text: `cannot pause: the challenge is ${room.clock.phase === 'ended' ? 'over' : room.clock.phase}` };
    case 'extend':
    case 'e': {
      const min = arg === undefined ? 5 : Number(arg);
      if (!Number.isFinite(min) || min <= 0 || min > 600) return { ok: false, text: `extend: "${arg}" is not a number of minutes` };
      return room.extendClock(Math.round(min * 60_000)) ? { ok: true, text: '' } : { ok: false, text: 'cannot extend: the challenge is over' };
    }
    case 'end':
    case 'x':
      return room.endClock('teacher') ? { ok: true, text: '' } : { ok: false, text: 'the challenge is already over' };
    case 'board':
    case 'b':
      return { ok: true, text: boardText(room.board(), room.challenge.levels.length, 1000) };
    case 'status':
      return { ok: true, text: `status: ${room.clock.phase}, ${clockState(room)}, ${room.online.size} connected, ${plural(room.state.students.size, 'student')}` };
    case 'quit':
    case 'q':
      return { quit: true };
    default:
      return { ok: false, text: `unknown command "${cmd}" (start, pause, resume, extend [MIN], end, board, status, quit)` };
  }
}

/**
 * Follow the classroom's events with log lines. Returns a function that
 * stops following.
 */
export function followHeadless(room: Classroom, write: (line: string) => void): () => void {
  const levels = room.challenge.levels.length;
  let lastBoard = '';
  const onLog = (line: string): void => write(line);
  const onBoard = (): void => {
    const text = boardText(room.board(), levels);
    if (text !== lastBoard) write(text);
    lastBoard = text;
  };
  const onClock = (phase: string): void => {
    write(`clock: ${phase}, ${clockState(room)}`);
    // The end always shows the final board, changed or not (the teacher's last look).
    if (phase === 'ended') {
      lastBoard = boardText(room.board(), levels);
      write('final ' + lastBoard);
    }
  };
  let lastMinute = -1;
  const onSecond = (): void => {
    if (room.clock.phase !== 'running') return;
    const m = Math.ceil(room.remaining() / 60_000);
    if (m !== lastMinute && lastMinute !== -1) write(`clock: ${clockText(room.remaining())} left`);
    lastMinute = m;
  };
  room.on('log', onLog);
  room.on('board', onBoard);
  room.on('clock', onClock);
  room.on('second', onSecond);
  return () => {
    room.off('log', onLog);
    room.off('board', onBoard);
    room.off('clock', onClock);
    room.off('second', onSecond);
  };
}
