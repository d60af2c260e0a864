// head, tail and wc at the end of a pipeline (ps -e | tail -5, ps -e |
// wc -l): coreutils 9.1's options, output and messages, reading what the
// command before | printed.

import type { Command, Out } from '../command';

/** The lines of `text`, each with its newline (a last line without one stays as it is). */
function linesOf(text: string): string[] {
  return text.split(/(?<=\n)/).filter((l) => l !== '');
}

/** `-n N`, `-nN` or `-N`: the count and whether it was written `+N` (tail) or `-N` (head). */
function lineCount(name: string, argv: string[], out: Out): { n: number; sign: '' | '+' | '-' } | null {
  let value = '10';
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
    } else {
      out.line(`${name}: cannot open '${a}' for reading: kernlab's ${name} reads only from a pipe (cmd | ${name})`);
      return null;
    }
  }
  const m = /^([+-]?)(\d+)$/.exec(value);
  if (!m) {
    out.line(`${name}: invalid number of lines: ‘${value}’`);
    return null;
  }
  return { n: Number(m[2]), sign: m[1] as '' | '+' | '-' };
}

export const head: Command = {
  name: 'head',
  summary: 'the first lines of what the command before | printed (ps -e | head -5)',
  usage: 'head [-n [-]N | -N]',
  details: 'The first 10 lines, or N; -n -N: all but the last N.',
  run(_c, argv, out, _redirect, stdin) {
    const count = lineCount('head', argv, out);
    if (!count) return 1;
    const lines = linesOf(stdin ?? '');
    out.write((count.sign === '-' ? lines.slice(0, Math.max(0, lines.length - count.n)) : lines.slice(0, count.n)).join(''));
    return 0;
  },
};

export const tail: Command = {
  name: 'tail',
  summary: 'the last lines of what the command before | printed (dmesg | tail -3)',
  usage: 'tail [-n [+]N | -N]',
  details: 'The last 10 lines, or N; -n +N: from line N on.',
  run(_c, argv, out, _redirect, stdin) {
    const count = lineCount('tail', argv, out);
    if (!count) return 1;
    const lines = linesOf(stdin ?? '');
    out.write((count.sign === '+' ? lines.slice(Math.max(0, count.n - 1)) : count.n ? lines.slice(-count.n) : []).join(''));
    return 0;
  },
};

export const wc: Command = {
  name: 'wc',
  summary: 'count the lines, words and bytes of what the command before | printed (ps -e | wc -l)',
  usage: 'wc [-l] [-w] [-c]',
  details: 'Newlines, words and bytes, or only those asked for.',
  run(_c, argv, out, _redirect, stdin) {
    const want = { l: false, w: false, c: false };
    for (const a of argv.slice(1)) {
      if (!a.startsWith('-') || a === '-') {
        out.line(`wc: ${a}: kernlab's wc reads only from a pipe (cmd | wc)`);
        return 1;
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
    const text = stdin ?? '';
    const counts = [
      want.l ? (text.match(/\n/g) ?? []).length : null,
      want.w ? text.split(/\s+/).filter(Boolean).length : null,
      want.c ? new TextEncoder().encode(text).length : null,
    ].filter((n): n is number => n !== null);
    // One count alone is printed bare; several, each in 7 columns (reading a pipe, as coreutils does).
    out.line(counts.length === 1 ? String(counts[0]) : counts.map((n) => String(n).padStart(7)).join(' '));
    return 0;
  },
};
