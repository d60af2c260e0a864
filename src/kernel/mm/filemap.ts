// Files as the memory subsystem sees them: inodes with a page cache, and
// open files (struct file) that VMAs map.
// linux: include/linux/fs.h (struct inode, struct file), mm/filemap.c (filemap_fault),
//        mm/shmem.c (shmem_zero_setup: MAP_SHARED|MAP_ANONYMOUS memory)
//
// The page cache of an inode maps a page index to a frame. The cache holds
// one reference on each of its frames, so every process that maps the same
// page of the same file shares one frame: a read fault maps it read-only, a
// write to a private mapping copies it (COW), a write through a shared
// mapping changes it for everyone. Regular files keep their cache (there is
// no memory pressure to evict it); a shmem object (anonymous shared memory)
// frees its pages when the last mapping goes.

import type { Program } from '../../lang/abi';
import { PAGE_SIZE } from '../param';
import { PG_FILE, type PhysMem } from './page_alloc';

export const FMODE_READ = 0x1; // file opened for reading
export const FMODE_WRITE = 0x2; // file opened for writing

/** Reads the bytes of one page of a file (null: all zeros). */
export type PageReader = (pgoff: number) => Uint8Array | null;

export class Inode {
  readonly pages = new Map<number, number>(); // page cache (i_mapping): page index -> pfn
  deleted = false; // unlinked: /proc/PID/maps appends " (deleted)"
  openFiles = 0; // struct files referring to this inode

  constructor(
    readonly ino: number, // inode number (maps column 5)
    readonly devMajor: number, // device of the filesystem (maps column 4)
    readonly devMinor: number,
    readonly path: string, // path shown in maps
    public size: number, // i_size in bytes; pages entirely beyond it raise SIGBUS
    readonly read: PageReader, // the file's contents
    readonly shmem: boolean, // an anonymous shared memory object
  ) {}
}

/** An open file: what a VMA's vm_file points to. linux: struct file */
export class File {
  fCount = 1; // references: the opener and each VMA mapping it (get_file/fput)
  constructor(
    readonly inode: Inode, // the file
    readonly fMode: number, // FMODE_READ | FMODE_WRITE
  ) {
    inode.openFiles++;
  }

  /** The name /proc/PID/maps prints. linux: d_path */
  get path(): string {
    return this.inode.deleted ? this.inode.path + ' (deleted)' : this.inode.path;
  }
}

/** Where libc and the dynamic loader live, with the inode numbers and sizes of the reference machine. */
export const LIBC_PATH = '/usr/lib/x86_64-linux-gnu/libc.so.6';
export const LDSO_PATH = '/usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2';
const LIBC_INO = 339380;
const LIBC_SIZE = 1926232;
const LDSO_INO = 338944;
const LDSO_SIZE = 215000;
/** The root filesystem's device (fe:00 on the reference machine). */
export const ROOT_DEV_MAJOR = 0xfe;
export const ROOT_DEV_MINOR = 0x00;
/** shmem's internal mount (00:01) and the inode numbers get_next_ino hands out there. */
const SHMEM_DEV_MINOR = 0x01;
const FIRST_SHMEM_INO = 1024;

/** A stable inode number for a path (FNV-1a), in the range real root filesystems show. */
export function inodeNumberFor(path: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < path.length; i++) {
    h ^= path.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return 1_000_000 + (h % 2_000_000);
}

/** The first bytes of an x86-64 PIE ELF file (the header page of a program or library). */
function elfHeader(): Uint8Array {
  const b = new Uint8Array(64);
  b.set([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]); // \x7fELF, 64-bit, little-endian, version 1, SysV
  b[16] = 3; // e_type ET_DYN
  b[18] = 0x3e; // e_machine EM_X86_64
  b[20] = 1; // e_version
  b[52] = 64; // e_ehsize
  b[54] = 56; // e_phentsize
  return b;
}

/**
 * Section placement of a program file: the header page, then .text,
 * .rodata and .data each starting on a page, with virtual address equal
 * to file offset (a PIE linked at 0).
 */
export interface ProgramFileLayout {
  textOff: number; // file offset of .text (0x1000)
  textPages: number; // pages of the r-x segment
  rodataOff: number; // file offset of .rodata
  rodataPages: number; // pages of the r-- segment
  dataOff: number; // file offset of .data
  dataPages: number; // pages of the rw- segment held in the file
  size: number; // file size in bytes
}

export function programFileLayout(prog: Program): ProgramFileLayout {
  const pages = (n: number): number => Math.max(1, Math.ceil(n / PAGE_SIZE));
  const textOff = PAGE_SIZE;
  const textPages = pages(prog.textSize);
  const rodataOff = textOff + textPages * PAGE_SIZE;
  const rodataPages = pages(prog.rodata.length);
  const dataOff = rodataOff + rodataPages * PAGE_SIZE;
  const dataPages = pages(prog.data.length);
  return { textOff, textPages, rodataOff, rodataPages, dataOff, dataPages, size: dataOff + dataPages * PAGE_SIZE };
}

/** The inodes the memory subsystem knows, and their page caches. */
export class FileCache {
  private readonly programs = new WeakMap<Program, Inode>(); // one inode per compiled program
  private vdso: Inode | null = null; // the vDSO image, made on the first exec
  private readonly byPath = new Map<string, Inode>(); // libraries and registered files
  private nextShmemIno = FIRST_SHMEM_INO; // get_next_ino

  constructor(private readonly phys: PhysMem) {}

