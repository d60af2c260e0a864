// The memory views of /proc and procps: /proc/PID/maps, pmap, the Vm*/Rss*
// lines of /proc/PID/status, the memory fields of /proc/PID/stat, and a
// JSON dump for `state --json`. linux: fs/proc/task_mmu.c (show_map_vma,
// task_mem), fs/proc/array.c (do_task_stat); procps-ng 4.0.2 pmap.c
//
// Each text is byte for byte what Linux or procps prints for the same
// address space (checked against the reference machine).

import { PAGE_SIZE } from '../param';
import { PG_ANON, PG_DIRTY, type PhysMem } from './page_alloc';
import { PMD_SIZE, _PAGE_ACCESSED, _PAGE_DIRTY, _PAGE_PRESENT, _PAGE_PROTNONE, _PAGE_SPECIAL, entryPfn, lookupPteTable } from './pgtable';
import { VM_EXEC, hex64, vmFlagsString, vmPerms } from './mm';
import { MM_ANONPAGES, MM_FILEPAGES, MM_SHMEMPAGES, MM_SWAPENTS, type MmStruct, type VmAreaStruct } from './mm_types';

/** The vsyscall page: shown in maps, not a VMA of the mm (the gate VMA). linux: arch/x86/entry/vsyscall/vsyscall_64.c */
export const VSYSCALL_ADDR_HEX = 'ffffffffff600000';
export const VSYSCALL_LINE = 'ffffffffff600000-ffffffffff601000 --xp 00000000 00:00 0                  [vsyscall]';

/** Hex with at least `width` digits, as seq_put_hex_ll prints. */
function hexw(x: number, width: number): string {
  return x.toString(16).padStart(width, '0');
}

/** The name column of a VMA: file path, [heap], [stack], a special mapping's name, or null. linux: get_vma_name */
export function vmaName(mm: MmStruct, vma: VmAreaStruct): string | null {
  if (vma.vmFile) return vma.vmFile.path;
  if (vma.name) return vma.name;
  if (vma.vmStart < mm.brk && vma.vmEnd > mm.startBrk) return '[heap]';
  if (vma.vmStart <= mm.startStack && vma.vmEnd >= mm.startStack) return '[stack]';
  return null;
}

/** One line of /proc/PID/maps, without the newline. linux: show_map_vma */
export function mapsLine(mm: MmStruct, vma: VmAreaStruct): string {
  const f = vma.vmFile;
  const pgoff = f ? vma.vmPgoff * PAGE_SIZE : 0;
  const major = f ? f.inode.devMajor : 0;
  const minor = f ? f.inode.devMinor : 0;
  const ino = f ? f.inode.ino : 0;
  let line = `${hexw(vma.vmStart, 8)}-${hexw(vma.vmEnd, 8)} ${vmPerms(vma.vmFlags)} ${hexw(pgoff, 8)} ${hexw(major, 2)}:${hexw(minor, 2)} ${ino} `;
  const name = vmaName(mm, vma);
  if (name !== null) line = line.padEnd(72) + ' ' + name;
  return line;
}

/** /proc/PID/maps. */
export function procMaps(mm: MmStruct): string {
  let out = '';
  for (let v = mm.mmap; v; v = v.vmNext) out += mapsLine(mm, v) + '\n';
  return out + VSYSCALL_LINE + '\n';
}

/** procps `pmap PID` (default format). */
export function pmap(pid: number, cmdline: string, mm: MmStruct): string {
  let out = `${pid}:   ${cmdline}\n`;
  let total = 0;
  const row = (start: string, bytes: number, perms: string, name: string): void => {
    total += bytes;
    // pmap: 'p' -> '-', plus a fifth column ('-'; Solaris' swap-reservation flag)
    const flags = perms.slice(0, 3) + (perms[3] === 's' ? 's' : '-') + '-';
    out += `${start} ${String(bytes / 1024).padStart(6)}K ${flags} ${name}\n`;
  };
  for (let v = mm.mmap; v; v = v.vmNext) row(hexw(v.vmStart, 16), v.vmEnd - v.vmStart, vmPerms(v.vmFlags), pmapName(mm, v));
  row(VSYSCALL_ADDR_HEX, PAGE_SIZE, '--xp', '  [ anon ]');
  return out + ` total ${String(total / 1024).padStart(16)}K\n`;
}

