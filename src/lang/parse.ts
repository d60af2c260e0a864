// The parser: preprocessed tokens to a syntax tree (recursive descent).
//
// Valid C outside the subset is refused with an 'unsupported' diagnostic at
// the construct's first token; syntax errors are reported like gcc's
// ("expected ';' before 'return'") and the parser resynchronises at the next
// ';' or '}' so that several errors can be reported in one go.

import type { Declarator, DeclSpec, DeclStmt, Designator, EnumConst, Expr, FuncDef, Init, Param, Stmt, StructDecl, TopLevel } from './ast';
import type { Diags, Pos } from './diag';
import type { Tok } from './lex';
import { MISSING_STRUCTS, MISSING_TYPES } from './libc/missing';
import { LIBC_STRUCTS, LIBC_TYPEDEFS } from './libc/structs';
import {
  NAMED_TYPES, T_BOOL, T_CHAR, T_INT, T_LLONG, T_LONG, T_SCHAR, T_SHORT, T_TASK, T_UCHAR, T_UINT, T_ULLONG, T_ULONG, T_USHORT, T_VOID,
  type CType, type FnT, type StructDef, type StructT,
} from './types';

/** Thrown to abandon the current statement after a syntax error. */
class Bail extends Error {
  constructor(readonly synced = false) {
    super('bail');
  }
}

const TYPE_KEYWORDS = new Set([
  'void', 'char', 'short', 'int', 'long', 'signed', 'unsigned', '_Bool', 'const', 'volatile', 'static', 'extern', 'register', 'auto',
  'inline', '__inline', '__inline__', '_Noreturn', 'noreturn', 'enum', 'struct', 'union', 'typedef', 'float', 'double', 'restrict',
  '__restrict', '__restrict__', '__signed__', '__const', '__volatile__', '_Complex', '_Atomic', '_Thread_local', '__thread', '_Alignas',
  '__attribute__', '__extension__',
]);

const ASSIGN_OPS = new Set(['=', '+=', '-=', '*=', '/=', '%=', '<<=', '>>=', '&=', '^=', '|=']);

const BIN_PREC: Record<string, number> = {
  '||': 1, '&&': 2, '|': 3, '^': 4, '&': 5, '==': 6, '!=': 6, '<': 7, '>': 7, '<=': 7, '>=': 7, '<<': 8, '>>': 8, '+': 9, '-': 9, '*': 10, '/': 10, '%': 10,
};

/**
 * How deeply statements, unary operators, casts, declarators and chains
 * of `=` and `?:` may nest (clang's -fbracket-depth default). The parser and the passes after it
 * recurse once per level: without a limit a crafted file overflows the host
 * stack (RangeError) instead of getting a diagnostic.
 */
export const MAX_NESTING = 256;

/** How deep the syntax tree may be (long operator chains nest without brackets: 1 + 1 + ... + 1). */
export const MAX_TREE_DEPTH = 600;

const ATTRS_OK = new Set(['unused', '__unused__', 'noreturn', '__noreturn__', 'maybe_unused', 'used', '__used__']);

export function parse(toks: Tok[], diags: Diags): TopLevel[] {
  const tree = new Parser(toks, diags).unit();
  checkTreeDepth(tree, diags);
  return tree;
}

/**
 * Reports the first syntax-tree node nested deeper than MAX_TREE_DEPTH.
 * Iterative (an explicit stack), so the check itself cannot overflow.
 */
function checkTreeDepth(tree: TopLevel[], diags: Diags): void {
  const seen = new Set<object>();
  const stack: [unknown, number][] = tree.map((t) => [t, 0]);
  while (stack.length) {
    const [v, depth] = stack.pop()!;
    if (typeof v !== 'object' || v === null || seen.has(v)) continue;
    seen.add(v);
    if (Array.isArray(v)) {
      for (const x of v) stack.push([x, depth]);
      continue;
    }
    const node = v as { k?: unknown; line?: unknown; col?: unknown };
    const isNode = typeof node.k === 'string' && typeof node.line === 'number' && typeof node.col === 'number';
    const d = isNode ? depth + 1 : depth;
    if (d > MAX_TREE_DEPTH) {
      diags.unsupported(node as Pos, `expressions or statements nested more than ${MAX_TREE_DEPTH} levels deep`);
      return;
    }
    for (const x of Object.values(v)) if (typeof x === 'object' && x !== null) stack.push([x, d]);
  }
}

class Parser {
  private i = 0;
  private depth = 0; // nesting of stmt/cast/unary/declarator calls (MAX_NESTING)
  // Struct tags and typedef names, innermost block last (the parser must know a
  // typedef name to tell `T *x;` from a multiplication).
  private readonly tags: Map<string, StructDef>[] = [new Map(Object.entries(LIBC_STRUCTS))]; // the headers' are file-scope tags
  // null: an ordinary identifier declared in that block hides an outer typedef of the same name.
  private readonly typedefs: Map<string, CType | null>[] = [new Map(Object.entries(LIBC_TYPEDEFS)), new Map()];
  private readonly defined = new WeakSet<StructDef>(); // structs whose definition was parsed (sema lays them out)