  /** The executable file of a program: header page, .text (the code words), .rodata, .data. */
  programInode(prog: Program): Inode {
    let inode = this.programs.get(prog);
    if (inode) return inode;
    const l = programFileLayout(prog);
    const code = new Uint8Array(prog.code.buffer, prog.code.byteOffset, Math.min(prog.code.byteLength, prog.textSize));
    const header = elfHeader();
    const read: PageReader = (pgoff) => {
      const off = pgoff * PAGE_SIZE;
      if (off === 0) return header;
      if (off >= l.textOff && off < l.rodataOff) return slicePage(code, off - l.textOff);
      if (off >= l.rodataOff && off < l.dataOff) return slicePage(prog.rodata, off - l.rodataOff);
      if (off >= l.dataOff) return slicePage(prog.data, off - l.dataOff);
      return null;
    };
    inode = new Inode(inodeNumberFor(prog.path), ROOT_DEV_MAJOR, ROOT_DEV_MINOR, prog.path, l.size, read, false);
    this.programs.set(prog, inode);
    return inode;
  }

  /** libc.so.6 or ld-linux-x86-64.so.2 (contents: an ELF header, then zeros). */
  libraryInode(path: typeof LIBC_PATH | typeof LDSO_PATH): Inode {
    let inode = this.byPath.get(path);
    if (inode) return inode;
    const header = elfHeader();
    const libc = path === LIBC_PATH;
    inode = new Inode(libc ? LIBC_INO : LDSO_INO, ROOT_DEV_MAJOR, ROOT_DEV_MINOR, path, libc ? LIBC_SIZE : LDSO_SIZE, (p) => (p === 0 ? header : null), false);
    this.byPath.set(path, inode);
    return inode;
  }

  /** The vDSO image the kernel maps into every process (two pages; an ELF header, then zeros). */
  vdsoInode(): Inode {
    if (!this.vdso) {
      const header = elfHeader();
      this.vdso = new Inode(0, 0, 0, '[vdso]', 2 * PAGE_SIZE, (p) => (p === 0 ? header : null), false);
    }
    return this.vdso;
  }

  /** Registers a regular file (for mmap of a file descriptor): contents given as bytes. */
  regularInode(path: string, bytes: Uint8Array): Inode {
    const inode = new Inode(inodeNumberFor(path), ROOT_DEV_MAJOR, ROOT_DEV_MINOR, path, bytes.length, (p) => slicePage(bytes, p * PAGE_SIZE), false);
    this.byPath.set(path, inode);
    return inode;
  }

  /** The object behind MAP_SHARED|MAP_ANONYMOUS memory: "/dev/zero (deleted)" on shmem. linux: shmem_zero_setup */
  shmemZero(size: number): File {
    const inode = new Inode(this.nextShmemIno++, 0, SHMEM_DEV_MINOR, '/dev/zero', size, () => null, true);
    inode.deleted = true;
    return new File(inode, FMODE_READ | FMODE_WRITE);
  }

  /**
   * The page-cache frame of page `pgoff` of `inode`, read in on first use.
   * The cache keeps its own reference; the caller takes one per mapping.
   * Returns -1 when out of memory, -2 when the page lies beyond the end of
   * the file (SIGBUS). linux: mm/filemap.c filemap_fault
   */
  getPage(inode: Inode, pgoff: number): number {
    const cached = inode.pages.get(pgoff);
    if (cached !== undefined) return cached;
    if (!inode.shmem && pgoff * PAGE_SIZE >= inode.size) return -2;
    const pfn = this.phys.allocPage(PG_FILE);
    if (pfn < 0) return -1;
    this.phys.fillPage(pfn, inode.read(pgoff));
    this.phys.owner[pfn] = `${inode.path}${inode.deleted ? ' (deleted)' : ''} page ${pgoff}`;
    inode.pages.set(pgoff, pfn);
    return pfn;
  }

  /** Takes a reference to an open file (a new VMA maps it). linux: get_file */
  getFile(f: File): File {
    f.fCount++;
    return f;
  }

  /** Drops a reference; the last one closes the file, and a shmem object's pages go with its last user. linux: fput */
  fput(f: File): void {
    if (--f.fCount > 0) return;
    if (f.fCount < 0) throw new Error('fput: file count below zero');
    const inode = f.inode;
    if (--inode.openFiles === 0 && inode.shmem) this.truncate(inode);
  }

  /** Frees the page-cache pages nobody maps. linux: drop_caches */
  dropCaches(): number {
    let n = 0;
    for (const inode of this.byPath.values()) n += this.dropInode(inode);
    return n;
  }

  /** Drops the unmapped cached pages of one inode; returns how many. */
  dropInode(inode: Inode): number {
    let n = 0;
    for (const [pgoff, pfn] of inode.pages) {
      if (this.phys.mapcount[pfn] === 0 && this.phys.refcount[pfn] === 1) {
        inode.pages.delete(pgoff);
        this.phys.putPage(pfn);
        n++;
      }
    }
    return n;
  }

  private truncate(inode: Inode): void {
    for (const pfn of inode.pages.values()) this.phys.putPage(pfn);
    inode.pages.clear();
  }
}

/** One page of `bytes` starting at `off` (null if nothing is there). */
function slicePage(bytes: Uint8Array, off: number): Uint8Array | null {
  if (off >= bytes.length) return null;
  return bytes.subarray(off, Math.min(bytes.length, off + PAGE_SIZE));
}
