// Numbers as the console's commands read them: PIDs, addresses, lengths,
// durations, CPU masks and lists. Every parser returns null for input it
// does not accept; the command then prints the tool's own error.

/** A non-negative decimal integer (a PID, a count). */
export function parseUint(s: string): number | null {
  if (!/^\d+$/.test(s)) return null;
  const n = Number(s);
  return Number.isSafeInteger(n) ? n : null;
}

/** A decimal integer with an optional sign ("-5", "+3", "10"). */
export function parseInt10(s: string): number | null {
  if (!/^[+-]?\d+$/.test(s)) return null;
  const n = Number(s);
  return Number.isSafeInteger(n) ? n : null;
}

/**
 * An address. Hexadecimal with `0x`, or containing a hex letter, or of 8
 * digits or more (the form /proc/PID/maps and pmap print: "00400000",
 * "555555554000"); otherwise a short run of digits is decimal ("4096").
 * User addresses are below 2^47, exact in a double.
 */
export function parseAddr(s: string): number | null {
  let hex = false;
  let body = s;
  if (/^0[xX]/.test(s)) {
    hex = true;
    body = s.slice(2);
  } else if (/[a-fA-F]/.test(s) || s.length >= 8) hex = true;
  if (hex ? !/^[0-9a-fA-F]+$/.test(body) : !/^\d+$/.test(body)) return null;
  if (body.length > 16) return null;
  const v = hex ? parseInt(body, 16) : Number(body);
  return Number.isSafeInteger(v) ? v : null;
}

/** A length: "4096", "0x1000", "4k", "4K", "2M", "1G" (binary units, as mmap sizes are written). */
export function parseLen(s: string): number | null {
  const m = /^(0[xX][0-9a-fA-F]+|\d+)([kKmMgG]?)$/.exec(s);
  if (!m) return null;
  const base = m[1].startsWith('0x') || m[1].startsWith('0X') ? parseInt(m[1].slice(2), 16) : Number(m[1]);
  const mult = { '': 1, k: 1024, K: 1024, m: 1 << 20, M: 1 << 20, g: 1 << 30, G: 1 << 30 }[m[2]] ?? 1;
  const v = base * mult;
  return Number.isSafeInteger(v) ? v : null;
}

/** A duration in ticks (1 tick = 1 ms): "250" (ticks), "250ms", "1s", "1.5s". */
export function parseTicks(s: string): number | null {
  const m = /^(\d+(?:\.\d+)?)(ms|s)?$/.exec(s);
  if (!m) return null;
  const v = Number(m[1]) * (m[2] === 's' ? 1000 : 1);
  if (!Number.isFinite(v) || !Number.isInteger(v) || v > 1e9) return null;
  return v;
}

/**
 * A CPU mask as taskset reads it: hex digits, with or without 0x, commas
 * allowed between 32-bit words (util-linux cpumask_parse). Null if invalid.
 */
export function parseCpuMask(s: string): bigint | null {
  const body = s.replace(/^0[xX]/, '').replace(/,/g, '');
  if (!body || !/^[0-9a-fA-F]+$/.test(body)) return null;
  return BigInt('0x' + body);
}

/** A CPU list "0-3,5,7-8" (util-linux cpulist_parse; "0-7:2" strides too). Null if invalid. */
export function parseCpuList(s: string, maxCpus: number): bigint | null {
  let mask = 0n;
  for (const part of s.split(',')) {
    const m = /^(\d+)(?:-(\d+)(?::(\d+))?)?$/.exec(part);
    if (!m) return null;
    const a = Number(m[1]);
    const b = m[2] !== undefined ? Number(m[2]) : a;
    const stride = m[3] !== undefined ? Number(m[3]) : 1;
    if (b < a || stride < 1 || b >= Math.max(maxCpus, 1024)) return null;
    for (let c = a; c <= b; c += stride) mask |= 1n << BigInt(c);
  }
  return mask;
}

/** util-linux cpulist_create: "0", "0,1", "0-3", "0,2-5" (runs of 3+ as ranges). */
export function cpuListString(mask: bigint): string {
  const cpus: number[] = [];
  for (let i = 0; mask >> BigInt(i); i++) if ((mask >> BigInt(i)) & 1n) cpus.push(i);
  const out: string[] = [];
  for (let i = 0; i < cpus.length; ) {
    let run = 0;
    while (i + run + 1 < cpus.length && cpus[i + run + 1] === cpus[i] + run + 1) run++;
    if (run === 0) out.push(`${cpus[i]}`);
    else if (run === 1) out.push(`${cpus[i]},${cpus[i] + 1}`);
    else out.push(`${cpus[i]}-${cpus[i] + run}`);
    i += run + 1;
  }
  return out.join(',');
}

/** The kernel's "%*pbl": "0-1", "0-3,6" (every run of 2+ is a range). linux: lib/vsprintf.c bitmap_list_string */
export function kernelCpuList(mask: bigint): string {
  const out: string[] = [];
  let i = 0;
  while (mask >> BigInt(i)) {
    if (!((mask >> BigInt(i)) & 1n)) {
      i++;
      continue;
    }
    let j = i;
    while ((mask >> BigInt(j + 1)) & 1n) j++;
    out.push(j > i ? `${i}-${j}` : `${i}`);
    i = j + 1;
  }
  return out.join(',');
}

/** The kernel's "%*pb" for `nbits` bits: hex in 32-bit words separated by commas. linux: bitmap_string */
export function kernelBitmapHex(mask: bigint, nbits: number): string {
  const words: string[] = [];
  const nwords = Math.max(1, Math.ceil(nbits / 32));
  for (let w = nwords - 1; w >= 0; w--) {
    const bits = w === nwords - 1 ? nbits - 32 * w : 32;
    const v = (mask >> BigInt(32 * w)) & 0xffffffffn;
    words.push(v.toString(16).padStart(Math.ceil(bits / 4), '0'));
  }
  return words.join(',');
}

/** 64-bit signal set as /proc/PID/status prints it: 16 hex digits. */
export function sigsetHex(set: bigint): string {
  return BigInt.asUintN(64, set).toString(16).padStart(16, '0');
}
