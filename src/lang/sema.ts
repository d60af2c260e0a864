// Semantic analysis: scopes, types, lvalues, implicit conversions, frame
// layout of locals, and gcc's diagnostics for the errors a student makes.
// Annotates the tree in place for codegen: every expression gets `ty`,
// identifiers their symbol, implicit conversions become `conv` nodes.

import { MISSING_FUNCTIONS, MISSING_NAMES } from './libc/missing';
import { STUB_ONLY } from './libc/protos';
import {
  exprStart, type CallE, type CaseStmt, type DeclSpec, type DeclStmt, type EnumConst, type Expr, type FuncDef, type Init, type MemberE, type Stmt, type StrE,
  type StructDecl, type SwitchStmt, type TopLevel,
} from './ast';
import { evalConst } from './consteval';
import type { Diags, Pos } from './diag';
import { nativeDecls, nativeIndex } from './libc/decls';
import { Scope, type FuncSym, type GlobalSym, type InitPlan, type InitStore, type LocalSym, type SpecialSym, type Sym } from './scope';
import {
  T_CHAR, T_FILE, T_INT, T_LONG, T_TASK, T_ULONG, alignOf, commonType, compatiblePointees, decay, findMember, isInt, isObjPtr, isScalar,
  layoutStruct, promote, sameType, sizeOf, typeStr, unqual, withConst, type ArrT, type CType, type FnT, type IntT, type PtrT, type StructT,
} from './types';

/** A defined function and its frame. */
export interface FuncUnit {
  sym: FuncSym;
  def: FuncDef;
  params: LocalSym[]; // in order
  frameSize: number; // bytes of locals below the frame pointer, a multiple of 16
}

/** What codegen and layout need from the whole translation unit. */
export interface Unit {
  funcs: FuncUnit[]; // index = FuncSym.index
  globals: GlobalSym[]; // every object with static storage, in declaration order
  strings: StrE[]; // every string literal evaluated as an array object
}

/** The error type: operations on it report nothing more (no cascades). */
const T_ERR: IntT = { k: 'int', size: 4, unsigned: false, name: 'int' };

type ConvCtx = { kind: 'init' } | { kind: 'assign' } | { kind: 'return' } | { kind: 'arg'; n: number; fname: string };

interface FnCtx {
  sym: FuncSym;
  ret: CType;
  frameCur: number; // lowest offset allocated so far (<= 0)
  loops: number; // enclosing loops
  breakable: number; // enclosing loops and switches
  switches: SwitchStmt[];
  undeclared: Set<string>; // names already reported in this function
  funcName: GlobalSym | null; // __func__
}

export function analyze(unit: TopLevel[], diags: Diags): Unit {
  return new Sema(diags).run(unit);
}

class Sema {
  private readonly lib = new Scope(null);
  private readonly file: Scope;
  private scope: Scope;
  private readonly funcs: FuncUnit[] = [];
  private readonly globals: GlobalSym[] = [];
  private readonly strings: StrE[] = [];
  private readonly fileFuncs: FuncSym[] = [];
  private readonly refusedFns = new WeakSet<FnT>(); // functions refused at their declaration (structs by value)
  private fn: FnCtx | null = null;
  private staticCounter = 0;

  constructor(private readonly d: Diags) {
    for (const n of nativeDecls()) {
      if (STUB_ONLY.has(n.name)) continue;
      const s: FuncSym = { k: 'func', name: n.name, type: n.type, pos: { line: 0, col: 0 }, index: -1, native: n.index, firstUse: null };
      this.lib.set(n.name, s);
    }
    const special = (name: 'errno' | 'stdout' | 'stderr' | 'stdin' | 'current' | 'environ', type: CType): void => {
      this.lib.set(name, { k: 'special', name, type });
    };
    special('errno', T_INT);
    special('stdout', { k: 'ptr', to: T_FILE });
    special('stderr', { k: 'ptr', to: T_FILE });
    special('stdin', { k: 'ptr', to: T_FILE });
    special('current', { k: 'ptr', to: T_TASK });
    special('environ', { k: 'ptr', to: { k: 'ptr', to: T_CHAR } });
    this.file = new Scope(this.lib);
    this.scope = this.file;
  }

  run(unit: TopLevel[]): Unit {
    for (const top of unit) {
      if (top.k === 'func') this.funcDef(top);
      else this.fileDecl(top);
    }
    for (const f of this.fileFuncs) {
      if (f.index < 0 && f.native < 0 && f.firstUse && !this.refusedFns.has(f.type)) this.d.error(f.firstUse, `undefined reference to \`${f.name}'`);
    }
    return { funcs: this.funcs, globals: this.globals, strings: this.strings };
  }

  // ---- declarations ----

  private defineEnums(enums: EnumConst[]): void {
    let next = 0;
    for (const ec of enums) {
      let v = next;
      if (ec.e) {
        const t = this.operand(ec.e);
        const c = isInt(t) ? evalConst(ec.e) : null;
        if (!c || c.k !== 'int') {
          if (t !== T_ERR) this.d.error(ec.e, `enumerator value for '${ec.name}' is not an integer constant`);
        } else v = c.v;
      }
      const prev = this.scope.own(ec.name);
      if (prev) this.d.error(ec.pos, `redeclaration of enumerator '${ec.name}'`);
      else this.scope.set(ec.name, { k: 'enum', name: ec.name, value: v, pos: ec.pos });
      next = (v + 1) | 0;
    }
  }

  /** Lays out the structs a declaration's specifiers define (innermost first), with gcc's errors for bad members. */
  private defineStructs(structs: StructDecl[]): void {
    for (const sd of structs) {
      const seen = new Set<string>();
      const members: { name: string; type: CType; pos: Pos }[] = [];
      for (const m of sd.members) {
        const t = this.resolveType(m.type, m.name, m.pos);
        if (seen.has(m.name)) this.d.error(m.pos, `duplicate member '${m.name}'`);
        seen.add(m.name);
        if (t.k === 'fn') this.d.error(m.pos, `field '${m.name}' declared as a function`);
        else if (t.k === 'arr' && t.n < 0) this.d.unsupported(m.pos, 'flexible array members');
        else if (t.k === 'void' || t.k === 'opaque' || sizeOf(t) < 0) this.d.error(m.pos, `field '${m.name}' has incomplete type`);
        else {
          members.push({ name: m.name, type: t, pos: m.pos });
          continue;
        }
        members.push({ name: m.name, type: T_INT, pos: m.pos }); // keeps later members' errors meaningful
      }
      layoutStruct(sd.def, members);
    }
  }

  /**
   * Struct types cannot be passed or returned by value in the subset (a
   * refusal at the declaration; calls of a function refused so say nothing
   * more, as its refusal said it).
   */
  private checkFnStructs(t: FnT, pos: Pos): boolean {
    if (t.ret.k === 'struct') {
      this.d.unsupported(pos, 'returning structs by value');
      this.refusedFns.add(t);
      return false;
    }
    if (t.params.some((p) => p.k === 'struct')) {
      this.d.unsupported(pos, 'passing structs by value');
      this.refusedFns.add(t);
      return false;
    }
    return true;
  }

