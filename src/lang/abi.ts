// The seams between mini-C (compiler, CPU, libc) and the kernel.
//
//   compile(source)  -> Program           (src/lang/compile.ts)
//   kernel loader    -> Image             (user: src/kernel/mm/exec.ts; kthreads: kernel memory)
//   CPU              -> runs a thread's Regs against a Memory and a Sys
//   libc             -> C library in user space; enters the kernel through Sys.syscall
//
// The kernel never looks inside Regs except through the functions of
// src/lang/cpu.ts; the CPU never looks inside the kernel except through Sys
// and Memory.

/** A compiled mini-C program: what an ELF file on disk would hold. */
export interface Program {
  /** Path of the executable in the simulated filesystem, shown in /proc/PID/maps. */
  path: string;
  /** comm after exec: basename of path, at most 15 characters. */
  comm: string;
  /** Source lines, 0-based array (line N is source[N-1]). */
  source: string[];
  /** Bytecode; the CPU's instruction set is private to src/lang. */
  code: Int32Array;
  /** Constant pool for values that do not fit an Int32 operand. */
  consts: number[];
  /** Functions; `main` (if any) and every function usable as a thread, handler or kthread body. */
  functions: FunctionInfo[];
  /** Size in bytes of .text: 4 bytes per code word, so pc p lives at textBase + 4 * p. */
  textSize: number;
  /** Initial bytes of .rodata (string literals, const globals). */
  rodata: Uint8Array;
  /** Initial bytes of .data (initialised globals). */
  data: Uint8Array;
  /** Size in bytes of .bss (zero-initialised globals). */
  bssSize: number;
  /** Global symbols, for `nm`-like views and for levels that name a variable. */
  symbols: SymbolInfo[];
  /** Source line of the instruction at pc (0 if none). */
  lineOf(pc: number): number;
}

export interface FunctionInfo {
  name: string;
  /** pc of the first instruction. */
  entry: number;
  /** Number of parameters. */
  arity: number;
  /** Line of the definition. */
  line: number;
}

export interface SymbolInfo {
  name: string;
  section: 'text' | 'rodata' | 'data' | 'bss';
  /** Offset from the start of its section. */
  offset: number;
  size: number;
  /** C type as written, e.g. "int", "char[64]", "int *". */
  type: string;
}

/**
 * Where a Program was loaded. A user image is laid out by exec like a PIE
 * ELF (see src/kernel/mm/exec.ts); a kthread image lives in kernel memory.
 */
export interface Image {
  prog: Program;
  textBase: number;
  rodataBase: number;
  dataBase: number;
  bssBase: number;
  /**
   * Base of libc's writable data (its .data/.bss): libc keeps the stdout
   * FILE and malloc's state there, in simulated memory, so fork copies them
   * (copy-on-write) exactly as it copies glibc's. 0 for kthread images.
   */
  libcDataBase: number;
  /** Size in bytes of that libc data area. */
  libcDataSize: number;
}

/**
 * A failed memory access or arithmetic trap: thrown by Memory (after the
 * page-fault handler decided the access cannot be satisfied) or by the CPU
 * (integer division by zero). Nothing is queued yet: the kernel turns it
 * into force_sig_fault(signo, code, addr).
 */
export class UserFault extends Error {
  constructor(
    readonly signo: number,
    /** si_code: SEGV_MAPERR, SEGV_ACCERR, FPE_INTDIV, ... */
    readonly code: number,
    /** si_addr: the faulting data address, or the instruction address for SIGFPE. */
    readonly addr: number,
    /** What was attempted: 'r' read, 'w' write, 'x' instruction fetch, '' for traps. */
    readonly access: 'r' | 'w' | 'x' | '',
  ) {
    super(`fault signo=${signo} code=${code} addr=0x${addr.toString(16)} access=${access}`);
  }
}

/**
 * Memory as the running thread sees it. For a user task this is the MMU
 * bound to the task's mm and to the CPU's TLB: every access is translated,
 * may fault (demand paging, COW) and may throw UserFault. Values are JS
 * numbers: 8-byte values are exact within ±2^53 (every user address is).
 */
export interface Memory {
  load8(addr: number): number; // signed char
  load8u(addr: number): number;
  load16(addr: number): number;
  load16u(addr: number): number;
  load32(addr: number): number; // int
  load32u(addr: number): number; // unsigned int
  load64(addr: number): number; // long, pointers
  store8(addr: number, v: number): void;
  store16(addr: number, v: number): void;
  store32(addr: number, v: number): void;
  store64(addr: number, v: number): void;
  /** Instruction fetch at a text address (checks VM_EXEC / NX). */
  fetch(addr: number): void;
}

/** Returned by a syscall or a native to mean: stop this thread now, leave
 * its pc on the call, and make the call again when the thread next runs
 * (the call blocked, or a signal must be delivered first: -ERESTARTSYS). */
export const RETRY: unique symbol = Symbol('RETRY');
export type Retry = typeof RETRY;

/** Returned by a native when this thread context is finished: the thread
 * exited (exit, exit_group, pthread_exit) or execve replaced its image (the
 * kernel has given the task new Regs). */
export const GONE: unique symbol = Symbol('GONE');
export type Gone = typeof GONE;

/**
 * The kernel as user space sees it: the running thread's system calls.
 * One Sys is bound to the task on the CPU.
 */