/** Resident and dirty pages of one VMA. */
export interface VmaResidency {
  rss: number; // pages mapped (the zero page is not counted)
  dirty: number; // of them, written: dirty PTE or a dirty page-cache page
}

/** What smaps reads of one mapped page: the PTE's bits and the frame's counts. */
export interface MappedPage {
  young: boolean; // PTE accessed bit
  dirty: boolean; // PTE dirty bit or the page's PG_dirty
  anon: boolean; // an anonymous page (PageAnon)
  refcount: number; // page->_refcount
  mapcount: number; // PTEs mapping the page
}

/**
 * Calls `fn` for every page a VMA maps, as smaps_pte_range walks them: a
 * present PTE (PROT_NONE pages included: pte_present() is true for them on
 * x86) that maps a normal page; the zero page is skipped, since
 * vm_normal_page() returns NULL for it. linux: fs/proc/task_mmu.c smaps_pte_entry
 */
export function forEachMappedPage(phys: PhysMem, mm: MmStruct, vma: VmAreaStruct, fn: (p: MappedPage) => void): void {
  for (let a = vma.vmStart; a < vma.vmEnd; ) {
    const tableEnd = Math.min(vma.vmEnd, (Math.floor(a / PMD_SIZE) + 1) * PMD_SIZE);
    const pte = lookupPteTable(phys, mm.pgd, a);
    if (pte >= 0) {
      const t = phys.tables[pte]!;
      for (let p = a; p < tableEnd; p += PAGE_SIZE) {
        const i = (Math.floor(p / PAGE_SIZE) & 511) * 2;
        const lo = t[i];
        if (!(lo & (_PAGE_PRESENT | _PAGE_PROTNONE)) || lo & _PAGE_SPECIAL) continue;
        const pfn = entryPfn(lo, t[i + 1]);
        const flags = phys.flags[pfn];
        fn({
          young: (lo & _PAGE_ACCESSED) !== 0,
          dirty: (lo & _PAGE_DIRTY) !== 0 || (flags & PG_DIRTY) !== 0,
          anon: (flags & PG_ANON) !== 0,
          refcount: phys.refcount[pfn],
          mapcount: phys.mapcount[pfn],
        });
      }
    }
    a = tableEnd;
  }
}

/** A VMA's resident and dirty pages, as smaps counts them (pmap -x reads smaps). */
export function vmaResidency(phys: PhysMem, mm: MmStruct, vma: VmAreaStruct): VmaResidency {
  let rss = 0;
  let dirty = 0;
  forEachMappedPage(phys, mm, vma, (page) => {
    rss++;
    if (page.dirty) dirty++;
  });
  return { rss, dirty };
}

/** procps `pmap -x PID`: Kbytes, RSS and Dirty per VMA (from smaps), then the totals. */
export function pmapExtended(pid: number, cmdline: string, mm: MmStruct | null, residency: (v: VmAreaStruct) => VmaResidency): string {
  const kb = PAGE_SIZE / 1024;
  let out = `${pid}:   ${cmdline}\nAddress           Kbytes     RSS   Dirty Mode  Mapping\n`;
  let size = 0,
    rss = 0,
    dirty = 0;
  const row = (start: string, bytes: number, r: VmaResidency, perms: string, name: string): void => {
    size += bytes / 1024;
    rss += r.rss * kb;
    dirty += r.dirty * kb;
    const flags = perms.slice(0, 3) + (perms[3] === 's' ? 's' : '-') + '-';
    const n = (x: number): string => String(x).padStart(7);
    out += `${start} ${n(bytes / 1024)} ${n(r.rss * kb)} ${n(r.dirty * kb)} ${flags} ${name}\n`;
  };
  if (mm) {
    for (let v = mm.mmap; v; v = v.vmNext) row(hexw(v.vmStart, 16), v.vmEnd - v.vmStart, residency(v), vmPerms(v.vmFlags), pmapName(mm, v));
    row(VSYSCALL_ADDR_HEX, PAGE_SIZE, { rss: 0, dirty: 0 }, '--xp', '  [ anon ]');
  }
  const n = (x: number): string => String(x).padStart(7);
  return out + `---------------- ------- ------- ------- \n${'total kB'.padEnd(16)} ${n(size)} ${n(rss)} ${n(dirty)}\n`;
}

