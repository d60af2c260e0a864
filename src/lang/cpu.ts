// The CPU the kernel drives: implements abi.ts's Cpu on ThreadRegs.
//
//   entryRegs      start-up: main(argc, argv, envp), a kthread body, a thread
//   copyThread     fork/vfork/clone: the child returns from the same call
//   run            the instruction loop (interp.ts), after any pending entry
//   push/popSignalFrame   setup_rt_frame / rt_sigreturn
//
// Start-up code the CPU performs itself, as ld.so and __libc_start_main
// would: relocations of pointers in .data (R_X86_64_RELATIVE), libc's
// initial data (the standard streams, environ), and the call of the entry
// function with a return address that leads to exit(), pthread_exit() or
// do_exit().

import { GONE, RunStop, UserFault, type Cpu, type EntryKind, type FrameSigInfo, type Image, type Memory, type Regs, type RunResult, type Sys } from './abi';
import { execute } from './interp';
import { EF_CXA, EF_FLAVOR, EFL_FNS, EFL_IDX, ENVIRON, EXIT_FUNCS, EXIT_INITIAL, INITIALIZED, MAIN_PD, NTHREADS, PD_ROBUST_HEAD, PD_RSEQ, PD_SIGMASK, PROGNAME, RSEQ_SIG, SP_ARG, SP_FN, SP_PD } from './libc/layout';
import { nativeDecls } from './libc/decls';
import { ctxFor, Stop, sys as syscall } from './libc/native';
import { initStdio } from './libc/stdio';
import { Op } from './interp';
import type { CompiledProgram } from './program';
import { callFrame, FRAME_WORDS, FR_FN, FR_RET, ThreadRegs, type PendingEntry } from './regs';
import { SEGV_MAPERR, SIGSEGV, SIG_SETMASK } from '../kernel/uapi/signal';

export { LIBC_DATA_SIZE } from './libc/layout';

/** Size of the signal frame written on the user stack (struct rt_sigframe with the FPU state). */
export const SIGFRAME_SIZE = 0x440;
const REDZONE = 128; // x86-64: the 128 bytes below sp belong to the interrupted function
// Offsets in struct rt_sigframe: pretcode, then uc (uc_flags, uc_link, uc_stack), then uc_mcontext.
const UC_MCONTEXT = 8 + 40;
const SC_RBP = 80;
const SC_RSP = 120;
const SC_RIP = 128;
// struct ucontext is 304 bytes (flags, link, stack_t, sigcontext, sigmask): the siginfo follows it.
const INFO = 8 + 304;
const SIGINFO_SIZE = 128;
/** Signals whose kernel-raised siginfo carries si_addr (the _sigfault union member). */
const FAULT_SIGNALS = new Set([4, 5, 7, 8, 11]); // SIGILL SIGTRAP SIGBUS SIGFPE SIGSEGV
const SIGCHLD = 17;

/** linux: copy_siginfo_to_user — the 128-byte siginfo_t, its union member chosen by signal and si_code. */
function writeSiginfo(mem: Memory, at: number, info: FrameSigInfo): void {
  for (let i = 0; i < SIGINFO_SIZE; i += 8) mem.store64(at + i, 0);
  mem.store32(at, info.signo);
  mem.store32(at + 8, info.code);
  if (info.code > 0 && FAULT_SIGNALS.has(info.signo)) {
    mem.store64(at + 16, info.addr); // si_addr
    return;
  }
  mem.store32(at + 16, info.pid); // si_pid
  mem.store32(at + 20, info.uid); // si_uid
  if (info.signo === SIGCHLD && info.code > 0) {
    mem.store32(at + 24, info.status); // si_status
    mem.store64(at + 32, info.utime ?? 0); // si_utime
    mem.store64(at + 40, info.stime ?? 0); // si_stime
  }
}

/** Kthread images whose relocations were applied (they have no libc data to remember it). */
const started = new WeakSet<Image>();

function fnIndexAt(prog: CompiledProgram, image: Image, addr: number): number {
  const pc = (addr - image.textBase) / 4;
  const fi = prog.fnAtPc.get(pc);
  return fi === undefined ? -1 : fi;
}

/**
 * ld.so's R_X86_64_RELATIVE processing and libc's static data, once per
 * address space: a user image remembers it in libc's data (so a second
 * exec of the same program relocates its own copy); a kthread image, which
 * has no libc data, in a JS set.
 */
