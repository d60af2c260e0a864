// The shell's job table: what bash knows about the programs `run` started
// in the background, and the notices it prints at its next prompt when
// one of them stops or is reaped. Numbering, the current (+) and previous
// (-) job, and the notice format follow bash 5.2 (jobs.c: stop_pipeline,
// reset_current, set_current_job, notify_of_job_status, print_pipeline).

import type { Stamped } from '../kernel/events';
import { SIGNAL_GROUP_EXIT, type TaskStruct } from '../kernel/task';
import { signalDescription } from '../kernel/uapi/signal';

/** bash: LONGEST_SIGNAL_DESC — the status column of a job notice. */
const STATUS_WIDTH = 24;

export type JobState = 'running' | 'stopped' | 'done';

/** One background job: a single process started by `run`. */
export interface Job {
  id: number; // job number, %N
  pid: number; // the process (and its process group)
  leader: TaskStruct; // its task, kept to read the exit status after the reap
  command: string; // the command line bash shows
  state: JobState; // running, stopped, or reaped by the shell
  status: number; // wait status once done (or stopped: the stop signal)
  notified: boolean; // the current state has been reported
}

/** bash's printable_job_status, with pretty_print_job's padding. */
function statusText(j: Job): string {
  if (j.state === 'stopped') return 'Stopped';
  if (j.state === 'running') return 'Running';
  const s = j.status;
  if ((s & 0x7f) === 0) {
    const code = (s >> 8) & 0xff;
    return code === 0 ? 'Done' : `Exit ${code}`;
  }
  return signalDescription(s & 0x7f);
}

export class JobTable {
  /** Jobs by number, oldest first. */
  readonly jobs: Job[] = [];
  /** The '+' job (current_job), or 0. */
  private current = 0;
  /** The '-' job (previous_job), or 0. */
  private previous = 0;
  /** `$!`: the PID of the last job started in the background (bash's last_asynchronous_pid), or 0: none yet. */
  lastPid = 0;

  /** The PID of the shell that owns these jobs (reaps by it end a job). */
  constructor(private readonly shellPid: () => number) {}

  get(id: number): Job | undefined {
    return this.jobs.find((j) => j.id === id);
  }

  /**
   * The job of a jobspec (bash's get_job_spec): %N, %%, %+, %-, %NAME (the
   * job whose command starts with NAME), %?TEXT (the one whose command
   * contains TEXT); 'ambiguous' when a name fits more than one job.
   */
  lookup(spec: string): Job | 'ambiguous' | undefined {
    const w = spec.startsWith('%') ? spec.slice(1) : spec;
    if (w === '' || w === '%' || w === '+') return this.get(this.current);
    if (w === '-') return this.get(this.previous);
    if (/^\d+$/.test(w)) return this.get(Number(w));
    // get_job_by_name: a prefix of the command, or with ? any part of it.
    const sub = w.startsWith('?');
    const name = sub ? w.slice(1) : w;
    const found = this.jobs.filter((j) => (sub ? j.command.includes(name) : j.command.startsWith(name)));
    return found.length > 1 ? 'ambiguous' : found[0];
  }

  /** What bash says of a jobspec's name when lookup() finds it ambiguous: "sl: ambiguous job spec" for %sl or %?sl. */
  static ambiguous(spec: string): string {
    return `${spec.replace(/^%\??/, '')}: ambiguous job spec`;
  }

  /** A job started in the background; returns its "[N] PID" line. */
  add(leader: TaskStruct, command: string): Job {
    const id = this.jobs.reduce((m, j) => Math.max(m, j.id), 0) + 1;
    const job: Job = { id, pid: leader.pid, leader, command, state: 'running', status: 0, notified: true };
    this.jobs.push(job);
    this.lastPid = leader.pid;
    this.resetCurrent();
    return job;
  }

  /** Follows the kernel's events: stops, continues, and reaps by the shell. */
  onEvent(e: Stamped): void {
    if (e.type !== 'reap' && e.type !== 'stop' && e.type !== 'continue') return;
    const j = this.jobs.find((x) => x.pid === e.pid && x.state !== 'done');
    if (!j) return;
    if (e.type === 'reap') {
      if (e.by !== this.shellPid() && !e.auto) return;
      const p = j.leader;
      j.status = p.signal.flags & SIGNAL_GROUP_EXIT ? p.signal.groupExitCode : p.exitCode;
      j.state = 'done';
      j.notified = false;
    } else if (e.type === 'stop') {
      j.state = 'stopped';
      j.status = (e.signo << 8) | 0x7f;
      j.notified = false;
      this.setCurrent(j.id);
    } else if (j.state === 'stopped') {
      j.state = 'running';
      j.notified = true;
      this.resetCurrent();
    }
  }

