// `kernlab exec FILE.c [ARGS]`: run one mini-C program to completion on a
// fresh machine, as `./prog` would run from a shell, and print its output.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { CommandImpl } from './lazy-command';
import { Kernel } from '../kernel/kernel';
import { spawnProgram } from '../kernel/boot/main';
import { HZ } from '../kernel/param';
import { taskStateLetter } from '../kernel/task';
import { signalDescription } from '../kernel/uapi/signal';
import { CompileError } from '../lang/abi';
import { machineConfig, withMachineOptions, type MachineArgs } from './machine-options';
import { StraceFilter, TRACE_ALL, qualify } from '../kernel/strace-filter';

export interface ExecArgs extends MachineArgs {
  file: string;
  args: string[];
  strace: boolean;
  'strace-filter'?: string | string[]; // strace -e expressions (trace=, signal=, quiet=); any implies --strace
  timeout: number;
}

/** Where a program given on the command line lives in the machine. */
export function studentPath(file: string): string {
  return `/home/student/${path.basename(file).replace(/\.c$/, '')}`;
}

/** Why a host file could not be read, as a shell tool says it ("No such file or directory"). */
export function ioErrorText(e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code;
  return code === 'ENOENT' ? 'No such file or directory' : code === 'EISDIR' ? 'Is a directory' : code === 'EACCES' ? 'Permission denied' : String((e as Error).message);
}

/** Reads a host file or exits 2 with a one-line error. */
export function readInputFile(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (e) {
    process.stderr.write(`kernlab: ${file}: ${ioErrorText(e)}\n`);
    process.exit(2);
  }
}

/**
 * Boots a machine, starts the program as a child of the console's shell
 * and runs ticks until its process group is empty, or the program has
 * exited and what is left of its group can never run again. Returns the
 * exit status a shell would report (128 + signal when killed), or 124 if
 * the program itself is still there after the time limit.
 */
export function execProgram(argv: ExecArgs, out: (s: string) => void, err: (s: string) => void): number {
  const exprs = ([] as string[]).concat(argv['strace-filter'] ?? []);
  const filter = exprs.length ? new StraceFilter() : TRACE_ALL;
  for (const e of exprs) {
    const bad = qualify(filter, e);
    if (bad) {
      err(`${bad.message}\n`); // strace's own words; exit 2 as for any bad input
      return 2;
    }
  }
  const source = readInputFile(argv.file);
  const k = new Kernel(machineConfig(argv));
  const exe = studentPath(argv.file);
  k.vfs.add(exe, source, argv.file);
  const prog = k.vfs.program(exe);
  if (typeof prog === 'number') {
    const f = k.vfs.files.get(exe)!;
    err((f.error instanceof CompileError ? f.error.message : `kernlab: ${argv.file}: cannot execute`) + '\n');
    return 2;
  }
  k.tty.listen((c) => (c.stream === 'stdout' ? out : err)(c.text));
  let status = -1;
  let pid = 0;
  k.events.listen((e) => {
    if (e.type === 'exit' && e.pid === pid) status = e.status;
  });
  const traced = argv.strace || exprs.length > 0;
  const child = k.strace.withFilter(filter, () => spawnProgram(k, k.shell, exe, [`./${path.basename(exe)}`, ...argv.args], undefined, traced));
  if (typeof child === 'number') {
    err(`kernlab: ${exe}: cannot execute (errno ${-child})\n`);
    return 126;
  }
  pid = child.pid;
  const pgrp = child.signal.pgrp;
  const limit = k.jiffies + argv.timeout * HZ;
  const group = () => [...k.tasks.values()].filter((t) => t.signal.pgrp === pgrp);
  // A shell's `./prog` ends when prog exits. Its children run on (their
  // output still comes), so they are given until the limit, unless nothing
  // can ever wake them (a child left in pause()): then it ends at once.
  while (group().length && k.jiffies < limit && !k.panicked && !(status !== -1 && k.quiescent)) k.run(Math.min(100, limit - k.jiffies));
  const left = group();
  if (left.length) {
    const asleep = k.quiescent ? 'asleep with nothing left to wake ' : '';
    if (status === -1) {
      err(`kernlab: still running after ${argv.timeout} s of simulated time${asleep && ` (${asleep}it)`}; stopped\n`);
      return 124;
    }
    const who = left.map((t) => `${t.pid} (${taskStateLetter(t)})`).join(', ');
    const why = asleep ? asleep + (left.length > 1 ? 'them' : 'it') : `still running after ${argv.timeout} s of simulated time`;
    err(`kernlab: ${path.basename(exe)} exited; left in its process group: ${who}, ${why}\n`);
  }
  if (status & 0x7f) {
    err(`${signalDescription(status & 0x7f)}${status & 0x80 ? ' (core dumped)' : ''}\n`);
    return 128 + (status & 0x7f);
  }
  return (status >> 8) & 0xff;
}

export const execCommand: CommandImpl<ExecArgs> = {
  builder: (y) =>
    withMachineOptions(y)
      .positional('file', { type: 'string', demandOption: true, describe: 'kernlab C source file (FILE.c)' })
      .positional('args', { type: 'string', array: true, default: [], describe: 'arguments for main()' })
      .option('strace', { type: 'boolean', default: false, describe: 'print its system calls as strace -f does (to stderr)' })
      .option('strace-filter', {
        type: 'string',
        requiresArg: true,
        describe: 'what --strace prints, as strace -e EXPR does: trace=%process, trace=!write, signal=none (repeatable; implies --strace)',
      })
      .option('timeout', { type: 'number', default: 60, describe: 'give up after this many simulated seconds' }) as never,
  handler: (argv) => {
    const code = execProgram(argv, (s) => process.stdout.write(s), (s) => process.stderr.write(s));
    process.exitCode = code;
  },
};
