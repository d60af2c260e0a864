// head, tail and wc at the end of a pipeline (ps -e | tail -5, ps -e |
// wc -l) or on files (head /proc/PID/status, wc -l /proc/PID/maps):
// coreutils 9.1's options, output and messages.

import type { Command, ConsoleServices, Out } from '../command';
import { absPath, completePath, fileError, readText } from '../files';
import { EISDIR } from '../../kernel/uapi/errno';

/** The lines of `text`, each with its newline (a last line without one stays as it is). */
function linesOf(text: string): string[] {
  return text.split(/(?<=\n)/).filter((l) => l !== '');
}

/** `-n N`, `-nN` or `-N`: the count and whether it was written `+N` (tail) or `-N` (head); and the FILE operands. */
function lineCount(name: string, argv: string[], out: Out): { n: number; sign: '' | '+' | '-'; files: string[] } | null {
  let value = '10';
  const files: string[] = [];
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i];
    if (/^-\d+$/.test(a)) value = a.slice(1);
    else if (a === '-n') {
      if (argv[i + 1] === undefined) {
        out.line(`${name}: option requires an argument -- 'n'`);
        out.line(`Try '${name} --help' for more information.`);
        return null;
      }
      value = argv[++i];
    } else if (a.startsWith('-n')) value = a.slice(2);
    else if (a.startsWith('-')) {
      out.line(`${name}: invalid option -- '${a[1]}'`);
      out.line(`Try '${name} --help' for more information.`);
      return null;
    } else files.push(a);
  }
  const m = /^([+-]?)(\d+)$/.exec(value);
  if (!m) {
    out.line(`${name}: invalid number of lines: ‘${value}’`);
    return null;
  }
  return { n: Number(m[2]), sign: m[1] as '' | '+' | '-', files };
}

/**
 * Runs `pick` on the standard input, or on each file in turn: with more
 * than one, each under a "==> FILE <==" header, a blank line between them
 * (coreutils head and tail). Returns the exit status.
 */
function eachInput(c: ConsoleServices, name: string, files: string[], stdin: string | undefined, out: Out, pick: (lines: string[]) => string[]): number {
  if (!files.length) {
    out.write(pick(linesOf(stdin ?? '')).join(''));
    return 0;
  }
  let status = 0;
  let shown = 0;
  for (const path of files) {
    const text = readText(c, path);
    if (typeof text === 'number') {
      out.line(text === -EISDIR ? `${name}: error reading '${path}': Is a directory` : `${name}: cannot open '${path}' for reading: ${fileError(text)}`);
      status = 1;
      continue;
    }
    if (files.length > 1) out.write(`${shown++ ? '\n' : ''}==> ${path} <==\n`);
    out.write(pick(linesOf(text)).join(''));
  }
  return status;
}

export const head: Command = {
  name: 'head',
  summary: 'the first lines of a file, or of what the command before | printed (ps -e | head -5)',
  usage: 'head [-n [-]N | -N] [FILE...]',
  details: 'The first 10 lines, or N; -n -N: all but the last N.',
  run(c, argv, out, _redirect, stdin) {
    const count = lineCount('head', argv, out);
    if (!count) return 1;
    return eachInput(c, 'head', count.files, stdin, out, (lines) => (count.sign === '-' ? lines.slice(0, Math.max(0, lines.length - count.n)) : lines.slice(0, count.n)));
  },
  complete: (c, _before, word) => completePath(c, word),
};

export const tail: Command = {
  name: 'tail',
  summary: 'the last lines of a file, or of what the command before | printed (dmesg | tail -3)',
  usage: 'tail [-n [+]N | -N] [FILE...]',
  details: 'The last 10 lines, or N; -n +N: from line N on.',
  run(c, argv, out, _redirect, stdin) {
    const count = lineCount('tail', argv, out);
    if (!count) return 1;
    return eachInput(c, 'tail', count.files, stdin, out, (lines) => (count.sign === '+' ? lines.slice(Math.max(0, count.n - 1)) : count.n ? lines.slice(-count.n) : []));
  },
  complete: (c, _before, word) => completePath(c, word),
};

/** wc's counts of `text`: newlines, words, bytes, those asked for. */
function wcCounts(text: string, want: { l: boolean; w: boolean; c: boolean }): number[] {
  return [
    want.l ? (text.match(/\n/g) ?? []).length : null,
    want.w ? text.split(/\s+/).filter(Boolean).length : null,
    want.c ? new TextEncoder().encode(text).length : null,
  ].filter((n): n is number => n !== null);
}

export const wc: Command = {
  name: 'wc',
  summary: 'count the lines, words and bytes of files, or of what the command before | printed (ps -e | wc -l)',
  usage: 'wc [-l] [-w] [-c] [FILE...]',
  details: 'Newlines, words and bytes, or only those asked for.',
  run(c, argv, out, _redirect, stdin) {
    const want = { l: false, w: false, c: false };
    const files: string[] = [];
    for (const a of argv.slice(1)) {
      if (!a.startsWith('-') || a === '-') {
        files.push(a);
        continue;
      }
      for (const f of a.slice(1)) {
        if (!(f in want)) {
          out.line(`wc: invalid option -- '${f}'`);
          out.line("Try 'wc --help' for more information.");
          return 1;
        }
        want[f as keyof typeof want] = true;
      }
    }
    if (!want.l && !want.w && !want.c) want.l = want.w = want.c = true;
    if (!files.length) {
      const counts = wcCounts(stdin ?? '', want);
      // One count alone is printed bare; several, each in 7 columns (reading a pipe, as coreutils does).
      out.line(counts.length === 1 ? String(counts[0]) : counts.map((n) => String(n).padStart(7)).join(' '));
      return 0;
    }
    // Files: coreutils sizes the columns by the digits of the files' total
    // st_size (0 for /proc files: one space between numbers); then a total.
    let status = 0;
    let size = 0;
    const total = wcCounts('', want);
    const rows: string[][] = [];
    for (const path of files) {
      const text = readText(c, path);
      if (typeof text === 'number') {
        out.line(`wc: ${path}: ${fileError(text)}`);
        status = 1;
        if (text !== -EISDIR) continue;
      }
      const counts = wcCounts(typeof text === 'string' ? text : '', want);
      counts.forEach((n, i) => (total[i] += n));
      if (typeof text === 'string' && !absPath(c, path).startsWith('/proc/')) size += new TextEncoder().encode(text).length;
      rows.push([...counts.map(String), path]);
    }
    if (files.length > 1) rows.push([...total.map(String), 'total']);
    const width = String(size).length;
    for (const r of rows) out.line([...r.slice(0, -1).map((n) => n.padStart(width)), r[r.length - 1]].join(' '));
    return status;
  },
  complete: (c, _before, word) => completePath(c, word),
};
