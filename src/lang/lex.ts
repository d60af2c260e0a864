// The lexer: source text to preprocessing tokens, with gcc's line:column.
// Literals are decoded here (integer values and types, string bytes).

import type { Diags } from './diag';
import { T_INT, T_LONG, T_UINT, T_ULONG, type IntT } from './types';

export type TokKind = 'id' | 'num' | 'char' | 'str' | 'punct' | 'eof';

export interface Tok {
  k: TokKind; // token class
  v: string; // spelling: identifier, punctuator, or the literal as written
  line: number; // 1-based line of the first character
  col: number; // 1-based display column of the first character
  endCol: number; // display column just after the last character (same line)
  bol: boolean; // first token of a logical line (a '#' here starts a directive)
  ws: boolean; // preceded by white space (tells `#define F(x)` from `#define F (x)`)
  num?: number; // num/char: value (64-bit types as signed two's complement numbers)
  big?: bigint; // num: the exact value, for constant folding beyond 2^53
  ntype?: IntT; // num/char: the literal's type
  bytes?: number[]; // str: bytes without the terminating NUL (UTF-8 for non-ASCII)
  bad?: string; // literal outside the subset (floating point, wide): why
  hide?: Set<string>; // preprocessor: macros that must not expand this token
}

const PUNCTS = [
  '...', '<<=', '>>=',
  '->', '++', '--', '<<', '>>', '<=', '>=', '==', '!=', '&&', '||', '*=', '/=', '%=', '+=', '-=', '&=', '^=', '|=', '##',
  '[', ']', '(', ')', '{', '}', '.', '&', '*', '+', '-', '~', '!', '/', '%', '<', '>', '^', '|', '?', ':', ';', '=', ',', '#',
];

