// C types of the kernlab subset, with x86-64 System V sizes and alignments.
//
// Values of every type travel as JS numbers. int and narrower are exact;
// long, unsigned long and pointers are 64-bit two's complement patterns kept
// as *signed* numbers (so (unsigned long)-1 is held as -1 and printed as
// 18446744073709551615), exact within ±2^53 — every user address is.

import type { Expr } from './ast';

/** An integer type: char, short, int, long (long long = long), _Bool, enums, typedef-like names. */
export interface IntT {
  k: 'int';
  size: 1 | 2 | 4 | 8; // bytes
  unsigned: boolean; // unsigned arithmetic and zero extension
  name: string; // spelling for messages and symbols ("int", "pid_t", "unsigned char")
  bool?: boolean; // _Bool: conversion to it yields 0 or 1
  c?: boolean; // const-qualified
}

export interface VoidT {
  k: 'void';
  c?: boolean; // const-qualified (const void *)
}

export interface PtrT {
  k: 'ptr';
  to: CType; // pointee
  c?: boolean; // the pointer object itself is const (char *const p)
}

export interface ArrT {
  k: 'arr';
  of: CType; // element type
  n: number; // element count; -1 while incomplete (int a[] = {...})
  nExpr?: Expr; // size expression, resolved by sema
  c?: boolean; // unused: const applies to elements
}

export interface FnT {
  k: 'fn';
  ret: CType; // return type
  params: CType[]; // parameter types after adjustment (arrays and functions become pointers)
  variadic: boolean; // ends with ", ..."
  noproto: boolean; // declared with () : no prototype, any arguments accepted
  c?: boolean; // unused
}

/** Types only usable behind a pointer: FILE and struct task_struct. */
export interface OpaqueT {
  k: 'opaque';
  name: 'FILE' | 'struct task_struct'; // what the pointer designates
  c?: boolean; // const-qualified
}

/** A member of a struct: its type and byte offset. */
export interface Member {
  name: string;
  type: CType;
  off: number; // byte offset from the start of the struct
  pos?: { line: number; col: number }; // where it is declared (absent for the C library's structs)
}

/** A struct's definition, shared by every StructT naming it; completed in place when its '}' is analysed. */
export interface StructDef {
  tag: string; // '' for an anonymous struct
  members: Member[] | null; // null while incomplete (declared, not yet defined)
  size: number; // sizeof, with the tail padding; -1 while incomplete
  align: number; // the strictest member alignment (x86-64 System V)
}

export interface StructT {
  k: 'struct';
  def: StructDef;
  name?: string; // the typedef name it was written with, for messages (sigset_t, siginfo_t)
  c?: boolean; // const-qualified
}

export type CType = IntT | VoidT | PtrT | ArrT | FnT | OpaqueT | StructT;

export const T_VOID: VoidT = { k: 'void' };
export const T_BOOL: IntT = { k: 'int', size: 1, unsigned: true, name: '_Bool', bool: true };
export const T_CHAR: IntT = { k: 'int', size: 1, unsigned: false, name: 'char' };
export const T_SCHAR: IntT = { k: 'int', size: 1, unsigned: false, name: 'signed char' };
export const T_UCHAR: IntT = { k: 'int', size: 1, unsigned: true, name: 'unsigned char' };
export const T_SHORT: IntT = { k: 'int', size: 2, unsigned: false, name: 'short int' };
export const T_USHORT: IntT = { k: 'int', size: 2, unsigned: true, name: 'short unsigned int' };
export const T_INT: IntT = { k: 'int', size: 4, unsigned: false, name: 'int' };
export const T_UINT: IntT = { k: 'int', size: 4, unsigned: true, name: 'unsigned int' };
export const T_LONG: IntT = { k: 'int', size: 8, unsigned: false, name: 'long int' };
export const T_ULONG: IntT = { k: 'int', size: 8, unsigned: true, name: 'long unsigned int' };
export const T_LLONG: IntT = { k: 'int', size: 8, unsigned: false, name: 'long long int' };
export const T_ULLONG: IntT = { k: 'int', size: 8, unsigned: true, name: 'long long unsigned int' };
export const T_SIZE: IntT = { k: 'int', size: 8, unsigned: true, name: 'size_t' };
export const T_SSIZE: IntT = { k: 'int', size: 8, unsigned: false, name: 'ssize_t' };
export const T_PTRDIFF: IntT = { k: 'int', size: 8, unsigned: false, name: 'long int' };
export const T_VOIDP: PtrT = { k: 'ptr', to: T_VOID };
export const T_CHARP: PtrT = { k: 'ptr', to: T_CHAR };
export const T_TASK: OpaqueT = { k: 'opaque', name: 'struct task_struct' };
export const T_FILE: OpaqueT = { k: 'opaque', name: 'FILE' };

