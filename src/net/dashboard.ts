// The teacher's dashboard: the serve process's own terminal. The clock and
// its keys (s start/resume, p pause, e +5 min, x end, q stop the server),
// the leaderboard as a table and as a bar chart, who is connected, and the
// log. Updated live from the classroom's events, at most every DRAW_MS.
//
// The whole layout is declared in layout() (as gtop does with its grid);
// no widget owns a timer.

import blessed from 'blessed';
import contribBar from 'blessed-contrib/lib/widget/charts/bar.js';
import contribTable from 'blessed-contrib/lib/widget/table.js';
import { createScreen, destroyScreen } from '../ui/term/screen';
import type { TerminalEnv, TtyInput, TtyOutput } from '../ui/term/tty';
import { esc, fit, textNow, wrapText, type LiveText } from '../ui/text';
import { COLOURS } from '../ui/theme';
import type { Classroom } from './classroom';
import type { StudentState } from './class-state';
import { clockText, type ClockPhase } from './clock';
import { rankText } from './leaderboard';
import { EXTEND_MS } from './limits';

/** Redraw at most this often (events come in bursts). */
const DRAW_MS = 250;
/** Log lines kept. */
const LOG_MAX = 200;

/** What the dashboard needs. */
export interface DashboardOptions {
  input: TtyInput; // the teacher's keyboard
  output: TtyOutput; // the teacher's terminal
  env: TerminalEnv; // the teacher's environment
  room: Classroom; // the classroom
  intro: LiveText[]; // start-up lines (challenge, data folder, join line, code); a function is read at every draw (the time on the clock)
  joinLine: string; // "ssh -p 2222 NAME@HOST"
  joinCode: string; // the password
  backlog: string[]; // log lines from before the dashboard opened
  setLog(f: ((line: string) => void) | null): void; // where the server's log lines go meanwhile
  onSignal(sig: 'SIGINT' | 'SIGTERM' | 'SIGHUP', f: () => void): void; // process signals
}

/** The confirmation asked, if any. */
type Asking = 'end' | 'quit' | null;

