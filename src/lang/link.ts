// The linker's part: lays out .rodata, .data and .bss (natural alignment,
// as gcc), builds the initial bytes of initialised globals, the relocations
// for pointers stored in them, and the symbol table.

import type { SymbolInfo } from './abi';
import { exprStart, type StrE } from './ast';
import { evalConst } from './consteval';
import type { Diags } from './diag';
import type { Reloc } from './program';
import type { FuncSym, GlobalSym } from './scope';
import type { Unit } from './sema';
import { alignOf, sizeOf, typeStr } from './types';

/** A relocation whose target is resolved once the code is laid out. */
export interface PendingReloc {
  at: number; // offset in .data
  base: GlobalSym | FuncSym | StrE; // what the pointer designates
  add: number; // byte offset from it
}

export interface DataLayout {
  rodata: Uint8Array; // string literals and const objects
  data: Uint8Array; // initialised objects
  bssSize: number; // zero-initialised objects
  relocs: PendingReloc[]; // pointers in .data
  symbols: SymbolInfo[]; // objects; functions are added by compile()
}

/** No object can be larger than the user address space (x86-64: 128 TiB below the kernel half). */
const MAX_OBJECT_SIZE = 2 ** 47;

/** .data and .rodata objects are built byte by byte in host memory: a cap keeps a typo from exhausting the host. */
export const MAX_IMAGE_OBJECT = 16 * 1024 * 1024;

/** Appends bytes one by one (arr.push(...bytes) overflows the host stack past ~100k arguments). */
function append(arr: number[], bytes: ArrayLike<number>): void {
  for (let i = 0; i < bytes.length; i++) arr.push(bytes[i]);
}

function put(buf: Uint8Array, off: number, size: number, v: bigint): void {
  let b = BigInt.asUintN(64, v);
  for (let i = 0; i < size; i++) {
    buf[off + i] = Number(b & 0xffn);
    b >>= 8n;
  }
}

function objAlign(size: number, natural: number): number {
  if (size >= 32) return Math.max(natural, 32); // gcc's DATA_ABI_ALIGNMENT for big arrays on x86-64
  if (size >= 16) return Math.max(natural, 16);
  return natural;
}

export function layoutData(unit: Unit, diags: Diags): DataLayout {
  const ro: number[] = [];
  const data: number[] = [];
  let bss = 0;
  const relocs: PendingReloc[] = [];
  const symbols: SymbolInfo[] = [];
  const alignTo = (arr: number[], a: number): void => {
    while (arr.length % a) arr.push(0);
  };

  // .rodata opens with crt1's _IO_stdin_used (the int 0x20001), as in a
  // gcc-built program: the first string literal is at .rodata + 4.
  ro.push(0x01, 0x00, 0x02, 0x00);
  // String literals next (.rodata.str), identical literals shared.
  const seen = new Map<string, number>();
  for (const s of unit.strings) {
    const key = s.bytes.join(',');
    let off = seen.get(key);
    if (off === undefined) {
      off = ro.length;
      append(ro, s.bytes);
      ro.push(0);
      seen.set(key, off);
    }
    s.off = off;
  }

  for (const g of unit.globals) {
    if (!g.defined) {
      diags.error(g.pos, `undefined reference to \`${g.name}'`);
      continue;
    }
    const size = sizeOf(g.type);
    if (size < 0) continue; // reported by sema
    if (size > MAX_OBJECT_SIZE) {
      diags.error(g.pos, `size of '${g.name}' is too large`);
      continue;
    }
    const stores = g.plan?.stores ?? [];
    if (size > MAX_IMAGE_OBJECT && (stores.length || g.konst)) {
      diags.unsupported(g.pos, `initialised or const objects larger than ${MAX_IMAGE_OBJECT / (1024 * 1024)} MiB ('${g.name}')`);
      continue;
    }
    // A large zero-initialised object goes to .bss: no image needed.
    const img = new Uint8Array(size > MAX_IMAGE_OBJECT ? 0 : size);
    const local: PendingReloc[] = [];
    let nonzero = false;
    for (const st of stores) {
      if (st.bytes) {
        img.set(st.bytes.slice(0, size - st.off), st.off);
        if (st.bytes.some((b) => b !== 0)) nonzero = true;
        continue;
      }
      const e = st.e!;
      const c = evalConst(e);
      if (!c) {
        diags.error(exprStart(e), 'initializer element is not constant');
        continue;
      }
      const w = sizeOf(st.ty);
      if (c.k === 'int') {
        put(img, st.off, w, c.big);
        if (c.big !== 0n) nonzero = true;
      } else {
        if (w !== 8) {
          diags.error(exprStart(e), 'initializer element is not computable at load time');
          continue;
        }
        local.push({ at: st.off, base: c.base, add: c.add });
        nonzero = true;
      }
    }
    const align = objAlign(size, alignOf(g.type));
    let sec: 'rodata' | 'data' | 'bss';
    if (g.konst && local.length === 0) sec = 'rodata';
    else if (nonzero) sec = 'data';
    else sec = 'bss';
    g.sec = sec;
    if (sec === 'rodata') {
      alignTo(ro, align);
      g.off = ro.length;
      append(ro, img);
    } else if (sec === 'data') {
      alignTo(data, align);
      g.off = data.length;
      append(data, img);
      for (const r of local) relocs.push({ ...r, at: g.off + r.at });
    } else {
      bss = Math.ceil(bss / align) * align;
      g.off = bss;
      bss += size;
    }
    symbols.push({ name: g.symName, section: sec, offset: g.off, size, type: typeStr(g.type) });
  }
  return { rodata: Uint8Array.from(ro), data: Uint8Array.from(data), bssSize: bss, relocs, symbols };
}

/** Resolves pending relocations once function entries are known. */
export function resolveRelocs(pending: PendingReloc[], entryOf: (f: FuncSym) => number, diags: Diags): Reloc[] {
  const out: Reloc[] = [];
  for (const r of pending) {
    const b = r.base;
    if (b.k === 'str') out.push({ at: r.at, target: 'rodata', addend: b.off! + r.add });
    else if (b.k === 'global') out.push({ at: r.at, target: b.sec!, addend: b.off + r.add });
    else {
      const entry = entryOf(b);
      if (entry < 0) {
        if (b.native >= 0) diags.unsupported(b.pos.line ? b.pos : { line: 1, col: 1 }, `taking the address of library function '${b.name}'`);
        continue;
      }
      out.push({ at: r.at, target: 'text', addend: 4 * entry + r.add });
    }
  }
  return out;
}
