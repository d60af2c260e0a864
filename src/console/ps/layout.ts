// ps's line layout: how procps places each column, pads it, lets a wide
// value push the next columns right and then win the space back, and
// fits the last column to the screen. A port of procps-ng's
// show_one_proc and check_header_width (src/ps/output.c), so columns land
// byte for byte where ps puts them.

import { Just, type FormatSpec, type PrCtx } from './format';
import type { PsRow } from './row';

/** procps OUTBUF_SIZE: the widest line ps builds. */
const OUTBUF_SIZE = 2 * 64 * 1024;
/** procps SPACE_AMOUNT: most padding one column may add. */
const SPACE_AMOUNT = 144;

/** A column of the chosen format: a spec with its header and width fixed. */
export interface PsColumn {
  spec: FormatSpec; // what to print
  header: string; // header text ("" when suppressed with `pid=`)
  width: number; // column width
}

/** The screen ps writes to. */
export interface PsScreen {
  cols: number; // terminal width; 0 = unlimited (output not a terminal, or ww)
  memTotalKb: number; // for %MEM
  now: number; // wall clock, seconds since 1970
}

/** check_header_width: the line width ps works with, and whether signals get 16 digits. */
function activeCols(cols: PsColumn[], screen: PsScreen): { active: number; wideSignals: boolean } {
  let total = 0;
  let wasNormal = 0;
  let sigs = 0;
  cols.forEach((c, i) => {
    const last = i === cols.length - 1;
    if (c.spec.just === Just.Unlimited) total += last ? 3 : c.width;
    else {
      if (c.spec.just === Just.Signal) sigs++;
      total += c.width;
    }
    total += wasNormal;
    wasNormal = 1;
  });
  const screenCols = screen.cols > 0 ? screen.cols : OUTBUF_SIZE;
  let active: number;
  for (let i = 1; ; i++) {
    active = screenCols * i;
    if (active >= total) break;
    if (screenCols * i >= OUTBUF_SIZE / 2) break;
  }
  return { active, wideSignals: total + sigs * 7 <= active };
}

/**
 * One line of output: the header when `row` is null. Returns the line
 * with its newline, as show_one_proc writes it.
 */
export function showOneProc(row: PsRow | null, cols: PsColumn[], screen: PsScreen): string {
  const { active, wideSignals } = activeCols(cols, screen);
  let correct = 0; // screen position we should be at
  let actual = 0; // screen position we are at
  let dospace = 0; // the previous column needs a space before this one
  let out = '';
  for (let i = 0; i < cols.length; i++) {
    const col = cols[i];
    const last = i === cols.length - 1;
    let legit = 0;
    let tmpspace = 0;
    let maxRightward: number;
    if (!last) maxRightward = col.width;
    else {
      tmpspace = correct - actual;
      if (tmpspace < 1) {
        tmpspace = dospace;
        maxRightward = active - actual - tmpspace;
      } else maxRightward = active - Math.max(correct, actual);
    }
    maxRightward = Math.max(0, Math.min(OUTBUF_SIZE - 1, maxRightward));
    const ctx: PrCtx = { maxRightward, wideSignals, memTotalKb: screen.memTotalKb, now: screen.now };
    let text = row ? col.spec.pr(row, ctx) : col.header;
    let leftpad = 0;
    switch (col.spec.just) {
      case Just.Right:
        leftpad = Math.max(0, col.width - text.length);
        break;
      case Just.Signal:
        if (wideSignals) {
          leftpad = Math.max(0, 16 - text.length);
          legit = 7;
        } else leftpad = Math.max(0, 9 - text.length);
        break;
      case Just.Wchan:
      case Just.Unlimited:
        if (active - actual - tmpspace < 1) text = text.slice(0, 1);
        break;
      default:
        break;
    }
    let space = correct - actual + leftpad;
    if (space < 1) space = dospace;
    if (space > SPACE_AMOUNT) space = SPACE_AMOUNT;
    out += ' '.repeat(space) + text;
    if (last) break;
    actual += space + text.length;
    correct += col.width + legit + 1;
    dospace = 1;
  }
  return out + '\n';
}
