// A test bench for mini-C alone: a flat Memory with page permissions (the
// MMU's faults without page tables) and a fake single-process Sys that
// records every system call (an strace), so programs run without the kernel.

import { GONE, RETRY, RunStop, UserFault, type Gone, type Image, type Memory, type Retry, type RunResult, type Sys } from '../../src/lang/abi';
import { compile } from '../../src/lang/compile';
import { cpu, LIBC_DATA_SIZE } from '../../src/lang/cpu';
import type { ThreadRegs } from '../../src/lang/regs';
import type { CompiledProgram } from '../../src/lang/program';
import { SEGV_ACCERR, SEGV_MAPERR, SIGSEGV } from '../../src/kernel/uapi/signal';

export const PAGE = 4096;
export const R = 1;
export const W = 2;
export const X = 4;

interface Page {
  bytes: Uint8Array;
  dv: DataView;
  prot: number;
}

interface Region {
  start: number;
  end: number;
  prot: number;
  growsDown: boolean; // the stack: grows down to `limit`
  limit: number;
}

/** A flat address space: regions with permissions, pages allocated on first touch. */
export class FlatMemory implements Memory {
  readonly pages = new Map<number, Page>();
  regions: Region[] = [];
  private lastPn = -1;
  private lastPage: Page | null = null;
  faults = 0; // pages allocated (demand-zero)
  fetches = 0;

  map(start: number, len: number, prot: number, growsDown = false, limit = 0): void {
    this.regions.push({ start, end: start + len, prot, growsDown, limit });
    this.lastPn = -1;
    for (const [pn, p] of this.pages) if (pn * PAGE >= start && pn * PAGE < start + len) p.prot = prot;
  }

  unmap(start: number, len: number): void {
    const end = start + len;
    const out: Region[] = [];
    for (const r of this.regions) {
      if (r.end <= start || r.start >= end) out.push(r);
      else {
        if (r.start < start) out.push({ ...r, end: start });
        if (r.end > end) out.push({ ...r, start: end });
      }
    }
    this.regions = out;
    for (let a = start; a < end; a += PAGE) this.pages.delete(a / PAGE);
    this.lastPn = -1;
  }

  protect(start: number, len: number, prot: number): void {
    const end = start + len;
    const out: Region[] = [];
    for (const r of this.regions) {
      if (r.end <= start || r.start >= end) out.push(r);
      else {
        if (r.start < start) out.push({ ...r, end: start });
        out.push({ ...r, start: Math.max(r.start, start), end: Math.min(r.end, end), prot });
        if (r.end > end) out.push({ ...r, start: end });
      }
    }
    this.regions = out;
    for (let a = start; a < end; a += PAGE) {
      const p = this.pages.get(a / PAGE);
      if (p) p.prot = prot;
    }
    this.lastPn = -1;
  }

  private regionOf(addr: number): Region | undefined {
    for (const r of this.regions) {
      if (addr >= r.start && addr < r.end) return r;
      if (r.growsDown && addr < r.start && addr >= r.limit) {
        r.start = Math.floor(addr / PAGE) * PAGE; // the stack VMA grows
        return r;
      }
    }
    return undefined;
  }

  /** The page for an access, allocating it; throws SIGSEGV like the page-fault handler. */
  page(addr: number, need: number, access: 'r' | 'w' | 'x'): Page {
    const pn = Math.floor(addr / PAGE);
    if (pn === this.lastPn && (this.lastPage!.prot & need) === need) return this.lastPage!;
    let p = this.pages.get(pn);
    if (!p) {
      const r = this.regionOf(addr);
      if (!r) throw new UserFault(SIGSEGV, SEGV_MAPERR, addr, access);
      const bytes = new Uint8Array(PAGE);
      p = { bytes, dv: new DataView(bytes.buffer), prot: r.prot };
      this.pages.set(pn, p);
      this.faults++;
    }
    if ((p.prot & need) !== need) throw new UserFault(SIGSEGV, SEGV_ACCERR, addr, access);
    this.lastPn = pn;
    this.lastPage = p;
    return p;
  }