const isIdStart = (c: string): boolean => (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c === '_';
const isDigit = (c: string): boolean => c >= '0' && c <= '9';
const isIdChar = (c: string): boolean => isIdStart(c) || isDigit(c);

/** UTF-8 bytes of one code point. */
function utf8(cp: number, out: number[]): void {
  if (cp < 0x80) out.push(cp);
  else if (cp < 0x800) out.push(0xc0 | (cp >> 6), 0x80 | (cp & 63));
  else if (cp < 0x10000) out.push(0xe0 | (cp >> 12), 0x80 | ((cp >> 6) & 63), 0x80 | (cp & 63));
  else out.push(0xf0 | (cp >> 18), 0x80 | ((cp >> 12) & 63), 0x80 | ((cp >> 6) & 63), 0x80 | (cp & 63));
}

export function lex(src: string, diags: Diags): Tok[] {
  const toks: Tok[] = [];
  let i = 0;
  let line = 1;
  let col = 1;
  let bol = true;
  let ws = false;
  const n = src.length;

  // Advances over one character, keeping line and display column (tab stops of 8, as gcc).
  const adv = (): void => {
    const c = src[i++];
    if (c === '\n') {
      line++;
      col = 1;
    } else if (c === '\t') col = Math.floor((col - 1) / 8) * 8 + 9;
    else if (c === '\r') {
      /* invisible */
    } else {
      // A surrogate pair is one column.
      const code = c.charCodeAt(0);
      if (code < 0xdc00 || code > 0xdfff) col++;
    }
  };

  while (i < n) {
    const c = src[i];
    // Line splice: backslash-newline joins lines.
    if (c === '\\' && (src[i + 1] === '\n' || (src[i + 1] === '\r' && src[i + 2] === '\n'))) {
      adv();
      if (src[i] === '\r') adv();
      adv();
      ws = true;
      continue;
    }
    if (c === '\n') {
      adv();
      bol = true;
      ws = true;
      continue;
    }
    if (c === ' ' || c === '\t' || c === '\r' || c === '\f' || c === '\v') {
      adv();
      ws = true;
      continue;
    }
    if (c === '/' && src[i + 1] === '/') {
      while (i < n && src[i] !== '\n') {
        if (src[i] === '\\' && src[i + 1] === '\n') adv(); // a spliced // comment continues
        adv();
      }
      ws = true;
      continue;
    }
    if (c === '/' && src[i + 1] === '*') {
      const sl = line;
      const sc = col;
      adv();
      adv();
      while (i < n && !(src[i] === '*' && src[i + 1] === '/')) adv();
      if (i >= n) diags.error({ line: sl, col: sc }, 'unterminated comment');
      else {
        adv();
        adv();
      }
      ws = true;
      continue;
    }

    const tl = line;
    const tc = col;
    const start = i;
    const mk = (k: TokKind, v: string): Tok => {
      const t: Tok = { k, v, line: tl, col: tc, endCol: line === tl ? col : tc + v.length, bol, ws };
      bol = false;
      ws = false;
      toks.push(t);
      return t;
    };

    // String and character literals, with optional encoding prefix.
    let prefix = '';
    if ((c === 'L' || c === 'U' || c === 'u') && (src[i + 1] === '"' || src[i + 1] === "'")) prefix = c;
    else if (c === 'u' && src[i + 1] === '8' && src[i + 2] === '"') prefix = 'u8';
    if (prefix || c === '"' || c === "'") {
      for (let k = 0; k < prefix.length; k++) adv();
      const q = src[i];
      adv();
      const bytes: number[] = [];
      let closed = false;
      while (i < n) {
        const d = src[i];
        if (d === '\n') break;
        if (d === q) {
          adv();
          closed = true;
          break;
        }
        if (d === '\\') {
          const el = line;
          const ec = col;
          adv();
          if (i >= n) break; // a backslash at the end of the file: reported below as unterminated
          const e = src[i];
          if (e === '\n') {
            adv(); // splice inside a literal
            continue;
          }
          adv();
          const simple: Record<string, number> = { n: 10, t: 9, r: 13, a: 7, b: 8, f: 12, v: 11, e: 27, E: 27, '\\': 92, "'": 39, '"': 34, '?': 63 };
          if (e in simple) bytes.push(simple[e]);
          else if (e >= '0' && e <= '7') {
            let v = e.charCodeAt(0) - 48;
            for (let k = 0; k < 2 && src[i] >= '0' && src[i] <= '7'; k++) {
              v = v * 8 + (src[i].charCodeAt(0) - 48);
              adv();
            }
            if (v > 255) diags.error({ line: el, col: ec }, 'octal escape sequence out of range');
            bytes.push(v & 255);
          } else if (e === 'x') {
            let v = 0;
            let any = false;
            while (i < n && /[0-9a-fA-F]/.test(src[i])) {
              v = v * 16 + parseInt(src[i], 16);
              any = true;
              adv();
            }
            if (!any) diags.error({ line: el, col: ec }, '\\x used with no following hex digits');
            else if (v > 255) diags.error({ line: el, col: ec }, 'hex escape sequence out of range');
            bytes.push(v & 255);
          } else {
            diags.error({ line: el, col: ec }, `unknown escape sequence: '\\${e}'`);
            bytes.push(e.charCodeAt(0) & 255);
          }
          continue;
        }
        const cp = src.codePointAt(i)!;
        adv();
        if (cp > 0xffff) adv();
        utf8(cp, bytes);
      }
      const text = src.slice(start, i);
      if (!closed) {
        diags.error({ line: tl, col: tc }, `missing terminating ${q} character`);
      }
      if (q === '"') {
        const t = mk('str', text);
        t.bytes = bytes;
        if (prefix && prefix !== 'u8') t.bad = 'wide string literals';
      } else {
        const t = mk('char', text);
        t.ntype = T_INT;
        if (prefix) t.bad = 'wide character constants';
        if (bytes.length === 0) {
          if (closed) diags.error({ line: tl, col: tc }, 'empty character constant');
          t.num = 0;
        } else if (bytes.length === 1) {
          t.num = bytes[0] > 127 ? bytes[0] - 256 : bytes[0]; // plain char is signed on x86-64
        } else {
          let v = 0; // gcc: multi-character constant, last four bytes
          for (const b of bytes) v = ((v << 8) | b) | 0;
          t.num = v;
        }
      }
      continue;
    }

    if (isIdStart(c) || c === '$') {
      while (i < n && (isIdChar(src[i]) || src[i] === '$')) adv();
      mk('id', src.slice(start, i));
      continue;
    }

    // pp-number: digits, letters, dots, and signs after an exponent letter.
    if (isDigit(c) || (c === '.' && isDigit(src[i + 1] ?? ''))) {
      adv();
      while (i < n) {
        const d = src[i];
        if ((d === '+' || d === '-') && /[eEpP]/.test(src[i - 1])) adv();
        else if (isIdChar(d) || d === '.') adv();
        else break;
      }
      const text = src.slice(start, i);
      const t = mk('num', text);
      decodeNumber(t, diags);
      continue;
    }

    let p = '';
    for (const cand of PUNCTS) {
      if (src.startsWith(cand, i)) {
        p = cand;
        break;
      }
    }
    if (p) {
      for (let k = 0; k < p.length; k++) adv();
      mk('punct', p);
      continue;
    }
    const cp = src.codePointAt(i)!;
    diags.error({ line: tl, col: tc }, `stray '${String.fromCodePoint(cp)}' in program`);
    adv();
    if (cp > 0xffff) adv();
    ws = true;
  }
  toks.push({ k: 'eof', v: '', line, col, endCol: col, bol: true, ws: true });
  return toks;
}

const TWO64 = 1n << 64n;

/** Value and type of an integer constant (C11 6.4.4.1, with gcc's choices). */
function decodeNumber(t: Tok, diags: Diags): void {
  const s = t.v;
  t.num = 0;
  t.ntype = T_INT;
  const m = /^(0[xX][0-9a-fA-F]+|0[bB][01]+|[0-9]+)([uUlL]*)$/.exec(s);
  if (!m) {
    if (/^(0[xX][0-9a-fA-F.]*[pP]|[0-9]*\.[0-9]*|[0-9]+[eE])/.test(s) || /[fF]$/.test(s)) {
      t.bad = 'floating-point constants';
      return;
    }
    const digits = /^(0[xX][0-9a-fA-F]*|0[bB][01]*|[0-9]+)/.exec(s);
    const suffix = digits ? s.slice(digits[0].length) : s;
    diags.error(t, `invalid suffix "${suffix}" on integer constant`);
    return;
  }
  const body = m[1];
  const suf = m[2].toLowerCase();
  if (!['', 'u', 'l', 'ul', 'lu', 'll', 'ull', 'llu'].includes(suf)) {
    diags.error(t, `invalid suffix "${m[2]}" on integer constant`);
    return;
  }
  let v: bigint;
  let decimal = false;
  if (/^0[xX]/.test(body)) v = BigInt(body);
  else if (/^0[bB]/.test(body)) v = BigInt(body);
  else if (body.length > 1 && body[0] === '0') {
    if (/[89]/.test(body)) {
      diags.error(t, `invalid digit "${/[89]/.exec(body)![0]}" in octal constant`);
      return;
    }
    v = BigInt('0o' + body.slice(1));
  } else {
    v = BigInt(body);
    decimal = true;
  }
  if (v >= TWO64) {
    diags.error(t, 'integer constant is too large for its type');
    v = v % TWO64;
  }
  const u = suf.includes('u');
  const l = suf.includes('l');
  const INT_MAX = 0x7fffffffn;
  const UINT_MAX = 0xffffffffn;
  const LONG_MAX = 0x7fffffffffffffffn;
  let ty: IntT;
  if (u) ty = !l && v <= UINT_MAX ? T_UINT : T_ULONG;
  else if (l) ty = v <= LONG_MAX ? T_LONG : T_ULONG;
  else if (decimal) ty = v <= INT_MAX ? T_INT : v <= LONG_MAX ? T_LONG : T_ULONG;
  else ty = v <= INT_MAX ? T_INT : v <= UINT_MAX ? T_UINT : v <= LONG_MAX ? T_LONG : T_ULONG;
  t.ntype = ty;
  t.big = ty.size === 8 ? BigInt.asIntN(64, v) : v;
  t.num = Number(t.big);
}
