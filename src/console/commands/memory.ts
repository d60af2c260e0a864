// The memory tools: pmap (procps), and kernlab's debugger calls on a
// task's address space — translate (walk the page tables), mprotect and
// munmap (as the task itself would call them), find_vma.
// linux: mm/mmap.c find_vma, mm/mprotect.c, mm/mmap.c do_munmap

import { PROT_EXEC, PROT_NONE, PROT_READ, PROT_WRITE } from '../../kernel/uapi/mman';
import { EINVAL, ENOMEM, strerror } from '../../kernel/uapi/errno';
import { PAGE_SIZE } from '../../kernel/param';
import type { TaskStruct } from '../../kernel/task';
import type { Command, ConsoleServices, Out } from '../command';
import { taskArg } from '../args';
import { findVma, mapsLine, mprotect, munmap, pmap, pmapExtended, translate } from '../mm-view';
import { parseAddr, parseLen } from '../numbers';
import { cmdlineOf, processes } from '../tasks';

const pids = (c: ConsoleServices, word: string): string[] =>
  processes(c.k)
    .map((p) => String(p.pid))
    .filter((p) => p.startsWith(word));

/** The task's mm, or null after saying why there is none. */
function mmOf(cmd: string, t: TaskStruct, out: Out): TaskStruct['mm'] {
  if (t.mm) return t.mm;
  if (t.exitState) out.line(`${cmd}: ${t.pid} (${t.comm}) is a zombie: its address space is gone`);
  else out.line(`${cmd}: ${t.pid} (${t.comm}) is a kernel thread: it has no address space (mm is NULL)`);
  return null;
}

/** PROT as "rw-", "r-x", "---", "PROT_READ|PROT_WRITE", "PROT_NONE", or a number. */
export function parseProt(s: string): number | null {
  if (/^[r-][w-][x-]$/.test(s)) return (s[0] === 'r' ? PROT_READ : 0) | (s[1] === 'w' ? PROT_WRITE : 0) | (s[2] === 'x' ? PROT_EXEC : 0);
  if (/^(0[xX][0-9a-fA-F]+|\d+)$/.test(s)) return Number(s);
  let prot = 0;
  for (const part of s.split('|')) {
    const p = part.trim().toUpperCase();
    if (p === 'PROT_READ') prot |= PROT_READ;
    else if (p === 'PROT_WRITE') prot |= PROT_WRITE;
    else if (p === 'PROT_EXEC') prot |= PROT_EXEC;
    else if (p === 'PROT_NONE') prot |= PROT_NONE;
    else return null;
  }
  return prot;
}

/** A PID as pmap reads it: strtoul(s, 0) (so 0x10 and 010 work), 1..0x7fffffff, starting with a digit. */
function pmapPid(s: string): number | null {
  let n: number;
  if (/^0[xX][0-9a-fA-F]+$/.test(s)) n = parseInt(s.slice(2), 16);
  else if (/^0[0-7]*$/.test(s)) n = parseInt(s, 8);
  else if (/^[1-9]\d*$/.test(s)) n = Number(s);
  else return null;
  return n >= 1 && n <= 0x7fffffff ? n : null;
}

export const pmapCmd: Command = {
  name: 'pmap',
  summary: 'report the memory map of a process (procps-ng 4.0.2)',
  usage: 'pmap [-x] PID...',
  details:
    'One line per VMA: address, size, permissions, mapping ([ anon ], [ stack ], file name), then the total. ' +
    '-x (--extended) adds the resident (RSS) and written (Dirty) kB of each VMA, as /proc/PID/smaps counts them. ' +
    "kernlab does not run libc's code: libc's and ld.so's resident pages are those their start-up touched on the reference machine, and stay so.",
  run(c, argv, out) {
    // getopt: options anywhere before a '--', PIDs after it whatever they look like.
    const end = argv.indexOf('--');
    const opts = argv.slice(1, end < 0 ? undefined : end);
    const extended = opts.some((a) => a === '-x' || a === '--extended');
    const args = [...opts.filter((a) => a !== '-x' && a !== '--extended'), ...(end < 0 ? [] : argv.slice(end + 1))];
    const usage = '\nUsage:\n pmap [options] PID [PID ...]\n\nkernlab supports pmap [-x] PID... (the default and the extended format).\n';
    if (!args.length || args.some((a) => a.startsWith('-'))) {
      out.write(usage);
      return 1;
    }
    // procps checks every argument before printing anything: a word that is
    // not a PID (or /proc/PID) is a usage error, whatever came before it.
    const pidList: number[] = [];
    for (const a of args) {
      const walk = a.startsWith('/proc/') ? a.slice(6) : a;
      if (walk !== a && !/^\d/.test(walk)) continue; // pmap /proc/self and the like are skipped
      const pid = pmapPid(walk);
      if (pid === null) {
        out.write(usage);
        return 1;
      }
      pidList.push(pid);
    }
    if (!pidList.length) {
      out.line('pmap: library failed pids statistics');
      return 1;
    }
    let status = 0;
    for (const pid of pidList) {
      const t = c.task(pid);
      if (!t) {
        // procps pmap says nothing for a missing PID and exits with 42.
        status = 42;
        continue;
      }
      const p = t.groupLeader;
      const argvP = cmdlineOf(p);
      const cmd = argvP.length ? argvP.join(' ') : `[${p.comm}]${p.exitState ? ' <defunct>' : ''}`;
      if (extended) out.write(pmapExtended(c.k, t.pid, cmd, p.mm));
      else if (p.mm) out.write(pmap(c.k, t.pid, cmd, p.mm));
      else out.write(`${t.pid}:   ${cmd}\n total ${'0'.padStart(16)}K\n`);
    }
    return status;
  },
  complete: (c, _b, word) => pids(c, word),
};

