// The part of /proc the console serves: a directory tree computed from
// kernel state on each lookup, as procfs does. linux: fs/proc/base.c,
// fs/proc/root.c, kernel/sysctl.c
//
//   /proc/{interrupts,loadavg,meminfo,stat,uptime,vmstat}   /proc/sys/kernel/{pid_max,threads-max}
//   /proc/PID/{cmdline,comm,limits,maps,oom_score,oom_score_adj,sched,smaps,smaps_rollup,stat,statm,status,wchan,task/}
//   /proc/PID/task/TID/{children,cmdline,comm,limits,maps,oom_score,oom_score_adj,sched,smaps,smaps_rollup,stat,statm,status,wchan}
//
// A thread's TID also works as /proc/TID (hidden from `ls /proc`), as in Linux.
// /proc/self and /proc/thread-self are symlinks to the reader's process and
// thread: the console's commands run inside the shell (no cat is forked),
// so the reader is the shell, bash.

import type { Kernel } from '../../kernel/kernel';
import type { TaskStruct } from '../../kernel/task';
import { EINVAL, EIO, EISDIR, ENOENT, ENOTDIR, ESRCH } from '../../kernel/uapi/errno';
import { PID_MAX_LIMIT, PID_MAX_MIN, TASK_COMM_LEN } from '../../kernel/param';
import { BOOT_EPOCH, uptimeSeconds } from '../clock';
import { HZ } from '../../kernel/param';
import type { LoadAvg } from '../../kernel/sched/loadavg';
import { procMeminfo } from '../meminfo';
import { procInterrupts } from './interrupts';
import { procPidLimits } from './limits';
import { procStat } from './kstat';
import { procMaps } from '../mm-view';
import { cmdlineOf, processes, threadsOf, wchanOf } from '../tasks';
import { procPidSched } from './sched';
import { procPidSmaps, procPidSmapsRollup } from './smaps';
import { procPidStat } from './stat';
import { procPidStatus } from './status';
import { procVmstat } from './vmstat';
import { OOM_SCORE_ADJ_MAX, OOM_SCORE_ADJ_MIN, oomScore } from '../../kernel/oom_kill';

/** What the tree needs besides the kernel. */
export interface ProcContext {
  k: Kernel; // the machine
  loadavg: LoadAvg; // sampled load averages
}

/** A node of the tree. */
export type ProcNode =
  | { kind: 'dir'; list: () => string[] }
  | { kind: 'file'; read: () => string; write?: (text: string) => number };

const PID_FILES = ['cmdline', 'comm', 'limits', 'maps', 'oom_score', 'oom_score_adj', 'sched', 'smaps', 'smaps_rollup', 'stat', 'statm', 'status', 'task', 'wchan'];
const TID_FILES = ['children', 'cmdline', 'comm', 'limits', 'maps', 'oom_score', 'oom_score_adj', 'sched', 'smaps', 'smaps_rollup', 'stat', 'statm', 'status', 'wchan'];

/** /proc/uptime: uptime and the CPUs' idle time, "%lu.%02lu %lu.%02lu". */
function procUptime(k: Kernel): string {
  const up = uptimeSeconds(k);
  // The sum of every CPU's idle time, as Linux reports it.
  const idle = k.rqs.reduce((s, rq) => s + rq.idleNs, 0) / 1e9;
  const f = (x: number) => {
    const c = Math.floor(x * 100);
    return `${Math.floor(c / 100)}.${String(c % 100).padStart(2, '0')}`;
  };
  return `${f(up)} ${f(idle)}\n`;
}

/** /proc/loadavg: "0.00 0.00 0.00 1/97 312". */
function procLoadavg(c: ProcContext): string {
  const k = c.k;
  let running = 0;
  for (const rq of k.rqs) running += rq.nrRunning;
  return `${c.loadavg.format(0)} ${c.loadavg.format(1)} ${c.loadavg.format(2)} ${running}/${k.nrThreads} ${k.pids.nextPid - 1}\n`;
}

