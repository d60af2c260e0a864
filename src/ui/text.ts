// Text helpers for panes that draw their own rows: fit to a width, escape
// blessed tags, colour with tags. Every pane formats rows to its exact
// inner width, so blessed never wraps (wrap: false) and a row costs one
// string.

/** Escape text that goes into a tagged box: `{` and `}` would start tags. */
export function esc(s: string): string {
  return s.replace(/[{}]/g, (c) => (c === '{' ? '{open}' : '{close}'));
}

/**
 * `s` cut or padded to exactly `w` characters (no tags in `s`). A cut
 * string ends with `more` (e.g. '…') when there is room for it.
 */
export function fit(s: string, w: number, more = ''): string {
  if (w <= 0) return '';
  if (s.length === w) return s;
  if (s.length < w) return s + ' '.repeat(w - s.length);
  if (more && w > more.length) return s.slice(0, w - more.length) + more;
  return s.slice(0, w);
}

/** Tabs replaced by spaces up to the next tab stop (every 8 columns), as a terminal shows them. */
export function expandTabs(s: string, stop = 8): string {
  if (!s.includes('\t')) return s;
  let out = '';
  for (const ch of s) out += ch === '\t' ? ' '.repeat(stop - (out.length % stop)) : ch;
  return out;
}

/** `s` cut to at most `w` characters (no padding). */
export function clip(s: string, w: number, more = ''): string {
  if (w <= 0) return '';
  if (s.length <= w) return s;
  if (more && w > more.length) return s.slice(0, w - more.length) + more;
  return s.slice(0, w);
}

/** Right-align `s` in `w` characters. */
export function rpad(s: string, w: number): string {
  return s.length >= w ? s : ' '.repeat(w - s.length) + s;
}

/** A tagged span: `{red-fg}text{/red-fg}` (text escaped). */
export function fg(colour: string, s: string): string {
  return `{${colour}-fg}${esc(s)}{/${colour}-fg}`;
}

/** A bold span (text escaped). */
export function bold(s: string): string {
  return `{bold}${esc(s)}{/bold}`;
}

/**
 * Hard-wrapped prose (as YAML block scalars hold it) back into paragraphs:
 * single newlines become spaces; blank lines, indented lines and list or
 * command lines ("- ", "* ", "$ ", "1. ") keep their breaks.
 */
export function reflow(text: string): string {
  const out: string[] = [];
  for (const line of text.replace(/\r/g, '').trim().split('\n')) {
    const prev = out.length ? out[out.length - 1] : '';
    const keep = line.trim() === '' || prev.trim() === '' || /^(\s|[-*$#>] |\d+[.)] )/.test(line);
    if (keep || !out.length) out.push(line);
    else out[out.length - 1] = prev + ' ' + line.trim();
  }
  return out.join('\n');
}

/** Words wrapped to lines of at most `w` characters; existing newlines kept. */
export function wrapText(text: string, w: number): string[] {
  const out: string[] = [];
  if (w <= 0) return out;
  for (const para of text.replace(/\r/g, '').split('\n')) {
    const lead = /^\s*/.exec(para)![0];
    const words = para.trim().split(/\s+/).filter(Boolean);
    if (!words.length) {
      out.push('');
      continue;
    }
    let line = lead;
    for (const word of words) {
      if (line.trim() === '') {
        line = lead + word;
      } else if (line.length + 1 + word.length <= w) {
        line += ' ' + word;
      } else {
        out.push(line);
        line = lead + word;
      }
      while (line.length > w) {
        out.push(line.slice(0, w));
        line = line.slice(w);
      }
    }
    out.push(line);
  }
  return out;
}

/** "0x7ffc1234a000" */
export function hex(n: number): string {
  return '0x' + n.toString(16);
}

/** Ticks as seconds of simulated time: "1.234 s". */
export function ticksToSeconds(ticks: number): string {
  return `${(ticks / 1000).toFixed(3)} s`;
}

/** Milliseconds of wall time as m:ss. */
export function clock(ms: number): string {
  const s = Math.floor(ms / 1000);
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

/** A duration in words, to the second: "5 min", "1 min 30 s", "45 s". */
export function durationWords(ms: number): string {
  const s = Math.round(ms / 1000);
  const m = Math.floor(s / 60);
  const sec = s % 60;
  if (!m) return `${sec} s`;
  return sec ? `${m} min ${sec} s` : `${m} min`;
}

/** Text that may be computed anew each time it is shown (the time on a clock). */
export type LiveText = string | (() => string);

/** What a LiveText reads now. */
export function textNow(t: LiveText): string {
  return typeof t === 'function' ? t() : t;
}

/** A speed multiple as the status line shows it: "0.1x", "1x", "10x". */
export function speedLabel(x: number): string {
  return `${x >= 1 ? x.toFixed(0) : String(x)}x`;
}

/** The speed time really ran at, measured: "1.0x", "0.57x" (two digits below 0.1x). */
export function measuredSpeed(x: number): string {
  return `${x >= 0.1 ? x.toFixed(1) : x.toFixed(2)}x`;
}