  constructor(
    private readonly toks: Tok[],
    private readonly diags: Diags,
  ) {}

  // ---- token helpers ----

  private get t(): Tok {
    return this.toks[this.i];
  }
  private la(n: number): Tok {
    return this.toks[Math.min(this.i + n, this.toks.length - 1)];
  }
  private is(v: string, t: Tok = this.t): boolean {
    return (t.k === 'punct' || t.k === 'id') && t.v === v;
  }
  private next(): Tok {
    const t = this.t;
    if (t.k !== 'eof') this.i++;
    return t;
  }
  private accept(v: string): boolean {
    if (this.is(v)) {
      this.i++;
      return true;
    }
    return false;
  }
  private prev(): Tok {
    return this.toks[Math.max(0, this.i - 1)];
  }
  /** How gcc names a token in "expected X before Y": 'return', ';' token, numeric constant. */
  private describe(t: Tok): string {
    if (t.k === 'eof') return 'end of input';
    if (t.k === 'num' || t.k === 'char') return 'numeric constant';
    if (t.k === 'str') return 'string constant';
    if (t.k === 'punct') return `'${t.v}' token`;
    return `'${t.v}'`;
  }
  /** Where gcc reports a list of alternatives it expected: the token found instead. */
  private afterPrev(): Pos {
    return { line: this.t.line, col: this.t.col };
  }
  /** gcc reports one missing token just after the previous token (where it would insert it). */
  private expect(v: string): Tok {
    if (this.is(v)) return this.next();
    const p = this.prev();
    const at = this.i > 0 ? { line: p.line, col: p.endCol } : this.t;
    this.fail(at, `expected '${v}' before ${this.describe(this.t)}`);
  }
  private fail(p: Pos, msg: string): never {
    this.diags.error(p, msg);
    throw new Bail();
  }
  /** gcc's "unknown type name", or a refusal for a library type kernlab lacks. */
  private unknownType(t: Tok): never {
    if (MISSING_TYPES.has(t.v)) this.unsupported(t, `the C library type '${t.v}' (not in kernlab's C library)`);
    this.fail(t, `unknown type name '${t.v}'`);
  }

  private unsupported(p: Pos, what: string): never {
    this.diags.unsupported(p, what);
    throw new Bail();
  }
  /** Runs one level of nested parsing; refuses to go deeper than MAX_NESTING. */
  private nested<T>(parse: () => T): T {
    if (this.depth >= MAX_NESTING) this.fail(this.t, `bracket nesting level exceeded maximum of ${MAX_NESTING}`);
    this.depth++;
    try {
      return parse();
    } finally {
      this.depth--;
    }
  }

  private pos(t: Tok = this.t): Pos {
    return { line: t.line, col: t.col };
  }

  /** Does the current token start a type name (declaration specifiers)? */
  private startsType(t: Tok = this.t): boolean {
    return t.k === 'id' && (TYPE_KEYWORDS.has(t.v) || Object.prototype.hasOwnProperty.call(NAMED_TYPES, t.v) || this.typedefOf(t.v) !== undefined);
  }

  private typedefOf(name: string): CType | undefined {
    for (let i = this.typedefs.length - 1; i >= 0; i--) {
      const m = this.typedefs[i];
      if (m.has(name)) return m.get(name) ?? undefined;
    }
    return undefined;
  }

  private tagOf(tag: string): StructDef | undefined {
    for (let i = this.tags.length - 1; i >= 0; i--) {
      const d = this.tags[i].get(tag);
      if (d) return d;
    }
    return undefined;
  }

  /** Runs `parse` in a new block scope for tags and typedef names. */
  private scoped<T>(parse: () => T): T {
    this.tags.push(new Map());
    this.typedefs.push(new Map());
    try {
      return parse();
    } finally {
      this.tags.pop();
      this.typedefs.pop();
    }
  }

  /** Skips to the next ';' (consumed) or '}' at nesting 0 (not consumed). */
  private sync(): void {
    let depth = 0;
    while (this.t.k !== 'eof') {
      const t = this.t;
      if (t.k === 'punct') {
        if (t.v === '(' || t.v === '[' || t.v === '{') depth++;
        else if (t.v === ')' || t.v === ']') depth = Math.max(0, depth - 1);
        else if (t.v === '}') {
          if (depth === 0) return;
          depth--;
          if (depth === 0) {
            this.i++;
            if (this.is(';')) this.i++;
            return;
          }
        } else if (t.v === ';' && depth === 0) {
          this.i++;
          return;
        }
      }
      this.i++;
    }
  }

  // ---- translation unit ----

  unit(): TopLevel[] {
    const out: TopLevel[] = [];
    while (this.t.k !== 'eof') {
      const start = this.i;
      try {
        if (this.accept(';')) continue; // stray semicolon at file scope (gcc pedantic only)
        const d = this.external();
        if (d) out.push(d);
      } catch (e) {
        if (!(e instanceof Bail)) throw e;
        if (e.synced) continue;
        if (this.i === start) this.i++;
        this.sync();
      }
    }
    return out;
  }

