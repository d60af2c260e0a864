// The process descriptor: task_struct, and the structures a task shares with
// others depending on clone flags (signal_struct, sighand_struct,
// files_struct, fs_struct). linux: include/linux/sched.h, sched/signal.h
//
// In Linux there is no separate "thread": every thread is a task_struct;
// threads of one process share mm, files, fs, sighand and signal, and have
// the same tgid (the pid of the group leader).

import type { Image, Regs } from '../lang/abi';
import type { MmStruct } from './mm/mm_types';
import type { RbNode } from './rbtree';

// ---- task states (linux: include/linux/sched.h) ----------------------------
export const TASK_RUNNING = 0x0000;
export const TASK_INTERRUPTIBLE = 0x0001;
export const TASK_UNINTERRUPTIBLE = 0x0002;
export const __TASK_STOPPED = 0x0004;
export const __TASK_TRACED = 0x0008;
export const EXIT_DEAD = 0x0010; // exit_state
export const EXIT_ZOMBIE = 0x0020; // exit_state
export const TASK_PARKED = 0x0040;
export const TASK_DEAD = 0x0080;
export const TASK_WAKEKILL = 0x0100;
export const TASK_WAKING = 0x0200;
export const TASK_NOLOAD = 0x0400;
export const TASK_NEW = 0x0800;
export const TASK_KILLABLE = TASK_WAKEKILL | TASK_UNINTERRUPTIBLE;
export const TASK_STOPPED = TASK_WAKEKILL | __TASK_STOPPED;
export const TASK_TRACED = __TASK_TRACED;
export const TASK_IDLE = TASK_UNINTERRUPTIBLE | TASK_NOLOAD;
export const TASK_NORMAL = TASK_INTERRUPTIBLE | TASK_UNINTERRUPTIBLE;

// ---- task flags (PF_*) -------------------------------------------------------
export const PF_IDLE = 0x00000002; // I am an IDLE thread
export const PF_EXITING = 0x00000004; // getting shut down
export const PF_POSTCOREDUMP = 0x00000008; // coredumps should ignore this task (set on its way out)
export const PF_FORKNOEXEC = 0x00000040; // forked but didn't exec
export const PF_SUPERPRIV = 0x00000100; // used super-user privileges
export const PF_SIGNALED = 0x00000400; // killed by a signal
export const PF_NOFREEZE = 0x00008000; // this thread should not be frozen
export const PF_KTHREAD = 0x00200000; // I am a kernel thread
export const PF_RANDOMIZE = 0x00400000; // randomize virtual address space (set at exec with ASLR on)
export const PF_NO_SETAFFINITY = 0x04000000; // userland is not allowed to meddle with cpus_allowed

/** Signal handler disposition, as the kernel's struct k_sigaction holds it. */
export interface KSigaction {
  handler: number; // SIG_DFL (0), SIG_IGN (1) or the handler's user address
  flags: number; // SA_* flags
  mask: bigint; // signals blocked while the handler runs
  restorer: number; // sa_restorer user address
}

/** A queued signal with its siginfo. linux: struct sigqueue */
export interface SigInfo {
  signo: number;
  code: number; // si_code
  pid: number; // si_pid: sender (0 for the kernel)
  uid: number;
  addr: number; // si_addr for SIGSEGV/SIGBUS/SIGFPE
  status: number; // si_status for SIGCHLD
  utime?: number; // si_utime for SIGCHLD: the child's user time, clock ticks
  stime?: number; // si_stime for SIGCHLD: its system time, clock ticks
}

/** Pending signals: a bit per signal plus the siginfo of each. linux: struct sigpending */
export interface SigPending {
  signal: bigint; // bit (signo-1) set while pending
  info: Map<number, SigInfo[]>; // the queued siginfos of each pending signal: one for a standard signal, any number for a real-time one
}

export function newSigPending(): SigPending {
  return { signal: 0n, info: new Map() };
}

