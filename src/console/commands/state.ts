// state: the machine at a glance; `state --json` the whole of it as one
// JSON object with a fixed key order (tasks, runqueues, address spaces,
// TLBs with each CPU's interrupt counts), for tests, levels and tools. Two
// kernels with the same seed and the same commands print the same text.

import type { Kernel } from '../../kernel/kernel';
import { PF_EXITING, PF_FORKNOEXEC, PF_IDLE, PF_KTHREAD, PF_NOFREEZE, PF_NO_SETAFFINITY, PF_POSTCOREDUMP, PF_RANDOMIZE, PF_SIGNALED, PF_SUPERPRIV, taskStateConst } from '../../kernel/task';
import type { MmStruct } from '../../kernel/mm/mm_types';
import type { SchedEntity } from '../../kernel/task';
import type { Command } from '../command';
import { memCounters } from '../meminfo';
import { mmJson, tlbStats } from '../mm-view';
import { allTasks, ppidOf, stateLetter } from '../tasks';

const PF_NAMES: [number, string][] = [
  [PF_IDLE, 'PF_IDLE'],
  [PF_EXITING, 'PF_EXITING'],
  [PF_POSTCOREDUMP, 'PF_POSTCOREDUMP'],
  [PF_FORKNOEXEC, 'PF_FORKNOEXEC'],
  [PF_SUPERPRIV, 'PF_SUPERPRIV'],
  [PF_SIGNALED, 'PF_SIGNALED'],
  [PF_NOFREEZE, 'PF_NOFREEZE'],
  [PF_KTHREAD, 'PF_KTHREAD'],
  [PF_RANDOMIZE, 'PF_RANDOMIZE'],
  [PF_NO_SETAFFINITY, 'PF_NO_SETAFFINITY'],
];

function flagNames(flags: number): string[] {
  const out: string[] = [];
  let rest = flags >>> 0;
  for (const [bit, name] of PF_NAMES) {
    if (rest & bit) {
      out.push(name);
      rest &= ~bit;
    }
  }
  if (rest) out.push('0x' + (rest >>> 0).toString(16));
  return out;
}

