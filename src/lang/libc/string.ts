// <string.h> and <ctype.h> (C locale), byte by byte through the MMU.

import { malloc } from './malloc';
import { STRTOK_OLDS } from './layout';
import { copyBytes, fillBytes, type NativeCtx } from './native';

function strlenAt(c: NativeCtx, s: number): number {
  let n = 0;
  while (c.mem.load8u(s + n) !== 0) n++;
  return n;
}

export function strlen(c: NativeCtx, a: number[]): number {
  return strlenAt(c, a[0]);
}

export function strcpy(c: NativeCtx, a: number[]): number {
  const [d, s] = a;
  for (let i = 0; ; i++) {
    const b = c.mem.load8u(s + i);
    c.mem.store8(d + i, b);
    if (b === 0) break;
  }
  return d;
}

export function strncpy(c: NativeCtx, a: number[]): number {
  const [d, s, n] = a;
  let i = 0;
  for (; i < n; i++) {
    const b = c.mem.load8u(s + i);
    if (b === 0) break;
    c.mem.store8(d + i, b);
  }
  for (; i < n; i++) c.mem.store8(d + i, 0); // pads with NULs
  return d;
}

/** strcmp/strncmp: the difference of the first differing bytes, as glibc's x86-64 versions return. */
export function strcmp(c: NativeCtx, a: number[]): number {
  return strncmpAt(c, a[0], a[1], Infinity);
}

export function strncmp(c: NativeCtx, a: number[]): number {
  return strncmpAt(c, a[0], a[1], a[2] < 0 ? Infinity : a[2]);
}

function strncmpAt(c: NativeCtx, x: number, y: number, n: number): number {
  for (let i = 0; i < n; i++) {
    const p = c.mem.load8u(x + i);
    const q = c.mem.load8u(y + i);
    if (p !== q) return p - q;
    if (p === 0) return 0;
  }
  return 0;
}

export function strcat(c: NativeCtx, a: number[]): number {
  strcpy(c, [a[0] + strlenAt(c, a[0]), a[1]]);
  return a[0];
}

export function strncat(c: NativeCtx, a: number[]): number {
  const [d, s, n] = a;
  const end = d + strlenAt(c, d);
  let i = 0;
  for (; i < n; i++) {
    const b = c.mem.load8u(s + i);
    if (b === 0) break;
    c.mem.store8(end + i, b);
  }
  c.mem.store8(end + i, 0);
  return d;
}

export function strchr(c: NativeCtx, a: number[]): number {
  const ch = a[1] & 0xff;
  for (let p = a[0]; ; p++) {
    const b = c.mem.load8u(p);
    if (b === ch) return p;
    if (b === 0) return 0;
  }
}

export function strrchr(c: NativeCtx, a: number[]): number {
  const ch = a[1] & 0xff;
  let found = 0;
  for (let p = a[0]; ; p++) {
    const b = c.mem.load8u(p);
    if (b === ch) found = p;
    if (b === 0) return found;
  }
}

export function strstr(c: NativeCtx, a: number[]): number {
  const [h, n] = a;
  const nl = strlenAt(c, n);
  if (nl === 0) return h;
  for (let p = h; c.mem.load8u(p) !== 0; p++) {
    if (strncmpAt(c, p, n, nl) === 0) return p;
  }
  return 0;
}

export function strdup(c: NativeCtx, a: number[]): number {
  const n = strlenAt(c, a[0]) + 1;
  const d = malloc(c, n);
  if (d) copyBytes(c.mem, d, a[0], n);
  return d;
}

export function memset(c: NativeCtx, a: number[]): number {
  fillBytes(c.mem, a[0], a[1], a[2]);
  return a[0];
}

export function memcpy(c: NativeCtx, a: number[]): number {
  copyBytes(c.mem, a[0], a[1], a[2]);
  return a[0];
}

export function memmove(c: NativeCtx, a: number[]): number {
  const [d, s, n] = a;
  if (d <= s || d >= s + n) copyBytes(c.mem, d, s, n);
  else for (let i = n - 1; i >= 0; i--) c.mem.store8(d + i, c.mem.load8u(s + i));
  return d;
}

