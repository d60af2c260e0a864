// The preprocessor: directives and macro expansion on the lexer's tokens.
//
// Supported: #include (accepted, ignored: the headers' macros are built in),
// #define (object-like and function-like, with __VA_ARGS__), #undef, #ifdef,
// #ifndef, #if/#elif with integer expressions and defined(), #else, #endif,
// #error, #warning, #pragma (ignored). The # and ## operators are refused.
// Expanded tokens carry the position of the macro's use, so a diagnostic
// inside an expansion points at the line the student wrote.

import { Diags } from './diag';
import { headerText } from './headers';
import { lex, type Tok } from './lex';

interface Macro {
  name: string; // identifier
  params: string[] | null; // null: object-like
  variadic: boolean; // last parameter is ...
  body: Tok[]; // replacement list
}

let builtinMacros: Map<string, Macro> | null = null;

function builtins(): Map<string, Macro> {
  if (!builtinMacros) {
    const d = new Diags();
    const map = new Map<string, Macro>();
    const pp = new Preprocessor(map, d, '<built-in>');
    pp.run(lex(headerText(), d));
    if (d.count) throw new Error('kernlab: built-in headers do not preprocess: ' + JSON.stringify(d.list[0]));
    builtinMacros = map;
  }
  return builtinMacros;
}

/** Preprocesses a translation unit. Returns the tokens the parser reads (ending with eof). */
export function preprocess(toks: Tok[], diags: Diags, path: string): Tok[] {
  const pp = new Preprocessor(new Map(builtins()), diags, path);
  return pp.run(toks);
}

interface Cond {
  active: boolean; // this branch's lines are compiled
  taken: boolean; // some branch of this #if group was already taken
  sawElse: boolean; // #else seen
  parentActive: boolean; // the enclosing region is active
  tok: Tok; // the #if, for "unterminated" errors
}

class Preprocessor {
  private readonly conds: Cond[] = [];

  constructor(
    private readonly macros: Map<string, Macro>,
    private readonly diags: Diags,
    private readonly path: string,
  ) {}

  run(toks: Tok[]): Tok[] {
    const out: Tok[] = [];
    let i = 0;
    let chunk: Tok[] = [];
    const flush = (): void => {
      if (chunk.length) {
        this.expand(chunk, out);
        chunk = [];
      }
    };
    while (toks[i].k !== 'eof') {
      const t = toks[i];
      if (t.bol && t.k === 'punct' && t.v === '#') {
        flush();
        let j = i + 1;
        while (toks[j].k !== 'eof' && !toks[j].bol) j++;
        this.directive(t, toks.slice(i + 1, j));
        i = j;
        continue;
      }
      if (this.active()) chunk.push(t);
      i++;
    }
    flush();
    for (const c of this.conds) this.diags.error(c.tok, 'unterminated #' + (c.tok.v || 'if'));
    out.push(toks[i]);
    return out;
  }

  private active(): boolean {
    return this.conds.length === 0 || this.conds[this.conds.length - 1].active;
  }

  private directive(hash: Tok, line: Tok[]): void {
    if (line.length === 0) return; // the null directive
    const name = line[0];
    const d = name.v;
    const rest = line.slice(1);
    const at = { line: name.line, col: name.col };
    switch (d) {
      case 'ifdef':
      case 'ifndef': {
        const parentActive = this.active();
        let v = false;
        if (parentActive) {
          if (rest.length === 0 || rest[0].k !== 'id') this.diags.error(at, `no macro name given in #${d} directive`);
          else v = this.macros.has(rest[0].v) === (d === 'ifdef');
        }
        this.conds.push({ active: parentActive && v, taken: v, sawElse: false, parentActive, tok: name });
        return;
      }
      case 'if': {
        const parentActive = this.active();
        const v = parentActive ? this.evalIf(name, rest) : false;
        this.conds.push({ active: parentActive && v, taken: v, sawElse: false, parentActive, tok: name });
        return;
      }
      case 'elif': {
        const c = this.conds[this.conds.length - 1];
        if (!c) return this.diags.error(at, '#elif without #if');
        if (c.sawElse) return this.diags.error(at, '#elif after #else');
        if (c.taken || !c.parentActive) c.active = false;
        else {
          const v = this.evalIf(name, rest);
          c.active = v;
          c.taken = v;
        }
        return;
      }
      case 'else': {
        const c = this.conds[this.conds.length - 1];
        if (!c) return this.diags.error(at, '#else without #if');
        if (c.sawElse) return this.diags.error(at, '#else after #else');
        c.sawElse = true;
        c.active = c.parentActive && !c.taken;
        c.taken = true;
        return;
      }
      case 'endif':
        if (!this.conds.pop()) this.diags.error(at, '#endif without #if');
        return;
    }
    if (!this.active()) return;
    switch (d) {
      case 'include':
        if (rest.length === 0 || !(rest[0].k === 'str' || (rest[0].k === 'punct' && rest[0].v === '<'))) {
          this.diags.error(at, '#include expects "FILENAME" or <FILENAME>');
        }
        return; // the headers' declarations and macros are built in
      case 'define':
        return this.define(name, rest);
      case 'undef':
        if (rest.length === 0 || rest[0].k !== 'id') return this.diags.error(at, 'no macro name given in #undef directive');
        this.macros.delete(rest[0].v);
        return;
      case 'error':
        return this.diags.error({ line: hash.line, col: hash.col }, '#error ' + rest.map((t) => t.v).join(' '));
      case 'warning':
      case 'pragma':
      case 'ident':
        return;
      case 'line':
        return this.diags.unsupported(at, '#line directives');
      default:
        if (name.k === 'num') return this.diags.unsupported(at, 'line markers (# NUMBER)');
        return this.diags.error(at, `invalid preprocessing directive #${d}`);
    }
  }

