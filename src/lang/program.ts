// A compiled program: the public Program of abi.ts plus what the CPU needs
// (function frames, relocations, switch tables, the start-up stubs).

import type { FunctionInfo, Program, SymbolInfo } from './abi';

/** A pointer in .data to patch at start-up, as ld.so applies R_X86_64_RELATIVE. */
export interface Reloc {
  at: number; // offset in .data of the 8-byte slot
  target: 'text' | 'rodata' | 'data' | 'bss'; // section the pointer points into
  addend: number; // offset in that section
}

/** A switch statement's jump table. */
export interface SwitchTable {
  targets: Map<number, number>; // case value -> pc
  dflt: number; // pc of default (or of the end of the switch)
}

/** Frame layout of one function, for CALL. */
export interface FrameInfo {
  entry: number; // pc of the first instruction
  frameSize: number; // bytes of locals below fp (multiple of 16)
  nparams: number;
  paramOff: Int32Array; // fp-relative offset of each parameter
  paramSize: Int32Array; // store width of each parameter (1, 2, 4, 8)
  maxStack: number; // operand-stack slots the body may use
  end: number; // pc just after the function
}

export class CompiledProgram implements Program {
  comm: string;
  textSize: number;

  constructor(
    readonly path: string, // simulated executable path
    readonly source: string[], // source lines
    readonly code: Int32Array, // bytecode
    readonly lines: Int32Array, // source line of each code word
    readonly consts: number[], // constant pool
    readonly functions: FunctionInfo[], // public function list
    readonly frames: FrameInfo[], // same order as functions
    readonly rodata: Uint8Array,
    readonly data: Uint8Array,
    readonly bssSize: number,
    readonly symbols: SymbolInfo[],
    readonly relocs: Reloc[], // pointers in .data to relocate at start-up
    readonly switches: SwitchTable[], // SWITCH operands
    readonly crtMainExit: number, // pc: exit(main's value)
    readonly crtThreadExit: number, // pc: pthread_exit(start routine's value)
    readonly crtKthreadExit: number, // pc: do_exit(threadfn's value)
    readonly crtSigreturn: number, // pc: a handler's return address (the "restorer")
    readonly crtExitNext: number, // pc: an atexit handler's return address (__run_exit_handlers goes on)
    readonly crtQsortNext: number, // pc: a qsort comparator's return address (the merge goes on)
    readonly fnAtPc: Map<number, number>, // entry pc -> function index
  ) {
    const slash = path.lastIndexOf('/');
    this.comm = path.slice(slash + 1).slice(0, 15); // TASK_COMM_LEN - 1
    this.textSize = 4 * code.length;
  }

  lineOf(pc: number): number {
    return pc >= 0 && pc < this.lines.length ? this.lines[pc] : 0;
  }

  /** Index of the function containing pc, or -1 (start-up stubs). */
  functionAt(pc: number): number {
    for (let i = 0; i < this.frames.length; i++) {
      if (pc >= this.frames[i].entry && pc < this.frames[i].end) return i;
    }
    return -1;
  }
}
