// ls: list /proc (PIDs, then the files the console serves) and the
// machine's program directories, as GNU ls (coreutils 9.1) prints them:
// columns on a terminal, one name a line into a pipe, and the long
// listing of -l. linux: none — coreutils' ls.c.

import type { Command, Out } from '../command';
import { byteOrder, completePath, fileError, lookup, lsColumns, lstat, type FileStat } from '../files';
import { gmtime, strftime, wallclock } from '../clock';
import { userName } from '../tasks';

/** GNU ls's short options (all but the ones below are kernlab's too: -1 -d -l -n). */
const GNU_SHORT = 'aAbBcCdDfFgGhHiIklLmnNopqQrRsStTuUvwxXZ1';
/** GNU ls's long options kernlab's ls has not. */
const GNU_LONG = new Set(
  ('all almost-all author escape block-size ignore-backups color dired classify file-type format full-time group-directories-first ' +
    'no-group human-readable si dereference-command-line dereference-command-line-symlink-to-dir hide hyperlink indicator-style inode ' +
    'ignore kibibytes dereference literal hide-control-chars show-control-chars quote-name quoting-style reverse recursive size sort ' +
    'time time-style tabsize width context zero version').split(' '),
);

const TRY = "Try 'ls --help' for more information.";

/** `ls --help`: GNU's text for the options kernlab's ls has. */
const HELP = `Usage: ls [OPTION]... [FILE]...
List information about the FILEs (the current directory by default).
Sort entries alphabetically (C locale: byte order).

kernlab's ls has these of GNU ls's options:
  -1                         list one file per line
  -d, --directory            list directories themselves, not their contents
  -l                         use a long listing format
  -n, --numeric-uid-gid      like -l, but list numeric user and group IDs
      --help        display this help and exit

On a terminal names are listed in columns, into a pipe one per line.
The files are /proc (computed from the machine's state) and the machine's
programs (/home/student/NAME, its source NAME.c beside it). Times are the
simulated clock's: the boot (Mon Sep  2 09:00 2024 UTC) for /proc's own
files and the programs, a process's start for /proc/PID.

Exit status:
 0  if OK,
 2  if serious trouble (e.g., cannot access command-line argument).
`;

/** How ls prints: GNU's format (columns, one per line, long). */
interface LsOptions {
  long: boolean; // -l, -n
  numeric: boolean; // -n: uid and gid as numbers
  one: boolean; // -1 (without -l)
  directory: boolean; // -d: a directory as itself
}

/** Parses ls's options; a number is the exit status after an error or --help (the text written to `out`). */
function parseLs(argv: string[], out: Out): { opts: LsOptions; paths: string[] } | number {
  const opts: LsOptions = { long: false, numeric: false, one: false, directory: false };
  const paths: string[] = [];
  let options = true;
  for (const a of argv.slice(1)) {
    if (options && a === '--') options = false;
    else if (options && a.startsWith('--')) {
      const [name, value] = [a.slice(2).split('=')[0], a.includes('=')];
      const flag = name === 'help' || name === 'directory' || name === 'numeric-uid-gid';
      if (flag && value) {
        out.line(`ls: option '--${name}' doesn't allow an argument`);
        out.line(TRY);
        return 2;
      }
      if (name === 'help') {
        out.write(HELP);
        return 0;
      } else if (name === 'directory') opts.directory = true;
      else if (name === 'numeric-uid-gid') opts.long = opts.numeric = true;
      else if (GNU_LONG.has(name)) {
        out.line(`ls: option '--${name}' is not in kernlab's ls (it has -1, -d, -l, -n)`);
        out.line(TRY);
        return 2;
      } else {
        out.line(`ls: unrecognized option '${a}'`);
        out.line(TRY);
        return 2;
      }
    } else if (options && a.startsWith('-') && a !== '-') {
      for (const ch of a.slice(1)) {
        if (ch === '1') opts.one = true;
        else if (ch === 'l') opts.long = true;
        else if (ch === 'n') opts.long = opts.numeric = true;
        else if (ch === 'd') opts.directory = true;
        else {
          out.line(GNU_SHORT.includes(ch) ? `ls: option -- '${ch}' is not in kernlab's ls (it has -1, -d, -l, -n)` : `ls: invalid option -- '${ch}'`);
          out.line(TRY);
          return 2;
        }
      }
    } else paths.push(a);
  }
  return { opts, paths: paths.length ? paths : ['.'] };
}

/** "drwxr-xr-x": the file type, then rwx for owner, group and others. linux: coreutils filemodestring */
function modeString(st: FileStat): string {
  let s = st.type;
  for (let shift = 6; shift >= 0; shift -= 3) {
    const bits = (st.perm >> shift) & 7;
    s += (bits & 4 ? 'r' : '-') + (bits & 2 ? 'w' : '-') + (bits & 1 ? 'x' : '-');
  }
  return s;
}