export function memcmp(c: NativeCtx, a: number[]): number {
  const [x, y, n] = a;
  for (let i = 0; i < n; i++) {
    const p = c.mem.load8u(x + i);
    const q = c.mem.load8u(y + i);
    if (p !== q) return p - q;
  }
  return 0;
}

// <ctype.h> in the C locale; arguments are an unsigned char value or EOF.
// The is* functions return glibc's table bits (isdigit('5') == 2048), not 1.
const inRange = (v: number, lo: number, hi: number): boolean => v >= lo && v <= hi;
const bit = (cond: boolean, mask: number): number => (cond ? mask : 0);
const IS_UPPER = 256;
const IS_LOWER = 512;
const IS_ALPHA = 1024;
const IS_DIGIT = 2048;
const IS_XDIGIT = 4096;
const IS_SPACE = 8192;
const IS_PRINT = 16384;
const IS_PUNCT = 4;
const IS_ALNUM = 8;
const upper = (v: number): boolean => inRange(v, 65, 90);
const lower = (v: number): boolean => inRange(v, 97, 122);
const digit = (v: number): boolean => inRange(v, 48, 57);
export const ctype: Record<string, (v: number) => number> = {
  isdigit: (v) => bit(digit(v), IS_DIGIT),
  isalpha: (v) => bit(upper(v) || lower(v), IS_ALPHA),
  isalnum: (v) => bit(upper(v) || lower(v) || digit(v), IS_ALNUM),
  isspace: (v) => bit(v === 32 || inRange(v, 9, 13), IS_SPACE),
  isupper: (v) => bit(upper(v), IS_UPPER),
  islower: (v) => bit(lower(v), IS_LOWER),
  isprint: (v) => bit(inRange(v, 32, 126), IS_PRINT),
  ispunct: (v) => bit(inRange(v, 33, 126) && !upper(v) && !lower(v) && !digit(v), IS_PUNCT),
  isxdigit: (v) => bit(digit(v) || inRange(v, 65, 70) || inRange(v, 97, 102), IS_XDIGIT),
  toupper: (v) => (lower(v) ? v - 32 : v),
  tolower: (v) => (upper(v) ? v + 32 : v),
};

/** The bytes of a NUL-terminated set (strspn's accept, strtok's delim). */
function byteSet(c: NativeCtx, set: number): Set<number> {
  const out = new Set<number>();
  for (let i = 0; ; i++) {
    const b = c.mem.load8u(set + i);
    if (b === 0) return out;
    out.add(b);
  }
}

/** Length of the prefix of s made of bytes in (inSet) or out of the set. */
function spanAt(c: NativeCtx, s: number, set: Set<number>, inSet: boolean): number {
  let n = 0;
  for (;;) {
    const b = c.mem.load8u(s + n);
    if (b === 0 || set.has(b) !== inSet) return n;
    n++;
  }
}

export function strspn(c: NativeCtx, [s, accept]: number[]): number {
  return spanAt(c, s, byteSet(c, accept), true);
}

export function strcspn(c: NativeCtx, [s, reject]: number[]): number {
  return spanAt(c, s, byteSet(c, reject), false);
}

/**
 * strtok_r(s, delim, saveptr): skip delimiters, the token runs to the next
 * one, which becomes a NUL; *saveptr is where the next call starts. A NULL
 * s continues from *saveptr. glibc: string/strtok_r.c
 */
function strtokAt(c: NativeCtx, s: number, delim: number, save: number): number {
  const m = c.mem;
  if (s === 0) s = m.load64(save);
  if (m.load8u(s) === 0) {
    m.store64(save, s);
    return 0;
  }
  const set = byteSet(c, delim);
  s += spanAt(c, s, set, true);
  if (m.load8u(s) === 0) {
    m.store64(save, s);
    return 0;
  }
  const end = s + spanAt(c, s, set, false);
  if (m.load8u(end) === 0) {
    m.store64(save, end);
    return s;
  }
  m.store8(end, 0);
  m.store64(save, end + 1);
  return s;
}

export function strtokR(c: NativeCtx, [s, delim, save]: number[]): number {
  return strtokAt(c, s, delim, save);
}

/** strtok: strtok_r with libc's static pointer (olds), shared by the process's threads. */
export function strtok(c: NativeCtx, [s, delim]: number[]): number {
  return strtokAt(c, s, delim, c.regs.image.libcDataBase + STRTOK_OLDS);
}
