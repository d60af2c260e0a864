// Diagnostics collected while compiling one translation unit.

import { CompileError, type Diagnostic } from './abi';

/** Where a diagnostic points: 1-based line and (gcc display) column. */
export interface Pos {
  line: number; // 1-based source line
  col: number; // 1-based column, tabs expanded to multiples of 8 as gcc prints them
}

export class Diags {
  readonly list: Diagnostic[] = []; // in the order found

  error(p: Pos, message: string): void {
    this.add(p, 'error', message);
  }

  /** Valid C that kernlab does not implement: refused at load time, never misread. */
  unsupported(p: Pos, message: string): void {
    this.add(p, 'unsupported', message);
  }

  get count(): number {
    return this.list.length;
  }

  /** Throws CompileError if anything was reported. */
  check(path: string): void {
    if (this.list.length === 0) return;
    const sorted = [...this.list].sort((a, b) => a.line - b.line || a.col - b.col);
    throw new CompileError(path, sorted);
  }

  private add(p: Pos, kind: Diagnostic['kind'], message: string): void {
    // One diagnostic per position and text: the parser may revisit a token while recovering.
    if (this.list.some((d) => d.line === p.line && d.col === p.col && d.message === message)) return;
    this.list.push({ line: p.line, col: p.col, kind, message });
  }
}