/** The mapping column of pmap: the file's base name, [ stack ] or [ anon ]. */
function pmapName(mm: MmStruct, v: VmAreaStruct): string {
  const name = vmaName(mm, v);
  if (name !== null && name.includes('/')) return name.slice(name.lastIndexOf('/') + 1) || '/';
  return mm.startStack >= v.vmStart && mm.startStack <= v.vmEnd ? '  [ stack ]' : '  [ anon ]';
}

/** The memory lines of /proc/PID/status, from VmPeak to VmSwap. linux: fs/proc/task_mmu.c task_mem */
export function statusVm(mm: MmStruct): string {
  const kb = (pages: number): string => String(pages * (PAGE_SIZE / 1024)).padStart(8);
  const kbBytes = (bytes: number): string => String(Math.floor(bytes / 1024)).padStart(8);
  const anon = mm.rssStat[MM_ANONPAGES];
  const file = mm.rssStat[MM_FILEPAGES];
  const shmem = mm.rssStat[MM_SHMEMPAGES];
  const totalRss = anon + file + shmem;
  const hiwaterVm = Math.max(mm.hiwaterVm, mm.totalVm);
  const hiwaterRss = Math.max(mm.hiwaterRss, totalRss);
  let text = pageUp(mm.endCode) - pageDown(mm.startCode);
  text = Math.min(text, mm.execVm * PAGE_SIZE);
  const lib = mm.execVm * PAGE_SIZE - text;
  return (
    `VmPeak:\t${kb(hiwaterVm)} kB\n` +
    `VmSize:\t${kb(mm.totalVm)} kB\n` +
    `VmLck:\t${kb(mm.lockedVm)} kB\n` +
    `VmPin:\t${kb(mm.pinnedVm)} kB\n` +
    `VmHWM:\t${kb(hiwaterRss)} kB\n` +
    `VmRSS:\t${kb(totalRss)} kB\n` +
    `RssAnon:\t${kb(anon)} kB\n` +
    `RssFile:\t${kb(file)} kB\n` +
    `RssShmem:\t${kb(shmem)} kB\n` +
    `VmData:\t${kb(mm.dataVm)} kB\n` +
    `VmStk:\t${kb(mm.stackVm)} kB\n` +
    `VmExe:\t${kbBytes(text)} kB\n` +
    `VmLib:\t${kbBytes(lib)} kB\n` +
    `VmPTE:\t${kbBytes(mm.pgtablesBytes)} kB\n` +
    `VmSwap:\t${kb(mm.rssStat[MM_SWAPENTS])} kB\n`
  );
}

/**
 * /proc/PID/statm, in pages: size resident shared text lib data dt (lib
 * and dt are always 0 since Linux 2.6). linux: fs/proc/task_mmu.c task_statm
 */
export function statm(mm: MmStruct): string {
  const file = mm.rssStat[MM_FILEPAGES] + mm.rssStat[MM_SHMEMPAGES];
  const resident = file + mm.rssStat[MM_ANONPAGES];
  const text = (pageUp(mm.endCode) - pageDown(mm.startCode)) / PAGE_SIZE;
  return `${mm.totalVm} ${resident} ${file} ${text} 0 ${mm.dataVm + mm.stackVm} 0\n`;
}

function pageUp(x: number): number {
  return Math.ceil(x / PAGE_SIZE) * PAGE_SIZE;
}
function pageDown(x: number): number {
  return Math.floor(x / PAGE_SIZE) * PAGE_SIZE;
}

