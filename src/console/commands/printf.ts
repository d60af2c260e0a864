// printf: bash's builtin, for converting addresses and page numbers
// (printf '%x\n' 94372303663104, printf '%d\n' 0x55d4c3a2f000). The
// format is reused while arguments remain; numbers are 64-bit (intmax_t
// for %d %i, uintmax_t for %u %o %x %X), read as strtoimax reads them
// (0x hex, 0 octal, 'c a character's code). bash: builtins/printf.def.

import type { Command, Out } from '../command';

const USAGE = 'printf: usage: printf [-v var] format [arguments]';
const INT64_MAX = (1n << 63n) - 1n;
const INT64_MIN = -(1n << 63n);
const UINT64_MAX = (1n << 64n) - 1n;

/** A backslash escape at `s[i]` (just after the backslash): its text and how many characters it used. */
function escape(s: string, i: number, inB: boolean): { text: string; used: number; stop?: boolean } {
  const c = s[i];
  const simple: Record<string, string> = { a: '\x07', b: '\b', e: '\x1b', E: '\x1b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '\\': '\\', '"': '"', "'": "'", '?': '?' };
  if (c === undefined) return { text: '\\', used: 0 };
  if (c in simple && (inB ? c !== '"' && c !== '?' : true)) return { text: simple[c], used: 1 };
  if (inB && c === 'c') return { text: '', used: 1, stop: true };
  if (/[0-7]/.test(c) || (inB && c === '0')) {
    // %b takes \0NNN (up to three digits after the 0), the format \NNN.
    const start = inB && c === '0' ? i + 1 : i;
    const m = /^[0-7]{1,3}/.exec(s.slice(start));
    const digits = m ? m[0] : '';
    return { text: String.fromCharCode(parseInt(digits || '0', 8) & 0xff), used: start - i + digits.length };
  }
  if (c === 'x') {
    const m = /^[0-9A-Fa-f]{1,2}/.exec(s.slice(i + 1));
    if (!m) return { text: '\\x', used: 1 };
    return { text: String.fromCharCode(parseInt(m[0], 16)), used: 1 + m[0].length };
  }
  if (c === 'u' || c === 'U') {
    const m = new RegExp(`^[0-9A-Fa-f]{1,${c === 'u' ? 4 : 8}}`).exec(s.slice(i + 1));
    if (!m) return { text: '\\' + c, used: 1 };
    return { text: String.fromCodePoint(parseInt(m[0], 16)), used: 1 + m[0].length };
  }
  return { text: '\\' + c, used: 1 };
}

/** %b's argument with its escapes expanded; `stop` after \c. */
function expandB(s: string): { text: string; stop: boolean } {
  let text = '';
  for (let i = 0; i < s.length; i++) {
    if (s[i] !== '\\') {
      text += s[i];
      continue;
    }
    const e = escape(s, i + 1, true);
    if (e.stop) return { text, stop: true };
    text += e.text;
    i += e.used;
  }
  return { text, stop: false };
}

/** An integer argument as strtoimax/strtoumax read it, with bash's complaints. */
function number(arg: string | undefined, unsigned: boolean, err: (msg: string) => void): bigint {
  if (arg === undefined) return 0n;
  if (/^['"]/.test(arg)) return arg.length > 1 ? BigInt(arg.codePointAt(1)!) : 0n;
  const m = /^\s*([+-]?)(0[xX][0-9A-Fa-f]*|0[0-7]*|[1-9][0-9]*)/.exec(arg);
  if (!m) {
    err(`${arg}: invalid number`);
    return 0n;
  }
  const body = m[2];
  if (/^0[xX]$/.test(body)) {
    err(`${arg}: invalid hex number`);
    return 0n;
  }
  let v = body.length > 1 && body[0] === '0' && !/^0[xX]/.test(body) ? BigInt('0o' + body.slice(1)) : BigInt(body);
  if (m[1] === '-') v = -v;
  if (m[0].length !== arg.length) err(`${arg}: invalid number`);
  if (unsigned) {
    if (v > UINT64_MAX || v < -UINT64_MAX) {
      err(`warning: ${arg}: Numerical result out of range`);
      return UINT64_MAX;
    }
    return BigInt.asUintN(64, v);
  }
  if (v > INT64_MAX || v < INT64_MIN) {
    err(`warning: ${arg}: Numerical result out of range`);
    return v > 0n ? INT64_MAX : INT64_MIN;
  }
  return v;
}

/** Pads a converted field to `width` as C does ('-' left, '0' zeros after the sign or 0x). */
function pad(body: string, prefix: string, width: number, flags: string, zeroOk: boolean): string {
  const len = prefix.length + body.length;
  if (len >= width) return prefix + body;
  if (flags.includes('-')) return prefix + body + ' '.repeat(width - len);
  if (flags.includes('0') && zeroOk) return prefix + '0'.repeat(width - len) + body;
  return ' '.repeat(width - len) + prefix + body;
}

/** One conversion: %[flags][width][.prec]CONV. */
function convert(conv: string, flags: string, width: number, prec: number | null, arg: string | undefined, err: (m: string) => void): string {
  switch (conv) {
    case 'd':
    case 'i': {
      const v = number(arg, false, err);
      let digits = (v < 0n ? -v : v).toString();
      if (prec !== null) digits = prec === 0 && v === 0n ? '' : digits.padStart(prec, '0');
      const sign = v < 0n ? '-' : flags.includes('+') ? '+' : flags.includes(' ') ? ' ' : '';
      return pad(digits, sign, width, flags, prec === null);
    }
    case 'u':
    case 'o':
    case 'x':
    case 'X': {
      const v = number(arg, true, err);
      let digits = v.toString(conv === 'u' ? 10 : conv === 'o' ? 8 : 16);
      if (conv === 'X') digits = digits.toUpperCase();
      if (prec !== null) digits = prec === 0 && v === 0n ? '' : digits.padStart(prec, '0');
      let prefix = '';
      if (flags.includes('#')) {
        if (conv === 'o' && !digits.startsWith('0')) digits = '0' + digits;
        if ((conv === 'x' || conv === 'X') && v !== 0n) prefix = conv === 'x' ? '0x' : '0X';
      }
      return pad(digits, prefix, width, flags, prec === null);
    }
    case 'c':
      return pad((arg ?? '').slice(0, 1), '', width, flags, false);
    case 's': {
      const s = arg ?? '';
      return pad(prec === null ? s : s.slice(0, prec), '', width, flags, false);
    }
    case 'b': {
      const s = expandB(arg ?? '').text;
      return pad(prec === null ? s : s.slice(0, prec), '', width, flags, false);
    }
    default: {
      // f e g: a double, as strtold reads it.
      let v = 0;
      if (arg !== undefined) {
        v = Number(arg.trim());
        if (arg.trim() === '' || Number.isNaN(v)) {
          err(`${arg}: invalid number`);
          v = Number.parseFloat(arg) || 0;
        }
      }
      const p = prec ?? 6;
      const expo = (s: string) => s.replace(/e([+-])(\d)$/, 'e$10$2');
      let body = conv.toLowerCase() === 'f' ? Math.abs(v).toFixed(p) : expo(Math.abs(v).toExponential(p));
      if (conv.toLowerCase() === 'g') {
        const P = p === 0 ? 1 : p;
        const x = Math.abs(v) === 0 ? 0 : Math.floor(Math.log10(Math.abs(v)));
        body = x < -4 || x >= P ? expo(Math.abs(v).toExponential(P - 1)) : Math.abs(v).toFixed(Math.max(0, P - 1 - x));
        if (!flags.includes('#')) body = body.replace(/(\.\d*?)0+(e|$)/, '$1$2').replace(/\.(e|$)/, '$1');
      }
      if (conv === 'E' || conv === 'G' || conv === 'F') body = body.toUpperCase();
      const sign = v < 0 || Object.is(v, -0) ? '-' : flags.includes('+') ? '+' : flags.includes(' ') ? ' ' : '';
      return pad(body, sign, width, flags, true);
    }
  }
}

function runPrintf(argv: string[], out: Out): number {
  let args = argv.slice(1);
  if (args[0] === '--') args = args.slice(1);
  if (args[0] === '-v') {
    out.line('printf: -v: kernlab has no shell variables');
    return 2;
  }
  if (!args.length) {
    out.line(USAGE);
    return 2;
  }
  if (/^-./.test(args[0])) {
    out.line(`printf: ${args[0].slice(0, 2)}: invalid option`);
    out.line(USAGE);
    return 2;
  }
  const fmt = args[0];
  const rest = args.slice(1);
  let status = 0;
  const err = (msg: string) => {
    out.line(`printf: ${msg}`);
    if (!msg.startsWith('warning:')) status = 1;
  };
  let ai = 0;
  let text = '';
  const next = () => (ai < rest.length ? rest[ai++] : undefined);
  do {
    const before = ai;
    for (let i = 0; i < fmt.length; i++) {
      const ch = fmt[i];
      if (ch === '\\') {
        const e = escape(fmt, i + 1, false);
        text += e.text;
        i += e.used;
        continue;
      }
      if (ch !== '%') {
        text += ch;
        continue;
      }
      if (fmt[i + 1] === '%') {
        text += '%';
        i++;
        continue;
      }
      let j = i + 1;
      let flags = '';
      while (j < fmt.length && '-+ #0'.includes(fmt[j])) flags += fmt[j++];
      let width = 0;
      if (fmt[j] === '*') {
        const w = Number(number(next(), false, err));
        if (w < 0) flags += '-';
        width = Math.abs(w);
        j++;
      } else while (j < fmt.length && /\d/.test(fmt[j])) width = width * 10 + Number(fmt[j++]);
      let prec: number | null = null;
      if (fmt[j] === '.') {
        j++;
        if (fmt[j] === '*') {
          const p = Number(number(next(), false, err));
          prec = p < 0 ? null : p;
          j++;
        } else {
          prec = 0;
          while (j < fmt.length && /\d/.test(fmt[j])) prec = prec * 10 + Number(fmt[j++]);
        }
      }
      while (j < fmt.length && 'hlLjzt'.includes(fmt[j])) j++; // length modifiers: bash ignores them
      const conv = fmt[j];
      if (conv === undefined) {
        out.write(text);
        out.line("printf: `%': missing format character");
        return 1;
      }
      if (!'diouxXcsbfFeEgG'.includes(conv)) {
        out.write(text);
        out.line(`printf: \`${conv}': invalid format character`);
        return 1;
      }
      if (conv === 'b') {
        const b = expandB(rest[ai] ?? '');
        if (b.stop) {
          ai++;
          out.write(text + pad(prec === null ? b.text : b.text.slice(0, prec), '', width, flags, false));
          return status;
        }
      }
      const arg = next();
      text += convert(conv, flags, width, prec, arg, (m) => {
        out.write(text);
        text = '';
        err(m);
      });
      i = j;
    }
    if (ai === before) break; // the format took no argument: once
  } while (ai < rest.length);
  out.write(text);
  return status;
}

export const printf: Command = {
  name: 'printf',
  summary: "format and print numbers and text (bash's builtin): printf '%x\\n' 4096",
  usage: 'printf FORMAT [ARG...]',
  details: [
    'Conversions %d %i %u %o %x %X %c %s %b %f %e %g and %%, with flags -+ #0, widths and precisions (* too).',
    'Numbers are 64-bit: 0x.. hex, 0.. octal, \'c a character\'s code; the format is reused while arguments remain.',
  ].join('\n'),
  run: (_c, argv, out) => runPrintf(argv, out),
};
