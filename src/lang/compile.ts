// compile(source, path): mini-C source to a Program (abi.ts).
//
//   lex -> preprocess -> parse -> sema -> link (data layout) -> codegen
//
// Errors are collected with gcc's line:column and thrown together as one
// CompileError; constructs outside the subset are 'unsupported'.

import { CompileError, type FunctionInfo, type Program, type SymbolInfo } from './abi';
import { generate } from './codegen';
import { Diags } from './diag';
import { lex } from './lex';
import { layoutData, resolveRelocs } from './link';
import { parse } from './parse';
import { preprocess } from './preprocess';
import { CompiledProgram } from './program';
import { analyze } from './sema';
import { typeStr } from './types';

export { CompileError };
export { LIBC_DATA_SIZE } from './libc/layout';

/** Compiles a translation unit. Throws CompileError with every diagnostic found. */
export function compile(source: string, path: string): Program {
  const diags = new Diags();
  const toks = lex(source, diags);
  const pp = preprocess(toks, diags, path);
  const tree = parse(pp, diags);
  diags.check(path); // type errors after syntax errors would mostly be noise
  const unit = analyze(tree, diags);
  diags.check(path);
  const data = layoutData(unit, diags);
  const gen = generate(unit, diags);
  const relocs = resolveRelocs(data.relocs, (f) => (f.index >= 0 ? gen.frames[f.index].entry : -1), diags);
  diags.check(path);

  const functions: FunctionInfo[] = [];
  const symbols: SymbolInfo[] = [];
  const fnAtPc = new Map<number, number>();
  unit.funcs.forEach((f, i) => {
    const fr = gen.frames[i];
    functions.push({ name: f.sym.name, entry: fr.entry, arity: f.params.length, line: f.def.line });
    symbols.push({ name: f.sym.name, section: 'text', offset: 4 * fr.entry, size: 4 * (fr.end - fr.entry), type: typeStr(f.sym.type) });
    fnAtPc.set(fr.entry, i);
  });
  symbols.push(...data.symbols);
  return new CompiledProgram(
    path,
    source.split(/\r?\n/),
    gen.code,
    gen.lines,
    gen.consts,
    functions,
    gen.frames,
    data.rodata,
    data.data,
    data.bssSize,
    symbols,
    relocs,
    gen.switches,
    gen.crtMainExit,
    gen.crtThreadExit,
    gen.crtKthreadExit,
    gen.crtSigreturn,
    gen.crtExitNext,
    gen.crtQsortNext,
    fnAtPc,
  );
}
