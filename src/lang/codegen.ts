// Code generation: the annotated tree to stack bytecode.
//
// Every statement starts with STMT (the CPU counts it against the budget and
// fetches its instruction); so does every evaluation of a loop condition.
// Locals are addressed relative to the frame pointer with fused
// load/store instructions; everything else goes through computed addresses.

import type { AssignE, CallE, Expr, IncDecE, Stmt, SwitchStmt } from './ast';
import { evalConst } from './consteval';
import type { Diags } from './diag';
import { Op } from './interp';
import { nativeIndex } from './libc/decls';
import { ENVIRON, STDERR_FILE, STDIN_FILE, STDOUT_FILE } from './libc/layout';
import { Acc, EFFECT } from './opcodes';
import type { FrameInfo, SwitchTable } from './program';
import type { GlobalSym, InitPlan, LocalSym } from './scope';
import type { FuncUnit, Unit } from './sema';
import { decay, sizeOf, type CType, type IntT } from './types';

interface Label {
  pc: number; // bound position, -1 until bound
  refs: number[]; // code positions holding this label's pc
}

export interface CodeOut {
  code: Int32Array; // the bytecode
  lines: Int32Array; // source line of each code word
  consts: number[]; // PUSHK operands
  frames: FrameInfo[]; // per function, in definition order
  switches: SwitchTable[]; // SWITCH operands
  crtMainExit: number; // pc of the stub main returns to: exit(value)
  crtThreadExit: number; // pthread_exit(value)
  crtKthreadExit: number; // do_exit(value)
  crtSigreturn: number; // a signal handler's return address
  crtExitNext: number; // an atexit handler's return address: the next handler, then _exit
  crtQsortNext: number; // a qsort comparator's return address: the merge goes on
}

type Arith = 'i' | 'u' | 'l' | 'ul';

function arith(t: CType): Arith {
  if (t.k !== 'int') return 'l'; // pointers
  if (t.size === 8) return t.unsigned ? 'ul' : 'l';
  return t.unsigned ? 'u' : 'i';
}

function loadOp(t: CType): Op {
  if (t.k === 'int') {
    if (t.size === 1) return t.unsigned ? Op.LD8U : Op.LD8;
    if (t.size === 2) return t.unsigned ? Op.LD16U : Op.LD16;
    if (t.size === 4) return t.unsigned ? Op.LD32U : Op.LD32;
  }
  return Op.LD64;
}
const LDL_OF: Record<number, Op> = {
  [Op.LD8]: Op.LDL8, [Op.LD8U]: Op.LDL8U, [Op.LD16]: Op.LDL16, [Op.LD16U]: Op.LDL16U, [Op.LD32]: Op.LDL32, [Op.LD32U]: Op.LDL32U, [Op.LD64]: Op.LDL64,
};
/** Arrays, functions and structs are not loaded: their value is their address. */
function isAddrValue(t: CType): boolean {
  return t.k === 'arr' || t.k === 'fn' || t.k === 'struct';
}
function width(t: CType): number {
  return t.k === 'int' ? t.size : 8;
}
const ST = [0, Op.ST8, Op.ST16, 0, Op.ST32, 0, 0, 0, Op.ST64];
const STK = [0, Op.STK8, Op.STK16, 0, Op.STK32, 0, 0, 0, Op.STK64];
const STL = [0, Op.STL8, Op.STL16, 0, Op.STL32, 0, 0, 0, Op.STL64];
const STLK = [0, Op.STLK8, Op.STLK16, 0, Op.STLK32, 0, 0, 0, Op.STLK64];

function acc(t: CType): Acc {
  if (t.k === 'int') {
    if (t.bool) return Acc.BOOL;
    if (t.size === 1) return t.unsigned ? Acc.U8 : Acc.I8;
    if (t.size === 2) return t.unsigned ? Acc.U16 : Acc.I16;
    if (t.size === 4) return t.unsigned ? Acc.U32 : Acc.I32;
  }
  return Acc.I64;
}