  /** Array sizes given as expressions become numbers; VLAs are refused. */
  private resolveType(t: CType, name: string, pos: Pos): CType {
    switch (t.k) {
      case 'arr': {
        const of = this.resolveType(t.of, name, pos);
        let n = t.n;
        if (t.nExpr) {
          const st = this.operand(t.nExpr);
          if (st === T_ERR) n = 1;
          else if (!isInt(st)) {
            this.d.error(t.nExpr, `size of array '${name}' has non-integer type`);
            n = 1;
          } else {
            const c = evalConst(t.nExpr);
            if (!c || c.k !== 'int') {
              this.d.unsupported(t.nExpr, 'variable-length arrays');
              n = 1;
            } else if (c.v < 0 || (st.unsigned && st.size === 8 && c.v < 0)) {
              this.d.error(t.nExpr, `size of array '${name}' is negative`);
              n = 1;
            } else n = c.v;
          }
        }
        if (of.k === 'arr' && of.n < 0) this.d.error(pos, `array type has incomplete element type '${typeStr(of)}'`);
        if (of.k === 'void') this.d.error(pos, `declaration of '${name}' as array of voids`);
        return { k: 'arr', of, n };
      }
      case 'ptr': {
        const to = this.resolveType(t.to, name, pos);
        return to === t.to ? t : { ...t, to };
      }
      case 'fn': {
        const ret = this.resolveType(t.ret, name, pos);
        const params = t.params.map((p) => this.resolveType(p, name, pos));
        return { ...t, ret, params };
      }
      default:
        return t;
    }
  }

  private fileDecl(d: DeclStmt): void {
    this.defineEnums(d.spec.enums);
    this.defineStructs(d.spec.structs);
    for (const x of d.decls) {
      const type = this.resolveType(x.type, x.name, x.pos);
      if (d.spec.storage === 'typedef') continue;
      if (type.k === 'fn') {
        this.checkFnStructs(type, x.pos);
        if (d.spec.storage === 'register' || d.spec.storage === 'auto') this.d.error(x.pos, `function definition declared '${d.spec.storage}'`);
        x.sym = this.declareFunc(x.name, type, x.pos, false);
        if (x.init) this.d.error(x.pos, `function '${x.name}' is initialized like a variable`);
        continue;
      }
      if (d.spec.storage === 'register' || d.spec.storage === 'auto') {
        this.d.error(x.pos, `register name not specified for '${x.name}'`);
        continue;
      }
      x.sym = this.declareGlobal(x.name, x.pos, type, d.spec, x.init ?? null);
    }
  }

  private declareFunc(name: string, type: FnT, pos: Pos, isDef: boolean): FuncSym {
    const prev = this.file.own(name);
    if (prev) {
      if (prev.k !== 'func') {
        this.d.error(pos, `'${name}' redeclared as different kind of symbol`);
        return { k: 'func', name, type, pos, index: -1, native: -1, firstUse: null };
      }
      if (prev.native >= 0 && prev.index < 0) {
        // A prototype of a libc function, or its redefinition by the program.
        if (isDef) prev.type = type;
        return prev;
      }
      if (!sameType(prev.type, type)) this.d.error(pos, `conflicting types for '${name}'; have '${typeStr(type)}'`);
      else if (prev.type.noproto && !type.noproto) prev.type = type;
      return prev;
    }
    const lib = this.lib.own(name);
    if (lib && lib.k === 'func') {
      if (isDef) lib.type = type;
      this.file.set(name, lib);
      this.fileFuncs.push(lib);
      return lib;
    }
    const s: FuncSym = { k: 'func', name, type, pos, index: -1, native: -1, firstUse: null };
    this.file.set(name, s);
    this.fileFuncs.push(s);
    return s;
  }

  private checkObjectType(name: string, pos: Pos, type: CType, hasInit: boolean, isExtern: boolean): boolean {
    if (type.k === 'void') {
      this.d.error(pos, `variable or field '${name}' declared void`);
      return false;
    }
    if (type.k === 'opaque' || (type.k === 'struct' && type.def.size < 0) || (type.k === 'arr' && type.of.k === 'struct' && type.of.def.size < 0)) {
      this.d.error(pos, `storage size of '${name}' isn't known`);
      return false;
    }
    if (type.k === 'arr' && type.n < 0 && !hasInit && !isExtern) {
      this.d.error(pos, `array size missing in '${name}'`);
      return false;
    }
    return true;
  }

  private declareGlobal(name: string, pos: Pos, type: CType, spec: DeclSpec, init: Init | null): GlobalSym | SpecialSym {
    const isExtern = spec.storage === 'extern';
    const special = this.lib.own(name);
    if (isExtern && !init && special && special.k === 'special') {
      // `extern char **environ;`, `extern int errno;`: what the C library already provides
      this.file.set(name, special);
      return special;
    }
    this.checkObjectType(name, pos, type, init !== null, isExtern);
    const prev = this.file.own(name);
    if (prev) {
      if (prev.k !== 'global') {
        this.d.error(pos, `'${name}' redeclared as different kind of symbol`);
      } else {
        if (!sameType(prev.type, type)) this.d.error(pos, `conflicting types for '${name}'; have '${typeStr(type)}'`);
        else if (prev.type.k === 'arr' && prev.type.n < 0 && type.k === 'arr' && type.n >= 0) prev.type = type;
        if (init) {
          if (prev.init) this.d.error(pos, `redefinition of '${name}'`);
          else {
            prev.init = init;
            this.planGlobal(prev);
          }
        }
        if (!isExtern) prev.defined = true;
        return prev;
      }
    }
    const konst = isConstObject(type);
    const g: GlobalSym = {
      k: 'global', name, symName: name, type, pos, defined: !isExtern || init !== null, init, konst,
      isStatic: spec.storage === 'static', sec: null, off: 0, plan: null,
    };
    this.file.set(name, g);
    this.globals.push(g);
    if (init) this.planGlobal(g);
    return g;
  }

  /** A static object's initialiser: flattened, and every element a constant the loader can store. */
  private planGlobal(g: GlobalSym): void {
    const errs = this.d.count;
    const r = this.initPlan(g.type, g.init!, g.name);
    g.type = r.type;
    g.plan = r.plan;
    g.defined = true;
    if (this.d.count !== errs) return;
    for (const st of r.plan.stores) {
      if (!st.e) continue;
      const c = evalConst(st.e);
      if (!c) this.d.error(exprStart(st.e), 'initializer element is not constant');
      else if (c.k === 'addr' && sizeOf(st.ty) !== 8) this.d.error(exprStart(st.e), 'initializer element is not computable at load time');
    }
  }

  private funcDef(def: FuncDef): void {
    this.defineEnums(def.spec.enums);
    this.defineStructs(def.spec.structs);
    const type = this.resolveType(def.d.type, def.d.name, def.d.pos) as FnT;
    if (!this.checkFnStructs(type, def.d.pos)) {
      this.declareFunc(def.d.name, type, def.d.pos, false); // its calls are not 'implicit declarations'
      return;
    }
    if (def.spec.storage === 'register' || def.spec.storage === 'auto') this.d.error(def.d.pos, `function definition declared '${def.spec.storage}'`);
    const sym = this.declareFunc(def.d.name, type, def.d.pos, true);
    if (sym.index >= 0) {
      this.d.error(def.d.pos, `redefinition of '${def.d.name}'`);
      return;
    }
    if (type.ret.k === 'arr' || type.ret.k === 'fn') return; // reported by the parser
    if (type.variadic) {
      this.d.unsupported(def.d.pos, 'variadic function definitions');
      return;
    }
    sym.index = this.funcs.length;
    const unit: FuncUnit = { sym, def, params: [], frameSize: 0 };
    this.funcs.push(unit);
    const fnScope = new Scope(this.file);
    this.fn = { sym, ret: type.ret, frameCur: 0, loops: 0, breakable: 0, switches: [], undeclared: new Set(), funcName: null };
    this.scope = fnScope;
    const params = def.d.params ?? [];
    params.forEach((p, i) => {
      const pt = type.params[i] ?? p.type;
      if (!p.name) {
        this.d.error(p.pos, 'parameter name omitted');
        return;
      }
      if (fnScope.own(p.name)) {
        this.d.error(p.pos, `redefinition of parameter '${p.name}'`);
        return;
      }
      if (pt.k === 'opaque') this.d.error(p.pos, `parameter ${i + 1} ('${p.name}') has incomplete type`);
      const l = this.allocLocal(p.name, pt, p.pos, false);
      unit.params.push(l);
      fnScope.set(p.name, l);
    });
    for (const s of def.body.body) this.stmt(s);
    unit.frameSize = Math.ceil(-this.fn.frameCur / 16) * 16;
    this.fn = null;
    this.scope = this.file;
  }

