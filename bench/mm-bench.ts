// Memory-subsystem benchmarks: find_vma against the number of VMAs, fork
// (dup_mm) against the number of present pages, and the MMU's translation
// cost on a TLB hit and on a full page walk. Figures only; goals in the
// brief: find_vma grows like log n and stays <= 2 us at 65,530 VMAs; fork of
// 100,000 present pages <= 50 ms; a load/store on a TLB hit <= 150 ns.
import { performance } from 'node:perf_hooks';
import type { Memory, Program } from '../src/lang/abi';
import { EventLog } from '../src/kernel/events';
import { MemorySystem, type FaultOwner, type MmStruct } from '../src/kernel/mm';
import { MAP_ANONYMOUS, MAP_FIXED, MAP_POPULATE, MAP_PRIVATE, PROT_READ, PROT_WRITE } from '../src/kernel/uapi/mman';

const P = 4096;
const ANON = MAP_PRIVATE | MAP_ANONYMOUS;
const RW = PROT_READ | PROT_WRITE;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

/** A deterministic generator for the machine and the address patterns. */
function lcg(seed: number): () => number {
  let x = seed >>> 0;
  return () => {
    x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
    return x / 4294967296;
  };
}

function program(): Program {
  return {
    path: '/bench/prog',
    comm: 'prog',
    source: [],
    code: new Int32Array(256),
    consts: [],
    functions: [{ name: 'main', entry: 0, arity: 0, line: 1 }],
    textSize: 1024,
    rodata: new Uint8Array(64),
    data: new Uint8Array(64),
    bssSize: 4096,
    symbols: [],
    lineOf: () => 0,
  };
}

function machine(memoryMiB: number, tlbEntries = 64): { ms: MemorySystem; mm: MmStruct; t: FaultOwner } {
  const ms = new MemorySystem({ memoryBytes: memoryMiB * 1024 * 1024, tlbEntries, nrCpus: 2, events: new EventLog(), rng: lcg(1), aslr: false });
  const t: FaultOwner = { pid: 100, minFlt: 0, majFlt: 0 };
  const mm = ms.mmAlloc();
  ms.exec(mm, program(), ['prog'], [], t);
  ms.cpu(0).switchMm(mm, t);
  return { ms, mm, t };
}

/** find_vma: median ns per lookup (random addresses over the mapped range, holes included). */
function benchFindVma(n: number): number {
  const { ms, mm, t } = machine(64);
  // n VMAs of one page each, separated by one-page holes.
  const base = 0x100000000;
  const extra = n - mm.mapCount;
  for (let i = 0; i < extra; i++) ms.doMmap(mm, base + i * 2 * P, P, RW, ANON | MAP_FIXED, -1, 0, t);
  const rnd = lcg(7);
  const span = Math.max(extra, 1) * 2 * P;
  const addrs = new Float64Array(4096);
  for (let i = 0; i < addrs.length; i++) addrs[i] = base + Math.floor(rnd() * span);
  const samples: number[] = [];
  let sink = 0;
  for (let round = 0; round < 31; round++) {
    const t0 = performance.now();
    for (let k = 0; k < 20; k++) for (let i = 0; i < addrs.length; i++) sink += ms.findVma(mm, addrs[i])!.vmStart;
    samples.push(((performance.now() - t0) * 1e6) / (20 * addrs.length));
  }
  if (sink === 42) console.log('');
  return median(samples);
}

/** fork: median ms of dup_mm of an mm with `pages` present anonymous pages. */
function benchFork(pages: number): { ms: number; pages: number } {
  const memMiB = Math.ceil(((pages * 2.2 + 20000) * P) / (1024 * 1024));
  const { ms, mm, t } = machine(memMiB);
  const a = ms.doMmap(mm, 0, pages * P, RW, ANON | MAP_POPULATE, -1, 0, t);
  if (a < 0) throw new Error(`populate failed: ${a}`);
  const samples: number[] = [];
  for (let i = 0; i < 9; i++) {
    const child: FaultOwner = { pid: 200 + i, minFlt: 0, majFlt: 0 };
    const t0 = performance.now();
    const cmm = ms.dupMm(mm, child);
    samples.push(performance.now() - t0);
    if (typeof cmm === 'number') throw new Error(`dup_mm failed: ${cmm}`);
    ms.mmput(cmm);
  }
  return { ms: median(samples), pages: mm.rss };
}

