// `kernlab lab [FILE.c [ARGS]]...`: the game screen on a machine of your
// own, no level on it. Each FILE.c starts at boot as a job of the shell
// (the words after it are its arguments); `run FILE.c` in the console
// reads a file from this directory again, so a student can edit a program
// in another terminal and run it anew; a name that is not on disk may be
// one of kernlab's examples (zombie.c, cow.c, ...: src/cli/examples.ts).
// Nothing is scored or saved.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { CommandImpl } from './lazy-command';
import { CompileError } from '../lang/abi';
import { compileProgram } from '../kernel/vfs';
import { labLevel, type LabProgram } from '../game/lab';
import { withMachineOptions, type MachineArgs } from './machine-options';
import { ioErrorText, studentPath } from './exec';
import { DEFAULT_SPEED, START_PAUSED, parseSpeed } from '../ui/driver';
import { LocalHost, plainReason, playPlain, runTui } from './play';
import { hostCFiles, readHostFile } from './shell';
import { labExamples } from './examples';

interface LabArgs extends MachineArgs {
  words: string[];
  plain: boolean;
  speed?: string;
  paused: boolean;
}

/**
 * The programs named by `words`: each FILE.c, read and compiled, with the
 * words up to the next FILE.c as its arguments. A string is what is wrong.
 */
export function labPrograms(words: readonly string[], examples: ReadonlyMap<string, string> = new Map()): LabProgram[] | string {
  const programs: LabProgram[] = [];
  for (const w of words) {
    if (!w.endsWith('.c')) {
      if (!programs.length) return `kernlab: lab: ${w}: not a kernlab C file (FILE.c); the words after a FILE.c are its arguments`;
      programs[programs.length - 1].args.push(w);
      continue;
    }
    let source: string;
    try {
      source = readFileSync(w, 'utf8');
    } catch (e) {
      // Not on disk: an example of that name, if there is one.
      const example = (e as NodeJS.ErrnoException).code === 'ENOENT' ? examples.get(w) : undefined;
      if (example === undefined) return `kernlab: ${w}: ${ioErrorText(e)}`;
      source = example;
    }
    const name = path.basename(studentPath(w));
    try {
      compileProgram(source, w, `/home/student/${name}`);
    } catch (e) {
      if (e instanceof CompileError) return e.message;
      throw e;
    }
    programs.push({ name, file: w, source, args: [] });
  }
  return programs;
}

export const labCommand: CommandImpl<LabArgs> = {
  builder: (y) =>
    withMachineOptions(y)
      .positional('words', { type: 'string', array: true, describe: 'kernlab C files to start at boot, each followed by its arguments' })
      .epilog(
        `With no C file of your own, start with an example (found when no file of that name is here): ${[...labExamples().keys()].join(', ')}. ` +
          'Each says in its first comment what to watch and what to try. kernlab lab zombie.c, or run zombie.c in the lab.',
      )
      .option('plain', { type: 'boolean', default: false, describe: 'line mode for screen readers and simple terminals (no full screen)' })
      .option('speed', { type: 'string', describe: `speed, a multiple of real time (1 = 1000 ticks per second; default ${DEFAULT_SPEED})` })
      .option('paused', { type: 'boolean', default: START_PAUSED, describe: 'start with time stopped (--no-paused: running)' }) as never,
  handler: async (a) => {
    const fail = (msg: string): never => {
      process.stderr.write(msg.endsWith('\n') ? msg : msg + '\n');
      process.exit(2);
    };
    let speed = DEFAULT_SPEED;
    if (a.speed !== undefined) {
      const s = parseSpeed(a.speed);
      if (typeof s === 'string') fail(`kernlab: ${s}`);
      else speed = s;
    }
    const examples = labExamples();
    const programs = labPrograms(a.words ?? [], examples);
    if (typeof programs === 'string') return fail(programs);
    let lab;
    try {
      const files = { read: (p: string) => readHostFile(p) ?? examples.get(p) ?? null, list: () => [...hostCFiles(), ...examples.keys()], examples: [...examples.keys()] };
      lab = labLevel(programs, { cpus: a.cpus, seed: String(a.seed), pidMax: a['pid-max'], debugChecks: a['debug-checks'] }, files);
    } catch (e) {
      return fail(`kernlab: lab: ${(e as Error).message}`);
    }
    const host = new LocalHost([], { speed, paused: a.paused });
    const why = a.plain ? null : plainReason(process.stdin, process.stdout, process.env);
    if (a.plain || why) {
      if (why) process.stderr.write(`kernlab: ${why}: the lab in --plain line mode\n`);
      process.exitCode = await playPlain(host, lab);
      return;
    }
    await runTui(() => ({ host, start: lab }));
  },
};
