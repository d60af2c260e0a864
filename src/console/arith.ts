// Shell arithmetic, as bash's $((EXPR)) evaluates it: 64-bit signed
// integers that wrap (intmax_t), C's operators and precedence, numbers
// in decimal, 0x hex, 0 octal and BASE#DIGITS, and bash's error messages
// with the "error token" (the rest of the expression from where it failed).
// bash: expr.c. Names are the shell's variables (words.ts gives their
// values, each read as an expression of its own): unset ones are 0, as in bash.

/** An expression bash would refuse: the message is bash's, without the "bash: " prefix. */
export class ArithError extends Error {}

/** The variables an expression reads and assigns (a Map of one line's names will do). */
export interface ArithVars {
  get(name: string): bigint | undefined; // undefined: unset, which is 0
  set(name: string, value: bigint): unknown;
}

type Tok = { kind: 'num'; value: bigint } | { kind: 'id'; name: string } | { kind: 'op'; op: string } | { kind: 'eof' };

/** Two- and three-character operators, longest first (readtok). */
const OPS = ['<<=', '>>=', '**', '<<', '>>', '<=', '>=', '==', '!=', '&&', '||', '++', '--', '+=', '-=', '*=', '/=', '%=', '&=', '|=', '^='];
const ASSIGN_OPS = new Set(['=', '+=', '-=', '*=', '/=', '%=', '<<=', '>>=', '&=', '|=', '^=']);

const wrap = (v: bigint): bigint => BigInt.asIntN(64, v);
const INTMAX_MIN = -(1n << 63n);

/** The value of a digit in `base` (bash's strlong), or -1. */
function digitValue(ch: string, base: number): number {
  const c = ch.charCodeAt(0);
  let v = -1;
  if (c >= 48 && c <= 57) v = c - 48;
  else if (c >= 97 && c <= 122) v = c - 97 + 10;
  else if (c >= 65 && c <= 90) v = base <= 36 ? c - 65 + 10 : c - 65 + 36;
  else if (ch === '@') v = 62;
  else if (ch === '_') v = 63;
  return v;
}

class Parser {
  private pos = 0; // where the next token starts
  private tok: Tok = { kind: 'eof' };
  private tokAt = 0; // lasttp: where the current (last non-EOF) token starts
  private noeval = 0; // inside a branch && || ?: do not take

  constructor(
    private readonly text: string, // leading blanks removed
    private readonly vars: ArithVars,
  ) {}

  private fail(msg: string, at = this.tokAt): never {
    throw new ArithError(`${this.text}: ${msg} (error token is "${this.text.slice(at)}")`);
  }

  /** bash's strlong: "0x1f", "017", "2#101", "64#@_"; wraps modulo 2^64. */
  private number(s: string): bigint {
    let base = 10;
    let digits = s;
    const hash = s.indexOf('#');
    if (hash >= 0) {
      base = Number(s.slice(0, hash));
      if (!/^\d+$/.test(s.slice(0, hash)) || base < 2 || base > 64) this.fail('invalid arithmetic base');
      digits = s.slice(hash + 1);
      if (!digits) this.fail('invalid integer constant');
    } else if (/^0[xX]/.test(s)) {
      base = 16;
      digits = s.slice(2);
    } else if (s.length > 1 && s[0] === '0') {
      base = 8;
      digits = s.slice(1);
    }
    let v = 0n;
    for (const ch of digits) {
      const d = digitValue(ch, base);
      if (d < 0 || d >= base) this.fail('value too great for base');
      v = wrap(v * BigInt(base) + BigInt(d));
    }
    return v;
  }

