// Seeded mutators for the fuzz tests: every case is reproducible from its
// seed (seedrandom, never Math.random), and each file keeps its iteration
// count bounded so it runs in a few seconds.
import seedrandom from 'seedrandom';

export type Rng = seedrandom.PRNG;

export function rng(seed: string): Rng {
  return seedrandom(seed);
}

/** An integer in [0, n). */
export function int(r: Rng, n: number): number {
  return Math.floor(r() * n);
}

export function pick<T>(r: Rng, xs: readonly T[]): T {
  return xs[int(r, xs.length)];
}

/** Characters that stress lexers: quotes, escapes, brackets, control bytes, unicode. */
const NASTY = ['\0', '\t', '\r', '\n', '"', "'", '\\', '{', '}', '(', ')', '[', ']', ';', ':', '#', '|', '>', '<', '&', '*', '/', '-', '%', '$', '`', '\u00e9', '\u2028', '\u{1F600}', '\uFFFD', '\x7f', '\x1b', ' '];

/** A random string of `n` characters, mixing printable ASCII, controls and unicode. */
export function junk(r: Rng, n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) {
    const k = r();
    if (k < 0.5) s += String.fromCharCode(32 + int(r, 95));
    else if (k < 0.85) s += pick(r, NASTY);
    else s += String.fromCodePoint(int(r, 0x2ffff));
  }
  return s;
}

/** Splits text into tokens (words, numbers, quoted strings, single punctuation, whitespace runs). */
export function tokens(text: string): string[] {
  return text.match(/"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'|[A-Za-z_][A-Za-z0-9_]*|\d[\w.]*|\s+|[^\s]/g) ?? [];
}

/** One random edit of `text`: at token level (delete, duplicate, swap) or at character level (delete, insert junk, truncate, flip). */
export function mutate(r: Rng, text: string): string {
  const op = int(r, 8);
  if (op < 3) {
    const t = tokens(text);
    if (t.length < 2) return text + junk(r, 3);
    const i = int(r, t.length);
    const j = int(r, t.length);
    if (op === 0) t.splice(i, 1);
    else if (op === 1) t.splice(i, 0, t[j]);
    else [t[i], t[j]] = [t[j], t[i]];
    return t.join('');
  }
  const i = int(r, text.length + 1);
  switch (op) {
    case 3:
      return text.slice(0, i) + text.slice(i + 1 + int(r, 4));
    case 4:
      return text.slice(0, i) + junk(r, 1 + int(r, 6)) + text.slice(i);
    case 5:
      return text.slice(0, i); // truncated
    case 6: {
      // a duplicated line
      const lines = text.split('\n');
      const l = int(r, lines.length);
      lines.splice(l, 0, lines[l]);
      return lines.join('\n');
    }
    default: {
      // a character replaced by one of its neighbours on a keyboard-ish scale
      const c = text.charCodeAt(i) || 32;
      return text.slice(0, i) + String.fromCharCode((c + int(r, 5) - 2 + 128) % 128) + text.slice(i + 1);
    }
  }
}

/** `n` random edits in a row. */
export function mutateN(r: Rng, text: string, n: number): string {
  let s = text;
  for (let i = 0; i < n; i++) s = mutate(r, s);
  return s;
}

/**
 * The seed of a fuzz loop: fixed, so every run is the same test. To explore
 * further, FUZZ_SEED=anything picks other cases and FUZZ_SCALE=N runs N
 * times as many (a failure prints its input; add it as a named test).
 */
export function seedFor(name: string): string {
  const extra = process.env.FUZZ_SEED;
  return extra ? `${name}/${extra}` : name;
}

/** A loop's iteration count, times FUZZ_SCALE when exploring. */
export function scaled(n: number): number {
  const s = Number(process.env.FUZZ_SCALE ?? 1);
  return Number.isFinite(s) && s > 0 ? Math.round(n * s) : n;
}

/** A fuzz test's timeout: the suite's 60 s, times FUZZ_SCALE when exploring. */
export function timeoutMs(): number {
  return scaled(60_000);
}
