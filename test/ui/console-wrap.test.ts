// How the console pane folds a line wider than itself: prose between
// words, column-aligned output (ps, maps) at the last column as a
// terminal does, so its columns still read the same.
import { describe, expect, it } from 'vitest';
import { consoleRows } from '../../src/ui/panes/console';
import { setup } from '../console/helpers';

/** Whether some row ends in the middle of a word that the next row continues. */
function splitsWord(rows: string[]): boolean {
  return rows.some((r, i) => i + 1 < rows.length && /\S$/.test(r) && /^\S/.test(rows[i + 1]));
}

describe('console pane wrapping', () => {
  it("kernlab's messages wrap between words, even when they come as a command's output", () => {
    const msg = 'kernlab: /proc/sys/kernel/foo: Read-only file system (only echo may write, into /proc/sys)';
    const rows = consoleRows(msg, 'err', 60);
    expect(rows).toEqual(['kernlab: /proc/sys/kernel/foo: Read-only file system (only', 'echo may write, into /proc/sys)']);
    expect(rows.every((r) => r.length <= 60)).toBe(true);
  });

  it('a word longer than a row is still cut', () => {
    const rows = consoleRows(`cat: ${'x'.repeat(30)}: No such file or directory`, 'err', 20);
    expect(rows).toEqual(['cat:', 'x'.repeat(20), `${'x'.repeat(10)}: No such`, 'file or directory']);
  });

  it("help's listing: the rows after the first start under the summary, none ends inside a word", () => {
    const { con } = setup();
    const help = con.exec('help').output.split('\n');
    const listed = help.filter((l) => /^ {2}\S+ {2,}\S/.test(l));
    expect(listed.length).toBeGreaterThan(20);
    for (const line of listed) {
      const rows = consoleRows(line, 'out', 64);
      expect(splitsWord(rows), line).toBe(false);
      const hang = /^ {2}\S+ +/.exec(line)![0].length;
      for (const r of rows.slice(1)) expect(r.slice(0, hang).trim(), line).toBe('');
    }
    expect(consoleRows('  pgrep    list the PIDs of processes whose name matches a regular expression', 'out', 50)).toEqual([
      '  pgrep    list the PIDs of processes whose name',
      '           matches a regular expression',
    ]);
  });

  it('ps and /proc/PID/maps keep the terminal\'s fold: cut at the last column', () => {
    const { con } = setup();
    const ps = con.exec('ps -ef').output.split('\n').filter(Boolean);
    for (const line of ps) {
      const rows = consoleRows(line, 'out', 30);
      expect(rows.join('')).toBe(line);
      expect(rows.slice(0, -1).every((r) => r.length === 30)).toBe(true);
    }
    const maps = '555555554000-555555555000 r--p 00000000 00:00 0                          /home/student/parent';
    expect(consoleRows(maps, 'out', 78)).toEqual([maps.slice(0, 78), maps.slice(78)]);
    // ls's columns (tabs) are column-aligned too.
    expect(consoleRows('cmdline  comm  maps  stat  statm  status  task\twchan', 'out', 20).join('')).toBe('cmdline  comm  maps  stat  statm  status  task  wchan');
  });

  it('what fits is one row, unchanged; a command echoed and strace lines wrap as a terminal does', () => {
    expect(consoleRows('  PID TTY          TIME CMD', 'out', 78)).toEqual(['  PID TTY          TIME CMD']);
    expect(consoleRows('', 'out', 78)).toEqual(['']);
    const typed = 'kernlab# echo $(( (0x55d4c3a2f000 >> 39) & 511 ))';
    expect(consoleRows(typed, 'cmd', 20)).toEqual([typed.slice(0, 20), typed.slice(20, 40), typed.slice(40)]);
    const trace = '[pid  1496] write(1, "I am your father!\\n", 18) = 18';
    expect(consoleRows(trace, 'trace', 30)).toEqual([trace.slice(0, 30), trace.slice(30)]);
  });
});