/** Show the dashboard until the teacher stops the server; resolves with the exit status. */
export function runDashboard(o: DashboardOptions): Promise<number> {
  const room = o.room;
  const screen = createScreen({ input: o.input, output: o.output, env: o.env, title: `kernlab classroom: ${room.challenge.title}` });
  const levels = room.challenge.levels.length;
  const logLines: LiveText[] = [...o.intro, ...o.backlog].slice(-LOG_MAX);
  let asking: Asking = null;
  let boardTop = 0; // first board row the table shows (a class larger than the table scrolls)
  let drawTimer: NodeJS.Timeout | null = null;
  let closed = false;

  const box = (opts: blessed.Widgets.BoxOptions): blessed.Widgets.BoxElement => blessed.box({ parent: screen, screen, tags: true, wrap: false, ...opts });
  const framed = (label: string): blessed.Widgets.BoxElement =>
    box({ border: { type: 'line' }, label: ` {bold}${label}{/bold} `, style: { border: { fg: COLOURS.border } } } as blessed.Widgets.BoxOptions);

  const head = box({ top: 0, left: 0, height: 1, width: '100%' });
  const clock = framed('Clock');
  const online = framed('Connected');
  const log = framed('Log');
  const keys = box({ left: 0, height: 1, width: '100%' });
  const confirm = box({ hidden: true, border: { type: 'line' }, style: { border: { fg: COLOURS.warn } } } as blessed.Widgets.BoxOptions);
  let table: ReturnType<typeof contribTable> | null = null;
  let bars: ReturnType<typeof contribBar> | null = null;
  let barsSize = ''; // the chart's size (its canvas is made for one size)
  let tableWidths = ''; // the table's column widths (fixed when it is made)
  let tableAt = { left: 0, width: 0, height: 0 }; // where layout() puts the table

  /**
   * Place everything for the terminal's size (re-creates the table and the
   * chart: their columns and canvas are sized once).
   *
   *   head line
   *   Clock      | Leaderboard (table)
   *   Connected  | Scores (bar chart)
   *   Log (full width)
   *   key bar
   */
  function layout(): void {
    const w = screen.width as number;
    const h = screen.height as number;
    const left = Math.max(26, Math.min(36, Math.floor(w * 0.28)));
    const right = w - left;
    const logH = Math.max(4, Math.floor((h - 2) * 0.25));
    const mainH = Math.max(8, h - 2 - logH); // rows between the head line and the log
    const clockH = 5;
    clock.top = 1;
    clock.left = 0;
    clock.width = left;
    clock.height = clockH;
    online.top = 1 + clockH;
    online.left = 0;
    online.width = left;
    online.height = Math.max(3, mainH - clockH);
    log.top = 1 + mainH;
    log.left = 0;
    log.width = w;
    log.height = Math.max(3, h - 2 - mainH);
    keys.top = h - 1;
    const tableH = Math.max(6, Math.floor(mainH * 0.6));
    tableAt = { left, width: right, height: tableH };
    placeTable();
    const barsH = Math.max(6, mainH - tableH);
    const size = `${right}x${barsH}`;
    if (size !== barsSize) {
      barsSize = size;
      if (bars) bars.destroy();
      bars = contribBar({
        screen,
        label: ' Scores ',
        border: { type: 'line' },
        top: 1 + tableH,
        left,
        width: right,
        height: barsH,
        barWidth: 6,
        barSpacing: 9,
        xOffset: 1,
        maxHeight: 1000,
        barBgColor: 'cyan',
      } as Parameters<typeof contribBar>[0]);
      screen.append(bars);
    }
    confirm.setFront();
  }

  /**
   * The leaderboard table, with columns for its width and the names it
   * shows (re-made when they change: a contrib table's columns are fixed).
   * NAME is as wide as the longest name, so that the level, the column a
   * teacher looks at to see who is stuck where, keeps the rest (at 80
   * columns it had two characters left: "2 " without its name).
   */
  function placeTable(): void {
    const cols = tableColumns(tableAt.width, room.board().map((r) => r.name));
    const widths = cols.join();
    if (table && tableWidths !== widths) {
      table.destroy();
      table = null;
    }
    tableWidths = widths;
    if (!table) {
      table = contribTable({
        screen,
        label: ' Leaderboard ',
        border: { type: 'line' },
        columnWidth: cols,
        columnSpacing: 1,
        interactive: false,
        fg: 'white',
        tags: true,
      } as Parameters<typeof contribTable>[0]);
      // contrib draws the rows one column right of the header (its list sits
      // at left: 1): both start at 0 here, each with a space of its own.
      (table as unknown as { rows: blessed.Widgets.ListElement }).rows.left = 0;
      screen.append(table);
      confirm.setFront();
    }
    table.top = 1;
    table.left = tableAt.left;
    table.width = tableAt.width;
    table.height = tableAt.height;
  }

  function drawClock(): void {
    const phase = room.clock.phase;
    const word = { waiting: 'WAITING', running: 'RUNNING', paused: 'PAUSED', ended: 'OVER' }[phase];
    const colour = phase === 'running' ? COLOURS.good : phase === 'ended' ? COLOURS.bad : COLOURS.warn;
    // Once over, the time that was left means nothing: say how long it was played.
    const time = phase === 'ended' ? `${clockText(room.elapsed(), 'down')} played` : `${clockText(room.remaining())} left`;
    const hint =
      phase === 'waiting'
        ? 'press s to start'
        : phase === 'paused'
          ? room.heldForRestart
            ? 'restored: press s to resume' // the server restarted while it ran
            : 'press s to resume'
          : phase === 'running'
            ? `${clockText(room.elapsed(), 'down')} played`
            : 'final board';
    clock.setContent(`\n {bold}{${colour}-fg}${word}{/${colour}-fg}{/bold}  {bold}${time}{/bold}\n {${COLOURS.dim}-fg}${esc(hint)}{/${COLOURS.dim}-fg}`);
  }

  /** Board rows the table shows at once (inside its border, under its header and the blank line). */
  function boardFits(): number {
    return Math.max(1, (table!.height as number) - 4);
  }

  function drawBoard(): void {
    placeTable();
    const all = room.board();
    const fits = boardFits();
    boardTop = Math.max(0, Math.min(boardTop, all.length - fits));
    const rows = all.slice(boardTop, boardTop + fits);
    // A class larger than the table scrolls (↑↓ PgUp PgDn); the label says which part shows.
    table!.setLabel(all.length > fits ? ` Leaderboard ${boardTop + 1}-${boardTop + rows.length} of ${all.length} ` : ' Leaderboard ');
    const ids = room.challenge.levels.map((l) => l.spec.id);
    const widths = tableWidths.split(',').map(Number);
    const nameW = widths[1] - 1; // the gap after it
    const levelW = widths[widths.length - 1];
    table!.setData({
      headers: [' #', 'NAME', 'SOLVED', 'SCORE', 'TIME', 'LEVEL'],
      data: rows.map((r) => [
        ' ' + rankText(r.rank),
        fit(room.online.has(r.name) ? r.name : `(${r.name})`, nameW, '…').trimEnd(),
        `${r.solved}/${levels}`,
        String(r.score),
        r.timeMs === null ? '-' : clockText(r.timeMs),
        r.level >= levels ? 'done' : levelCell(r.level + 1, ids[r.level], levelState(r), levelW),
      ]),
    });
    const width = (bars!.width as number) - 4;
    const top = all.slice(0, Math.max(1, Math.floor(width / 9)));
    bars!.setData({ titles: top.map((r) => r.name.slice(0, 8)), data: top.map((r) => r.score) });
  }

  /** " (next)" on its briefing, " (failed)" on the page that offers a retry, "" while played or once over. */
  function levelState(r: { name: string; level: number; playing: boolean }): string {
    if (r.playing || room.clock.phase === 'ended') return '';
    const s = room.state.students.get(r.name);
    return s?.results.some((x) => x.index === r.level) ? ' (failed)' : ' (next)';
  }

  function drawOnline(): void {
    const names = [...room.online.keys()].sort();
    const inner = Math.max(1, (online.height as number) - 2);
    const shown = names.slice(0, inner);
    const more = names.length - shown.length;
    online.setLabel(` {bold}Connected: ${names.length}{/bold} `);
    // Names as wide as the longest shown (up to 16), but "level 2 failed"
    // (who may need help) is kept whole beside them: a long name is cut (…).
    const wheres = shown.map((n) => {
      const s = room.state.students.get(n);
      return !s ? '' : whereIs(s, levels, room.clock.phase);
    });
    const width = (online.width as number) - 2;
    const longestName = Math.max(0, ...shown.map((n) => n.length));
    const longestWhere = Math.max(0, ...wheres.map((w) => w.length));
    const nameW = Math.max(4, Math.min(16, longestName, width - 2 - longestWhere));
    const whereW = Math.max(1, width - nameW - 2);
    const lines = shown.map((n, i) => ` ${esc(fit(n, nameW, '…'))} {${COLOURS.dim}-fg}${esc(fit(wheres[i], whereW).trimEnd())}{/${COLOURS.dim}-fg}`);
    if (more > 0) lines[lines.length - 1] = ` {${COLOURS.dim}-fg}... ${more + 1} more{/${COLOURS.dim}-fg}`;
    online.setContent(lines.join('\n'));
  }

  function drawLog(): void {
    const inner = Math.max(1, (log.height as number) - 2);
    const width = Math.max(1, (log.width as number) - 3);
    // The newest lines, wrapped (not cut: "note: this challenge is over ...
    // for a new class, ..." and the data folder's state must be read whole
    // on an 80-column terminal too).
    const rows: string[] = [];
    for (let i = logLines.length - 1; i >= 0 && rows.length < inner; i--) rows.unshift(...logRows(textNow(logLines[i]), width));
    log.setContent(
      rows
        .slice(-inner)
        .map((l) => ' ' + esc(l))
        .join('\n'),
    );
  }

  function drawHead(): void {
    // The join line and the code always show; the title only when it fits.
    const w = screen.width as number;
    const tail = `join: {bold}${esc(o.joinLine)}{/bold} · code {bold}${esc(o.joinCode)}{/bold}`;
    const tailLen = `join: ${o.joinLine} · code ${o.joinCode}`.length;
    const full = ` {bold}kernlab classroom{/bold} · ${esc(room.challenge.title)} · `;
    const fullLen = ` kernlab classroom · ${room.challenge.title} · `.length;
    head.setContent(fullLen + tailLen <= w ? full + tail : tailLen + 9 <= w ? ` {bold}kernlab{/bold} · ${tail}` : ` ${tail}`);
    // Only the keys that do something now (s while running, or s, p, e, x once over, did nothing).
    const phase = room.clock.phase;
    const pairs: Array<[string, string]> = [];
    if (phase === 'waiting' || phase === 'paused') pairs.push(['s', phase === 'paused' ? 'resume' : 'start']);
    if (phase === 'running') pairs.push(['p', 'pause']);
    if (phase !== 'ended') pairs.push(['e', `+${EXTEND_MS / 60_000} min`], ['x', 'end']);
    pairs.push(['q', 'stop server']);
    if (table && room.board().length > boardFits()) pairs.push(['↑↓ PgUp PgDn', 'scroll the board']);
    keys.setContent(pairs.map(([k, v]) => ` {${COLOURS.accent}-fg}{bold}${k}{/bold}{/${COLOURS.accent}-fg} ${v} `).join(''));
  }

  function drawConfirm(): void {
    if (!asking) {
      confirm.hide();
      return;
    }
    const text =
      asking === 'end'
        ? ['End the challenge now?', 'Levels in progress are closed; everyone sees the final board.', '', '{bold}y{/bold} end it    {bold}n{/bold} keep going']
        : [
            'Stop the server?',
            'Students are disconnected. Serving again with the same',
            ...(room.clock.phase === 'running'
              ? ['data folder brings the challenge back where it stands,', 'paused: s resumes it once students are back.']
              : ['data folder brings the challenge back where it stands.']),
            '',
            '{bold}y{/bold} stop    {bold}n{/bold} keep serving',
          ];
    const w = Math.min((screen.width as number) - 2, Math.max(...text.map((l) => l.replace(/\{[^}]*\}/g, '').length)) + 4);
    confirm.width = w;
    confirm.height = text.length + 2;
    confirm.left = Math.max(0, Math.floor(((screen.width as number) - w) / 2));
    confirm.top = Math.max(0, Math.floor(((screen.height as number) - text.length - 2) / 2));
    confirm.setContent(text.map((l) => ' ' + l).join('\n'));
    confirm.show();
    confirm.setFront();
  }

  function draw(): void {
    if (closed) return;
    drawHead();
    drawClock();
    drawBoard();
    drawOnline();
    drawLog();
    drawConfirm();
    screen.render();
  }

  /** Draw soon (events come in bursts). */
  function soon(): void {
    if (drawTimer || closed) return;
    drawTimer = setTimeout(() => {
      drawTimer = null;
      draw();
    }, DRAW_MS);
  }

  const stamp = (): string => new Date().toTimeString().slice(0, 8);
  const addLog = (line: string): void => {
    for (const l of line.split('\n')) logLines.push(`${stamp()} ${l}`);
    if (logLines.length > LOG_MAX) logLines.splice(0, logLines.length - LOG_MAX);
    soon();
  };
  o.setLog(addLog); // the server's own lines (ssh)
  const listeners: Array<[string, (...a: never[]) => void]> = [
    ['log', addLog], // the classroom's
    ['board', soon],
    ['presence', soon],
    ['clock', soon],
    ['second', soon],
  ];
  for (const [e, f] of listeners) (room as unknown as NodeJS.EventEmitter).on(e, f as (...a: unknown[]) => void);

  return new Promise<number>((resolve) => {
    const finish = (): void => {
      if (closed) return;
      closed = true;
      if (drawTimer) clearTimeout(drawTimer);
      for (const [e, f] of listeners) (room as unknown as NodeJS.EventEmitter).off(e, f as (...a: unknown[]) => void);
      o.setLog(null);
      destroyScreen(screen);
      resolve(0);
    };
    for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) o.onSignal(sig, finish);
    screen.on('keypress', (_ch: string | undefined, key: { full?: string }) => {
      const k = key.full ?? '';
      if (asking) {
        if (k === 'y') {
          const what = asking;
          asking = null;
          if (what === 'end') room.endClock('teacher');
          else return finish();
        } else if (k === 'n' || k === 'escape' || k === 'q') asking = null;
        draw();
        return;
      }
      switch (k) {
        case 's':
          room.startClock();
          break;
        case 'p':
          room.pauseClock();
          break;
        case 'e':
          room.extendClock();
          break;
        case 'x':
          if (room.clock.phase !== 'ended') asking = 'end';
          break;
        case 'q':
        case 'C-c':
          asking = 'quit';
          break;
        case 'down':
        case 'j':
          boardTop++;
          break;
        case 'up':
        case 'k':
          boardTop = Math.max(0, boardTop - 1);
          break;
        case 'pagedown':
        case 'space':
          boardTop += boardFits();
          break;
        case 'pageup':
          boardTop = Math.max(0, boardTop - boardFits());
          break;
        case 'home':
          boardTop = 0;
          break;
        case 'end':
          boardTop = room.board().length;
          break;
        default:
          return;
      }
      draw();
    });
    screen.on('resize', () => {
      layout();
      draw();
    });
    layout();
    draw();
  });
}

