// stdio as glibc 2.36's libio does it: FILE objects in libc's data (or
// malloc'ed, for fdopen), a buffer malloc'ed on first output after an
// fstat of the descriptor (a terminal, major 136-143, makes the stream
// line-buffered and st_blksize sizes the buffer: 1024 on a pty; otherwise
// it is fully buffered), and the write() calls of _IO_new_file_xsputn,
// _IO_new_file_overflow and new_do_write. stderr is unbuffered.
//
// Restartability (see native.ts): the FILE's fields are written back only
// when the operation completes; bytes copied into the buffer are rewritten
// identically on a rerun; the write() calls are journaled.

import type { Memory } from '../abi';
import { EBADF, EINVAL, ENOSYS, strerror } from '../../kernel/uapi/errno';
import { format } from './format';
import {
  EMPTY_STR, ERRLIST, FILE_SIZE, STRERROR_BUF, F_BUF_BASE, F_BUF_END, F_FILENO, F_FLAGS, F_MODE, F_WRITE_BASE, F_WRITE_END, F_WRITE_PTR, IO_CURRENTLY_PUTTING,
  IO_ERR_SEEN, IO_LINE_BUF, IO_UNBUFFERED, IO_USER_BUF, STDERR_FILE, STDOUT_FILE,
} from './layout';
import { free, malloc } from './malloc';
import { alloca, checkpoint, readStr, sys, writeStr, type NativeCtx } from './native';

const EOF = -1;
const BUFSIZ = 8192;
const AT_EMPTY_PATH = 0x1000;
const TCGETS = 0x5401;
const S_IFMT = 0o170000;
const S_IFCHR = 0o020000;
const F_GETFL = 3;
const O_ACCMODE = 3;
const O_RDWR = 2;
const SHORTBUF = 56; // _shortbuf: the 1-byte buffer of an unbuffered stream, inside the FILE

/** A FILE's fields, loaded from memory; written back by store(). */
interface FileState {
  addr: number; // the FILE object
  flags: number; // _flags: _IO_LINE_BUF, _IO_UNBUFFERED, _IO_CURRENTLY_PUTTING, ...
  fileno: number; // the descriptor
  bufBase: number; // _IO_buf_base: the buffer (0 until the first output)
  bufEnd: number; // _IO_buf_end
  writeBase: number; // _IO_write_base: start of the pending output
  writePtr: number; // _IO_write_ptr: where the next byte goes
  writeEnd: number; // _IO_write_end: == base for line-buffered streams, so every putc goes through overflow
  mode: number; // _mode: orientation, 0 until the first output, then -1 (bytes)
}

function load(mem: Memory, addr: number): FileState {
  return {
    addr,
    flags: mem.load32u(addr + F_FLAGS),
    fileno: mem.load32(addr + F_FILENO),
    bufBase: mem.load64(addr + F_BUF_BASE),
    bufEnd: mem.load64(addr + F_BUF_END),
    writeBase: mem.load64(addr + F_WRITE_BASE),
    writePtr: mem.load64(addr + F_WRITE_PTR),
    writeEnd: mem.load64(addr + F_WRITE_END),
    mode: mem.load32(addr + F_MODE),
  };
}

function store(mem: Memory, f: FileState): void {
  mem.store32(f.addr + F_FLAGS, f.flags);
  mem.store32(f.addr + F_FILENO, f.fileno);
  mem.store64(f.addr + F_BUF_BASE, f.bufBase);
  mem.store64(f.addr + F_BUF_END, f.bufEnd);
  mem.store64(f.addr + F_WRITE_BASE, f.writeBase);
  mem.store64(f.addr + F_WRITE_PTR, f.writePtr);
  mem.store64(f.addr + F_WRITE_END, f.writeEnd);
  mem.store32(f.addr + F_MODE, f.mode);
}

/** Initial state of stdin/stdout/stderr (glibc's static _IO_2_1_std*_). */
export function initStdio(mem: Memory, libcBase: number): void {
  mem.store32(libcBase + F_FILENO, 0);
  mem.store32(libcBase + STDOUT_FILE + F_FILENO, 1);
  mem.store32(libcBase + STDERR_FILE + F_FILENO, 2);
  mem.store32(libcBase + STDERR_FILE + F_FLAGS, IO_UNBUFFERED);
}

