// The files the console can read and list: /proc (computed from kernel
// state) and the machine's executables in the VFS, whose contents are
// their mini-C source (kernlab compiles a program when it is exec'd).
// A program in a home directory has its source beside it, NAME.c next
// to NAME, as after `gcc -o NAME NAME.c`; `cat NAME` prints the same
// source (on Linux it would print the ELF binary's bytes).

import { EACCES, EISDIR, ENOENT, ENOTDIR, ESRCH } from '../kernel/uapi/errno';
import type { ConsoleServices } from './command';
import { procLookup, procLstat, procPaths, type FileStat, type ProcNode } from './proc/fs';
import { BOOT_EPOCH } from './clock';

export type { FileStat };

/** The shell's working directory. */
export function cwd(c: ConsoleServices): string {
  return c.k.shell?.fs.cwd ?? '/home/student';
}

/** An absolute, normalised path. */
export function absPath(c: ConsoleServices, p: string): string {
  return resolvePath(cwd(c), p);
}

/** Resolves a possibly relative path against `dir` ("." and ".." removed), as Vfs.resolve does. */
export function resolvePath(dir: string, path: string): string {
  const out: string[] = [];
  for (const part of (path.startsWith('/') ? path : `${dir}/${path}`).split('/')) {
    if (!part || part === '.') continue;
    if (part === '..') out.pop();
    else out.push(part);
  }
  return '/' + out.join('/');
}

/** The program whose source `NAME.c` is, beside it in a home directory; undefined otherwise. */
function sourceOf(c: ConsoleServices, path: string) {
  if (!path.startsWith('/home/') || !path.endsWith('.c')) return undefined;
  return c.k.vfs.files.get(path.slice(0, -2));
}

/** The source file shown beside a program (`/home/student/NAME.c`), or null. */
function sourcePathOf(path: string): string | null {
  return path.startsWith('/home/') && !path.endsWith('.c') ? path + '.c' : null;
}

/** The directories implied by the VFS's file paths (/, /bin, /home, /home/student, ...). */
function vfsDirs(c: ConsoleServices): Map<string, Set<string>> {
  const dirs = new Map<string, Set<string>>();
  const add = (dir: string, name: string) => {
    let s = dirs.get(dir);
    if (!s) dirs.set(dir, (s = new Set()));
    s.add(name);
  };
  add('/', 'proc');
  const paths = [...c.k.vfs.files.keys()];
  for (const p of [...paths]) {
    const src = sourcePathOf(p);
    if (src) paths.push(src);
  }
  for (const path of [...paths, cwd(c) + '/.']) {
    const parts = path.split('/').filter(Boolean);
    for (let i = 0; i < parts.length; i++) {
      const dir = '/' + parts.slice(0, i).join('/');
      if (parts[i] !== '.') add(dir, parts[i]);
      else if (!dirs.has(dir)) dirs.set(dir, new Set());
    }
  }
  return dirs;
}

/** Looks a path up in /proc or the VFS. */
export function lookup(c: ConsoleServices, path: string): ProcNode | number {
  const abs = absPath(c, path);
  if (abs === '/proc' || abs.startsWith('/proc/')) return procLookup({ k: c.k, loadavg: c.loadavg }, abs);
  const f = c.k.vfs.files.get(abs) ?? sourceOf(c, abs);
  if (f) return { kind: 'file', read: () => (f.source.endsWith('\n') ? f.source : f.source + '\n') };
  const dirs = vfsDirs(c);
  const d = dirs.get(abs);
  if (d) return { kind: 'dir', list: () => [...d] };
  // A path below a file: ENOTDIR, as the kernel's path walk says.
  const parts = abs.split('/').filter(Boolean);
  for (let i = 1; i < parts.length; i++) {
    const prefix = '/' + parts.slice(0, i).join('/');
    if (c.k.vfs.files.has(prefix) || sourceOf(c, prefix)) return -ENOTDIR;
  }
  return -ENOENT;
}

/** The owner of a file of the VFS: the student in /home/student, root elsewhere. */
function vfsOwner(abs: string): number {
  return abs === '/home/student' || abs.startsWith('/home/student/') ? 1000 : 0;
}

/**
 * lstat(2) of a path lookup finds, as ls -l shows it (-errno when there is
 * none): /proc's as procfs gives it; in the VFS a program is its mode
 * (0755) and its source 0644, their size what cat prints (the mini-C
 * source), in 4 KiB blocks as on ext4; a directory 0755, 4096 bytes, two
 * links and one per subdirectory. *kernlab*: the VFS keeps no times: its
 * files and directories are dated at the boot.
 */