function startImage(r: ThreadRegs, mem: Memory, argv: number, envp: number): void {
  const img = r.image;
  const lb = img.libcDataBase;
  if (lb ? mem.load32(lb + INITIALIZED) !== 0 : started.has(img)) return;
  const prog = r.prog;
  const base = { text: img.textBase, rodata: img.rodataBase, data: img.dataBase, bss: img.bssBase };
  for (const rel of prog.relocs) mem.store64(img.dataBase + rel.at, base[rel.target] + rel.addend);
  if (lb) {
    initStdio(mem, lb);
    mem.store64(lb + ENVIRON, envp);
    // __progname: points into argv[0] after its last '/'
    const a0 = argv ? mem.load64(argv) : 0;
    let name = a0;
    for (let p = a0; a0 && p < a0 + 4096; p++) {
      const b = mem.load8u(p);
      if (b === 0) break;
      if (b === 47) name = p + 1;
    }
    mem.store64(lb + PROGNAME, name);
    mem.store32(lb + NTHREADS, 1);
    // __libc_start_main's __cxa_atexit(rtld_fini): ld.so's _dl_fini is the first exit handler.
    mem.store64(lb + EXIT_FUNCS, lb + EXIT_INITIAL);
    mem.store64(lb + EXIT_INITIAL + EFL_IDX, 1);
    mem.store64(lb + EXIT_INITIAL + EFL_FNS + EF_FLAVOR, EF_CXA);
    mem.store32(lb + INITIALIZED, 1);
  } else started.add(img);
}

/** Makes the pending entry call. Returns a RunResult if the thread cannot start. */
function enter(r: ThreadRegs, mem: Memory, sys: Sys, p: PendingEntry): RunResult | null {
  const prog = r.prog;
  const img = r.image;
  let fn = p.fn;
  let args = p.args;
  let retPc: number;
  if (r.kind === 'main') {
    startImage(r, mem, args[1] ?? 0, args[2] ?? 0);
    r.tls = img.libcDataBase ? img.libcDataBase + MAIN_PD : 0;
    retPc = prog.crtMainExit;
  } else if (r.kind === 'kthread') {
    startImage(r, mem, 0, 0);
    retPc = prog.crtKthreadExit;
  } else {
    retPc = prog.crtThreadExit;
    if (fn === 0) {
      // A pthread: glibc's start_thread reads the start routine from the descriptor.
      fn = mem.load64(r.sp + SP_FN);
      args = [mem.load64(r.sp + SP_ARG)];
      const pd = mem.load64(r.sp + SP_PD);
      // It registers its rseq area and its robust-futex list, then restores the
      // creator's signal mask (pthread_create blocked everything around clone3).
      const c = ctxFor(r, mem, sys);
      try {
        syscall(c, 'rseq', [pd + PD_RSEQ, 32, 0, RSEQ_SIG]);
        syscall(c, 'set_robust_list', [pd + PD_ROBUST_HEAD, 24]);
        syscall(c, 'rt_sigprocmask', [SIG_SETMASK, pd + PD_SIGMASK, 0, 8]);
      } catch (e) {
        if (!(e instanceof Stop)) throw e;
        return { stop: e.result === GONE ? RunStop.Gone : RunStop.Retry, stmts: 0, fault: null };
      }
      r.journal = null;
      r.tls = pd;
    }
  }
  const fi = fnIndexAt(prog, img, fn);
  if (fi < 0) {
    mem.fetch(fn); // not code at all: SIGSEGV
    throw new UserFault(SIGSEGV, SEGV_MAPERR, fn, 'x');
  }
  callFrame(r, mem, fi, args, retPc, img.textBase + 4 * retPc, r.sp);
  r.pending = null;
  return null;
}

