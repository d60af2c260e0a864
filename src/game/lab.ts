// The lab: a machine of the student's own with no puzzle on it. It is a
// level in every other way (the same screen, console and panes), so it is
// built as one: the programs given on the command line start at boot as
// jobs of the shell, every console command is allowed, and nothing wins
// or loses it but a kernel panic (init killed). Not scored, not saved.

import { DEFAULT_MACHINE as M } from '../kernel/kernel';
import type { Level } from './level-load';
import type { LevelSpec } from './level-schema';

/** A program of the lab: its name in the machine and its kernlab C source. */
export interface LabProgram {
  name: string; // /home/student/NAME, started as ./NAME
  file: string; // where it came from (for compile errors)
  source: string; // kernlab C
  args: string[]; // its arguments
}

/** The machine of a lab. */
export interface LabMachine {
  cpus: number;
  seed: string;
  pidMax?: number;
  debugChecks?: boolean; // check every kernel invariant after every tick
}

/** The files `run FILE.c` finds in a lab (the CLI's: the student's disk, then the examples). */
export interface LabFiles {
  read: (path: string) => string | null; // a FILE.c's source, or null
  list?: () => string[]; // the FILE.c names read finds, for Tab after run
  examples?: readonly string[]; // the examples among them, named in the briefing
}

/** The lab's id: not a shipped level's (those are checked to differ). */
export const LAB_ID = 'lab';

/** Tips the `h` key and `hint` show, free: where to look and what to try. */
const LAB_TIPS = [
  'run FILE.c compiles FILE.c from your disk again and starts it (edit it in another terminal, then run it anew); ./NAME starts the copy already in the machine.',
  'On the game screen, select a task in the tree (Esc, then 1 for the tree, arrows, Enter): the memory pane shows its VMAs and the MMU pane the page-table walks of its loads and stores.',
  'strace -f -p PID shows a task\'s system calls from now on; cat /proc/PID/status and cat /proc/PID/maps show what the kernel keeps for it.',
  'kill -STOP PID freezes a task, kill -CONT PID lets it go on; taskset -p MASK PID and renice N -p PID move it between CPUs and change its share of one.',
  'translate PID ADDR walks the page tables by hand; mprotect PID ADDR LEN PROT changes a VMA under a running program, as a debugger could.',
  'kill -9 1 does nothing: init gets no signal it has no handler for. A fault of its own is another matter: take its stack away (grep stack /proc/1/maps shows START-END; munmap 1 START $((0xEND - 0xSTART))), start a program whose child outlives it (orphan.c), and when the orphan exits init cannot set up its SIGCHLD handler: SIGSEGV, and the kernel panics.',
];

/**
 * The lab as a level: `programs` start at boot (at tick 0, in order) on a
 * machine of `machine.cpus` CPUs; `run FILE.c` reads `files`. Throws if
 * two programs share a name.
 */
export function labLevel(programs: readonly LabProgram[], machine: LabMachine, files?: LabFiles): Level {
  const examples = files?.examples ?? [];
  const seen = new Set<string>();
  for (const p of programs) {
    if (seen.has(p.name)) throw new Error(`two programs would both be /home/student/${p.name}: give files with different names`);
    seen.add(p.name);
  }
  const names = programs.map((p) => `./${p.name}`).join(', ');
  const spec: LevelSpec = {
    id: LAB_ID,
    title: 'Lab',
    topic: 'your own programs',
    difficulty: 1,
    order: 0,
    briefing:
      'A machine of your own, with no puzzle on it: nothing to win, no clock to beat, no score.\n' +
      (programs.length
        ? `Your programs start as jobs of the shell when the screen opens (${names}), as if typed with &. Watch them in the panes (in --plain, in what is told and with ps, cat /proc/PID/...); the console has every command (help lists them).\n`
        : 'Start a program of yours with run FILE.c (a kernlab C file on your disk); the console has every command (help lists them).\n') +
      (examples.length ? `Examples to run: ${examples.map((e) => `run ${e}`).join(', ')}; each says in its first comment what to watch and what to try (cat NAME.c once it has run).\n` : '') +
      'Nothing ends it but q (or a kernel panic, should init die: try kill -9 1, and see init ignore it).',
    debrief: 'The lab is over.',
    goal_text: 'No goal: a lab. Run programs, look, change things; q leaves (quit in the console).',
    // The machine `kernlab exec` and `kernlab shell` boot, with no time limit.
    machine: { cpus: machine.cpus, memory_mib: M.memoryMiB, tlb: M.tlbEntries, pid_max: machine.pidMax ?? M.pidMax, seed: machine.seed, aslr: M.aslr, nproc: M.nprocLimit, first_pid: M.firstPid ?? undefined, time_limit: Number.MAX_SAFE_INTEGER },
    programs: programs.map((p) => ({ name: p.name, file: p.file, args: p.args, parent: 'shell', nice: 0, uid: 1000, at: 0, stopped: false })),
    kthreads: [],
    setup: [],
    hide: [],
    goal: { any: [{ ticks: { lt: 0 } }] }, // never: a lab is not decided by its goal (Game.check skips it)
    fail: [],
    hints: LAB_TIPS.map((text) => ({ text, cost: 0 })),
    penalties: [],
    par: { ticks: 1, commands: 0 },
    solution: ['tick'],
  };
  return { spec, file: '(lab)', sources: new Map(programs.map((p) => [p.file, p.source])), lab: { readFile: files?.read, listFiles: files?.list, debugChecks: machine.debugChecks } };
}
