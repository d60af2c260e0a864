// x86-64 4-level page tables: PGD -> PUD -> PMD -> PTE, 512 entries of 64
// bits each, 4 KiB pages. A virtual address splits as (Intel SDM vol. 3, 4.5):
//   bits 47-39 PGD index (PML4), 38-30 PUD index (PDPT), 29-21 PMD index (PD),
//   20-12 PTE index (PT), 11-0 offset in the page.
// linux: arch/x86/include/asm/pgtable_types.h, pgtable_64_types.h, mm/memory.c (free_pgd_range)
//
// Every table is a frame of physical memory (PhysMem.allocTable); an entry
// is kept as two 32-bit words (lo = bits 0-31, hi = bits 32-63), exactly
// its little-endian bytes. An entry pointing to a lower table holds that
// table's pfn with _PAGE_TABLE bits; a PTE holds the page's pfn with its
// protection bits.

import { PAGE_SIZE } from '../param';
import type { PgProt, MmStruct } from './mm_types';
import type { PhysMem } from './page_alloc';
import { VM_EXEC, VM_READ, VM_SHARED, VM_WRITE } from './mm';

export const _PAGE_PRESENT = 0x001; // bit 0: the entry maps something
export const _PAGE_RW = 0x002; // bit 1: writable
export const _PAGE_USER = 0x004; // bit 2: user mode may access
export const _PAGE_PWT = 0x008; // bit 3: write-through
export const _PAGE_PCD = 0x010; // bit 4: cache disabled
export const _PAGE_ACCESSED = 0x020; // bit 5: set by the MMU on any access
export const _PAGE_DIRTY = 0x040; // bit 6: set by the MMU on a write
export const _PAGE_PSE = 0x080; // bit 7: huge page (unused: 4 KiB pages only)
export const _PAGE_GLOBAL = 0x100; // bit 8: global (kernel) mapping
export const _PAGE_SPECIAL = 0x200; // bit 9 (software): no struct page behind it (the zero page)
/** Bit 8 when !present: a PROT_NONE page that keeps its frame. linux: _PAGE_PROTNONE */
export const _PAGE_PROTNONE = _PAGE_GLOBAL;
/** Bit 63 (no-execute), in the high word. */
export const _PAGE_NX_HI = 0x80000000;
/** Bits of an entry pointing to a lower-level user table. linux: _PAGE_TABLE */
export const _PAGE_TABLE = _PAGE_PRESENT | _PAGE_RW | _PAGE_USER | _PAGE_ACCESSED | _PAGE_DIRTY;

export const PTRS_PER_TABLE = 512;
export const PMD_SIZE = 1 << 21; // bytes covered by one PTE table
export const PUD_SIZE = 2 ** 30; // bytes covered by one PMD table
export const PGDIR_SIZE = 2 ** 39; // bytes covered by one PUD table
export const LEVELS = ['PGD', 'PUD', 'PMD', 'PTE'] as const;
/** Bytes covered by one entry at each level. */
export const LEVEL_SPAN = [PGDIR_SIZE, PUD_SIZE, PMD_SIZE, PAGE_SIZE] as const;

/** The four 9-bit indices of a user address: [pgd, pud, pmd, pte]. */
export function pageIndices(addr: number): [number, number, number, number] {
  const vpn = Math.floor(addr / PAGE_SIZE);
  return [Math.floor(vpn / 134217728) & 511, Math.floor(vpn / 262144) & 511, Math.floor(vpn / 512) & 511, vpn & 511];
}

/** Physical frame number held in an entry (bits 12-51). */
export function entryPfn(lo: number, hi: number): number {
  return (lo >>> 12) + (hi & 0xfffff) * 0x100000;
}

/** Low word of an entry for `pfn` with low flag bits. */
export function entryLo(pfn: number, flags: number): number {
  return (((pfn & 0xfffff) << 12) | flags) >>> 0;
}

/** High word of an entry for `pfn` (bits 32-51 of the address) with the high flag bits (NX). */
export function entryHi(pfn: number, hiFlags: number): number {
  return (Math.floor(pfn / 0x100000) | hiFlags) >>> 0;
}

/** "0x8000000000123067" */
export function entryHex(lo: number, hi: number): string {
  return '0x' + (hi >>> 0).toString(16).padStart(8, '0') + (lo >>> 0).toString(16).padStart(8, '0');
}