const BINOPS: Record<string, Record<Arith, Op>> = {
  '+': { i: Op.ADD32, u: Op.ADDU32, l: Op.ADD64, ul: Op.ADD64 },
  '-': { i: Op.SUB32, u: Op.SUBU32, l: Op.SUB64, ul: Op.SUB64 },
  '*': { i: Op.MUL32, u: Op.MULU32, l: Op.MUL64, ul: Op.MUL64 },
  '/': { i: Op.DIV32, u: Op.DIVU32, l: Op.DIV64, ul: Op.DIVU64 },
  '%': { i: Op.MOD32, u: Op.MODU32, l: Op.MOD64, ul: Op.MODU64 },
  '&': { i: Op.AND32, u: Op.ANDU32, l: Op.AND64, ul: Op.AND64 },
  '|': { i: Op.OR32, u: Op.ORU32, l: Op.OR64, ul: Op.OR64 },
  '^': { i: Op.XOR32, u: Op.XORU32, l: Op.XOR64, ul: Op.XOR64 },
  '<<': { i: Op.SHL32, u: Op.SHLU32, l: Op.SHL64, ul: Op.SHL64 },
  '>>': { i: Op.SAR32, u: Op.SHR32, l: Op.SAR64, ul: Op.SHR64 },
};
const CMP: Record<string, [Op, Op, Op]> = {
  // signed or exact-numeric compare, unsigned-64 compare, fused compare-and-branch-if-false
  '<': [Op.LT, Op.LTU64, Op.JZLT],
  '<=': [Op.LE, Op.LEU64, Op.JZLE],
  '>': [Op.GT, Op.GTU64, Op.JZGT],
  '>=': [Op.GE, Op.GEU64, Op.JZGE],
  '==': [Op.EQ, Op.EQ, Op.JZEQ],
  '!=': [Op.NE, Op.NE, Op.JZNE],
};
const INVERSE: Record<string, string> = { '<': '>=', '<=': '>', '>': '<=', '>=': '<', '==': '!=', '!=': '==' };

export function generate(unit: Unit, diags: Diags): CodeOut {
  return new Gen(unit, diags).run();
}

class Gen {
  private readonly code: number[] = [];
  private readonly lines: number[] = [];
  private readonly consts: number[] = [];
  private readonly constIdx = new Map<number, number>();
  private readonly frames: FrameInfo[] = [];
  private readonly switches: SwitchTable[] = [];
  private readonly pendingSwitches: { tbl: number; labels: Map<number, Label>; dflt: Label }[] = [];
  private labels: Label[] = [];
  private depth = 0;
  private maxDepth = 0;
  private line = 0;
  private breaks: Label[] = [];
  private conts: Label[] = [];
  private fn: FuncUnit | null = null;

  constructor(
    private readonly unit: Unit,
    private readonly diags: Diags,
  ) {}

  run(): CodeOut {
    for (const f of this.unit.funcs) this.func(f);
    this.line = 0;
    this.depth = 1;
    const crtMainExit = this.code.length;
    this.opN(Op.CALLN, 0, nativeIndex('exit'), 1);
    this.op(Op.TRAP);
    this.depth = 1;
    const crtThreadExit = this.code.length;
    this.opN(Op.CALLN, 0, nativeIndex('pthread_exit'), 1);
    this.op(Op.TRAP);
    this.depth = 1;
    const crtKthreadExit = this.code.length;
    this.opN(Op.CALLN, 0, nativeIndex('do_exit'), 1);
    this.op(Op.TRAP);
    const crtSigreturn = this.code.length;
    this.op(Op.SIGRET);
    this.depth = 1;
    const crtExitNext = this.code.length;
    this.op(Op.POP); // what the handler returned
    this.opN(Op.CALLN, 1, nativeIndex('__run_exit_handlers'), 0);
    this.op(Op.TRAP);
    this.depth = 1;
    const crtQsortNext = this.code.length;
    this.opN(Op.CALLN, 0, nativeIndex('__qsort_next'), 1); // the comparator's value
    this.op(Op.TRAP);
    for (const p of this.pendingSwitches) {
      const targets = new Map<number, number>();
      for (const [v, l] of p.labels) targets.set(v, l.pc);
      this.switches[p.tbl] = { targets, dflt: p.dflt.pc };
    }
    return {
      code: Int32Array.from(this.code),
      lines: Int32Array.from(this.lines),
      consts: this.consts,
      frames: this.frames,
      switches: this.switches,
      crtMainExit,
      crtThreadExit,
      crtKthreadExit,
      crtSigreturn,
      crtExitNext,
      crtQsortNext,
    };
  }