export interface Sys {
  /**
   * A system call by its Linux x86-64 name (clone, clone3, vfork, execve,
   * exit, exit_group, wait4, kill, tgkill, rt_sigaction, rt_sigprocmask,
   * rt_sigreturn, pause, clock_nanosleep, getpid, getppid, gettid, write,
   * brk, mmap, munmap, mprotect, prctl, futex, sched_yield, ...). Arguments
   * are the registers of the syscall ABI; pointers are user addresses the
   * kernel reads and writes through the task's mm. Returns the result, or a
   * negative errno, RETRY (see above), or GONE (the thread exited).
   */
  syscall(name: string, args: number[]): number | Retry | Gone;
  /**
   * Kernel-thread services, for kthread bodies only (kthread_should_stop,
   * set_current_state, schedule, wake_up_process, msleep, ...): called by
   * name like syscalls, without the syscall entry (no strace line).
   */
  kcall(name: string, args: number[]): number | Retry | Gone;
  /** Set by the kernel when the thread must stop at the next opportunity
   * (need_resched, or a signal became pending). The CPU checks it after
   * every native call and stops with RunStop.Resched. */
  needResched: boolean;
  /** Set by the CPU before each native call: the statements this run has
   * executed so far, so the kernel knows the time within the CPU's slice. */
  stmts?: number;
  /** printk from a kthread body: a line in the kernel log (dmesg). */
  printk(text: string): void;
}

/** Why CPU.run returned. */
export enum RunStop {
  /** The statement budget is spent (a preemption point). */
  Budget = 0,
  /** A native returned RETRY: pc stays on the call. */
  Retry = 1,
  /** The thread exited inside a native (exit, exit_group, pthread_exit, do_exit). */
  Gone = 2,
  /** A signal handler returned: the kernel runs rt_sigreturn (restoring
   * the blocked mask) and calls cpu.popSignalFrame. */
  SigReturn = 4,
  /** A UserFault was raised; pc stays on the faulting instruction. */
  Fault = 5,
  /** sys.needResched was set after a native call returned. */
  Resched = 6,
}

export interface RunResult {
  stop: RunStop;
  /** Statements executed (each costs NSEC_PER_STMT of CPU time). */
  stmts: number;
  /** For RunStop.Fault. */
  fault: UserFault | null;
}

// When a thread's entry function returns, the CPU itself makes the call that
// real start-up code makes, so the kernel sees only system calls:
//   main      -> libc exit(value)          (__libc_start_main)
//   a thread  -> libc pthread_exit(value)   (glibc start_thread)
//   a kthread -> kcall('do_exit', value)    (linux: kernel/kthread.c kthread())

/** A thread's saved user context (pc, stack and frame pointers, the
 * operand stack, call frames, errno, signal frames). Private to src/lang;
 * the kernel holds one per task and uses the Cpu functions below on it. */
export interface Regs {
  readonly image: Image;
}

export type EntryKind = 'main' | 'thread' | 'kthread';

/** What src/lang/cpu.ts provides to the kernel. */
/** What setup_rt_frame copies into the user's siginfo_t (the kernel's struct kernel_siginfo). */
export interface FrameSigInfo {
  signo: number;
  code: number; // si_code
  pid: number; // sender, or the child (SIGCHLD)
  uid: number;
  addr: number; // the faulting address (SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGTRAP raised by the kernel)
  status: number; // SIGCHLD: exit code or signal
  utime?: number; // SIGCHLD: the child's user CPU time, clock ticks
  stime?: number; // SIGCHLD: its system CPU time, clock ticks
}

export interface Cpu {
  /** A fresh context that will call the function at text address `fn` with
   * `args` on the stack whose top is `sp`: main(argc, argv, envp) after
   * execve, or a kthread body threadfn(data). */
  entryRegs(image: Image, fn: number, args: number[], sp: number, kind: EntryKind): Regs;
  /** copy_thread: the child's context for clone/fork/vfork. `regs` are
   * stopped on the native call that entered the kernel; the copy goes on
   * in that call, whose system call returns `retval` in it. With `stack` (clone with a
   * new stack, i.e. pthread_create) the CPU starts the child as that native
   * requires instead (pthread_create: the start routine on the new stack). */
  copyThread(regs: Regs, retval: number, stack?: number): Regs;
  /** Runs at most `budget` statements. */
  run(regs: Regs, mem: Memory, sys: Sys, budget: number): RunResult;
  /** setup_rt_frame: calls the handler at `handler` with `signo` as if the
   * interrupted code had called it; writes the frame on the user stack
   * (may throw UserFault, and then the kernel forces SIGSEGV). With `info`
   * (an SA_SIGINFO handler) the frame holds the siginfo_t and the handler
   * gets (signo, &info, &uc). */
  pushSignalFrame(regs: Regs, mem: Memory, handler: number, signo: number, info?: FrameSigInfo | null): void;
  /** rt_sigreturn: back to the context the last pushSignalFrame saved. */
  popSignalFrame(regs: Regs, mem: Memory): void;
  /** Current source line (1-based; 0 before the first statement). */
  line(regs: Regs): number;
  /** Instruction pointer: text address of the current instruction. */
  ip(regs: Regs): number;
  /** User stack pointer. */
  sp(regs: Regs): number;
  /** Innermost first: function name and line of each active call. */
  backtrace(regs: Regs): { fn: string; line: number }[];
}

/** A compile error: every diagnostic has a 1-based line and column. */
export interface Diagnostic {
  line: number;
  col: number;
  /** 'unsupported': valid C outside the kernlab subset. */
  kind: 'error' | 'unsupported';
  message: string;
}

export class CompileError extends Error {
  constructor(
    readonly path: string,
    readonly diagnostics: Diagnostic[],
  ) {
    super(
      diagnostics
        .map((d) => `${path}:${d.line}:${d.col}: ${d.kind === 'unsupported' ? 'not supported in kernlab C' : 'error'}: ${d.message}`)
        .join('\n'),
    );
  }
}
