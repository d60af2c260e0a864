// Kernel memory: where kernel-thread images and kernel stacks live. The
// CPU uses it instead of the MMU while a kthread runs.
// linux: arch/x86/include/asm/pgtable_64_types.h (the kernel half's layout),
//        kernel/fork.c alloc_thread_stack_node (vmalloc'ed stacks)
//
// Kernel addresses are in the upper half of the x86-64 address space, which
// a JS number cannot hold exactly as unsigned 64-bit values. They are kept
// as the signed 64-bit integers the same bits make, which are exact:
//   0xffffffffc0000000 (MODULES_VADDR, kthread images)  = -0x40000000
//   0xffffc90000000000 (VMALLOC_START, kernel stacks)   = -0x370000000000
// A pointer stored with store64 and read back with load64 keeps its value,
// and hex64() prints the familiar 0xffff... form.
//
// No page tables: the memory is a set of direct-mapped regions, each with
// its rights (kernel text is read-only and executable, data is NX, as with
// CONFIG_STRICT_KERNEL_RWX). Every kernel stack is THREAD_SIZE bytes with an
// unmapped guard page between stacks, as vmalloc leaves one, so an overflow
// faults. Any access outside a region throws UserFault(SIGSEGV,
// SEGV_MAPERR): the kernel reports it as an oops.

import { UserFault, type Image, type Memory, type Program } from '../../lang/abi';
import { SEGV_ACCERR, SEGV_MAPERR, SIGSEGV } from '../uapi/signal';
import { PAGE_SIZE, THREAD_SIZE } from '../param';
import { hex64 } from './mm';

/** 0xffffffffc0000000: kthread images are loaded from here up (the modules area). */
export const MODULES_VADDR = -0x40000000;
/** 0xffffffffff000000: end of the modules area. */
export const MODULES_END = -0x1000000;
/** 0xffffc90000000000: kernel stacks are allocated from here up (the vmalloc area). */
export const VMALLOC_START = -0x370000000000;

/** One mapped region of kernel memory. */
interface KRegion {
  start: number; // first address
  end: number; // first address after it
  dv: DataView; // its bytes
  write: boolean; // stores allowed
  exec: boolean; // instruction fetch allowed
  name: string; // what it is, for the memory view
}

export class KernelMemory implements Memory {
  private readonly byPage = new Map<number, KRegion>(); // page number -> region
  private last: KRegion | null = null; // region of the last access
  private nextImage = MODULES_VADDR; // where the next image goes
  private readonly images = new Map<Program, Image>(); // one image per kthread program
  private readonly stackSlots: boolean[] = []; // kernel stack slots in use

  /**
   * Loads a kthread program (once; every kthread running it shares the
   * image): .text (r-x), .rodata (r--), .data and .bss (rw-), each from a
   * page boundary, with a guard page after the image.
   */
  loadImage(prog: Program): Image {
    const cached = this.images.get(prog);
    if (cached) return cached;
    const pages = (n: number): number => Math.max(1, Math.ceil(n / PAGE_SIZE)) * PAGE_SIZE;
    const textBase = this.nextImage;
    const rodataBase = textBase + pages(prog.textSize);
    const dataBase = rodataBase + pages(prog.rodata.length);
    const bssBase = dataBase + Math.ceil(prog.data.length / 32) * 32;
    const end = dataBase + pages(bssBase - dataBase + prog.bssSize);
    if (end + PAGE_SIZE > MODULES_END) throw new RangeError('kernel modules area full');
    const code = new Uint8Array(prog.code.buffer, prog.code.byteOffset, Math.min(prog.code.byteLength, prog.textSize));
    this.map(textBase, rodataBase, code, false, true, `${prog.path} .text`);
    this.map(rodataBase, dataBase, prog.rodata, false, false, `${prog.path} .rodata`);
    this.map(dataBase, end, prog.data, true, false, `${prog.path} .data/.bss`);
    this.nextImage = end + PAGE_SIZE;
    const image: Image = { prog, textBase, rodataBase, dataBase, bssBase, libcDataBase: 0, libcDataSize: 0 };
    this.images.set(prog, image);
    return image;
  }

  /** A zeroed THREAD_SIZE kernel stack; returns its top (the initial stack pointer). Lowest free slot first. */
  allocStack(): number {
    let slot = this.stackSlots.indexOf(false);
    if (slot < 0) slot = this.stackSlots.length;
    this.stackSlots[slot] = true;
    const base = VMALLOC_START + slot * (THREAD_SIZE + PAGE_SIZE);
    this.map(base, base + THREAD_SIZE, null, true, false, `kernel stack ${slot}`);
    return base + THREAD_SIZE;
  }