  /** After an old-style definition was refused: skip its declarations and body. */
  private skipFunction(): never {
    while (this.t.k !== 'eof' && !this.is('{')) this.i++;
    let depth = 0;
    while (this.t.k !== 'eof') {
      const t = this.next();
      if (t.k === 'punct' && t.v === '{') depth++;
      if (t.k === 'punct' && t.v === '}' && --depth === 0) break;
    }
    throw new Bail(true);
  }

  private external(): TopLevel | null {
    const t = this.t;
    if (this.is('asm') || this.is('__asm__') || this.is('__asm')) this.unsupported(t, 'inline assembly');
    if (this.is('_Static_assert') || this.is('static_assert')) this.unsupported(t, '_Static_assert');
    if (!this.startsType()) {
      // foo(...) { } without a return type: implicit int (C89), refused by gcc 14
      if (t.k === 'id' && this.is('(', this.la(1))) this.fail(t, `return type defaults to 'int'`);
      if (t.k === 'id') this.unknownType(t);
      this.fail(t, `expected identifier or '(' before ${this.describe(t)}`);
    }
    const spec = this.declSpec();
    if (this.accept(';')) return { k: 'decl', spec, decls: [], line: spec.pos.line, col: spec.pos.col };
    const first = this.declarator(false, spec.base);
    if (first.type.k === 'fn' && (this.is('{') || (this.startsType() && first.params))) {
      if (this.startsType()) this.unsupported(this.t, 'old-style (K&R) function definitions');
      const body = this.block();
      const def: FuncDef = { k: 'func', spec, d: first, body, line: first.pos.line, col: first.pos.col };
      return def;
    }
    return this.finishDecl(spec, first);
  }

  /** After the first declarator: initialiser, more declarators, ';'. */
  private finishDecl(spec: DeclSpec, first: Declarator): DeclStmt {
    const decls: Declarator[] = [];
    let d = first;
    for (;;) {
      const names = this.typedefs[this.typedefs.length - 1];
      if (spec.storage === 'typedef') {
        if (this.is('=')) this.fail(this.t, `typedef '${d.name}' is initialized (use __typeof__ instead)`);
        names.set(d.name, d.type);
      } else if (this.typedefOf(d.name)) names.set(d.name, null); // `T T = 3;`: from here on T is the variable
      if (this.accept('=')) d.init = this.initializer();
      decls.push(d);
      if (!this.accept(',')) break;
      d = this.declarator(false, spec.base);
    }
    if (!this.is(';')) {
      if (this.is('{') && d.type.k === 'fn') this.fail(this.t, 'function definition is not allowed here');
      this.fail(this.afterPrev(), `expected ',' or ';' before ${this.describe(this.t)}`);
    }
    this.next();
    return { k: 'decl', spec, decls, line: spec.pos.line, col: spec.pos.col };
  }

  private initializer(): Init {
    const t = this.t;
    if (this.accept('{')) {
      const items: Init[] = [];
      while (!this.is('}')) {
        if (this.is('[')) this.unsupported(this.t, 'array designators in initializers');
        let desig: Designator | undefined;
        if (this.is('.')) {
          this.next();
          const n = this.next();
          if (n.k !== 'id') this.fail(n, `expected identifier before ${this.describe(n)}`);
          if (this.is('.') || this.is('[')) this.unsupported(this.t, 'nested designators in initializers');
          this.expect('=');
          desig = { name: n.v, pos: this.pos(n) };
        }
        const it = this.initializer();
        if (desig) it.desig = desig;
        items.push(it);
        if (!this.accept(',')) break;
      }
      this.expect('}');
      return { k: 'list', items, pos: this.pos(t) };
    }
    return { k: 'expr', e: this.assign(), pos: this.pos(t) };
  }

  // ---- declarations ----

  private attribute(): void {
    // __attribute__((name, name(args)))
    const at = this.next();
    this.expect('(');
    this.expect('(');
    while (!this.is(')')) {
      const a = this.next();
      if (a.k !== 'id' || !ATTRS_OK.has(a.v) || this.is('(')) this.unsupported(a, `__attribute__((${a.v}))`);
      if (!this.accept(',')) break;
    }
    this.expect(')');
    this.expect(')');
    void at;
  }

