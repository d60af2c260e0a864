// Operand counts and names of the bytecode instructions (the enum itself is
// in interp.ts, next to the loop that executes it, so that its values are
// inlined into the switch).

import { Op } from './interp';

/** Number of operand words after each opcode. */
export const OPERANDS: Record<number, number> = {};

/** Net operand-stack effect of each fixed-effect opcode (calls are computed). */
export const EFFECT: Record<number, number> = {};

/** Opcode names, for disassembly and tests. */
export const OPNAME: Record<number, string> = {};

const def = (op: Op, name: string, operands: number, effect: number): void => {
  OPERANDS[op] = operands;
  EFFECT[op] = effect;
  OPNAME[op] = name;
};

def(Op.NOP, 'NOP', 0, 0);
def(Op.STMT, 'STMT', 0, 0);
def(Op.JMP, 'JMP', 1, 0);
def(Op.JZ, 'JZ', 1, -1);
def(Op.JNZ, 'JNZ', 1, -1);
def(Op.SWITCH, 'SWITCH', 1, -1);
def(Op.PUSHI, 'PUSHI', 1, 1);
def(Op.PUSHK, 'PUSHK', 1, 1);
def(Op.POP, 'POP', 0, -1);
def(Op.DUP, 'DUP', 0, 1);
def(Op.LADDR, 'LADDR', 1, 1);
def(Op.RADDR, 'RADDR', 1, 1);
def(Op.DADDR, 'DADDR', 1, 1);
def(Op.BADDR, 'BADDR', 1, 1);
def(Op.FADDR, 'FADDR', 1, 1);
def(Op.LIBC, 'LIBC', 1, 1);
for (const [op, n] of [
  [Op.LD8, 'LD8'], [Op.LD8U, 'LD8U'], [Op.LD16, 'LD16'], [Op.LD16U, 'LD16U'], [Op.LD32, 'LD32'], [Op.LD32U, 'LD32U'], [Op.LD64, 'LD64'],
] as const) def(op, n, 0, 0);
for (const [op, n] of [[Op.ST8, 'ST8'], [Op.ST16, 'ST16'], [Op.ST32, 'ST32'], [Op.ST64, 'ST64']] as const) def(op, n, 0, -2);
for (const [op, n] of [[Op.STK8, 'STK8'], [Op.STK16, 'STK16'], [Op.STK32, 'STK32'], [Op.STK64, 'STK64']] as const) def(op, n, 0, -1);
for (const [op, n] of [
  [Op.LDL8, 'LDL8'], [Op.LDL8U, 'LDL8U'], [Op.LDL16, 'LDL16'], [Op.LDL16U, 'LDL16U'], [Op.LDL32, 'LDL32'], [Op.LDL32U, 'LDL32U'], [Op.LDL64, 'LDL64'],
] as const) def(op, n, 1, 1);
for (const [op, n] of [[Op.STL8, 'STL8'], [Op.STL16, 'STL16'], [Op.STL32, 'STL32'], [Op.STL64, 'STL64']] as const) def(op, n, 1, -1);
for (const [op, n] of [[Op.STLK8, 'STLK8'], [Op.STLK16, 'STLK16'], [Op.STLK32, 'STLK32'], [Op.STLK64, 'STLK64']] as const) def(op, n, 1, 0);
for (const [op, n] of [
  [Op.ADD32, 'ADD32'], [Op.ADDU32, 'ADDU32'], [Op.ADD64, 'ADD64'], [Op.SUB32, 'SUB32'], [Op.SUBU32, 'SUBU32'], [Op.SUB64, 'SUB64'],
  [Op.MUL32, 'MUL32'], [Op.MULU32, 'MULU32'], [Op.MUL64, 'MUL64'], [Op.DIV32, 'DIV32'], [Op.DIVU32, 'DIVU32'], [Op.DIV64, 'DIV64'],
  [Op.DIVU64, 'DIVU64'], [Op.MOD32, 'MOD32'], [Op.MODU32, 'MODU32'], [Op.MOD64, 'MOD64'], [Op.MODU64, 'MODU64'],
  [Op.AND32, 'AND32'], [Op.ANDU32, 'ANDU32'], [Op.AND64, 'AND64'], [Op.OR32, 'OR32'], [Op.ORU32, 'ORU32'], [Op.OR64, 'OR64'],
  [Op.XOR32, 'XOR32'], [Op.XORU32, 'XORU32'], [Op.XOR64, 'XOR64'], [Op.SHL32, 'SHL32'], [Op.SHLU32, 'SHLU32'], [Op.SHL64, 'SHL64'],
  [Op.SAR32, 'SAR32'], [Op.SHR32, 'SHR32'], [Op.SAR64, 'SAR64'], [Op.SHR64, 'SHR64'],
  [Op.EQ, 'EQ'], [Op.NE, 'NE'], [Op.LT, 'LT'], [Op.LE, 'LE'], [Op.GT, 'GT'], [Op.GE, 'GE'],
  [Op.LTU64, 'LTU64'], [Op.LEU64, 'LEU64'], [Op.GTU64, 'GTU64'], [Op.GEU64, 'GEU64'], [Op.ADDP, 'ADDP'],
] as const) def(op, n, 0, -1);
for (const [op, n] of [
  [Op.NEG32, 'NEG32'], [Op.NEGU32, 'NEGU32'], [Op.NEG64, 'NEG64'], [Op.NOT32, 'NOT32'], [Op.NOTU32, 'NOTU32'], [Op.NOT64, 'NOT64'],
  [Op.LNOT, 'LNOT'], [Op.SEXT8, 'SEXT8'], [Op.ZEXT8, 'ZEXT8'], [Op.SEXT16, 'SEXT16'], [Op.ZEXT16, 'ZEXT16'], [Op.TOI32, 'TOI32'],
  [Op.TOU32, 'TOU32'], [Op.TOBOOL, 'TOBOOL'], [Op.TOI64, 'TOI64'],
] as const) def(op, n, 0, 0);
def(Op.IDX, 'IDX', 1, -1);
def(Op.PDIFF, 'PDIFF', 1, -1);
def(Op.INCL, 'INCL', 3, 0);
def(Op.INC, 'INC', 2, 0);
def(Op.PINC, 'PINC', 2, 0);
def(Op.CALL, 'CALL', 1, 0);
def(Op.CALLI, 'CALLI', 1, 0);
def(Op.CALLN, 'CALLN', 2, 0);
def(Op.RET, 'RET', 0, 0);
def(Op.GETERRNO, 'GETERRNO', 0, 1);
def(Op.SETERRNO, 'SETERRNO', 0, -1);
def(Op.SETERRNOK, 'SETERRNOK', 0, 0);
def(Op.MEMCPY, 'MEMCPY', 1, -2);
def(Op.MEMSET, 'MEMSET', 1, -1);
def(Op.SIGRET, 'SIGRET', 0, 0);
def(Op.TRAP, 'TRAP', 0, 0);
def(Op.JZLT, 'JZLT', 1, -2);
def(Op.JZLE, 'JZLE', 1, -2);
def(Op.JZGT, 'JZGT', 1, -2);
def(Op.JZGE, 'JZGE', 1, -2);
def(Op.JZEQ, 'JZEQ', 1, -2);
def(Op.JZNE, 'JZNE', 1, -2);

/** Access kinds of INC/PINC/INCL: how the object is loaded, wrapped and stored. */
export const enum Acc {
  I8 = 0,
  U8 = 1,
  I16 = 2,
  U16 = 3,
  I32 = 4,
  U32 = 5,
  I64 = 6, // long, unsigned long, pointers
  BOOL = 7,
}

/** Text of the instructions, one per line, for tests and debugging. */
export function disassemble(code: Int32Array, from = 0, to = code.length): string {
  const out: string[] = [];
  for (let pc = from; pc < to; ) {
    const op = code[pc];
    const n = OPERANDS[op];
    if (n === undefined) throw new Error(`kernlab: bad opcode ${op} at pc ${pc}`);
    const args = Array.from(code.subarray(pc + 1, pc + 1 + n)).join(' ');
    out.push(`${pc}: ${OPNAME[op]}${args ? ' ' + args : ''}`);
    pc += 1 + n;
  }
  return out.join('\n');
}