  // ---- emission ----

  private op(o: Op, ...a: number[]): void {
    this.opN(o, EFFECT[o], ...a);
  }

  /** Emits an instruction with an explicit stack effect. */
  private opN(o: Op, effect: number, ...a: number[]): void {
    this.code.push(o, ...a);
    for (let i = 0; i <= a.length; i++) this.lines.push(this.line);
    this.depth += effect;
    if (this.depth > this.maxDepth) this.maxDepth = this.depth;
    if (this.depth < 0) throw new Error(`kernlab: codegen stack underflow at line ${this.line}`);
  }

  private label(): Label {
    const l: Label = { pc: -1, refs: [] };
    this.labels.push(l);
    return l;
  }

  private bind(l: Label): void {
    l.pc = this.code.length;
  }

  private jump(o: Op, l: Label): void {
    this.op(o, -1);
    l.refs.push(this.code.length - 1);
  }

  private push(v: number): void {
    if ((v | 0) === v) this.op(Op.PUSHI, v);
    else {
      let k = this.constIdx.get(v);
      if (k === undefined) {
        k = this.consts.length;
        this.consts.push(v);
        this.constIdx.set(v, k);
      }
      this.op(Op.PUSHK, k);
    }
  }

  private stmtMark(line: number): void {
    if (this.depth !== 0) throw new Error(`kernlab: codegen: operand stack not empty at statement (line ${line})`);
    this.line = line;
    this.op(Op.STMT);
  }

  // ---- functions ----

  private func(f: FuncUnit): void {
    this.fn = f;
    this.labels = [];
    this.depth = 0;
    this.maxDepth = 0;
    this.line = f.def.line;
    const entry = this.code.length;
    for (const s of f.def.body.body) this.stmt(s);
    this.line = f.def.body.end.line;
    this.push(0); // falling off the end: main returns 0 (C99 5.1.2.2.3); others return garbage, here 0
    this.op(Op.RET);
    for (const l of this.labels) {
      if (l.pc < 0) throw new Error('kernlab: codegen: unbound label');
      for (const r of l.refs) this.code[r] = l.pc;
    }
    this.frames.push({
      entry,
      frameSize: f.frameSize,
      nparams: f.params.length,
      paramOff: Int32Array.from(f.params.map((p) => p.off)),
      paramSize: Int32Array.from(f.params.map((p) => width(p.type))),
      maxStack: this.maxDepth + 2,
      end: this.code.length,
    });
    this.fn = null;
  }

  // ---- statements ----