  private declSpec(): DeclSpec {
    const start = this.t;
    let storage: DeclSpec['storage'] = null;
    let konst = false;
    let signedness: 'signed' | 'unsigned' | null = null;
    let base: string | null = null; // void char short int _Bool
    let longs = 0;
    let named: CType | null = null;
    const enums: EnumConst[] = [];
    const structs: StructDecl[] = [];
    let any = false;
    for (;;) {
      const t = this.t;
      if (t.k !== 'id') break;
      const v = t.v;
      if (v === '__attribute__') {
        this.attribute();
        continue;
      }
      if (!this.startsType(t)) break;
      if (!TYPE_KEYWORDS.has(v) && (base || named || longs || signedness)) break; // a declarator named like a type
      this.next();
      any = true;
      switch (v) {
        case 'typedef':
        case 'static':
        case 'extern':
        case 'register':
        case 'auto':
          if (storage) this.fail(t, 'multiple storage classes in declaration specifiers');
          storage = v;
          break;
        case 'const':
        case '__const':
          konst = true;
          break;
        case 'volatile':
        case '__volatile__':
        case 'restrict':
        case '__restrict':
        case '__restrict__':
        case 'inline':
        case '__inline':
        case '__inline__':
        case '_Noreturn':
        case 'noreturn':
        case '__extension__':
          break;
        case 'signed':
        case '__signed__':
        case 'unsigned':
          if (signedness) this.fail(t, `duplicate '${v}'`);
          signedness = v === 'unsigned' ? 'unsigned' : 'signed';
          break;
        case 'long':
          if (longs === 2) this.fail(t, "'long long long' is too long for GCC");
          longs++;
          break;
        case 'void':
        case 'char':
        case 'short':
        case 'int':
        case '_Bool':
          if (base && !(base === 'short' && v === 'int')) this.fail(t, `two or more data types in declaration specifiers`);
          if (base !== 'short') base = v;
          break;
        case 'float':
        case 'double':
        case '_Complex':
          this.unsupported(t, 'floating-point types');
        // falls through
        case 'union':
          this.unsupported(t, 'unions');
        // falls through
        case '_Atomic':
        case '_Thread_local':
        case '__thread':
        case '_Alignas':
          this.unsupported(t, `'${v}'`);
        // falls through
        case 'struct':
          if (named || base || longs || signedness) this.fail(t, 'two or more data types in declaration specifiers');
          named = this.structSpec(t, enums, structs);
          break;
        case 'enum': {
          if (this.t.k === 'id') this.next(); // the tag: enum types are int
          if (this.accept('{')) {
            while (!this.is('}')) {
              const n = this.next();
              if (n.k !== 'id') this.fail(n, `expected identifier before ${this.describe(n)}`);
              const ec: EnumConst = { name: n.v, pos: this.pos(n) };
              if (this.accept('=')) ec.e = this.conditional();
              enums.push(ec);
              if (!this.accept(',')) break;
            }
            this.expect('}');
          }
          named = T_INT;
          break;
        }
        default:
          named = this.typedefOf(v) ?? NAMED_TYPES[v];
      }
    }
    if (!any) this.fail(start, `expected declaration specifiers before ${this.describe(start)}`);
    let ty: CType;
    if (named) {
      if (base || longs || signedness) this.fail(start, 'two or more data types in declaration specifiers');
      ty = named;
    } else if (base === 'void') ty = T_VOID;
    else if (base === '_Bool') ty = T_BOOL;
    else if (base === 'char') ty = signedness === 'unsigned' ? T_UCHAR : signedness === 'signed' ? T_SCHAR : T_CHAR;
    else if (base === 'short') ty = signedness === 'unsigned' ? T_USHORT : T_SHORT;
    else if (longs === 2) ty = signedness === 'unsigned' ? T_ULLONG : T_LLONG;
    else if (longs === 1) {
      if (base === 'double') this.unsupported(start, 'long double');
      ty = signedness === 'unsigned' ? T_ULONG : T_LONG;
    } else if (base === 'int' || signedness) ty = signedness === 'unsigned' ? T_UINT : T_INT;
    else {
      // Only qualifiers or a storage class: gcc 14 refuses implicit int.
      this.fail(this.t, `type defaults to 'int' in declaration of '${this.t.v}'`);
    }
    if ((base === 'void' || base === '_Bool' || base === 'char') && longs) this.fail(start, `both 'long' and '${base}' in declaration specifiers`);
    if (konst) ty = { ...ty, c: true };
    return { base: ty, storage, enums, structs, pos: this.pos(start) };
  }