/** A group's name: the machine's groups are root (0) and student (1000), as its users. */
const groupName = userName;

/**
 * The lines of a long listing (GNU's print_long_format): mode, links,
 * owner, group and size in columns as wide as the widest, the date —
 * "Sep  2 09:00" for the past six months, "Sep  2  2024" otherwise —
 * and the name (`self -> 27` for a symlink).
 */
function longLines(entries: { name: string; st: FileStat }[], numeric: boolean, now: number): string {
  const owner = (st: FileStat) => (numeric ? String(st.uid) : userName(st.uid));
  const group = (st: FileStat) => (numeric ? String(st.gid) : groupName(st.gid));
  const w = (f: (st: FileStat) => string) => Math.max(0, ...entries.map((e) => f(e.st).length));
  const wl = w((st) => String(st.nlink));
  const wo = w(owner);
  const wg = w(group);
  const ws = w((st) => String(st.size));
  const SIX_MONTHS = 31556952 / 2; // coreutils: a Gregorian year's seconds, halved
  return entries
    .map(({ name, st }) => {
      const recent = st.mtime > now - SIX_MONTHS && st.mtime <= now;
      const date = strftime(recent ? '%b %e %H:%M' : '%b %e  %Y', gmtime(st.mtime));
      const link = st.target !== undefined ? ` -> ${st.target}` : '';
      return `${modeString(st)} ${String(st.nlink).padStart(wl)} ${owner(st).padEnd(wo)} ${group(st).padEnd(wg)} ${String(st.size).padStart(ws)} ${date} ${name}${link}\n`;
    })
    .join('');
}

export const ls: Command = {
  name: 'ls',
  summary: 'list /proc, /proc/PID, /proc/PID/task, and the program directories',
  usage: 'ls [-1dln] [PATH...]',
  details: [
    'Names in C-locale order, in columns as GNU ls prints them on a terminal (-1: one per line, as into a pipe).',
    '-l: the long listing (mode, links, owner, group, size, date), -n with numeric owner and group, -d: a directory itself.',
    "/proc/self is a symlink: ls -l /proc/self shows 'self -> PID' (the shell's: the console's commands run in it).",
    'A program in /home/student has its source beside it, NAME and NAME.c, as after gcc -o NAME NAME.c. ls --help: the options.',
  ].join('\n'),
  run(c, argv, out) {
    const parsed = parseLs(argv, out);
    if (typeof parsed === 'number') return parsed;
    const { opts, paths } = parsed;
    const width = opts.one ? 0 : c.columns;
    const now = wallclock(c.k);
    let status = 0;
    const files: { name: string; st: FileStat }[] = [];
    const dirs: { path: string; names: string[] }[] = [];
    for (const p of paths) {
      const st = lstat(c, p);
      if (typeof st === 'number') {
        out.line(`ls: cannot access '${p}': ${fileError(st)}`);
        status = 2;
        continue;
      }
      const n = lookup(c, p);
      // A symlink named without a trailing slash is listed as itself by -l (GNU: no -H, -L), followed otherwise.
      const itself = opts.directory || (opts.long && st.type === 'l' && !p.endsWith('/'));
      if (typeof n !== 'number' && n.kind === 'dir' && !itself) dirs.push({ path: p, names: n.list().sort(byteOrder) });
      else files.push({ name: p, st });
    }
    files.sort((a, b) => byteOrder(a.name, b.name));
    dirs.sort((a, b) => byteOrder(a.path, b.path));
    const list = (dir: string | null, names: string[]): string => {
      if (!opts.long) return lsColumns(names, width);
      const entries = names.map((name) => {
        const st = dir === null ? files.find((f) => f.name === name)!.st : lstat(c, `${dir.replace(/\/+$/, '')}/${name}`);
        return { name, st: typeof st === 'number' ? null : st };
      });
      const shown = entries.filter((e): e is { name: string; st: FileStat } => e.st !== null);
      const total = dir === null ? '' : `total ${shown.reduce((s, e) => s + e.st.blocks, 0)}\n`;
      return total + longLines(shown, opts.numeric, now);
    };
    if (files.length) out.write(list(null, files.map((f) => f.name)));
    dirs.forEach((d, i) => {
      if (paths.length > 1) out.write(`${files.length || i > 0 ? '\n' : ''}${d.path}:\n`);
      out.write(list(d.path, d.names));
    });
    return status;
  },
  complete: (c, _before, word) => completePath(c, word),
};
