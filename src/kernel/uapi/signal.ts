// Signal numbers and si_codes as on x86-64 Linux.
// linux: include/uapi/asm-generic/signal.h, include/uapi/asm-generic/siginfo.h

export const SIGHUP = 1;
export const SIGINT = 2;
export const SIGQUIT = 3;
export const SIGILL = 4;
export const SIGTRAP = 5;
export const SIGABRT = 6;
export const SIGBUS = 7;
export const SIGFPE = 8;
export const SIGKILL = 9;
export const SIGUSR1 = 10;
export const SIGSEGV = 11;
export const SIGUSR2 = 12;
export const SIGPIPE = 13;
export const SIGALRM = 14;
export const SIGTERM = 15;
export const SIGSTKFLT = 16;
export const SIGCHLD = 17;
export const SIGCONT = 18;
export const SIGSTOP = 19;
export const SIGTSTP = 20;
export const SIGTTIN = 21;
export const SIGTTOU = 22;
export const SIGURG = 23;
export const SIGXCPU = 24;
export const SIGXFSZ = 25;
export const SIGVTALRM = 26;
export const SIGPROF = 27;
export const SIGWINCH = 28;
export const SIGIO = 29;
export const SIGPWR = 30;
export const SIGSYS = 31;
export const NSIG = 64; // signals 1..64 (32..64 are real-time)
export const SIGRTMIN = 32; // the first real-time signal: they queue (glibc keeps 32 and 33, its SIGRTMIN is 34)

export const SIG_DFL = 0;
export const SIG_IGN = 1;

/** Names without the SIG prefix, indexed by number, as `kill -l` prints them. */
export const SIGNAL_NAMES: readonly string[] = [
  '', 'HUP', 'INT', 'QUIT', 'ILL', 'TRAP', 'ABRT', 'BUS', 'FPE', 'KILL', 'USR1', 'SEGV', 'USR2', 'PIPE',
  'ALRM', 'TERM', 'STKFLT', 'CHLD', 'CONT', 'STOP', 'TSTP', 'TTIN', 'TTOU', 'URG', 'XCPU', 'XFSZ',
  'VTALRM', 'PROF', 'WINCH', 'POLL', 'PWR', 'SYS',
];

/**
 * The name strace prints (its signalent table, kernel numbering): SIGIO for
 * 29, SIGRTMIN for 32 and SIGRT_N for 32 + N (glibc's SIGRTMIN, 34, is
 * SIGRT_2 there). bash's names differ: see console/signames.ts.
 */
export function signalName(signo: number): string {
  if (signo === SIGIO) return 'SIGIO';
  if (signo >= 1 && signo < SIGNAL_NAMES.length) return 'SIG' + SIGNAL_NAMES[signo];
  if (signo === 32) return 'SIGRTMIN';
  if (signo > 32 && signo <= 64) return `SIGRT_${signo - 32}`;
  return `${signo}`;
}

/** Parses "9", "KILL", "SIGKILL" (any case). Returns 0 if unknown. */
export function parseSignal(s: string): number {
  if (/^\d+$/.test(s)) {
    const n = Number(s);
    return n >= 0 && n <= NSIG ? n : -1;
  }
  const name = s.toUpperCase().replace(/^SIG/, '');
  if (name === 'IO') return SIGIO;
  if (name === 'IOT') return SIGABRT;
  if (name === 'CLD') return SIGCHLD;
  const i = SIGNAL_NAMES.indexOf(name);
  return i > 0 ? i : -1;
}

// si_code values
export const SI_USER = 0; // sent by kill()
export const SI_KERNEL = 0x80; // sent by the kernel
export const SI_TKILL = -6; // sent by tkill()/tgkill()
export const SEGV_MAPERR = 1; // address not mapped to object
export const SEGV_ACCERR = 2; // invalid permissions for mapped object
export const FPE_INTDIV = 1; // integer divide by zero
export const CLD_EXITED = 1;
export const CLD_KILLED = 2;
export const CLD_DUMPED = 3;
export const CLD_TRAPPED = 4;
export const CLD_STOPPED = 5;
export const CLD_CONTINUED = 6;

// sigprocmask how
export const SIG_BLOCK = 0;
export const SIG_UNBLOCK = 1;
export const SIG_SETMASK = 2;

// sa_flags
export const SA_NOCLDSTOP = 0x00000001;
export const SA_NOCLDWAIT = 0x00000002;
export const SA_SIGINFO = 0x00000004;
export const SA_RESTORER = 0x04000000;
export const SA_ONSTACK = 0x08000000;
export const SA_RESTART = 0x10000000;
export const SA_NODEFER = 0x40000000;
export const SA_RESETHAND = 0x80000000;
export const SA_EXPOSE_TAGBITS = 0x00000800;
/** The flags the kernel keeps; others are cleared, so a program can tell what is supported. linux: include/linux/signal_types.h (x86: SA_RESTORER) */
export const UAPI_SA_FLAGS = SA_NOCLDSTOP | SA_NOCLDWAIT | SA_SIGINFO | SA_ONSTACK | SA_RESTART | SA_NODEFER | SA_RESETHAND | SA_EXPOSE_TAGBITS | SA_RESTORER;

/** The bit of `signo` in a sigset (the kernel keeps sigsets as 64-bit bigints). */
export function sigbit(signo: number): bigint {
  return 1n << BigInt(signo - 1);
}

/** strsignal(3)'s text, as a shell reports a job killed by the signal. */
export function signalDescription(signo: number): string {
  const d: Record<number, string> = {
    [SIGHUP]: 'Hangup',
    [SIGINT]: 'Interrupt',
    [SIGQUIT]: 'Quit',
    [SIGILL]: 'Illegal instruction',
    [SIGTRAP]: 'Trace/breakpoint trap',
    [SIGABRT]: 'Aborted',
    [SIGBUS]: 'Bus error',
    [SIGFPE]: 'Floating point exception',
    [SIGKILL]: 'Killed',
    [SIGUSR1]: 'User defined signal 1',
    [SIGSEGV]: 'Segmentation fault',
    [SIGUSR2]: 'User defined signal 2',
    [SIGPIPE]: 'Broken pipe',
    [SIGALRM]: 'Alarm clock',
    [SIGTERM]: 'Terminated',
    [SIGSTKFLT]: 'Stack fault',
    [SIGCHLD]: 'Child exited',
    [SIGCONT]: 'Continued',
    [SIGSTOP]: 'Stopped (signal)',
    [SIGTSTP]: 'Stopped',
    [SIGTTIN]: 'Stopped (tty input)',
    [SIGTTOU]: 'Stopped (tty output)',
    [SIGXCPU]: 'CPU time limit exceeded',
    [SIGXFSZ]: 'File size limit exceeded',
    [SIGSYS]: 'Bad system call',
  };
  return d[signo] ?? `Real-time signal ${signo - 34}`;
}
