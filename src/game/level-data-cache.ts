// The shipped levels' YAML, parsed at build time.
//
// Parsing YAML with positions (the yaml package) was two thirds of the time
// from the splash to the level menu. The bundle step (scripts/package.mjs,
// used by `npm run build` and the standalone binary) rewrites the PARSED line
// below into a table from the SHA-256 of each shipped level file's text to
// the plain data that text parses to. A level whose text is not byte for
// byte the one that was built (edited since, or any other file) misses the
// table and is parsed as before; in vitest the table is empty.
import { createHash } from 'node:crypto';

// Filled in by scripts/package.mjs (sha256 hex of the text -> its data).
// Keep this exact line: the bundler plugin fails loudly if it cannot find it.
const PARSED: Record<string, unknown> | null = null; // @embedded-level-data

/** The key of a level file's text in the table. */
export function levelTextKey(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/**
 * A fresh copy of the data `text` parses to, if the build parsed this very
 * text; undefined otherwise. `table` is for tests.
 */
export function parsedLevelData(text: string, table: Record<string, unknown> | null = PARSED): unknown {
  if (table === null) return undefined;
  const data = table[levelTextKey(text)];
  return data === undefined ? undefined : structuredClone(data);
}
