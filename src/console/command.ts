// The contract between the console and its commands: a command gets the
// kernel, its arguments and a few console services, writes its output,
// and returns an exit status. Commands never throw on user input; a
// thrown error is a bug (the console reports it and goes on).

import type { Kernel } from '../kernel/kernel';
import type { TaskStruct } from '../kernel/task';
import type { LoadAvg } from '../kernel/sched/loadavg';
import type { JobTable } from './jobs';
import type { ShellVariables } from './variables';

/** What a command may use besides the kernel. */
export interface ConsoleServices {
  readonly k: Kernel; // the machine
  readonly loadavg: LoadAvg; // the kernel's load averages (/proc/loadavg, uptime)
  readonly jobs: JobTable; // the shell's jobs (run, kill %N, jobs)
  readonly vars: ShellVariables; // the shell's variables (NAME=value, $NAME, unset)
  readonly columns: number; // terminal width for ps, pstree and ls (0 = unlimited)
  readonly readFile: ((path: string) => string | null) | null; // host files for `run FILE.c`
  readonly listFiles: (() => string[]) | null; // the FILE.c names `run` can read, for Tab
  /** Runs `n` ticks, sampling the load average; returns when done. */
  runTicks(n: number): void;
  /** The task of a PID, or undefined. */
  task(pid: number): TaskStruct | undefined;
  /** Reports a stopped kthread's exit and result at the end of the command during which it exited. */
  watchKthreadStop(t: TaskStruct): void;
  /** All command names, for help and completion. */
  commandNames(): string[];
  /** The help text of one command, or of all. */
  help(name?: string): string;
}

/** Output being built: stdout and stderr go to the same terminal, in order. */
export class Out {
  text = '';

  /** Appends text as is. */
  write(s: string): void {
    this.text += s;
  }

  /** Appends a line (a newline is added). */
  line(s = ''): void {
    this.text += s + '\n';
  }
}

/** A console command. */
export interface Command {
  name: string; // what the user types
  summary: string; // one line for `help`
  usage: string; // synopsis, e.g. "kill [-SIG|-s SIG|-n N] PID..."
  details?: string; // more help: options, where kernlab simplifies
  /** Runs the command; returns the exit status. `argv[0]` is the command name; `stdin`: what the command before `|` printed. */
  run(c: ConsoleServices, argv: string[], out: Out, redirect: string | null, stdin?: string): number;
  /** Completion candidates for the word being typed (`before` are the words before it). */
  complete?(c: ConsoleServices, before: string[], word: string): string[];
}
