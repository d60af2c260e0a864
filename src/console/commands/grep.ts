// grep: print the lines that match a pattern, from files (/proc/PID/status)
// or from the command before it in a pipeline (ps -e | grep Z). GNU grep
// 3.8's options, messages and exit status (0 a line matched, 1 none, 2
// trouble). Patterns are POSIX basic regular expressions (-E: extended),
// run as JavaScript regular expressions once translated.

import type { Command } from '../command';
import { completePath, fileError, readText } from '../files';

/** POSIX bracket classes, as JavaScript class ranges. */
const CLASSES: Record<string, string> = {
  alpha: 'A-Za-z', digit: '0-9', alnum: 'A-Za-z0-9', upper: 'A-Z', lower: 'a-z',
  space: ' \\t\\n\\r\\f\\v', blank: ' \\t', xdigit: '0-9A-Fa-f', punct: '!-\\/:-@\\[-`{-~',
};

/** A basic (or, with `extended`, extended) regular expression as a JavaScript one. */
export function posixRegex(pattern: string, extended: boolean): string {
  let s = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '[') {
      // A bracket expression is copied whole, its POSIX classes ([:digit:]) translated.
      let j = i + 1;
      let body = '';
      if (pattern[j] === '^') body += pattern[j++];
      if (pattern[j] === ']') body += '\\' + pattern[j++]; // a leading ] is itself
      for (; j < pattern.length && pattern[j] !== ']'; j++) {
        const cls = /^\[:(\w+):\]/.exec(pattern.slice(j));
        if (cls) {
          if (!(cls[1] in CLASSES)) throw new SyntaxError('Invalid character class name');
          body += CLASSES[cls[1]];
          j += cls[0].length - 1;
        } else body += pattern[j] === '\\' || pattern[j] === '[' ? '\\' + pattern[j] : pattern[j];
      }
      if (j >= pattern.length) throw new SyntaxError('Unmatched [, [^, [:, [., or [=');
      s += '[' + body + ']';
      i = j;
    } else if (c === '\\' && i + 1 < pattern.length) {
      const n = pattern[++i];
      // In a BRE, \| \+ \? \( \) \{ \} are the operators (GNU); elsewhere an escaped character is itself.
      if (!extended && '|+?(){}'.includes(n)) s += n;
      else if (/[\w<>]/.test(n)) s += n === '<' || n === '>' ? '\\b' : '\\' + n;
      else s += '\\' + n;
    } else if (!extended && '|+?(){}'.includes(c)) s += '\\' + c;
    else s += c;
  }
  return s;
}

export const grep: Command = {
  name: 'grep',
  summary: 'print lines that match a pattern, in files or from a pipe (ps -e | grep Z)',
  usage: 'grep [-ivcnwxq] [-E|-F] PATTERN|-e PATTERN... [FILE...]',
  details: [
    '-i ignore case, -v the lines that do not match, -c count them, -n number them, -w whole words,',
    '-x whole lines, -q say nothing (exit status only), -E extended regular expressions, -F a fixed string,',
    '-e PATTERN a pattern (repeatable: a line matching any is selected). Options may follow PATTERN.',
    'With no FILE, grep reads what the command before | printed. Exit status 0 if a line was selected,',
    '1 if none, 2 on an error.',
  ].join('\n'),
  run(c, argv, out, _redirect, stdin) {
    const opts = { i: false, v: false, c: false, n: false, w: false, x: false, q: false, E: false, F: false };
    // GNU getopt permutes: options may follow the pattern and the files (grep Z -c), until `--`.
    // Each -e adds a pattern; a line is selected if any of them matches.
    const patterns: string[] = [];
    const operands: string[] = [];
    for (let i = 1; i < argv.length; i++) {
      const a = argv[i];
      if (a === '--') {
        operands.push(...argv.slice(i + 1));
        break;
      }
      if (!a.startsWith('-') || a === '-') {
        operands.push(a);
        continue;
      }
      for (let j = 1; j < a.length; j++) {
        const f = a[j];
        if (f === 'e') {
          const pat = a.slice(j + 1) || argv[++i];
          if (pat === undefined) {
            out.line("grep: option requires an argument -- 'e'");
            out.line('Usage: grep [OPTION]... PATTERNS [FILE]...');
            out.line("Try 'grep --help' for more information.");
            return 2;
          }
          patterns.push(pat);
          break;
        }
        if (!(f in opts)) {
          out.line(`grep: invalid option -- '${f}'`);
          out.line('Usage: grep [OPTION]... PATTERNS [FILE]...');
          out.line("Try 'grep --help' for more information.");
          return 2;
        }
        opts[f as keyof typeof opts] = true;
      }
    }
    if (!patterns.length && operands.length) patterns.push(operands.shift()!);
    const files = operands;
    if (!patterns.length) {
      out.line('Usage: grep [OPTION]... PATTERNS [FILE]...');
      out.line("Try 'grep --help' for more information.");
      return 2;
    }
    let re: RegExp;
    try {
      const one = (pattern: string): string => {
        let body = opts.F ? pattern.replace(/[.*+?^${}()|[\]\\]/g, '\\$&') : posixRegex(pattern, opts.E);
        if (opts.w) body = `(?<![\\w])(?:${body})(?![\\w])`;
        if (opts.x) body = `^(?:${body})$`;
        return body;
      };
      re = new RegExp(patterns.map((p) => `(?:${one(p)})`).join('|'), opts.i ? 'i' : '');
    } catch (e) {
      out.line(`grep: ${e instanceof SyntaxError && !e.message.startsWith('Invalid regular') ? e.message : 'Invalid regular expression'}`);
      return 2;
    }
    let trouble = false;
    let selected = 0;
    // Files are read in order: with -q, the first selected line ends it (a later missing file is never opened).
    for (const path of files.length ? files : [null]) {
      const text = path === null ? (stdin ?? '') : readText(c, path);
      if (typeof text === 'number') {
        out.line(`grep: ${path}: ${fileError(text)}`);
        trouble = true;
        continue;
      }
      const prefix = files.length > 1 ? `${path}:` : '';
      let count = 0;
      const lines = text.split('\n');
      if (lines[lines.length - 1] === '') lines.pop();
      lines.forEach((line, n) => {
        if (re.test(line) === opts.v) return;
        count++;
        if (!opts.c && !opts.q) out.line(`${prefix}${opts.n ? `${n + 1}:` : ''}${line}`);
      });
      if (opts.c && !opts.q) out.line(`${prefix}${count}`);
      selected += count;
      if (opts.q && selected) return 0;
    }
    if (trouble) return 2;
    return selected ? 0 : 1;
  },
  complete: (c, _before, word) => completePath(c, word),
};
