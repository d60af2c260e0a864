// pidof (sysvinit 3.06, Debian's: /usr/bin/pidof is killall5): the PIDs
// of the processes running the named programs, newest first (it reads
// /proc and puts each process at the head of its list). A name matches a
// process's argv[0], argv[0]'s base name, or (for a name with a path) the
// base name of the name; its comm only when argv[0] is empty or has a
// space (kernel threads: `pidof kthreadd`). A name that starts with `/` is
// compared with the process's executable (/proc/PID/exe), so kernel
// threads never match it. Zombies are skipped unless -z. Exit status 0 if
// a PID was found, 1 if not. sysvinit: src/killall5.c (pidof, main_pidof)

import type { Command, ConsoleServices, Out } from '../command';
import { cmdlineOf, completeComm, processes, stateLetter } from '../tasks';

/** The length of comm in /proc/PID/stat (TASK_COMM_LEN - 1). */
const STATNAMELEN = 15;

const USAGE = [
  'pidof usage: [options] <program-name>',
  '',
  ' -c           Return PIDs with the same root directory',
  ' -d <sep>     Use the provided character as output separator',
  ' -h           Display this help text',
  ' -n           Avoid using stat system function on network shares',
  ' -o <pid>     Omit results with a given PID',
  ' -q           Quiet mode. Do not display output',
  ' -s           Only return one PID',
  ' -x           Return PIDs of shells running scripts with a matching name',
  ' -z           List zombie and I/O waiting processes. May cause pidof to hang.',
  '',
  '',
].join('\n');

/** What readproc keeps of a process. */
interface Proc {
  pid: number;
  statname: string; // comm, from /proc/PID/stat
  argv0: string | null; // the first word of /proc/PID/cmdline (null: none)
  argv1: string | null; // the first later word not starting with '-'
  pathname: string | null; // readlink /proc/PID/exe (null: none, as for kernel threads and zombies)
}

const base = (s: string): string => s.slice(s.lastIndexOf('/') + 1);

function readproc(c: ConsoleServices, zombiesToo: boolean): Proc[] {
  const list: Proc[] = [];
  for (const t of processes(c.k)) {
    if (!zombiesToo && stateLetter(t) === 'Z') continue;
    const argv = cmdlineOf(t);
    list.unshift({
      pid: t.pid,
      statname: t.comm,
      argv0: argv[0] || null,
      argv1: argv.slice(1).find((a) => !a.startsWith('-')) ?? null,
      pathname: t.mm?.exeFile?.path ?? null, // d_path: " (deleted)" once unlinked
    });
  }
  return list;
}

/** The processes running `prog`, in list order. sysvinit: pidof() */
function pidofOne(plist: Proc[], prog: string, scriptsToo: boolean): Proc[] {
  const s = base(prog);
  if (!s) return [];
  const out: Proc[] = [];
  for (const p of plist) {
    if (prog.startsWith('/')) {
      // The console is root: a process without an executable is skipped, not matched by name.
      if (!p.pathname) continue;
      if (prog !== p.pathname && p.pathname !== `${prog} (deleted)`) {
        if (!scriptsToo) continue;
      } else {
        out.push(p);
        continue;
      }
    }
    // "Match if cmd = arg, or cmd = base(arg), or base(cmd) = arg" (not base(cmd) = base(arg): /aaa/foo is not /bbb/foo).
    let ok = p.argv0 !== null && (p.argv0 === prog || (s !== prog && p.argv0 === s) || base(p.argv0) === prog);
    if (scriptsToo && p.argv1 !== null && p.statname.slice(0, STATNAMELEN) === base(p.argv1).slice(0, STATNAMELEN)) {
      ok ||= p.argv1 === prog || (s !== prog && p.argv1 === s) || base(p.argv1) === prog;
    }
    // argv[0] empty or rewritten (setproctitle): the comm.
    if (s.length <= STATNAMELEN && (p.argv0 === null || p.argv0.includes(' '))) ok ||= p.statname === s;
    // A login shell ("-bash").
    if (s.length <= STATNAMELEN && p.argv1 === null && p.argv0?.startsWith('-')) ok ||= p.statname === s;
    if (ok) out.push(p);
  }
  return out;
}

function runPidof(c: ConsoleServices, argv: string[], out: Out): number {
  let single = false;
  let quiet = false;
  let scriptsToo = false;
  let zombiesToo = false;
  let sep = ' ';
  const omit = new Set<number>();
  const names: string[] = [];
  // getopt("qhco:d:sxzn") with opterr = 0: options anywhere (GNU getopt permutes), -- ends them.
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--') {
      names.push(...argv.slice(i + 1));
      break;
    }
    if (!a.startsWith('-') || a === '-') {
      names.push(a);
      continue;
    }
    for (let j = 1; j < a.length; j++) {
      const ch = a[j];
      if (ch === 'o' || ch === 'd') {
        const v = j + 1 < a.length ? a.slice(j + 1) : argv[++i];
        if (v === undefined) {
          out.line('pidof: invalid options on command line!\n');
          return 1;
        }
        if (ch === 'd') sep = v[0] ?? '\0';
        else {
          for (const token of v.split(/[,;:]/)) {
            const pid = token === '%PPID' ? (c.k.shell?.pid ?? 0) : parseInt(token, 10) || 0; // atoi
            if (pid < 1) out.line(`pidof: illegal omit pid value (${token})!\n`);
            else omit.add(pid);
          }
        }
        break;
      }
      switch (ch) {
        case 'h':
          out.write(USAGE);
          return 0;
        case 's':
          single = true;
          break;
        case 'q':
          quiet = true;
          break;
        case 'x':
          scriptsToo = true;
          break;
        case 'z':
          zombiesToo = true;
          break;
        case 'c': // root: every process shares the console's root directory
        case 'n': // no network filesystems here
          break;
        default:
          out.line('pidof: invalid options on command line!\n');
          return 1;
      }
    }
  }
  const plist = readproc(c, zombiesToo);
  const found: number[] = [];
  for (const name of names) {
    let one = false;
    for (const p of pidofOne(plist, name, scriptsToo)) {
      if (omit.has(p.pid)) continue;
      if (single && one) continue;
      one = true;
      found.push(p.pid);
    }
  }
  if (found.length && !quiet) out.write(found.join(sep) + '\n');
  return found.length ? 0 : 1;
}

export const pidof: Command = {
  name: 'pidof',
  summary: 'the PIDs of the processes running a program, newest first (sysvinit)',
  usage: 'pidof [-sqzx] [-o PID,...] [-d SEP] PROGRAM...',
  details:
    "PROGRAM is matched against each process's argv[0] and its base name (a kernel thread, with no argv, by its name: pidof kthreadd); " +
    'a name starting with / against the executable. Zombies are left out unless -z. -s prints one PID per program, -q none (the status says), ' +
    '-o omits PIDs (%PPID: the shell), -d sets the separator.',
  run: (c, argv, out) => runPidof(c, argv, out),
  complete: (c, _before, word) => (word.startsWith('-') ? [] : completeComm(c.k, word)),
};