/** Shared by the threads of a process. linux: struct signal_struct */
export interface SignalStruct {
  nrThreads: number; // threads in the group (signal->nr_threads)
  live: number; // threads not yet exiting
  threads: TaskStruct[]; // the thread group, leader first (signal->thread_head)
  sharedPending: SigPending; // process-directed signals (kill(2))
  flags: number; // SIGNAL_STOP_STOPPED, SIGNAL_STOP_CONTINUED, SIGNAL_GROUP_EXIT, ...
  groupExitCode: number; // exit code of a group exit (exit_group, fatal signal)
  groupStopCount: number; // threads that still have to stop for a group stop
  groupStopSig: number; // the signal that stopped the group (for wait's WSTOPSIG)
  notifyStopped: boolean; // a stop not yet reported to the parent by wait4(WUNTRACED)
  notifyContinued: boolean; // a continue not yet reported by wait4(WCONTINUED)
  groupExecTask: TaskStruct | null; // the thread doing execve (de_thread)
  isChildSubreaper: boolean; // PR_SET_CHILD_SUBREAPER was set on this process
  hasChildSubreaper: boolean; // some ancestor is a subreaper (inherited at fork)
  pgrp: number; // process group id
  session: number; // session id
  tty: string | null; // controlling terminal name, e.g. "pts/0"
  utime: number; // user time of the group's released threads, ns (linux: __exit_signal sums them)
  stime: number; // system time of the group's released threads, ns
  minFlt: number; // minor faults of the group's released threads
  cutime: number; // user time of reaped children, ns
  cstime: number; // system time of reaped children, ns
  cminFlt: number; // minor faults of reaped children
  rlimitNproc: number; // RLIMIT_NPROC soft limit (ulimit -u)
  alarmExpires: number; // jiffies at which alarm(2) sends SIGALRM, 0 if none (ITIMER_REAL)
  oomScoreAdj: number; // -1000..1000, added to the OOM killer's badness in thousandths of memory (inherited at fork, kept by exec)
}

export const SIGNAL_STOP_STOPPED = 0x00000001; // job control stop in effect
export const SIGNAL_STOP_CONTINUED = 0x00000002; // SIGCONT since WCONTINUED reap
export const SIGNAL_GROUP_EXIT = 0x00000004; // group exit in progress
export const SIGNAL_CLD_STOPPED = 0x00000010; // pending notification to the parent
export const SIGNAL_CLD_CONTINUED = 0x00000020;
export const SIGNAL_UNKILLABLE = 0x00000040; // for init: ignore fatal signals

/** linux: struct sighand_struct. Shared with CLONE_SIGHAND. */
export interface SighandStruct {
  count: number; // tasks sharing it
  action: KSigaction[]; // index 1..64
}

/** linux: struct files_struct. Shared with CLONE_FILES. */
export interface FilesStruct {
  count: number; // tasks sharing it
  fds: Map<number, string>; // open fd -> what it refers to ("/dev/pts/0")
}

/** linux: struct fs_struct. Shared with CLONE_FS. */
export interface FsStruct {
  users: number; // tasks sharing it
  cwd: string; // current directory
  umask: number;
}

/** The CFS scheduling entity. linux: struct sched_entity */
export interface SchedEntity extends RbNode {
  loadWeight: number; // weight from sched_prio_to_weight[] by nice
  vruntime: number; // virtual runtime, ns: the CFS timeline key
  sumExecRuntime: number; // CPU time used, ns
  prevSumExecRuntime: number; // sum_exec_runtime when it was last picked (slice accounting)
  execStart: number; // rq clock when it last started running, ns
  onRq: boolean; // queued in the timeline (or is its rq's curr)
  nrMigrations: number; // times moved between CPUs
  /** Tie-breaker for equal vruntime: keeps the tree order stable and deterministic. */
  seq: number;
  /** The task this entity schedules (task_of(se)). */
  task: TaskStruct;
}

/** Per-kthread data. linux: struct kthread (kernel/kthread.c) */
export interface Kthread {
  image: Image; // the kernel-memory image holding the body
  fn: number; // text address of threadfn
  threadfn: string; // name of the body function
  data: number; // argument given to threadfn
  shouldStop: boolean; // KTHREAD_SHOULD_STOP: set by kthread_stop
  started: boolean; // threadfn has been called (it is not if stopped before the first wake-up)
  result: number; // threadfn's return value, for kthread_stop
  exited: boolean; // the kthread has done do_exit
  stoppers: TaskStruct[]; // tasks waiting in kthread_stop for it to exit
}

/**
 * A system call that blocked and will be executed again when the task runs
 * (the CPU leaves its pc on the call). Holds what the call needs to carry
 * on, and what a signal did to it. linux: struct restart_block, and the
 * -ERESTART* codes of kernel/signal.c.
 */