  private stmt(s: Stmt): void {
    switch (s.k) {
      case 'expr':
        this.stmtMark(s.line);
        this.discard(s.e);
        return;
      case 'decl':
        for (const d of s.decls) {
          if (!d.plan || !d.sym || d.sym.k !== 'local') continue;
          this.stmtMark(d.pos.line);
          this.initLocal(d.sym, d.plan);
        }
        return;
      case 'block':
        for (const b of s.body) this.stmt(b);
        return;
      case 'if': {
        this.stmtMark(s.line);
        const lelse = this.label();
        this.branch(s.c, false, lelse);
        this.stmt(s.then);
        if (s.else) {
          const lend = this.label();
          this.jump(Op.JMP, lend);
          this.bind(lelse);
          this.stmt(s.else);
          this.bind(lend);
        } else this.bind(lelse);
        return;
      }
      case 'while': {
        const lc = this.label();
        const lend = this.label();
        this.bind(lc);
        this.stmtMark(s.c.line);
        this.branch(s.c, false, lend);
        this.loopBody(s.body, lend, lc);
        this.jump(Op.JMP, lc);
        this.bind(lend);
        return;
      }
      case 'do': {
        const ltop = this.label();
        const lc = this.label();
        const lend = this.label();
        this.bind(ltop);
        this.loopBody(s.body, lend, lc);
        this.bind(lc);
        this.stmtMark(s.c.line);
        this.branch(s.c, true, ltop);
        this.bind(lend);
        return;
      }
      case 'for': {
        if (s.init) {
          if (s.init.k === 'decl') this.stmt(s.init);
          else {
            this.stmtMark(s.line);
            if (s.init.k === 'expr') this.discard(s.init.e);
          }
        }
        const lc = this.label();
        const lstep = this.label();
        const lend = this.label();
        this.bind(lc);
        this.stmtMark(s.c ? s.c.line : s.line);
        if (s.c) this.branch(s.c, false, lend);
        this.loopBody(s.body, lend, lstep);
        this.bind(lstep);
        if (s.step) {
          this.line = s.step.line;
          this.discard(s.step);
        }
        this.jump(Op.JMP, lc);
        this.bind(lend);
        return;
      }
      case 'switch':
        return this.switchStmt(s);
      case 'case':
      case 'default': {
        const lab = (s as { label?: Label }).label;
        if (lab) this.bind(lab);
        this.stmt(s.body);
        return;
      }
      case 'break':
        this.stmtMark(s.line);
        this.jump(Op.JMP, this.breaks[this.breaks.length - 1]);
        return;
      case 'continue':
        this.stmtMark(s.line);
        this.jump(Op.JMP, this.conts[this.conts.length - 1]);
        return;
      case 'return':
        this.stmtMark(s.line);
        if (s.e && this.fn!.def.d.type.k === 'fn' && (this.fn!.def.d.type.ret.k !== 'void')) this.value(s.e);
        else {
          if (s.e) this.discard(s.e);
          this.push(0);
        }
        this.op(Op.RET);
        this.depth = 0;
        return;
      case 'empty':
        this.stmtMark(s.line);
        return;
    }
  }

  private loopBody(body: Stmt, brk: Label, cont: Label): void {
    this.breaks.push(brk);
    this.conts.push(cont);
    this.stmt(body);
    this.breaks.pop();
    this.conts.pop();
  }

  private switchStmt(s: SwitchStmt): void {
    this.stmtMark(s.line);
    this.value(s.e);
    const tbl = this.switches.length;
    this.switches.push({ targets: new Map(), dflt: -1 });
    this.op(Op.SWITCH, tbl);
    const lend = this.label();
    const labels = new Map<number, Label>();
    for (const c of s.cases ?? []) {
      const l = this.label();
      (c as { label?: Label }).label = l;
      labels.set(c.v!, l);
    }
    let dflt = lend;
    const findDefault = (st: Stmt): void => {
      // The default label may be nested anywhere in the body (but not in an inner switch).
      switch (st.k) {
        case 'default':
          dflt = this.label();
          (st as { label?: Label }).label = dflt;
          findDefault(st.body);
          return;
        case 'block':
          st.body.forEach(findDefault);
          return;
        case 'if':
          findDefault(st.then);
          if (st.else) findDefault(st.else);
          return;
        case 'while':
        case 'do':
        case 'for':
        case 'case':
          findDefault(st.body);
          return;
        default:
          return;
      }
    };
    findDefault(s.body);
    this.pendingSwitches.push({ tbl, labels, dflt });
    this.breaks.push(lend);
    this.stmt(s.body);
    this.breaks.pop();
    this.bind(lend);
  }

  private initLocal(sym: LocalSym, plan: InitPlan): void {
    const size = sizeOf(sym.type);
    if (plan.zero) {
      this.op(Op.LADDR, sym.off);
      this.op(Op.MEMSET, size);
    }
    for (const st of plan.stores) {
      const off = sym.off + st.off;
      if (st.bytes) {
        const b = st.bytes;
        let i = 0;
        for (; i + 4 <= b.length; i += 4) {
          const w = b[i] | (b[i + 1] << 8) | (b[i + 2] << 16) | (b[i + 3] << 24);
          if (w === 0 && plan.zero) continue;
          this.push(w);
          this.op(Op.STL32, off + i);
        }
        for (; i < b.length; i++) {
          if (b[i] === 0 && plan.zero) continue;
          this.push(b[i]);
          this.op(Op.STL8, off + i);
        }
        continue;
      }
      if (st.ty.k === 'struct') {
        this.op(Op.LADDR, off);
        this.value(st.e!);
        this.op(Op.MEMCPY, sizeOf(st.ty));
        continue;
      }
      this.value(st.e!);
      this.op(STL[width(st.ty)], off);
    }
  }