export const translateCmd: Command = {
  name: 'translate',
  summary: 'kernlab: walk a task\'s page tables for an address; what would an access do?',
  usage: 'translate PID ADDR [r|w|x]',
  details: 'ADDR: hex with or without 0x (8+ digits are always hex, as maps prints them), or a short decimal. The walk has no side effects: no fault is taken, no accessed bit set.',
  run(c, argv, out) {
    const usage = 'translate PID ADDR [r|w|x]';
    const t = taskArg(c, 'translate', argv[1], out, usage);
    if (!t) return argv[1] === undefined ? 2 : 1;
    if (argv[2] === undefined || argv.length > 4) {
      out.line(`translate: usage: ${usage}`);
      return 2;
    }
    const addr = parseAddr(argv[2]);
    if (addr === null) {
      out.line(`translate: invalid address '${argv[2]}'`);
      return 1;
    }
    const access = argv[3] ?? 'r';
    if (access !== 'r' && access !== 'w' && access !== 'x') {
      out.line(`translate: invalid access '${access}' (r, w or x)`);
      return 1;
    }
    const mm = mmOf('translate', t, out);
    if (!mm) return 1;
    const text = translate(c.k, mm, addr, access);
    out.write(text.endsWith('\n') ? text : text + '\n');
    return 0;
  },
  complete: (c, before, word) => (before.length === 1 ? pids(c, word) : before.length === 3 ? ['r', 'w', 'x'].filter((x) => x.startsWith(word)) : []),
};

/** ADDR LEN arguments of mprotect/munmap. */
function range(cmd: string, a: string | undefined, l: string | undefined, out: Out): { addr: number; len: number } | null {
  const addr = a === undefined ? null : parseAddr(a);
  if (addr === null) {
    out.line(`${cmd}: invalid address '${a ?? ''}'`);
    return null;
  }
  const len = l === undefined ? null : parseLen(l);
  if (len === null) {
    out.line(`${cmd}: invalid length '${l ?? ''}'`);
    return null;
  }
  return { addr, len };
}

/**
 * The syscall's error as strerror prints it, and why for the two a player
 * meets: the EINVAL of an address not on a page boundary (copied from a
 * fault), where its page starts; mprotect's ENOMEM, the first unmapped
 * part of the range (like Linux, mprotect applied PROT to the VMAs before it).
 */
function rangeError(c: ConsoleServices, cmd: string, ret: number, mm: NonNullable<TaskStruct['mm']>, addr: number, len: number): string {
  const msg = `${cmd}: ${strerror(-ret)}`;
  const hex = (x: number): string => `0x${x.toString(16)}`;
  if (ret === -EINVAL && addr % PAGE_SIZE !== 0) return `${msg} (${hex(addr)} is not page-aligned: its page starts at ${hex(addr - (addr % PAGE_SIZE))})`;
  if (ret !== -ENOMEM || cmd !== 'mprotect') return msg;
  const end = addr + Math.ceil(len / PAGE_SIZE) * PAGE_SIZE;
  for (let a = addr; a < end; ) {
    const vma = findVma(c.k, mm, a);
    if (vma && vma.vmStart <= a) {
      a = vma.vmEnd;
      continue;
    }
    const holeEnd = vma ? Math.min(vma.vmStart, end) : end;
    return `${msg} (${hex(a)}-${hex(holeEnd)} is not mapped: no VMA there to change${a > addr ? `; ${hex(addr)}-${hex(a)} before it got the new protection` : ''})`;
  }
  return msg;
}