/** The files of /proc/PID (whole = the process) or /proc/PID/task/TID; -errno when the file cannot be read. */
function taskFile(c: ProcContext, t: TaskStruct, name: string, whole: boolean): ProcNode | number | null {
  const k = c.k;
  switch (name) {
    case 'stat':
      return { kind: 'file', read: () => procPidStat(k, t, whole) };
    case 'status':
      return { kind: 'file', read: () => procPidStatus(k, t) };
    case 'comm':
      return {
        kind: 'file',
        read: () => t.comm + '\n',
        // comm_write: only the writer's own thread group, and the bytes as
        // given (echo's newline too), cut to 15. The writer is the shell.
        write: (text) => {
          if (t.signal !== k.shell?.signal) return -EINVAL;
          t.comm = text.slice(0, TASK_COMM_LEN - 1);
          return 0;
        },
      };
    case 'cmdline':
      return { kind: 'file', read: () => cmdlineOf(t).map((a) => a + '\0').join('') };
    case 'limits':
      return { kind: 'file', read: () => procPidLimits(k, t) };
    case 'wchan':
      return { kind: 'file', read: () => wchanOf(t) || '0' };
    case 'maps':
      return { kind: 'file', read: () => (t.mm ? procMaps(k, t.mm) : '') };
    case 'statm':
      return { kind: 'file', read: () => (t.mm ? k.mm.statm(t.mm) : '0 0 0 0 0 0 0\n') };
    case 'smaps':
      return { kind: 'file', read: () => procPidSmaps(k, t.mm) };
    case 'smaps_rollup':
      // No mm (a kernel thread, a zombie): Linux fails the read with ESRCH; here the lookup does.
      if (!t.mm) return -ESRCH;
      return { kind: 'file', read: () => procPidSmapsRollup(k, t.mm) ?? '' };
    case 'sched':
      return { kind: 'file', read: () => procPidSched(t) };
    case 'oom_score':
      return { kind: 'file', read: () => `${oomScore(k, t.groupLeader)}\n` };
    case 'oom_score_adj':
      return { kind: 'file', read: () => `${t.signal.oomScoreAdj}\n`, write: (text) => setOomScoreAdj(t, text) };
    case 'children':
      // linux: fs/proc/array.c children_seq_show — the thread's own children, in fork order, each with a space.
      if (whole) return null;
      return { kind: 'file', read: () => [...t.children].map((p) => `${p.pid} `).join('') };
    case 'task':
      if (!whole) return null;
      return {
        kind: 'dir',
        list: () => threadsOf(t.groupLeader).map((x) => String(x.pid)),
      };
    default:
      return null;
  }
}

/**
 * A write to oom_score_adj: an integer as kstrtoint reads it (base 0: 0x
 * hex, 0 octal; spaces and the newline around it stripped) in -1000..1000,
 * for the whole process. The console is root (CAP_SYS_RESOURCE), so it may
 * lower it too. linux: fs/proc/base.c oom_score_adj_write, __set_oom_adj
 */
function setOomScoreAdj(t: TaskStruct, text: string): number {
  const m = /^([+-]?)(0x[0-9a-f]+|0[0-7]*|[1-9][0-9]*)$/i.exec(text.trim());
  if (!m) return -EINVAL;
  const n = (m[1] === '-' ? -1 : 1) * (/^0x/i.test(m[2]) ? parseInt(m[2].slice(2), 16) : /^0./.test(m[2]) ? parseInt(m[2], 8) : Number(m[2]));
  if (n < OOM_SCORE_ADJ_MIN || n > OOM_SCORE_ADJ_MAX) return -EINVAL;
  t.signal.oomScoreAdj = n;
  return 0;
}

/** sysctl files: read and write kernel tunables. */
function sysctlFile(c: ProcContext, name: string): ProcNode | null {
  const k = c.k;
  if (name === 'pid_max')
    return {
      kind: 'file',
      read: () => `${k.pids.pidMax}\n`,
      write: (text) => {
        const v = text.trim();
        if (!/^\d+$/.test(v)) return -EINVAL;
        const n = Number(v);
        if (n < PID_MAX_MIN || n > PID_MAX_LIMIT) return -EINVAL;
        return k.pids.setPidMax(n) ? 0 : -EINVAL;
      },
    };
  if (name === 'threads-max')
    return {
      kind: 'file',
      read: () => `${k.maxThreads}\n`,
      write: (text) => {
        const v = text.trim();
        if (!/^\d+$/.test(v)) return -EINVAL;
        const n = Number(v);
        // linux: sysctl_max_threads — between MIN_THREADS (20) and MAX_THREADS (FUTEX_TID_MASK).
        if (n < 20 || n > 0x3fffffff) return -EINVAL;
        k.maxThreads = n;
        return 0;
      },
    };
  return null;
}

