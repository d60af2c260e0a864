// The instruction set and the CPU's execution loop.
//
// A flat loop over one big switch, with the hot state (pc, operand stack
// pointer, fp, sp) in locals, written back to the ThreadRegs when run()
// returns and before every library call. Operand-stack values are the
// CPU's registers; every variable lives in simulated memory and is loaded
// and stored through Memory (the MMU) with the width of its type.
//
// Cost model: one STMT marker starts every statement and every evaluation
// of a loop condition; each counts one statement against the budget, and
// one statement is 1 µs of simulated CPU time (param.ts STMTS_PER_TICK).
//
// Faults: Memory may throw UserFault. Each instruction does all its memory
// accesses before it changes any state (pc, the operand stack pointer, fp,
// sp, frames), so on a fault the CPU just puts pc back on the instruction:
// it is restartable, as on x86 (a SIGSEGV handler that returns re-executes it).

import { GONE, RETRY, RunStop, UserFault, type Memory, type RunResult, type Sys } from './abi';
import { add64, and64, cmpu64, div64, divu64, INT64_MIN, mod64, modu64, mul64, or64, sar64, shl64, shr64, st64, sub64, xor64 } from './intops';
import { NATIVES } from './libc';
import { CALLED, ctxFor, Stop, type NativeResult } from './libc/native';
import { FRAME_WORDS, type ThreadRegs } from './regs';
import { FPE_INTDIV, SEGV_ACCERR, SIGFPE, SIGSEGV } from '../kernel/uapi/signal';

const ILL_ILLOPN = 2; // si_code: illegal operand
const SIGILL = 4;

/** Bytecode opcodes. Operands follow the opcode word; see opcodes.ts. */
export const enum Op {
  NOP = 0,
  STMT, // statement marker: budget, instruction fetch
  JMP, // t: pc = t
  JZ, // t: pop v; if v == 0 jump
  JNZ, // t: pop v; if v != 0 jump
  SWITCH, // tbl: pop v; jump by the program's switch table
  PUSHI, // v: push int32 immediate
  PUSHK, // k: push consts[k]
  POP,
  DUP,
  LADDR, // off: push fp + off
  RADDR, // off: push rodataBase + off
  DADDR, // off: push dataBase + off
  BADDR, // off: push bssBase + off
  FADDR, // fn: push textBase + 4 * entry(fn)
  LIBC, // off: push libcDataBase + off
  LD8, // addr -> value (signed char)
  LD8U,
  LD16,
  LD16U,
  LD32,
  LD32U,
  LD64,
  ST8, // addr value ->
  ST16,
  ST32,
  ST64,
  STK8, // addr value -> value
  STK16,
  STK32,
  STK64,
  LDL8, // off: -> load(fp + off)
  LDL8U,
  LDL16,
  LDL16U,
  LDL32,
  LDL32U,
  LDL64,
  STL8, // off: value ->   store(fp + off)
  STL16,
  STL32,
  STL64,
  STLK8, // off: value -> value
  STLK16,
  STLK32,
  STLK64,
  ADD32,
  ADDU32,
  ADD64,
  SUB32,
  SUBU32,
  SUB64,
  MUL32,
  MULU32,
  MUL64,
  DIV32,
  DIVU32,
  DIV64,
  DIVU64,
  MOD32,
  MODU32,
  MOD64,
  MODU64,
  AND32,
  ANDU32,
  AND64,
  OR32,
  ORU32,
  OR64,
  XOR32,
  XORU32,
  XOR64,
  SHL32,
  SHLU32,
  SHL64,
  SAR32,
  SHR32,
  SAR64,
  SHR64,
  NEG32,
  NEGU32,
  NEG64,
  NOT32,
  NOTU32,
  NOT64,
  LNOT,
  EQ,
  NE,
  LT,
  LE,
  GT,
  GE,
  LTU64,
  LEU64,
  GTU64,
  GEU64,
  SEXT8,
  ZEXT8,
  SEXT16,
  ZEXT16,
  TOI32,
  TOU32,
  TOBOOL,
  TOI64,
  ADDP, // a b -> a + b (addresses)
  IDX, // size: base i -> base + i * size
  PDIFF, // size: a b -> (a - b) / size
  INCL, // acc off delta: local += delta (no value)
  INC, // acc delta: addr -> new value
  PINC, // acc delta: addr -> old value
  CALL, // fn
  CALLI, // argc: args... fnaddr -> result
  CALLN, // native argc: args... -> result
  RET, // value -> (to the caller)
  GETERRNO,
  SETERRNO,
  SETERRNOK,
  MEMCPY, // n: dst src ->
  MEMSET, // n: dst -> (zero)
  SIGRET, // a signal handler returned: stop for rt_sigreturn
  TRAP, // unreachable
  JZLT, // t: a b -> ; jump unless a < b
  JZLE,
  JZGT,
  JZGE,
  JZEQ,
  JZNE,
}

