// The one layout: every pane inside the terminal, none overlapping, the
// console always there, and the compact arrangement at 80x24.
import { describe, expect, it } from 'vitest';
import { computeLayout, DETAIL_PANES, PANE_IDS, type Rect } from '../../src/ui/layout';

function overlap(a: Rect, b: Rect): boolean {
  return a.left < b.left + b.width && b.left < a.left + a.width && a.top < b.top + b.height && b.top < a.top + a.height;
}

function checkTiling(cols: number, rows: number, detail?: (typeof PANE_IDS)[number]): ReturnType<typeof computeLayout> {
  const l = computeLayout(cols, rows, detail);
  const rects = Object.values(l.panes) as Rect[];
  for (const r of rects) {
    expect(r.left).toBeGreaterThanOrEqual(0);
    expect(r.top).toBeGreaterThanOrEqual(1); // below the header
    expect(r.left + r.width).toBeLessThanOrEqual(cols);
    expect(r.top + r.height).toBeLessThanOrEqual(rows - 1); // above the key bar
    expect(r.width).toBeGreaterThanOrEqual(20);
    expect(r.height).toBeGreaterThanOrEqual(4);
  }
  for (let i = 0; i < rects.length; i++) for (let j = i + 1; j < rects.length; j++) expect(overlap(rects[i], rects[j])).toBe(false);
  // Every cell between the bars belongs to a pane: no holes.
  const area = rects.reduce((n, r) => n + r.width * r.height, 0);
  expect(area).toBe(cols * (rows - 2));
  return l;
}

describe('layout', () => {
  it('shows every pane at 120x40 and bigger', () => {
    for (const [c, r] of [
      [120, 40],
      [120, 32],
      [160, 50],
      [250, 70],
    ]) {
      const l = checkTiling(c, r);
      expect(l.mode).toBe('full');
      expect(Object.keys(l.panes).sort()).toEqual([...PANE_IDS].sort());
      // The console is at the bottom and wide enough for what ps and
      // /proc/PID/maps print for an 80-column terminal (plus its border).
      const con = l.panes.console!;
      expect(con.width).toBeGreaterThanOrEqual(82);
      expect(con.top + con.height).toBe(r - 1);
      expect(con.height).toBeGreaterThanOrEqual(10);
      // The MMU trace shows a whole narrow row (44 cells inside).
      expect(l.panes.mmu!.width).toBeGreaterThanOrEqual(46);
    }
  });

  it('collapses the four detail panes into one slot at 80x24, keeping tasks, goal and a full-width console', () => {
    for (const detail of DETAIL_PANES) {
      const l = checkTiling(80, 24, detail);
      expect(l.mode).toBe('compact');
      expect(Object.keys(l.panes).sort()).toEqual(['console', 'goal', 'tasks', detail].sort());
      expect(l.panes.console!.width).toBe(80);
      expect(l.panes.console!.height).toBeGreaterThanOrEqual(9);
      expect(l.detail).toBe(detail);
    }
    expect(checkTiling(119, 40).mode).toBe('compact');
    expect(checkTiling(200, 31).mode).toBe('compact');
    // Asking for a pane that is not a detail pane keeps the CPUs there.
    expect(computeLayout(80, 24, 'tasks').detail).toBe('cpus');
  });

  it('zooms one pane over the full width, above the console as it was', () => {
    for (const [c, r] of [
      [120, 40],
      [80, 24],
    ]) {
      const plain = computeLayout(c, r, 'memory');
      for (const zoom of PANE_IDS.filter((p) => p !== 'console')) {
        const l = computeLayout(c, r, 'memory', zoom);
        expect(l.zoom).toBe(zoom);
        expect(Object.keys(l.panes).sort()).toEqual(['console', zoom].sort());
        expect(l.panes[zoom]).toEqual({ left: 0, top: 1, width: c, height: plain.panes.console!.top - 1 });
        expect(l.panes.console).toEqual({ ...plain.panes.console!, left: 0, width: c });
      }
      // Zooming the console changes nothing.
      expect(computeLayout(c, r, 'memory', 'console')).toEqual(plain);
    }
    expect(computeLayout(60, 20, 'cpus', 'source').mode).toBe('too-small');
  });

  it('says too small below 80x24', () => {
    for (const [c, r] of [
      [79, 24],
      [80, 23],
      [40, 10],
    ]) {
      const l = computeLayout(c, r);
      expect(l.mode).toBe('too-small');
      expect(l.panes).toEqual({});
    }
  });
});
