// printf formatting as glibc 2.36's vfprintf does it.
//
// The result is a list of pieces in the order vfprintf hands them to the
// stream (_IO_sputn): the literal text between conversions, the padding of
// a conversion, and its body are separate pieces. Line-buffered stdio
// decides when to write() piece by piece, so the pieces matter for which
// write() calls a student sees in strace.

import type { Memory } from '../abi';
import { big64, u64str } from '../intops';
import { strerror } from '../../kernel/uapi/errno';
import { readStr } from './native';

export interface Formatted {
  pieces: string[]; // latin1 byte strings
  length: number; // total bytes
  stores: { addr: number; v: number }[]; // %n results to write (int)
}

/** Formats `fmt` (already read from memory) with the variadic `args` starting at `argi`. glibc: stdio-common/vfprintf-internal.c */
export function format(mem: Memory, fmt: string, args: number[], argi: number, errno: number): Formatted {
  const pieces: string[] = [];
  let length = 0;
  const stores: { addr: number; v: number }[] = [];
  const emit = (s: string): void => {
    if (s.length) {
      pieces.push(s);
      length += s.length;
    }
  };
  const next = (): number => (argi < args.length ? args[argi++] : 0);
  let i = 0;
  let lit = '';
  while (i < fmt.length) {
    const ch = fmt[i];
    if (ch !== '%') {
      lit += ch;
      i++;
      continue;
    }
    const start = i;
    i++;
    if (fmt[i] === '%') {
      lit += '%';
      i++;
      continue;
    }
    emit(lit);
    lit = '';
    // flags
    let left = false;
    let plus = false;
    let space = false;
    let alt = false;
    let zero = false;
    for (;;) {
      const f = fmt[i];
      if (f === '-') left = true;
      else if (f === '+') plus = true;
      else if (f === ' ') space = true;
      else if (f === '#') alt = true;
      else if (f === '0') zero = true;
      else if (f === "'") {
        /* thousands grouping: no effect in the C locale */
      } else break;
      i++;
    }
    // width
    let width = 0;
    if (fmt[i] === '*') {
      i++;
      width = next() | 0;
      if (width < 0) {
        left = true;
        width = -width;
      }
    } else while (fmt[i] >= '0' && fmt[i] <= '9') width = width * 10 + (fmt.charCodeAt(i++) - 48);
    // precision
    let prec = -1;
    if (fmt[i] === '.') {
      i++;
      if (fmt[i] === '*') {
        i++;
        prec = next() | 0;
        if (prec < 0) prec = -1;
      } else {
        prec = 0;
        while (fmt[i] >= '0' && fmt[i] <= '9') prec = prec * 10 + (fmt.charCodeAt(i++) - 48);
      }
    }
    // length
    let len = '';
    for (;;) {
      const l = fmt[i];
      if (l === 'h' || l === 'l' || l === 'L' || l === 'q' || l === 'j' || l === 'z' || l === 'Z' || l === 't') {
        len += l;
        i++;
      } else break;
    }
    const conv = fmt[i++];
    const wide = len === 'l' || len === 'll' || len === 'q' || len === 'j' || len === 'z' || len === 'Z' || len === 't' || len === 'L';
    const pad = (body: string, zeroPrefixLen = -1): void => {
      // zeroPrefixLen >= 0: zero padding goes after that many characters (sign or 0x)
      const n = width - body.length;
      if (n <= 0) return emit(body);
      if (left) {
        emit(body);
        emit(' '.repeat(n));
      } else if (zeroPrefixLen >= 0) emit(body.slice(0, zeroPrefixLen) + '0'.repeat(n) + body.slice(zeroPrefixLen));
      else {
        emit(' '.repeat(n));
        emit(body);
      }
    };
    switch (conv) {
      case 'd':
      case 'i': {
        const raw = next();
        let v: bigint;
        if (len === 'hh') v = BigInt((raw << 24) >> 24);
        else if (len === 'h') v = BigInt((raw << 16) >> 16);
        else if (wide) v = big64(raw);
        else v = BigInt(raw | 0);
        const neg = v < 0n;
        let digits = (neg ? -v : v).toString();
        if (prec >= 0) {
          if (prec === 0 && v === 0n) digits = '';
          digits = digits.padStart(prec, '0');
        }
        const sign = neg ? '-' : plus ? '+' : space ? ' ' : '';
        pad(sign + digits, zero && !left && prec < 0 ? sign.length : -1);
        break;
      }
      case 'u':
      case 'x':
      case 'X':
      case 'o': {
        const raw = next();
        let v: string;
        const radix = conv === 'o' ? 8 : conv === 'u' ? 10 : 16;
        if (len === 'hh') v = (raw & 0xff).toString(radix);
        else if (len === 'h') v = (raw & 0xffff).toString(radix);
        else if (wide) v = u64str(raw, radix);
        else v = (raw >>> 0).toString(radix);
        if (conv === 'X') v = v.toUpperCase();
        const isZero = /^0+$/.test(v);
        let digits = v;
        if (prec >= 0) {
          if (prec === 0 && isZero) digits = '';
          digits = digits.padStart(prec, '0');
        }
        let prefix = '';
        if (alt && conv === 'o' && !digits.startsWith('0')) digits = '0' + digits;
        if (alt && (conv === 'x' || conv === 'X') && !isZero) prefix = conv === 'x' ? '0x' : '0X';
        pad(prefix + digits, zero && !left && prec < 0 ? prefix.length : -1);
        break;
      }
      case 'c': {
        const v = next() & 0xff;
        pad(String.fromCharCode(v));
        break;
      }
      case 's': {
        const p = next();
        let str: string;
        if (p === 0) str = prec === -1 || prec >= 6 ? '(null)' : '';
        else str = readStr(mem, p, prec >= 0 ? prec : 1 << 30);
        pad(str);
        break;
      }
      case 'p': {
        const p = next();
        if (p === 0) pad('(nil)');
        else {
          let digits = u64str(p, 16);
          if (prec >= 0) digits = digits.padStart(prec, '0');
          const sign = plus ? '+' : space ? ' ' : '';
          pad(sign + '0x' + digits, zero && !left && prec < 0 ? sign.length + 2 : -1);
        }
        break;
      }
      case 'm':
        pad(strerror(errno));
        break;
      case '%':
        emit('%'); // "%5%": glibc ignores the flags and width
        break;
      case 'n': {
        const p = next();
        if (p) stores.push({ addr: p, v: length });
        break;
      }
      default:
        // Unknown conversion (or one kernlab lacks, like %f): glibc prints the spec as written.
        if (conv === undefined) emit(fmt.slice(start));
        else emit(fmt.slice(start, i));
    }
  }
  emit(lit);
  return { pieces, length, stores };
}