  private define(dtok: Tok, rest: Tok[]): void {
    const nameTok = rest[0];
    if (!nameTok || nameTok.k !== 'id') {
      this.diags.error(nameTok ?? dtok, 'macro names must be identifiers');
      return;
    }
    if (nameTok.v === 'defined') {
      this.diags.error(nameTok, '"defined" cannot be used as a macro name');
      return;
    }
    let params: string[] | null = null;
    let variadic = false;
    let k = 1;
    if (rest[1] && rest[1].k === 'punct' && rest[1].v === '(' && !rest[1].ws) {
      params = [];
      k = 2;
      for (;;) {
        const t = rest[k];
        if (!t) {
          this.diags.error(rest[k - 1], "missing ')' in macro parameter list");
          return;
        }
        if (t.k === 'punct' && t.v === ')' && params.length === 0 && !variadic) {
          k++;
          break;
        }
        if (t.k === 'punct' && t.v === '...') {
          variadic = true;
          params.push('__VA_ARGS__');
        } else if (t.k === 'id') params.push(t.v);
        else {
          this.diags.error(t, `expected parameter name, found "${t.v}"`);
          return;
        }
        const sep = rest[k + 1];
        k += 2;
        if (sep && sep.k === 'punct' && sep.v === ')') break;
        if (!sep || sep.v !== ',' || variadic) {
          this.diags.error(sep ?? t, "expected ',' or ')' in macro parameter list");
          return;
        }
      }
    }
    const body = rest.slice(k);
    for (const t of body) {
      if (t.k === 'punct' && (t.v === '#' || t.v === '##')) {
        this.diags.unsupported(t, `the preprocessor operator '${t.v}'`);
        return;
      }
    }
    this.macros.set(nameTok.v, { name: nameTok.v, params, variadic, body });
  }

  /** Evaluates a #if/#elif expression: defined(), then macros, then identifiers as 0. */
  private evalIf(at: Tok, rest: Tok[]): boolean {
    const pre: Tok[] = [];
    for (let i = 0; i < rest.length; i++) {
      const t = rest[i];
      if (t.k === 'id' && t.v === 'defined') {
        let name: Tok | undefined;
        if (rest[i + 1]?.v === '(') {
          name = rest[i + 2];
          if (rest[i + 3]?.v !== ')') {
            this.diags.error(t, "missing ')' after \"defined\"");
            return false;
          }
          i += 3;
        } else {
          name = rest[i + 1];
          i += 1;
        }
        if (!name || name.k !== 'id') {
          this.diags.error(t, 'operator "defined" requires an identifier');
          return false;
        }
        pre.push({ ...t, k: 'num', v: '1', num: this.macros.has(name.v) ? 1 : 0 });
      } else pre.push(t);
    }
    const expanded: Tok[] = [];
    this.expand(pre, expanded);
    if (expanded.length === 0) {
      this.diags.error(at, '#if with no expression');
      return false;
    }
    const ev = new IfEval(expanded, this.diags, at);
    const v = ev.parse();
    return v !== 0;
  }

