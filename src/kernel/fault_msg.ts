// The kernel log line of a fault that kills: a user page fault with no
// handler for its SIGSEGV ("segv[305]: segfault at 0 ip ... error 6 in
// segv[...] likely on CPU 1 ..."), and the traps that kill (a divide
// error, a general protection fault), as dmesg shows them, at most 10
// every 5 s (printk_ratelimit).
// linux: arch/x86/mm/fault.c show_signal_msg, arch/x86/kernel/traps.c
// show_signal, mm/memory.c print_vma_addr, lib/ratelimit.c
//
// kernlab: ip is the statement's place in the program's text (a fault
// inside a library function shows the program's call, not libc's code),
// and show_opcodes' "Code:" line is not printed: there is no machine code.

import { cpu } from '../lang/cpu';
import type { UserFault } from '../lang/abi';
import type { Kernel } from './kernel';
import { findVma } from './mm/vma';
import { _PAGE_PRESENT, lookupPteTable } from './mm/pgtable';
import { HZ, PAGE_SIZE } from './param';
import { SEGV_ACCERR, SEGV_MAPERR, SIGFPE, SIGSEGV, SIG_DFL, SIG_IGN, SI_KERNEL } from './uapi/signal';
import type { TaskStruct } from './task';

// x86 page fault error code bits. linux: arch/x86/include/asm/trap_pf.h
const X86_PF_PROT = 1 << 0; // the page was present (a protection fault)
const X86_PF_WRITE = 1 << 1;
const X86_PF_USER = 1 << 2;
const X86_PF_INSTR = 1 << 4;

/** printk_ratelimit: DEFAULT_RATELIMIT_BURST messages every DEFAULT_RATELIMIT_INTERVAL. linux: ___ratelimit */
export class RateLimit {
  private begin = -Infinity; // jiffies the interval began
  private printed = 0;
  private missed = 0;

  constructor(
    private readonly interval = 5 * HZ,
    private readonly burst = 10,
  ) {}

  /** Whether a message may be printed at `now`; `suppressed` is told how many were not, when a new interval begins. */
  allow(now: number, suppressed: (n: number) => void): boolean {
    if (now - this.begin >= this.interval) {
      if (this.missed) suppressed(this.missed);
      this.begin = now;
      this.printed = 0;
      this.missed = 0;
    }
    if (this.printed < this.burst) {
      this.printed++;
      return true;
    }
    this.missed++;
    return false;
  }
}

/** Whether the signal would kill: no handler (or init's). linux: unhandled_signal */
function unhandled(t: TaskStruct, sig: number): boolean {
  if (t.tgid === 1) return true;
  const h = t.sighand.action[sig].handler;
  return h === SIG_DFL || h === SIG_IGN;
}

/** %px: a pointer as 16 hex digits. */
const px = (n: number): string => n.toString(16).padStart(16, '0');

/** " in NAME[START+LEN]" for the file-backed VMA at or after `ip`, or nothing. linux: print_vma_addr */
function vmaAddr(t: TaskStruct, ip: number): string {
  const vma = t.mm ? findVma(t.mm, ip) : null;
  if (!vma?.vmFile) return '';
  const path = vma.vmFile.path;
  return ` in ${path.slice(path.lastIndexOf('/') + 1)}[${vma.vmStart.toString(16)}+${(vma.vmEnd - vma.vmStart).toString(16)}]`;
}

/** The page fault's error code: user mode, write or fetch, and whether the PTE was present. */
function errorCode(k: Kernel, t: TaskStruct, f: UserFault): number {
  let code = X86_PF_USER;
  if (f.access === 'w') code |= X86_PF_WRITE;
  if (f.access === 'x') code |= X86_PF_INSTR;
  if (t.mm && t.mm.pgd >= 0) {
    const pte = lookupPteTable(k.mm.phys, t.mm.pgd, f.addr);
    if (pte >= 0 && k.mm.phys.tables[pte]![(Math.floor(f.addr / PAGE_SIZE) & 511) * 2] & _PAGE_PRESENT) code |= X86_PF_PROT;
  }
  return code;
}

/** Logs the fault `f` that task `t` takes on CPU `cpuId`, if it kills and the rate allows. */
export function showFaultMsg(k: Kernel, t: TaskStruct, f: UserFault, cpuId: number): void {
  if (!unhandled(t, f.signo) || !t.regs) return;
  let line: string;
  const ip = cpu.ip(t.regs);
  const sp = cpu.sp(t.regs);
  if (f.signo === SIGSEGV && (f.code === SEGV_MAPERR || f.code === SEGV_ACCERR)) {
    line = `${t.comm}[${t.pid}]: segfault at ${f.addr.toString(16)} ip ${px(ip)} sp ${px(sp)} error ${errorCode(k, t, f).toString(16)}${vmaAddr(t, ip)} likely on CPU ${cpuId} (core ${cpuId}, socket 0)`;
  } else if (f.signo === SIGSEGV && f.code === SI_KERNEL) {
    line = `traps: ${t.comm}[${t.pid}] general protection fault ip:${ip.toString(16)} sp:${sp.toString(16)} error:0${vmaAddr(t, ip)}`;
  } else if (f.signo === SIGFPE) {
    line = `traps: ${t.comm}[${t.pid}] trap divide error ip:${ip.toString(16)} sp:${sp.toString(16)} error:0${vmaAddr(t, ip)}`;
  } else return;
  const fn = f.signo === SIGSEGV && f.code !== SI_KERNEL ? 'show_signal_msg' : 'show_signal';
  if (!k.printkRatelimit.allow(k.jiffies, (n) => k.printk(`${fn}: ${n} callbacks suppressed\n`))) return;
  k.printk(line + '\n');
}
