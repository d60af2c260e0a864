// errno values and their strerror() texts (glibc's wording).
// linux: include/uapi/asm-generic/errno-base.h, errno.h

export const EPERM = 1;
export const ENOENT = 2;
export const ESRCH = 3;
export const EINTR = 4;
export const EIO = 5;
export const ENXIO = 6;
export const E2BIG = 7;
export const ENOEXEC = 8;
export const EBADF = 9;
export const ECHILD = 10;
export const EAGAIN = 11;
export const ENOMEM = 12;
export const EACCES = 13;
export const EFAULT = 14;
export const EBUSY = 16;
export const EEXIST = 17;
export const ENODEV = 19;
export const ENOTDIR = 20;
export const EISDIR = 21;
export const EINVAL = 22;
export const ENFILE = 23;
export const EMFILE = 24;
export const ENOTTY = 25;
export const ENOSPC = 28;
export const ESPIPE = 29;
export const EROFS = 30;
export const EPIPE = 32;
export const EDOM = 33;
export const ERANGE = 34;
export const EDEADLK = 35;
export const ENAMETOOLONG = 36;
export const ENOSYS = 38;
export const ETIMEDOUT = 110;
// Kernel-internal: never seen by user space (linux: include/linux/errno.h).
export const ERESTARTSYS = 512;
export const ERESTARTNOHAND = 514;

const TABLE: Record<number, [string, string]> = {
  [EPERM]: ['EPERM', 'Operation not permitted'],
  [ENOENT]: ['ENOENT', 'No such file or directory'],
  [ESRCH]: ['ESRCH', 'No such process'],
  [EINTR]: ['EINTR', 'Interrupted system call'],
  [EIO]: ['EIO', 'Input/output error'],
  [ENXIO]: ['ENXIO', 'No such device or address'],
  [E2BIG]: ['E2BIG', 'Argument list too long'],
  [ENOEXEC]: ['ENOEXEC', 'Exec format error'],
  [EBADF]: ['EBADF', 'Bad file descriptor'],
  [ECHILD]: ['ECHILD', 'No child processes'],
  [EAGAIN]: ['EAGAIN', 'Resource temporarily unavailable'],
  [ENOMEM]: ['ENOMEM', 'Cannot allocate memory'],
  [EACCES]: ['EACCES', 'Permission denied'],
  [EFAULT]: ['EFAULT', 'Bad address'],
  [EBUSY]: ['EBUSY', 'Device or resource busy'],
  [EEXIST]: ['EEXIST', 'File exists'],
  [ENODEV]: ['ENODEV', 'No such device'],
  [ENOTDIR]: ['ENOTDIR', 'Not a directory'],
  [EISDIR]: ['EISDIR', 'Is a directory'],
  [EINVAL]: ['EINVAL', 'Invalid argument'],
  [ENFILE]: ['ENFILE', 'Too many open files in system'],
  [EMFILE]: ['EMFILE', 'Too many open files'],
  [ENOTTY]: ['ENOTTY', 'Inappropriate ioctl for device'],
  [ENOSPC]: ['ENOSPC', 'No space left on device'],
  [ESPIPE]: ['ESPIPE', 'Illegal seek'],
  [EROFS]: ['EROFS', 'Read-only file system'],
  [EPIPE]: ['EPIPE', 'Broken pipe'],
  [EDOM]: ['EDOM', 'Numerical argument out of domain'],
  [ERANGE]: ['ERANGE', 'Numerical result out of range'],
  [EDEADLK]: ['EDEADLK', 'Resource deadlock avoided'],
  [ENAMETOOLONG]: ['ENAMETOOLONG', 'File name too long'],
  [ENOSYS]: ['ENOSYS', 'Function not implemented'],
  [ETIMEDOUT]: ['ETIMEDOUT', 'Connection timed out'],
};

/** "ESRCH" for 3. */
export function errnoName(e: number): string {
  return TABLE[e]?.[0] ?? `E${e}`;
}

/** glibc's strerror text: "No such process" for 3. */
export function strerror(e: number): string {
  return TABLE[e]?.[1] ?? `Unknown error ${e}`;
}

/** Looks an errno up by name ("ENOMEM" -> 12); 0 if unknown. */
export function errnoByName(name: string): number {
  for (const [k, v] of Object.entries(TABLE)) if (v[0] === name) return Number(k);
  return 0;
}