  /** Writes bytes ignoring permissions (the loader). */
  poke(addr: number, bytes: Uint8Array): void {
    for (let i = 0; i < bytes.length; i++) {
      const a = addr + i;
      const pn = Math.floor(a / PAGE);
      let p = this.pages.get(pn);
      if (!p) {
        const r = this.regionOf(a);
        const b = new Uint8Array(PAGE);
        p = { bytes: b, dv: new DataView(b.buffer), prot: r ? r.prot : R | W };
        this.pages.set(pn, p);
      }
      p.bytes[a - pn * PAGE] = bytes[i];
    }
    this.lastPn = -1;
  }

  private off(addr: number): number {
    return addr - Math.floor(addr / PAGE) * PAGE;
  }

  private split(addr: number, n: number): boolean {
    return this.off(addr) + n > PAGE;
  }

  private loadBytes(addr: number, n: number): number[] {
    const out: number[] = [];
    for (let i = 0; i < n; i++) out.push(this.page(addr + i, R, 'r').bytes[this.off(addr + i)]);
    return out;
  }

  private storeBytes(addr: number, bytes: number[]): void {
    for (let i = 0; i < bytes.length; i++) this.page(addr + i, W, 'w');
    for (let i = 0; i < bytes.length; i++) this.page(addr + i, W, 'w').bytes[this.off(addr + i)] = bytes[i];
  }

  load8(addr: number): number {
    return this.page(addr, R, 'r').dv.getInt8(this.off(addr));
  }
  load8u(addr: number): number {
    return this.page(addr, R, 'r').bytes[this.off(addr)];
  }
  load16(addr: number): number {
    if (this.split(addr, 2)) return (leBig(this.loadBytes(addr, 2)) << 16) >> 16;
    return this.page(addr, R, 'r').dv.getInt16(this.off(addr), true);
  }
  load16u(addr: number): number {
    if (this.split(addr, 2)) return leBig(this.loadBytes(addr, 2)) & 0xffff;
    return this.page(addr, R, 'r').dv.getUint16(this.off(addr), true);
  }
  load32(addr: number): number {
    if (this.split(addr, 4)) return leBig(this.loadBytes(addr, 4)) | 0;
    return this.page(addr, R, 'r').dv.getInt32(this.off(addr), true);
  }
  load32u(addr: number): number {
    if (this.split(addr, 4)) return leBig(this.loadBytes(addr, 4)) >>> 0;
    return this.page(addr, R, 'r').dv.getUint32(this.off(addr), true);
  }
  load64(addr: number): number {
    if (this.split(addr, 8)) {
      const b = this.loadBytes(addr, 8);
      return Number(BigInt.asIntN(64, b.reduceRight((acc, x) => (acc << 8n) | BigInt(x), 0n)));
    }
    const p = this.page(addr, R, 'r');
    const o = this.off(addr);
    return p.dv.getInt32(o + 4, true) * 4294967296 + p.dv.getUint32(o, true);
  }
  store8(addr: number, v: number): void {
    this.page(addr, W, 'w').bytes[this.off(addr)] = v;
  }
  store16(addr: number, v: number): void {
    if (this.split(addr, 2)) return this.storeBytes(addr, [v & 255, (v >> 8) & 255]);
    this.page(addr, W, 'w').dv.setInt16(this.off(addr), v, true);
  }
  store32(addr: number, v: number): void {
    if (this.split(addr, 4)) return this.storeBytes(addr, [v & 255, (v >> 8) & 255, (v >> 16) & 255, (v >>> 24) & 255]);
    this.page(addr, W, 'w').dv.setInt32(this.off(addr), v, true);
  }
  store64(addr: number, v: number): void {
    let lo: number;
    let hi: number;
    if (Number.isSafeInteger(v)) {
      lo = v % 4294967296;
      if (lo < 0) lo += 4294967296;
      hi = Math.floor(v / 4294967296) | 0;
    } else {
      const b = BigInt.asUintN(64, BigInt(Math.trunc(v)));
      lo = Number(b & 0xffffffffn);
      hi = Number(BigInt.asIntN(32, b >> 32n));
    }
    if (this.split(addr, 8)) {
      const bytes: number[] = [];
      for (let i = 0; i < 4; i++) bytes.push((lo >>> (8 * i)) & 255);
      for (let i = 0; i < 4; i++) bytes.push((hi >>> (8 * i)) & 255);
      return this.storeBytes(addr, bytes);
    }
    const p = this.page(addr, W, 'w');
    const o = this.off(addr);
    p.dv.setUint32(o, lo, true);
    p.dv.setInt32(o + 4, hi, true);
  }
  fetch(addr: number): void {
    this.fetches++;
    this.page(addr, X, 'x');
  }