  private allocLocal(name: string, type: CType, pos: Pos, register: boolean): LocalSym {
    const f = this.fn!;
    const size = Math.max(1, sizeOf(type));
    const align = Math.max(alignOf(type), type.k === 'arr' && size >= 16 ? 16 : 1);
    f.frameCur = -Math.ceil((size - f.frameCur) / align) * align;
    return { k: 'local', name, type, off: f.frameCur, pos, register };
  }

  private localDecl(d: DeclStmt): void {
    this.defineEnums(d.spec.enums);
    this.defineStructs(d.spec.structs);
    for (const x of d.decls) {
      const type = this.resolveType(x.type, x.name, x.pos);
      if (d.spec.storage === 'typedef') continue;
      if (type.k === 'fn') {
        this.checkFnStructs(type, x.pos);
        if (d.spec.storage === 'static') this.d.error(x.pos, `invalid storage class for function '${x.name}'`);
        const s = this.declareFunc(x.name, type, x.pos, false);
        this.scope.set(x.name, s);
        x.sym = s;
        continue;
      }
      const prev = this.scope.own(x.name);
      if (d.spec.storage === 'extern') {
        if (x.init) this.d.error(x.pos, `'${x.name}' has both 'extern' and initializer`);
        let g = this.file.own(x.name);
        if (!g || (g.k !== 'global' && g.k !== 'special')) g = this.declareGlobal(x.name, x.pos, type, d.spec, null);
        this.scope.set(x.name, g);
        x.sym = g;
        continue;
      }
      if (prev) {
        if (prev.k === 'local' || prev.k === 'global') this.d.error(x.pos, `redeclaration of '${x.name}' with no linkage`);
        else this.d.error(x.pos, `'${x.name}' redeclared as different kind of symbol`);
        continue;
      }
      if (!this.checkObjectType(x.name, x.pos, type, !!x.init, false)) continue;
      if (d.spec.storage === 'static') {
        const g: GlobalSym = {
          k: 'global', name: x.name, symName: `${x.name}.${this.staticCounter++}`, type, pos: x.pos, defined: true, init: x.init ?? null,
          konst: isConstObject(type), isStatic: true, sec: null, off: 0, plan: null,
        };
        this.scope.set(x.name, g);
        this.globals.push(g);
        if (x.init) this.planGlobal(g);
        x.sym = g;
        continue;
      }
      let t: CType = type;
      let plan: InitPlan | null = null;
      if (x.init) {
        // The name is in scope in its own initialiser (C11 6.2.1p7); sized first for `int a[] = {...}`.
        if (t.k === 'arr' && t.n < 0) {
          const probe = this.initPlan(t, x.init, x.name);
          t = probe.type;
          plan = probe.plan;
          const l = this.allocLocal(x.name, t, x.pos, d.spec.storage === 'register');
          this.scope.set(x.name, l);
          x.sym = l;
          x.plan = plan;
          continue;
        }
      }
      const l = this.allocLocal(x.name, t, x.pos, d.spec.storage === 'register');
      this.scope.set(x.name, l);
      x.sym = l;
      if (x.init) plan = this.initPlan(t, x.init, x.name).plan;
      x.plan = plan;
    }
  }

  /** Flattens an initialiser for an object of type `type`; completes `int a[] = {...}`. */
  private initPlan(type: CType, init: Init, name: string): { type: CType; plan: InitPlan } {
    const stores: InitStore[] = [];
    if (type.k === 'struct') {
      if (init.k === 'expr') {
        const t = this.typed(init.e);
        if (t !== T_ERR && !(t.k === 'struct' && t.def === type.def)) this.d.error(exprStart(init.e), 'invalid initializer');
        else stores.push({ off: 0, ty: unqual(type), e: init.e, bytes: null });
        return { type, plan: { zero: false, stores } };
      }
      const cursor = { items: init.items, i: 0 };
      this.fillStruct(type, 0, cursor, stores, true);
      if (cursor.i < cursor.items.length) this.d.error(cursor.items[cursor.i].pos, 'excess elements in struct initializer');
      return { type, plan: { zero: true, stores } };
    }
    if (type.k !== 'arr') {
      let e: Expr | null = null;
      if (init.k === 'expr') e = init.e;
      else if (init.items.length === 0) this.d.error(init.pos, 'empty scalar initializer');
      else {
        const first = init.items[0];
        if (first.k === 'list') this.d.error(first.pos, 'braces around scalar initializer');
        else e = first.e;
        if (init.items.length > 1) this.d.error(init.items[1].pos, 'excess elements in scalar initializer');
      }
      if (e) {
        this.operand(e);
        stores.push({ off: 0, ty: type, e: this.assignConv(e, type, { kind: 'init' }, exprStart(e)), bytes: null });
      }
      return { type, plan: { zero: false, stores } };
    }
    // Arrays.
    let t: ArrT = type;
    const str = stringInit(init);
    if (str && t.of.k === 'int' && t.of.size === 1) {
      const n = t.n < 0 ? str.bytes.length + 1 : t.n;
      if (str.bytes.length > n) this.d.error(str, `initializer-string for array of '${typeStr(t.of)}' is too long`);
      t = { k: 'arr', of: t.of, n };
      stores.push({ off: 0, ty: t, e: null, bytes: str.bytes.slice(0, n).concat(str.bytes.length < n ? [0] : []) });
      return { type: t, plan: { zero: true, stores } };
    }
    if (init.k !== 'list') {
      this.operand(init.e);
      this.d.error(init.e, 'invalid initializer');
      return { type: t.n < 0 ? { ...t, n: 1 } : t, plan: { zero: true, stores } };
    }
    const cursor = { items: init.items, i: 0 };
    const count = this.fillArray(t, 0, cursor, stores, true);
    if (cursor.i < cursor.items.length) this.d.error(cursor.items[cursor.i].pos, 'excess elements in array initializer');
    if (t.n < 0) t = { ...t, n: Math.max(count, 0) };
    if (t.n === 0 && count === 0 && init.items.length === 0) this.d.error(init.pos, `zero or negative size array '${name}'`);
    return { type: t, plan: { zero: true, stores } };
  }

  /** Consumes initialisers for array `t` at byte offset `off`; returns the element count used. */
  private fillArray(t: ArrT, off: number, cur: { items: Init[]; i: number }, out: InitStore[], braced: boolean): number {
    const esz = sizeOf(t.of);
    let n = 0;
    while (cur.i < cur.items.length && (t.n < 0 || n < t.n)) {
      const it = cur.items[cur.i];
      if (it.desig) {
        if (!braced) break; // the enclosing struct's member
        this.d.error(it.desig.pos, 'field name not in record or union initializer');
        cur.i++;
        continue;
      }
      const eoff = off + n * esz;
      if (t.of.k === 'arr' || t.of.k === 'struct') this.fillAggregate(t.of, eoff, cur, out);
      else this.fillScalar(t.of, eoff, cur, out);
      n++;
      if (!braced && t.n >= 0 && n >= t.n) break;
    }
    return n;
  }

