// The syntax tree the parser builds. Sema annotates it in place (types,
// symbols, implicit conversions as `conv` nodes); codegen reads it.

import type { Pos } from './diag';
import type { InitPlan, Sym } from './scope';
import type { CType, IntT, StructDef } from './types';

interface Node extends Pos {
  ty?: CType; // sema: the expression's type (before decay)
}

export interface NumE extends Node {
  k: 'num';
  v: number; // value (64-bit as signed two's complement)
  t: IntT; // the literal's type
  big?: bigint; // the exact value when it matters (beyond 2^53)
}
export interface StrE extends Node {
  k: 'str';
  bytes: number[]; // without the NUL
  off?: number; // sema: offset of the literal in .rodata
}
export interface IdE extends Node {
  k: 'id';
  name: string;
  sym?: Sym; // sema: what the name designates
}
export interface BinE extends Node {
  k: 'bin';
  op: string; // + - * / % << >> < > <= >= == != & ^ | && ||
  l: Expr; // left operand
  r: Expr; // right operand
  scale?: number; // sema: pointer arithmetic element size (ptr+int, ptr-int, ptr-ptr)
}
export interface AssignE extends Node {
  k: 'assign';
  op: string; // = += -= *= /= %= <<= >>= &= ^= |=
  l: Expr; // the lvalue assigned
  r: Expr; // the value
  opTy?: CType; // sema: type the compound operation is computed in
  scale?: number; // sema: for p += n, p -= n
}
export interface UnE extends Node {
  k: 'un';
  op: string; // - + ! ~ * &
  e: Expr; // operand
}
export interface IncDecE extends Node {
  k: 'incdec';
  pre: boolean; // ++x rather than x++
  inc: boolean; // ++ rather than --
  e: Expr; // the lvalue
}
export interface CondE extends Node {
  k: 'cond';
  c: Expr; // condition
  a: Expr; // value if true
  b: Expr; // value if false
}
export interface CommaE extends Node {
  k: 'comma';
  l: Expr; // evaluated for its side effects
  r: Expr; // the value
}
export interface CallE extends Node {
  k: 'call';
  f: Expr; // the function (a name or a pointer)
  args: Expr[]; // arguments, converted to the parameter types by sema
  native?: number; // sema: index of the libc native called
  direct?: number; // sema: index of the user function called directly
}
export interface IndexE extends Node {
  k: 'index';
  a: Expr; // the array or pointer
  i: Expr; // the index (converted to long by sema)
  scale?: number; // sema: element size
}
export interface CastE extends Node {
  k: 'cast';
  to: CType; // the type named in the cast
  e: Expr; // operand
}
export interface SizeofE extends Node {
  k: 'sizeof';
  t?: CType; // sizeof(type)
  e?: Expr; // sizeof expr (not evaluated)
  v?: number; // sema: the size
}
/** s.m or p->m. */
export interface MemberE extends Node {
  k: 'member';
  e: Expr; // the struct (.) or the pointer to it (->)
  name: string; // the member
  arrow: boolean; // p->m rather than s.m
  off?: number; // sema: the member's byte offset
}
/** An implicit conversion inserted by sema. */
export interface ConvE extends Node {
  k: 'conv';
  to: CType; // target type
  e: Expr; // operand
}

export type Expr = NumE | StrE | IdE | BinE | AssignE | UnE | IncDecE | CondE | CommaE | CallE | IndexE | CastE | SizeofE | ConvE | MemberE;

/** A designator `.member =` before an element of a braced list. */
export interface Designator {
  name: string; // the member
  pos: Pos; // of the member name
}

/** An initialiser: an expression, or a braced list (nested for arrays and structs); `desig` when written `.m = ...`. */
export type Init = { k: 'expr'; e: Expr; pos: Pos; desig?: Designator } | { k: 'list'; items: Init[]; pos: Pos; desig?: Designator };

export interface Declarator {
  name: string; // the declared identifier
  pos: Pos; // of the name
  type: CType; // its full type
  params?: Param[]; // the parameters, when this declares a function
  init?: Init;
  sym?: Sym; // sema: the declared symbol
  plan?: InitPlan | null; // sema: the flattened initialiser of a local
}

export interface Param {
  name: string; // '' for an unnamed parameter
  pos: Pos; // of the name (or of the type when unnamed)
  type: CType; // adjusted: arrays and functions become pointers
}

export interface EnumConst {
  name: string; // the enumerator
  pos: Pos; // where it is defined
  e?: Expr; // explicit value
}

/** A struct definition met in a declaration's specifiers: sema lays it out. */
export interface StructDecl {
  def: StructDef; // completed by sema
  members: { name: string; type: CType; pos: Pos }[]; // as written
  pos: Pos; // of the 'struct' keyword
}

export interface DeclSpec {
  base: CType; // the type before the declarators
  storage: 'static' | 'extern' | 'register' | 'auto' | 'typedef' | null;
  enums: EnumConst[]; // enumerators defined by this specifier, in order
  structs: StructDecl[]; // struct definitions in this specifier, innermost first
  pos: Pos; // first token of the specifiers
}

export interface DeclStmt extends Pos {
  k: 'decl';
  spec: DeclSpec; // shared by the declarators
  decls: Declarator[]; // possibly none (`enum e { A };`)
}

export type Stmt =
  | ({ k: 'expr'; e: Expr } & Pos)
  | DeclStmt
  | ({ k: 'block'; body: Stmt[]; end: Pos } & Pos)
  | ({ k: 'if'; c: Expr; then: Stmt; else: Stmt | null } & Pos)
  | ({ k: 'while'; c: Expr; body: Stmt } & Pos)
  | ({ k: 'do'; body: Stmt; c: Expr } & Pos)
  | ({ k: 'for'; init: Stmt | null; c: Expr | null; step: Expr | null; body: Stmt } & Pos)
  | SwitchStmt
  | CaseStmt
  | ({ k: 'default'; body: Stmt } & Pos)
  | ({ k: 'break' } & Pos)
  | ({ k: 'continue' } & Pos)
  | ({ k: 'return'; e: Expr | null } & Pos)
  | ({ k: 'empty' } & Pos);

export interface SwitchStmt extends Pos {
  k: 'switch';
  e: Expr; // controlling expression
  body: Stmt; // usually a block with case labels
  cases?: CaseStmt[]; // sema: the case labels of this switch, in order
  hasDefault?: boolean; // sema: a default label exists
}

export interface CaseStmt extends Pos {
  k: 'case';
  e: Expr; // the label's constant expression
  body: Stmt; // the labeled statement
  v?: number; // sema: the label's value, converted to the promoted controlling type
}

export interface FuncDef extends Pos {
  k: 'func';
  spec: DeclSpec; // return type and storage class
  d: Declarator; // type is a FnT, params set
  body: Stmt & { k: 'block' }; // the function body
}

export type TopLevel = DeclStmt | FuncDef;

/** Where an expression starts (gcc reports whole-expression errors there; operators at their own position). */
export function exprStart(e: Expr): Pos {
  switch (e.k) {
    case 'bin':
    case 'assign':
    case 'comma':
      return exprStart(e.l);
    case 'cond':
      return exprStart(e.c);
    case 'index':
      return exprStart(e.a);
    case 'call':
      return exprStart(e.f);
    case 'incdec':
      return e.pre ? e : exprStart(e.e);
    case 'conv':
      return exprStart(e.e);
    case 'member':
      return exprStart(e.e);
    default:
      return e;
  }
}