/**
 * Where a connected student is, for the teacher: "waiting", "level 2"
 * (playing it), "level 2 failed" (on the page that offers a retry: they
 * may need help), "level 2 next" (its briefing), "done", "over".
 */
export function whereIs(s: StudentState, levels: number, phase: ClockPhase): string {
  if (phase === 'waiting') return 'waiting';
  if (s.current) return `level ${s.current.index + 1}`;
  if (s.next >= levels) return 'done';
  if (phase === 'ended') return 'over';
  const tried = s.results.some((r) => r.index === s.next);
  return `level ${s.next + 1} ${tried ? 'failed' : 'next'}`;
}

/**
 * The leaderboard's column widths for a table `width` wide showing these
 * names: #, NAME (the longest name, in parentheses when not connected, up
 * to 24), SOLVED, SCORE, TIME, and LEVEL gets the rest. A contrib table
 * leaves no space between columns: each width includes the gap after it.
 */
export function tableColumns(width: number, names: readonly string[]): number[] {
  const inner = width - 3; // contrib's rows are the table's width less 3
  const fixed = [5, 0, 7, 7, 8];
  const longest = Math.max(4, ...names.map((n) => n.length + 2));
  // The level keeps at least 14 columns ("2 zombie-fro…") when names are long.
  const nameW = Math.max(5, Math.min(longest + 1, 25, inner - (5 + 7 + 7 + 8) - 14));
  fixed[1] = nameW;
  const levelW = Math.max(6, inner - fixed.reduce((a, b) => a + b, 0));
  return [...fixed, levelW];
}

/** "2 zombie-frozen-parent (failed)" in `w` columns: the level's id is cut (…), its number and state are kept. */
export function levelCell(n: number, id: string, state: string, w: number): string {
  const full = `${n} ${id}${state}`;
  if (full.length <= w) return full;
  const room = w - `${n} `.length - state.length;
  if (room >= 2) return `${n} ${id.slice(0, room - 1)}…${state}`;
  return fit(`${n}${state}`, w, '…').trimEnd();
}

/** A log line wrapped to `w` columns; continuation rows are indented past the time stamp. */
function logRows(line: string, w: number): string[] {
  if (line.length <= w) return [line];
  const indent = /^\d\d:\d\d:\d\d /.test(line) ? 9 : 2;
  const first = wrapText(line, w);
  if (first.length <= 1 || w <= indent + 10) return first.map((l) => l.slice(0, w));
  const head = first[0];
  const rest = wrapText(line.slice(head.length).trimStart(), w - indent).map((l) => ' '.repeat(indent) + l);
  return [head, ...rest];
}