/** The read-only files at /proc's top, in name order: what each reads. */
const SYSTEM_FILES: Record<string, (c: ProcContext) => string> = {
  interrupts: (c) => procInterrupts(c.k),
  loadavg: (c) => procLoadavg(c),
  meminfo: (c) => procMeminfo(c.k),
  stat: (c) => procStat(c.k),
  uptime: (c) => procUptime(c.k),
  vmstat: (c) => procVmstat(c.k),
};

/** The symlinks at /proc's top. */
const SELF_LINKS = ['self', 'thread-self'];

/**
 * What /proc/self or /proc/thread-self points to, relative to /proc
 * ("27", "27/task/27"), or null for any other path. The reader is the
 * shell: the console's commands run inside it. linux: fs/proc/self.c
 * proc_self_get_link, fs/proc/thread_self.c proc_thread_self_get_link —
 * ENOENT for a reader without a PID in the namespace.
 */
export function procReadlink(k: Kernel, path: string): string | null {
  const m = /^\/proc\/(self|thread-self)$/.exec(path);
  if (!m) return null;
  const sh = k.shell;
  if (!sh) return null;
  return m[1] === 'self' ? String(sh.tgid) : `${sh.tgid}/task/${sh.pid}`;
}

/** An absolute /proc path with its /proc/self or /proc/thread-self followed; null when the link points nowhere. */
function followSelf(k: Kernel, path: string): string | null {
  const m = /^\/proc\/(self|thread-self)(?=\/|$)/.exec(path);
  if (!m) return path;
  const target = procReadlink(k, m[0]);
  return target === null ? null : `/proc/${target}${path.slice(m[0].length)}`;
}

/**
 * Looks up an absolute path under /proc, following /proc/self and
 * /proc/thread-self. Returns the node, or -ENOENT / -ENOTDIR when there
 * is none.
 */
export function procLookup(c: ProcContext, path: string): ProcNode | number {
  const k = c.k;
  const followed = followSelf(k, path);
  if (followed === null) return -ENOENT;
  path = followed;
  const parts = path.split('/').filter(Boolean);
  if (parts[0] !== 'proc') return -ENOENT;
  if (parts.length === 1)
    return {
      kind: 'dir',
      list: () => [...processes(k).map((p) => String(p.pid)), ...[...Object.keys(SYSTEM_FILES), 'sys', ...SELF_LINKS].sort()],
    };
  const [, a, b, cc, d, ...rest] = parts;
  if (/^\d+$/.test(a)) {
    const t = k.findTask(Number(a));
    if (!t) return -ENOENT;
    if (parts.length === 2) return { kind: 'dir', list: () => PID_FILES.slice() };
    const f = taskFile(c, t, b, true);
    if (!f) return -ENOENT;
    if (parts.length === 3 || typeof f === 'number') return f;
    if (b !== 'task') return -ENOTDIR;
    const th = /^\d+$/.test(cc) ? k.findTask(Number(cc)) : undefined;
    if (!th || th.tgid !== t.tgid) return -ENOENT;
    if (parts.length === 4) return { kind: 'dir', list: () => TID_FILES.slice() };
    const g = taskFile(c, th, d, false);
    if (!g) return -ENOENT;
    return parts.length === 5 || typeof g === 'number' ? g : -ENOTDIR;
  }
  const system = Object.hasOwn(SYSTEM_FILES, a) ? SYSTEM_FILES[a] : undefined;
  if (system) return parts.length > 2 ? -ENOTDIR : { kind: 'file', read: () => system(c) };
  switch (a) {
    case 'sys':
      if (parts.length === 2) return { kind: 'dir', list: () => ['kernel'] };
      if (b !== 'kernel') return -ENOENT;
      if (parts.length === 3) return { kind: 'dir', list: () => ['pid_max', 'threads-max'] };
      if (rest.length || d !== undefined) return -ENOTDIR;
      return sysctlFile(c, cc) ?? -ENOENT;
    default:
      return -ENOENT;
  }
}

/** Reads a /proc file: its text, or -errno (-EISDIR for a directory, -ESRCH for smaps_rollup without an mm). */
export function procRead(c: ProcContext, path: string): string | number {
  const n = procLookup(c, path);
  if (typeof n === 'number') return n;
  if (n.kind === 'dir') return -EISDIR;
  return n.read();
}