export interface RestartBlock {
  fn: string; // the syscall or kcall it belongs to ("wait4", "clock_nanosleep", ...)
  /**
   * What a signal handler does to it: 'sys' restarts it if the handler has
   * SA_RESTART, else it fails with EINTR (-ERESTARTSYS); 'nohand' always
   * fails with EINTR (-ERESTARTNOHAND: pause); 'block' fails with EINTR and
   * reports the time left (-ERESTART_RESTARTBLOCK: nanosleep); 'none' is not
   * interruptible (vfork completion, kthread_stop).
   */
  policy: 'sys' | 'nohand' | 'block' | 'none';
  expires: number; // jiffies at which a timed sleep ends (-1 if none)
  interrupted: boolean; // a handler ran: the call returns -EINTR when executed again
  woken: boolean; // futex: woken by FUTEX_WAKE
  value: number; // call-specific: the vfork child's pid, the kthread being stopped, a sleep's rem pointer
  args?: number[]; // the call's arguments (strace prints them again when the call restarts)
  left?: number; // a sleep: the ns left when a signal interrupted it (its rem)
  /** Executed again while a signal was pending, the call gave way to it: the signal is delivered before the call runs again. */
  signalled?: boolean;
}

export class TaskStruct {
  // ---- identity
  pid: number; // thread id (tid); the pid of a single-threaded process
  tgid: number; // thread group id: the pid userspace calls "the process"
  comm: string; // executable name, at most 15 characters (TASK_COMM_LEN)
  uid = 0; // real and effective user id (cred->uid): 0 root, 1000 the student

  // ---- state
  state: number = TASK_NEW; // __state: TASK_RUNNING, TASK_INTERRUPTIBLE, ...
  exitState = 0; // EXIT_ZOMBIE or EXIT_DEAD once exited
  flags = 0; // PF_* flags
  exitCode = 0; // wait status for the parent: (code << 8) or the signal
  exitSignal = 0; // signal to the parent on exit (SIGCHLD; 0 for threads: -1 in Linux)
  pdeathSignal = 0; // PR_SET_PDEATHSIG
  wchan = ''; // where it sleeps (the kernel function), for ps -o wchan and the panes
  /** TIF_NEED_RESCHED. */
  needResched = false;
  /** It left the CPU by preemption, not by sleeping: schedule() keeps it queued whatever its state. */
  preempted = false;
  /** TIF_SIGPENDING: a deliverable signal may be pending. */
  sigpending = false;
  /** JOBCTL_STOP_PENDING: this thread must take part in a group stop. */
  jobctlStop = false;

  // ---- scheduling
  prio = 120; // dynamic priority (120 + nice for normal tasks)
  staticPrio = 120; // from nice: 120 + nice
  se: SchedEntity; // CFS entity
  cpu = 0; // CPU whose runqueue holds it (task_cpu)
  onCpu = false; // currently executing on cpu
  cpusAllowed: bigint; // affinity mask (bit n = CPU n)
  nrCpusAllowed: number; // popcount of cpusAllowed
  nvcsw = 0; // voluntary context switches
  nivcsw = 0; // involuntary context switches
  utime = 0; // user CPU time, ns
  stime = 0; // system CPU time, ns
  startTime: number; // jiffies at creation
  lastRan = 0; // jiffies when it last ran (for cache-hot decisions and the panes)

  // ---- family (linux: real_parent, children, sibling, group_leader)
  realParent: TaskStruct | null = null; // who created it, or the reaper after reparenting
  parent: TaskStruct | null = null; // recipient of SIGCHLD and wait4 (the tracer when ptraced)
  children = new Set<TaskStruct>(); // our children (insertion order = list order)
  groupLeader: TaskStruct; // the thread whose pid is our tgid

  // ---- resources (shared according to clone flags)
  mm: MmStruct | null = null; // address space; NULL for kernel threads
  activeMm: MmStruct | null = null; // mm in use: a kernel thread borrows the previous task's
  signal!: SignalStruct; // shared by the thread group
  sighand!: SighandStruct; // handlers: shared with CLONE_SIGHAND
  files!: FilesStruct; // open files: shared with CLONE_FILES
  fs!: FsStruct; // cwd, umask: shared with CLONE_FS
  blocked = 0n; // blocked signals (sigprocmask)
  savedSigmask: bigint[] = []; // blocked masks to restore at each rt_sigreturn
  savedRestart: (RestartBlock | null)[] = []; // the call each handler interrupted, back in place at rt_sigreturn
  savedRax: number[] = []; // rax in each signal frame: what rt_sigreturn gives back when no call is to restart
  restoreSigmask: bigint | null = null; // TIF_RESTORE_SIGMASK: the mask rt_sigsuspend replaced, saved in the next signal frame
  execCostNs = 0; // CPU time the new image still owes for its exec (ld.so's start-up) before main runs
  lastSyscallRet = 0; // rax after the last system call (what rt_sigreturn gives back when a handler ran between calls)
  pending: SigPending = newSigPending(); // thread-directed signals (tgkill, faults)