  /**
   * Consumes initialisers for the members of struct `t` at `off`, in order
   * or by designator (`.m = v` goes on with the member after m). Members
   * sharing storage (the C library's unions) take one value: the first's.
   */
  private fillStruct(t: StructT, off: number, cur: { items: Init[]; i: number }, out: InitStore[], braced: boolean): void {
    const ms = t.def.members ?? [];
    let k = 0;
    while (cur.i < cur.items.length) {
      const it = cur.items[cur.i];
      if (it.desig) {
        if (!braced) return; // a member of the enclosing struct
        const at = ms.findIndex((m) => m.name === it.desig!.name);
        if (at < 0) {
          this.d.error(it.desig.pos, `'${typeStr(unqual(t))}' has no member named '${it.desig.name}'`);
          cur.i++;
          continue;
        }
        k = at;
      }
      if (k >= ms.length) return;
      const m = ms[k];
      if (m.type.k === 'arr' || m.type.k === 'struct') this.fillAggregate(m.type, off + m.off, cur, out);
      else this.fillScalar(m.type, off + m.off, cur, out);
      const end = m.off + Math.max(sizeOf(m.type), 0);
      for (k++; k < ms.length && ms[k].off < end; k++);
    }
  }

  /** An array or struct element: its own braced list, a string (char arrays), a struct value, or elements with braces elided. */
  private fillAggregate(sub: ArrT | StructT, off: number, cur: { items: Init[]; i: number }, out: InitStore[]): void {
    const it = cur.items[cur.i];
    if (sub.k === 'arr') {
      const s = stringInit(it);
      if (s && sub.of.k === 'int' && sub.of.size === 1) {
        cur.i++;
        if (s.bytes.length > sub.n) this.d.error(s, `initializer-string for array of '${typeStr(sub.of)}' is too long`);
        out.push({ off, ty: sub, e: null, bytes: s.bytes.slice(0, sub.n).concat(s.bytes.length < sub.n ? [0] : []) });
        return;
      }
    }
    if (it.k === 'list') {
      cur.i++;
      const inner = { items: it.items, i: 0 };
      if (sub.k === 'arr') this.fillArray(sub, off, inner, out, true);
      else this.fillStruct(sub, off, inner, out, true);
      if (inner.i < inner.items.length) this.d.error(inner.items[inner.i].pos, `excess elements in ${sub.k === 'arr' ? 'array' : 'struct'} initializer`);
      return;
    }
    if (sub.k === 'struct') {
      const t = this.typed(it.e);
      if (t.k === 'struct' || t === T_ERR) {
        cur.i++;
        if (t.k === 'struct' && t.def !== sub.def) this.d.error(exprStart(it.e), `incompatible types when initializing type '${typeStr(unqual(sub))}' using type '${typeStr(unqual(t))}'`);
        else if (t.k === 'struct') out.push({ off, ty: unqual(sub), e: it.e, bytes: null });
        return;
      }
      this.fillStruct(sub, off, cur, out, false); // brace elision
      return;
    }
    this.fillArray(sub, off, cur, out, false); // brace elision
  }

  /** A scalar element: an expression, or one in braces. */
  private fillScalar(ty: CType, off: number, cur: { items: Init[]; i: number }, out: InitStore[]): void {
    const it = cur.items[cur.i++];
    if (it.k === 'list') {
      if (it.items.length === 0) this.d.error(it.pos, 'empty scalar initializer');
      else if (it.items[0].k === 'list') this.d.error(it.pos, 'braces around scalar initializer');
      else {
        const e = it.items[0].e;
        this.typed(e);
        out.push({ off, ty, e: this.assignConv(e, ty, { kind: 'init' }, exprStart(e)), bytes: null });
        if (it.items.length > 1) this.d.error(it.items[1].pos, 'excess elements in scalar initializer');
      }
      return;
    }
    this.typed(it.e);
    out.push({ off, ty, e: this.assignConv(it.e, ty, { kind: 'init' }, exprStart(it.e)), bytes: null });
  }

  /** The (decayed) type of an initialiser expression, analysed once even when brace elision looks at it twice. */
  private typed(e: Expr): CType {
    if (e.ty) return decay(e.ty);
    return this.operand(e);
  }

  // ---- statements ----

  private stmt(s: Stmt): void {
    const f = this.fn!;
    switch (s.k) {
      case 'expr':
        this.ex(s.e);
        if (s.e.k === 'call') s.e = this.foldPrintf(s.e);
        return;
      case 'decl':
        this.localDecl(s);
        return;
      case 'block': {
        const saved = this.scope;
        this.scope = new Scope(saved);
        for (const b of s.body) this.stmt(b);
        this.scope = saved;
        return;
      }
      case 'if':
        this.cond(s.c);
        this.stmt(s.then);
        if (s.else) this.stmt(s.else);
        return;
      case 'while':
      case 'do':
        this.cond(s.c);
        f.loops++;
        f.breakable++;
        this.stmt(s.body);
        f.loops--;
        f.breakable--;
        return;
      case 'for': {
        const saved = this.scope;
        this.scope = new Scope(saved);
        if (s.init) {
          if (s.init.k === 'decl') {
            if (s.init.spec.storage === 'static' || s.init.spec.storage === 'extern') {
              this.d.error(s.init, `declaration of static variable in 'for' loop initial declaration`);
            }
            this.localDecl(s.init);
          } else this.stmt(s.init);
        }
        if (s.c) this.cond(s.c);
        if (s.step) this.ex(s.step);
        f.loops++;
        f.breakable++;
        this.stmt(s.body);
        f.loops--;
        f.breakable--;
        this.scope = saved;
        return;
      }
      case 'switch': {
        const t = this.operand(s.e);
        if (t !== T_ERR && !isInt(t)) this.d.error(s.e, 'switch quantity not an integer');
        else if (isInt(t)) s.e = this.conv(s.e, promote(t));
        s.cases = [];
        s.hasDefault = false;
        f.switches.push(s);
        f.breakable++;
        this.stmt(s.body);
        f.breakable--;
        f.switches.pop();
        return;
      }
      case 'case':
        this.caseLabel(s);
        this.stmt(s.body);
        return;
      case 'default': {
        const sw = f.switches[f.switches.length - 1];
        if (!sw) this.d.error(s, "'default' label not within a switch statement");
        else if (sw.hasDefault) this.d.error(s, 'multiple default labels in one switch');
        else sw.hasDefault = true;
        this.stmt(s.body);
        return;
      }
      case 'break':
        if (f.breakable === 0) this.d.error(s, 'break statement not within loop or switch');
        return;
      case 'continue':
        if (f.loops === 0) this.d.error(s, 'continue statement not within a loop');
        return;
      case 'return': {
        const rt = f.ret;
        if (s.e) {
          const t = this.ex(s.e);
          if (rt.k === 'void') {
            if (decay(t).k !== 'void') this.d.error(s.e, "'return' with a value, in function returning void");
          } else s.e = this.assignConv(s.e, rt, { kind: 'return' }, exprStart(s.e));
        } else if (rt.k !== 'void') this.d.error(s, "'return' with no value, in function returning non-void");
        return;
      }
      case 'empty':
        return;
    }
  }

