// `kernlab shell [FILE|-]`: the console without a screen. Reads console
// commands, one per line, from FILE or stdin, and prints what the console
// prints. The script is the whole session: time passes only with `tick`;
// a kernel panic (init died) ends it.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import type { CommandImpl } from './lazy-command';
import { Console } from '../console/console';
import { Kernel } from '../kernel/kernel';
import { machineConfig, withMachineOptions, type MachineArgs } from './machine-options';
import { readInputFile } from './exec';

interface ShellArgs extends MachineArgs {
  file?: string;
  echo: boolean;
}

/** Host files for `run FILE.c`: relative to the current directory. */
export function readHostFile(p: string): string | null {
  try {
    return existsSync(p) ? readFileSync(p, 'utf8') : null;
  } catch {
    return null;
  }
}

/** The kernlab C files of the current directory, for Tab after `run`. */
export function hostCFiles(): string[] {
  try {
    return readdirSync('.').filter((f) => f.endsWith('.c'));
  } catch {
    return [];
  }
}

/** Runs a script of console commands; returns the last command's status. */
export function runShellScript(script: string, config: MachineArgs, echo: boolean, out: (s: string) => void): number {
  const k = new Kernel(machineConfig(config));
  // ps cuts its lines at the terminal's width; into a pipe it does not.
  const columns = process.stdout.isTTY ? process.stdout.columns : 0;
  const con = new Console(k, { readFile: readHostFile, listFiles: hostCFiles, columns });
  let status = 0;
  for (const line of script.split('\n')) {
    if (echo && line.trim()) out(`$ ${line}\n`);
    const r = con.exec(line);
    if (r.output) out(r.output.endsWith('\n') ? r.output : r.output + '\n');
    if (line.trim() && !line.trim().startsWith('#')) status = r.status;
    if (k.panicked) {
      // As on the machine's console; nothing runs after it, so the script ends here.
      out(`Kernel panic - not syncing: ${k.panicked}\n`);
      return 1;
    }
  }
  return status;
}

export const shellCommand: CommandImpl<ShellArgs> = {
  builder: (y) =>
    withMachineOptions(y)
      .positional('file', { type: 'string', describe: 'script of console commands; - or nothing for stdin' })
      .option('echo', { type: 'boolean', default: false, describe: 'print each command, after a "$ ", before its output' }) as never,
  handler: (argv) => {
    const script = !argv.file || argv.file === '-' ? readFileSync(0, 'utf8') : readInputFile(argv.file);
    // As `bash script` does: the status of the last command.
    process.exitCode = runShellScript(script, argv, argv.echo, (s) => process.stdout.write(s));
  },
};