export const cpu: Cpu = {
  entryRegs(image: Image, fn: number, args: number[], sp: number, kind: EntryKind): Regs {
    const r = new ThreadRegs(image, sp, kind);
    if (fnIndexAt(r.prog, image, fn) < 0) throw new Error(`kernlab: entryRegs: 0x${fn.toString(16)} is not a function of ${image.prog.path}`);
    r.pending = { fn, args: [...args] };
    r.pc = r.prog.frames[fnIndexAt(r.prog, image, fn)].entry;
    return r;
  },

  // linux: arch/x86/kernel/process.c copy_thread (the child's user registers)
  copyThread(regs: Regs, retval: number, stack?: number): Regs {
    const r = regs as ThreadRegs;
    if (stack !== undefined) {
      // clone with a new stack (pthread_create): the child starts the start routine found at the top of it.
      const c = new ThreadRegs(r.image, stack, 'thread');
      c.pending = { fn: 0, args: [] };
      c.pc = r.pc;
      return c;
    }
    const code = r.prog.code;
    if (code[r.pc] !== Op.CALLN) throw new Error('kernlab: copyThread: the thread is not stopped in a library call');
    // The child is in the same library call (fork, vfork), which goes on in
    // it after the clone: its journal holds the calls made so far and the
    // clone's result, 0, so the call replays them and carries on (glibc's
    // _Fork re-registers the robust list in the child).
    const c = r.clone();
    c.journal = [...(r.journal ?? []), retval];
    return c;
  },

  run(regs: Regs, mem: Memory, sys: Sys, budget: number): RunResult {
    const r = regs as ThreadRegs;
    if (r.pending) {
      try {
        const early = enter(r, mem, sys, r.pending);
        if (early) return early;
      } catch (e) {
        if (!(e instanceof UserFault)) throw e;
        return { stop: RunStop.Fault, stmts: 0, fault: e };
      }
    }
    return execute(r, mem, sys, budget);
  },

  // linux: arch/x86/kernel/signal.c setup_rt_frame, get_sigframe
  pushSignalFrame(regs: Regs, mem: Memory, handler: number, signo: number, info?: FrameSigInfo | null): void {
    const r = regs as ThreadRegs;
    const prog = r.prog;
    const img = r.image;
    const restorer = img.textBase + 4 * prog.crtSigreturn;
    // A handler at the sigreturn stub itself (what libc installs for
    // SIGSETXID) returns at once: the frame is set up, then rt_sigreturn.
    const fi = handler === restorer ? -2 : fnIndexAt(prog, img, handler);
    if (fi === -1) {
      mem.fetch(handler); // a handler address that is not code: SIGSEGV
      throw new UserFault(SIGSEGV, SEGV_MAPERR, handler, 'x');
    }
    // get_sigframe: skip the red zone, room for the frame, 16-byte aligned minus the return address slot.
    const frame = Math.floor((r.sp - REDZONE - SIGFRAME_SIZE) / 16) * 16 - 8;
    const ip = img.textBase + 4 * r.pc;
    mem.store64(frame + UC_MCONTEXT + SC_RIP, ip);
    mem.store64(frame + UC_MCONTEXT + SC_RSP, r.sp);
    mem.store64(frame + UC_MCONTEXT + SC_RBP, r.fp);
    if (info) writeSiginfo(mem, frame + INFO, info);
    const saved = {
      pc: r.pc,
      osp: r.osp,
      fp: r.fp,
      sp: r.sp,
      fd: r.fd,
      pending: r.pending,
      journal: r.journal,
      signo,
    };
    // The handler is called as if by the restorer's caller: its return address (pretcode) is at `frame`.
    // rdi = signo, rsi = &frame->info, rdx = &frame->uc (set for every handler; info is filled only for SA_SIGINFO).
    if (fi >= 0) callFrame(r, mem, fi, [signo, frame + INFO, frame + 8], prog.crtSigreturn, restorer, frame + 8);
    else {
      r.sp = frame;
      r.pc = prog.crtSigreturn;
    }
    r.sigframes.push(saved);
    r.pending = null;
    r.journal = null;
  },

  // linux: arch/x86/kernel/signal.c sys_rt_sigreturn (the register part)
  popSignalFrame(regs: Regs, mem: Memory): void {
    void mem;
    const r = regs as ThreadRegs;
    const f = r.sigframes.pop();
    if (!f) throw new Error('kernlab: rt_sigreturn without a signal frame');
    r.pc = f.pc;
    r.osp = f.osp;
    r.fp = f.fp;
    r.sp = f.sp;
    r.fd = f.fd;
    r.pending = f.pending;
    r.journal = f.journal;
  },

  line(regs: Regs): number {
    const r = regs as ThreadRegs;
    if (r.pending && r.fd === 0) return 0;
    return r.prog.lineOf(r.pc);
  },

  ip(regs: Regs): number {
    const r = regs as ThreadRegs;
    return r.image.textBase + 4 * r.pc;
  },

  sp(regs: Regs): number {
    return (regs as ThreadRegs).sp;
  },

  backtrace(regs: Regs): { fn: string; line: number }[] {
    const r = regs as ThreadRegs;
    const prog = r.prog;
    const out: { fn: string; line: number }[] = [];
    if (r.pending && r.fd === 0) return out;
    let pc = r.pc;
    if (prog.code[pc] === Op.CALLN) out.push({ fn: nativeName(prog.code[pc + 1]), line: 0 });
    let sig = r.sigframes.length - 1;
    for (let fd = r.fd - FRAME_WORDS; fd >= 0; fd -= FRAME_WORDS) {
      const fi = r.frames[fd + FR_FN];
      out.push({ fn: prog.functions[fi].name, line: prog.lineOf(pc) });
      const ret = r.frames[fd + FR_RET];
      if (ret === prog.crtSigreturn && sig >= 0) {
        out.push({ fn: '<signal handler called>', line: 0 });
        pc = r.sigframes[sig--].pc;
        if (prog.code[pc] === Op.CALLN) out.push({ fn: nativeName(prog.code[pc + 1]), line: 0 });
        continue;
      }
      if (ret === prog.crtExitNext || ret === prog.crtQsortNext) {
        // Called by the library (an atexit handler, a comparator): the library's caller is not recorded.
        out.push({ fn: ret === prog.crtExitNext ? 'exit' : 'qsort', line: 0 });
        break;
      }
      if (ret === prog.crtMainExit || ret === prog.crtThreadExit || ret === prog.crtKthreadExit) break;
      pc = ret - 1;
    }
    return out;
  },
};

function nativeName(i: number): string {
  return nativeDecls()[i]?.name ?? '?';
}