export const mprotectCmd: Command = {
  name: 'mprotect',
  summary: 'kernlab: change the protection of a task\'s pages, as mprotect(2)',
  usage: 'mprotect PID ADDR LEN PROT',
  details: 'PROT: r--, rw-, r-x, rwx, ---, PROT_READ|PROT_WRITE, PROT_NONE or a number. LEN: 4096, 0x1000, 4k, 2M. VMAs split and merge as in Linux; errors as the syscall: EINVAL (unaligned ADDR), ENOMEM (a hole in the range), EACCES.',
  run(c, argv, out) {
    const usage = 'mprotect PID ADDR LEN PROT';
    const t = taskArg(c, 'mprotect', argv[1], out, usage);
    if (!t) return argv[1] === undefined ? 2 : 1;
    if (argv.length !== 5) {
      out.line(`mprotect: usage: ${usage}`);
      return 2;
    }
    const r = range('mprotect', argv[2], argv[3], out);
    if (!r) return 1;
    const prot = parseProt(argv[4]);
    if (prot === null) {
      out.line(`mprotect: invalid protection '${argv[4]}'`);
      return 1;
    }
    const mm = mmOf('mprotect', t, out);
    if (!mm) return 1;
    const ret = mprotect(c.k, mm, r.addr, r.len, prot, t);
    if (ret < 0) {
      out.line(rangeError(c, 'mprotect', ret, mm, r.addr, r.len));
      return 1;
    }
    return 0;
  },
  complete: (c, before, word) => (before.length === 1 ? pids(c, word) : before.length === 4 ? ['r--', 'rw-', 'r-x', 'rwx', '---'].filter((x) => x.startsWith(word)) : []),
};

export const munmapCmd: Command = {
  name: 'munmap',
  summary: 'kernlab: unmap a range of a task\'s address space, as munmap(2)',
  usage: 'munmap PID ADDR LEN',
  details: 'Splits VMAs as do_munmap does; EINVAL for an unaligned ADDR or a zero LEN.',
  run(c, argv, out) {
    const usage = 'munmap PID ADDR LEN';
    const t = taskArg(c, 'munmap', argv[1], out, usage);
    if (!t) return argv[1] === undefined ? 2 : 1;
    if (argv.length !== 4) {
      out.line(`munmap: usage: ${usage}`);
      return 2;
    }
    const r = range('munmap', argv[2], argv[3], out);
    if (!r) return 1;
    const mm = mmOf('munmap', t, out);
    if (!mm) return 1;
    const ret = munmap(c.k, mm, r.addr, r.len, t);
    if (ret < 0) {
      out.line(rangeError(c, 'munmap', ret, mm, r.addr, r.len));
      return 1;
    }
    return 0;
  },
  complete: (c, before, word) => (before.length === 1 ? pids(c, word) : []),
};

export const findVmaCmd: Command = {
  name: 'find_vma',
  summary: 'kernlab: find_vma(mm, addr): the first VMA with vm_end > addr',
  usage: 'find_vma PID ADDR',
  run(c, argv, out) {
    const usage = 'find_vma PID ADDR';
    const t = taskArg(c, 'find_vma', argv[1], out, usage);
    if (!t) return argv[1] === undefined ? 2 : 1;
    if (argv.length !== 3) {
      out.line(`find_vma: usage: ${usage}`);
      return 2;
    }
    const addr = parseAddr(argv[2]);
    if (addr === null) {
      out.line(`find_vma: invalid address '${argv[2]}'`);
      return 1;
    }
    const mm = mmOf('find_vma', t, out);
    if (!mm) return 1;
    const hex = '0x' + addr.toString(16);
    const vma = findVma(c.k, mm, addr);
    if (!vma) {
      out.line(`no VMA at or above ${hex}: find_vma returns NULL`);
      return 0;
    }
    out.line(mapsLine(mm, vma));
    if (vma.vmStart <= addr) out.line(`${hex} is inside this VMA [0x${vma.vmStart.toString(16)}, 0x${vma.vmEnd.toString(16)})`);
    else out.line(`${hex} is NOT inside it: ${hex} lies in the hole below, and find_vma returned the next VMA (vm_end > addr)`);
    return 0;
  },
  complete: (c, before, word) => (before.length === 1 ? pids(c, word) : []),
};
