// The headless console: the shell-like prompt onto the simulated machine
// that `kernlab shell`, the level engine, the TUI's console pane and the
// tests all share. Pure: it reads kernel state and calls kernel functions;
// time passes only when a command runs ticks.
//
// What one exec() returns is what a terminal would show for that command:
// program output written since the last command (a TUI may tick the
// machine itself), the command's output, whatever programs printed while
// the command ran ticks — stdout/stderr text as written and strace lines
// as they came, in order — then bash's job notices due before the next
// prompt (and kthread_stop's report).

import { DEFAULT_ENV } from '../kernel/exec';
import type { Kernel } from '../kernel/kernel';
import type { TaskStruct } from '../kernel/task';
import { BY_NAME, COMMANDS, helpText } from './registry';
import { Out, type ConsoleServices } from './command';
import { JobTable } from './jobs';
import { ShellSyntaxError, checkSyntax, completionWords, openSubstitution, splitList, splitWords, type Assignment, type ParsedLine, type ShellParams } from './words';
import { ShellVariables } from './variables';
import { cmdlineOf } from './tasks';
import { run } from './commands/run';
import { who } from './args';
import { execError, fileError } from './files';
import { ENOENT } from '../kernel/uapi/errno';

export interface ConsoleOptions {
  /** Host files for `run FILE.c` (the CLI passes one; levels do not). */
  readFile?: (path: string) => string | null;
  /** The FILE.c names readFile has (this directory's, the lab's examples), for Tab after `run`. */
  listFiles?: () => string[];
  /** Commands a level allows (undefined = all); others: "kernlab: NAME: not allowed in this level". */
  allowed?: ReadonlySet<string>;
  /** Terminal width for ps, pstree and ls (default 80; 0 = unlimited, as when output is a pipe). */
  columns?: number;
  /**
   * How `tick N` advances the machine (the level engine checks its goal
   * after every tick); default: the kernel's own run(n). Returns the ticks run.
   */
  advance?: (n: number) => number;
}

export interface ConsoleResult {
  output: string; // what the terminal shows
  status: number; // 0 ok, non-zero like the command's exit status
  notices?: string; // the end of output that is job notices (and kthread_stop's report)
}

/** Commands that may always run, whatever the level allows. */
// help, clear, the filters that only look, pgrep and pidof (what ps
// shows, by name: `kill $(pgrep hog)`), ulimit and nproc (they only
// show), fg (it only says there is no foreground), and echo and printf to print
// (`kill -0 305 && echo alive`, `printf '%x\n' N`): an echo into a file
// (/proc/sys) needs a level that lists echo.
// unset, as NAME=value, changes only the shell's variables.
const ALWAYS_ALLOWED = new Set(['help', 'clear', 'grep', 'head', 'tail', 'wc', 'echo', 'printf', 'pgrep', 'pidof', 'ulimit', 'nproc', 'fg', 'unset']);

/** The console's commands that start a program, whose environment a `NAME=value` before them would be. */
const STARTS_PROGRAMS = new Set(['run', 'nice', 'strace']);

export class Console {
  /** Every non-blank line given to exec, oldest first. */
  readonly history: string[] = [];
  private readonly k: Kernel;
  private readonly opts: ConsoleOptions;
  private readonly jobs: JobTable;
  private readonly services: ConsoleServices & { columns: number };
  /** The next terminal chunk not yet shown. */
  private ttySeq: number;
  /** `$?`: the exit status of the last command run (a list's, a substitution's). */
  private lastStatus = 0;
  /** The shell's variables (NAME=value). */
  private readonly vars: ShellVariables;
  /** What `$NAME`, `$?` and the like expand to. */
  private readonly params: ShellParams;
  /** The terminal's output while a line runs: what programs write during a command's ticks goes there, in time order. */
  private terminal: Out | null = null;
  /** kthreads kthread_stop was called on, not yet reported as exited. */
  private readonly stopping = new Map<number, TaskStruct>();
  /** Notices for the end of the command besides bash's job notices (kthread exits). */
  private pendingNotices = '';
  private readonly unlisten: () => void;