  private caseLabel(s: CaseStmt): void {
    const f = this.fn!;
    const sw = f.switches[f.switches.length - 1];
    const t = this.operand(s.e);
    if (!sw) {
      this.d.error(s, 'case label not within a switch statement');
      return;
    }
    if (t === T_ERR) return;
    const c = isInt(t) ? evalConst(s.e) : null;
    if (!c || c.k !== 'int') {
      this.d.error(s.e, 'case label does not reduce to an integer constant');
      return;
    }
    const st = sw.e.ty && isInt(sw.e.ty) ? sw.e.ty : T_INT;
    const conv = this.conv(s.e, st);
    const cv = evalConst(conv);
    const v = cv && cv.k === 'int' ? cv.v : c.v;
    if (sw.cases!.some((o) => o.v === v)) this.d.error(s, 'duplicate case value');
    s.v = v;
    sw.cases!.push(s);
  }

  private cond(e: Expr): void {
    const t = this.operand(e);
    if (t !== T_ERR && !isScalar(t)) this.d.error(e, t.k === 'struct' ? 'used struct type value where scalar is required' : 'used value where scalar is required');
  }

  /**
   * gcc replaces printf/fprintf calls whose result is unused (even at -O0):
   * printf("x") -> putchar('x'); printf("text\n") -> puts("text");
   * printf("%s\n", s) -> puts(s); printf("%c", c) -> putchar(c);
   * fprintf(fp, "text") -> fwrite (here fputs); fprintf(fp, "%s", s) -> fputs;
   * fprintf(fp, "%c", c) -> fputc; printf("") and fprintf(fp, "") vanish.
   * Which stdio function runs changes the write() calls a student sees.
   * Returns the expression to use in place of the call.
   */
  private foldPrintf(e: CallE): Expr {
    if (e.f.k !== 'id' || !e.f.sym || e.f.sym.k !== 'func' || e.f.sym.index >= 0) return e;
    const isPrintf = e.f.sym.native === nativeIndex('printf');
    const isFprintf = e.f.sym.native === nativeIndex('fprintf');
    if (!isPrintf && !isFprintf) return e;
    const fi = isPrintf ? 0 : 1;
    const fmtArg = stripConv(e.args[fi]);
    if (!fmtArg || fmtArg.k !== 'str') return e;
    const fmt = String.fromCharCode(...fmtArg.bytes);
    const rest = e.args.length - fi - 1;
    const call = (name: string, args: Expr[]): Expr => {
      const target = this.file.own(name);
      if (target && target.k === 'func' && target.index >= 0) return e; // the program defines its own: leave the call alone
      const at = this.strings.lastIndexOf(fmtArg);
      if (at >= 0 && !args.includes(fmtArg)) this.strings.splice(at, 1); // the format string is no longer emitted
      if (name === '') return { k: 'num', v: 0, t: T_INT, ty: T_INT, line: e.line, col: e.col };
      const sym = this.lib.own(name) as FuncSym;
      return { k: 'call', f: { k: 'id', name, sym, line: e.f.line, col: e.f.col, ty: sym.type }, args, line: e.line, col: e.col, ty: sym.type.ret };
    };
    const lit = (bytes: number[], at: Pos): StrE => {
      const s: StrE = { k: 'str', bytes, line: at.line, col: at.col, ty: { k: 'arr', of: T_CHAR, n: bytes.length + 1 } };
      this.strings.push(s);
      return s;
    };
    const num = (v: number, at: Pos): Expr => ({ k: 'num', v, t: T_INT, ty: T_INT, line: at.line, col: at.col });
    if (isPrintf) {
      if (!fmt.includes('%')) {
        if (rest !== 0) return e;
        if (fmt.length === 0) return call('', []);
        if (fmt.length === 1) return call('putchar', [num(fmtArg.bytes[0] > 127 ? fmtArg.bytes[0] - 256 : fmtArg.bytes[0], fmtArg)]);
        if (fmt.endsWith('\n')) return call('puts', [lit(fmtArg.bytes.slice(0, -1), fmtArg)]);
        return e;
      }
      if (fmt === '%s\n' && rest === 1) return call('puts', [this.conv(e.args[1], { k: 'ptr', to: { ...T_CHAR, c: true } })]);
      if (fmt === '%c' && rest === 1) return call('putchar', [this.conv(e.args[1], T_INT)]);
      return e;
    }
    const fp = e.args[0];
    if (!fmt.includes('%')) {
      if (rest !== 0) return e;
      if (fmt.length === 0) return call('', []);
      return call('fputs', [lit(fmtArg.bytes, fmtArg), fp]);
    }
    if (fmt === '%s' && rest === 1) return call('fputs', [this.conv(e.args[2], { k: 'ptr', to: { ...T_CHAR, c: true } }), fp]);
    if (fmt === '%c' && rest === 1) return call('fputc', [this.conv(e.args[2], T_INT), fp]);
    return e;
  }

  // ---- expressions ----

  /** Type-checks e (any expression, void allowed); returns its type before decay. */
  private ex(e: Expr): CType {
    const t = this.exInner(e);
    e.ty = t;
    return t;
  }

  /** The value of e: arrays and functions decay; void is an error. */
  private operand(e: Expr): CType {
    const t = decay(this.ex(e));
    if (t.k === 'void') {
      this.d.error(e, 'void value not ignored as it ought to be');
      return T_ERR;
    }
    return t;
  }

  /** Wraps e in a conversion to `to` unless it already has that type. */
  private conv(e: Expr, to: CType): Expr {
    const f = unqual(decay(e.ty ?? T_ERR));
    const t = unqual(to);
    if (f.k === 'int' && t.k === 'int') {
      if (f.size === t.size && f.unsigned === t.unsigned && !!f.bool === !!t.bool) return e;
    } else if (sameType(f, t)) return e;
    return { k: 'conv', to: t, e, line: e.line, col: e.col, ty: t };
  }

  private isNullConst(e: Expr): boolean {
    const t = e.ty;
    if (!t || !isInt(t)) return false;
    const c = evalConst(e);
    return !!c && c.k === 'int' && c.v === 0;
  }

