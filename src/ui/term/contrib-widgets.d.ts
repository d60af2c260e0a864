// Types for blessed-contrib widgets imported one by one. The package's own
// typings describe only its index, and importing the index loads every
// widget (~100 ms at startup). Add a module here for each widget you use;
// its options take `screen` but not `parent` (see screen.ts).
declare module 'blessed-contrib/lib/widget/donut.js' {
  import type blessed from 'blessed';
  /** A ring chart on a braille canvas; sets itself up when appended. */
  const donut: (
    opts: blessed.Widgets.BoxOptions & {
      radius?: number; // outer radius in canvas dots
      arcWidth?: number; // ring width in canvas dots
      remainColor?: string; // colour of the unfilled part of the ring
      yPadding?: number; // vertical padding in canvas dots
      data?: Array<{ percent: number; label: string; color: string }>; // one ring per entry
    },
  ) => blessed.Widgets.BoxElement & { setData(data: Array<{ percent: number; label: string; color: string }>): void };
  export = donut;
}