  constructor(k: Kernel, opts: ConsoleOptions = {}) {
    this.k = k;
    this.opts = opts;
    this.ttySeq = k.tty.nextSeq;
    this.jobs = new JobTable(() => (k.shell ? k.shell.pid : 0));
    // bash sets PPID at start-up and will not let it change: the shell's parent (init).
    this.vars = new ShellVariables({ PPID: () => String(k.shell?.realParent?.tgid ?? 0) });
    // The login shell's environment (what its programs get too) is its variables, and PWD its directory.
    for (const e of DEFAULT_ENV) this.vars.set(e.slice(0, e.indexOf('=')), e.slice(e.indexOf('=') + 1));
    this.vars.set('PWD', k.shell?.fs.cwd ?? '/home/student');
    this.params = {
      get: (name) => this.param(name),
      set: (name, value) => this.assign({ name, value }),
    };
    this.unlisten = k.events.listen((e) => {
      this.jobs.onEvent(e);
      if (e.type === 'kthread' && e.what === 'stopped') {
        const t = this.stopping.get(e.pid);
        if (t) {
          this.stopping.delete(e.pid);
          this.pendingNotices += `kthread_stop(${who(t)}) = ${e.result}: the thread exited\n`;
        }
      }
    });
    this.services = {
      k,
      loadavg: k.loadavg,
      jobs: this.jobs,
      vars: this.vars,
      columns: opts.columns ?? 80,
      readFile: opts.readFile ?? null,
      listFiles: opts.listFiles ?? null,
      runTicks: (n) => this.runTicks(n),
      task: (pid) => k.findTask(pid),
      watchKthreadStop: (t) => {
        this.stopping.set(t.pid, t);
      },
      commandNames: () => this.commandNames(),
      help: (name) => this.help(name),
    };
  }

  /** The terminal was resized (TIOCSWINSZ): ps, pstree and ls fit the new width. */
  resize(columns: number): void {
    this.services.columns = columns;
  }

  /** Stops following the kernel's events (the console is no longer used). */
  dispose(): void {
    this.unlisten();
  }

  /** Runs one command line. Never throws on user input. */
  /** A program the shell started in the background before the console opened (a level's): `jobs` and `kill %N` know it. */
  adoptJob(leader: TaskStruct, command: string): void {
    this.jobs.add(leader, command);
  }

  /** The console's first prompt: idle CPUs with work have switched to it; output and job changes from before are not shown again. */
  openPrompt(): void {
    this.k.kickIdleCpus();
    this.drainTty();
    this.jobs.notices();
    this.takeNotices();
  }

  exec(line: string): ConsoleResult {
    if (line.trim()) this.history.push(line);
    const before = this.drainTty();
    const out = new Out();
    this.terminal = out;
    let status: number;
    try {
      status = this.dispatch(line, out);
    } catch (e) {
      if (e instanceof ShellSyntaxError) {
        out.line(`kernlab: ${e.message}`);
        status = e.status; // 2 for a syntax error, 1 for an expansion that failed, as bash
      } else {
        // A bug in a command, not the user's fault: say so and carry on.
        out.line(`kernlab: internal error: ${e instanceof Error ? e.message : String(e)}`);
        status = 70;
      }
    }
    this.terminal = null;
    this.lastStatus = status;
    this.k.kickIdleCpus();
    const during = this.drainTty();
    // bash reports jobs that stopped or ended just before its next prompt
    // (shell_getc's notify_and_cleanup): after the command and what programs
    // wrote meanwhile, whether the job changed during the command or before.
    const notices = this.jobs.notices() + this.takeNotices();
    const result: ConsoleResult = { output: before + out.text + during + notices, status };
    if (notices) result.notices = notices; // absent, not '', when there are none
    return result;
  }

  /** Tab completion: candidates for the word being typed (the whole word, not the suffix). */
  complete(line: string): string[] {
    // Inside an open $( or backquote: the command in it, each candidate with what the word holds before it (`$(pgrep`).
    const at = openSubstitution(line);
    if (at >= 0) {
      const inner = line.slice(at);
      const cut = /\S*$/.exec(line)![0].length - /\S*$/.exec(inner)![0].length;
      const word = /\S*$/.exec(line)![0].slice(0, cut);
      return this.complete(inner).map((c) => word + c);
    }
    try {
      const { before, last } = completionWords(line);
      if (!before.length) {
        const names = this.commandNames().filter((n) => n.startsWith(last));
        if (last.startsWith('.') || last.startsWith('/')) names.push(...this.programPaths().filter((p) => p.startsWith(last)));
        return [...new Set(names)].sort();
      }
      const cmd = this.commandOf(before[0]);
      if (!cmd?.complete) return [];
      return [...new Set(cmd.complete(this.services, before, last))].sort();
    } catch (e) {
      // A line that does not parse yet (an open quote) has nothing to complete;
      // anything else is a bug, and must not hide as "no candidates".
      if (e instanceof ShellSyntaxError) return [];
      throw e;
    }
  }

  /** Programs on the machine: ./NAME for the working directory's, and every absolute path. */
  private programPaths(): string[] {
    const dir = (this.k.shell?.fs.cwd ?? '/home/student') + '/';
    const out: string[] = [];
    for (const path of this.k.vfs.files.keys()) {
      out.push(path);
      if (path.startsWith(dir)) out.push('./' + path.slice(dir.length));
    }
    return out;
  }