  /** Conversion as if by assignment (C11 6.5.16.1), with gcc 14's errors for int/pointer mixing. */
  private assignConv(e: Expr, to: CType, ctx: ConvCtx, at: Pos): Expr {
    const from = decay(e.ty ?? T_ERR);
    if (from === T_ERR || to === T_ERR) return this.conv(e, to);
    const T = typeStr(unqual(to));
    const F = typeStr(unqual(from));
    const msg = (what: 'p-from-i' | 'i-from-p' | 'incompat'): string => {
      const tail = what === 'p-from-i' ? 'makes pointer from integer without a cast' : what === 'i-from-p' ? 'makes integer from pointer without a cast' : '';
      switch (ctx.kind) {
        case 'init':
          return what === 'incompat' ? `initialization of '${T}' from incompatible pointer type '${F}'` : `initialization of '${T}' from '${F}' ${tail}`;
        case 'assign':
          return what === 'incompat' ? `assignment to '${T}' from incompatible pointer type '${F}'` : `assignment to '${T}' from '${F}' ${tail}`;
        case 'return':
          return what === 'incompat'
            ? `returning '${F}' from a function with incompatible return type '${T}'`
            : `returning '${F}' from a function with return type '${T}' ${tail}`;
        case 'arg':
          return what === 'incompat'
            ? `passing argument ${ctx.n} of '${ctx.fname}' from incompatible pointer type`
            : `passing argument ${ctx.n} of '${ctx.fname}' ${tail}`;
      }
    };
    if (from.k === 'void') {
      this.d.error(e, 'void value not ignored as it ought to be');
      return e;
    }
    if (to.k === 'struct' || from.k === 'struct') {
      if (to.k === 'struct' && from.k === 'struct' && to.def === from.def) return e;
      // gcc reports a struct mismatch at the value, not at the operator.
      const at2 = exprStart(e);
      switch (ctx.kind) {
        case 'init':
          this.d.error(at2, to.k === 'struct' ? 'invalid initializer' : `incompatible types when initializing type '${T}' using type '${F}'`);
          break;
        case 'assign':
          this.d.error(at2, `incompatible types when assigning to type '${T}' from type '${F}'`);
          break;
        case 'return':
          this.d.error(at2, `incompatible types when returning type '${F}' but '${T}' was expected`);
          break;
        case 'arg':
          this.d.error(at2, `incompatible type for argument ${ctx.n} of '${ctx.fname}'`);
          break;
      }
      return e;
    }
    if (to.k === 'int') {
      if (from.k === 'ptr' && !to.bool) this.d.error(at, msg('i-from-p'));
      else if (from.k !== 'int' && from.k !== 'ptr') this.d.error(at, `incompatible types when ${ctx.kind === 'arg' ? 'passing' : 'assigning to type'} '${T}' from type '${F}'`);
      return this.conv(e, to);
    }
    if (to.k === 'ptr') {
      if (from.k === 'int') {
        if (!this.isNullConst(e)) this.d.error(at, msg('p-from-i'));
        return this.conv(e, to);
      }
      if (from.k === 'ptr') {
        const ok = to.to.k === 'void' || from.to.k === 'void' || compatiblePointees(unqual(to.to), unqual(from.to));
        if (!ok) this.d.error(at, msg('incompat'));
        return this.conv(e, to);
      }
    }
    this.d.error(at, `incompatible types when assigning to type '${T}' from type '${F}'`);
    return e;
  }

  private lookup(e: Expr & { k: 'id' }): Sym | null {
    let s = this.scope.lookup(e.name);
    if (!s && e.name === '__func__' && this.fn) {
      if (!this.fn.funcName) {
        const name = this.fn.sym.name;
        const bytes = [...new TextEncoder().encode(name)];
        const type: CType = { k: 'arr', of: { ...T_CHAR, c: true }, n: bytes.length + 1 };
        const g: GlobalSym = {
          k: 'global', name: '__func__', symName: `__func__.${this.staticCounter++}`, type, pos: e, defined: true, init: null, konst: true,
          isStatic: true, sec: null, off: 0, plan: { zero: true, stores: [{ off: 0, ty: type, e: null, bytes: [...bytes, 0] }] },
        };
        this.globals.push(g);
        this.fn.funcName = g;
      }
      s = this.fn.funcName;
    }
    return s ?? null;
  }

  private exInner(e: Expr): CType {
    switch (e.k) {
      case 'num':
        return e.t;
      case 'str':
        this.strings.push(e);
        return { k: 'arr', of: T_CHAR, n: e.bytes.length + 1 };
      case 'id': {
        const s = this.lookup(e);
        if (!s) {
          if (this.fn) {
            if (!this.fn.undeclared.has(e.name)) {
              this.fn.undeclared.add(e.name);
              if (MISSING_NAMES.has(e.name)) this.d.unsupported(e, `'${e.name}' (a C library name kernlab's headers do not define)`);
              else this.d.error(e, `'${e.name}' undeclared (first use in this function)`);
            }
          } else this.d.error(e, `'${e.name}' undeclared here (not in a function)`);
          return T_ERR;
        }
        e.sym = s;
        switch (s.k) {
          case 'local':
          case 'global':
          case 'special':
            return s.type;
          case 'func':
            s.firstUse ??= { line: e.line, col: e.col };
            return s.type;
          case 'enum':
            return T_INT;
        }
        break;
      }
      case 'sizeof': {
        let t: CType;
        if (e.t) t = e.t = this.resolveType(e.t, 'type name', e);
        else t = this.ex(e.e!);
        if (t === T_ERR) return T_ULONG;
        if (t.k === 'opaque' || (t.k === 'arr' && t.n < 0) || sizeOf(t) < 0) this.d.error(e, `invalid application of 'sizeof' to incomplete type '${typeStr(t)}'`);
        e.v = Math.max(sizeOf(t), 0);
        return T_ULONG;
      }
      case 'cast': {
        e.to = this.resolveType(e.to, 'type name', e);
        const to = e.to;
        const from = to.k === 'void' ? decay(this.ex(e.e)) : this.operand(e.e);
        if (from === T_ERR) return unqual(to);
        if (to.k === 'void') return to;
        if (to.k === 'arr') this.d.error(e, 'cast specifies array type');
        else if (to.k === 'fn') this.d.error(e, 'cast specifies function type');
        else if (to.k === 'struct' && from.k === 'struct' && to.def === from.def) return unqual(to); // GNU C: a cast to the same struct
        else if (to.k === 'opaque' || to.k === 'struct') this.d.error(e, `conversion to non-scalar type requested`);
        else if (!isScalar(from)) this.d.error(e, `conversion to non-scalar type requested`);
        return unqual(to);
      }
      case 'un':
        return this.unary(e);
      case 'incdec': {
        const t = this.ex(e.e);
        if (t === T_ERR) return T_ERR;
        const what = e.inc ? 'increment' : 'decrement';
        if (!this.isLvalue(e.e)) {
          this.d.error(e.e, `lvalue required as ${what} operand`);
          return T_ERR;
        }
        if (this.checkModifiable(e.e, t, what)) return T_ERR;
        const ut = unqual(t);
        if (!isInt(ut) && !isObjPtr(ut)) {
          this.d.error(e, `wrong type argument to ${what}`);
          return T_ERR;
        }
        return ut;
      }
      case 'bin':
        return this.binary(e);
      case 'assign':
        return this.assign(e);
      case 'cond': {
        this.cond(e.c);
        const a = decay(this.ex(e.a));
        const b = decay(this.ex(e.b));
        if (a === T_ERR || b === T_ERR) return T_ERR;
        if (isInt(a) && isInt(b)) {
          const t = commonType(a, b);
          e.a = this.conv(e.a, t);
          e.b = this.conv(e.b, t);
          return t;
        }
        if (a.k === 'void' && b.k === 'void') return a;
        if (a.k === 'struct' && b.k === 'struct' && a.def === b.def) return unqual(a);
        if (a.k === 'ptr' && b.k === 'ptr') {
          const t = a.to.k === 'void' ? a : b.to.k === 'void' ? b : a;
          if (a.to.k !== 'void' && b.to.k !== 'void' && !compatiblePointees(unqual(a.to), unqual(b.to))) {
            this.d.error(e, 'pointer type mismatch in conditional expression');
          }
          e.a = this.conv(e.a, t);
          e.b = this.conv(e.b, t);
          return unqual(t);
        }
        if (a.k === 'ptr' && isInt(b) && this.isNullConst(e.b)) {
          e.b = this.conv(e.b, a);
          return unqual(a);
        }
        if (b.k === 'ptr' && isInt(a) && this.isNullConst(e.a)) {
          e.a = this.conv(e.a, b);
          return unqual(b);
        }
        this.d.error(e, 'type mismatch in conditional expression');
        return T_ERR;
      }
      case 'comma':
        this.ex(e.l);
        return decay(this.ex(e.r));
      case 'call':
        return this.call(e);
      case 'index': {
        let a = this.operand(e.a);
        let i = this.operand(e.i);
        if (a === T_ERR || i === T_ERR) return T_ERR;
        if (isInt(a) && i.k === 'ptr') {
          const tmp = e.a;
          e.a = e.i;
          e.i = tmp;
          [a, i] = [i, a];
        }
        if (a.k !== 'ptr') {
          this.d.error(e, 'subscripted value is neither array nor pointer nor vector');
          return T_ERR;
        }
        if (!isInt(i)) {
          this.d.error(e.i, 'array subscript is not an integer');
          return T_ERR;
        }
        const el = a.to;
        if (el.k === 'void') this.d.error(e, "dereferencing 'void *' pointer");
        else if (el.k === 'fn') this.d.error(e, 'subscripted value is pointer to function');
        else if (el.k === 'opaque' || sizeOf(el) < 0) this.d.error(e, `invalid use of undefined type '${typeStr(el)}'`);
        e.i = this.conv(e.i, i.unsigned ? T_ULONG : T_LONG);
        e.scale = Math.max(sizeOf(el), 1);
        return el;
      }
      case 'conv':
        this.ex(e.e);
        return e.to;
      case 'member':
        return this.member(e);
    }
    return T_ERR;
  }