  /**
   * <assert.h>'s assert(expr), which needs the # operator the subset lacks:
   * ((expr) ? (void)0 : __assert_fail("expr", __FILE__, __LINE__, __func__)),
   * or ((void)0) with NDEBUG. Returns the index after the invocation.
   */
  private assertion(t: Tok, work: Tok[], i: number, out: Tok[]): number {
    let depth = 0;
    let j = i + 1;
    for (; j < work.length; j++) {
      const v = work[j].k === 'punct' ? work[j].v : '';
      if (v === '(' || v === '[' || v === '{') depth++;
      else if (v === ')' || v === ']' || v === '}') {
        depth--;
        if (depth === 0) break;
      }
    }
    if (j >= work.length) return i;
    const arg = work.slice(i + 2, j);
    const at = (v: string, k: Tok['k'] = 'punct'): Tok =>
      k === 'num' ? { ...t, k, v, hide: undefined, ws: true, num: 0, ntype: { k: 'int', size: 4, unsigned: false, name: 'int' } } : { ...t, k, v, hide: undefined, ws: true };
    const repl: Tok[] = [];
    if (this.macros.has('NDEBUG')) repl.push(at('('), at('('), at('void', 'id'), at(')'), at('0', 'num'), at(')'));
    else {
      repl.push(at('('), at('('), ...arg, at(')'), at('?'), at('('), at('void', 'id'), at(')'), at('0', 'num'), at(':'));
      repl.push(at('__assert_fail', 'id'), at('('), strTok(t, spell(arg)), at(','), at('__FILE__', 'id'), at(','), at('__LINE__', 'id'));
      repl.push(at(','), at('__func__', 'id'), at(')'), at(')'));
    }
    const expanded: Tok[] = [];
    this.expand(repl, expanded);
    out.push(...expanded);
    return j + 1;
  }

  /** Expands macros in `inp` (a run of ordinary lines) onto `out`. */
  private expand(inp: Tok[], out: Tok[]): void {
    const work = inp.slice(); // consumed from the front; expansions are spliced in
    let i = 0;
    while (i < work.length) {
      const t = work[i];
      if (t.k !== 'id') {
        out.push(t);
        i++;
        continue;
      }
      if (t.v === '__LINE__' || t.v === '__FILE__') {
        if (t.v === '__LINE__') out.push({ ...t, k: 'num', v: String(t.line), num: t.line, ntype: { k: 'int', size: 4, unsigned: false, name: 'int' } });
        else out.push(strTok(t, sourceName(this.path)));
        i++;
        continue;
      }
      if (t.v === 'assert' && !this.macros.has('assert') && !(t.hide && t.hide.has('assert')) && work[i + 1]?.v === '(') {
        const end = this.assertion(t, work, i, out);
        if (end > i) {
          i = end;
          continue;
        }
      }
      const m = this.macros.get(t.v);
      if (!m || (t.hide && t.hide.has(t.v))) {
        out.push(t);
        i++;
        continue;
      }
      const hide = new Set(t.hide ?? []);
      hide.add(m.name);
      const place = (b: Tok): Tok => ({ ...b, line: t.line, col: t.col, endCol: t.endCol, bol: false, ws: b.ws, hide });
      if (m.params === null) {
        const repl = m.body.map(place);
        if (repl.length) repl[0].ws = t.ws;
        work.splice(i, 1, ...repl);
        continue;
      }
      // Function-like: only an invocation if '(' follows.
      if (work[i + 1]?.k !== 'punct' || work[i + 1].v !== '(') {
        out.push(t);
        i++;
        continue;
      }
      const args: Tok[][] = [[]];
      let depth = 0;
      let j = i + 2;
      for (; j < work.length; j++) {
        const a = work[j];
        if (a.k === 'punct' && (a.v === '(' || a.v === '[' || a.v === '{')) depth++;
        if (a.k === 'punct' && (a.v === ')' || a.v === ']' || a.v === '}')) {
          if (depth === 0 && a.v === ')') break;
          depth--;
        }
        if (a.k === 'punct' && a.v === ',' && depth === 0 && !(m.variadic && args.length === m.params.length)) {
          args.push([]);
          continue;
        }
        args[args.length - 1].push(a);
      }
      if (j >= work.length) {
        this.diags.error(t, `unterminated argument list invoking macro "${m.name}"`);
        break;
      }
      if (m.params.length === 0 && args.length === 1 && args[0].length === 0) args.pop();
      if (m.variadic && args.length === m.params.length - 1) args.push([]);
      if (args.length !== m.params.length) {
        const given = args.length;
        this.diags.error(
          t,
          given < m.params.length
            ? `macro "${m.name}" requires ${m.params.length} arguments, but only ${given} given`
            : `macro "${m.name}" passed ${given} arguments, but takes just ${m.params.length}`,
        );
        i = j + 1;
        continue;
      }
      const expandedArgs = args.map((a) => {
        const o: Tok[] = [];
        this.expand(a, o);
        return o;
      });
      const repl: Tok[] = [];
      for (const b of m.body) {
        const pi = b.k === 'id' ? m.params.indexOf(b.v) : -1;
        if (pi >= 0) {
          for (const a of expandedArgs[pi]) repl.push({ ...a, hide: new Set([...(a.hide ?? []), ...hide]) });
        } else repl.push(place(b));
      }
      if (repl.length) repl[0] = { ...repl[0], ws: t.ws };
      work.splice(i, j + 1 - i, ...repl);
    }
  }
}