  /** The frame offset of a local or of a member of a local struct (s.a.b): loaded and stored with the fused instructions. */
  private localOff(e: Expr): number | null {
    if (e.k === 'id') return e.sym?.k === 'local' ? e.sym.off : null;
    if (e.k === 'member' && !e.arrow) {
      const base = this.localOff(e.e);
      return base === null ? null : base + e.off!;
    }
    return null;
  }

  // ---- conditions ----

  /** Jumps to `l` when e's truth equals `when`; falls through otherwise. */
  private branch(e: Expr, when: boolean, l: Label): void {
    if (e.k === 'bin' && (e.op === '&&' || e.op === '||')) {
      const and = e.op === '&&';
      if (and !== when) {
        // (a && b) false -> a false or b false; (a || b) true -> a true or b true
        this.branch(e.l, when, l);
        this.branch(e.r, when, l);
      } else {
        const skip = this.label();
        this.branch(e.l, !when, skip);
        this.branch(e.r, when, l);
        this.bind(skip);
      }
      return;
    }
    if (e.k === 'un' && e.op === '!') return this.branch(e.e, !when, l);
    if (e.k === 'num') {
      if ((e.v !== 0) === when) this.jump(Op.JMP, l);
      return;
    }
    if (e.k === 'bin' && CMP[e.op]) {
      const ot = decay(e.l.ty!);
      const unsigned64 = ot.k === 'int' && ot.size === 8 && ot.unsigned;
      this.value(e.l);
      this.value(e.r);
      if (!unsigned64) {
        // JZxx jumps when the comparison is false.
        this.jump(CMP[when ? INVERSE[e.op] : e.op][2], l);
        return;
      }
      this.op(CMP[e.op][1]);
      this.jump(when ? Op.JNZ : Op.JZ, l);
      return;
    }
    this.value(e);
    this.jump(when ? Op.JNZ : Op.JZ, l);
  }

  // ---- expressions ----

  /** Evaluates e for its side effects only. */
  private discard(e: Expr): void {
    switch (e.k) {
      case 'assign':
        this.assign(e, false);
        return;
      case 'incdec':
        this.incdec(e, false);
        return;
      case 'comma':
        this.discard(e.l);
        this.discard(e.r);
        return;
      case 'cast':
        if (e.to.k === 'void') return this.discard(e.e);
        break;
      case 'conv':
        return this.discard(e.e);
      case 'num':
      case 'str':
      case 'sizeof':
        return;
      case 'cond': {
        const lb = this.label();
        const lend = this.label();
        this.branch(e.c, false, lb);
        this.discard(e.a);
        this.jump(Op.JMP, lend);
        this.bind(lb);
        this.discard(e.b);
        this.bind(lend);
        return;
      }
    }
    this.value(e);
    this.op(Op.POP);
  }