/** The machine as a plain object; key order is the output order. */
export function machineState(k: Kernel): object {
  const tasks = allTasks(k);
  const mms = new Map<MmStruct, number[]>();
  // mm and anon_vma ids are display numbers from global counters; number
  // them here by first appearance so two machines run alike print alike.
  const mmNo = new Map<MmStruct, number>();
  const no = (mm: MmStruct | null): number | null => {
    if (!mm) return null;
    let n = mmNo.get(mm);
    if (n === undefined) mmNo.set(mm, (n = mmNo.size + 1));
    return n;
  };
  for (const t of tasks) {
    no(t.mm);
    if (!t.mm) continue;
    const l = mms.get(t.mm);
    if (l) l.push(t.pid);
    else mms.set(t.mm, [t.pid]);
  }
  const anonNo = new Map<number, number>();
  const mmView = (mm: MmStruct, pids: number[]): object => {
    const j = mmJson(k, mm) as { id?: number; vmas?: { anonVma: number | null }[] };
    for (const v of j.vmas ?? []) {
      if (v.anonVma === null) continue;
      let n = anonNo.get(v.anonVma);
      if (n === undefined) anonNo.set(v.anonVma, (n = anonNo.size + 1));
      v.anonVma = n;
    }
    return { pids, ...j, id: no(mm) };
  };
  return {
    jiffies: k.jiffies,
    cpus: k.config.cpus,
    nr_threads: k.nrThreads,
    total_forks: k.totalForks,
    pid_max: k.pids.pidMax,
    last_pid: k.pids.nextPid - 1,
    tasks: tasks.map((t) => ({
      pid: t.pid,
      tgid: t.tgid,
      ppid: ppidOf(t),
      state: stateLetter(t),
      state_name: taskStateConst(t),
      comm: t.comm,
      cpu: t.cpu,
      on_cpu: t.onCpu,
      nice: t.nice,
      prio: t.prio,
      flags: flagNames(t.flags),
      threads: t.signal.nrThreads,
      uid: t.uid,
      pgrp: t.signal.pgrp,
      session: t.signal.session,
      minflt: t.minFlt,
      utime_ns: t.utime,
      stime_ns: t.stime,
      vruntime: t.se.vruntime,
      cpus_allowed: '0x' + t.cpusAllowed.toString(16),
      wchan: t.wchan,
      mm: no(t.mm),
      active_mm: no(t.activeMm),
      exit_code: t.exitCode,
      subreaper: t.signal.isChildSubreaper,
    })),
    rqs: k.rqs.map((rq) => {
      const queue: SchedEntity[] = rq.cfs.timeline.toArray();
      return {
        cpu: rq.cpu,
        curr: rq.curr === rq.idle ? 0 : rq.curr.pid,
        curr_comm: rq.curr.comm,
        queue: queue.map((se) => ({ pid: se.task.pid, vruntime: se.vruntime })),
        nr_running: rq.nrRunning,
        load: rq.cfs.load,
        min_vruntime: rq.cfs.minVruntime,
        nr_switches: rq.nrSwitches,
      };
    }),
    mms: [...mms.entries()].map(([mm, pids]) => mmView(mm, pids)),
    // Each CPU's TLB, and the interrupts it took (/proc/interrupts' LOC, RES, CAL, TLB).
    tlb: k.rqs.map((rq) => {
      const s = k.irqStat[rq.cpu];
      const irq_stat = { apic_timer_irqs: s.apicTimerIrqs, irq_resched_count: s.irqReschedCount, irq_call_count: s.irqCallCount, irq_tlb_count: s.irqTlbCount };
      return { cpu: rq.cpu, ...tlbStats(k, rq.cpu), irq_stat };
    }),
  };
}

/** The human summary. */
function summary(k: Kernel): string {
  const tasks = allTasks(k);
  const counts = new Map<string, number>();
  for (const t of tasks) counts.set(stateLetter(t), (counts.get(stateLetter(t)) ?? 0) + 1);
  const names: Record<string, string> = { R: 'running', S: 'sleeping', D: 'uninterruptible', T: 'stopped', t: 'traced', Z: 'zombie', X: 'dead', I: 'idle', P: 'parked' };
  const parts = [...counts.entries()].sort((a, b) => b[1] - a[1]).map(([l, n]) => `${n} ${names[l] ?? l}`);
  let s = `jiffies ${k.jiffies} (${(k.jiffies / 1000).toFixed(3)} s), ${k.config.cpus} CPU${k.config.cpus > 1 ? 's' : ''}, ${tasks.length} tasks: ${parts.join(', ')}\n`;
  for (const rq of k.rqs) {
    const curr = rq.curr === rq.idle ? 'idle' : `${rq.curr.comm}(${rq.curr.pid})`;
    const q = rq.cfs.timeline
      .toArray()
      .map((se) => `${se.task.comm}(${se.task.pid})`)
      .join(' ');
    s += `cpu${rq.cpu}: curr ${curr}, nr_running ${rq.nrRunning}${q ? `, queue ${q}` : ''}\n`;
  }
  const m = memCounters(k);
  const mmCount = new Set(tasks.filter((t) => t.mm).map((t) => t.mm)).size;
  s += `memory: ${m.free} kB free of ${m.total} kB, ${mmCount} address spaces\n`;
  return s;
}

export const state: Command = {
  name: 'state',
  summary: 'the machine in brief; --json: every task, runqueue, mm and TLB',
  usage: 'state [--json]',
  run(c, argv, out) {
    if (argv.length > 2 || (argv[1] !== undefined && argv[1] !== '--json')) {
      out.line('state: usage: state [--json]');
      return 2;
    }
    if (argv[1] === '--json') out.line(JSON.stringify(machineState(c.k)));
    else out.write(summary(c.k));
    return 0;
  },
};
