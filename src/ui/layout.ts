// THE layout of the game screen: where every pane goes at every terminal
// size. Nothing else in kernlab decides a pane's position or size.
//
// Rows: a one-line header (level, run state, speed, ticks, wall time) at
// the top, a one-line key bar at the bottom, the panes in between.
//
// FULL (at least 120x32): every pane at once. Goal and tasks on the left,
// full height; on the right two rows of two panes, and under them the
// console, as wide as the rest of the screen (89 columns at 120): ps,
// pstree and /proc/PID/maps print for an 80-column terminal, and a
// console narrower than that wraps every line they print.
//
//   ┌ Goal ───────┐┌ CPUs ───────────┐┌ Source ──────────────┐
//   │             ││                 ││                      │
//   └─────────────┘└─────────────────┘└──────────────────────┘
//   ┌ Tasks ──────┐┌ Memory map ─────┐┌ MMU trace ───────────┐
//   │             ││                 ││                      │
//   │             │└─────────────────┘└──────────────────────┘
//   │             │┌ Console ───────────────────────────────┐
//   │             ││                                        │
//   └─────────────┘└────────────────────────────────────────┘
//
// COMPACT (80x24 up to FULL): the console takes the full width at the
// bottom; above it the task tree on the left, the goal on the right, and
// under the goal ONE detail slot that shows the CPUs, the memory map, the
// MMU trace or the source — whichever of them was focused last (Tab, or
// the keys 2-6, bring the others in). This is how panes collapse at 80x24:
// the four detail panes share one place; tasks, goal and console stay.
//
// ZOOMED (z on a focused pane, at either size): that pane takes the whole
// width and every row above the console, which stays where it was — the
// way to read a program's source, a long memory map or the trace whole.
//
// TOO SMALL (below 80x24): no panes, a notice until the terminal grows.

/** The panes of the game screen, in focus order (Tab). */
export const PANE_IDS = ['tasks', 'cpus', 'memory', 'mmu', 'source', 'goal', 'console'] as const;
export type PaneId = (typeof PANE_IDS)[number];

/** Panes that share the detail slot in the compact layout. */
export const DETAIL_PANES: readonly PaneId[] = ['cpus', 'memory', 'mmu', 'source'];

/** Smallest terminal the game screen works in. */
export const MIN_COLS = 80;
export const MIN_ROWS = 24;
/** Smallest terminal that shows every pane at once. */
export const FULL_COLS = 120;
export const FULL_ROWS = 32;

/** A pane's place in screen cells (border included). */
export interface Rect {
  left: number; // first column
  top: number; // first row
  width: number; // columns, border included
  height: number; // rows, border included
}

export type LayoutMode = 'full' | 'compact' | 'too-small';

/** Where everything goes at one terminal size. */
export interface Layout {
  mode: LayoutMode; // which arrangement
  cols: number; // terminal width
  rows: number; // terminal height
  header: Rect | null; // the top line
  keys: Rect | null; // the bottom line
  panes: Partial<Record<PaneId, Rect>>; // visible panes only
  detail: PaneId | null; // compact: the pane shown in the detail slot
  zoom: PaneId | null; // the pane zoomed over the others, if any
}

/** n clamped to [lo, hi]. */
function clamp(n: number, lo: number, hi: number): number {
  return Math.max(lo, Math.min(hi, n));
}

/**
 * The layout for a `cols` x `rows` terminal. `detail` is the detail pane
 * to show in the compact layout (ignored in the others); `zoom`, a pane
 * other than the console to show alone above it.
 */
export function computeLayout(cols: number, rows: number, detail: PaneId = 'cpus', zoom: PaneId | null = null): Layout {
  if (cols < MIN_COLS || rows < MIN_ROWS) {
    return { mode: 'too-small', cols, rows, header: null, keys: null, panes: {}, detail: null, zoom: null };
  }
  const base = arrange(cols, rows, detail);
  if (!zoom || zoom === 'console') return base;
  const con = base.panes.console!;
  return {
    ...base,
    zoom,
    panes: {
      [zoom]: { left: 0, top: 1, width: cols, height: con.top - 1 },
      console: { left: 0, top: con.top, width: cols, height: con.height },
    },
  };
}

/** The layout with nothing zoomed. */
function arrange(cols: number, rows: number, detail: PaneId): Layout {
  const header: Rect = { left: 0, top: 0, width: cols, height: 1 };
  const keys: Rect = { left: 0, top: rows - 1, width: cols, height: 1 };
  const top = 1;
  const h = rows - 2; // rows for panes

  if (cols >= FULL_COLS && rows >= FULL_ROWS) {
    const lw = Math.round(cols * 0.26);
    const rest = cols - lw; // the console's width
    const rw = Math.max(46, Math.round(rest * 0.5)); // 44 inside: a narrow MMU trace row fits whole
    const mw = rest - rw;
    const goalH = clamp(Math.round(h * 0.3), 8, 14);
    const consoleH = clamp(Math.round(h * 0.35), 10, 20);
    const upper = h - consoleH;
    const topH = clamp(Math.round(upper * 0.48), 6, 16); // CPUs and source
    return {
      mode: 'full',
      cols,
      rows,
      header,
      keys,
      detail: null,
      zoom: null,
      panes: {
        goal: { left: 0, top, width: lw, height: goalH },
        tasks: { left: 0, top: top + goalH, width: lw, height: h - goalH },
        cpus: { left: lw, top, width: mw, height: topH },
        source: { left: lw + mw, top, width: rw, height: topH },
        memory: { left: lw, top: top + topH, width: mw, height: upper - topH },
        mmu: { left: lw + mw, top: top + topH, width: rw, height: upper - topH },
        console: { left: lw, top: top + upper, width: rest, height: consoleH },
      },
    };
  }

  // Compact: tasks | goal over the detail slot; the console below, full width.
  const consoleH = clamp(Math.round(h * 0.42), 9, 16);
  const upper = h - consoleH;
  const lw = Math.round(cols * 0.45);
  const rw = cols - lw;
  const goalH = clamp(Math.round(upper * 0.45), 5, 9);
  const shown = DETAIL_PANES.includes(detail) ? detail : 'cpus';
  return {
    mode: 'compact',
    cols,
    rows,
    header,
    keys,
    detail: shown,
    zoom: null,
    panes: {
      tasks: { left: 0, top, width: lw, height: upper },
      goal: { left: lw, top, width: rw, height: goalH },
      [shown]: { left: lw, top: top + goalH, width: rw, height: upper - goalH },
      console: { left: 0, top: top + upper, width: cols, height: consoleH },
    },
  };
}