/** Names of the bits set in a PTE, for the translate view: "P RW U A D NX". */
export function pteBitsString(lo: number, hi: number): string {
  const out: string[] = [];
  if (lo & _PAGE_PRESENT) out.push('P');
  else if (lo & _PAGE_PROTNONE) out.push('PROTNONE');
  if (lo & _PAGE_RW) out.push('RW');
  if (lo & _PAGE_USER) out.push('U');
  if (lo & _PAGE_ACCESSED) out.push('A');
  if (lo & _PAGE_DIRTY) out.push('D');
  if (lo & _PAGE_SPECIAL) out.push('SPECIAL');
  if (hi & _PAGE_NX_HI) out.push('NX');
  return out.join(' ');
}

/**
 * The PTE table mapping `addr`, or -1 if an upper level is not present.
 * Allocates nothing. linux: pte_offset_map (after pgd/pud/pmd_offset)
 */
export function lookupPteTable(phys: PhysMem, pgd: number, addr: number): number {
  const vpn = Math.floor(addr / PAGE_SIZE);
  let t = phys.tables[pgd]!;
  let i = (Math.floor(vpn / 134217728) & 511) * 2;
  let lo = t[i];
  if (!(lo & _PAGE_PRESENT)) return -1;
  t = phys.tables[entryPfn(lo, t[i + 1])]!;
  i = (Math.floor(vpn / 262144) & 511) * 2;
  lo = t[i];
  if (!(lo & _PAGE_PRESENT)) return -1;
  t = phys.tables[entryPfn(lo, t[i + 1])]!;
  i = (Math.floor(vpn / 512) & 511) * 2;
  lo = t[i];
  if (!(lo & _PAGE_PRESENT)) return -1;
  return entryPfn(lo, t[i + 1]);
}

/**
 * The PTE table mapping `addr`, allocating the missing PUD, PMD and PTE
 * tables (counted in mm.pgtablesBytes). -1 when out of memory.
 * linux: __pte_alloc (via pud_alloc, pmd_alloc)
 */
export function allocPteTable(phys: PhysMem, mm: MmStruct, addr: number): number {
  const vpn = Math.floor(addr / PAGE_SIZE);
  let table = mm.pgd;
  const idx = [Math.floor(vpn / 134217728) & 511, Math.floor(vpn / 262144) & 511, Math.floor(vpn / 512) & 511];
  for (let level = 0; level < 3; level++) {
    const t = phys.tables[table]!;
    const i = idx[level] * 2;
    if (t[i] & _PAGE_PRESENT) {
      table = entryPfn(t[i], t[i + 1]);
      continue;
    }
    const next = phys.allocTable();
    if (next < 0) return -1;
    mm.pgtablesBytes += PAGE_SIZE;
    t[i] = entryLo(next, _PAGE_TABLE);
    t[i + 1] = entryHi(next, 0);
    table = next;
  }
  return table;
}

/** A PTE's value for `pfn` mapped with `prot` plus extra low bits. */
export function mkPte(pfn: number, prot: PgProt, extraLo: number): [number, number] {
  return [entryLo(pfn, prot.lo | extraLo), entryHi(pfn, prot.hi)];
}

/** Frees one table frame; it must be empty. */
function freeTable(phys: PhysMem, mm: MmStruct, pfn: number): void {
  const t = phys.tables[pfn]!;
  for (let i = 0; i < 1024; i++) if (t[i] !== 0) throw new Error(`freeing a page table that is not empty (frame ${pfn})`);
  mm.pgtablesBytes -= PAGE_SIZE;
  phys.putPage(pfn);
}

function clearEntry(t: Uint32Array, i: number): void {
  t[i * 2] = 0;
  t[i * 2 + 1] = 0;
}

/**
 * Frees the page tables that only served [addr, end), which must hold no
 * mapping any more: tables shared with the VMAs at or below `floor` and at
 * or above `ceiling` stay (ceiling 0: no ceiling). linux: mm/memory.c free_pgd_range
 */
export function freePgdRange(phys: PhysMem, mm: MmStruct, addr: number, end: number, floor: number, ceiling: number): void {
  const noCeil = ceiling === 0;
  addr = Math.floor(addr / PMD_SIZE) * PMD_SIZE;
  if (addr < floor) addr += PMD_SIZE;
  if (!noCeil) {
    ceiling = Math.floor(ceiling / PMD_SIZE) * PMD_SIZE;
    if (ceiling === 0) return;
    if (end > ceiling) end -= PMD_SIZE;
  }
  if (addr >= end) return;
  const pgdT = phys.tables[mm.pgd]!;
  let a = addr;
  while (a < end) {
    const next = Math.min(Math.floor(a / PGDIR_SIZE) * PGDIR_SIZE + PGDIR_SIZE, end);
    const gi = Math.floor(a / PGDIR_SIZE) & 511;
    if (pgdT[gi * 2] & _PAGE_PRESENT) {
      const pudPfn = entryPfn(pgdT[gi * 2], pgdT[gi * 2 + 1]);
      if (freePudRange(phys, mm, pudPfn, a, next, floor, ceiling, noCeil)) clearEntry(pgdT, gi);
    }
    a = next;
  }
}