  /** The commands this console offers (a level's allowed ones only). */
  commandNames(): string[] {
    return COMMANDS.map((c) => c.name).filter((n) => this.isAllowed(n));
  }

  /** `help` text: every command, or one command's usage ("" if unknown). */
  help(name?: string): string {
    const allowed = this.opts.allowed ? new Set([...this.opts.allowed, ...ALWAYS_ALLOWED]) : undefined;
    // Filled to the terminal, as man fills to it; 80 into a pipe (columns 0). Narrower than 40, the names' column would not leave room.
    const width = this.services.columns ? Math.max(40, this.services.columns) : 80;
    return helpText(name, allowed, width);
  }

  /** Terminal output written since the last look (program output, strace lines). */
  drainTty(): string {
    const chunks = this.k.tty.since(this.ttySeq);
    this.ttySeq = this.k.tty.nextSeq;
    let s = '';
    for (const c of chunks) s += c.text;
    return s;
  }

  /** The console's own notices due now (a kthread_stop'ed thread exited); a screen shows them as they happen. */
  takeNotices(): string {
    const s = this.pendingNotices;
    this.pendingNotices = '';
    return s;
  }

  private isAllowed(name: string): boolean {
    return !this.opts.allowed || this.opts.allowed.has(name) || ALWAYS_ALLOWED.has(name);
  }

  private commandOf(word: string) {
    return word.includes('/') ? run : BY_NAME.get(word);
  }

  /**
   * Runs a line; `err` takes the shell's own messages (command not found),
   * which a substitution does not capture. A list runs its commands in
   * turn: after `&&` only if the one before succeeded, after `||` only if
   * it failed (bash's execute_connection); its status is the last run's.
   * bash reads the whole line first: a syntax error anywhere runs none.
   */
  private dispatch(line: string, out: Out, err = out): number {
    const list = splitList(line);
    if (list.length === 1) return this.dispatchOne(list[0].text, out, err);
    checkSyntax(list);
    let status = 0;
    list.forEach((part, i) => {
      const op = i ? list[i - 1].op : null;
      if ((op === '&&' && status !== 0) || (op === '||' && status === 0)) return;
      status = this.dispatchOne(part.text, out, err);
      this.lastStatus = status;
    });
    return status;
  }

  /**
   * Runs one command of a list: a simple command or a pipeline. A line of
   * assignments alone (`PID=$(pgrep hog)`) sets the shell's variables, in
   * order; its status is its last substitution's, or 0, as bash's.
   */
  private dispatchOne(line: string, out: Out, err: Out): number {
    const parsed = this.expand(line, err);
    if (!parsed.words.length && !parsed.pipeline.length && parsed.redirect === null) {
      for (const a of parsed.assigns[0]) this.assign(a);
      return parsed.substituted ?? 0;
    }
    if (parsed.pipeline.length) return this.pipeline(parsed, out, err);
    return this.runCommand(parsed.words, parsed.assigns[0], parsed.redirect, out, undefined, err);
  }

  /**
   * What a parameter expands to (undefined: unset, which is nothing): a
   * variable, or bash's special ones — `$?` the last status, `$$` the
   * shell's PID, `$!` the last background job's, `$0` the login shell's
   * name (`-bash`), `$#` 0 and `$1`... unset (an interactive shell has no
   * arguments).
   */
  /** The PID of the last job started in the background ($!), 0 before the first. */
  get lastJobPid(): number {
    return this.jobs.lastPid;
  }

  private param(name: string): string | undefined {
    const sh = this.k.shell;
    switch (name) {
      case '?':
        return String(this.lastStatus);
      case '$':
        return sh ? String(sh.tgid) : undefined;
      case '!':
        return this.jobs.lastPid ? String(this.jobs.lastPid) : undefined;
      case '#':
        return '0';
      case '0':
        return sh ? (cmdlineOf(sh)[0] ?? sh.comm) : 'bash';
    }
    if (/^[0-9]+$/.test(name)) return undefined;
    return this.vars.get(name);
  }

  /**
   * Sets a shell variable. A read-only one (PPID) is bash's error, which
   * ends the line there, as an assignment error ends it in bash.
   */
  private assign(a: Assignment): void {
    if (!this.vars.set(a.name, a.value)) throw new ShellSyntaxError(`${a.name}: readonly variable`, 1);
  }

