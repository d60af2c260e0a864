// The kernel reading and writing user memory on behalf of a task
// (get_user, put_user, copy_from_user, copy_to_user, strncpy_from_user).
// linux: arch/x86/include/asm/uaccess.h, arch/x86/lib/usercopy_64.c,
//        lib/strncpy_from_user.c, arch/x86/mm/extable.c (the fixup)
//
// The access goes through the page tables and the fault handler exactly as
// a user access would (demand paging, stack growth, COW on writes), but a
// fault that cannot be fixed does not raise SIGSEGV: the exception-table
// fixup makes the call return -EFAULT (or null) instead. Addresses outside
// the user range fail access_ok.

import { EFAULT } from '../uapi/errno';
import { PAGE_SIZE } from '../param';
import type { MmContext } from './context';
import type { FaultOwner, MmStruct } from './mm_types';
import { handleMmFault, type FaultMode } from './memory';
import { _PAGE_ACCESSED, _PAGE_DIRTY, _PAGE_PRESENT, _PAGE_RW, entryPfn, lookupPteTable } from './pgtable';

/**
 * The frame holding user address `addr` for a kernel read or write,
 * faulting it in (and breaking COW for a write) as needed. -1 if the
 * address is not accessible: the caller returns -EFAULT.
 */
export function uaccessPage(ctx: MmContext, mm: MmStruct, addr: number, write: boolean, owner: FaultOwner, mode: FaultMode): number {
  if (!(addr >= 0 && addr < mm.taskSize)) return -1; // access_ok
  if (mm.dead) throw new Error('user access to a freed mm');
  const phys = ctx.phys;
  const idx = (Math.floor(addr / PAGE_SIZE) & 511) * 2;
  for (let tries = 0; tries < 3; tries++) {
    const ptePfn = lookupPteTable(phys, mm.pgd, addr);
    if (ptePfn >= 0) {
      const t = phys.tables[ptePfn]!;
      const lo = t[idx];
      if (lo & _PAGE_PRESENT && (!write || lo & _PAGE_RW)) {
        t[idx] = (lo | _PAGE_ACCESSED | (write ? _PAGE_DIRTY : 0)) >>> 0;
        return entryPfn(lo, t[idx + 1]);
      }
    }
    const r = handleMmFault(ctx, mm, addr, write ? 'w' : 'r', owner, ctx.thisCpu, mode);
    if (r === 'maperr' || r === 'accerr' || r === 'oom' || r === 'sigbus') return -1;
  }
  throw new Error(`uaccess: fault at 0x${addr.toString(16)} did not resolve`);
}

/** Reads `len` bytes of user memory, or null on a bad address. linux: copy_from_user */
export function copyFromUser(ctx: MmContext, mm: MmStruct, addr: number, len: number, owner: FaultOwner, mode: FaultMode = 'kernel'): Uint8Array | null {
  const out = new Uint8Array(len);
  let done = 0;
  while (done < len) {
    const a = addr + done;
    const pfn = uaccessPage(ctx, mm, a, false, owner, mode);
    if (pfn < 0) return null;
    const off = a % PAGE_SIZE;
    const n = Math.min(len - done, PAGE_SIZE - off);
    const dv = ctx.phys.data[pfn];
    if (dv !== null) out.set(new Uint8Array(dv.buffer, off, n), done);
    done += n;
  }
  return out;
}

/** Writes bytes to user memory: 0 or -EFAULT (pages before the bad one are written). linux: copy_to_user */
export function copyToUser(ctx: MmContext, mm: MmStruct, addr: number, bytes: Uint8Array, owner: FaultOwner, mode: FaultMode = 'kernel'): number {
  let done = 0;
  while (done < bytes.length) {
    const a = addr + done;
    const pfn = uaccessPage(ctx, mm, a, true, owner, mode);
    if (pfn < 0) return -EFAULT;
    const off = a % PAGE_SIZE;
    const n = Math.min(bytes.length - done, PAGE_SIZE - off);
    new Uint8Array(ctx.phys.bytes(pfn).buffer, off, n).set(bytes.subarray(done, done + n));
    done += n;
  }
  return 0;
}

/**
 * Reads a `size`-byte integer (little-endian, as a signed value: char,
 * short, int, long) from user memory, or null on a bad address.
 * linux: get_user
 */
export function getUser(ctx: MmContext, mm: MmStruct, addr: number, size: 1 | 2 | 4 | 8, owner: FaultOwner): number | null {
  const b = copyFromUser(ctx, mm, addr, size, owner);
  if (!b) return null;
  const dv = new DataView(b.buffer);
  switch (size) {
    case 1:
      return dv.getInt8(0);
    case 2:
      return dv.getInt16(0, true);
    case 4:
      return dv.getInt32(0, true);
    default:
      return dv.getInt32(4, true) * 4294967296 + dv.getUint32(0, true);
  }
}

/** Writes a `size`-byte integer (truncated to that size) to user memory: 0 or -EFAULT. linux: put_user */
export function putUser(ctx: MmContext, mm: MmStruct, addr: number, size: 1 | 2 | 4 | 8, value: number, owner: FaultOwner): number {
  const b = new Uint8Array(size);
  const dv = new DataView(b.buffer);
  switch (size) {
    case 1:
      dv.setUint8(0, value & 0xff);
      break;
    case 2:
      dv.setUint16(0, value & 0xffff, true);
      break;
    case 4:
      dv.setInt32(0, value | 0, true);
      break;
    default: {
      const hi = Math.floor(value / 4294967296);
      dv.setUint32(0, value - hi * 4294967296, true);
      dv.setInt32(4, hi | 0, true);
    }
  }
  return copyToUser(ctx, mm, addr, b, owner);
}

/**
 * Reads a NUL-terminated string of at most `max` bytes (UTF-8). Returns the
 * string without its NUL; if no NUL comes within `max` bytes, the first
 * `max` bytes (the caller sees length === max and may say ENAMETOOLONG);
 * null on a bad address. linux: strncpy_from_user
 */
export function strncpyFromUser(ctx: MmContext, mm: MmStruct, addr: number, max: number, owner: FaultOwner): string | null {
  const bytes: number[] = [];
  let a = addr;
  while (bytes.length < max) {
    const pfn = uaccessPage(ctx, mm, a, false, owner, 'kernel');
    if (pfn < 0) return null;
    const dv = ctx.phys.data[pfn];
    const off = a % PAGE_SIZE;
    const n = Math.min(max - bytes.length, PAGE_SIZE - off);
    for (let i = 0; i < n; i++) {
      const c = dv === null ? 0 : dv.getUint8(off + i);
      if (c === 0) return utf8(bytes);
      bytes.push(c);
    }
    a += n;
  }
  return utf8(bytes);
}

function utf8(bytes: number[]): string {
  return new TextDecoder('utf-8').decode(new Uint8Array(bytes));
}