/** A string literal token (for __FILE__ and assert's #expr). */
function strTok(at: Tok, text: string): Tok {
  return { ...at, k: 'str', v: JSON.stringify(text), bytes: [...new TextEncoder().encode(text)], hide: undefined };
}

/** __FILE__: the source file the executable was built from ("process.c" for /home/student/process). */
export function sourceName(path: string): string {
  const base = path.slice(path.lastIndexOf('/') + 1);
  return base.endsWith('.c') ? base : base + '.c';
}

/** How the # operator spells a macro argument: its tokens, white space collapsed to one space. */
function spell(toks: Tok[]): string {
  return toks.map((t, i) => (i > 0 && t.ws ? ' ' : '') + t.v).join('');
}

/** #if arithmetic on 64-bit integers (numbers here; #if values stay small in practice). */
class IfEval {
  private i = 0;

  constructor(
    private readonly toks: Tok[],
    private readonly diags: Diags,
    private readonly at: Tok,
  ) {}

  parse(): number {
    const v = this.cond();
    if (this.i < this.toks.length) this.diags.error(this.toks[this.i], `missing binary operator before token "${this.toks[this.i].v}"`);
    return v;
  }

  private peek(): string {
    const t = this.toks[this.i];
    return t && t.k === 'punct' ? t.v : '';
  }

  private cond(): number {
    const c = this.bin(0);
    if (this.peek() === '?') {
      this.i++;
      const a = this.cond();
      if (this.peek() !== ':') {
        this.diags.error(this.toks[this.i] ?? this.at, "expected ':' in #if");
        return 0;
      }
      this.i++;
      const b = this.cond();
      return c ? a : b;
    }
    return c;
  }

  private static readonly PREC: Record<string, number> = {
    '||': 1, '&&': 2, '|': 3, '^': 4, '&': 5, '==': 6, '!=': 6, '<': 7, '>': 7, '<=': 7, '>=': 7, '<<': 8, '>>': 8, '+': 9, '-': 9, '*': 10, '/': 10, '%': 10,
  };

  private bin(minPrec: number): number {
    let l = this.unary();
    for (;;) {
      const op = this.peek();
      const p = IfEval.PREC[op];
      if (!p || p <= minPrec) return l;
      this.i++;
      const r = this.bin(p);
      switch (op) {
        case '||': l = l || r ? 1 : 0; break;
        case '&&': l = l && r ? 1 : 0; break;
        case '|': l = Number(BigInt(l) | BigInt(r)); break;
        case '^': l = Number(BigInt(l) ^ BigInt(r)); break;
        case '&': l = Number(BigInt(l) & BigInt(r)); break;
        case '==': l = l === r ? 1 : 0; break;
        case '!=': l = l !== r ? 1 : 0; break;
        case '<': l = l < r ? 1 : 0; break;
        case '>': l = l > r ? 1 : 0; break;
        case '<=': l = l <= r ? 1 : 0; break;
        case '>=': l = l >= r ? 1 : 0; break;
        case '<<': l = l * 2 ** r; break;
        case '>>': l = Math.floor(l / 2 ** r); break;
        case '+': l = l + r; break;
        case '-': l = l - r; break;
        case '*': l = l * r; break;
        case '/':
        case '%':
          if (r === 0) {
            this.diags.error(this.at, 'division by zero in #if');
            return 0;
          }
          l = op === '/' ? Math.trunc(l / r) : l % r;
          break;
      }
    }
  }

  private unary(): number {
    const t = this.toks[this.i];
    if (!t) {
      this.diags.error(this.at, '#if with no expression');
      return 0;
    }
    this.i++;
    if (t.k === 'num' || t.k === 'char') return t.num ?? 0;
    if (t.k === 'id') return 0; // an identifier that is not a macro
    if (t.k === 'punct') {
      switch (t.v) {
        case '(': {
          const v = this.cond();
          if (this.peek() !== ')') this.diags.error(this.toks[this.i] ?? this.at, "missing ')' in expression");
          else this.i++;
          return v;
        }
        case '!':
          return this.unary() ? 0 : 1;
        case '-':
          return -this.unary();
        case '+':
          return this.unary();
        case '~':
          return -this.unary() - 1;
      }
    }
    this.diags.error(t, `token "${t.v}" is not valid in preprocessor expressions`);
    return 0;
  }
}
