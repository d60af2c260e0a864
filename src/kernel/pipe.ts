// Pipes: a 64 KiB buffer between a read end and a write end, each a file
// descriptor; readers sleep while it is empty and writers while it is full.
// linux: fs/pipe.c
//
// An open file is a string in the fd table: a pipe end is "pipe:[INO]"
// (what readlink of /proc/PID/fd/N says) with ":r" or ":w" after it. Every
// fd that refers to an end counts as one reference (Linux counts struct
// files; dup shares one, but the last close is the same moment): the pipe
// sees end of file once no write end is left, and EPIPE/SIGPIPE once no
// read end is.

import { RETRY, type Retry } from '../lang/abi';
import type { Kernel } from './kernel';
import { tryToWakeUp } from './sched/core';
import { makeInfo, sendSignal } from './signal';
import { TASK_INTERRUPTIBLE, type FilesStruct, type TaskStruct } from './task';
import { EFAULT, EINTR, EPIPE } from './uapi/errno';
import { SIGPIPE, SI_USER } from './uapi/signal';

export const PIPE_DEF_BUFFERS = 16; // linux: include/linux/pipe_fs_i.h
export const PIPE_SIZE = PIPE_DEF_BUFFERS * 4096; // 64 KiB: what fits before a writer blocks

/** linux: struct pipe_inode_info */
export class PipeInodeInfo {
  readonly buf: number[] = []; // bytes written and not yet read, oldest first
  readers = 0; // fds open on the read end
  writers = 0; // fds open on the write end
  readonly rdWait = new Set<TaskStruct>(); // readers asleep until data or the last writer's close
  readonly wrWait = new Set<TaskStruct>(); // writers asleep until room or the last reader's close

  constructor(readonly ino: number) {}
}

/** The kernel's pipes by inode number (pipefs). */
export class Pipes {
  private readonly byIno = new Map<number, PipeInodeInfo>();
  private nextIno = 28_000; // pipefs inode numbers on a freshly booted machine are in this range

  /** linux: create_pipe_files. Returns the two fd-table names (read end, write end). */
  create(): { pipe: PipeInodeInfo; r: string; w: string } {
    const pipe = new PipeInodeInfo(this.nextIno++);
    this.byIno.set(pipe.ino, pipe);
    return { pipe, r: `pipe:[${pipe.ino}]:r`, w: `pipe:[${pipe.ino}]:w` };
  }

  /** The pipe and end an fd-table name refers to, or null for anything else. */
  lookup(name: string): { pipe: PipeInodeInfo; write: boolean } | null {
    const m = /^pipe:\[(\d+)\]:([rw])$/.exec(name);
    const pipe = m ? this.byIno.get(Number(m[1])) : undefined;
    return pipe ? { pipe, write: m![2] === 'w' } : null;
  }

  /** A new fd refers to `name` (pipe2, dup, fork copying the table). */
  get(name: string): void {
    const e = this.lookup(name);
    if (!e) return;
    if (e.write) e.pipe.writers++;
    else e.pipe.readers++;
  }

  /**
   * An fd referring to `name` was closed (close, dup2 over it, the last
   * user of a files_struct exiting). linux: pipe_release — the other side's
   * sleepers wake to see end of file or a broken pipe.
   */
  put(k: Kernel, name: string): void {
    const e = this.lookup(name);
    if (!e) return;
    const p = e.pipe;
    if (e.write) {
      if (--p.writers === 0) wakeAll(k, p.rdWait, 'read');
    } else if (--p.readers === 0) wakeAll(k, p.wrWait, 'write');
    if (p.readers === 0 && p.writers === 0) this.byIno.delete(p.ino);
  }

  /** Every fd of a files_struct is dropped (exit_files of its last user). */
  putFiles(k: Kernel, files: FilesStruct): void {
    for (const name of files.fds.values()) this.put(k, name);
  }

  /** Takes a reference for each fd of a table just copied (dup_fd). */
  getFiles(files: FilesStruct): void {
    for (const name of files.fds.values()) this.get(name);
  }
}