type Access = (mem: Memory, addrs: Float64Array, n: number) => number;

const loads: Access = (mem, addrs, n) => {
  let s = 0;
  const m = addrs.length - 1;
  for (let i = 0; i < n; i++) s += mem.load32(addrs[i & m]);
  return s;
};
const stores: Access = (mem, addrs, n) => {
  const m = addrs.length - 1;
  for (let i = 0; i < n; i++) mem.store32(addrs[i & m], i);
  return 0;
};
const loads64: Access = (mem, addrs, n) => {
  let s = 0;
  const m = addrs.length - 1;
  for (let i = 0; i < n; i++) s += mem.load64(addrs[i & m]);
  return s;
};
const fetches: Access = (mem, addrs, n) => {
  const m = addrs.length - 1;
  for (let i = 0; i < n; i++) mem.fetch(addrs[i & m]);
  return 0;
};

/** ns per access for `fn` over `addrs` (median of rounds). */
function timeAccess(mem: Memory, fn: Access, addrs: Float64Array, n: number): number {
  fn(mem, addrs, n); // warm up (faults, JIT)
  const samples: number[] = [];
  for (let round = 0; round < 11; round++) {
    const t0 = performance.now();
    fn(mem, addrs, n);
    samples.push(((performance.now() - t0) * 1e6) / n);
  }
  return median(samples);
}

function benchTranslation(): string[] {
  const { ms, mm, t } = machine(256);
  const cpu = ms.cpu(0);
  // TLB hits: 8 pages (fits any TLB), aligned and scattered offsets.
  const a = ms.doMmap(mm, 0x7f0000000000, 8 * P, RW, ANON | MAP_FIXED, -1, 0, t); // high: page numbers beyond 2^31
  const hit = new Float64Array(1024);
  for (let i = 0; i < hit.length; i++) hit[i] = a + (i % 8) * P + ((i * 40) % 4000);
  const text = new Float64Array(1024);
  const textBase = mm.startCode;
  for (let i = 0; i < text.length; i++) text[i] = textBase + ((i * 4) % 1024);
  // Full walks: 4096 present pages cycled through a 64-entry TLB: every access misses.
  const b = ms.doMmap(mm, 0x400000000, 4096 * P, RW, ANON | MAP_FIXED | MAP_POPULATE, -1, 0, t);
  const miss = new Float64Array(4096);
  for (let i = 0; i < miss.length; i++) miss[i] = b + i * P + 64;
  const N = 2_000_000;
  const rows = [
    ['load32, TLB hit', timeAccess(cpu, loads, hit, N)],
    ['store32, TLB hit', timeAccess(cpu, stores, hit, N)],
    ['load64, TLB hit', timeAccess(cpu, loads64, hit, N)],
    ['fetch, TLB hit', timeAccess(cpu, fetches, text, N)],
    ['load32, TLB miss (4-level walk)', timeAccess(cpu, loads, miss, 400_000)],
  ] as const;
  const st = ms.tlbStats(0);
  return [
    ...rows.map(([name, ns]) => `  ${name.padEnd(34)} ${ns.toFixed(1).padStart(8)} ns`),
    `  (TLB of CPU 0 after the runs: ${st.hits} hits, ${st.misses} misses)`,
  ];
}

export async function benchMm(): Promise<string> {
  const out: string[] = ['mm: find_vma (median per lookup)'];
  for (const n of [10, 1000, 65530]) out.push(`  ${String(n).padStart(6)} VMAs   ${benchFindVma(n).toFixed(0).padStart(6)} ns`);
  out.push('mm: fork (dup_mm, median of 9)');
  for (const pages of [1000, 100_000]) {
    const r = benchFork(pages);
    out.push(`  ${String(pages).padStart(7)} present pages   ${r.ms.toFixed(2).padStart(8)} ms`);
  }
  out.push('mm: translation (median per access)');
  out.push(...benchTranslation());
  return out.join('\n') + '\n';
}