/** Built-in type names that a header would typedef (the structs' are in libc/structs.ts). */
/** glibc's sigset_t: 1024 bits, of which the kernel's 64-bit sigset uses the first word. */
const T_SIGSET: StructT = {
  k: 'struct',
  name: 'sigset_t',
  def: { tag: '', size: 128, align: 8, members: [{ name: '__val', type: { k: 'arr', of: T_ULONG, n: 16 }, off: 0 }] },
};

export const NAMED_TYPES: Record<string, IntT | OpaqueT | StructT> = {
  pid_t: { k: 'int', size: 4, unsigned: false, name: 'pid_t' },
  uid_t: { k: 'int', size: 4, unsigned: true, name: 'uid_t' },
  gid_t: { k: 'int', size: 4, unsigned: true, name: 'gid_t' },
  mode_t: { k: 'int', size: 4, unsigned: true, name: 'mode_t' },
  size_t: T_SIZE,
  ssize_t: T_SSIZE,
  off_t: { k: 'int', size: 8, unsigned: false, name: 'off_t' },
  time_t: { k: 'int', size: 8, unsigned: false, name: 'time_t' },
  useconds_t: { k: 'int', size: 4, unsigned: true, name: 'useconds_t' },
  id_t: { k: 'int', size: 4, unsigned: true, name: 'id_t' },
  idtype_t: { k: 'int', size: 4, unsigned: true, name: 'idtype_t' }, // glibc's enum of P_ALL, P_PID, P_PGID, P_PIDFD
  sigset_t: T_SIGSET,
  pthread_t: { k: 'int', size: 8, unsigned: true, name: 'pthread_t' },
  intptr_t: { k: 'int', size: 8, unsigned: false, name: 'intptr_t' },
  uintptr_t: { k: 'int', size: 8, unsigned: true, name: 'uintptr_t' },
  ptrdiff_t: { k: 'int', size: 8, unsigned: false, name: 'ptrdiff_t' },
  int8_t: { k: 'int', size: 1, unsigned: false, name: 'int8_t' },
  uint8_t: { k: 'int', size: 1, unsigned: true, name: 'uint8_t' },
  int16_t: { k: 'int', size: 2, unsigned: false, name: 'int16_t' },
  uint16_t: { k: 'int', size: 2, unsigned: true, name: 'uint16_t' },
  int32_t: { k: 'int', size: 4, unsigned: false, name: 'int32_t' },
  uint32_t: { k: 'int', size: 4, unsigned: true, name: 'uint32_t' },
  int64_t: { k: 'int', size: 8, unsigned: false, name: 'int64_t' },
  uint64_t: { k: 'int', size: 8, unsigned: true, name: 'uint64_t' },
  intmax_t: { k: 'int', size: 8, unsigned: false, name: 'intmax_t' },
  uintmax_t: { k: 'int', size: 8, unsigned: true, name: 'uintmax_t' },
  bool: T_BOOL,
  FILE: T_FILE,
};

export function isInt(t: CType): t is IntT {
  return t.k === 'int';
}
export function isPtr(t: CType): t is PtrT {
  return t.k === 'ptr';
}
/** Arithmetic = integer here (no floating point in the subset). */
export function isArith(t: CType): t is IntT {
  return t.k === 'int';
}
export function isScalar(t: CType): boolean {
  return t.k === 'int' || t.k === 'ptr';
}
/** A pointer to a complete object type (pointer arithmetic allowed; void * as a GNU extension, size 1). */
export function isObjPtr(t: CType): t is PtrT {
  return t.k === 'ptr' && t.to.k !== 'fn' && t.to.k !== 'opaque' && !(t.to.k === 'struct' && t.to.def.size < 0);
}

/** A member by name, or undefined. */
export function findMember(t: StructT, name: string): Member | undefined {
  return t.def.members?.find((m) => m.name === name);
}

/**
 * Lays out a struct as the x86-64 System V ABI does: each member at the
 * next multiple of its alignment, the size rounded up to the strictest one.
 */
export function layoutStruct(def: StructDef, members: { name: string; type: CType; pos?: { line: number; col: number } }[]): void {
  let off = 0;
  let align = 1;
  const out: Member[] = [];
  for (const m of members) {
    const a = alignOf(m.type);
    off = Math.ceil(off / a) * a;
    out.push({ name: m.name, type: m.type, off, pos: m.pos });
    off += Math.max(sizeOf(m.type), 0);
    align = Math.max(align, a);
  }
  def.members = out;
  def.align = align;
  def.size = Math.ceil(off / align) * align;
}

