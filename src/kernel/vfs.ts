// A tiny filesystem for executables: paths to mini-C sources, compiled on
// first exec and cached (the "ELF file" of each program). kernlab has no
// block devices; this is the part of the VFS that execve needs.

import { compile } from '../lang/compile';
import { CompileError, type Program } from '../lang/abi';
import { EACCES, ENOENT, ENOEXEC, ENOTDIR } from './uapi/errno';

/** Compiled programs by source file and text: compiling is pure, so every
 * machine in a process can share the result (boots stay fast). */
const compiled = new Map<string, Program>();

/**
 * Compiles `source` (errors name `sourcePath`) as the executable at
 * `exePath`: a Program whose path and comm are the executable's. Throws
 * CompileError.
 */
export function compileProgram(source: string, sourcePath: string, exePath: string): Program {
  const key = `${sourcePath}\0${source}`;
  let prog = compiled.get(key);
  if (!prog) {
    prog = compile(source, sourcePath);
    compiled.set(key, prog);
  }
  const copy = Object.assign(Object.create(Object.getPrototypeOf(prog)), prog) as Program;
  copy.path = exePath;
  copy.comm = exePath.slice(exePath.lastIndexOf('/') + 1).slice(0, 15);
  return copy;
}

/** The directories every Debian 12 machine has (the FHS), so exec of one is EACCES there as on Linux, not ENOENT. */
const STANDARD_DIRS = new Set(
  ('/bin /boot /dev /etc /home /home/student /lib /lib64 /media /mnt /opt /proc /root /run /sbin /srv /sys /tmp /usr /usr/bin ' +
    '/usr/include /usr/lib /usr/lib64 /usr/libexec /usr/local /usr/local/bin /usr/local/lib /usr/local/sbin /usr/sbin /usr/share /usr/src /var /var/log /var/tmp').split(' '),
);

export interface VfsFile {
  path: string; // absolute path, e.g. "/home/student/process"
  source: string; // mini-C source text
  sourcePath: string; // where the source came from (for error messages), e.g. "levels/programs/zombie.c"
  program: Program | null; // compiled on first use
  error: CompileError | null; // why it does not compile
  mode: number; // permission bits (0755 executables)
}

export class Vfs {
  readonly files = new Map<string, VfsFile>();

  constructor(files: Record<string, string> = {}) {
    for (const [path, source] of Object.entries(files)) this.add(path, source);
  }

  /** Installs an executable at `path` from mini-C `source`. */
  add(path: string, source: string, sourcePath = path, mode = 0o755): VfsFile {
    const f: VfsFile = { path, source, sourcePath, program: null, error: null, mode };
    this.files.set(path, f);
    return f;
  }

  /** Installs an already compiled program. */
  addProgram(prog: Program, sourcePath = prog.path): VfsFile {
    const f: VfsFile = { path: prog.path, source: prog.source.join('\n'), sourcePath, program: prog, error: null, mode: 0o755 };
    this.files.set(prog.path, f);
    return f;
  }

  exists(path: string): boolean {
    return this.files.has(path);
  }

  /** Whether `path` is a directory: the root, one of Debian's standard ones, or a prefix of an installed file's path. */
  isDirectory(path: string): boolean {
    const dir = path.endsWith('/') ? path : `${path}/`;
    return dir === '/' || STANDARD_DIRS.has(dir.slice(0, -1)) || [...this.files.keys()].some((p) => p.startsWith(dir));
  }

  /**
   * The program at `path` for execve: -ENOENT if there is none, -EACCES if
   * it is a directory or not executable, -ENOTDIR if a file stands where a
   * directory of the path should be, -ENOEXEC if it does not compile.
   * linux: do_open_execat (a directory fails may_open with EACCES).
   */
  program(path: string): Program | number {
    const f = this.files.get(path);
    if (!f) {
      if (this.isDirectory(path)) return -EACCES;
      const parts = path.split('/');
      for (let i = parts.length - 1; i > 1; i--) if (this.files.has(parts.slice(0, i).join('/'))) return -ENOTDIR;
      return -ENOENT;
    }
    if (!(f.mode & 0o111)) return -EACCES;
    if (!f.program && !f.error) {
      try {
        // Errors name the source file; the program lives at its exe path.
        const prog = compileProgram(f.source, f.sourcePath, f.path);
        // exec starts at main: without one the program cannot link (gcc: ld's
        // "undefined reference to `main'"); kernel-thread sources are compiled
        // by compileProgram, not through here.
        if (!prog.functions.some((fn) => fn.name === 'main')) {
          throw new CompileError(f.sourcePath, [{ line: 1, col: 1, kind: 'error', message: "undefined reference to `main'" }]);
        }
        f.program = prog;
      } catch (e) {
        if (!(e instanceof CompileError)) throw e;
        f.error = e;
      }
    }
    return f.program ?? -ENOEXEC;
  }

  /** Resolves a possibly relative path against `cwd`. */
  static resolve(cwd: string, path: string): string {
    const parts = (path.startsWith('/') ? path : `${cwd}/${path}`).split('/');
    const out: string[] = [];
    for (const p of parts) {
      if (!p || p === '.') continue;
      if (p === '..') out.pop();
      else out.push(p);
    }
    return '/' + out.join('/');
  }
}
