// Integer arithmetic as x86-64 does it, on the number representation of
// src/lang/types.ts: 32-bit types exact, 64-bit types as signed two's
// complement numbers (exact within ±2^53; beyond that the BigInt paths keep
// the low bits right as long as the inputs were exact).

import type { Memory } from './abi';
import type { IntT } from './types';

export const INT64_MIN = -9223372036854775808; // -2^63, exact
export const TWO64 = 2 ** 64;

/** A 64-bit number as a BigInt, clamped into the int64 range (values beyond ±2^53 are already rounded). */
export function big64(v: number): bigint {
  if (v >= 2 ** 63) return 9223372036854775807n; // 2^63 - 1 is not a double: anything this large clamps
  if (v <= INT64_MIN) return -9223372036854775808n;
  return BigInt(v);
}

/** Back from BigInt to the signed representation. */
export function num64(b: bigint): number {
  return Number(BigInt.asIntN(64, b));
}

/** The value converted to an integer type (truncation and sign or zero extension). */
export function wrap(v: number, t: IntT): number {
  if (t.bool) return v !== 0 ? 1 : 0;
  switch (t.size) {
    case 1:
      return t.unsigned ? v & 0xff : (v << 24) >> 24;
    case 2:
      return t.unsigned ? v & 0xffff : (v << 16) >> 16;
    case 4:
      return t.unsigned ? v >>> 0 : v | 0;
    default:
      return Number.isSafeInteger(v) ? v : num64(big64(v));
  }
}

export function add64(a: number, b: number): number {
  const r = a + b;
  return r <= 9007199254740991 && r >= -9007199254740991 ? r : num64(big64(a) + big64(b));
}
export function sub64(a: number, b: number): number {
  const r = a - b;
  return r <= 9007199254740991 && r >= -9007199254740991 ? r : num64(big64(a) - big64(b));
}
export function mul64(a: number, b: number): number {
  const r = a * b;
  return r <= 9007199254740991 && r >= -9007199254740991 ? r : num64(big64(a) * big64(b));
}
/** Signed 64-bit division, truncating; the caller has excluded b == 0 and INT64_MIN / -1. */
export function div64(a: number, b: number): number {
  if (Number.isSafeInteger(a) && Number.isSafeInteger(b)) return Math.trunc(a / b);
  return num64(big64(a) / big64(b));
}
export function mod64(a: number, b: number): number {
  if (Number.isSafeInteger(a) && Number.isSafeInteger(b)) return a % b || 0;
  return num64(big64(a) % big64(b));
}
const u64 = (v: number): bigint => BigInt.asUintN(64, big64(v));
export function divu64(a: number, b: number): number {
  if (a >= 0 && b > 0 && Number.isSafeInteger(a)) return Math.floor(a / b);
  return num64(u64(a) / u64(b));
}
export function modu64(a: number, b: number): number {
  if (a >= 0 && b > 0 && Number.isSafeInteger(a)) return a % b;
  return num64(u64(a) % u64(b));
}
const fits32 = (v: number): boolean => v >= -2147483648 && v <= 2147483647;
export function and64(a: number, b: number): number {
  return fits32(a) && fits32(b) ? a & b : num64(big64(a) & big64(b));
}
export function or64(a: number, b: number): number {
  return fits32(a) && fits32(b) ? a | b : num64(big64(a) | big64(b));
}
export function xor64(a: number, b: number): number {
  return fits32(a) && fits32(b) ? a ^ b : num64(big64(a) ^ big64(b));
}
export function shl64(a: number, n: number): number {
  return num64(big64(a) << BigInt(n & 63));
}
export function sar64(a: number, n: number): number {
  return num64(big64(a) >> BigInt(n & 63));
}
export function shr64(a: number, n: number): number {
  return num64(u64(a) >> BigInt(n & 63));
}
/** Unsigned 64-bit comparison: -1 if a < b, 0 if equal, 1 if a > b. */
export function cmpu64(a: number, b: number): number {
  if (a === b) return 0;
  if ((a < 0) === (b < 0)) return a < b ? -1 : 1;
  return a < 0 ? 1 : -1; // the negative one is the larger unsigned value
}
/** An unsigned 64-bit value as a decimal or hex string, exact for the held bits. */
export function u64str(v: number, radix: number): string {
  return u64(v).toString(radix);
}

/** A 64-bit store of a number (a value from 2^63 up, only reachable by rounding, stores INT64_MAX). */
export function st64(mem: Memory, a: number, v: number): void {
  if (v < 2 ** 63) mem.store64(a, v);
  else {
    mem.store32(a, -1);
    mem.store32(a + 4, 0x7fffffff);
  }
}
