// Constant expressions: array sizes, case labels, enumerators, and the
// initialisers of globals (which may be addresses: &x, "str", a function).
// Works on expressions sema has already typed. Integer arithmetic is done
// exactly (BigInt) and wrapped to the expression's type, so that
// LONG_MIN = -LONG_MAX - 1 folds exactly even though LONG_MAX itself is
// beyond the precision of a JS number.

import type { Expr, StrE } from './ast';
import type { FuncSym, GlobalSym } from './scope';
import { isInt, type CType, type IntT } from './types';

export type ConstVal = { k: 'int'; v: number; big: bigint } | { k: 'addr'; base: GlobalSym | FuncSym | StrE; add: number };

const intT = (t: CType | undefined): IntT | null => (t && isInt(t) ? t : null);

/** The exact value of v converted to integer type t. */
function wrapBig(v: bigint, t: IntT): bigint {
  if (t.bool) return v !== 0n ? 1n : 0n;
  const bits = t.size * 8;
  return t.unsigned ? BigInt.asUintN(bits, v) : BigInt.asIntN(bits, v);
}

function int(big: bigint, t: IntT): ConstVal {
  const b = wrapBig(big, t);
  // 64-bit values are held as signed two's complement numbers (see types.ts).
  const v = t.size === 8 ? Number(BigInt.asIntN(64, b)) : Number(b);
  return { k: 'int', v, big: b };
}

const I = (big: bigint): ConstVal => ({ k: 'int', v: Number(big), big });

export function evalConst(e: Expr): ConstVal | null {
  switch (e.k) {
    case 'num':
      return { k: 'int', v: e.v, big: e.big ?? BigInt(e.v) };
    case 'str':
      return { k: 'addr', base: e, add: 0 };
    case 'sizeof':
      return e.v === undefined ? null : I(BigInt(e.v));
    case 'id': {
      const s = e.sym;
      if (!s) return null;
      if (s.k === 'enum') return I(BigInt(s.value));
      if (s.k === 'func') return { k: 'addr', base: s, add: 0 };
      if (s.k === 'global' && s.type.k === 'arr') return { k: 'addr', base: s, add: 0 };
      return null;
    }
    case 'conv':
    case 'cast': {
      const v = evalConst(e.e);
      if (!v) return null;
      const to = e.to;
      if (to.k === 'void') return null;
      if (v.k === 'addr') return to.k === 'ptr' || (to.k === 'int' && to.size === 8) ? v : null;
      const it = intT(to);
      if (it) return int(v.big, it);
      if (to.k === 'ptr') return int(v.big, { k: 'int', size: 8, unsigned: false, name: 'long' }); // (void *)0, (void *)-1
      return null;
    }
    case 'un': {
      if (e.op === '&') return addressOf(e.e);
      const v = evalConst(e.e);
      if (!v || v.k !== 'int') return null;
      const t = intT(e.ty);
      if (!t) return null;
      switch (e.op) {
        case '-':
          return int(-v.big, t);
        case '+':
          return v;
        case '~':
          return int(~v.big, t);
        case '!':
          return I(v.big === 0n ? 1n : 0n);
      }
      return null;
    }
    case 'bin':
      return binary(e.op, e.l, e.r, e.ty, e.scale);
    case 'member':
      return e.ty?.k === 'arr' ? addressOf(e) : null; // an array member decays to its address
    case 'cond': {
      const c = evalConst(e.c);
      if (!c) return null;
      const truth = c.k === 'addr' ? true : c.big !== 0n;
      return evalConst(truth ? e.a : e.b);
    }
    default:
      return null;
  }
}

/** The address of an lvalue designating static storage, if constant. */
function addressOf(e: Expr): ConstVal | null {
  if (e.k === 'id' && e.sym && (e.sym.k === 'global' || e.sym.k === 'func')) return { k: 'addr', base: e.sym, add: 0 };
  if (e.k === 'index') {
    const base = e.a.ty?.k === 'arr' ? addressOf(e.a) : evalConst(e.a);
    const i = evalConst(e.i);
    if (!base || base.k !== 'addr' || !i || i.k !== 'int') return null;
    return { k: 'addr', base: base.base, add: base.add + i.v * (e.scale ?? 1) };
  }
  if (e.k === 'un' && e.op === '*') return evalConst(e.e);
  if (e.k === 'member' && e.off !== undefined) {
    const base = e.arrow ? evalConst(e.e) : addressOf(e.e);
    if (!base) return null;
    // offsetof's &((T *)0)->m: an integer constant
    if (base.k === 'int') return e.arrow ? I(base.big + BigInt(e.off)) : null;
    return { k: 'addr', base: base.base, add: base.add + e.off };
  }
  if (e.k === 'str') return { k: 'addr', base: e, add: 0 };
  return null;
}

function binary(op: string, l: Expr, r: Expr, ty: CType | undefined, scale: number | undefined): ConstVal | null {
  const a = evalConst(l);
  if (!a) return null;
  const truthy = (c: ConstVal): boolean => c.k === 'addr' || c.big !== 0n;
  if (op === '&&' || op === '||') {
    const at = truthy(a);
    if (op === '&&' && !at) return I(0n);
    if (op === '||' && at) return I(1n);
    const b = evalConst(r);
    if (!b) return null;
    return I(truthy(b) ? 1n : 0n);
  }
  const b = evalConst(r);
  if (!b) return null;
  if (a.k === 'addr' || b.k === 'addr') {
    const s = scale ?? 1;
    if (op === '+' && a.k === 'addr' && b.k === 'int') return { k: 'addr', base: a.base, add: a.add + b.v * s };
    if (op === '-' && a.k === 'addr' && b.k === 'int') return { k: 'addr', base: a.base, add: a.add - b.v * s };
    return null;
  }
  const ot = intT(l.ty); // comparisons compute in the operands' type; the result is int
  const t = intT(ty);
  if (!t || !ot) return null;
  const x = a.big;
  const y = b.big;
  switch (op) {
    case '+': return int(x + y, t);
    case '-': return int(x - y, t);
    case '*': return int(x * y, t);
    case '/':
    case '%': {
      if (y === 0n) return null;
      // INT_MIN / -1 traps at run time on x86: not a constant
      if (!t.unsigned && y === -1n && x === -(1n << BigInt(t.size * 8 - 1))) return null;
      return int(op === '/' ? x / y : x % y, t); // BigInt division truncates toward zero, like C
    }
    case '<<': return int(x << (y & BigInt(t.size * 8 - 1)), t);
    case '>>': return int(x >> (y & BigInt(t.size * 8 - 1)), t);
    case '&': return int(x & y, t);
    case '|': return int(x | y, t);
    case '^': return int(x ^ y, t);
    case '<': return I(x < y ? 1n : 0n);
    case '>': return I(x > y ? 1n : 0n);
    case '<=': return I(x <= y ? 1n : 0n);
    case '>=': return I(x >= y ? 1n : 0n);
    case '==': return I(x === y ? 1n : 0n);
    case '!=': return I(x !== y ? 1n : 0n);
    default:
      return null;
  }
}