  /**
   * After 'struct': a tag, a definition `{ members }`, or both. A tag
   * defined or first named here belongs to the innermost block, as in C.
   */
  private structSpec(kw: Tok, enums: EnumConst[], structs: StructDecl[]): CType {
    let tag = '';
    const tagTok = this.t;
    if (tagTok.k === 'id' && !this.is('{')) {
      tag = tagTok.v;
      this.next();
    }
    if (tag === 'task_struct' && !this.is('{')) return T_TASK;
    if (!this.is('{')) {
      if (!tag) this.fail(this.t, `expected '{' before ${this.describe(this.t)}`);
      if (MISSING_STRUCTS.has(tag) && !this.tagOf(tag)) this.unsupported(kw, `the C library type 'struct ${tag}' (not in kernlab's C library)`);
      let def = this.tagOf(tag);
      if (!def) {
        def = { tag, members: null, size: -1, align: 1 };
        this.tags[this.tags.length - 1].set(tag, def);
      }
      return { k: 'struct', def };
    }
    const scope = this.tags[this.tags.length - 1];
    let def = tag ? scope.get(tag) : undefined;
    if (def && (def.members || this.defined.has(def))) this.fail(tagTok, `redefinition of 'struct ${tag}'`);
    if (!def) {
      def = { tag, members: null, size: -1, align: 1 };
      if (tag) scope.set(tag, def);
    }
    this.next();
    const members: StructDecl['members'] = [];
    while (!this.is('}')) {
      if (this.t.k === 'eof') this.fail(this.t, `expected specifier-qualifier-list before end of input`);
      if (!this.startsType()) {
        if (this.t.k === 'id' && !this.is('(', this.la(1))) this.unknownType(this.t);
        this.fail(this.t, `expected specifier-qualifier-list before ${this.describe(this.t)}`);
      }
      if (['typedef', 'static', 'extern', 'register', 'auto'].includes(this.t.v)) this.fail(this.t, `expected specifier-qualifier-list before '${this.t.v}'`);
      const ms = this.declSpec();
      enums.push(...ms.enums);
      structs.push(...ms.structs);
      if (this.is(';')) {
        if (ms.base.k === 'struct') this.unsupported(ms.pos, 'anonymous struct members');
        this.next(); // gcc: "declaration does not declare anything" (a warning)
        continue;
      }
      for (;;) {
        const d = this.declarator(false, ms.base);
        if (this.is(':')) this.unsupported(this.t, 'bit-fields');
        members.push({ name: d.name, type: d.type, pos: d.pos });
        if (!this.accept(',')) break;
      }
      if (!this.is(';')) this.fail(this.afterPrev(), `expected ';', ',' or '}' before ${this.describe(this.t)}`);
      this.next();
    }
    this.next();
    this.defined.add(def);
    structs.push({ def, members, pos: this.pos(kw) });
    const st: StructT = { k: 'struct', def };
    return st;
  }

  /**
   * A declarator (abstract when `abstract`): returns the declared name, its
   * full type, and the parameter list when it declares a function.
   */
  private declarator(abstract: boolean, base?: CType): Declarator {
    return this.nested(() => this.declaratorLevel(abstract, base));
  }

  private declaratorLevel(abstract: boolean, base?: CType): Declarator {
    // Collect pointer layers.
    const ptrs: boolean[] = []; // const flag per '*'
    while (this.is('*')) {
      this.next();
      let c = false;
      while (this.t.k === 'id' && ['const', 'volatile', 'restrict', '__restrict', '__restrict__', '__const'].includes(this.t.v)) {
        if (this.t.v === 'const' || this.t.v === '__const') c = true;
        this.next();
      }
      ptrs.push(c);
      if (ptrs.length > MAX_NESTING) this.fail(this.t, `more than ${MAX_NESTING} levels of pointers`);
    }
    while (this.is('__attribute__')) this.attribute();
    let name = '';
    let pos = this.pos();
    let inner: ((t: CType) => CType) | null = null;
    let innerParams: Param[] | undefined;
    if (this.is('(') && !abstract && !this.startsType(this.la(1)) && !this.is(')', this.la(1))) {
      this.next();
      const d = this.declarator(false);
      this.expect(')');
      name = d.name;
      pos = d.pos;
      innerParams = d.params;
      const dt = d; // type built with a placeholder base, re-applied below
      inner = (t: CType) => rebase(dt.type, t);
    } else if (this.is('(') && abstract && (this.is('*', this.la(1)) || this.is('(', this.la(1)) || this.is('[', this.la(1)))) {
      this.next();
      const d = this.declarator(true);
      this.expect(')');
      if (d.name) {
        name = d.name;
        pos = d.pos;
        innerParams = d.params;
      }
      const dt = d;
      inner = (t: CType) => rebase(dt.type, t);
    } else if (this.t.k === 'id' && (!this.startsType() || (!abstract && base !== undefined && this.typedefOf(this.t.v) !== undefined))) {
      const n = this.next();
      name = n.v;
      pos = this.pos(n);
    } else if (!abstract) {
      this.fail(this.t, `expected identifier or '(' before ${this.describe(this.t)}`);
    }
    // Suffixes.
    type Suffix = { k: 'arr'; e: Expr | null; pos: Pos } | { k: 'fn'; ty: FnT; params: Param[] };
    const suffixes: Suffix[] = [];
    for (;;) {
      if (this.is('[')) {
        const p = this.pos();
        this.next();
        let e: Expr | null = null;
        if (!this.is(']')) {
          if (this.is('static') || this.is('const') || this.is('*')) this.unsupported(this.t, 'qualified array parameters');
          e = this.assign();
        }
        this.expect(']');
        suffixes.push({ k: 'arr', e, pos: p });
        if (suffixes.length > MAX_NESTING) this.fail(p, `more than ${MAX_NESTING} array dimensions`);
      } else if (this.is('(')) {
        this.next();
        const { ty, params } = this.paramList();
        suffixes.push({ k: 'fn', ty, params });
      } else break;
    }
    while (this.is('__attribute__')) this.attribute();
    let params: Param[] | undefined = innerParams;
    if (!inner && suffixes.length && suffixes[0].k === 'fn') params = suffixes[0].params;
    const build = (b: CType): CType => {
      let t = b;
      for (const c of ptrs) t = c ? { k: 'ptr', to: t, c: true } : { k: 'ptr', to: t };
      for (let s = suffixes.length - 1; s >= 0; s--) {
        const sf = suffixes[s];
        if (sf.k === 'arr') {
          if (t.k === 'fn') this.fail(sf.pos, `declaration of '${name || 'type name'}' as array of functions`);
          const n = sf.e && sf.e.k === 'num' ? sf.e.v : -1;
          t = sf.e && sf.e.k !== 'num' ? { k: 'arr', of: t, n: -1, nExpr: sf.e } : { k: 'arr', of: t, n };
        } else {
          if (t.k === 'fn') this.fail(pos, `'${name}' declared as function returning a function`);
          if (t.k === 'arr') this.fail(pos, `'${name}' declared as function returning an array`);
          t = { ...sf.ty, ret: t };
        }
      }
      return inner ? inner(t) : t;
    };
    return { name, pos, type: build(base ?? PLACEHOLDER), params };
  }

