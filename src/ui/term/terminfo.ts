// Make blessed always use its own terminfo entry for xterm-256color.
//
// blessed 0.1.81 looks for terminfo in $TERMINFO, ~/.terminfo and
// /usr/share/terminfo before its own usr/ copies. Debian's ncurses-6 files
// use the 32-bit number format, which blessed cannot parse ("Terminfo parse
// error", then a fallback), an old ~/.terminfo could parse and change what we
// draw, and the standalone binary has no usr/ folder next to blessed at all.
// So we replace Tput#readTerminfo once per process: for the entries we carry
// it parses our bytes with blessed's own parser; any other name (never asked
// for by createScreen) goes to blessed's original lookup.
import path from 'node:path';
import blessed from 'blessed';
import { blessedTerminfoBytes } from './terminfo-data';

// The parts of blessed's (untyped) Tput this module touches.
interface TputInternals {
  terminal: string; // terminal name the Tput was created for, lower case
  readTerminfo(term?: string): unknown; // find, read and parse an entry
  parseTerminfo(data: Buffer, file: string): unknown; // parse compiled bytes
}

// Whether the override is installed in this process.
let installed = false;

/**
 * Install the terminfo override on blessed's Tput prototype. Idempotent;
 * must run before the first blessed Program is created (createScreen does).
 */
export function useBlessedTerminfo(): void {
  if (installed) return;
  const tput = (blessed as unknown as { Tput: { prototype: TputInternals } }).Tput;
  const original = tput.prototype.readTerminfo;
  tput.prototype.readTerminfo = function readTerminfo(this: TputInternals, term?: string): unknown {
    const name = path.basename(term || this.terminal);
    const bytes = blessedTerminfoBytes(name);
    if (bytes !== undefined) return this.parseTerminfo(bytes, `/blessed/usr/${name}`);
    return original.call(this, term);
  };
  installed = true;
}
