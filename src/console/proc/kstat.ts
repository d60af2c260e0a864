// /proc/stat: the machine's CPU time by category (all CPUs, then each),
// interrupts, context switches, boot time, forks and the running and
// blocked counts. linux: fs/proc/stat.c show_stat (6.1),
// include/linux/kernel_stat.h
//
// The CPU times are the scheduler tick's (sched/cputime.ts), in USER_HZ
// clock ticks, except idle: with NO_HZ, get_idle_time reads the idle time
// the tick-sched code measures on each entry to and exit from idle
// (get_cpu_idle_time_us), not the ticks, so idle is the runqueue's exact
// idle time, to the microsecond (the same as /proc/uptime's). `intr` is the total, as on x86 made of arch_irq_stat_cpu
// (the LOC, RES, CAL and TLB rows of /proc/interrupts: TLB shootdowns
// count twice, under CAL and TLB, as Linux sums them); Linux goes on with
// one count per numbered IRQ line, and the simulated machine has none, so
// the line stops at the total. procs_blocked is nr_iowait(): tasks asleep
// on I/O, of which kernlab has none (no disk), so it is 0 even with tasks in
// D. kernlab counts no softirqs: that line is zeros.

import type { Kernel } from '../../kernel/kernel';
import * as C from '../../kernel/sched/cputime';
import type { Rq } from '../../kernel/sched/rq';
import { BOOT_EPOCH, nsecToClockT } from '../clock';

/** The softirqs (NR_SOFTIRQS): HI TIMER NET_TX NET_RX BLOCK IRQ_POLL TASKLET SCHED HRTIMER RCU. */
const NR_SOFTIRQS = 10;

/** What /proc/stat says, as procps reads it: times in clock ticks. */
export interface KernelStat {
  cpu: number[]; // all CPUs: user nice system idle iowait irq softirq steal guest guest_nice
  cpus: number[][]; // the same, per CPU
  intr: number; // interrupts since boot
  ctxt: number; // context switches since boot
  btime: number; // boot time, seconds since 1970
  processes: number; // forks since boot
  procsRunning: number; // nr_running(): runnable tasks, the running ones included
  procsBlocked: number; // nr_iowait()
}

/** show_stat's order of the cpu line's fields (not enum cpu_usage_stat's). */
const SHOW_ORDER = [
  C.CPUTIME_USER,
  C.CPUTIME_NICE,
  C.CPUTIME_SYSTEM,
  C.CPUTIME_IDLE,
  C.CPUTIME_IOWAIT,
  C.CPUTIME_IRQ,
  C.CPUTIME_SOFTIRQ,
  C.CPUTIME_STEAL,
  C.CPUTIME_GUEST,
  C.CPUTIME_GUEST_NICE,
];

/** The cpu line's ten fields from kcpustat ns, as show_stat converts them (nsec_to_clock_t of each sum). */
function clockTicks(ns: ArrayLike<number>): number[] {
  return SHOW_ORDER.map((i) => nsecToClockT(ns[i]));
}

/** One CPU's kcpustat, idle as get_idle_time reads it on a NO_HZ kernel: get_cpu_idle_time_us, in µs. */
function cpuTimes(rq: Rq): Float64Array {
  const ns = Float64Array.from(rq.cpustat);
  ns[C.CPUTIME_IDLE] = Math.floor(rq.idleNs / 1000) * 1000;
  return ns;
}

/** The numbers of /proc/stat now. */
export function kernelStat(k: Kernel): KernelStat {
  const sum = new Float64Array(C.NR_STATS);
  let intr = 0;
  let ctxt = 0;
  let running = 0;
  const cpus: number[][] = [];
  for (const rq of k.rqs) {
    const ns = cpuTimes(rq);
    for (let i = 0; i < C.NR_STATS; i++) sum[i] += ns[i];
    cpus.push(clockTicks(ns));
    const s = k.irqStat[rq.cpu];
    intr += s.apicTimerIrqs + s.irqReschedCount + s.irqCallCount + s.irqTlbCount; // arch_irq_stat_cpu
    ctxt += rq.nrSwitches; // nr_context_switches
    running += rq.nrRunning;
  }
  return {
    cpu: clockTicks(sum),
    cpus,
    intr,
    ctxt,
    btime: BOOT_EPOCH,
    processes: k.totalForks,
    procsRunning: running,
    procsBlocked: 0,
  };
}

/** The text of /proc/stat. */
export function procStat(k: Kernel): string {
  const st = kernelStat(k);
  let s = `cpu  ${st.cpu.join(' ')}\n`; // "cpu " then " %llu" per field
  st.cpus.forEach((c, i) => (s += `cpu${i} ${c.join(' ')}\n`));
  s += `intr ${st.intr}\n`;
  s += `ctxt ${st.ctxt}\n`;
  s += `btime ${st.btime}\n`;
  s += `processes ${st.processes}\n`;
  s += `procs_running ${st.procsRunning}\n`;
  s += `procs_blocked ${st.procsBlocked}\n`;
  s += `softirq 0${' 0'.repeat(NR_SOFTIRQS)}\n`;
  return s;
}