  // ---- execution
  regs: Regs | null = null; // saved user (or kthread) context; null for idle tasks
  kstack = 0; // kernel stack top for kthreads (their locals live there)
  kthread: Kthread | null = null; // set for PF_KTHREAD tasks
  restart: RestartBlock | null = null; // a blocked syscall in progress
  vforkDone: TaskStruct | null = null; // the parent waiting in vfork for us to exec or exit
  vforkWaiting = false; // we are the parent, blocked in vfork
  setChildTid = 0; // CLONE_CHILD_SETTID address
  clearChildTid = 0; // CLONE_CHILD_CLEARTID address: zeroed and futex-woken at exit
  futexKey = ''; // the futex word we wait on (mm id + address), or ''

  // ---- accounting and tracing
  minFlt = 0; // minor page faults (no I/O needed)
  majFlt = 0; // major page faults (always 0: no swap, no disk)
  traced = false; // strace -f is attached (syscalls are printed)
  traceFollowForks = false; // strace -f: children get traced too
  cmdline: string[] = []; // argv of the last execve, for ps and /proc/PID/cmdline

  constructor(pid: number, comm: string, startTime: number, cpusAllowed: bigint, nrCpusAllowed: number) {
    this.pid = pid;
    this.tgid = pid;
    this.comm = comm;
    this.startTime = startTime;
    this.cpusAllowed = cpusAllowed;
    this.nrCpusAllowed = nrCpusAllowed;
    this.groupLeader = this;
    this.se = {
      rbParent: null,
      rbLeft: null,
      rbRight: null,
      rbRed: false,
      loadWeight: 1024,
      vruntime: 0,
      sumExecRuntime: 0,
      prevSumExecRuntime: 0,
      execStart: 0,
      onRq: false,
      nrMigrations: 0,
      seq: 0,
      task: this,
    };
  }

  get isKthread(): boolean {
    return (this.flags & PF_KTHREAD) !== 0;
  }

  get isIdle(): boolean {
    return (this.flags & PF_IDLE) !== 0;
  }

  /** thread_group_leader() */
  get isLeader(): boolean {
    return this.groupLeader === this;
  }

  get nice(): number {
    return this.staticPrio - 120;
  }
}

/**
 * The state letter procps shows. linux: fs/proc/array.c task_state_array,
 * get_task_state: (__state | exit_state) & TASK_REPORT; TASK_IDLE → I.
 */
export function taskStateLetter(t: TaskStruct): string {
  return taskStateName(t)[0];
}

/** "S (sleeping)" as /proc/PID/status prints it. */
export function taskStateName(t: TaskStruct): string {
  if (t.exitState & EXIT_ZOMBIE) return 'Z (zombie)';
  if (t.exitState & EXIT_DEAD) return 'X (dead)';
  const s = t.state;
  if (s === TASK_IDLE || (s & TASK_IDLE) === TASK_IDLE) return 'I (idle)';
  if (s === TASK_RUNNING || s === TASK_NEW || s === TASK_WAKING) return 'R (running)';
  if (s & TASK_INTERRUPTIBLE) return 'S (sleeping)';
  if (s & TASK_UNINTERRUPTIBLE) return 'D (disk sleep)';
  if (s & __TASK_STOPPED) return 'T (stopped)';
  if (s & __TASK_TRACED) return 't (tracing stop)';
  if (s & TASK_PARKED) return 'P (parked)';
  if (s & TASK_DEAD) return 'X (dead)';
  return 'R (running)';
}

/** The kernel's constant names, for the panes and state --json. */
export function taskStateConst(t: TaskStruct): string {
  if (t.exitState & EXIT_ZOMBIE) return 'EXIT_ZOMBIE';
  if (t.exitState & EXIT_DEAD) return 'EXIT_DEAD';
  switch (t.state) {
    case TASK_RUNNING:
      return 'TASK_RUNNING';
    case TASK_INTERRUPTIBLE:
      return 'TASK_INTERRUPTIBLE';
    case TASK_UNINTERRUPTIBLE:
      return 'TASK_UNINTERRUPTIBLE';
    case TASK_IDLE:
      return 'TASK_IDLE';
    case TASK_STOPPED:
    case __TASK_STOPPED:
      return 'TASK_STOPPED';
    case TASK_TRACED:
      return 'TASK_TRACED';
    case TASK_NEW:
      return 'TASK_NEW';
    case TASK_DEAD:
      return 'TASK_DEAD';
    default:
      return `0x${t.state.toString(16)}`;
  }
}