  /** s.m and p->m: the member's type (const in a const struct) and offset. */
  private member(e: MemberE): CType {
    let st: StructT;
    if (e.arrow) {
      const t = this.operand(e.e);
      if (t === T_ERR) return T_ERR;
      if (t.k !== 'ptr' || t.to.k !== 'struct') {
        if (t.k === 'ptr' && t.to.k === 'opaque') this.d.error(e, `invalid use of undefined type '${typeStr(t.to)}'`);
        else if (t.k === 'ptr') this.d.error(e, `request for member '${e.name}' in something not a structure or union`);
        else this.d.error(e, `invalid type argument of '->' (have '${typeStr(t)}')`);
        return T_ERR;
      }
      st = t.to;
    } else {
      const t = this.ex(e.e);
      if (t === T_ERR) return T_ERR;
      if (t.k !== 'struct') {
        if (t.k === 'ptr' && t.to.k === 'struct' && e.e.k === 'id') this.d.error(e, `'${e.e.name}' is a pointer; did you mean to use '->'?`);
        else this.d.error(e, `request for member '${e.name}' in something not a structure or union`);
        return T_ERR;
      }
      st = t;
    }
    if (st.def.size < 0) {
      this.d.error(e, `invalid use of undefined type '${typeStr(unqual(st))}'`);
      return T_ERR;
    }
    const m = findMember(st, e.name);
    if (!m) {
      this.d.error(e, `'${typeStr(unqual(st))}' has no member named '${e.name}'`);
      return T_ERR;
    }
    e.off = m.off;
    if (!st.c) return m.type;
    return m.type.k === 'arr' ? { ...m.type, of: withConst(m.type.of) } : withConst(m.type);
  }

  private isLvalue(e: Expr): boolean {
    switch (e.k) {
      case 'id':
        return !!e.sym && (e.sym.k === 'local' || e.sym.k === 'global' || (e.sym.k === 'special' && (e.sym.name === 'errno' || e.sym.name === 'environ')));
      case 'index':
        return true;
      case 'member':
        return e.arrow || this.isLvalue(e.e);
      case 'un':
        return e.op === '*' && e.ty?.k !== 'fn';
      case 'str':
        return true;
      default:
        return false;
    }
  }

  /** Reports writes to arrays and const objects (at `at`, gcc's operator position); true if one was reported. */
  private checkModifiable(e: Expr, t: CType, what: 'assignment' | 'increment' | 'decrement', at: Pos = e): boolean {
    if (t.k === 'arr') {
      this.d.error(at, what === 'assignment' ? 'assignment to expression with array type' : `lvalue required as ${what} operand`);
      return true;
    }
    if (t.c) {
      if (e.k === 'id') this.d.error(at, `${what} of read-only variable '${e.name}'`);
      else if (e.k === 'member') {
        const st = e.arrow ? decay(e.e.ty!) : e.e.ty!;
        const s = st.k === 'ptr' ? st.to : st;
        const own = s.k === 'struct' && findMember(s, e.name)?.type.c;
        this.d.error(at, own ? `${what} of read-only member '${e.name}'` : `${what} of member '${e.name}' in read-only object`);
      } else this.d.error(at, `${what} of read-only location`);
      return true;
    }
    return false;
  }

  private unary(e: Expr & { k: 'un' }): CType {
    switch (e.op) {
      case '-':
      case '+':
      case '~': {
        const t = this.operand(e.e);
        if (t === T_ERR) return T_ERR;
        if (!isInt(t)) {
          this.d.error(e, `wrong type argument to ${e.op === '~' ? 'bit-complement' : `unary ${e.op === '-' ? 'minus' : 'plus'}`}`);
          return T_ERR;
        }
        const p = promote(t);
        e.e = this.conv(e.e, p);
        return p;
      }
      case '!': {
        const t = this.operand(e.e);
        if (t === T_ERR) return T_INT;
        if (!isScalar(t)) this.d.error(e, 'wrong type argument to unary exclamation mark');
        return T_INT;
      }
      case '*': {
        const t = this.operand(e.e);
        if (t === T_ERR) return T_ERR;
        if (t.k !== 'ptr') {
          this.d.error(e, `invalid type argument of unary '*' (have '${typeStr(t)}')`);
          return T_ERR;
        }
        if (t.to.k === 'opaque') {
          this.d.error(e, `dereferencing pointer to incomplete type '${t.to.name}'`);
          return T_ERR;
        }
        return t.to;
      }
      case '&': {
        const inner = e.e;
        const t = this.ex(inner);
        if (t === T_ERR) return T_ERR;
        if (inner.k === 'id' && inner.sym?.k === 'func') return { k: 'ptr', to: t };
        if (inner.k === 'un' && inner.op === '*' && t.k === 'fn') return { k: 'ptr', to: t };
        if (inner.k === 'id' && inner.sym?.k === 'special') {
          this.d.unsupported(e, `taking the address of '${inner.name}'`);
          return T_ERR;
        }
        if (!this.isLvalue(inner)) {
          this.d.error(e, "lvalue required as unary '&' operand");
          return T_ERR;
        }
        if (inner.k === 'id' && inner.sym?.k === 'local' && inner.sym.register) {
          this.d.error(e, `address of register variable '${inner.name}' requested`);
          return T_ERR;
        }
        return { k: 'ptr', to: t };
      }
    }
    return T_ERR;
  }