/** The memory fields of /proc/PID/stat. linux: fs/proc/array.c do_task_stat */
export interface StatFields {
  vsize: number; // field 23: virtual memory size in bytes
  rss: number; // field 24: resident set size in pages
  startcode: number; // field 26
  endcode: number; // field 27
  startstack: number; // field 28
  start_data: number; // field 45
  end_data: number; // field 46
  start_brk: number; // field 47
  arg_start: number; // field 48
  arg_end: number; // field 49
  env_start: number; // field 50
  env_end: number; // field 51
}

export function statFields(mm: MmStruct): StatFields {
  return {
    vsize: mm.totalVm * PAGE_SIZE,
    rss: mm.rss,
    startcode: mm.startCode,
    endcode: mm.endCode,
    startstack: mm.startStack,
    start_data: mm.startData,
    end_data: mm.endData,
    start_brk: mm.startBrk,
    arg_start: mm.argStart,
    arg_end: mm.argEnd,
    env_start: mm.envStart,
    env_end: mm.envEnd,
  };
}

/** One VMA for the JSON dump and the memory-map pane. */
export interface VmaJson {
  start: string; // "0x555555554000"
  end: string;
  perms: string; // "r-xp"
  flags: string; // "VM_READ|VM_EXEC|..."
  file: string | null; // mapped file's path
  pgoff: number; // offset in the file, in pages
  name: string | null; // [heap], [stack], [vdso], a path, or null
  anonVma: number | null; // id of its anon_vma (null: no anonymous pages yet)
  pages: number; // size in pages
  exec: boolean; // VM_EXEC
}

export function vmaJson(mm: MmStruct, v: VmAreaStruct): VmaJson {
  return {
    start: '0x' + hex64(v.vmStart, 1),
    end: '0x' + hex64(v.vmEnd, 1),
    perms: vmPerms(v.vmFlags),
    flags: vmFlagsString(v.vmFlags),
    file: v.vmFile ? v.vmFile.path : null,
    pgoff: v.vmPgoff,
    name: vmaName(mm, v),
    anonVma: v.anonVma ? v.anonVma.id : null,
    pages: v.pages,
    exec: (v.vmFlags & VM_EXEC) !== 0,
  };
}

/** Everything about an mm for `state --json`. */
export function mmJson(mm: MmStruct): object {
  const cpus: number[] = [];
  mm.cpumask.forEach((b, i) => b && cpus.push(i));
  return {
    id: mm.id,
    mm_users: mm.mmUsers,
    mm_count: mm.mmCount,
    map_count: mm.mapCount,
    total_vm: mm.totalVm,
    locked_vm: mm.lockedVm,
    data_vm: mm.dataVm,
    exec_vm: mm.execVm,
    stack_vm: mm.stackVm,
    rss: mm.rss,
    rss_anon: mm.rssStat[MM_ANONPAGES],
    rss_file: mm.rssStat[MM_FILEPAGES],
    rss_shmem: mm.rssStat[MM_SHMEMPAGES],
    hiwater_rss: Math.max(mm.hiwaterRss, mm.rss),
    hiwater_vm: Math.max(mm.hiwaterVm, mm.totalVm),
    pgtables_bytes: mm.pgtablesBytes,
    pgd: mm.pgd >= 0 ? '0x' + (mm.pgd * PAGE_SIZE).toString(16) : null,
    mm_cpumask: cpus,
    start_code: '0x' + hex64(mm.startCode, 1),
    end_code: '0x' + hex64(mm.endCode, 1),
    start_data: '0x' + hex64(mm.startData, 1),
    end_data: '0x' + hex64(mm.endData, 1),
    start_brk: '0x' + hex64(mm.startBrk, 1),
    brk: '0x' + hex64(mm.brk, 1),
    start_stack: '0x' + hex64(mm.startStack, 1),
    arg_start: '0x' + hex64(mm.argStart, 1),
    arg_end: '0x' + hex64(mm.argEnd, 1),
    env_start: '0x' + hex64(mm.envStart, 1),
    env_end: '0x' + hex64(mm.envEnd, 1),
    mmap_base: '0x' + hex64(mm.mmapBase, 1),
    vmas: mm.vmas().map((v) => vmaJson(mm, v)),
  };
}