  /** How bash's start_job shows a job it continues in the background (bg): "[1]+ ./prog &". */
  startLine(j: Job): string {
    const mark = j.id === this.current ? '+' : j.id === this.previous ? '-' : ' ';
    return `[${j.id}]${mark} ${j.command} &`;
  }

  /** "[1]+  Done                    ./prog"; `long` (jobs -l) puts the PID in: "[1]+  1496 Running ..." (bash print_pipeline: %5ld) */
  format(j: Job, withAmpersand = false, long = false): string {
    const mark = j.id === this.current ? '+' : j.id === this.previous ? '-' : ' ';
    // bash's printable_job_status: jobs -l names the stop signal (SIGSTOP: "Stopped (signal)").
    const st = long && j.state === 'stopped' ? signalDescription((j.status >> 8) & 0x7f) : statusText(j);
    const pad = ' '.repeat(Math.max(0, STATUS_WIDTH - st.length));
    const pid = long ? String(j.pid).padStart(5) : '';
    return `[${j.id}]${mark} ${pid} ${st}${pad}${j.command}${withAmpersand && j.state === 'running' ? ' &' : ''}`;
  }

  /**
   * notify_of_job_status: the notices due at the next prompt (jobs that
   * stopped or were reaped since the last one), then the reaped jobs are
   * forgotten. Returns the text to print ("" if none).
   */
  notices(): string {
    let out = '';
    for (const j of this.jobs) {
      if (j.notified) continue;
      if (j.state === 'stopped') out += '\n' + this.format(j) + '\n';
      else if (j.state === 'done') out += this.format(j) + '\n';
      j.notified = true;
    }
    this.cleanupDead();
    return out;
  }

  /** `jobs`: every job (or those given), then the reaped ones are forgotten. */
  list(which: Job[] = this.jobs, mode: 'standard' | 'long' | 'pid' = 'standard'): string {
    let out = '';
    for (const j of which) {
      out += (mode === 'pid' ? String(j.pid) : this.format(j, true, mode === 'long')) + '\n';
      j.notified = true;
    }
    this.cleanupDead();
    return out;
  }

  /** cleanup_dead_jobs/delete_job */
  private cleanupDead(): void {
    for (let i = this.jobs.length - 1; i >= 0; i--) {
      const j = this.jobs[i];
      if (j.state !== 'done' || !j.notified) continue;
      this.jobs.splice(i, 1);
      if (j.id === this.current || j.id === this.previous) this.resetCurrent();
    }
  }

  /** Newest job below `below` in the given state. */
  private lastIn(state: JobState, below: number): number {
    let best = 0;
    for (const j of this.jobs) if (j.state === state && j.id < below && j.id > best) best = j.id;
    return best;
  }

  private stopped(id: number): boolean {
    return this.get(id)?.state === 'stopped';
  }

  /** bash reset_current */
  private resetCurrent(): void {
    const INF = Number.MAX_SAFE_INTEGER;
    let candidate = 0;
    if (this.current && this.stopped(this.current)) candidate = this.current;
    else {
      if (this.previous && this.stopped(this.previous)) candidate = this.previous;
      if (!candidate) candidate = this.lastIn('stopped', INF);
      if (!candidate) candidate = this.lastIn('running', INF);
    }
    if (candidate) this.setCurrent(candidate);
    else this.current = this.previous = 0;
  }

  /** bash set_current_job */
  private setCurrent(id: number): void {
    const INF = Number.MAX_SAFE_INTEGER;
    if (this.current !== id) {
      this.previous = this.current;
      this.current = id;
    }
    if (this.previous !== this.current && this.previous && this.get(this.previous) && this.stopped(this.previous)) return;
    if (this.stopped(this.current)) {
      const c = this.lastIn('stopped', this.current);
      if (c) {
        this.previous = c;
        return;
      }
    }
    const running = this.get(this.current)?.state === 'running';
    const c = running ? this.lastIn('running', this.current) : this.lastIn('running', INF);
    this.previous = c || this.current;
  }
}
