// /proc/interrupts: the header of online CPUs, then one row per interrupt
// source with a count per CPU. linux: kernel/irq/proc.c show_interrupts,
// arch/x86/kernel/irq.c arch_show_interrupts (6.1)
//
// Only the rows kernlab counts are printed: TLB, the shootdown IPIs each
// CPU received (flush_tlb_func's irq_tlb_count). The simulated machine has
// no devices (no numbered IRQ lines); the local timer (LOC), rescheduling
// (RES) and function-call (CAL) interrupts are not counted per CPU by the
// kernel, so their rows are left out rather than made up.

import type { Kernel } from '../../kernel/kernel';

/** Width of the first column: 3 while nr_irqs < 1000, as on any machine of up to 64 CPUs. */
const PREC = 3;

/** One arch_show_interrupts row: "TLB: " then "%10u " per CPU, then "  Name". */
function row(name: string, counts: number[], desc: string): string {
  return `${name.padStart(PREC)}: ${counts.map((n) => String(n).padStart(10) + ' ').join('')}  ${desc}\n`;
}

export function procInterrupts(k: Kernel): string {
  const cpus = [...Array(k.config.cpus).keys()];
  // seq_printf(p, "%*s", prec + 8, ""), then "CPU%-8d" for each online CPU.
  let s = ' '.repeat(PREC + 8) + cpus.map((c) => `CPU${String(c).padEnd(8)}`).join('') + '\n';
  s += row('TLB', cpus.map((c) => k.mm.tlbStats(c).shootdowns), 'TLB shootdowns');
  return s;
}