  /** A copy-on-write-free copy (fork in the harness: copies every page). */
  clone(): FlatMemory {
    const m = new FlatMemory();
    m.regions = this.regions.map((r) => ({ ...r }));
    for (const [pn, p] of this.pages) {
      const bytes = p.bytes.slice();
      m.pages.set(pn, { bytes, dv: new DataView(bytes.buffer), prot: p.prot });
    }
    return m;
  }

  readString(addr: number, max = 4096): string {
    let s = '';
    for (let i = 0; i < max; i++) {
      const b = this.load8u(addr + i);
      if (!b) break;
      s += String.fromCharCode(b);
    }
    return s;
  }
}

function leBig(b: number[]): number {
  let v = 0;
  for (let i = b.length - 1; i >= 0; i--) v = v * 256 + b[i];
  return v;
}

export interface Call {
  name: string;
  args: number[];
  ret: number | 'RETRY' | 'GONE';
}

/** A fake kernel for one process: enough syscalls for libc to run. */
export class FakeSys implements Sys {
  needResched = false;
  readonly calls: Call[] = [];
  readonly kcalls: Call[] = [];
  readonly printks: string[] = [];
  readonly out: Record<number, string> = { 1: '', 2: '' };
  readonly writes: { fd: number; data: string }[] = [];
  exitCode: number | null = null;
  pid = 1000;
  ppid = 1;
  brkStart: number;
  brkCur: number;
  mmapNext = 0x7ffff7a00000;
  /** stdout: a terminal (pty, major 136) unless set to 'file' or 'pipe'. */
  stdoutKind: 'tty' | 'file' | 'pipe' = 'tty';
  /** Hook to override a syscall's result: return undefined to fall through. */
  hook: ((name: string, args: number[]) => number | Retry | Gone | undefined) | null = null;
  khook: ((name: string, args: number[]) => number | Retry | Gone | undefined) | null = null;
  /** The running thread's regs, for clone (set by the Machine). */
  regs: ThreadRegs | null = null;
  children: { regs: ThreadRegs; mem: FlatMemory }[] = [];
  nextPid = 1001;

  constructor(
    readonly mem: FlatMemory,
    brkStart: number,
  ) {
    this.brkStart = this.brkCur = brkStart;
  }

  syscall(name: string, args: number[]): number | Retry | Gone {
    const r = this.dispatch(name, args);
    this.calls.push({ name, args: [...args], ret: r === RETRY ? 'RETRY' : r === GONE ? 'GONE' : r });
    return r;
  }