  /** Pushes the value of e (arrays and functions decay to their address). */
  private value(e: Expr): void {
    const t = e.ty!;
    if ((e.k === 'un' || e.k === 'bin' || e.k === 'conv' || e.k === 'cast') && t.k === 'int') {
      const c = evalConst(e); // fold constant arithmetic, as gcc does even at -O0
      if (c && c.k === 'int') {
        this.push(c.v);
        return;
      }
    }
    switch (e.k) {
      case 'num':
        this.push(e.v);
        return;
      case 'sizeof':
        this.push(e.v ?? 0);
        return;
      case 'str':
        this.op(Op.RADDR, e.off!);
        return;
      case 'id': {
        const s = e.sym!;
        switch (s.k) {
          case 'local':
            if (isAddrValue(t)) this.op(Op.LADDR, s.off);
            else this.op(LDL_OF[loadOp(t)], s.off);
            return;
          case 'global':
            this.globalAddr(s);
            if (!isAddrValue(t)) this.op(loadOp(t));
            return;
          case 'func':
            if (s.index < 0) {
              if (s.native >= 0) this.diags.unsupported(e, `taking the address of library function '${s.name}'`);
              this.push(0);
            } else this.op(Op.FADDR, s.index);
            return;
          case 'enum':
            this.push(s.value);
            return;
          case 'special':
            switch (s.name) {
              case 'errno':
                this.op(Op.GETERRNO);
                return;
              case 'stdout':
                this.op(Op.LIBC, STDOUT_FILE);
                return;
              case 'stderr':
                this.op(Op.LIBC, STDERR_FILE);
                return;
              case 'stdin':
                this.op(Op.LIBC, STDIN_FILE);
                return;
              case 'environ':
                this.op(Op.LIBC, ENVIRON);
                this.op(Op.LD64);
                return;
              case 'current':
                this.opN(Op.CALLN, 1, nativeIndex('get_current'), 0);
                return;
            }
        }
        return;
      }
      case 'conv':
      case 'cast':
        this.value(e.e);
        if (e.to.k === 'void') return;
        this.convert(decay(e.e.ty!), e.to);
        return;
      case 'un':
        switch (e.op) {
          case '-':
            this.value(e.e);
            this.op(({ i: Op.NEG32, u: Op.NEGU32, l: Op.NEG64, ul: Op.NEG64 } as const)[arith(t)]);
            return;
          case '+':
            this.value(e.e);
            return;
          case '~':
            this.value(e.e);
            this.op(({ i: Op.NOT32, u: Op.NOTU32, l: Op.NOT64, ul: Op.NOT64 } as const)[arith(t)]);
            return;
          case '!':
            this.value(e.e);
            this.op(Op.LNOT);
            return;
          case '*':
            this.value(e.e);
            if (!isAddrValue(t)) this.op(loadOp(t));
            return;
          case '&':
            this.addr(e.e);
            return;
        }
        return;
      case 'incdec':
        this.incdec(e, true);
        return;
      case 'bin':
        return this.binary(e);
      case 'assign':
        this.assign(e, true);
        return;
      case 'cond': {
        const lb = this.label();
        const lend = this.label();
        this.branch(e.c, false, lb);
        const d = this.depth;
        this.value(e.a);
        this.jump(Op.JMP, lend);
        this.depth = d;
        this.bind(lb);
        this.value(e.b);
        this.bind(lend);
        return;
      }
      case 'comma':
        this.discard(e.l);
        this.value(e.r);
        return;
      case 'call':
        this.call(e);
        return;
      case 'index':
        this.value(e.a);
        this.value(e.i);
        this.op(Op.IDX, e.scale!);
        if (!isAddrValue(t)) this.op(loadOp(t));
        return;
      case 'member': {
        const lo = this.localOff(e);
        if (lo !== null) {
          if (isAddrValue(t)) this.op(Op.LADDR, lo);
          else this.op(LDL_OF[loadOp(t)], lo);
          return;
        }
        this.addr(e);
        if (!isAddrValue(t)) this.op(loadOp(t));
        return;
      }
    }
  }

  private globalAddr(s: GlobalSym): void {
    switch (s.sec) {
      case 'rodata':
        this.op(Op.RADDR, s.off);
        return;
      case 'data':
        this.op(Op.DADDR, s.off);
        return;
      default:
        this.op(Op.BADDR, s.off);
        return;
    }
  }

  /** Pushes the address of an lvalue (or of a function). */
  private addr(e: Expr): void {
    switch (e.k) {
      case 'id': {
        const s = e.sym!;
        if (s.k === 'local') this.op(Op.LADDR, s.off);
        else if (s.k === 'global') this.globalAddr(s);
        else if (s.k === 'func') this.value(e);
        else throw new Error(`kernlab: codegen: no address for ${e.name}`);
        return;
      }
      case 'str':
        this.op(Op.RADDR, e.off!);
        return;
      case 'un':
        if (e.op === '*') {
          this.value(e.e);
          return;
        }
        break;
      case 'index':
        this.value(e.a);
        this.value(e.i);
        this.op(Op.IDX, e.scale!);
        return;
      case 'member': {
        const lo = this.localOff(e);
        if (lo !== null) {
          this.op(Op.LADDR, lo);
          return;
        }
        this.value(e.e); // the pointer (->), or the struct, whose value is its address (.)
        if (e.off) {
          this.push(e.off);
          this.op(Op.ADDP);
        }
        return;
      }
    }
    throw new Error(`kernlab: codegen: not an lvalue (${e.k})`);
  }

