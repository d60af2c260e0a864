// Per-CPU interrupt statistics: the local APIC timer and the IPIs one CPU
// sends another, as /proc/interrupts prints them (LOC, RES, CAL, TLB).
// linux: arch/x86/include/asm/hardirq.h irq_cpustat_t, arch/x86/kernel/smp.c
// (the IPI handlers), arch/x86/kernel/apic/apic.c local_apic_timer_interrupt
//
// Each count is taken by the CPU that receives the interrupt, as the
// handler's inc_irq_stat() does. kernlab's idle loop halts (hlt, as with no
// cpuidle driver): an idle CPU never polls need_resched, so every wake-up
// of another CPU costs an IPI.

import type { Kernel } from './kernel';

/** linux: irq_cpustat_t (the fields kernlab counts) */
export class IrqStat {
  apicTimerIrqs = 0; // LOC: local APIC timer interrupts (the tick, a timer expiring on an idle CPU)
  irqReschedCount = 0; // RES: reschedule IPIs received (sysvec_reschedule_ipi)
  irqCallCount = 0; // CAL: function-call IPIs received (sysvec_call_function{,_single}), TLB shootdowns included
  irqTlbCount = 0; // TLB: remote TLB flushes run (flush_tlb_func on a CPU that did not ask for it)
  lastTimerIrq = -1; // jiffy of the last LOC: the tick and the timers due with it share one interrupt
}

/**
 * linux: sysvec_apic_timer_interrupt — `cpu`'s local APIC timer fired at
 * this jiffy (at most once: the tick and any timer due then are one
 * interrupt; the lapic is programmed for the earliest event).
 */
export function localApicTimerInterrupt(k: Kernel, cpu: number): void {
  const s = k.irqStat[cpu];
  if (s.lastTimerIrq === k.jiffies) return;
  s.lastTimerIrq = k.jiffies;
  s.apicTimerIrqs++;
}

/** linux: smp_send_reschedule — the RESCHEDULE_VECTOR IPI to `cpu`. */
export function smpSendReschedule(k: Kernel, cpu: number): void {
  k.irqStat[cpu].irqReschedCount++;
}

/** linux: send_call_function_single_ipi — the CALL_FUNCTION_SINGLE_VECTOR IPI to `cpu` (a queued remote wake-up). */
export function sendCallFunctionSingleIpi(k: Kernel, cpu: number): void {
  k.irqStat[cpu].irqCallCount++;
}

/**
 * The receiving side of a TLB shootdown: the call-function IPI
 * (smp_call_function_many → irq_call_count) runs flush_tlb_func, which
 * counts irq_tlb_count. Both rows grow. linux: arch/x86/mm/tlb.c flush_tlb_func
 */
export function flushTlbFuncRemote(s: IrqStat): void {
  s.irqCallCount++;
  s.irqTlbCount++;
}