  private paramList(): { ty: FnT; params: Param[] } {
    const params: Param[] = [];
    let variadic = false;
    if (this.accept(')')) return { ty: { k: 'fn', ret: T_VOID, params: [], variadic: false, noproto: true }, params };
    if (this.is('void') && this.is(')', this.la(1))) {
      this.next();
      this.next();
      return { ty: { k: 'fn', ret: T_VOID, params: [], variadic: false, noproto: false }, params };
    }
    for (;;) {
      if (this.is('...')) {
        const p = this.next();
        if (params.length === 0) this.fail(p, "ISO C requires a named argument before '...'");
        variadic = true;
        break;
      }
      if (!this.startsType()) {
        if (this.t.k === 'id' && (this.is(',', this.la(1)) || this.is(')', this.la(1)))) {
          this.diags.unsupported(this.t, 'old-style (K&R) parameter lists');
          this.skipFunction();
        }
        if (this.t.k === 'id') this.unknownType(this.t);
        this.fail(this.t, `expected declaration specifiers or '...' before ${this.describe(this.t)}`);
      }
      const spec = this.declSpec();
      if (spec.storage && spec.storage !== 'register') this.fail(spec.pos, `storage class specified for parameter`);
      if (spec.structs.length) this.unsupported(spec.pos, 'struct definitions inside a parameter list');
      const d = this.declarator(true, spec.base);
      let t = d.type;
      if (t.k === 'arr') t = { k: 'ptr', to: t.of };
      else if (t.k === 'fn') t = { k: 'ptr', to: t };
      if (t.k === 'void') {
        this.fail(d.name ? d.pos : spec.pos, d.name ? `parameter ${params.length + 1} ('${d.name}') has incomplete type` : "'void' must be the only parameter");
      }
      params.push({ name: d.name, pos: d.name ? d.pos : spec.pos, type: t });
      if (!this.accept(',')) break;
    }
    this.expect(')');
    return { ty: { k: 'fn', ret: T_VOID, params: params.map((p) => p.type), variadic, noproto: false }, params };
  }

  /** A type name, as in casts and sizeof: specifiers plus an abstract declarator. */
  private typeName(): CType {
    const spec = this.declSpec();
    if (spec.storage) this.fail(spec.pos, `storage class specified for type name`);
    if (spec.enums.length) this.unsupported(spec.pos, 'enum definitions inside a type name');
    if (spec.structs.length) this.unsupported(spec.pos, 'struct definitions inside a type name');
    const d = this.declarator(true, spec.base);
    if (d.name) this.fail(d.pos, `expected ')' before '${d.name}'`);
    return d.type;
  }

  // ---- statements ----

  private block(): Stmt & { k: 'block' } {
    return this.scoped(() => this.blockLevel());
  }

  private blockLevel(): Stmt & { k: 'block' } {
    const open = this.expect('{');
    const body: Stmt[] = [];
    while (!this.is('}')) {
      if (this.t.k === 'eof') {
        this.diags.error(this.prev(), 'expected declaration or statement at end of input');
        return { k: 'block', body, end: this.pos(), line: open.line, col: open.col };
      }
      const start = this.i;
      try {
        body.push(this.stmt());
      } catch (e) {
        if (!(e instanceof Bail)) throw e;
        if (this.i === start) this.i++;
        this.sync();
      }
    }
    const close = this.next();
    return { k: 'block', body, end: this.pos(close), line: open.line, col: open.col };
  }

  private stmt(): Stmt {
    return this.nested(() => this.stmtLevel());
  }