/**
 * A 64-bit store. The number nearest to LONG_MAX is 2^63, outside the int64
 * range, and a plain store would write LONG_MIN; so values >= 2^63 store
 * LONG_MAX's bytes exactly (and load back as 2^63, the same number).
 */

/** Grows a typed array to at least `need` elements (doubling). */
function grow(a: Float64Array, need: number): Float64Array {
  let n = a.length * 2;
  while (n < need) n *= 2;
  const b = new Float64Array(n);
  b.set(a);
  return b;
}

/** The value of an INC/PINC/INCL access kind after adding delta. */
function incValue(acc: number, old: number, delta: number): number {
  const v = old + delta;
  switch (acc) {
    case 0: return (v << 24) >> 24;
    case 1: return v & 0xff;
    case 2: return (v << 16) >> 16;
    case 3: return v & 0xffff;
    case 4: return v | 0;
    case 5: return v >>> 0;
    case 7: return v !== 0 ? 1 : 0;
    default: return add64(old, delta);
  }
}

function loadAcc(mem: Memory, acc: number, a: number): number {
  switch (acc) {
    case 0: return mem.load8(a);
    case 1: return mem.load8u(a);
    case 7: return mem.load8u(a);
    case 2: return mem.load16(a);
    case 3: return mem.load16u(a);
    case 4: return mem.load32(a);
    case 5: return mem.load32u(a);
    default: return mem.load64(a);
  }
}

function storeAcc(mem: Memory, acc: number, a: number, v: number): void {
  switch (acc) {
    case 0: case 1: case 7: mem.store8(a, v); return;
    case 2: case 3: mem.store16(a, v); return;
    case 4: case 5: mem.store32(a, v); return;
    default: st64(mem, a, v);
  }
}

function storeWidth(mem: Memory, w: number, a: number, v: number): void {
  switch (w) {
    case 1: mem.store8(a, v); return;
    case 2: mem.store16(a, v); return;
    case 4: mem.store32(a, v); return;
    default: st64(mem, a, v);
  }
}

/** Zeroes n bytes (aligned words where possible). */
function zero(mem: Memory, dst: number, n: number): void {
  let i = 0;
  for (; i < n && (dst + i) % 4 !== 0; i++) mem.store8(dst + i, 0);
  for (; i + 4 <= n; i += 4) mem.store32(dst + i, 0);
  for (; i < n; i++) mem.store8(dst + i, 0);
}

function copy(mem: Memory, dst: number, src: number, n: number): void {
  let i = 0;
  if (dst % 4 === src % 4) {
    for (; i < n && (dst + i) % 4 !== 0; i++) mem.store8(dst + i, mem.load8u(src + i));
    for (; i + 4 <= n; i += 4) mem.store32(dst + i, mem.load32(src + i));
  }
  for (; i < n; i++) mem.store8(dst + i, mem.load8u(src + i));
}