/** Writes a /proc file (echo N > /proc/sys/kernel/pid_max): 0 or -errno. */
export function procWrite(c: ProcContext, path: string, text: string): number {
  path = followSelf(c.k, path) ?? path;
  const n = procLookup(c, path);
  if (typeof n === 'number') return n;
  if (n.kind === 'dir') return -EISDIR;
  // Files without a write method: open succeeds for root, write fails
  // (EINVAL for the per-process files, EIO for interrupts, loadavg, meminfo, stat, uptime).
  if (!n.write) return /^\/proc\/\d+\//.test(path) ? -EINVAL : -EIO;
  return n.write(text);
}

/** What `ls -l` shows of a file: stat(2)'s fields that it prints. */
export interface FileStat {
  type: 'd' | '-' | 'l'; // directory, regular file, symlink
  perm: number; // permission bits (0o444)
  nlink: number; // hard links
  uid: number; // owner
  gid: number; // group
  size: number; // bytes (0 for /proc files, as procfs says)
  blocks: number; // 1 KiB blocks allocated (ls -l's total)
  mtime: number; // seconds since 1970, on the simulated clock
  target?: string; // a symlink's target
}

/** The per-process files Linux lets root write (mode 0644); the rest are 0444. linux: fs/proc/base.c tgid_base_stuff, tid_base_stuff */
const WRITABLE_PID_FILES = new Set(['comm', 'oom_score_adj', 'sched']);

/**
 * lstat(2) of a /proc path that lookup found (a symlink is not followed
 * at the end of the path, as ls -l does not). Owners are the task's (its
 * uid); dates are a task's start for /proc/PID and what is in it, the
 * boot for the rest. linux: fs/proc/base.c pid_revalidate (task_dump_owner),
 * pid_entry_nlink, proc_task_getattr, proc_root_getattr; sysctl
 * directories show one link. *kernlab*: Linux dates an inode when it is
 * first looked up.
 */
export function procLstat(k: Kernel, path: string): FileStat {
  const boot = { uid: 0, gid: 0, size: 0, blocks: 0, mtime: BOOT_EPOCH };
  const target = procReadlink(k, path);
  if (target !== null) return { ...boot, type: 'l', perm: 0o777, nlink: 1, target };
  const parts = (followSelf(k, path) ?? path).split('/').filter(Boolean);
  const dir = (nlink: number) => ({ type: 'd' as const, perm: 0o555, nlink });
  if (parts.length === 1) return { ...boot, ...dir(2 + 1 + processes(k).length) }; // sys and each process
  const [, a, b, cc, d] = parts;
  if (/^\d+$/.test(a)) {
    const t = k.findTask(Number(a));
    const th = parts.length >= 4 ? k.findTask(Number(cc)) : undefined;
    const who = th ?? t;
    const own = { uid: who?.uid ?? 0, gid: who?.uid ?? 0, size: 0, blocks: 0, mtime: BOOT_EPOCH + Math.floor((who?.startTime ?? 0) / HZ) };
    const file = (name: string) => ({ ...own, type: '-' as const, perm: WRITABLE_PID_FILES.has(name) ? 0o644 : 0o444, nlink: 1 });
    if (parts.length === 2) return { ...own, ...dir(3) }; // task/ is its one directory
    if (parts.length === 3) return b === 'task' ? { ...own, ...dir(2 + (t ? threadsOf(t.groupLeader).length : 0)) } : file(b);
    if (parts.length === 4) return { ...own, ...dir(2) };
    return file(d);
  }
  if (a === 'sys') return parts.length <= 3 ? { ...boot, ...dir(1) } : { ...boot, type: '-', perm: 0o644, nlink: 1 };
  return { ...boot, type: '-', perm: 0o444, nlink: 1 };
}

/** Every /proc path, for tab completion (PIDs and their files, the system files). */
export function procPaths(c: ProcContext): string[] {
  const out = ['/proc/', ...Object.keys(SYSTEM_FILES).map((f) => `/proc/${f}`), '/proc/sys/kernel/pid_max', '/proc/sys/kernel/threads-max'];
  if (c.k.shell) out.push('/proc/self/', ...PID_FILES.map((f) => `/proc/self/${f}${f === 'task' ? '/' : ''}`), '/proc/thread-self/');
  for (const p of processes(c.k)) {
    out.push(`/proc/${p.pid}/`);
    for (const f of PID_FILES) out.push(`/proc/${p.pid}/${f}${f === 'task' ? '/' : ''}`);
  }
  return out;
}