/** A FILE * argument (stdout, stderr, or an fdopen'ed stream); 0 for NULL. */
function fileArg(_c: NativeCtx, fp: number): number {
  return fp;
}

/**
 * _IO_file_doallocate: fstat the descriptor, choose line buffering for a
 * terminal and the buffer size from st_blksize, malloc the buffer. This
 * phase is committed at once (checkpoint): a rerun finds the buffer.
 */
function doallocbuf(c: NativeCtx, f: FileState): void {
  if (f.bufBase) return;
  if (f.flags & IO_UNBUFFERED) {
    f.bufBase = f.addr + SHORTBUF;
    f.bufEnd = f.bufBase + 1;
    return;
  }
  const m = c.mem;
  let size = BUFSIZ;
  const st = alloca(c, 144);
  const r = f.fileno >= 0 ? sys(c, 'newfstatat', [f.fileno, c.regs.image.libcDataBase + EMPTY_STR, st, AT_EMPTY_PATH]) : -EBADF;
  if (r >= 0) {
    const mode = m.load32u(st + 24);
    if ((mode & S_IFMT) === S_IFCHR) {
      const rdev = m.load64(st + 40);
      const major = Math.floor(rdev / 256) & 0xfff; // gnu_dev_major for small device numbers
      let tty = major >= 136 && major <= 143; // DEV_TTY_P: Unix98 pty slaves
      if (!tty) {
        const termios = alloca(c, 64);
        tty = sys(c, 'ioctl', [f.fileno, TCGETS, termios]) >= 0; // local_isatty
      }
      if (tty) f.flags |= IO_LINE_BUF;
    }
    const blksize = m.load64(st + 56);
    if (blksize > 0 && blksize < BUFSIZ) size = blksize;
  }
  const buf = malloc(c, size);
  if (!buf) {
    f.flags |= IO_UNBUFFERED;
    f.bufBase = f.addr + SHORTBUF;
    f.bufEnd = f.bufBase + 1;
  } else {
    f.bufBase = buf;
    f.bufEnd = buf + size;
  }
}

/** new_do_write: write(2) until everything is out (or an error). */
function newDoWrite(c: NativeCtx, f: FileState, data: number, n: number): number {
  let done = 0;
  while (done < n) {
    const r = sys(c, 'write', [f.fileno, data + done, n - done]);
    if (r < 0) {
      f.flags |= IO_ERR_SEEN;
      break;
    }
    done += r;
  }
  // _IO_setg/_IO_setp after a write: the buffer is empty again.
  f.writeBase = f.writePtr = f.bufBase;
  f.writeEnd = f.mode <= 0 && f.flags & (IO_LINE_BUF | IO_UNBUFFERED) ? f.bufBase : f.bufEnd;
  return done;
}

/** _IO_do_write: flush [data, data+n) (the buffer's contents). */
function doWrite(c: NativeCtx, f: FileState, data: number, n: number): number {
  if (n === 0) return 0;
  return newDoWrite(c, f, data, n) === n ? 0 : EOF;
}

/** _IO_new_file_overflow. ch = EOF flushes; otherwise puts ch and flushes per the buffering mode. glibc: libio/fileops.c */
function overflow(c: NativeCtx, f: FileState, ch: number): number {
  if (!(f.flags & IO_CURRENTLY_PUTTING) || f.writeBase === 0) {
    if (f.writeBase === 0) {
      const before = f.bufBase;
      doallocbuf(c, f);
      if (!before) {
        f.writeBase = f.writePtr = f.bufBase; // _IO_setg; read_ptr == buf_base
        store(c.mem, f);
        checkpoint(c);
      }
    }
    f.writePtr = f.bufBase;
    f.writeBase = f.writePtr;
    f.writeEnd = f.bufEnd;
    f.flags |= IO_CURRENTLY_PUTTING;
    if (f.mode <= 0 && f.flags & (IO_LINE_BUF | IO_UNBUFFERED)) f.writeEnd = f.writePtr;
  }
  if (ch === EOF) return doWrite(c, f, f.writeBase, f.writePtr - f.writeBase);
  if (f.writePtr === f.bufEnd) {
    if (doWrite(c, f, f.writeBase, f.writePtr - f.writeBase) === EOF) return EOF;
  }
  c.mem.store8(f.writePtr++, ch);
  if (f.flags & IO_UNBUFFERED || (f.flags & IO_LINE_BUF && ch === 10)) {
    if (doWrite(c, f, f.writeBase, f.writePtr - f.writeBase) === EOF) return EOF;
  }
  return ch & 0xff;
}