  private dispatch(name: string, args: number[]): number | Retry | Gone {
    if (this.hook) {
      const h = this.hook(name, args);
      if (h !== undefined) return h;
    }
    const m = this.mem;
    switch (name) {
      case 'write': {
        const [fd, buf, n] = args;
        let s = '';
        for (let i = 0; i < n; i++) s += String.fromCharCode(m.load8u(buf + i));
        this.out[fd] = (this.out[fd] ?? '') + s;
        this.writes.push({ fd, data: s });
        return n;
      }
      case 'exit_group':
      case 'exit':
        this.exitCode = args[0];
        return GONE;
      case 'getpid':
      case 'gettid':
        return this.pid;
      case 'getppid':
        return this.ppid;
      case 'brk': {
        const want = args[0];
        if (want === 0 || want < this.brkStart) return this.brkCur;
        const lo = Math.ceil(this.brkCur / PAGE) * PAGE;
        const hi = Math.ceil(want / PAGE) * PAGE;
        if (hi > lo) m.map(lo, hi - lo, R | W);
        if (hi < lo) m.unmap(hi, lo - hi);
        this.brkCur = want;
        return want;
      }
      case 'mmap': {
        const [, len, prot] = args;
        const size = Math.ceil(len / PAGE) * PAGE;
        const a = this.mmapNext - size;
        this.mmapNext = a;
        m.map(a, size, prot);
        return a;
      }
      case 'munmap':
        m.unmap(args[0], Math.ceil(args[1] / PAGE) * PAGE);
        return 0;
      case 'mprotect':
        m.protect(args[0], Math.ceil(args[1] / PAGE) * PAGE, args[2]);
        return 0;
      case 'newfstatat': {
        const st = args[2];
        for (let i = 0; i < 144; i += 8) m.store64(st + i, 0);
        if (this.stdoutKind === 'tty' || args[0] !== 1) {
          m.store32(st + 24, 0o020620); // S_IFCHR | 0620
          m.store64(st + 40, 0x8800); // makedev(136, 0): /dev/pts/0
          m.store64(st + 56, 1024); // st_blksize of a pty
        } else {
          m.store32(st + 24, this.stdoutKind === 'pipe' ? 0o010600 : 0o100644);
          m.store64(st + 56, 4096);
        }
        return 0;
      }
      case 'getrandom':
        for (let i = 0; i < args[1]; i++) m.store8(args[0] + i, (i * 37 + 11) & 255);
        return args[1];
      case 'dup':
      case 'ioctl':
      case 'fcntl':
        return -38; // ENOSYS: this fake kernel has no file descriptor table
      case 'clone': {
        const child = cpu.copyThread(this.regs!, 0) as ThreadRegs;
        this.children.push({ regs: child, mem: m.clone() });
        return this.nextPid++;
      }
      default:
        return 0;
    }
  }

  kcall(name: string, args: number[]): number | Retry | Gone {
    let r: number | Retry | Gone = 0;
    if (this.khook) {
      const h = this.khook(name, args);
      if (h !== undefined) r = h;
    }
    if (name === 'do_exit' && r === 0) r = GONE;
    this.kcalls.push({ name, args: [...args], ret: r === RETRY ? 'RETRY' : r === GONE ? 'GONE' : r });
    return r;
  }

  printk(text: string): void {
    this.printks.push(text);
  }

  /** The strace-like list of syscall names. */
  names(): string[] {
    return this.calls.map((c) => c.name);
  }
}

export const TEXT_BASE = 0x555555555000;
export const STACK_TOP = 0x7ffffffde000;
export const LIBC_BASE = 0x7ffff7fa0000;

export interface Machine {
  prog: CompiledProgram;
  image: Image;
  mem: FlatMemory;
  sys: FakeSys;
  regs: ThreadRegs;
  /** Runs until the thread is gone (or `maxRuns` run() calls); returns the last result. */
  run(budget?: number, maxRuns?: number): RunResult;
}

