// Constant expressions: array sizes, case labels, enumerators, and the
// initialisers of globals (which may be addresses: &x, "str", a function).
// Works on expressions sema has already typed.

import type { Expr, StrE } from './ast';
import * as ops from './intops';
import type { FuncSym, GlobalSym } from './scope';
import { isInt, type CType, type IntT } from './types';

export type ConstVal = { k: 'int'; v: number } | { k: 'addr'; base: GlobalSym | FuncSym | StrE; add: number };

const intT = (t: CType | undefined): IntT | null => (t && isInt(t) ? t : null);

export function evalConst(e: Expr): ConstVal | null {
  switch (e.k) {
    case 'num':
      return { k: 'int', v: e.v };
    case 'str':
      return { k: 'addr', base: e, add: 0 };
    case 'sizeof':
      return e.v === undefined ? null : { k: 'int', v: e.v };
    case 'id': {
      const s = e.sym;
      if (!s) return null;
      if (s.k === 'enum') return { k: 'int', v: s.value };
      if (s.k === 'func') return { k: 'addr', base: s, add: 0 };
      if (s.k === 'global' && s.type.k === 'arr') return { k: 'addr', base: s, add: 0 };
      return null;
    }
    case 'conv':
    case 'cast': {
      const v = evalConst(e.e);
      if (!v) return null;
      const to = e.k === 'conv' ? e.to : e.to;
      if (to.k === 'void') return null;
      if (v.k === 'addr') return to.k === 'ptr' || (to.k === 'int' && to.size === 8) ? v : null;
      const it = intT(to);
      if (it) return { k: 'int', v: ops.wrap(v.v, it) };
      if (to.k === 'ptr') return v; // an integer used as an address: (void *)0, (void *)-1
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
          return { k: 'int', v: ops.wrap(t.size === 8 ? ops.sub64(0, v.v) : -v.v, t) };
        case '+':
          return v;
        case '~':
          return { k: 'int', v: ops.wrap(t.size === 8 ? ops.xor64(v.v, -1) : ~v.v, t) };
        case '!':
          return { k: 'int', v: v.v === 0 ? 1 : 0 };
      }
      return null;
    }
    case 'bin':
      return binary(e.op, e.l, e.r, e.ty, e.scale);
    case 'cond': {
      const c = evalConst(e.c);
      if (!c) return null;
      const truth = c.k === 'addr' ? true : c.v !== 0;
      return evalConst(truth ? e.a : e.b);
    }
    case 'index': // &a[i] is handled by addressOf
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
  if (e.k === 'str') return { k: 'addr', base: e, add: 0 };
  return null;
}

function binary(op: string, l: Expr, r: Expr, ty: CType | undefined, scale: number | undefined): ConstVal | null {
  const a = evalConst(l);
  if (!a) return null;
  if (op === '&&' || op === '||') {
    const at = a.k === 'addr' || a.v !== 0;
    if (op === '&&' && !at) return { k: 'int', v: 0 };
    if (op === '||' && at) return { k: 'int', v: 1 };
    const b = evalConst(r);
    if (!b) return null;
    return { k: 'int', v: b.k === 'addr' || b.v !== 0 ? 1 : 0 };
  }
  const b = evalConst(r);
  if (!b) return null;
  if (a.k === 'addr' || b.k === 'addr') {
    const s = scale ?? 1;
    if (op === '+' && a.k === 'addr' && b.k === 'int') return { k: 'addr', base: a.base, add: a.add + b.v * s };
    if (op === '-' && a.k === 'addr' && b.k === 'int') return { k: 'addr', base: a.base, add: a.add - b.v * s };
    return null;
  }
  // Comparisons compute in the operands' type; the result is int.
  const ot = intT(l.ty);
  const t = intT(ty);
  if (!t || !ot) return null;
  const x = a.v;
  const y = b.v;
  const unsigned64 = ot.size === 8 && ot.unsigned;
  const cmp = unsigned64 ? ops.cmpu64(x, y) : x < y ? -1 : x > y ? 1 : 0;
  const big = t.size === 8;
  let v: number;
  switch (op) {
    case '+': v = big ? ops.add64(x, y) : x + y; break;
    case '-': v = big ? ops.sub64(x, y) : x - y; break;
    case '*': v = big ? ops.mul64(x, y) : t.unsigned ? Math.imul(x, y) >>> 0 : Math.imul(x, y); break;
    case '/':
    case '%':
      if (y === 0) return null;
      if (!t.unsigned && y === -1 && x === (big ? ops.INT64_MIN : -2147483648)) return null;
      if (big) v = t.unsigned ? (op === '/' ? ops.divu64(x, y) : ops.modu64(x, y)) : op === '/' ? ops.div64(x, y) : ops.mod64(x, y);
      else v = op === '/' ? Math.trunc(x / y) : x % y;
      break;
    case '<<': v = big ? ops.shl64(x, y) : x << (y & 31); break;
    case '>>': v = big ? (t.unsigned ? ops.shr64(x, y) : ops.sar64(x, y)) : t.unsigned ? x >>> (y & 31) : x >> (y & 31); break;
    case '&': v = big ? ops.and64(x, y) : x & y; break;
    case '|': v = big ? ops.or64(x, y) : x | y; break;
    case '^': v = big ? ops.xor64(x, y) : x ^ y; break;
    case '<': return { k: 'int', v: cmp < 0 ? 1 : 0 };
    case '>': return { k: 'int', v: cmp > 0 ? 1 : 0 };
    case '<=': return { k: 'int', v: cmp <= 0 ? 1 : 0 };
    case '>=': return { k: 'int', v: cmp >= 0 ? 1 : 0 };
    case '==': return { k: 'int', v: cmp === 0 ? 1 : 0 };
    case '!=': return { k: 'int', v: cmp !== 0 ? 1 : 0 };
    default:
      return null;
  }
  return { k: 'int', v: ops.wrap(v, t) };
}