/**
 * Runs at most `budget` statements of the thread. The caller (cpu.run) has
 * already made any pending entry.
 */
export function execute(r: ThreadRegs, mem: Memory, sys: Sys, budget: number): RunResult {
  const prog = r.prog;
  const code = prog.code;
  const consts = prog.consts;
  const fnInfo = prog.frames;
  const img = r.image;
  const textBase = img.textBase;
  const rodataBase = img.rodataBase;
  const dataBase = img.dataBase;
  const bssBase = img.bssBase;
  const libcBase = img.libcDataBase;
  let s = r.stack;
  let fr = r.frames;
  let osp = r.osp;
  let pc = r.pc;
  let fp = r.fp;
  let sp = r.sp;
  let fd = r.fd;
  let ipc = pc;
  let stmts = 0;
  // Instruction fetches are checked once per text page while nothing else ran.
  let fetchLo = 1;
  let fetchHi = 0;
  let stop = RunStop.Budget;
  let fault: UserFault | null = null;
  const trapFpe = (): never => {
    throw new UserFault(SIGFPE, FPE_INTDIV, textBase + 4 * ipc, '');
  };

  try {
    loop: for (;;) {
      ipc = pc;
      switch (code[pc]) {
        case Op.STMT: {
          if (stmts >= budget) break loop;
          const a = textBase + 4 * pc;
          if (a < fetchLo || a >= fetchHi) {
            mem.fetch(a);
            fetchLo = a - (a % 4096);
            fetchHi = fetchLo + 4096;
          }
          stmts++;
          pc++;
          continue;
        }
        case Op.NOP:
          pc++;
          continue;
        case Op.JMP:
          pc = code[pc + 1];
          continue;
        case Op.JZ:
          pc = s[--osp] === 0 ? code[pc + 1] : pc + 2;
          continue;
        case Op.JNZ:
          pc = s[--osp] !== 0 ? code[pc + 1] : pc + 2;
          continue;
        case Op.JZLT:
          osp -= 2;
          pc = s[osp] < s[osp + 1] ? pc + 2 : code[pc + 1];
          continue;
        case Op.JZLE:
          osp -= 2;
          pc = s[osp] <= s[osp + 1] ? pc + 2 : code[pc + 1];
          continue;
        case Op.JZGT:
          osp -= 2;
          pc = s[osp] > s[osp + 1] ? pc + 2 : code[pc + 1];
          continue;
        case Op.JZGE:
          osp -= 2;
          pc = s[osp] >= s[osp + 1] ? pc + 2 : code[pc + 1];
          continue;
        case Op.JZEQ:
          osp -= 2;
          pc = s[osp] === s[osp + 1] ? pc + 2 : code[pc + 1];
          continue;
        case Op.JZNE:
          osp -= 2;
          pc = s[osp] !== s[osp + 1] ? pc + 2 : code[pc + 1];
          continue;
        case Op.SWITCH: {
          const t = prog.switches[code[pc + 1]];
          const target = t.targets.get(s[--osp]);
          pc = target === undefined ? t.dflt : target;
          continue;
        }
        case Op.PUSHI:
          s[osp++] = code[pc + 1];
          pc += 2;
          continue;
        case Op.PUSHK:
          s[osp++] = consts[code[pc + 1]];
          pc += 2;
          continue;
        case Op.POP:
          osp--;
          pc++;
          continue;
        case Op.DUP:
          s[osp] = s[osp - 1];
          osp++;
          pc++;
          continue;
        case Op.LADDR:
          s[osp++] = fp + code[pc + 1];
          pc += 2;
          continue;
        case Op.RADDR:
          s[osp++] = rodataBase + code[pc + 1];
          pc += 2;
          continue;
        case Op.DADDR:
          s[osp++] = dataBase + code[pc + 1];
          pc += 2;
          continue;
        case Op.BADDR:
          s[osp++] = bssBase + code[pc + 1];
          pc += 2;
          continue;
        case Op.FADDR:
          s[osp++] = textBase + 4 * fnInfo[code[pc + 1]].entry;
          pc += 2;
          continue;
        case Op.LIBC:
          s[osp++] = libcBase + code[pc + 1];
          pc += 2;
          continue;

        // ---- loads and stores ----
        case Op.LD8:
          s[osp - 1] = mem.load8(s[osp - 1]);
          pc++;
          continue;
        case Op.LD8U:
          s[osp - 1] = mem.load8u(s[osp - 1]);
          pc++;
          continue;
        case Op.LD16:
          s[osp - 1] = mem.load16(s[osp - 1]);
          pc++;
          continue;
        case Op.LD16U:
          s[osp - 1] = mem.load16u(s[osp - 1]);
          pc++;
          continue;
        case Op.LD32:
          s[osp - 1] = mem.load32(s[osp - 1]);
          pc++;
          continue;
        case Op.LD32U:
          s[osp - 1] = mem.load32u(s[osp - 1]);
          pc++;
          continue;
        case Op.LD64:
          s[osp - 1] = mem.load64(s[osp - 1]);
          pc++;
          continue;
        case Op.ST8:
          mem.store8(s[osp - 2], s[osp - 1]);
          osp -= 2;
          pc++;
          continue;
        case Op.ST16:
          mem.store16(s[osp - 2], s[osp - 1]);
          osp -= 2;
          pc++;
          continue;
        case Op.ST32:
          mem.store32(s[osp - 2], s[osp - 1]);
          osp -= 2;
          pc++;
          continue;
        case Op.ST64:
          st64(mem, s[osp - 2], s[osp - 1]);
          osp -= 2;
          pc++;
          continue;
        case Op.STK8:
          mem.store8(s[osp - 2], s[osp - 1]);
          s[osp - 2] = s[osp - 1];
          osp--;
          pc++;
          continue;
        case Op.STK16:
          mem.store16(s[osp - 2], s[osp - 1]);
          s[osp - 2] = s[osp - 1];
          osp--;
          pc++;
          continue;
        case Op.STK32:
          mem.store32(s[osp - 2], s[osp - 1]);
          s[osp - 2] = s[osp - 1];
          osp--;
          pc++;
          continue;
        case Op.STK64:
          st64(mem, s[osp - 2], s[osp - 1]);
          s[osp - 2] = s[osp - 1];
          osp--;
          pc++;
          continue;
        case Op.LDL8:
          s[osp] = mem.load8(fp + code[pc + 1]);
          osp++;
          pc += 2;
          continue;
        case Op.LDL8U:
          s[osp] = mem.load8u(fp + code[pc + 1]);
          osp++;
          pc += 2;
          continue;
        case Op.LDL16:
          s[osp] = mem.load16(fp + code[pc + 1]);
          osp++;
          pc += 2;
          continue;
        case Op.LDL16U:
          s[osp] = mem.load16u(fp + code[pc + 1]);
          osp++;
          pc += 2;
          continue;
        case Op.LDL32:
          s[osp] = mem.load32(fp + code[pc + 1]);
          osp++;
          pc += 2;
          continue;
        case Op.LDL32U:
          s[osp] = mem.load32u(fp + code[pc + 1]);
          osp++;
          pc += 2;
          continue;
        case Op.LDL64:
          s[osp] = mem.load64(fp + code[pc + 1]);
          osp++;
          pc += 2;
          continue;
        case Op.STL8:
          mem.store8(fp + code[pc + 1], s[osp - 1]);
          osp--;
          pc += 2;
          continue;
        case Op.STL16:
          mem.store16(fp + code[pc + 1], s[osp - 1]);
          osp--;
          pc += 2;
          continue;
        case Op.STL32:
          mem.store32(fp + code[pc + 1], s[osp - 1]);
          osp--;
          pc += 2;
          continue;
        case Op.STL64:
          st64(mem, fp + code[pc + 1], s[osp - 1]);
          osp--;
          pc += 2;
          continue;
        case Op.STLK8:
          mem.store8(fp + code[pc + 1], s[osp - 1]);
          pc += 2;
          continue;
        case Op.STLK16:
          mem.store16(fp + code[pc + 1], s[osp - 1]);
          pc += 2;
          continue;
        case Op.STLK32:
          mem.store32(fp + code[pc + 1], s[osp - 1]);
          pc += 2;
          continue;
        case Op.STLK64:
          st64(mem, fp + code[pc + 1], s[osp - 1]);
          pc += 2;
          continue;

        // ---- arithmetic ----
        case Op.ADD32:
          osp--;
          s[osp - 1] = (s[osp - 1] + s[osp]) | 0;
          pc++;
          continue;
        case Op.ADDU32:
          osp--;
          s[osp - 1] = (s[osp - 1] + s[osp]) >>> 0;
          pc++;
          continue;
        case Op.ADD64:
          osp--;
          s[osp - 1] = add64(s[osp - 1], s[osp]);
          pc++;
          continue;
        case Op.SUB32:
          osp--;
          s[osp - 1] = (s[osp - 1] - s[osp]) | 0;
          pc++;
          continue;
        case Op.SUBU32:
          osp--;
          s[osp - 1] = (s[osp - 1] - s[osp]) >>> 0;
          pc++;
          continue;
        case Op.SUB64:
          osp--;
          s[osp - 1] = sub64(s[osp - 1], s[osp]);
          pc++;
          continue;
        case Op.MUL32:
          osp--;
          s[osp - 1] = Math.imul(s[osp - 1], s[osp]);
          pc++;
          continue;
        case Op.MULU32:
          osp--;
          s[osp - 1] = Math.imul(s[osp - 1], s[osp]) >>> 0;
          pc++;
          continue;
        case Op.MUL64:
          osp--;
          s[osp - 1] = mul64(s[osp - 1], s[osp]);
          pc++;
          continue;
        case Op.DIV32:
        case Op.MOD32: {
          const b = s[osp - 1];
          const a = s[osp - 2];
          if (b === 0 || (b === -1 && a === -2147483648)) trapFpe(); // x86 idiv traps on both
          osp--;
          s[osp - 1] = code[pc] === Op.DIV32 ? (a / b) | 0 : (a % b) | 0;
          pc++;
          continue;
        }
        case Op.DIVU32:
        case Op.MODU32: {
          const b = s[osp - 1];
          const a = s[osp - 2];
          if (b === 0) trapFpe();
          osp--;
          s[osp - 1] = code[pc] === Op.DIVU32 ? (a / b) >>> 0 : a % b;
          pc++;
          continue;
        }
        case Op.DIV64:
        case Op.MOD64: {
          const b = s[osp - 1];
          const a = s[osp - 2];
          if (b === 0 || (b === -1 && a <= INT64_MIN)) trapFpe();
          osp--;
          s[osp - 1] = code[pc] === Op.DIV64 ? div64(a, b) : mod64(a, b);
          pc++;
          continue;
        }
        case Op.DIVU64:
        case Op.MODU64: {
          const b = s[osp - 1];
          const a = s[osp - 2];
          if (b === 0) trapFpe();
          osp--;
          s[osp - 1] = code[pc] === Op.DIVU64 ? divu64(a, b) : modu64(a, b);
          pc++;
          continue;
        }
        case Op.AND32:
          osp--;
          s[osp - 1] = s[osp - 1] & s[osp];
          pc++;
          continue;
        case Op.ANDU32:
          osp--;
          s[osp - 1] = (s[osp - 1] & s[osp]) >>> 0;
          pc++;
          continue;
        case Op.AND64:
          osp--;
          s[osp - 1] = and64(s[osp - 1], s[osp]);
          pc++;
          continue;
        case Op.OR32:
          osp--;
          s[osp - 1] = s[osp - 1] | s[osp];
          pc++;
          continue;
        case Op.ORU32:
          osp--;
          s[osp - 1] = (s[osp - 1] | s[osp]) >>> 0;
          pc++;
          continue;
        case Op.OR64:
          osp--;
          s[osp - 1] = or64(s[osp - 1], s[osp]);
          pc++;
          continue;
        case Op.XOR32:
          osp--;
          s[osp - 1] = s[osp - 1] ^ s[osp];
          pc++;
          continue;
        case Op.XORU32:
          osp--;
          s[osp - 1] = (s[osp - 1] ^ s[osp]) >>> 0;
          pc++;
          continue;
        case Op.XOR64:
          osp--;
          s[osp - 1] = xor64(s[osp - 1], s[osp]);
          pc++;
          continue;
        case Op.SHL32:
          osp--;
          s[osp - 1] = s[osp - 1] << (s[osp] & 31); // x86 masks 32-bit shift counts to 5 bits
          pc++;
          continue;
        case Op.SHLU32:
          osp--;
          s[osp - 1] = (s[osp - 1] << (s[osp] & 31)) >>> 0;
          pc++;
          continue;
        case Op.SHL64:
          osp--;
          s[osp - 1] = shl64(s[osp - 1], s[osp] & 63); // and 64-bit ones to 6 bits
          pc++;
          continue;
        case Op.SAR32:
          osp--;
          s[osp - 1] = s[osp - 1] >> (s[osp] & 31);
          pc++;
          continue;
        case Op.SHR32:
          osp--;
          s[osp - 1] = s[osp - 1] >>> (s[osp] & 31);
          pc++;
          continue;
        case Op.SAR64:
          osp--;
          s[osp - 1] = sar64(s[osp - 1], s[osp] & 63);
          pc++;
          continue;
        case Op.SHR64:
          osp--;
          s[osp - 1] = shr64(s[osp - 1], s[osp] & 63);
          pc++;
          continue;
        case Op.NEG32:
          s[osp - 1] = -s[osp - 1] | 0;
          pc++;
          continue;
        case Op.NEGU32:
          s[osp - 1] = -s[osp - 1] >>> 0;
          pc++;
          continue;
        case Op.NEG64:
          s[osp - 1] = sub64(0, s[osp - 1]);
          pc++;
          continue;
        case Op.NOT32:
          s[osp - 1] = ~s[osp - 1];
          pc++;
          continue;
        case Op.NOTU32:
          s[osp - 1] = ~s[osp - 1] >>> 0;
          pc++;
          continue;
        case Op.NOT64:
          s[osp - 1] = sub64(-1, s[osp - 1]);
          pc++;
          continue;
        case Op.LNOT:
          s[osp - 1] = s[osp - 1] === 0 ? 1 : 0;
          pc++;
          continue;
        case Op.EQ:
          osp--;
          s[osp - 1] = s[osp - 1] === s[osp] ? 1 : 0;
          pc++;
          continue;
        case Op.NE:
          osp--;
          s[osp - 1] = s[osp - 1] !== s[osp] ? 1 : 0;
          pc++;
          continue;
        case Op.LT:
          osp--;
          s[osp - 1] = s[osp - 1] < s[osp] ? 1 : 0;
          pc++;
          continue;
        case Op.LE:
          osp--;
          s[osp - 1] = s[osp - 1] <= s[osp] ? 1 : 0;
          pc++;
          continue;
        case Op.GT:
          osp--;
          s[osp - 1] = s[osp - 1] > s[osp] ? 1 : 0;
          pc++;
          continue;
        case Op.GE:
          osp--;
          s[osp - 1] = s[osp - 1] >= s[osp] ? 1 : 0;
          pc++;
          continue;
        case Op.LTU64:
          osp--;
          s[osp - 1] = cmpu64(s[osp - 1], s[osp]) < 0 ? 1 : 0;
          pc++;
          continue;
        case Op.LEU64:
          osp--;
          s[osp - 1] = cmpu64(s[osp - 1], s[osp]) <= 0 ? 1 : 0;
          pc++;
          continue;
        case Op.GTU64:
          osp--;
          s[osp - 1] = cmpu64(s[osp - 1], s[osp]) > 0 ? 1 : 0;
          pc++;
          continue;
        case Op.GEU64:
          osp--;
          s[osp - 1] = cmpu64(s[osp - 1], s[osp]) >= 0 ? 1 : 0;
          pc++;
          continue;
        case Op.SEXT8:
          s[osp - 1] = (s[osp - 1] << 24) >> 24;
          pc++;
          continue;
        case Op.ZEXT8:
          s[osp - 1] = s[osp - 1] & 0xff;
          pc++;
          continue;
        case Op.SEXT16:
          s[osp - 1] = (s[osp - 1] << 16) >> 16;
          pc++;
          continue;
        case Op.ZEXT16:
          s[osp - 1] = s[osp - 1] & 0xffff;
          pc++;
          continue;
        case Op.TOI32:
          s[osp - 1] = s[osp - 1] | 0;
          pc++;
          continue;
        case Op.TOU32:
          s[osp - 1] = s[osp - 1] >>> 0;
          pc++;
          continue;
        case Op.TOBOOL:
          s[osp - 1] = s[osp - 1] !== 0 ? 1 : 0;
          pc++;
          continue;
        case Op.TOI64:
          pc++;
          continue;
        case Op.ADDP:
          osp--;
          s[osp - 1] = s[osp - 1] + s[osp];
          pc++;
          continue;
        case Op.IDX:
          osp--;
          s[osp - 1] = s[osp - 1] + s[osp] * code[pc + 1];
          pc += 2;
          continue;
        case Op.PDIFF:
          osp--;
          s[osp - 1] = Math.trunc((s[osp - 1] - s[osp]) / code[pc + 1]);
          pc += 2;
          continue;
        case Op.INCL: {
          const acc = code[pc + 1];
          const a = fp + code[pc + 2];
          if (acc === 4) mem.store32(a, (mem.load32(a) + code[pc + 3]) | 0);
          else storeAcc(mem, acc, a, incValue(acc, loadAcc(mem, acc, a), code[pc + 3]));
          pc += 4;
          continue;
        }
        case Op.INC:
        case Op.PINC: {
          const acc = code[pc + 1];
          const a = s[osp - 1];
          const old = loadAcc(mem, acc, a);
          const nv = incValue(acc, old, code[pc + 2]);
          storeAcc(mem, acc, a, nv);
          s[osp - 1] = code[pc] === Op.INC ? nv : old;
          pc += 3;
          continue;
        }

        // ---- calls ----
        case Op.CALL:
        case Op.CALLI: {
          let fi: number;
          let argc: number;
          let base: number; // operand stack height after popping the call's operands
          if (code[pc] === Op.CALL) {
            fi = code[pc + 1];
            argc = fnInfo[fi].nparams;
            base = osp - argc;
          } else {
            argc = code[pc + 1];
            const target = s[osp - 1];
            const tpc = (target - textBase) / 4;
            const f = prog.fnAtPc.get(tpc);
            if (f === undefined) {
              mem.fetch(target); // a wild pointer: SIGSEGV as on Linux if not executable
              throw new UserFault(SIGILL, ILL_ILLOPN, target, '');
            }
            fi = f;
            base = osp - 1 - argc;
          }
          const f = fnInfo[fi];
          const nfp = sp - 16;
          mem.store64(sp - 8, textBase + 4 * (pc + 2)); // call: push the return address
          mem.store64(nfp, fp); // push rbp; mov rbp, rsp
          // Arguments were pushed last to first: the first one is on top.
          const top = base + argc - 1;
          for (let i = 0; i < f.nparams; i++) storeWidth(mem, f.paramSize[i], nfp + f.paramOff[i], i < argc ? s[top - i] : 0);
          if (fd + FRAME_WORDS > fr.length) fr = r.frames = grow(fr, fd + FRAME_WORDS);
          fr[fd] = pc + 2;
          fr[fd + 1] = fp;
          fr[fd + 2] = fi;
          fr[fd + 3] = sp;
          fr[fd + 4] = base;
          fd += FRAME_WORDS;
          osp = base;
          fp = nfp;
          sp = nfp - f.frameSize;
          pc = f.entry;
          if (osp + f.maxStack > s.length) s = r.stack = grow(s, osp + f.maxStack);
          continue;
        }
        case Op.RET: {
          const v = s[osp - 1];
          if (fd === 0) throw new Error('kernlab: RET without a call frame');
          fd -= FRAME_WORDS;
          pc = fr[fd];
          fp = fr[fd + 1];
          sp = fr[fd + 3];
          osp = fr[fd + 4];
          s[osp++] = v;
          continue;
        }
        case Op.CALLN: {
          const argc = code[pc + 2];
          r.pc = pc;
          r.osp = osp;
          r.fp = fp;
          r.sp = sp;
          r.fd = fd;
          const args: number[] = [];
          for (let i = osp - 1; i >= osp - argc; i--) args.push(s[i]); // first argument on top
          sys.stmts = stmts;
          let res: NativeResult;
          try {
            res = NATIVES[code[pc + 1]](ctxFor(r, mem, sys), args);
          } catch (e) {
            if (!(e instanceof Stop)) throw e;
            res = e.result;
          }
          fetchLo = 1; // something else ran: fetch again
          fetchHi = 0;
          if (res === RETRY) {
            stop = RunStop.Retry;
            break loop;
          }
          r.journal = null;
          if (res === GONE) {
            stop = RunStop.Gone;
            break loop;
          }
          if (res === CALLED) {
            // The library called a function of the program (an atexit handler): its frame is pushed on r.
            pc = r.pc;
            fp = r.fp;
            sp = r.sp;
            osp = r.osp;
            fd = r.fd;
            s = r.stack;
            fr = r.frames;
            continue;
          }
          osp -= argc;
          s[osp++] = res;
          pc += 3;
          if (sys.needResched) {
            stop = RunStop.Resched;
            break loop;
          }
          continue;
        }
        case Op.GETERRNO:
          s[osp++] = r.errno;
          pc++;
          continue;
        case Op.SETERRNO:
          r.errno = s[--osp] | 0;
          pc++;
          continue;
        case Op.SETERRNOK:
          r.errno = s[osp - 1] | 0;
          pc++;
          continue;
        case Op.MEMCPY:
          copy(mem, s[osp - 2], s[osp - 1], code[pc + 1]);
          osp -= 2;
          pc += 2;
          continue;
        case Op.MEMSET:
          zero(mem, s[osp - 1], code[pc + 1]);
          osp--;
          pc += 2;
          continue;
        case Op.SIGRET:
          stop = RunStop.SigReturn;
          break loop;
        case Op.TRAP:
          throw new Error(`kernlab: reached an unreachable instruction at pc ${pc}`);
        default:
          throw new Error(`kernlab: bad opcode ${code[pc]} at pc ${pc}`);
      }
    }
  } catch (e) {
    if (!(e instanceof UserFault)) throw e;
    pc = ipc; // nothing of the faulting instruction took effect
    stop = RunStop.Fault;
    fault = e;
  }
  r.pc = pc;
  r.osp = osp;
  r.fp = fp;
  r.sp = sp;
  r.fd = fd;
  r.stack = s;
  r.frames = fr;
  return { stop, stmts, fault };
}

/** Text address of a thread's current instruction. */
export function ipOf(r: ThreadRegs): number {
  return r.image.textBase + 4 * r.pc;
}

export { SEGV_ACCERR, SIGSEGV, st64 };
