// run: start a program in the background, as `./prog &` does in bash —
// fork + execve from the shell, in its own process group, with a job
// number. A FILE.c from the host (the CLI provides it) is installed as
// /home/student/NAME first; a path runs a program already in the VFS.

import { spawnProgram } from '../../kernel/boot/main';
import { setUserNice } from '../../kernel/sched/core';
import { EACCES, EAGAIN, ENOENT, ENOEXEC } from '../../kernel/uapi/errno';
import type { Command, ConsoleServices, Out } from '../command';
import { absPath, cwd } from '../files';

function basename(p: string): string {
  return p.slice(p.lastIndexOf('/') + 1);
}

/** Prints why a program does not compile: its diagnostics, file:line:col. */
function compileErrors(c: ConsoleServices, path: string, out: Out): void {
  const f = c.k.vfs.files.get(path);
  out.line(f?.error ? f.error.message : `${path}: cannot execute: Exec format error`);
}

/** How to start a job: traced from its execve (strace PROG), and the command text bash shows for it. */
export interface JobOptions {
  trace?: boolean; // strace PROG: traced from the execve on
  follow?: boolean; // strace -f: its children too
  text?: string; // the job's command text (default: argv)
  nice?: number; // nice(1): the niceness the child sets before it execs the program
  prefix?: string; // words the job's text shows before the program's argv ("nice -n 10")
}

/**
 * Starts `path` with `argv` as a job of the shell. `shown` is how the user
 * named the program, for messages. Returns the exit status of `run`.
 */
export function startJob(c: ConsoleServices, who: string, shown: string, path: string, argv: string[], out: Out, opts: JobOptions = {}): number {
  const k = c.k;
  if (!k.shell || k.shell.exitState) {
    out.line(`${who}: the shell is gone: nothing can start programs`);
    return 1;
  }
  const t = spawnProgram(k, k.shell, path, argv, k.shell.uid, opts.trace ?? false);
  if (typeof t === 'number') {
    if (t === -ENOEXEC) {
      compileErrors(c, path, out);
      return 1;
    }
    if (t === -ENOENT) out.line(`${who}: ${shown}: No such file or directory`);
    else if (t === -EACCES) out.line(`${who}: ${shown}: Permission denied`);
    else if (t === -EAGAIN) out.line(`${who}: fork: Resource temporarily unavailable`);
    else out.line(`${who}: ${shown}: cannot start (error ${-t})`);
    return t === -ENOENT ? 127 : t === -EACCES ? 126 : 1;
  }
  // nice(1)'s setpriority runs in the child between fork and exec: the
  // program starts with it, before its first instruction (ps shows NI).
  if (opts.nice !== undefined) setUserNice(k, t, opts.nice);
  if (opts.trace) t.traceFollowForks = opts.follow ?? false;
  const job = c.jobs.add(t, opts.text ?? (opts.prefix ? `${opts.prefix} ` : '') + argv.join(' '));
  out.line(`[${job.id}] ${t.pid}`);
  return 0;
}

/** `run WHAT [ARGS...]` (argv[0] is "run"); nice(1) passes the job's niceness and text. */
export function runCommand(c: ConsoleServices, argv: string[], out: Out, opts: JobOptions = {}): number {
  const what = argv[1];
  if (!what) {
    out.line('run: usage: run FILE.c [ARGS...] | run PATH [ARGS...]');
    return 2;
  }
  return launch(c, 'run', what, argv.slice(2), out, opts);
}

/**
 * Starts program `what` — FILE.c from the host (installed first), or a
 * PATH on the machine — with `args`, as a job. Returns the exit status.
 */
export function launch(c: ConsoleServices, cmd: string, what: string, args: string[], out: Out, opts: JobOptions = {}): number {
  const k = c.k;
  if (what.endsWith('.c')) {
    const name = basename(what).slice(0, -2);
    const path = `${cwd(c)}/${name}`;
    const src = c.readFile ? c.readFile(what) : null;
    if (src !== null) {
      k.vfs.add(path, src, what);
    } else {
      // A level's program: installed from this source file.
      const f = k.vfs.files.get(path);
      if (!f || basename(f.sourcePath) !== basename(what)) {
        out.line(`${cmd}: ${what}: No such file or directory`);
        return 1;
      }
    }
    if (typeof k.vfs.program(path) === 'number') {
      compileErrors(c, path, out);
      return 1;
    }
    return startJob(c, cmd, what, path, [`./${name}`, ...args], out, opts);
  }
  const path = absPath(c, what);
  if (!k.vfs.exists(path)) {
    out.line(`${cmd}: ${what}: No such file or directory`);
    return 1;
  }
  const argv0 = what.includes('/') ? what : `./${what}`;
  return startJob(c, cmd, what, path, [argv0, ...args], out, opts);
}

export const run: Command = {
  name: 'run',
  summary: 'start a program in the background (like ./prog & in bash)',
  usage: 'run FILE.c [ARGS...] | run PATH [ARGS...] | ./NAME [ARGS...]',
  details: [
    'FILE.c is read from the host (kernlab shell, kernlab lab: there also an example, zombie.c, cow.c ...; Tab',
    'completes the names) and installed as /home/student/NAME; PATH names a program',
    'already on the machine. The shell forks and execs it in its own process group and prints bash\'s',
    '"[N] PID" job line; when the shell reaps it, bash\'s job notice ("[1]+  Done ...") appears before the',
    'next command\'s output. Compile errors print as FILE:LINE:COL: error: ... (status 1).',
  ].join('\n'),
  run: (c, argv, out) => runCommand(c, argv, out),
  complete: (c, before, word) => {
    if (before.length > 1) return [];
    const dir = cwd(c) + '/';
    const out: string[] = [];
    for (const [path, f] of c.k.vfs.files) {
      if (path.startsWith(dir)) out.push(path.slice(dir.length));
      if (f.sourcePath.endsWith('.c') && path.startsWith(dir)) out.push(basename(f.sourcePath));
      out.push(path);
    }
    out.push(...(c.listFiles?.() ?? [])); // the host's FILE.c, read by run
    return [...new Set(out)].filter((p) => p.startsWith(word)).sort();
  },
};
