// nice: run a program with an adjusted niceness, as GNU coreutils 9.1's
// nice does. Without a command it prints the niceness it inherited (the
// shell's). With one, the child the shell forked calls setpriority(nice
// + N) and then execs COMMAND, so the program starts at that nice: ps
// shows it under NI from the start, and its children inherit it. The
// console acts as root, so a negative adjustment is allowed; the result
// is clamped to -20..19 as setpriority clamps it.
//
// COMMAND is a program on the machine (./NAME, a path) or `run FILE.c`.
// kernlab's other commands are the console's, not programs it could exec.

import { EISDIR, ENOENT } from '../../kernel/uapi/errno';
import { MAX_NICE, MIN_NICE } from '../../kernel/uapi/sched';
import type { Command, ConsoleServices, Out } from '../command';
import { cwd, execError, fileError } from '../files';
import { launch, runCommand } from './run';

/** EXIT_CANCELED: nice itself failed. */
const EXIT_CANCELED = 125;
/** NZERO: adjustments beyond ±(2*NZERO-1) are brought within range before anything else. */
const NZERO = 20;

const USAGE = `Usage: nice [OPTION] [COMMAND [ARG]...]
Run COMMAND with an adjusted niceness, which affects process scheduling.
With no COMMAND, print the current niceness.  Niceness values range from
-20 (most favorable to the process) to 19 (least favorable to the process).

Mandatory arguments to long options are mandatory for short options too.
  -n, --adjustment=N   add integer N to the niceness (default 10)
      --help        display this help and exit
      --version     output version information and exit

NOTE: your shell may have its own version of nice, which usually supersedes
the version described here.  Please refer to your shell's documentation
for details about the options it supports.
`;

function tryHelp(out: Out): number {
  out.line("Try 'nice --help' for more information.");
  return EXIT_CANCELED;
}

/** xstrtol as nice calls it: a decimal integer (blanks and a sign allowed); an overflow is clamped later, not refused. */
function adjustmentOf(s: string): number | null {
  const m = /^\s*([+-]?)(\d+)$/.exec(s);
  if (!m) return null;
  const v = Number(m[2]);
  return m[1] === '-' ? -v : v;
}

function runNice(c: ConsoleServices, argv: string[], out: Out): number {
  let given: string | null = null;
  let i = 1;
  // coreutils parses one argument at a time: "-N" (an old-style adjustment, "--N" a negative one), or getopt's "+n:".
  while (i < argv.length) {
    const a = argv[i];
    if (/^-[-+]?\d/.test(a)) {
      given = a.slice(1);
      i++;
      continue;
    }
    if (a === '--') {
      i++;
      break;
    }
    if (a.startsWith('--')) {
      const [name, value] = a.slice(2).split(/=(.*)/s, 2);
      const full = ['adjustment', 'help', 'version'].filter((n) => n.startsWith(name));
      if (!name || full.length !== 1) {
        out.line(full.length > 1 ? `nice: option '${a}' is ambiguous` : `nice: unrecognized option '${a}'`);
        return tryHelp(out);
      }
      if (full[0] === 'help') {
        out.write(USAGE);
        return 0;
      }
      if (full[0] === 'version') {
        out.line('nice (GNU coreutils) 9.1');
        return 0;
      }
      const v = value ?? argv[i + 1];
      if (v === undefined) {
        out.line("nice: option '--adjustment' requires an argument");
        return tryHelp(out);
      }
      given = v;
      i += value === undefined ? 2 : 1;
      continue;
    }
    if (a.startsWith('-') && a.length > 1) {
      if (a[1] !== 'n') {
        out.line(`nice: invalid option -- '${a[1]}'`);
        return tryHelp(out);
      }
      const v = a.length > 2 ? a.slice(2) : argv[i + 1];
      if (v === undefined) {
        out.line("nice: option requires an argument -- 'n'");
        return tryHelp(out);
      }
      given = v;
      i += a.length > 2 ? 1 : 2;
      continue;
    }
    break; // the command
  }
  let adjustment = 10;
  if (given !== null) {
    const v = adjustmentOf(given);
    if (v === null) {
      out.line(`nice: invalid adjustment ‘${given}’`);
      return EXIT_CANCELED;
    }
    adjustment = Math.max(1 - 2 * NZERO, Math.min(v, 2 * NZERO - 1));
  }
  const current = c.k.shell && !c.k.shell.exitState ? c.k.shell.nice : 0;
  if (i >= argv.length) {
    if (given !== null) {
      out.line('nice: a command must be given with an adjustment');
      return tryHelp(out);
    }
    out.line(String(current));
    return 0;
  }
  const nice = Math.max(MIN_NICE, Math.min(MAX_NICE, current + adjustment));
  const words = argv.slice(i);
  const opts = { nice, prefix: argv.slice(0, i).join(' ') }; // bash's job text: nice -n 10 ./prog
  const name = words[0];
  if (name === 'run') return runCommand(c, words, out, opts);
  if (!name.includes('/')) {
    // execvp looks in PATH; kernlab's programs are run by path (./NAME).
    if (c.help(name)) out.line(`nice: ‘${name}’: a console command, not a program: nice starts programs (./NAME, run FILE.c)`);
    else out.line(`nice: ‘${name}’: No such file or directory`);
    return 127;
  }
  const e = execError(c, name);
  if (e) {
    // execve on a directory fails with EACCES (bash says "Is a directory"; nice reports errno).
    out.line(`nice: ‘${name}’: ${fileError(e === -EISDIR ? -1 : e)}`);
    return e === -ENOENT ? 127 : 126;
  }
  return launch(c, 'nice', name, words.slice(1), out, opts);
}

export const nice: Command = {
  name: 'nice',
  summary: 'run a program at another niceness, or print it (coreutils)',
  usage: 'nice [-n N] [COMMAND [ARGS...]]',
  details:
    'nice alone prints the shell\'s niceness. nice -n N ./prog (or nice -n N run FILE.c) starts the program with the nice value N higher ' +
    '(default 10; -N and --adjustment=N too), clamped to -20..19: the child sets it before it execs, so the program and its children run ' +
    'at it from the start (ps -o ni). The console acts as root, so a negative N is allowed. The console\'s own commands are not programs: nice starts programs only.',
  run: (c, argv, out) => runNice(c, argv, out),
  complete: (c, before, word) => {
    if (before[before.length - 1] === '-n') return [];
    if (word.startsWith('-')) return ['-n', '--adjustment='].filter((x) => x.startsWith(word));
    if (before.slice(1).some((w) => !w.startsWith('-') && before[before.indexOf(w) - 1] !== '-n')) return []; // past the command
    // The command: run, or a program by its path (./NAME in the working directory).
    const dir = cwd(c) + '/';
    const paths = [...c.k.vfs.files.keys()].flatMap((p) => (p.startsWith(dir) ? [p, './' + p.slice(dir.length)] : [p]));
    return ['run', ...paths].filter((x) => x.startsWith(word));
  },
};
