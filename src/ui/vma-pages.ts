// Which pages of a VMA are present, and which are copy-on-write shared:
// a read-only walk of the mm's page tables for the memory pane. The
// MemorySystem facade answers one address at a time (translate); a pane
// showing every VMA of a process needs whole ranges, so this helper reads
// the PTE tables directly, one table per 2 MiB, touching nothing (no
// accessed bits, no TLB, no faults).

import type { MemorySystem } from '../kernel/mm';
import type { MmStruct, VmAreaStruct } from '../kernel/mm';
import { VM_SHARED, VM_WRITE } from '../kernel/mm/mm';
import { PG_ANON, ZERO_PFN } from '../kernel/mm/page_alloc';
import { _PAGE_PRESENT, _PAGE_RW, PMD_SIZE, entryPfn, lookupPteTable } from '../kernel/mm/pgtable';
import { PAGE_SIZE } from '../kernel/param';

/** What one page of a VMA is, as the pane draws it (higher = more notable). */
export const enum PageState {
  None = 0, // no PTE: the next access faults (demand paging)
  Zero = 1, // mapped to the shared zero page (a read of untouched memory)
  Shared = 2, // present, a frame other mms map too (page cache, or shared mapping)
  Present = 3, // present, this mm's own frame
  Cow = 4, // present, write-protected in a writable private VMA and shared: a write copies it
}

/** Counts for one VMA. */
export interface VmaPages {
  pages: number; // size in pages
  present: number; // pages with a present PTE
  cow: number; // of them, COW-shared (a write will copy)
  shared: number; // of them, frames mapped by other PTEs too (COW-shared included)
  cells: Uint8Array; // per cell, the most notable PageState of the pages it covers
}

/**
 * Page states of `vma`, summarised into `width` cells (each cell covers
 * ceil(pages / width) pages; a VMA of fewer pages gets one cell per page).
 */
export function vmaPages(mem: MemorySystem, mm: MmStruct, vma: VmAreaStruct, width: number): VmaPages {
  const pages = (vma.vmEnd - vma.vmStart) / PAGE_SIZE;
  const per = Math.max(1, Math.ceil(pages / Math.max(1, width)));
  const cells = new Uint8Array(Math.ceil(pages / per));
  const out: VmaPages = { pages, present: 0, cow: 0, shared: 0, cells };
  if (mm.dead || mm.pgd < 0) return out;
  const phys = mem.phys;
  const cowable = (vma.vmFlags & VM_WRITE) !== 0 && (vma.vmFlags & VM_SHARED) === 0;
  let addr = vma.vmStart;
  while (addr < vma.vmEnd) {
    const tableEnd = Math.min(vma.vmEnd, (Math.floor(addr / PMD_SIZE) + 1) * PMD_SIZE);
    const table = lookupPteTable(phys, mm.pgd, addr);
    if (table >= 0) {
      const t = phys.tables[table]!;
      for (let a = addr; a < tableEnd; a += PAGE_SIZE) {
        const i = (Math.floor(a / PAGE_SIZE) % 512) * 2;
        const lo = t[i];
        if (!(lo & _PAGE_PRESENT)) continue;
        const pfn = entryPfn(lo, t[i + 1]);
        let state: PageState;
        if (pfn === ZERO_PFN) state = PageState.Zero;
        else if (phys.mapcount[pfn] > 1) {
          out.shared++;
          state = cowable && !(lo & _PAGE_RW) && phys.flags[pfn] & PG_ANON ? PageState.Cow : PageState.Shared;
        } else state = PageState.Present;
        out.present++;
        if (state === PageState.Cow) out.cow++;
        const cell = Math.floor((a - vma.vmStart) / PAGE_SIZE / per);
        if (state > cells[cell]) cells[cell] = state;
      }
    }
    addr = tableEnd;
  }
  return out;
}
