// A thread's saved user context: what x86-64 keeps in registers (rip, rsp,
// rbp), plus the interpreter's operand stack and call frames. The kernel
// holds one per task and only touches it through the Cpu of cpu.ts.

import type { EntryKind, Image, Memory, Regs } from './abi';
import { st64 } from './intops';
import type { CompiledProgram } from './program';

/** Words per call frame in ThreadRegs.frames. */
export const FRAME_WORDS = 5;
// Layout of one call frame:
export const FR_RET = 0; // pc to return to
export const FR_FP = 1; // the caller's frame pointer (also saved in memory at fp)
export const FR_FN = 2; // index of the called function
export const FR_SP = 3; // the caller's sp before the call (sp after `ret`)
export const FR_OSP = 4; // operand-stack height to return to (arguments popped)

/** A call the CPU makes itself before the first instruction (start-up code). */
export interface PendingEntry {
  fn: number; // text address of the function, or 0 to read it from the new stack (a pthread)
  args: number[]; // its arguments (for a pthread: read from the stack too)
}

/** Context saved by pushSignalFrame, restored by popSignalFrame. */
export interface SigFrame {
  pc: number;
  osp: number;
  fp: number;
  sp: number;
  fd: number; // call-frame depth (in words)
  pending: PendingEntry | null;
  journal: number[] | null;
  signo: number; // the signal being handled, for backtraces
}

export class ThreadRegs implements Regs {
  readonly prog: CompiledProgram; // image.prog, typed
  pc = 0; // index into prog.code of the next instruction
  fp = 0; // frame pointer (rbp): simulated address
  osp = 0; // operand-stack height
  stack: Float64Array; // operand stack: the CPU's scratch registers
  frames: Float64Array; // call frames, FRAME_WORDS each
  fd = 0; // words of `frames` in use
  sigframes: SigFrame[] = []; // innermost last
  errno = 0; // this thread's errno (a TLS variable in glibc)
  tls = 0; // pthread_self(): address of this thread's descriptor
  pending: PendingEntry | null = null; // entry not made yet
  journal: number[] | null = null; // results of the syscalls made by the library call in progress (see libc/native.ts)

  constructor(
    readonly image: Image, // where the program is loaded
    public sp: number, // stack pointer (rsp): simulated address
    readonly kind: EntryKind, // what happens when the entry function returns
  ) {
    this.prog = image.prog as CompiledProgram;
    this.stack = new Float64Array(256);
    this.frames = new Float64Array(64 * FRAME_WORDS);
  }

  /** A deep copy (fork, vfork): independent operand stack, frames, signal frames. */
  clone(): ThreadRegs {
    const c = new ThreadRegs(this.image, this.sp, this.kind);
    c.pc = this.pc;
    c.fp = this.fp;
    c.osp = this.osp;
    c.stack = this.stack.slice();
    c.frames = this.frames.slice();
    c.fd = this.fd;
    c.sigframes = this.sigframes.map((f) => ({ ...f, pending: f.pending && { ...f.pending, args: [...f.pending.args] }, journal: f.journal && [...f.journal] }));
    c.errno = this.errno;
    c.tls = this.tls;
    c.pending = this.pending && { ...this.pending, args: [...this.pending.args] };
    return c;
  }
}

/** Pushes a call frame for function fi with args, as CALL does; memory first, then state. */
export function callFrame(r: ThreadRegs, mem: Memory, fi: number, args: number[], retPc: number, retAddr: number, sp: number): void {
  const prog = r.prog;
  const f = prog.frames[fi];
  const nfp = sp - 16;
  mem.store64(sp - 8, retAddr);
  mem.store64(nfp, r.fp);
  for (let i = 0; i < f.nparams; i++) {
    const v = args[i] ?? 0;
    const a = nfp + f.paramOff[i];
    switch (f.paramSize[i]) {
      case 1:
        mem.store8(a, v);
        break;
      case 2:
        mem.store16(a, v);
        break;
      case 4:
        mem.store32(a, v);
        break;
      default:
        st64(mem, a, v);
    }
  }
  if (r.fd + FRAME_WORDS > r.frames.length) {
    const g = new Float64Array(r.frames.length * 2);
    g.set(r.frames);
    r.frames = g;
  }
  const fr = r.frames;
  fr[r.fd] = retPc;
  fr[r.fd + 1] = r.fp;
  fr[r.fd + 2] = fi;
  fr[r.fd + 3] = sp;
  fr[r.fd + 4] = r.osp;
  r.fd += FRAME_WORDS;
  r.fp = nfp;
  r.sp = nfp - f.frameSize;
  r.pc = f.entry;
  if (r.osp + f.maxStack > r.stack.length) {
    const g = new Float64Array(Math.max(r.stack.length * 2, r.osp + f.maxStack));
    g.set(r.stack);
    r.stack = g;
  }
}