// Each level returns true when it freed its own table (the caller clears its entry).
function freePudRange(phys: PhysMem, mm: MmStruct, pud: number, addr: number, end: number, floor: number, ceiling: number, noCeil: boolean): boolean {
  const t = phys.tables[pud]!;
  const start = addr;
  let a = addr;
  while (a < end) {
    const next = Math.min(Math.floor(a / PUD_SIZE) * PUD_SIZE + PUD_SIZE, end);
    const ui = Math.floor(a / PUD_SIZE) & 511;
    if (t[ui * 2] & _PAGE_PRESENT) {
      const pmdPfn = entryPfn(t[ui * 2], t[ui * 2 + 1]);
      if (freePmdRange(phys, mm, pmdPfn, a, next, floor, ceiling, noCeil)) clearEntry(t, ui);
    }
    a = next;
  }
  return tableMayGo(start, end, PGDIR_SIZE, floor, ceiling, noCeil) && freeTableTrue(phys, mm, pud);
}

function freePmdRange(phys: PhysMem, mm: MmStruct, pmd: number, addr: number, end: number, floor: number, ceiling: number, noCeil: boolean): boolean {
  const t = phys.tables[pmd]!;
  const start = addr;
  let a = addr;
  while (a < end) {
    const next = Math.min(Math.floor(a / PMD_SIZE) * PMD_SIZE + PMD_SIZE, end);
    const mi = Math.floor(a / PMD_SIZE) & 511;
    if (t[mi * 2] & _PAGE_PRESENT) {
      // free_pte_range: the PTE table's range lies inside [floor, ceiling) by construction.
      const ptePfn = entryPfn(t[mi * 2], t[mi * 2 + 1]);
      clearEntry(t, mi);
      freeTable(phys, mm, ptePfn);
    }
    a = next;
  }
  return tableMayGo(start, end, PUD_SIZE, floor, ceiling, noCeil) && freeTableTrue(phys, mm, pmd);
}

/** The checks of free_pmd_range/free_pud_range: may the table covering `span` around start go? */
function tableMayGo(start: number, end: number, span: number, floor: number, ceiling: number, noCeil: boolean): boolean {
  start = Math.floor(start / span) * span;
  if (start < floor) return false;
  if (!noCeil) {
    ceiling = Math.floor(ceiling / span) * span;
    if (ceiling === 0) return false;
    if (end > ceiling) return false;
  }
  return true;
}

function freeTableTrue(phys: PhysMem, mm: MmStruct, pfn: number): boolean {
  freeTable(phys, mm, pfn);
  return true;
}

/** Counts the table frames under a PGD (PUD, PMD and PTE tables): for invariant checks in tests. */
export function countTables(phys: PhysMem, pgd: number): number {
  let n = 0;
  const walk = (pfn: number, level: number): void => {
    if (level === 3) return;
    const t = phys.tables[pfn]!;
    for (let i = 0; i < 512; i++) {
      if (t[i * 2] & _PAGE_PRESENT) {
        n++;
        walk(entryPfn(t[i * 2], t[i * 2 + 1]), level + 1);
      }
    }
  };
  walk(pgd, 0);
  return n;
}

/**
 * The PTE protection of a VMA with these flags: present and user for any
 * access, RW only for shared writable mappings (a private writable one is
 * read-only until a write fault copies: COW), NX unless VM_EXEC, and
 * accessed preset as x86 does; PROT_NONE keeps the frame but is not
 * present. linux: arch/x86/mm/pgprot.c vm_get_page_prot (protection_map)
 */
export function vmGetPageProt(vmFlags: number): PgProt {
  const hi = vmFlags & VM_EXEC ? 0 : _PAGE_NX_HI;
  if (!(vmFlags & (VM_READ | VM_WRITE | VM_EXEC))) return { lo: _PAGE_PROTNONE | _PAGE_ACCESSED, hi: _PAGE_NX_HI };
  let lo = _PAGE_PRESENT | _PAGE_USER | _PAGE_ACCESSED;
  if (vmFlags & VM_WRITE && vmFlags & VM_SHARED) lo |= _PAGE_RW;
  return { lo, hi };
}
