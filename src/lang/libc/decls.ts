// The libc prototypes, parsed once with the compiler's own front end.

import { Diags } from '../diag';
import { lex } from '../lex';
import { parse } from '../parse';
import type { FnT } from '../types';
import { LIBC_PROTOTYPES } from './protos';

export interface NativeDecl {
  name: string; // C name
  type: FnT; // prototype
  index: number; // CALLN operand
}

let decls: NativeDecl[] | null = null;
let byName: Map<string, NativeDecl> | null = null;

/** Every libc function, in native-index order. */
export function nativeDecls(): NativeDecl[] {
  if (!decls) {
    const d = new Diags();
    const unit = parse(lex(LIBC_PROTOTYPES, d), d);
    if (d.count) throw new Error('kernlab: libc prototypes do not parse: ' + JSON.stringify(d.list[0]));
    decls = [];
    for (const top of unit) {
      if (top.k !== 'decl') throw new Error('kernlab: libc prototypes: unexpected definition');
      for (const x of top.decls) {
        if (x.type.k !== 'fn') throw new Error(`kernlab: libc prototype ${x.name} is not a function`);
        decls.push({ name: x.name, type: x.type, index: decls.length });
      }
    }
    byName = new Map(decls.map((n) => [n.name, n]));
  }
  return decls;
}

/** The native index of a libc function; throws if there is none (a kernlab bug). */
export function nativeIndex(name: string): number {
  nativeDecls();
  const n = byName!.get(name);
  if (!n) throw new Error(`kernlab: no libc function ${name}`);
  return n.index;
}