  /** readtok: the next token; at the end, tokAt stays on the last real one. */
  private next(): void {
    const s = this.text;
    while (this.pos < s.length && /\s/.test(s[this.pos])) this.pos++;
    if (this.pos >= s.length) {
      this.tok = { kind: 'eof' };
      return;
    }
    const start = this.pos;
    this.tokAt = start;
    const c = s[start];
    if (/[0-9]/.test(c)) {
      let end = start;
      while (end < s.length && /[A-Za-z0-9#@_]/.test(s[end])) end++;
      this.pos = end;
      this.tok = { kind: 'num', value: this.number(s.slice(start, end)) };
      return;
    }
    if (/[A-Za-z_]/.test(c)) {
      let end = start;
      while (end < s.length && /[A-Za-z0-9_]/.test(s[end])) end++;
      this.pos = end;
      this.tok = { kind: 'id', name: s.slice(start, end) };
      return;
    }
    let op = OPS.find((o) => s.startsWith(o, start)) ?? c;
    // "1--2" is 1 - -2: after an operand, ++ and -- are not increments.
    if ((op === '++' || op === '--') && (this.tok.kind === 'num' || (this.tok.kind === 'op' && this.tok.op === ')'))) op = c;
    this.pos = start + op.length;
    this.tok = { kind: 'op', op };
  }

  private atEof(): boolean {
    return this.tok.kind === 'eof';
  }

  private isOp(...ops: string[]): string | null {
    return this.tok.kind === 'op' && ops.includes(this.tok.op) ? this.tok.op : null;
  }

  /** The whole expression; tokens left over are a syntax error. */
  evaluate(): bigint {
    this.next();
    if (this.atEof()) return 0n; // $(( )) is 0
    const v = this.comma();
    if (!this.atEof()) this.fail('syntax error in expression');
    return v;
  }

  private comma(): bigint {
    let v = this.assign();
    while (this.isOp(',')) {
      this.next();
      v = this.assign();
    }
    return v;
  }

  private assign(): bigint {
    const lhs = this.tok;
    const v = this.cond();
    const op = this.isOp(...ASSIGN_OPS);
    if (!op) return v;
    if (lhs.kind !== 'id') this.fail('attempted assignment to non-variable');
    this.next();
    const rhs = this.assign();
    const r = op === '=' ? rhs : this.binary(op.slice(0, -1), v, rhs);
    if (!this.noeval) this.vars.set(lhs.name, r);
    return r;
  }

  private cond(): bigint {
    const c = this.or();
    if (!this.isOp('?')) return c;
    this.next();
    if (this.atEof() || this.isOp(':')) this.fail('expression expected');
    if (c === 0n) this.noeval++;
    const a = this.comma();
    if (c === 0n) this.noeval--;
    if (!this.isOp(':')) this.fail("`:' expected for conditional expression");
    this.next();
    if (this.atEof()) this.fail('expression expected');
    if (c !== 0n) this.noeval++;
    const b = this.cond();
    if (c !== 0n) this.noeval--;
    return c !== 0n ? a : b;
  }

  private or(): bigint {
    let v = this.and();
    while (this.isOp('||')) {
      this.next();
      if (v !== 0n) this.noeval++;
      const r = this.and();
      if (v !== 0n) this.noeval--;
      v = v !== 0n || r !== 0n ? 1n : 0n;
    }
    return v;
  }

  private and(): bigint {
    let v = this.level(0);
    while (this.isOp('&&')) {
      this.next();
      if (v === 0n) this.noeval++;
      const r = this.level(0);
      if (v === 0n) this.noeval--;
      v = v !== 0n && r !== 0n ? 1n : 0n;
    }
    return v;
  }

  /** The left-associative binary levels, loosest first: | ^ & equality relational shift additive multiplicative. */
  private static readonly LEVELS = [['|'], ['^'], ['&'], ['==', '!='], ['<=', '>=', '<', '>'], ['<<', '>>'], ['+', '-'], ['*', '/', '%']];

  private level(n: number): bigint {
    if (n === Parser.LEVELS.length) return this.power();
    let v = this.level(n + 1);
    for (let op = this.isOp(...Parser.LEVELS[n]); op; op = this.isOp(...Parser.LEVELS[n])) {
      const after = this.pos; // division by 0 names what follows the operator
      this.next();
      const r = this.level(n + 1);
      if ((op === '/' || op === '%') && r === 0n) {
        if (this.noeval) {
          v = 0n;
          continue;
        }
        let at = after;
        while (at < this.text.length && /\s/.test(this.text[at])) at++;
        this.fail('division by 0', at);
      }
      v = this.binary(op, v, r);
    }
    return v;
  }

  private binary(op: string, a: bigint, b: bigint): bigint {
    switch (op) {
      case '|': return a | b;
      case '^': return a ^ b;
      case '&': return a & b;
      case '==': return a === b ? 1n : 0n;
      case '!=': return a !== b ? 1n : 0n;
      case '<=': return a <= b ? 1n : 0n;
      case '>=': return a >= b ? 1n : 0n;
      case '<': return a < b ? 1n : 0n;
      case '>': return a > b ? 1n : 0n;
      // x86 masks the shift count to 6 bits; >> of a negative value is arithmetic.
      case '<<': return wrap(a << BigInt.asUintN(6, b));
      case '>>': return a >> BigInt.asUintN(6, b);
      case '+': return wrap(a + b);
      case '-': return wrap(a - b);
      case '*': return wrap(a * b);
      case '/':
        if (b === 0n) return 0n; // only in a branch not taken (or op= in one)
        return a === INTMAX_MIN && b === -1n ? INTMAX_MIN : a / b; // bash avoids the SIGFPE
      case '%':
        if (b === 0n) return 0n;
        return a === INTMAX_MIN && b === -1n ? 0n : a % b;
      default: return 0n;
    }
  }

  private power(): bigint {
    let v = this.unary();
    while (this.isOp('**')) {
      this.next();
      const e = this.power();
      if (e < 0n) this.fail('exponent less than 0');
      let r = 1n;
      let base = v;
      for (let k = e; k > 0n; k >>= 1n) {
        if (k & 1n) r = wrap(r * base);
        base = wrap(base * base);
      }
      v = r;
    }
    return v;
  }

  private unary(): bigint {
    const op = this.isOp('!', '~', '-', '+');
    if (op) {
      this.next();
      const v = this.unary();
      return op === '!' ? (v === 0n ? 1n : 0n) : op === '~' ? ~v : op === '-' ? wrap(-v) : v;
    }
    return this.operand();
  }

  private operand(): bigint {
    const t = this.tok;
    const pre = this.isOp('++', '--');
    if (pre) {
      this.next();
      const id = this.tok;
      if (id.kind !== 'id') {
        // "--5" is - -5, as in bash.
        return this.unary();
      }
      const v = wrap((this.vars.get(id.name) ?? 0n) + (pre === '++' ? 1n : -1n));
      if (!this.noeval) this.vars.set(id.name, v);
      this.next();
      return v;
    }
    if (this.isOp('(')) {
      this.next();
      const v = this.comma();
      if (!this.isOp(')')) this.fail("missing `)'");
      this.next();
      return v;
    }
    if (t.kind === 'num') {
      this.next();
      return t.value;
    }
    if (t.kind === 'id') {
      const v = this.vars.get(t.name) ?? 0n;
      this.next();
      const post = this.isOp('++', '--');
      if (post) {
        if (!this.noeval) this.vars.set(t.name, wrap(v + (post === '++' ? 1n : -1n)));
        this.next();
      }
      return v;
    }
    this.fail('syntax error: operand expected');
  }
}

/**
 * Evaluates an arithmetic expression (the text between `$((` and `))`).
 * `vars` holds the variables it reads and assigns.
 * Throws ArithError with bash's message.
 */
export function evalArith(expr: string, vars: ArithVars = new Map<string, bigint>()): bigint {
  return new Parser(expr.replace(/^\s+/, ''), vars).evaluate();
}