  private stmtLevel(): Stmt {
    const t = this.t;
    const p = this.pos(t);
    if (t.k === 'punct') {
      if (t.v === '{') return this.block();
      if (t.v === ';') {
        this.next();
        return { k: 'empty', ...p };
      }
    }
    if (t.k === 'id') {
      switch (t.v) {
        case 'if': {
          this.next();
          this.expect('(');
          const c = this.expr();
          this.expect(')');
          const then = this.stmt();
          const els = this.accept('else') ? this.stmt() : null;
          return { k: 'if', c, then, else: els, ...p };
        }
        case 'while': {
          this.next();
          this.expect('(');
          const c = this.expr();
          this.expect(')');
          return { k: 'while', c, body: this.stmt(), ...p };
        }
        case 'do': {
          this.next();
          const body = this.stmt();
          if (!this.is('while')) this.fail(this.t, `expected 'while' before ${this.describe(this.t)}`);
          this.next();
          this.expect('(');
          const c = this.expr();
          this.expect(')');
          this.expect(';');
          return { k: 'do', body, c, ...p };
        }
        case 'for': {
          this.next();
          this.expect('(');
          let init: Stmt | null = null;
          if (this.startsType()) init = this.declaration();
          else if (!this.accept(';')) {
            const ip = this.pos();
            const e = this.expr();
            this.expect(';');
            init = { k: 'expr', e, ...ip };
          }
          const c = this.is(';') ? null : this.expr();
          this.expect(';');
          const step = this.is(')') ? null : this.expr();
          this.expect(')');
          return { k: 'for', init, c, step, body: this.stmt(), ...p };
        }
        case 'switch': {
          this.next();
          this.expect('(');
          const e = this.expr();
          this.expect(')');
          return { k: 'switch', e, body: this.stmt(), ...p };
        }
        case 'case': {
          this.next();
          const e = this.conditional();
          if (this.is('...')) this.unsupported(this.t, 'case ranges');
          if (!this.is(':')) this.fail(this.afterPrev(), `expected ':' before ${this.describe(this.t)}`);
          this.next();
          return { k: 'case', e, body: this.labeledBody(), ...p };
        }
        case 'default':
          this.next();
          if (!this.is(':')) this.fail(this.afterPrev(), `expected ':' before ${this.describe(this.t)}`);
          this.next();
          return { k: 'default', body: this.labeledBody(), ...p };
        case 'break':
          this.next();
          this.expect(';');
          return { k: 'break', ...p };
        case 'continue':
          this.next();
          this.expect(';');
          return { k: 'continue', ...p };
        case 'return': {
          this.next();
          const e = this.is(';') ? null : this.expr();
          this.expect(';');
          return { k: 'return', e, ...p };
        }
        case 'goto':
          this.unsupported(t, 'goto');
        // falls through
        case 'asm':
        case '__asm__':
        case '__asm':
          this.unsupported(t, 'inline assembly');
        // falls through
        case '_Static_assert':
        case 'static_assert':
          this.unsupported(t, '_Static_assert');
      }
      if (this.is(':', this.la(1)) && !this.startsType()) this.unsupported(t, 'labels (and goto)');
      if (this.startsType()) return this.declaration();
      // `clock_t c;`: a library type kernlab lacks, where gcc would see a declaration.
      const n = this.la(1);
      if (t.k === 'id' && MISSING_TYPES.has(t.v) && (n.k === 'id' || this.is('*', n))) this.unknownType(t);
    }
    const e = this.expr();
    this.expect(';');
    return { k: 'expr', e, ...p };
  }

  /** The statement after a case/default label; a label right before '}' is accepted (C23) as an empty statement. */
  private labeledBody(): Stmt {
    if (this.is('}')) return { k: 'empty', ...this.pos() };
    return this.stmt();
  }

  private declaration(): DeclStmt {
    const spec = this.declSpec();
    if (this.accept(';')) return { k: 'decl', spec, decls: [], line: spec.pos.line, col: spec.pos.col };
    const first = this.declarator(false, spec.base);
    if (first.type.k === 'fn' && this.is('{')) this.unsupported(this.t, 'nested functions');
    return this.finishDecl(spec, first);
  }

  // ---- expressions ----

  expr(): Expr {
    let e = this.assign();
    while (this.is(',')) {
      const t = this.next();
      const r = this.assign();
      e = { k: 'comma', l: e, r, line: t.line, col: t.col };
    }
    return e;
  }

  private assign(): Expr {
    const l = this.conditional();
    const t = this.t;
    if (t.k === 'punct' && ASSIGN_OPS.has(t.v)) {
      this.next();
      const r = this.nested(() => this.assign()); // a = b = c = ...: one level each
      return { k: 'assign', op: t.v, l, r, line: t.line, col: t.col };
    }
    return l;
  }

  private conditional(): Expr {
    const c = this.binary(0);
    if (!this.is('?')) return c;
    const q = this.next();
    if (this.is(':')) this.unsupported(q, "the GNU '?:' operator with an omitted middle operand");
    const a = this.nested(() => this.expr());
    if (!this.is(':')) this.fail(this.afterPrev(), `expected ':' before ${this.describe(this.t)}`);
    this.next();
    const b = this.nested(() => this.conditional()); // c ? x : c ? y : ...: one level each
    return { k: 'cond', c, a, b, line: q.line, col: q.col };
  }

  private binary(minPrec: number): Expr {
    let l = this.cast();
    for (;;) {
      const t = this.t;
      const p = t.k === 'punct' ? BIN_PREC[t.v] : undefined;
      if (!p || p <= minPrec) return l;
      this.next();
      const r = this.binary(p);
      l = { k: 'bin', op: t.v, l, r, line: t.line, col: t.col };
    }
  }

