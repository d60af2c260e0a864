// The terminal shows what programs write as a terminal would: UTF-8 decoded.
import { describe, expect, it } from 'vitest';
import { Tty } from '../../src/kernel/tty';
import { boot, groupGone, output, runUntil, start } from './helpers';

describe('tty', () => {
  it('decodes UTF-8, also a character split between two writes; an invalid byte is U+FFFD', () => {
    const tty = new Tty();
    tty.writeBytes(1, 'stdout', [0x5b, 0xc3], 0); // "[" and the first byte of "ü"
    tty.writeBytes(1, 'stdout', [0xbc, 0x5d], 0);
    tty.writeBytes(1, 'stdout', [0xe2, 0x86], 0); // "→" cut after two of its three bytes
    tty.writeBytes(1, 'stderr', [0x21], 0); // another stream does not complete it
    tty.writeBytes(1, 'stdout', [0x92, 0xc3, 0x41], 0); // its last byte, then a lead byte without its continuation
    expect(tty.since(0).map((c) => `${c.stream}:${c.text}`)).toEqual(['stdout:[', 'stdout:ü]', 'stderr:!', 'stdout:→\ufffdA']);
  });

  it('a program printing UTF-8 text shows it as written', () => {
    const k = boot();
    const t = start(k, 'utf', 'int main(void) { printf("über → %s\\n", "naïve"); write(1, "\\xe2\\x9c", 2); write(1, "\\x93\\n", 2); return 0; }');
    runUntil(k, () => groupGone(k, t));
    expect(output(k)).toBe('über → naïve\n✓\n');
  });
});