  /** Frees the kernel stack whose top allocStack returned. */
  freeStack(top: number): void {
    const base = top - THREAD_SIZE;
    const slot = (base - VMALLOC_START) / (THREAD_SIZE + PAGE_SIZE);
    if (!Number.isInteger(slot) || !this.stackSlots[slot]) throw new Error(`free of unknown kernel stack 0x${hex64(top)}`);
    this.stackSlots[slot] = false;
    this.unmap(base, top);
  }

  /** Kernel stacks in use. */
  get stacksInUse(): number {
    return this.stackSlots.filter((x) => x).length;
  }

  /** The mapped regions, for the memory view: "ffffffffc0000000-ffffffffc0001000 r-x /path .text". */
  regions(): string[] {
    const seen = new Set<KRegion>();
    const out: KRegion[] = [];
    for (const r of this.byPage.values()) {
      if (seen.has(r)) continue;
      seen.add(r);
      out.push(r);
    }
    out.sort((a, b) => a.start - b.start);
    return out.map((r) => `${hex64(r.start)}-${hex64(r.end)} r${r.write ? 'w' : '-'}${r.exec ? 'x' : '-'} ${r.name}`);
  }

  private map(start: number, end: number, init: Uint8Array | null, write: boolean, exec: boolean, name: string): void {
    const buf = new Uint8Array(end - start);
    if (init) buf.set(init.subarray(0, buf.length));
    const r: KRegion = { start, end, dv: new DataView(buf.buffer), write, exec, name };
    for (let a = start; a < end; a += PAGE_SIZE) this.byPage.set(Math.floor(a / PAGE_SIZE), r);
  }

  private unmap(start: number, end: number): void {
    for (let a = start; a < end; a += PAGE_SIZE) this.byPage.delete(Math.floor(a / PAGE_SIZE));
    this.last = null;
  }

  /** The region holding [addr, addr+size) with the access allowed; throws the oops fault otherwise. */
  private region(addr: number, size: number, access: 'r' | 'w' | 'x'): KRegion {
    let r = this.last;
    if (r === null || addr < r.start || addr + size > r.end) {
      r = this.byPage.get(Math.floor(addr / PAGE_SIZE)) ?? null;
      if (r === null) throw new UserFault(SIGSEGV, SEGV_MAPERR, addr, access);
      if (addr + size > r.end) {
        const next = this.byPage.get(Math.floor(r.end / PAGE_SIZE));
        // Regions are separate buffers: an access straddling two of them is not supported (never happens in practice).
        throw new UserFault(SIGSEGV, next ? SEGV_ACCERR : SEGV_MAPERR, r.end, access);
      }
      this.last = r;
    }
    if ((access === 'w' && !r.write) || (access === 'x' && !r.exec)) throw new UserFault(SIGSEGV, SEGV_ACCERR, addr, access);
    return r;
  }

  load8(addr: number): number {
    const r = this.region(addr, 1, 'r');
    return r.dv.getInt8(addr - r.start);
  }
  load8u(addr: number): number {
    const r = this.region(addr, 1, 'r');
    return r.dv.getUint8(addr - r.start);
  }
  load16(addr: number): number {
    const r = this.region(addr, 2, 'r');
    return r.dv.getInt16(addr - r.start, true);
  }
  load16u(addr: number): number {
    const r = this.region(addr, 2, 'r');
    return r.dv.getUint16(addr - r.start, true);
  }
  load32(addr: number): number {
    const r = this.region(addr, 4, 'r');
    return r.dv.getInt32(addr - r.start, true);
  }
  load32u(addr: number): number {
    const r = this.region(addr, 4, 'r');
    return r.dv.getUint32(addr - r.start, true);
  }
  load64(addr: number): number {
    const r = this.region(addr, 8, 'r');
    const o = addr - r.start;
    return r.dv.getInt32(o + 4, true) * 4294967296 + r.dv.getUint32(o, true);
  }
  store8(addr: number, v: number): void {
    const r = this.region(addr, 1, 'w');
    r.dv.setUint8(addr - r.start, v);
  }
  store16(addr: number, v: number): void {
    const r = this.region(addr, 2, 'w');
    r.dv.setUint16(addr - r.start, v, true);
  }
  store32(addr: number, v: number): void {
    const r = this.region(addr, 4, 'w');
    r.dv.setInt32(addr - r.start, v, true);
  }
  store64(addr: number, v: number): void {
    const r = this.region(addr, 8, 'w');
    const o = addr - r.start;
    const hi = Math.floor(v / 4294967296);
    r.dv.setUint32(o, v - hi * 4294967296, true);
    r.dv.setInt32(o + 4, hi, true);
  }
  fetch(addr: number): void {
    this.region(addr, 1, 'x');
  }
}
