// The bytes an xterm-compatible terminal sends for a key, by blessed's key
// names ('up', 'S-tab', 'C-c', 'f1', 'pagedown', 'enter', 'M-x', or one
// printable character).

/** Terminal modes that change what a key sends. */
export interface KeyModes {
  applicationCursor: boolean; // DECCKM set (blessed's smkx): arrows send SS3
}

// Keys whose bytes do not depend on modes.
const FIXED: Record<string, string> = {
  tab: '\t',
  'S-tab': '\x1b[Z',
  enter: '\r', // xterm sends CR; blessed reports 'return' and 'enter'
  return: '\r',
  linefeed: '\n',
  escape: '\x1b',
  backspace: '\x7f', // xterm's default (backarrowKey): DEL, not ^H
  space: ' ',
  insert: '\x1b[2~',
  delete: '\x1b[3~',
  pageup: '\x1b[5~',
  pagedown: '\x1b[6~',
  f1: '\x1bOP',
  f2: '\x1bOQ',
  f3: '\x1bOR',
  f4: '\x1bOS',
  f5: '\x1b[15~',
  f6: '\x1b[17~',
  f7: '\x1b[18~',
  f8: '\x1b[19~',
  f9: '\x1b[20~',
  f10: '\x1b[21~',
  f11: '\x1b[23~',
  f12: '\x1b[24~',
  'C-space': '\x00',
};

// Cursor keys: final byte of CSI/SS3 sequences.
const CURSOR: Record<string, string> = { up: 'A', down: 'B', right: 'C', left: 'D', home: 'H', end: 'F' };

// xterm's modifier parameter: 1 + (shift 1, alt 2, ctrl 4).
const MODIFIER: Record<string, number> = { 'S-': 2, 'M-': 3, 'C-': 5, 'C-S-': 6 };

/**
 * The bytes for one key. Throws on a name it does not know, so a typo in a
 * test fails loudly instead of sending nothing.
 */
export function keyBytes(name: string, modes: KeyModes): string {
  const fixed = FIXED[name];
  if (fixed !== undefined) return fixed;
  const cursor = CURSOR[name];
  if (cursor !== undefined) return (modes.applicationCursor ? '\x1bO' : '\x1b[') + cursor;
  const mod = /^((?:C-S-)|(?:[CSM]-))(up|down|right|left|home|end)$/.exec(name);
  if (mod) return `\x1b[1;${MODIFIER[mod[1]!]}${CURSOR[mod[2]!]}`;
  const ctrl = /^C-([a-z])$/.exec(name);
  if (ctrl) return String.fromCharCode(ctrl[1]!.charCodeAt(0) & 0x1f);
  const meta = /^M-(.)$/u.exec(name);
  if (meta) return '\x1b' + meta[1];
  if ([...name].length === 1) return name;
  throw new Error(`keyBytes: unknown key name ${JSON.stringify(name)}`);
}
