// mini-C CPU benchmarks: statements per second of the bytecode interpreter
// on a CPU-bound loop and on a store-heavy loop, against a flat Memory whose
// accesses cost about a TLB hit (a Map from page number to a DataView, with
// a last-page cache). Goals in the brief: >= 5 million statements/s for
// `for (i = 0; i < N; i++) sum += i;` and >= 3 million for `a[i & 1023] = i;`,
// locals in memory. Also the compile time of a 300-line program.
//
// Alone: npx esbuild bench/lang-main.ts --bundle --platform=node --outfile=dist/lang-bench.cjs && node dist/lang-bench.cjs

import { performance } from 'node:perf_hooks';
import { RunStop, type Gone, type Image, type Memory, type Retry, type Sys } from '../src/lang/abi';
import { compile } from '../src/lang/compile';
import { cpu, LIBC_DATA_SIZE } from '../src/lang/cpu';

const PAGE = 4096;

/** Pages allocated on first touch, no permissions: the cost of a TLB hit and a byte access. */
class FlatMemory implements Memory {
  private readonly pages = new Map<number, DataView>();
  private lastPn = -1;
  private last: DataView = new DataView(new ArrayBuffer(PAGE));

  private page(addr: number): DataView {
    const pn = Math.floor(addr / PAGE);
    if (pn === this.lastPn) return this.last;
    let p = this.pages.get(pn);
    if (!p) {
      p = new DataView(new ArrayBuffer(PAGE));
      this.pages.set(pn, p);
    }
    this.lastPn = pn;
    this.last = p;
    return p;
  }
  private off(addr: number): number {
    return addr - Math.floor(addr / PAGE) * PAGE;
  }
  load8(a: number): number {
    return this.page(a).getInt8(this.off(a));
  }
  load8u(a: number): number {
    return this.page(a).getUint8(this.off(a));
  }
  load16(a: number): number {
    return this.page(a).getInt16(this.off(a), true);
  }
  load16u(a: number): number {
    return this.page(a).getUint16(this.off(a), true);
  }
  load32(a: number): number {
    return this.page(a).getInt32(this.off(a), true);
  }
  load32u(a: number): number {
    return this.page(a).getUint32(this.off(a), true);
  }
  load64(a: number): number {
    const p = this.page(a);
    const o = this.off(a);
    return p.getInt32(o + 4, true) * 4294967296 + p.getUint32(o, true);
  }
  store8(a: number, v: number): void {
    this.page(a).setInt8(this.off(a), v);
  }
  store16(a: number, v: number): void {
    this.page(a).setInt16(this.off(a), v, true);
  }
  store32(a: number, v: number): void {
    this.page(a).setInt32(this.off(a), v, true);
  }
  store64(a: number, v: number): void {
    const p = this.page(a);
    const o = this.off(a);
    const lo = v % 4294967296;
    p.setUint32(o, lo < 0 ? lo + 4294967296 : lo, true);
    p.setInt32(o + 4, Math.floor(v / 4294967296), true);
  }
  fetch(a: number): void {
    this.page(a);
  }
}

class NullSys implements Sys {
  needResched = false;
  syscall(): number | Retry | Gone {
    return 0;
  }
  kcall(): number | Retry | Gone {
    return 0;
  }
  printk(): void {}
}

/** Runs main() of `src` for `budget` statements; returns statements per second (best of `reps`). */
function measure(src: string, budget: number, reps: number): { rate: number; stmts: number } {
  const prog = compile(src, '/bench/loop');
  const main = prog.functions.find((f) => f.name === 'main')!;
  let best = 0;
  let stmts = 0;
  for (let rep = 0; rep < reps; rep++) {
    const image: Image = {
      prog,
      textBase: 0x555555555000,
      rodataBase: 0x555555600000,
      dataBase: 0x555555700000,
      bssBase: 0x555555700000 + prog.data.length,
      libcDataBase: 0x7ffff7fa0000,
      libcDataSize: LIBC_DATA_SIZE,
    };
    const mem = new FlatMemory();
    const regs = cpu.entryRegs(image, image.textBase + 4 * main.entry, [1, 0, 0], 0x7ffffffde000, 'main');
    const sys = new NullSys();
    const t0 = performance.now();
    const r = cpu.run(regs, mem, sys, budget);
    const dt = (performance.now() - t0) / 1000;
    if (r.stop !== RunStop.Budget) throw new Error(`benchmark loop stopped early: ${RunStop[r.stop]}`);
    stmts = r.stmts;
    best = Math.max(best, r.stmts / dt);
  }
  return { rate: best, stmts };
}

const SUM_LOOP = `
#define N 1000000000
int main(void) {
  long sum = 0;
  int i;
  for (i = 0; i < N; i++) sum += i;
  return (int)sum;
}
`;

const STORE_LOOP = `
#define N 1000000000
int main(void) {
  int a[1024];
  int i;
  for (i = 0; i < N; i++) a[i & 1023] = i;
  return a[5];
}
`;

function bigProgram(): string {
  const fns: string[] = [];
  for (let i = 0; i < 30; i++) {
    fns.push(`static int f${i}(int x, const char *s) {
  int a[8] = {1, 2, 3};
  int j, acc = 0;
  for (j = 0; j < 8; j++) acc += a[j] * x;
  if (acc > 100 && s != NULL) printf("%s %d\\n", s, acc);
  switch (x & 3) { case 0: acc++; break; case 1: acc--; default: acc ^= 5; }
  return acc;
}`);
  }
  return `#include <stdio.h>\n${fns.join('\n')}\nint main(void) { return f0(1, "x"); }\n`;
}

export async function benchCpu(): Promise<string> {
  const lines: string[] = ['mini-C CPU (bytecode interpreter, flat memory)'];
  const budget = 20_000_000;
  const sum = measure(SUM_LOOP, budget, 5);
  lines.push(`  sum += i loop:      ${(sum.rate / 1e6).toFixed(1)} M statements/s (goal >= 5)`);
  const st = measure(STORE_LOOP, budget, 5);
  lines.push(`  a[i & 1023] = i:    ${(st.rate / 1e6).toFixed(1)} M statements/s (goal >= 3)`);
  const src = bigProgram();
  const nlines = src.split('\n').length;
  let best = Infinity;
  for (let i = 0; i < 5; i++) {
    const t0 = performance.now();
    compile(src, '/bench/big');
    best = Math.min(best, performance.now() - t0);
  }
  lines.push(`  compile ${nlines} lines:  ${best.toFixed(1)} ms`);
  return lines.join('\n') + '\n';
}