function wakeAll(k: Kernel, q: Set<TaskStruct>, fn: string): void {
  for (const t of [...q]) {
    q.delete(t);
    if (t.restart?.fn === fn) tryToWakeUp(k, t, TASK_INTERRUPTIBLE, 0);
  }
}

/** Sleeps in `fn` on `q` (restartable with SA_RESTART: -ERESTARTSYS). wchan pipe_read/pipe_write as in 6.1 (Debian 12; 6.15+ say anon_pipe_read/anon_pipe_write), like futex_wait_queue elsewhere. */
function pipeWait(k: Kernel, t: TaskStruct, q: Set<TaskStruct>, fn: string, wchan: string, done: number): Retry {
  t.restart = { fn, policy: 'sys', expires: -1, interrupted: false, woken: false, value: done };
  q.add(t);
  if (!t.sigpending) {
    t.state = TASK_INTERRUPTIBLE;
    t.wchan = wchan;
    k.events.emit({ type: 'sleep', pid: t.pid, state: 'S', wchan });
  }
  return RETRY;
}

/**
 * linux: pipe_read. Takes what is there (up to `count`); with nothing there
 * it returns 0 if no writer is left, else sleeps until a write or the last
 * writer's close. A handler interrupting the sleep makes it fail with EINTR
 * unless SA_RESTART.
 */
export function pipeRead(k: Kernel, t: TaskStruct, p: PipeInodeInfo, buf: number, count: number): number | Retry {
  const r = t.restart;
  if (r?.fn === 'read') {
    p.rdWait.delete(t);
    if (r.interrupted) {
      t.restart = null;
      return -EINTR;
    }
  }
  t.restart = null;
  if (count === 0) return 0;
  if (p.buf.length === 0) return p.writers === 0 ? 0 : pipeWait(k, t, p.rdWait, 'read', 'pipe_read', 0);
  const n = Math.min(count, p.buf.length);
  const bytes = Uint8Array.from(p.buf.slice(0, n));
  if (!t.mm || k.mm.copyToUser(t.mm, buf, bytes, t)) return -EFAULT;
  p.buf.splice(0, n);
  wakeAll(k, p.wrWait, 'write');
  return n;
}

/**
 * linux: pipe_write. With no reader left: SIGPIPE to the writer and EPIPE.
 * Otherwise it copies what fits and sleeps until there is room for the
 * rest; it returns once all `count` bytes are in. A signal cuts a partly
 * done write short: it returns the bytes written (with or without
 * SA_RESTART), or, if none were, EINTR or a restart.
 */
export function pipeWrite(k: Kernel, t: TaskStruct, p: PipeInodeInfo, buf: number, count: number): number | Retry {
  const r = t.restart;
  let done = 0;
  if (r?.fn === 'write') {
    p.wrWait.delete(t);
    done = r.value;
    if (r.interrupted) {
      t.restart = null;
      return done > 0 ? done : -EINTR;
    }
  }
  t.restart = null;
  if (p.readers === 0) {
    sendSignal(k, SIGPIPE, makeInfo(SIGPIPE, SI_USER, t.tgid, t.uid), t, false);
    return done > 0 ? done : -EPIPE;
  }
  const n = Math.min(count - done, PIPE_SIZE - p.buf.length);
  if (n > 0) {
    const bytes = t.mm ? k.mm.copyFromUser(t.mm, buf + done, n, t) : null;
    if (!bytes) return done > 0 ? done : -EFAULT;
    for (const b of bytes) p.buf.push(b);
    done += n;
    wakeAll(k, p.rdWait, 'read');
  }
  if (done === count) return count;
  // A signal pending with part of the data in ends the write with what it wrote: there is
  // nothing to restart (SA_RESTART or not), so the handler's return goes on after it.
  if (done > 0 && t.sigpending) return done;
  return pipeWait(k, t, p.wrWait, 'write', 'pipe_write', done);
}