  private convert(from: CType, to: CType): void {
    if (to.k === 'void') return;
    if (to.k === 'int' && to.bool) {
      if (!(from.k === 'int' && from.bool)) this.op(Op.TOBOOL);
      return;
    }
    const fsz = from.k === 'int' ? from.size : 8;
    const fu = from.k === 'int' ? from.unsigned : true;
    if (to.k !== 'int') return; // to a pointer: the bits are kept (sign extension is implicit in the representation)
    switch (to.size) {
      case 1:
        if (to.unsigned ? fu && fsz === 1 : !fu && fsz === 1) return;
        this.op(to.unsigned ? Op.ZEXT8 : Op.SEXT8);
        return;
      case 2:
        if (to.unsigned ? fu && fsz <= 2 : fsz === 1 || (fsz === 2 && !fu)) return;
        this.op(to.unsigned ? Op.ZEXT16 : Op.SEXT16);
        return;
      case 4:
        if (to.unsigned) {
          if (fsz <= 4 && fu) return;
          this.op(Op.TOU32);
        } else {
          if (fsz < 4 || (fsz === 4 && !fu)) return;
          this.op(Op.TOI32);
        }
        return;
      default:
        return; // 64-bit: every narrower value is already its sign or zero extension
    }
  }

  private binary(e: Expr & { k: 'bin' }): void {
    const op = e.op;
    if (op === '&&' || op === '||') {
      const lf = this.label();
      const lend = this.label();
      this.branch(e, false, lf);
      const d = this.depth;
      this.push(1);
      this.jump(Op.JMP, lend);
      this.depth = d;
      this.bind(lf);
      this.push(0);
      this.bind(lend);
      return;
    }
    const lt = decay(e.l.ty!);
    const rt = decay(e.r.ty!);
    if (CMP[op]) {
      this.value(e.l);
      this.value(e.r);
      const unsigned64 = lt.k === 'int' && lt.size === 8 && lt.unsigned;
      this.op(CMP[op][unsigned64 ? 1 : 0]);
      return;
    }
    if (e.scale !== undefined) {
      this.value(e.l);
      this.value(e.r);
      if (lt.k === 'ptr' && rt.k === 'ptr') {
        this.op(Op.PDIFF, e.scale);
        return;
      }
      if (op === '-') this.op(Op.NEG64);
      this.op(Op.IDX, e.scale);
      return;
    }
    if (op === '/' && this.oneOver(e)) return;
    this.value(e.l);
    this.value(e.r);
    this.op(BINOPS[op][arith(e.ty!)]);
  }

  /**
   * gcc folds `1 / X` (X not a literal 0) even at -O0 (match.pd: 1 / X ->
   * X >= -1 && X <= 1 ? X : 0; unsigned: X == 1), so it never divides and
   * `1 / zero` gives 0 instead of SIGFPE. Emits that; false if e is not 1 / X.
   */
  private oneOver(e: Expr & { k: 'bin' }): boolean {
    const l = evalConst(e.l);
    const r = evalConst(e.r);
    if (l?.k !== 'int' || l.big !== 1n || (r?.k === 'int' && r.big === 0n)) return false;
    const a = arith(e.ty!);
    this.value(e.r);
    if (a === 'u' || a === 'ul') {
      this.push(1);
      this.op(Op.EQ);
      return true;
    }
    // X * ((unsigned)(X + 1) <= 2)
    this.op(Op.DUP);
    this.push(1);
    this.op(a === 'i' ? Op.ADDU32 : Op.ADD64);
    this.push(2);
    this.op(a === 'i' ? Op.LE : Op.LEU64);
    this.op(a === 'i' ? Op.MUL32 : Op.MUL64);
    return true;
  }

