// The `translate` console command: walks an address through the page
// tables the way the MMU would, without touching anything (no accessed
// bits, no TLB, no fault), and says what the access would do.

import type { FaultKind, WalkStep } from '../events';
import { PAGE_SIZE } from '../param';
import { KERNEL_CANONICAL_START, STACK_GUARD_GAP, USER_CANONICAL_END, VM_EXEC, VM_GROWSDOWN, VM_SHARED, VM_WRITE, hex, hex64, vmPerms, vmaAccessible } from './mm';
import type { MmStruct } from './mm_types';
import { PG_ANON, ZERO_PFN, type PhysMem } from './page_alloc';
import { LEVELS, _PAGE_NX_HI, _PAGE_PRESENT, _PAGE_PROTNONE, _PAGE_RW, _PAGE_SPECIAL, entryHex, entryPfn, pageIndices, pteBitsString } from './pgtable';
import { mapsLine } from './proc';
import { findVma } from './vma';

export interface TranslateReport {
  addr: number; // the virtual address asked about
  access: 'r' | 'w' | 'x'; // the access considered
  canonical: boolean; // bits 63-47 all equal
  indices: [number, number, number, number] | null; // PGD, PUD, PMD, PTE indices (user addresses)
  offset: number; // offset within the page
  steps: WalkStep[]; // the entries read, top level first, until the walk stopped
  vma: string | null; // the /proc/PID/maps line of the VMA covering addr
  pte: string | null; // the PTE as hex, if the walk reached it
  pteBits: string; // its bits by name ("P RW U A D NX")
  frame: number; // frame mapped (-1 if none)
  refcount: number; // the frame's reference count (0 if none)
  mapcount: number; // PTEs mapping the frame
  phys: number; // physical address, if the page is mapped (-1 otherwise)
  ok: boolean; // the access would complete without a page fault
  fault: FaultKind | ''; // the fault it would take, if any
  outcome: string; // one sentence: what happens
}

const ACCESS_WORD = { r: 'read', w: 'write', x: 'fetch' } as const;