  private binary(e: Expr & { k: 'bin' }): CType {
    const op = e.op;
    if (op === '&&' || op === '||') {
      this.cond(e.l);
      this.cond(e.r);
      return T_INT;
    }
    const a = this.operand(e.l);
    const b = this.operand(e.r);
    if (a === T_ERR || b === T_ERR) return op === '<' || op === '>' || op === '<=' || op === '>=' || op === '==' || op === '!=' ? T_INT : T_ERR;
    const bad = (): CType => {
      this.d.error(e, `invalid operands to binary ${op} (have '${typeStr(a)}' and '${typeStr(b)}')`);
      return T_ERR;
    };
    switch (op) {
      case '*':
      case '/':
      case '%':
      case '&':
      case '|':
      case '^': {
        if (!isInt(a) || !isInt(b)) return bad();
        const t = commonType(a, b);
        e.l = this.conv(e.l, t);
        e.r = this.conv(e.r, t);
        return t;
      }
      case '<<':
      case '>>': {
        if (!isInt(a) || !isInt(b)) return bad();
        const t = promote(a);
        e.l = this.conv(e.l, t);
        e.r = this.conv(e.r, promote(b));
        return t;
      }
      case '+':
      case '-': {
        if (isInt(a) && isInt(b)) {
          const t = commonType(a, b);
          e.l = this.conv(e.l, t);
          e.r = this.conv(e.r, t);
          return t;
        }
        if (op === '+' && isInt(a) && b.k === 'ptr') {
          const tmp = e.l;
          e.l = e.r;
          e.r = tmp;
          return this.ptrArith(e, b, a);
        }
        if (a.k === 'ptr' && isInt(b)) return this.ptrArith(e, a, b);
        if (op === '-' && a.k === 'ptr' && b.k === 'ptr') {
          if (!compatiblePointees(unqual(a.to), unqual(b.to))) {
            this.d.error(e, `invalid operands to binary - (have '${typeStr(a)}' and '${typeStr(b)}')`);
            return T_ERR;
          }
          if (a.to.k === 'opaque' || a.to.k === 'fn') return bad();
          e.scale = Math.max(sizeOf(a.to), 1);
          return T_LONG;
        }
        return bad();
      }
      case '<':
      case '>':
      case '<=':
      case '>=':
      case '==':
      case '!=': {
        if (isInt(a) && isInt(b)) {
          const t = commonType(a, b);
          e.l = this.conv(e.l, t);
          e.r = this.conv(e.r, t);
          return T_INT;
        }
        if (a.k === 'ptr' && b.k === 'ptr') {
          const eq = op === '==' || op === '!=';
          const ok = compatiblePointees(unqual(a.to), unqual(b.to)) || (eq && (a.to.k === 'void' || b.to.k === 'void'));
          if (!ok) this.d.error(e, 'comparison of distinct pointer types lacks a cast');
          return T_INT;
        }
        if (a.k === 'ptr' && isInt(b)) {
          if (!this.isNullConst(e.r)) this.d.error(e, 'comparison between pointer and integer');
          e.r = this.conv(e.r, a);
          return T_INT;
        }
        if (b.k === 'ptr' && isInt(a)) {
          if (!this.isNullConst(e.l)) this.d.error(e, 'comparison between pointer and integer');
          e.l = this.conv(e.l, b);
          return T_INT;
        }
        return bad();
      }
    }
    return bad();
  }

  private ptrArith(e: Expr & { k: 'bin' }, p: PtrT, i: IntT): CType {
    if (p.to.k === 'opaque' || (p.to.k === 'struct' && p.to.def.size < 0)) {
      this.d.error(e, `invalid use of undefined type '${typeStr(p.to)}'`);
      return T_ERR;
    }
    e.r = this.conv(e.r, i.unsigned && i.size === 8 ? T_ULONG : T_LONG);
    e.scale = Math.max(sizeOf(p.to), 1);
    return unqual(p);
  }

  private assign(e: Expr & { k: 'assign' }): CType {
    const lt = this.ex(e.l);
    const rt = this.operand(e.r);
    if (lt === T_ERR) return T_ERR;
    if (!this.isLvalue(e.l) || (e.l.k === 'id' && e.l.sym?.k === 'func')) {
      this.d.error(e, 'lvalue required as left operand of assignment');
      return T_ERR;
    }
    if (e.l.k === 'str') {
      this.d.error(e, 'assignment to expression with array type');
      return T_ERR;
    }
    if (this.checkModifiable(e.l, lt, 'assignment', e)) return T_ERR;
    const ut = unqual(lt);
    if (rt === T_ERR) return ut;
    if (e.op === '=') {
      e.r = this.assignConv(e.r, ut, { kind: 'assign' }, e);
      return ut;
    }
    const op = e.op.slice(0, -1);
    if ((op === '+' || op === '-') && ut.k === 'ptr') {
      if (!isInt(rt)) {
        this.d.error(e, `invalid operands to binary ${op} (have '${typeStr(ut)}' and '${typeStr(rt)}')`);
        return T_ERR;
      }
      if (!isObjPtr(ut)) {
        this.d.error(e, `invalid use of undefined type`);
        return T_ERR;
      }
      e.r = this.conv(e.r, rt.unsigned && rt.size === 8 ? T_ULONG : T_LONG);
      e.scale = Math.max(sizeOf(ut.to), 1);
      e.opTy = ut;
      return ut;
    }
    if (!isInt(ut) || !isInt(rt)) {
      this.d.error(e, `invalid operands to binary ${op} (have '${typeStr(ut)}' and '${typeStr(rt)}')`);
      return T_ERR;
    }
    const ot = op === '<<' || op === '>>' ? promote(ut) : commonType(ut, rt);
    e.r = this.conv(e.r, op === '<<' || op === '>>' ? promote(rt) : ot);
    e.opTy = ot;
    return ut;
  }

  private call(e: CallE): CType {
    const f = e.f;
    let fname = 'expression';
    if (f.k === 'id') {
      fname = f.name;
      const s = this.lookup(f);
      if (!s) {
        if (MISSING_FUNCTIONS.has(f.name)) this.d.unsupported(f, `the C library function '${f.name}' (not in kernlab's C library)`);
        else this.d.error(f, `implicit declaration of function '${f.name}'`);
        for (const a of e.args) this.ex(a);
        return T_ERR;
      }
    }
    const ft0 = this.operand(f);
    if (ft0 === T_ERR) {
      for (const a of e.args) this.ex(a);
      return T_ERR;
    }
    if (ft0.k !== 'ptr' || ft0.to.k !== 'fn') {
      this.d.error(f, f.k === 'id' ? `called object '${f.name}' is not a function or function pointer` : 'called object is not a function or function pointer');
      for (const a of e.args) this.ex(a);
      return T_ERR;
    }
    const ft = ft0.to;
    if (this.refusedFns.has(ft)) {
      for (const a of e.args) this.ex(a);
      return T_ERR;
    }
    if (!ft.noproto) {
      if (e.args.length < ft.params.length) this.d.error(f, `too few arguments to function '${fname}'`);
      else if (e.args.length > ft.params.length && !ft.variadic) this.d.error(f, `too many arguments to function '${fname}'`);
    }
    if (ft.ret.k === 'struct') this.d.unsupported(e, 'returning structs by value');
    e.args = e.args.map((a, i) => {
      const t = this.operand(a);
      if (t === T_ERR) return a;
      if (t.k === 'struct') {
        if (!ft.noproto && i < ft.params.length && ft.params[i].k !== 'struct') return this.assignConv(a, ft.params[i], { kind: 'arg', n: i + 1, fname }, exprStart(a));
        this.d.unsupported(exprStart(a), 'passing structs by value');
        return a;
      }
      if (!ft.noproto && i < ft.params.length) return this.assignConv(a, ft.params[i], { kind: 'arg', n: i + 1, fname }, exprStart(a));
      if (isInt(t)) return this.conv(a, promote(t)); // default argument promotions
      return a;
    });
    if (ft.ret.k === 'arr' || ft.ret.k === 'fn') return T_ERR;
    return ft.ret;
  }
}

function isConstObject(t: CType): boolean {
  if (t.k === 'arr') return isConstObject(t.of);
  return !!t.c;
}

/** A string literal initialiser, possibly in braces: "abc" or { "abc" }. */
function stringInit(init: Init): StrE | null {
  if (init.k === 'expr' && init.e.k === 'str') return init.e;
  if (init.k === 'list' && init.items.length === 1 && init.items[0].k === 'expr' && init.items[0].e.k === 'str') return init.items[0].e;
  return null;
}

function stripConv(e: Expr | undefined): Expr | undefined {
  while (e && e.k === 'conv') e = e.e;
  return e;
}