/** _IO_default_xsputn: copy what fits, overflow one character at a time. glibc: libio/genops.c */
function defaultXsputn(c: NativeCtx, f: FileState, s: string, from: number): number {
  let i = from;
  let more = s.length - from;
  const n = more;
  for (;;) {
    if (f.writePtr < f.writeEnd) {
      let count = f.writeEnd - f.writePtr;
      if (count > more) count = more;
      writeStr(c.mem, f.writePtr, s.slice(i, i + count));
      f.writePtr += count;
      i += count;
      more -= count;
    }
    if (more === 0 || overflow(c, f, s.charCodeAt(i++)) === EOF) break;
    more--;
  }
  return n - more;
}

/** _IO_new_file_xsputn: the path every stdio output takes. glibc: libio/fileops.c */
function xsputn(c: NativeCtx, f: FileState, s: string): number {
  const n = s.length;
  if (n <= 0) return 0;
  let toDo = n;
  let mustFlush = false;
  let count = 0;
  let pos = 0;
  if (f.flags & IO_LINE_BUF && f.flags & IO_CURRENTLY_PUTTING) {
    count = f.bufEnd - f.writePtr;
    if (count >= n) {
      const nl = s.lastIndexOf('\n');
      if (nl >= 0) {
        count = nl + 1;
        mustFlush = true;
      }
    }
  } else if (f.writeEnd > f.writePtr) count = f.writeEnd - f.writePtr;
  if (count > 0) {
    if (count > toDo) count = toDo;
    writeStr(c.mem, f.writePtr, s.slice(0, count));
    f.writePtr += count;
    pos = count;
    toDo -= count;
  }
  if (toDo + (mustFlush ? 1 : 0) > 0) {
    if (overflow(c, f, EOF) === EOF) return toDo === 0 ? EOF : n - toDo;
    const blockSize = f.bufEnd - f.bufBase;
    const doWriteN = toDo - (blockSize >= 128 ? toDo % blockSize : 0);
    if (doWriteN) {
      // Whole blocks go straight from the caller's data (staged on the stack here).
      const tmp = alloca(c, doWriteN);
      writeStr(c.mem, tmp, s.slice(pos, pos + doWriteN));
      const w = newDoWrite(c, f, tmp, doWriteN);
      toDo -= w;
      if (w < doWriteN) return n - toDo;
    }
    if (toDo) toDo -= defaultXsputn(c, f, s, pos + doWriteN);
  }
  return n - toDo;
}

/** _IO_putc_unlocked. */
function putcUnlocked(c: NativeCtx, f: FileState, ch: number): number {
  if (f.writePtr >= f.writeEnd) return overflow(c, f, ch & 0xff);
  c.mem.store8(f.writePtr++, ch);
  return ch & 0xff;
}

/** Runs op on the FILE at addr and writes its fields back if it completes. */
function withFile<T>(c: NativeCtx, addr: number, op: (f: FileState) => T): T {
  const f = load(c.mem, addr);
  const r = op(f);
  store(c.mem, f);
  return r;
}

/** vfprintf: pieces to an unbuffered stream go through a helper buffer (one write per 8 KiB). */
function outputPieces(c: NativeCtx, f: FileState, pieces: string[]): boolean {
  if (f.mode === 0) f.mode = -1;
  if (f.flags & IO_UNBUFFERED) {
    const all = pieces.join('');
    for (let i = 0; i < all.length; i += BUFSIZ) {
      const chunk = all.slice(i, i + BUFSIZ);
      if (xsputn(c, f, chunk) !== chunk.length) return false;
    }
    return true;
  }
  for (const p of pieces) if (xsputn(c, f, p) !== p.length) return false;
  return true;
}

