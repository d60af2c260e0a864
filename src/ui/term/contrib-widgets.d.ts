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

declare module 'blessed-contrib/lib/widget/table.js' {
  import type blessed from 'blessed';
  /** A table: a header line and a list of rows, columns padded to fixed widths. */
  const table: (
    opts: blessed.Widgets.BoxOptions & {
      columnWidth: number[]; // width of each column, in cells
      columnSpacing?: number; // cells between columns
      interactive?: boolean; // rows selectable with keys
      fg?: string; // row colour
      selectedFg?: string; // selected row colours
      selectedBg?: string;
      keys?: boolean; // arrow keys move the selection
    },
  ) => blessed.Widgets.BoxElement & { setData(data: { headers: string[]; data: string[][] }): void };
  export = table;
}

declare module 'blessed-contrib/lib/widget/charts/bar.js' {
  import type blessed from 'blessed';
  /** A bar chart drawn with characters; sets its canvas up when appended (size fixed then). */
  const bar: (
    opts: blessed.Widgets.BoxOptions & {
      barWidth?: number; // cells per bar
      barSpacing?: number; // cells from one bar's start to the next
      xOffset?: number; // cells before the first bar
      maxHeight?: number; // the value a full-height bar stands for (at least)
      barBgColor?: string; // bar colour
      barFgColor?: string; // value text colour
      labelColor?: string; // title colour
      showText?: boolean; // values and titles under the bars
    },
  ) => blessed.Widgets.BoxElement & { setData(data: { titles: string[]; data: number[] }): void };
  export = bar;
}