  private cast(): Expr {
    if (this.is('(') && this.startsType(this.la(1))) {
      const open = this.next();
      const to = this.typeName();
      this.expect(')');
      if (this.is('{')) this.unsupported(open, 'compound literals');
      const e = this.nested(() => this.cast()); // (int)(long)...: one level each
      return { k: 'cast', to, e, line: open.line, col: open.col };
    }
    return this.unary();
  }

  private unary(): Expr {
    return this.nested(() => this.unaryLevel());
  }

  private unaryLevel(): Expr {
    const t = this.t;
    if (t.k === 'punct') {
      switch (t.v) {
        case '++':
        case '--': {
          this.next();
          const e = this.unary();
          return { k: 'incdec', pre: true, inc: t.v === '++', e, line: t.line, col: t.col };
        }
        case '-':
        case '+':
        case '!':
        case '~':
        case '*':
        case '&': {
          this.next();
          const e = this.cast();
          return { k: 'un', op: t.v, e, line: t.line, col: t.col };
        }
        case '&&':
          this.unsupported(t, 'labels as values');
      }
    }
    if (t.k === 'id' && (t.v === 'sizeof' || t.v === '_Alignof' || t.v === 'alignof' || t.v === '__alignof__')) {
      if (t.v !== 'sizeof') this.unsupported(t, `'${t.v}'`);
      this.next();
      if (this.is('(') && this.startsType(this.la(1))) {
        this.next();
        const ty = this.typeName();
        this.expect(')');
        if (this.is('{')) this.unsupported(t, 'compound literals');
        return { k: 'sizeof', t: ty, line: t.line, col: t.col };
      }
      const e = this.unary();
      return { k: 'sizeof', e, line: t.line, col: t.col };
    }
    return this.postfix(this.primary());
  }

  private postfix(e: Expr): Expr {
    for (;;) {
      const t = this.t;
      if (t.k !== 'punct') return e;
      switch (t.v) {
        case '[': {
          this.next();
          const i = this.expr();
          this.expect(']');
          e = { k: 'index', a: e, i, line: t.line, col: t.col };
          break;
        }
        case '(': {
          this.next();
          const args: Expr[] = [];
          if (!this.is(')')) {
            for (;;) {
              args.push(this.assign());
              if (!this.accept(',')) break;
            }
          }
          this.expect(')');
          e = { k: 'call', f: e, args, line: e.line, col: e.col };
          break;
        }
        case '++':
        case '--':
          this.next();
          e = { k: 'incdec', pre: false, inc: t.v === '++', e, line: t.line, col: t.col };
          break;
        case '.':
        case '->': {
          this.next();
          const n = this.t;
          if (n.k !== 'id') this.fail(n, `expected identifier before ${this.describe(n)}`);
          this.next();
          e = { k: 'member', e, name: n.v, arrow: t.v === '->', line: t.line, col: t.col };
          break;
        }
        default:
          return e;
      }
    }
  }

  private primary(): Expr {
    const t = this.t;
    switch (t.k) {
      case 'num':
      case 'char':
        this.next();
        if (t.bad) this.unsupported(t, t.bad);
        return { k: 'num', v: t.num ?? 0, t: t.ntype ?? T_INT, big: t.big, line: t.line, col: t.col };
      case 'str': {
        const bytes: number[] = [];
        while (this.t.k === 'str') {
          const s = this.next();
          if (s.bad) this.unsupported(s, s.bad);
          bytes.push(...s.bytes!);
        }
        return { k: 'str', bytes, line: t.line, col: t.col };
      }
      case 'id': {
        if (t.v === '_Generic') this.unsupported(t, '_Generic');
        if (t.v === '__builtin_va_arg' || t.v === 'va_arg' || t.v === 'va_start') this.unsupported(t, 'variadic functions');
        if (this.startsType()) this.fail(t, `expected expression before '${t.v}'`);
        this.next();
        return { k: 'id', name: t.v, line: t.line, col: t.col };
      }
      case 'punct':
        if (t.v === '(') {
          this.next();
          if (this.is('{')) this.unsupported(t, 'statement expressions');
          const e = this.expr();
          this.expect(')');
          return e;
        }
        break;
      case 'eof':
        break;
    }
    this.fail(t, `expected expression before ${this.describe(t)}`);
  }
}

/** A placeholder base type: `rebase` swaps it for the real one. */
const PLACEHOLDER: CType = { k: 'void', c: undefined };

/** Replaces PLACEHOLDER inside t (built by a nested declarator) with `base`. */
function rebase(t: CType, base: CType): CType {
  if (t === PLACEHOLDER) return base;
  switch (t.k) {
    case 'ptr':
      return { ...t, to: rebase(t.to, base) };
    case 'arr':
      return { ...t, of: rebase(t.of, base) };
    case 'fn':
      return { ...t, ret: rebase(t.ret, base) };
    default:
      return t;
  }
}
