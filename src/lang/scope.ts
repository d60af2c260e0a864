// Symbols and block scopes.

import type { Init } from './ast';
import type { Pos } from './diag';
import type { CType, FnT } from './types';

/** A local variable or parameter: lives in the stack frame at fp + off. */
export interface LocalSym {
  k: 'local';
  name: string;
  type: CType;
  off: number; // offset from the frame pointer (negative)
  pos: Pos; // declaration
  register: boolean; // declared `register`: its address may not be taken
}

/** A global, a static local, or a const object in .rodata. */
export interface GlobalSym {
  k: 'global';
  name: string; // the source name
  symName: string; // the symbol-table name (static locals: "name.N", as gcc)
  type: CType;
  pos: Pos; // first declaration
  defined: boolean; // a definition (with or without initialiser) was seen, not only `extern`
  init: Init | null; // initialiser, if any
  konst: boolean; // const-qualified object: goes to .rodata
  isStatic: boolean; // internal linkage
  sec: 'rodata' | 'data' | 'bss' | null; // layout: section chosen when the unit is complete
  off: number; // layout: offset in its section
  plan: InitPlan | null; // sema: flattened initialiser
}

/** A function: defined by the program, or provided by libc (a native). */
export interface FuncSym {
  k: 'func';
  name: string;
  type: FnT;
  pos: Pos; // first declaration
  index: number; // index in the program's function table once defined; -1 if not (yet) defined
  native: number; // libc native index, -1 if none
  firstUse: Pos | null; // first call or address-of, for "undefined reference"
}

export interface EnumSym {
  k: 'enum';
  name: string;
  value: number;
  pos: Pos;
}

/** Identifiers the C library defines as macros or thread-locals. */
export interface SpecialSym {
  k: 'special';
  name: 'errno' | 'stdout' | 'stderr' | 'stdin' | 'current' | 'environ';
  type: CType;
}

export type Sym = LocalSym | GlobalSym | FuncSym | EnumSym | SpecialSym;

/** A flattened initialiser: zero the object, then store these values. */
export interface InitPlan {
  zero: boolean; // zero the whole object first (arrays and partial lists)
  stores: InitStore[]; // element values at byte offsets, in order
}

export interface InitStore {
  off: number; // byte offset inside the object
  ty: CType; // element type (scalar)
  e: import('./ast').Expr | null; // value (already converted to ty); null when `bytes` is set
  bytes: number[] | null; // a string literal copied into a char array
}

export class Scope {
  private readonly names = new Map<string, Sym>();

  constructor(readonly parent: Scope | null) {}

  lookup(name: string): Sym | undefined {
    return this.names.get(name) ?? this.parent?.lookup(name);
  }

  /** In this scope only. */
  own(name: string): Sym | undefined {
    return this.names.get(name);
  }

  set(name: string, sym: Sym): void {
    this.names.set(name, sym);
  }
}