/** fprintf(fp, fmt, args from argi) */
export function vfprintf(c: NativeCtx, fp: number, fmtAddr: number, args: number[], argi: number): number {
  const fmt = readStr(c.mem, fmtAddr);
  const out = format(c.mem, fmt, args, argi, c.regs.errno);
  const addr = fileArg(c, fp);
  if (!addr) return -1;
  const ok = withFile(c, addr, (f) => outputPieces(c, f, out.pieces));
  for (const st of out.stores) c.mem.store32(st.addr, st.v);
  return ok ? out.length : -1;
}

export function printf(c: NativeCtx, a: number[]): number {
  return vfprintf(c, c.regs.image.libcDataBase + STDOUT_FILE, a[0], a, 1);
}

export function fprintf(c: NativeCtx, a: number[]): number {
  return vfprintf(c, a[0], a[1], a, 2);
}

export function sprintf(c: NativeCtx, a: number[]): number {
  const out = format(c.mem, readStr(c.mem, a[1]), a, 2, c.regs.errno);
  const text = out.pieces.join('');
  writeStr(c.mem, a[0], text);
  c.mem.store8(a[0] + text.length, 0);
  for (const st of out.stores) c.mem.store32(st.addr, st.v);
  return out.length;
}

export function snprintf(c: NativeCtx, a: number[]): number {
  const out = format(c.mem, readStr(c.mem, a[2]), a, 3, c.regs.errno);
  const size = a[1];
  if (size > 0) {
    const text = out.pieces.join('').slice(0, size - 1);
    writeStr(c.mem, a[0], text);
    c.mem.store8(a[0] + text.length, 0);
  }
  for (const st of out.stores) c.mem.store32(st.addr, st.v);
  return out.length;
}

/** Formats to a JS string (printk, kthread names). */
export function formatToString(c: NativeCtx, fmtAddr: number, args: number[], argi: number): string {
  return format(c.mem, readStr(c.mem, fmtAddr), args, argi, c.regs.errno).pieces.join('');
}

export function fputs(c: NativeCtx, a: number[]): number {
  const s = readStr(c.mem, a[0]);
  const addr = fileArg(c, a[1]);
  if (!addr) return EOF;
  return withFile(c, addr, (f) => {
    if (f.mode === 0) f.mode = -1;
    return xsputn(c, f, s) === s.length ? 1 : EOF;
  });
}

export function puts(c: NativeCtx, a: number[]): number {
  const s = readStr(c.mem, a[0]);
  return withFile(c, c.regs.image.libcDataBase + STDOUT_FILE, (f) => {
    if (f.mode === 0) f.mode = -1;
    if (xsputn(c, f, s) !== s.length) return EOF;
    if (putcUnlocked(c, f, 10) === EOF) return EOF;
    return Math.min(s.length + 1, 0x7fffffff);
  });
}

export function fputc(c: NativeCtx, a: number[]): number {
  const addr = fileArg(c, a[1]);
  if (!addr) return EOF;
  return withFile(c, addr, (f) => {
    if (f.mode === 0) f.mode = -1;
    return putcUnlocked(c, f, a[0]);
  });
}

export function putchar(c: NativeCtx, a: number[]): number {
  return fputc(c, [a[0], c.regs.image.libcDataBase + STDOUT_FILE]);
}

/** _IO_new_file_sync for one stream. */
function flushOne(c: NativeCtx, addr: number): number {
  return withFile(c, addr, (f) => (f.writePtr > f.writeBase ? overflow(c, f, EOF) : 0));
}

export function fflush(c: NativeCtx, a: number[]): number {
  if (a[0] === 0) return flushAll(c);
  return flushOne(c, a[0]) === EOF ? EOF : 0;
}

/** _IO_flush_all: what exit() does before exit_group. */
export function flushAll(c: NativeCtx): number {
  const b = c.regs.image.libcDataBase;
  if (!b) return 0;
  let r = 0;
  for (const off of [STDOUT_FILE, STDERR_FILE]) if (flushOne(c, b + off) === EOF) r = EOF;
  return r;
}