/** sizeof; -1 for incomplete types (function types: 1, as gcc). */
export function sizeOf(t: CType): number {
  switch (t.k) {
    case 'int':
      return t.size;
    case 'void':
      return 1; // GNU: sizeof(void) == 1, and void * arithmetic steps by 1
    case 'ptr':
      return 8;
    case 'arr':
      return t.n < 0 ? -1 : t.n * sizeOf(t.of);
    case 'fn':
      return 1;
    case 'opaque':
      return -1;
    case 'struct':
      return t.def.size;
  }
}

export function alignOf(t: CType): number {
  switch (t.k) {
    case 'int':
      return t.size;
    case 'ptr':
      return 8;
    case 'arr':
      return alignOf(t.of);
    case 'struct':
      return Math.max(t.def.align, 1);
    default:
      return 1;
  }
}

/** Integer promotion: types narrower than int become int. */
export function promote(t: IntT): IntT {
  if (t.size < 4) return T_INT;
  return t;
}

/** The usual arithmetic conversions (C11 6.3.1.8) on two integer types. */
export function commonType(a: IntT, b: IntT): IntT {
  const pa = promote(a);
  const pb = promote(b);
  if (pa.size === 8 || pb.size === 8) {
    if ((pa.size === 8 && pa.unsigned) || (pb.size === 8 && pb.unsigned)) return T_ULONG;
    return T_LONG; // long can hold every unsigned int
  }
  if (pa.unsigned || pb.unsigned) return T_UINT;
  return T_INT;
}

/** Array-to-pointer and function-to-pointer decay. */
export function decay(t: CType): CType {
  if (t.k === 'arr') return { k: 'ptr', to: t.of };
  if (t.k === 'fn') return { k: 'ptr', to: t };
  return t;
}

export function unqual<T extends CType>(t: T): T {
  if (!t.c) return t;
  const u = { ...t };
  delete u.c;
  return u;
}

export function withConst<T extends CType>(t: T): T {
  if (t.c) return t;
  return { ...t, c: true };
}

/** Structural compatibility, ignoring qualifiers; () matches any parameter list. */
export function sameType(a: CType, b: CType): boolean {
  if (a.k !== b.k) return false;
  switch (a.k) {
    case 'void':
      return true;
    case 'int': {
      const bi = b as IntT;
      return a.size === bi.size && a.unsigned === bi.unsigned && !!a.bool === !!bi.bool;
    }
    case 'ptr':
      return sameType(a.to, (b as PtrT).to);
    case 'arr': {
      const ba = b as ArrT;
      return (a.n === ba.n || a.n < 0 || ba.n < 0) && sameType(a.of, ba.of);
    }
    case 'opaque':
      return a.name === (b as OpaqueT).name;
    case 'struct':
      return a.def === (b as StructT).def;
    case 'fn': {
      const bf = b as FnT;
      if (!sameType(a.ret, bf.ret)) return false;
      if (a.noproto || bf.noproto) return true;
      if (a.variadic !== bf.variadic || a.params.length !== bf.params.length) return false;
      return a.params.every((p, i) => sameType(p, bf.params[i]));
    }
  }
}

/** Pointer targets compatible for assignment: same type, or differing only in signedness of same-size integers. */
export function compatiblePointees(a: CType, b: CType): boolean {
  if (sameType(a, b)) return true;
  if (a.k === 'int' && b.k === 'int') return a.size === b.size && !a.bool && !b.bool; // -Wpointer-sign is only a warning
  return false;
}

/** The C spelling of a type as gcc prints it: "int", "char *", "int[4]", "void (*)(int)". */
export function typeStr(t: CType): string {
  return declStr(t, '').trim();
}

/** Spelling of a declaration of `inner` with type t (inner is a declarator fragment). */
function declStr(t: CType, inner: string): string {
  const q = (c?: boolean): string => (c ? 'const ' : '');
  const sep = inner === '' ? '' : inner.startsWith('[') ? '' : ' ';
  switch (t.k) {
    case 'void':
      return `${q(t.c)}void${sep}${inner}`;
    case 'int':
      return `${q(t.c)}${t.name}${sep}${inner}`;
    case 'opaque':
      return `${q(t.c)}${t.name}${sep}${inner}`;
    case 'struct':
      return `${q(t.c)}${t.name ?? `struct ${t.def.tag || '<anonymous>'}`}${sep}${inner}`;
    case 'ptr': {
      const star = t.c ? '* const' : '*';
      const needParen = t.to.k === 'arr' || t.to.k === 'fn';
      const frag = needParen ? `(${star}${inner})` : `${star}${inner}`;
      return declStr(t.to, frag);
    }
    case 'arr':
      return declStr(t.of, `${inner}[${t.n >= 0 ? t.n : ''}]`);
    case 'fn': {
      const ps = t.noproto ? '' : t.params.length === 0 ? 'void' : t.params.map(typeStr).join(', ') + (t.variadic ? ', ...' : '');
      return declStr(t.ret, `${inner}(${ps})`);
    }
  }
}
