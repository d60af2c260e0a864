// The bytes of blessed's own compiled terminfo entries (blessed/usr/*).
//
// In development (vitest, `node dist/kernlab.cjs`) they are read from the
// installed blessed package. The standalone binary has no node_modules: its
// bundle step (scripts/package.mjs) rewrites the EMBEDDED line below into a
// table of base64 strings, so the same function answers from memory there.
import { readFileSync } from 'node:fs';

/** Terminfo entries kernlab uses (it always runs as xterm-256color). */
export const TERMINFO_NAMES: readonly string[] = ['xterm-256color'];

// Filled in by scripts/package.mjs (name -> base64 of blessed/usr/<name>).
// Keep this exact line: the bundler plugin fails loudly if it cannot find it.
const EMBEDDED: Record<string, string> | null = null; // @embedded-terminfo

/**
 * The compiled terminfo entry `name` as blessed ships it, or undefined for a
 * name kernlab does not carry. Never consults the system's terminfo
 * directories: Debian's ncurses-6 files do not parse in blessed 0.1.81 and a
 * user's ~/.terminfo would make screens differ between machines.
 */
export function blessedTerminfoBytes(name: string): Buffer | undefined {
  if (!TERMINFO_NAMES.includes(name)) return undefined;
  if (EMBEDDED !== null) {
    const b64 = EMBEDDED[name];
    return b64 === undefined ? undefined : Buffer.from(b64, 'base64');
  }
  return readFileSync(require.resolve(`blessed/usr/${name}`));
}