  /** Assignment; `keep` leaves the assigned value on the stack. */
  private assign(e: AssignE, keep: boolean): void {
    const l = e.l;
    const lt = l.ty!;
    if (lt.k === 'struct') {
      // Struct assignment copies the bytes (gcc: a memcpy, or moves for small ones).
      this.addr(l);
      if (keep) this.op(Op.DUP);
      this.value(e.r);
      this.op(Op.MEMCPY, sizeOf(lt));
      return;
    }
    const w = width(lt);
    const loff = this.localOff(l);
    const errno = l.k === 'id' && l.sym?.k === 'special' && l.sym.name === 'errno';
    const compute = (): void => {
      // Stack: [... old]; computes old op r, converted back to the lvalue's type.
      const opTy = e.opTy!;
      const o = e.op.slice(0, -1);
      this.convert(lt, opTy);
      this.value(e.r);
      if (e.scale !== undefined) {
        if (o === '-') this.op(Op.NEG64);
        this.op(Op.IDX, e.scale);
      } else this.op(BINOPS[o][arith(opTy)]);
      this.convert(opTy, lt);
    };
    if (errno) {
      if (e.op === '=') this.value(e.r);
      else {
        this.op(Op.GETERRNO);
        compute();
      }
      this.op(keep ? Op.SETERRNOK : Op.SETERRNO);
      return;
    }
    if (loff !== null) {
      if (e.op === '=') this.value(e.r);
      else {
        this.op(LDL_OF[loadOp(lt)], loff);
        compute();
      }
      this.op(keep ? STLK[w] : STL[w], loff);
      return;
    }
    this.addr(l);
    if (e.op === '=') this.value(e.r);
    else {
      this.op(Op.DUP);
      this.op(loadOp(lt));
      compute();
    }
    this.op(keep ? STK[w] : ST[w]);
  }

  private incdec(e: IncDecE, keep: boolean): void {
    const t = e.ty!;
    const step = t.k === 'ptr' ? Math.max(sizeOf(t.to), 1) : 1;
    const delta = e.inc ? step : -step;
    const l = e.e;
    if (l.k === 'id' && l.sym?.k === 'special') {
      // errno++
      this.op(Op.GETERRNO);
      if (keep && !e.pre) this.op(Op.DUP);
      this.push(delta);
      this.op(Op.ADD32);
      this.op(keep && e.pre ? Op.SETERRNOK : Op.SETERRNO);
      return;
    }
    const off = this.localOff(l);
    if (off !== null) {
      if (keep && !e.pre) this.op(LDL_OF[loadOp(t)], off);
      this.op(Op.INCL, acc(t), off, delta);
      if (keep && e.pre) this.op(LDL_OF[loadOp(t)], off);
      return;
    }
    this.addr(l);
    this.op(e.pre ? Op.INC : Op.PINC, acc(t), delta);
    if (!keep) this.op(Op.POP);
  }

  /**
   * Arguments are evaluated right to left, as gcc does on x86-64 (so
   * printf("%d %d", f(), f()) prints the second call's value first); the
   * first argument ends on top of the operand stack.
   */
  private call(e: CallE): void {
    const f = e.f;
    if (f.k === 'id' && f.sym?.k === 'func') {
      const s = f.sym;
      if (s.index >= 0) {
        const np = this.unit.funcs[s.index].params.length;
        for (let i = np - 1; i >= e.args.length; i--) this.push(0); // missing arguments of a ()-declared function
        for (let i = e.args.length - 1; i >= 0; i--) {
          if (i < np) this.value(e.args[i]);
          else this.discard(e.args[i]); // extra arguments to a function declared with ()
        }
        this.opN(Op.CALL, 1 - np, s.index);
        return;
      }
      if (s.native >= 0) {
        for (let i = e.args.length - 1; i >= 0; i--) this.value(e.args[i]);
        this.opN(Op.CALLN, 1 - e.args.length, s.native, e.args.length);
        return;
      }
      this.push(0); // undefined reference, already reported
      return;
    }
    for (let i = e.args.length - 1; i >= 0; i--) this.value(e.args[i]);
    this.value(f);
    this.opN(Op.CALLI, -e.args.length, e.args.length);
  }
}

/** For tests: the integer type's arithmetic class. */
export function arithClass(t: IntT): Arith {
  return arith(t);
}