/** Loads a compiled program like exec would (PIE layout) and prepares main(argc, argv, envp). */
export function load(src: string, opts: { path?: string; argv?: string[]; env?: string[]; kind?: 'main' | 'kthread'; entry?: string } = {}): Machine {
  const prog = compile(src, opts.path ?? '/home/student/prog') as CompiledProgram;
  const mem = new FlatMemory();
  const up = (v: number): number => Math.ceil(v / PAGE) * PAGE;
  const textBase = TEXT_BASE;
  const rodataBase = up(textBase + prog.textSize) + PAGE;
  const dataBase = up(rodataBase + prog.rodata.length + 1) + PAGE;
  const bssBase = dataBase + prog.data.length;
  const end = up(bssBase + prog.bssSize + 1);
  mem.map(textBase, up(prog.textSize + 1), R | X);
  mem.map(rodataBase, up(prog.rodata.length + 1), R);
  mem.map(dataBase, end - dataBase, R | W);
  mem.poke(rodataBase, prog.rodata);
  mem.poke(dataBase, prog.data);
  mem.map(LIBC_BASE, LIBC_DATA_SIZE, R | W);
  const stackSize = 132 * 1024;
  mem.map(STACK_TOP - stackSize, stackSize, R | W, true, STACK_TOP - 8 * 1024 * 1024);
  const image: Image = { prog, textBase, rodataBase, dataBase, bssBase, libcDataBase: LIBC_BASE, libcDataSize: LIBC_DATA_SIZE };
  const sys = new FakeSys(mem, end + 0x10000);
  // argv and envp strings at the top of the stack, then the pointer arrays.
  const argv = opts.argv ?? [opts.path ?? '/home/student/prog'];
  const env = opts.env ?? ['PATH=/usr/bin:/bin', 'HOME=/home/student'];
  let sp = STACK_TOP - 16;
  const strAddr = (s: string): number => {
    const b = new TextEncoder().encode(s + '\0');
    sp -= b.length;
    mem.poke(sp, b);
    return sp;
  };
  const argvA = argv.map(strAddr);
  const envA = env.map(strAddr);
  sp = Math.floor(sp / 16) * 16 - 8 * (argvA.length + envA.length + 3);
  sp = Math.floor(sp / 16) * 16;
  const argvPtr = sp + 8;
  mem.poke(sp, le64(argvA.length));
  argvA.forEach((a, i) => mem.poke(argvPtr + 8 * i, le64(a)));
  mem.poke(argvPtr + 8 * argvA.length, le64(0));
  const envPtr = argvPtr + 8 * (argvA.length + 1);
  envA.forEach((a, i) => mem.poke(envPtr + 8 * i, le64(a)));
  mem.poke(envPtr + 8 * envA.length, le64(0));
  const kind = opts.kind ?? 'main';
  const entryName = opts.entry ?? (kind === 'main' ? 'main' : prog.functions[0].name);
  const fn = prog.functions.find((f) => f.name === entryName)!;
  const args = kind === 'main' ? [argvA.length, argvPtr, envPtr] : [0x1234];
  const regs = cpu.entryRegs(image, textBase + 4 * fn.entry, args, sp, kind) as ThreadRegs;
  sys.regs = regs;
  const m: Machine = {
    prog,
    image,
    mem,
    sys,
    regs,
    run(budget = 1_000_000, maxRuns = 1000): RunResult {
      let res: RunResult = { stop: RunStop.Budget, stmts: 0, fault: null };
      for (let i = 0; i < maxRuns; i++) {
        sys.regs = m.regs;
        res = cpu.run(m.regs, mem, sys, budget);
        if (res.stop === RunStop.Gone || res.stop === RunStop.Fault || res.stop === RunStop.SigReturn) return res;
      }
      return res;
    },
  };
  return m;
}

function le64(v: number): Uint8Array {
  const b = new Uint8Array(8);
  new DataView(b.buffer).setBigUint64(0, BigInt.asUintN(64, BigInt(v)), true);
  return b;
}

/** Compiles and runs a program to completion; returns stdout, stderr and the exit status. */
export function runC(src: string, opts: Parameters<typeof load>[1] & { budget?: number } = {}): Machine & { stdout: string; stderr: string; status: number | null; result: RunResult } {
  const m = load(src, opts);
  const result = m.run(opts.budget);
  return { ...m, stdout: m.sys.out[1], stderr: m.sys.out[2], status: m.sys.exitCode, result };
}