export function lstat(c: ConsoleServices, path: string): FileStat | number {
  const abs = absPath(c, path);
  if (abs === '/proc' || abs.startsWith('/proc/')) {
    // The symlink itself is there whatever it points to; smaps_rollup without an mm is there, only reading it fails (ESRCH).
    const n = procLookup({ k: c.k, loadavg: c.loadavg }, abs);
    if (typeof n === 'number' && n !== -ESRCH && !/^\/proc\/(self|thread-self)$/.test(abs)) return n;
    return procLstat(c.k, abs);
  }
  const n = lookup(c, path);
  if (typeof n === 'number') return n;
  const uid = vfsOwner(abs);
  const base = { uid, gid: uid, mtime: BOOT_EPOCH, nlink: 1 };
  if (n.kind === 'dir') {
    const sub = n.list().filter((name) => {
      const d = lookup(c, `${abs === '/' ? '' : abs}/${name}`);
      return typeof d !== 'number' && d.kind === 'dir';
    });
    return { ...base, type: 'd', perm: 0o755, nlink: 2 + sub.length, size: 4096, blocks: 4 };
  }
  const size = new TextEncoder().encode(n.read()).length;
  const f = c.k.vfs.files.get(abs);
  return { ...base, type: '-', perm: f ? f.mode & 0o7777 : 0o644, size, blocks: Math.ceil(size / 4096) * 4 };
}

/**
 * Why execve of `path` fails, as -errno, or 0 for a program: a source file
 * or a /proc file has no execute bit (EACCES), a directory is EISDIR.
 */
export function execError(c: ConsoleServices, path: string): number {
  if (c.k.vfs.files.has(absPath(c, path))) return 0;
  const n = lookup(c, path);
  if (typeof n === 'number') return n;
  return n.kind === 'dir' ? -EISDIR : -EACCES;
}

/** A file's text as a terminal shows it (NUL bytes show as nothing), or -errno (-EISDIR for a directory). */
export function readText(c: ConsoleServices, path: string): string | number {
  const n = lookup(c, path);
  if (typeof n === 'number') return n;
  if (n.kind === 'dir') return -EISDIR;
  return n.read().replace(/\0/g, '');
}

/** Tab completion of a file argument: the /proc paths that start with `word`. */
export function completePath(c: ConsoleServices, word: string): string[] {
  return procPaths({ k: c.k, loadavg: c.loadavg }).filter((p) => p.startsWith(word));
}

/** strerror for the errors file commands meet. */
export function fileError(e: number): string {
  if (e === -ENOENT) return 'No such file or directory';
  if (e === -ENOTDIR) return 'Not a directory';
  if (e === -EISDIR) return 'Is a directory';
  if (e === -ESRCH) return 'No such process'; // /proc/PID/smaps_rollup of a task without an mm
  return 'Permission denied';
}

/** C-locale order (strcmp), as ls sorts in the C and C.UTF-8 locales. */
export function byteOrder(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * GNU ls's multi-column layout (ls -C on a terminal): as many columns as
 * fit in `width`, filled down then across, padded with tabs (tab stops
 * every 8) and spaces. linux: coreutils ls.c calculate_columns,
 * print_many_per_line, indent. width 0: one name per line.
 */
export function lsColumns(names: string[], width: number): string {
  if (!names.length) return '';
  if (width <= 0) return names.join('\n') + '\n';
  const MIN_COLUMN_WIDTH = 3;
  const n = names.length;
  const maxIdx = Math.max(1, Math.floor(width / MIN_COLUMN_WIDTH));
  const maxCols = Math.min(maxIdx, n);
  const info = Array.from({ length: maxCols }, (_, i) => ({
    valid: true,
    lineLen: (i + 1) * MIN_COLUMN_WIDTH,
    colArr: new Array<number>(i + 1).fill(MIN_COLUMN_WIDTH),
  }));
  names.forEach((name, filesno) => {
    for (let i = 0; i < maxCols; i++) {
      const ci = info[i];
      if (!ci.valid) continue;
      const idx = Math.floor(filesno / Math.floor((n + i) / (i + 1)));
      const real = name.length + (idx === i ? 0 : 2);
      if (ci.colArr[idx] < real) {
        ci.lineLen += real - ci.colArr[idx];
        ci.colArr[idx] = real;
        ci.valid = ci.lineLen < width;
      }
    }
  });
  let cols = maxCols;
  while (cols > 1 && !info[cols - 1].valid) cols--;
  const colArr = info[cols - 1].colArr;
  const rows = Math.floor(n / cols) + (n % cols ? 1 : 0);
  let out = '';
  const indent = (from: number, to: number) => {
    while (from < to) {
      if (Math.floor(to / 8) > Math.floor((from + 1) / 8)) {
        out += '\t';
        from += 8 - (from % 8);
      } else {
        out += ' ';
        from++;
      }
    }
  };
  for (let row = 0; row < rows; row++) {
    let col = 0;
    let filesno = row;
    let pos = 0;
    for (;;) {
      const name = names[filesno];
      out += name;
      const maxLen = colArr[col++];
      filesno += rows;
      if (filesno >= n) break;
      indent(pos + name.length, pos + maxLen);
      pos += maxLen;
    }
    out += '\n';
  }
  return out;
}