  /**
   * The line's words with its command substitutions run: each $(CMD) or
   * `CMD` runs as a console line of its own, its output in place of it.
   * `substituted` is the last one's status (null: none), the line's status
   * when nothing else runs (`$(false)`), as in bash. What fails inside
   * (a syntax error, command not found) goes to `err`, the terminal, not
   * into the words. kernlab: a command's own error message is output like
   * any other, so it is substituted too (bash's stderr would show on the
   * terminal). Throws ShellSyntaxError.
   */
  expand(line: string, err: Out = new Out()): ParsedLine & { substituted: number | null } {
    // A syntax error anywhere (in a $(...) too) runs nothing, not even a substitution.
    checkSyntax([{ text: line, op: null }]);
    let substituted: number | null = null;
    const parsed = splitWords(line, (command) => {
      const o = new Out();
      try {
        substituted = this.intoPipe(() => this.dispatch(command, o, err)); // its output goes into a pipe, not to the terminal
      } catch (e) {
        if (!(e instanceof ShellSyntaxError)) throw e;
        err.line(`kernlab: ${e.message}`);
        substituted = e.status;
      }
      this.lastStatus = substituted;
      return o.text;
    }, this.params);
    return { ...parsed, substituted };
  }

  /**
   * `CMD | FILTER | ...`: each command's output is the next one's input;
   * the status is the last one's, as in bash. The filters (grep, head,
   * tail, wc) read it; other commands ignore it. kernlab: the console
   * has one output stream, so an error message goes down the pipe too.
   */
  private pipeline(parsed: ParsedLine, out: Out, err: Out): number {
    const stages = [parsed.words, ...parsed.pipeline];
    let input: string | undefined;
    let status = 0;
    stages.forEach((argv, i) => {
      const last = i === stages.length - 1;
      const o = last ? out : new Out();
      const run = () => this.runCommand(argv, parsed.assigns[i], last ? parsed.redirect : null, o, input, last ? err : o);
      status = last ? run() : this.intoPipe(run);
      input = o.text;
    });
    return status;
  }

  /**
   * Runs `f` as a command writing into a pipe, with no terminal: ps, ls,
   * pstree and top take their widths for that (columns 0: ps does not
   * cut lines, ls lists one name a line).
   */
  private intoPipe<T>(f: () => T): T {
    const columns = this.services.columns;
    this.services.columns = 0;
    try {
      return f();
    } finally {
      this.services.columns = columns;
    }
  }

  /**
   * Runs a command. `NAME=value` before it is for its environment only, as
   * in bash (the variable is unchanged after it): the console's commands
   * read no environment, and one that starts a program refuses it, since
   * programs get kernlab's fixed environment. Alone in a pipeline's
   * command, an assignment is in a subshell of its own and changes nothing.
   */
  private runCommand(argv: string[], assigns: Assignment[], redirect: string | null, out: Out, stdin?: string, err = out): number {
    if (!argv.length) {
      if (redirect !== null) {
        err.line(`kernlab: ${redirect}: Read-only file system`);
        return 1;
      }
      return 0;
    }
    const name = argv[0];
    const isPath = name.includes('/');
    const cmdName = isPath ? 'run' : name;
    const cmd = this.commandOf(name);
    if (!cmd) {
      err.line(`kernlab: ${name}: command not found`);
      return 127;
    }
    if (!this.isAllowed(cmdName)) {
      err.line(`kernlab: ${cmdName}: not allowed in this level`);
      return 126;
    }
    if (assigns.length && (isPath || STARTS_PROGRAMS.has(cmd.name))) {
      err.line(`kernlab: ${assigns[0].name}=${assigns[0].value}: programs get kernlab's fixed environment (HOME, PATH, TERM, USER, LANG): no assignment before ${isPath ? 'a program' : cmd.name}`);
      return 1;
    }
    for (const a of assigns) if (this.vars.isReadonly(a.name)) err.line(`kernlab: ${a.name}: readonly variable`); // bash says so, and runs the command
    if (isPath) {
      // bash's messages for a path that cannot be executed: 127 when it is not there, 126 when it is but cannot run.
      const e = execError(this.services, name);
      if (e) {
        err.line(`kernlab: ${name}: ${fileError(e)}`);
        return e === -ENOENT ? 127 : 126;
      }
    }
    if (redirect !== null && cmd.name === 'echo' && this.opts.allowed && !this.opts.allowed.has('echo')) {
      err.line(`kernlab: ${redirect}: writing files is not allowed in this level (echo only prints here)`);
      return 126;
    }
    if (redirect !== null && cmd.name !== 'echo') {
      err.line(`kernlab: ${redirect}: Read-only file system (only echo may write, into /proc/sys)`);
      return 1;
    }
    return cmd.run(this.services, isPath ? ['run', ...argv] : argv, out, redirect, stdin);
  }

  /** Runs `n` ticks (through the level engine when there is one, so it checks every tick). */
  private runTicks(n: number): void {
    if (this.opts.advance) this.opts.advance(n);
    else this.k.run(n);
    // Programs write to the terminal as time passes, not into a command's
    // output: between top's frames and vmstat's lines, before a frame that
    // follows (and past a pipe or a $(...), which take only the command's).
    if (this.terminal) this.terminal.write(this.drainTty());
  }
}
