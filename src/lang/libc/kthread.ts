// Kernel-thread services for kthread bodies (compiled with the same
// compiler): each is a kcall by its Linux name. Strings are passed as
// addresses the kernel reads (the kthread's name is formatted here, as
// kthread_create's vsnprintf would, onto the kthread's stack).

import { GONE, type Gone, type Retry } from '../abi';
import { alloca, kcall, writeStr, type NativeCtx } from './native';
import { formatToString } from './stdio';

const MAX_ERRNO = 4095;
const isErr = (v: number): boolean => v < 0 && v >= -MAX_ERRNO;

/** A kcall with the native's arguments passed through. */
export function k(name: string, nargs: number): (c: NativeCtx, a: number[]) => number {
  return (c, a) => kcall(c, name, a.slice(0, nargs));
}

function formattedName(c: NativeCtx, a: number[]): number {
  const name = formatToString(c, a[2], a, 3).slice(0, 15); // TASK_COMM_LEN - 1
  const buf = alloca(c, name.length + 1);
  writeStr(c.mem, buf, name);
  c.mem.store8(buf + name.length, 0);
  return buf;
}

/** kthread_create(threadfn, data, namefmt, ...): the new kthread is not runnable until woken. */
export function kthreadCreate(c: NativeCtx, a: number[]): number {
  return kcall(c, 'kthread_create', [a[0], a[1], formattedName(c, a)]);
}

/** kthread_run: kthread_create, then wake_up_process unless it failed. */
export function kthreadRun(c: NativeCtx, a: number[]): number {
  const p = kcall(c, 'kthread_create', [a[0], a[1], formattedName(c, a)]);
  if (!isErr(p)) kcall(c, 'wake_up_process', [p]);
  return p;
}

/** printk: formats like printf; a leading KERN_<LEVEL> ("\001" + digit) is the log level, not text. */
export function printk(c: NativeCtx, a: number[]): number {
  let text = formatToString(c, a[0], a, 1);
  if (text.length >= 2 && text.charCodeAt(0) === 1) text = text.slice(2);
  c.sys.printk(decodeUtf8(text));
  return text.length;
}

function decodeUtf8(latin1: string): string {
  const bytes = Uint8Array.from(latin1, (ch) => ch.charCodeAt(0));
  return new TextDecoder().decode(bytes);
}

export function doExit(c: NativeCtx, a: number[]): Gone | Retry {
  kcall(c, 'do_exit', [a[0]]);
  return GONE;
}


