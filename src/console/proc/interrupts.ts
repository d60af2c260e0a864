// /proc/interrupts: the header of online CPUs, then one row per interrupt
// source with a count per CPU. linux: kernel/irq/proc.c show_interrupts,
// arch/x86/kernel/irq.c arch_show_interrupts (6.1)
//
// Only the rows kernlab counts are printed, in Linux's order: LOC (the local
// timer: the tick of a busy CPU, a timer firing on an idle one), RES
// (reschedule IPIs), CAL (function-call IPIs: remote wake-ups queued to an
// idle CPU, TLB shootdowns) and TLB (the shootdowns among them). The
// simulated machine has no devices (no numbered IRQ lines), nor NMIs,
// spurious, perf or irq-work interrupts, so those rows are left out rather
// than printed as zeros.

import type { Kernel } from '../../kernel/kernel';
import type { IrqStat } from '../../kernel/irq_stat';

/** Width of the first column: 3 while nr_irqs < 1000, as on any machine of up to 64 CPUs. */
const PREC = 3;

/** The rows: name, counter, description. */
const ROWS: [string, (s: IrqStat) => number, string][] = [
  ['LOC', (s) => s.apicTimerIrqs, 'Local timer interrupts'],
  ['RES', (s) => s.irqReschedCount, 'Rescheduling interrupts'],
  ['CAL', (s) => s.irqCallCount, 'Function call interrupts'],
  ['TLB', (s) => s.irqTlbCount, 'TLB shootdowns'],
];

/** One arch_show_interrupts row: "%*s: " then "%10u " per CPU, then "  Name". */
function row(name: string, counts: number[], desc: string): string {
  return `${name.padStart(PREC)}: ${counts.map((n) => String(n).padStart(10) + ' ').join('')}  ${desc}\n`;
}

export function procInterrupts(k: Kernel): string {
  const stats = k.irqStat;
  // seq_printf(p, "%*s", prec + 8, ""), then "CPU%-8d" for each online CPU.
  let s = ' '.repeat(PREC + 8) + stats.map((_, c) => `CPU${String(c).padEnd(8)}`).join('') + '\n';
  for (const [name, count, desc] of ROWS) s += row(name, stats.map(count), desc);
  return s;
}
