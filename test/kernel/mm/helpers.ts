// Test helpers: a small machine, a compiled-looking program, a task.
import type { Program } from '../../../src/lang/abi';
import { EventLog } from '../../../src/kernel/events';
import { MemorySystem, type FaultOwner, type MmStruct } from '../../../src/kernel/mm';
import { checkMm } from '../../../src/kernel/mm/vma';

/** A Program with the given section sizes (contents: recognisable bytes). */
export function makeProgram(opts: { path?: string; textSize?: number; rodata?: Uint8Array; data?: Uint8Array; bssSize?: number } = {}): Program {
  const textSize = opts.textSize ?? 400;
  const code = new Int32Array(Math.ceil(textSize / 4));
  for (let i = 0; i < code.length; i++) code[i] = 0x1000 + i;
  const path = opts.path ?? '/home/student/process';
  return {
    path,
    comm: path.slice(path.lastIndexOf('/') + 1).slice(0, 15),
    source: ['int main(void) { return 0; }'],
    code,
    consts: [],
    functions: [{ name: 'main', entry: 0, arity: 0, line: 1 }],
    textSize,
    rodata: opts.rodata ?? new TextEncoder().encode('I am your father!\n\0Noooooooo!\n\0'),
    data: opts.data ?? new Uint8Array([42, 0, 0, 0, 7, 0, 0, 0]),
    bssSize: opts.bssSize ?? 64,
    symbols: [],
    lineOf: () => 1,
  };
}

/** A deterministic generator (mulberry32), standing in for the kernel's seedrandom. */
export function rng(seed = 1): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface Machine {
  ms: MemorySystem;
  events: EventLog;
}

export function machine(opts: { memoryMiB?: number; tlbEntries?: number; cpus?: number; aslr?: boolean; seed?: number } = {}): Machine {
  const events = new EventLog();
  const ms = new MemorySystem({
    memoryBytes: (opts.memoryMiB ?? 64) * 1024 * 1024,
    tlbEntries: opts.tlbEntries ?? 64,
    nrCpus: opts.cpus ?? 2,
    events,
    rng: rng(opts.seed ?? 1),
    aslr: opts.aslr ?? false,
  });
  return { ms, events };
}

export function task(pid: number): FaultOwner {
  return { pid, minFlt: 0, majFlt: 0 };
}

/** A process: an mm with the program exec'd, loaded on CPU `cpu`. */
export function spawn(m: Machine, pid = 100, prog = makeProgram(), cpu = 0): { mm: MmStruct; t: FaultOwner; layout: ReturnType<MemorySystem['exec']> } {
  const t = task(pid);
  const mm = m.ms.mmAlloc();
  const layout = m.ms.exec(mm, prog, [prog.path], ['HOME=/home/student', 'PATH=/bin:/usr/bin'], t);
  m.ms.cpu(cpu).switchMm(mm, t);
  checkMm(mm);
  return { mm, t, layout };
}

/**
 * RssAnon of a fresh process in kB: what ld.so and libc's start-up wrote
 * before main (exec.ts), as on the reference machine less gcc's RELRO page
 * of the program: .data 1 page, the TLS block 2, libc RELRO 4 + .data 2 +
 * .bss 5, ld.so's allocation 1, ld.so RELRO 2 + .data 2, the stack 2.
 */
export const STARTUP_ANON_KB = 21 * 4;

/** A kB field of /proc/PID/status ("RssAnon", "VmRSS", ...). */
export function statusKb(m: Machine, mm: MmStruct, field: string): number {
  const line = m.ms.statusVm(mm).split('\n').find((l) => l.startsWith(field + ':'));
  if (!line) throw new Error(`no ${field} line`);
  return Number(line.split(/\s+/)[1]);
}

/** "rw-p" etc. of every VMA in order, with its range. */
export function layout(m: Machine, mm: MmStruct): string[] {
  return mm.vmas().map((v) => `${v.vmStart.toString(16)}-${v.vmEnd.toString(16)} ${m.ms.vmaPerms(v)}`);
}