/** Side-effect-free walk of `addr` in `mm` for an access. */
export function translate(phys: PhysMem, mm: MmStruct, addr: number, access: 'r' | 'w' | 'x'): TranslateReport {
  const r: TranslateReport = {
    addr,
    access,
    canonical: true,
    indices: null,
    offset: ((addr % PAGE_SIZE) + PAGE_SIZE) % PAGE_SIZE,
    steps: [],
    vma: null,
    pte: null,
    pteBits: '',
    frame: -1,
    refcount: 0,
    mapcount: 0,
    phys: -1,
    ok: false,
    fault: '',
    outcome: '',
  };
  const what = ACCESS_WORD[access];
  if (!(addr >= 0 && addr < USER_CANONICAL_END)) {
    if (addr < 0 && addr >= KERNEL_CANONICAL_START) {
      r.fault = 'maperr';
      r.outcome = `0x${hex64(addr)} is a kernel address: a user ${what} faults, SIGSEGV (SEGV_MAPERR)`;
    } else {
      r.canonical = false;
      r.fault = 'maperr';
      r.outcome = `${hex(addr)} is not canonical (bits 63-47 must be equal): #GP, SIGSEGV (si_code SI_KERNEL, si_addr 0)`;
    }
    return r;
  }
  if (mm.dead) {
    r.outcome = `mm #${mm.id} has been freed`;
    return r;
  }
  r.indices = pageIndices(addr);
  // The walk.
  let table = mm.pgd;
  let lo = 0;
  let hi = 0;
  let reached = false;
  for (let level = 0; level < 4; level++) {
    const t = phys.tables[table]!;
    const index = r.indices[level];
    lo = t[index * 2];
    hi = t[index * 2 + 1];
    const present = (lo & _PAGE_PRESENT) !== 0;
    r.steps.push({ level: LEVELS[level], index, table: table * PAGE_SIZE, entry: entryHex(lo, hi), present });
    if (level === 3) {
      reached = true;
      break;
    }
    if (!present) break;
    table = entryPfn(lo, hi);
  }
  const levelStop = r.steps[r.steps.length - 1].level;
  // The VMA.
  const vma = findVma(mm, addr);
  const covering = vma && vma.vmStart <= addr ? vma : null;
  if (covering) r.vma = mapsLine(mm, covering);
  const pteNone = !reached || (lo === 0 && hi === 0);
  if (reached && !pteNone) {
    r.pte = entryHex(lo, hi);
    r.pteBits = pteBitsString(lo, hi);
    r.frame = entryPfn(lo, hi);
    r.refcount = phys.refcount[r.frame];
    r.mapcount = phys.mapcount[r.frame];
  }
  const stopped = !reached ? `${levelStop} entry not present` : pteNone ? 'PTE not present' : '';
  if (!covering) {
    if (vma && vma.vmFlags & VM_GROWSDOWN) {
      const size = vma.vmEnd - Math.floor(addr / PAGE_SIZE) * PAGE_SIZE;
      const prev = vma.vmPrev;
      const guard = prev && !(prev.vmFlags & VM_GROWSDOWN) && vmaAccessible(prev.vmFlags) && addr - prev.vmEnd < STACK_GUARD_GAP;
      if (size <= mm.rlimitStack && !guard) {
        r.fault = 'stack-grow';
        r.outcome = `${hex(addr)} is below the stack VMA (${hex(vma.vmStart)}): a ${what} would grow the stack (${size / 1024} KiB of ${mm.rlimitStack / 1024} KiB)`;
        return r;
      }
      r.fault = 'maperr';
      r.outcome = `${hex(addr)} is below the stack but ${guard ? 'within the stack guard gap of the VMA below' : 'beyond RLIMIT_STACK'}: SIGSEGV (SEGV_MAPERR)`;
      return r;
    }
    r.fault = 'maperr';
    r.outcome = `no VMA covers ${hex(addr)}: SIGSEGV (SEGV_MAPERR)`;
    return r;
  }
  const perms = vmPerms(covering.vmFlags);
  const where = `VMA ${covering.vmStart.toString(16)}-${covering.vmEnd.toString(16)} is ${perms}`;
  const present = reached && (lo & _PAGE_PRESENT) !== 0;
  // access_error
  if (access === 'w' && !(covering.vmFlags & VM_WRITE)) {
    r.fault = 'accerr';
    r.outcome = `${where}: write → SIGSEGV (SEGV_ACCERR)`;
    return r;
  }
  if (access !== 'w' && !vmaAccessible(covering.vmFlags)) {
    r.fault = 'accerr';
    r.outcome = `${where}: ${what} → SIGSEGV (SEGV_ACCERR)`;
    return r;
  }
  if (access === 'x' && !(covering.vmFlags & VM_EXEC)) {
    r.fault = 'accerr';
    r.outcome = present
      ? `${where} (no VM_EXEC, the PTE is NX): fetch → SIGSEGV (SEGV_ACCERR)`
      : `${where} (no VM_EXEC): the page would be mapped NX, then the fetch faults: SIGSEGV (SEGV_ACCERR)`;
    return r;
  }
  if (present) {
    const canWrite = (lo & _PAGE_RW) !== 0;
    if (access !== 'w' || canWrite) {
      if (access === 'x' && hi & _PAGE_NX_HI) {
        r.fault = 'accerr';
        r.outcome = `PTE is NX: fetch → SIGSEGV (SEGV_ACCERR)`;
        return r;
      }
      r.ok = true;
      r.phys = r.frame * PAGE_SIZE + r.offset;
      r.outcome = `frame ${hex(r.frame)} + offset ${hex(r.offset)} = physical ${hex(r.phys)}${r.frame === ZERO_PFN ? ' (the zero page)' : ''}`;
      return r;
    }
    if (lo & _PAGE_SPECIAL) {
      r.fault = 'demand-zero';
      r.outcome = 'PTE maps the zero page, read-only: a write would allocate a new zeroed frame (demand-zero)';
    } else if (covering.vmFlags & VM_SHARED) {
      r.fault = 'file';
      r.outcome = 'PTE write-protected in a shared mapping: a write would make it writable in place';
    } else if (phys.flags[r.frame] & PG_ANON && r.refcount === 1) {
      r.fault = 'cow-reuse';
      r.outcome = 'PTE write-protected, frame used by this PTE only: a write would reuse it (COW reuse)';
    } else {
      r.fault = 'cow-copy';
      r.outcome = `PTE write-protected, frame shared by ${r.refcount}: a write would copy (COW)`;
    }
    return r;
  }
  if (reached && lo & _PAGE_PROTNONE) {
    r.fault = 'accerr';
    r.outcome = `${where}: PROT_NONE page, ${what} → SIGSEGV (SEGV_ACCERR)`;
    return r;
  }
  const f = covering.vmFile;
  const pgoff = covering.vmPgoff + Math.floor((addr - covering.vmStart) / PAGE_SIZE);
  if (!f && covering.name === '[vdso]') {
    r.fault = 'file';
    r.outcome = `${stopped}: a ${what} would map page ${(addr - covering.vmStart) >> 12} of the vDSO image (special mapping)`;
  } else if (!f) {
    r.fault = access === 'w' ? 'demand-zero' : 'zero-page';
    r.outcome = access === 'w' ? `${stopped}: a write would allocate a zeroed frame (demand-zero)` : `${stopped}: a ${what} would map the zero page`;
  } else if (access === 'w' && !(covering.vmFlags & VM_SHARED)) {
    r.fault = 'cow-copy';
    r.outcome = `${stopped}: a write would copy page ${pgoff} of ${f.path} from the page cache (COW)`;
  } else {
    r.fault = 'file';
    r.outcome = `${stopped}: a ${what} would map page ${pgoff} of ${f.path} from the page cache`;
  }
  return r;
}

/** The report as the console prints it. */
export function formatTranslate(r: TranslateReport): string {
  const lines: string[] = [];
  lines.push(`${r.canonical ? '0x' + hex64(r.addr) : hex(r.addr)} (${ACCESS_WORD[r.access]})`);
  if (r.indices) {
    const [a, b, c, d] = r.indices;
    lines.push(`  indices: PGD ${a}  PUD ${b}  PMD ${c}  PTE ${d}  offset 0x${r.offset.toString(16).padStart(3, '0')}`);
  }
  for (const s of r.steps) {
    lines.push(`  ${s.level.padEnd(3)}[${String(s.index).padStart(3)}] @ 0x${s.table.toString(16).padStart(9, '0')} = ${s.entry}${s.present ? '' : '  (not present)'}`);
  }
  if (r.pte) lines.push(`  PTE bits: ${r.pteBits}; frame ${hex(r.frame)} (refcount ${r.refcount}, mapcount ${r.mapcount})`);
  if (r.vma) lines.push(`  ${r.vma.trimEnd()}`);
  lines.push(`  ${r.outcome}`);
  return lines.join('\n');
}
