// Per-CPU utilisation sparklines: the glyphs of blessed-contrib's
// sparkline widget (the `sparkline` package it draws with: ▁▂▃▄▅▆▇█),
// scaled to an absolute 0..100 %.
//
// Why not contrib's widget itself: it scales every series between its own
// minimum and maximum (a CPU busy 100 % of every tick draws ▁▁▁, the same
// as an idle one), truncates fractions to 0 (it works on integers with
// `<< 8`), and lays a title line, the series and a blank line out on three
// rows per series, which leaves no room for the runqueue beside it. Here a
// CPU's history is one inline string in its runqueue row.

/** Eight levels from an empty tick to a full one. */
const BARS = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];
/** The same levels without UTF-8. */
const ASCII_BARS = ['_', '.', ':', '-', '=', '+', '*', '#'];

/**
 * The last `width` samples (0..1 each, oldest first) as a sparkline,
 * right-aligned: missing history is blank. 0 draws the lowest bar only
 * when the CPU was really idle; any work at all draws at least level 2.
 */
export function sparkline(samples: readonly number[], width: number, unicode: boolean): string {
  const bars = unicode ? BARS : ASCII_BARS;
  const from = Math.max(0, samples.length - width);
  let s = ' '.repeat(Math.max(0, width - (samples.length - from)));
  for (let i = from; i < samples.length; i++) {
    const v = Math.min(1, Math.max(0, samples[i]));
    const level = v <= 0 ? 0 : Math.max(1, Math.min(7, Math.round(v * 7)));
    s += bars[level];
  }
  return s;
}

/** Mean of the last `n` samples (0 when there are none). */
export function recentMean(samples: readonly number[], n: number): number {
  const from = Math.max(0, samples.length - n);
  if (from >= samples.length) return 0;
  let sum = 0;
  for (let i = from; i < samples.length; i++) sum += samples[i];
  return sum / (samples.length - from);
}