/**
 * _IO_unbuffer_all, the second half of exit's _IO_cleanup: every stream
 * that was used becomes unbuffered (its buffer is kept, not freed). Only a
 * vfork parent can tell: it shares the child's stdio, so after the child's
 * exit() its printf writes at once. glibc: libio/genops.c
 */
export function unbufferAll(c: NativeCtx): void {
  const b = c.regs.image.libcDataBase;
  if (!b) return;
  for (const off of [0, STDOUT_FILE, STDERR_FILE]) {
    const f = load(c.mem, b + off);
    if (!(f.flags & IO_UNBUFFERED) && f.mode !== 0) {
      // _IO_SETBUF(fp, NULL, 0): _IO_default_setbuf then _IO_new_file_setbuf.
      f.flags |= IO_UNBUFFERED | IO_USER_BUF;
      f.bufBase = f.addr + SHORTBUF;
      f.bufEnd = f.bufBase + 1;
      f.writeBase = f.writePtr = f.writeEnd = f.bufBase;
    }
    f.mode = -1;
    store(c.mem, f);
  }
}

/** perror: "s: message\n" on stderr, with glibc's fdopen detour when stderr was never used. glibc: stdio-common/perror.c */
export function perror(c: NativeCtx, a: number[]): number {
  const errnum = c.regs.errno;
  const s = a[0] ? readStr(c.mem, a[0]) : '';
  const msg = (s ? s + ': ' : '') + strerror(errnum) + '\n';
  const pieces = s ? [s, ': ', strerror(errnum), '\n'] : ['', '', strerror(errnum), '\n'];
  const b = c.regs.image.libcDataBase;
  const stderrAddr = b + STDERR_FILE;
  const direct = (): number => {
    withFile(c, stderrAddr, (f) => outputPieces(c, f, [msg]));
    return 0;
  };
  const stderrF = load(c.mem, stderrAddr);
  if (stderrF.mode !== 0 || stderrF.fileno === -1) return direct();
  // The stream is not oriented yet: glibc writes through a fresh stream on dup(2).
  const fd = sys(c, 'dup', [stderrF.fileno]);
  if (fd < 0) {
    if (fd !== -ENOSYS) c.regs.errno = -fd; // (a kernel without descriptors leaves errno alone)
    return direct();
  }
  const fl = sys(c, 'fcntl', [fd, F_GETFL, 0]);
  if (fl < 0 || (fl & O_ACCMODE) !== O_RDWR) {
    // fdopen(fd, "w+") needs a read-write descriptor
    c.regs.errno = fl < 0 ? -fl : EINVAL;
    sys(c, 'close', [fd]);
    return direct();
  }
  const fp = malloc(c, 0x1d8); // sizeof (struct locked_FILE)
  if (!fp) {
    sys(c, 'close', [fd]);
    return direct();
  }
  for (let i = 0; i < FILE_SIZE; i += 4) c.mem.store32(fp + i, 0);
  c.mem.store32(fp + F_FILENO, fd);
  checkpoint(c);
  const f = load(c.mem, fp);
  outputPieces(c, f, pieces);
  // fclose: flush, close, free the buffer and the FILE.
  if (f.writePtr > f.writeBase) overflow(c, f, EOF);
  sys(c, 'close', [fd]);
  if (f.bufBase && f.bufBase !== fp + SHORTBUF) free(c, f.bufBase);
  free(c, fp);
  return 0;
}

/** Where each known errno's text lies in ERRLIST: glibc returns a constant string per errno. */
const errlistOffsets: Map<number, number> = (() => {
  const m = new Map<number, number>();
  let off = 0;
  for (let e = 0; e < 256; e++) {
    const text = strerror(e);
    if (text.startsWith('Unknown error')) continue;
    m.set(e, off);
    off += text.length + 1;
  }
  return m;
})();

export function strerrorNative(c: NativeCtx, a: number[]): number {
  const known = errlistOffsets.get(a[0]);
  // An unknown errno's "Unknown error N" goes to one buffer, which the next such call overwrites.
  const buf = c.regs.image.libcDataBase + (known === undefined ? STRERROR_BUF : ERRLIST + known);
  const text = strerror(a[0]).slice(0, 63);
  writeStr(c.mem, buf, text);
  c.mem.store8(buf + text.length, 0);
  return buf;
}
