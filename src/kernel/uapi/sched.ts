// Clone flags and task-creation constants.
// linux: include/uapi/linux/sched.h

export const CSIGNAL = 0x000000ff; // signal mask to be sent at exit
export const CLONE_VM = 0x00000100; // set if VM shared between processes
export const CLONE_FS = 0x00000200; // set if fs info shared between processes
export const CLONE_FILES = 0x00000400; // set if open files shared between processes
export const CLONE_SIGHAND = 0x00000800; // set if signal handlers and blocked signals shared
export const CLONE_PIDFD = 0x00001000; // set if a pidfd should be placed in parent
export const CLONE_PTRACE = 0x00002000; // set if we want to let tracing continue on the child too
export const CLONE_VFORK = 0x00004000; // set if the parent wants the child to wake it up on mm_release
export const CLONE_PARENT = 0x00008000; // set if we want to have the same parent as the cloner
export const CLONE_THREAD = 0x00010000; // same thread group?
export const CLONE_NEWNS = 0x00020000; // new mount namespace group
export const CLONE_SYSVSEM = 0x00040000; // share system V SEM_UNDO semantics
export const CLONE_SETTLS = 0x00080000; // create a new TLS for the child
export const CLONE_PARENT_SETTID = 0x00100000; // set the TID in the parent
export const CLONE_CHILD_CLEARTID = 0x00200000; // clear the TID in the child
export const CLONE_DETACHED = 0x00400000; // unused, ignored
export const CLONE_UNTRACED = 0x00800000; // set if the tracing process can't force CLONE_PTRACE on this clone
export const CLONE_CHILD_SETTID = 0x01000000; // set the TID in the child
export const CLONE_NEWPID = 0x20000000; // new pid namespace

const NAMES: [number, string][] = [
  [CLONE_VM, 'CLONE_VM'],
  [CLONE_FS, 'CLONE_FS'],
  [CLONE_FILES, 'CLONE_FILES'],
  [CLONE_SIGHAND, 'CLONE_SIGHAND'],
  [CLONE_PIDFD, 'CLONE_PIDFD'],
  [CLONE_PTRACE, 'CLONE_PTRACE'],
  [CLONE_VFORK, 'CLONE_VFORK'],
  [CLONE_PARENT, 'CLONE_PARENT'],
  [CLONE_THREAD, 'CLONE_THREAD'],
  [CLONE_NEWNS, 'CLONE_NEWNS'],
  [CLONE_SYSVSEM, 'CLONE_SYSVSEM'],
  [CLONE_SETTLS, 'CLONE_SETTLS'],
  [CLONE_PARENT_SETTID, 'CLONE_PARENT_SETTID'],
  [CLONE_CHILD_CLEARTID, 'CLONE_CHILD_CLEARTID'],
  [CLONE_DETACHED, 'CLONE_DETACHED'],
  [CLONE_UNTRACED, 'CLONE_UNTRACED'],
  [CLONE_CHILD_SETTID, 'CLONE_CHILD_SETTID'],
  [CLONE_NEWPID, 'CLONE_NEWPID'],
];

/** strace's rendering of clone flags, e.g. "CLONE_CHILD_CLEARTID|CLONE_CHILD_SETTID|SIGCHLD". */
export function cloneFlagsString(flags: number, signalName: (n: number) => string): string {
  const parts: string[] = [];
  for (const [bit, name] of NAMES) if (flags & bit) parts.push(name);
  const sig = flags & CSIGNAL;
  if (sig) parts.push(signalName(sig));
  return parts.length ? parts.join('|') : '0';
}

// Scheduler policies and the nice range.
export const MAX_NICE = 19;
export const MIN_NICE = -20;
export const MAX_RT_PRIO = 100;
export const DEFAULT_PRIO = MAX_RT_PRIO + 20; // static_prio of nice 0

// prctl
export const PR_SET_PDEATHSIG = 1;
export const PR_GET_PDEATHSIG = 2;
export const PR_SET_NAME = 15;
export const PR_GET_NAME = 16;
export const PR_SET_CHILD_SUBREAPER = 36;
export const PR_GET_CHILD_SUBREAPER = 37;

// wait options (linux: include/uapi/linux/wait.h)
export const WNOHANG = 0x00000001;
export const WUNTRACED = 0x00000002;
export const WSTOPPED = WUNTRACED;
export const WEXITED = 0x00000004;
export const WCONTINUED = 0x00000008;
export const WNOWAIT = 0x01000000;
export const __WNOTHREAD = 0x20000000;
export const __WALL = 0x40000000;
export const __WCLONE = 0x80000000;
// waitid's idtype (linux/wait.h).
export const P_ALL = 0;
export const P_PID = 1;
export const P_PGID = 2;
export const P_PIDFD = 3;
