// Kernel self-checks, in the spirit of Linux's CONFIG_DEBUG_VM (VM_BUG_ON,
// mm/debug.c), CONFIG_SCHED_DEBUG's runqueue sanity checks and
// CONFIG_DEBUG_PAGEALLOC: walk the whole machine and report every broken
// invariant of the scheduler, the process tree and memory.
//
// Pure and read-only: it changes no kernel state (not even find_vma's
// cache), so a machine checked after every tick runs exactly as one that is
// not. `checkInvariants` returns the violations as text; `assertInvariants`
// panics on the first tick that has any (what MachineConfig.debugChecks
// does after every tick). Tests run it after every tick of randomised
// workloads (test/kernel/invariants.test.ts).
//
// The transient states the kernel documents and allows (each is noted
// where it is checked):
//  - the running task may have left TASK_RUNNING (it blocked in a call and
//    schedule() comes at its next turn): it stays queued until then;
//  - a task preempted right after set_current_state() stays queued (SM_PREEMPT);
//  - an idle CPU may have a queued task while the wake-up IPI is in flight
//    (its rq clock is then ahead of the end of the tick);
//  - a CPU in lazy TLB mode that skipped a shootdown (mmu.stale) may hold
//    stale entries: it flushes before it uses the mm again;
//  - a running task whose affinity no longer allows its CPU leaves it at
//    its next schedule() (need_resched is set);
//  - a task released while current (an autoreaped thread, one de_thread
//    killed) runs on as TASK_DEAD until its CPU switches away, holding its
//    active_mm (mm_count) as a lazy borrower would;
//  - lowering pid_max leaves existing PIDs above it (only new PIDs are
//    checked); a stack VMA that grew down to a neighbour stays unmerged.
// mm_users has no transient users here (Linux's get_task_mm callers: none).

import type { Kernel } from '../kernel';
import { NSEC_PER_TICK } from '../param';
import { cpuAllowed } from '../sched/core';
import { EXIT_DEAD, EXIT_ZOMBIE, PF_EXITING, PF_KTHREAD, TASK_DEAD, TASK_INTERRUPTIBLE, TASK_RUNNING, type SchedEntity, type TaskStruct } from '../task';
import type { MmStruct, VmAreaStruct } from '../mm/mm_types';
import { MM_ANONPAGES, MM_FILEPAGES, MM_SHMEMPAGES } from '../mm/mm_types';
import { PG_ANON, PG_FILE, PG_PAGETABLE, PG_RESERVED, RESERVED_LOW_FRAMES, ZERO_PFN } from '../mm/page_alloc';
import {
  LEVEL_SPAN,
  _PAGE_DIRTY,
  _PAGE_NX_HI,
  _PAGE_PRESENT,
  _PAGE_PROTNONE,
  _PAGE_RW,
  _PAGE_SPECIAL,
  _PAGE_USER,
  entryPfn,
} from '../mm/pgtable';
import { VM_EXEC, VM_GROWSDOWN, VM_SHARED, VM_SPECIAL, VM_WRITE, vmaAccessible } from '../mm/mm';
import { checkMm, isMergeableAnonVma, isMergeableVma } from '../mm/vma';
import { TLB_D, TLB_NX, TLB_W } from '../mm/tlb';
import type { Inode } from '../mm/filemap';
import { PAGE_SIZE } from '../param';

/** What the checker remembers between two checks of one machine (min_vruntime must not go back). */
export interface InvariantState {
  minVruntime: number[]; // each rq's cfs.min_vruntime at the last check
  seen: WeakSet<TaskStruct>; // tasks an earlier check saw (their PIDs were checked against pid_max then)
}

const stateOf = new WeakMap<Kernel, InvariantState>();

/** Every broken invariant of the machine, one line each (empty: all hold). */
export function checkInvariants(k: Kernel): string[] {
  const out: string[] = [];
  const tasks = allTasks(k, out);
  checkSched(k, tasks, out);
  checkProcesses(k, tasks, out);
  checkMemory(k, tasks, out);
  return out;
}

/** Panics (throws) with every broken invariant, as VM_BUG_ON would on the first. */
export function assertInvariants(k: Kernel): void {
  const v = checkInvariants(k);
  if (v.length) throw new Error(`kernel invariants broken at tick ${k.jiffies}:\n  ${v.slice(0, 20).join('\n  ')}`);
}

const who = (t: TaskStruct): string => `${t.pid}(${t.comm})`;

/**
 * Every task the machine still knows of: the pid hash, the idle tasks, the
 * tasks running on a CPU and those queued on a runqueue (a task released
 * from the pid hash must be on neither).
 */
function allTasks(k: Kernel, out: string[]): Set<TaskStruct> {
  const s = new Set<TaskStruct>(k.tasks.values());
  for (const rq of k.rqs) {
    s.add(rq.idle);
    if (!k.tasks.has(rq.curr.pid) || k.tasks.get(rq.curr.pid) !== rq.curr) {
      // A task that exited and was released runs until it switches away (TASK_DEAD).
      if (rq.curr !== rq.idle && rq.curr.state !== TASK_DEAD) out.push(`sched: cpu${rq.cpu} runs ${who(rq.curr)}, released but not TASK_DEAD`);
    }
    s.add(rq.curr);
    rq.cfs.timeline.forEach((se) => {
      if (k.tasks.get(se.task.pid) !== se.task) out.push(`sched: ${who(se.task)} queued on cpu${rq.cpu} but not in the pid hash`);
      s.add(se.task);
    });
  }
  return s;
}

// ---- the scheduler ----

function checkSched(k: Kernel, tasks: Set<TaskStruct>, out: string[]): void {
  let st = stateOf.get(k);
  if (!st) {
    st = { minVruntime: k.rqs.map((rq) => rq.cfs.minVruntime), seen: new WeakSet() };
    stateOf.set(k, st);
  }
  const queuedOn = new Map<SchedEntity, number>();
  const tickEnd = k.jiffies * NSEC_PER_TICK;
  for (const rq of k.rqs) {
    const cfs = rq.cfs;
    const cpu = rq.cpu;
    let load = 0;
    let n = 0;
    cfs.timeline.forEach((se) => {
      n++;
      load += se.loadWeight;
      const other = queuedOn.get(se);
      if (other !== undefined) out.push(`sched: ${who(se.task)} queued on cpu${other} and cpu${cpu}`);
      queuedOn.set(se, cpu);
      const t = se.task;
      if (!se.onRq) out.push(`sched: ${who(t)} in cpu${cpu}'s timeline without on_rq`);
      if (t.cpu !== cpu) out.push(`sched: ${who(t)} queued on cpu${cpu} but task_cpu is ${t.cpu}`);
      if (t.onCpu) out.push(`sched: ${who(t)} in cpu${cpu}'s timeline while running`);
      if (!cpuAllowed(t, cpu)) out.push(`sched: ${who(t)} queued on cpu${cpu}, outside its cpus_allowed ${t.cpusAllowed.toString(16)}`);
      if (t.isIdle) out.push(`sched: idle task queued on cpu${cpu}`);
    });
    const curr = rq.curr;
    if (curr.cpu !== cpu) out.push(`sched: cpu${cpu} runs ${who(curr)} whose task_cpu is ${curr.cpu}`);
    if (!curr.onCpu) out.push(`sched: cpu${cpu} runs ${who(curr)} without on_cpu`);
    if (curr !== rq.idle) {
      // The running entity is out of the tree (set_next_entity) and cfs_rq->curr.
      if (cfs.curr !== curr.se) out.push(`sched: cpu${cpu}: cfs_rq->curr is not the running task ${who(curr)}`);
      if (curr.se.onRq) {
        n++;
        load += curr.se.loadWeight;
        queuedOn.set(curr.se, cpu);
      } else if (curr.state === TASK_RUNNING) out.push(`sched: cpu${cpu} runs ${who(curr)}, TASK_RUNNING but not on_rq`);
      // Affinity changed under a running task: it leaves the CPU at its next schedule() (resched set).
      if (!cpuAllowed(curr, cpu) && !curr.needResched) out.push(`sched: cpu${cpu} runs ${who(curr)} outside its cpus_allowed ${curr.cpusAllowed.toString(16)}`);
    } else {
      if (cfs.curr !== null) out.push(`sched: cpu${cpu} is idle but cfs_rq->curr is ${who(cfs.curr.task)}`);
      // Idle with work queued only while the wake-up IPI is in flight (the CPU's clock is past the tick).
      if (cfs.nrRunning > 0 && rq.clock <= tickEnd) out.push(`sched: cpu${cpu} runs idle with ${cfs.nrRunning} task(s) queued`);
    }
    if (cfs.nrRunning !== n) out.push(`sched: cpu${cpu} nr_running ${cfs.nrRunning}, counted ${n}`);
    if (cfs.load !== load) out.push(`sched: cpu${cpu} load ${cfs.load}, sum of weights ${load}`);
    if (cfs.minVruntime < st.minVruntime[cpu]) out.push(`sched: cpu${cpu} min_vruntime went back from ${st.minVruntime[cpu]} to ${cfs.minVruntime}`);
    st.minVruntime[cpu] = cfs.minVruntime;
  }
  for (const t of tasks) {
    if (t.isIdle) continue;
    const queued = queuedOn.has(t.se);
    if (t.se.onRq !== queued) out.push(`sched: ${who(t)} on_rq=${t.se.onRq} but ${queued ? '' : 'not '}queued`);
    const running = k.rqs[t.cpu]?.curr === t;
    if (t.onCpu !== running) out.push(`sched: ${who(t)} on_cpu=${t.onCpu} but ${running ? '' : 'not '}cpu${t.cpu}'s curr`);
    if (t.cpu < 0 || t.cpu >= k.rqs.length) out.push(`sched: ${who(t)} task_cpu ${t.cpu} out of range`);
    if (running) continue;
    if (t.state === TASK_RUNNING && !t.exitState && !queued) out.push(`sched: ${who(t)} TASK_RUNNING but on no runqueue`);
    // A task preempted between set_current_state() and schedule() stays queued (SM_PREEMPT).
    if (t.state !== TASK_RUNNING && queued && !t.preempted) out.push(`sched: ${who(t)} in state 0x${t.state.toString(16)} but queued on cpu${queuedOn.get(t.se)}`);
    if (t.exitState && queued) out.push(`sched: exited ${who(t)} still queued`);
    // A signal wakes an interruptible sleeper (signal_wake_up), and schedule() never puts one to sleep with a signal pending.
    if (t.state === TASK_INTERRUPTIBLE && t.sigpending && !queued && !(t.flags & PF_KTHREAD)) out.push(`sched: ${who(t)} asleep (S) with a signal pending: lost wake-up`);
  }
}

// ---- processes ----

function checkProcesses(k: Kernel, tasks: Set<TaskStruct>, out: string[]): void {
  const st = stateOf.get(k)!;
  const init = k.tasks.get(1);
  if (!init || init !== k.init || init.exitState) out.push('proc: init (PID 1) is not alive');
  if (k.nrThreads !== k.tasks.size) out.push(`proc: nr_threads ${k.nrThreads} but ${k.tasks.size} tasks`);
  if (k.pids.inUse !== k.tasks.size) out.push(`proc: ${k.pids.inUse} PIDs in use for ${k.tasks.size} tasks`);
  for (const [pid, t] of k.tasks) {
    if (t.pid !== pid) out.push(`proc: pid hash maps ${pid} to ${who(t)}`);
    if (!k.pids.isUsed(pid)) out.push(`proc: ${who(t)} has a PID the allocator thinks free`);
    // A new PID is below pid_max; lowering pid_max leaves existing PIDs above it (as on Linux).
    if (pid <= 0 || (!st.seen.has(t) && pid >= k.pids.pidMax)) out.push(`proc: new ${who(t)} outside 1..pid_max-1 (${k.pids.pidMax})`);
    st.seen.add(t);
    if (t.exitState & EXIT_DEAD && !(t.exitState & EXIT_ZOMBIE)) {
      // EXIT_DEAD tasks are released at once (release_task) except while wait4 reaps them.
      out.push(`proc: ${who(t)} is EXIT_DEAD but still in the pid hash`);
    }
  }
  for (const t of tasks) {
    if (t.isIdle) continue;
    if (!k.tasks.has(t.pid)) continue; // a released task running its last instructions (checked in allTasks)
    const leader = t.groupLeader;
    // Thread group: one tgid (the leader's pid), one signal_struct, one mm.
    if (t.tgid !== leader.pid) out.push(`proc: ${who(t)} tgid ${t.tgid} but its leader is ${who(leader)}`);
    if (leader.signal !== t.signal) out.push(`proc: ${who(t)} and its leader have different signal_structs`);
    if (!t.signal.threads.includes(t)) out.push(`proc: ${who(t)} missing from its thread list`);
    if (k.tasks.get(leader.pid) !== leader) out.push(`proc: ${who(t)}'s leader ${who(leader)} is not in the pid hash`);
    if (!t.exitState && !leader.exitState && t.mm !== leader.mm) out.push(`proc: thread ${who(t)} has another mm than its leader`);
    if (t.isKthread && t.mm) out.push(`proc: kthread ${who(t)} has an mm`);
    const parent = t.realParent;
    if (t === k.init || t === k.kthreadd) continue;
    if (!parent) {
      out.push(`proc: ${who(t)} has no parent`);
      continue;
    }
    if (k.tasks.get(parent.pid) !== parent) out.push(`proc: ${who(t)}'s parent ${who(parent)} is not in the pid hash`);
    else if (parent.exitState & EXIT_DEAD) out.push(`proc: ${who(t)}'s parent ${who(parent)} is dead`);
    if (t.isLeader) {
      if (!parent.children.has(t)) out.push(`proc: ${who(t)} is not among its parent ${who(parent)}'s children`);
    } else if (parent !== leader.realParent) out.push(`proc: thread ${who(t)}'s parent differs from its leader's`);
    if (t.exitState === EXIT_ZOMBIE && t.isLeader && !k.tasks.has(parent.pid)) out.push(`proc: zombie ${who(t)} has no parent`);
  }
  for (const t of k.tasks.values()) {
    for (const c of t.children) {
      if (c.realParent !== t) out.push(`proc: ${who(c)} is a child of ${who(t)} whose real_parent is ${c.realParent ? who(c.realParent) : 'null'}`);
      if (k.tasks.get(c.pid) !== c) out.push(`proc: child ${who(c)} of ${who(t)} not in the pid hash`);
      if (!c.isLeader) out.push(`proc: thread ${who(c)} on ${who(t)}'s children list`);
    }
  }
  // vfork: a parent waits while its child still has vfork_done pointing at it.
  for (const t of k.tasks.values()) {
    const p = t.vforkDone;
    if (p && (!p.vforkWaiting || k.tasks.get(p.pid) !== p)) out.push(`proc: vfork child ${who(t)}'s parent ${who(p)} is not waiting for it`);
    if (t.vforkWaiting && ![...k.tasks.values()].some((c) => c.vforkDone === t)) out.push(`proc: ${who(t)} waits in vfork for no child`);
  }
  // Futex waiters: live tasks, each queued once under the key it waits on.
  const queued = new Set<TaskStruct>();
  for (const [key, q] of k.futexes.queues) {
    for (const t of q) {
      if (queued.has(t)) out.push(`futex: ${who(t)} queued twice`);
      queued.add(t);
      if (t.futexKey !== key) out.push(`futex: ${who(t)} queued on ${key} but waits on '${t.futexKey}'`);
      if (k.tasks.get(t.pid) !== t || t.exitState) out.push(`futex: ${who(t)} queued on ${key} but gone`);
    }
  }
  const seenSignals = new Set<object>();
  for (const t of k.tasks.values()) {
    const sig = t.signal;
    if (seenSignals.has(sig)) continue;
    seenSignals.add(sig);
    if (sig.nrThreads !== sig.threads.length) out.push(`proc: ${who(t)}'s group has nr_threads ${sig.nrThreads} for ${sig.threads.length} threads`);
    const live = sig.threads.filter((th) => !(th.flags & PF_EXITING)).length;
    if (sig.live !== live) out.push(`proc: ${who(t)}'s group has live ${sig.live} for ${live} threads not exiting`);
    for (const th of sig.threads) if (k.tasks.get(th.pid) !== th) out.push(`proc: ${who(th)} in ${who(t)}'s thread list but not in the pid hash`);
  }
}

// ---- memory ----

/** Per-frame use found by walking every live page table. */
interface FrameUse {
  ptes: Int32Array; // PTEs mapping the frame
  tables: Int32Array; // page-table entries (or CR3 owners) pointing at the frame as a table
}

const frameUses = new WeakMap<Kernel, FrameUse>();

/** The machine's per-frame counters, zeroed (kept between checks: a check after every tick allocates nothing big). */
function frameUse(k: Kernel): FrameUse {
  let use = frameUses.get(k);
  if (!use) {
    use = { ptes: new Int32Array(k.mm.phys.nrFrames), tables: new Int32Array(k.mm.phys.nrFrames) };
    frameUses.set(k, use);
  } else {
    use.ptes.fill(0);
    use.tables.fill(0);
  }
  return use;
}

function checkMemory(k: Kernel, tasks: Set<TaskStruct>, out: string[]): void {
  const ms = k.mm;
  // Every mm referenced from anywhere, and what references it.
  const users = new Map<MmStruct, number>();
  const borrows = new Map<MmStruct, number>();
  const mms = new Set<MmStruct>();
  for (const t of tasks) {
    if (t.mm) {
      mms.add(t.mm);
      users.set(t.mm, (users.get(t.mm) ?? 0) + 1);
      if (t.activeMm !== t.mm) out.push(`mm: ${who(t)} has active_mm other than its mm`);
    } else if (t.activeMm) {
      // A kernel thread (or idle, or an exited task not yet switched away) on a borrowed mm holds mm_count.
      mms.add(t.activeMm);
      borrows.set(t.activeMm, (borrows.get(t.activeMm) ?? 0) + 1);
    }
  }
  for (const rq of k.rqs) {
    if (rq.prevMm) {
      mms.add(rq.prevMm);
      borrows.set(rq.prevMm, (borrows.get(rq.prevMm) ?? 0) + 1);
    }
  }
  for (const mmu of ms.mmus) if (mmu.mm) mms.add(mmu.mm);
  for (const mm of mms) {
    const u = users.get(mm) ?? 0;
    const b = borrows.get(mm) ?? 0;
    if (mm.dead) {
      out.push(`mm: #${mm.id} is freed but still referenced (${u} users, ${b} lazy borrowers)`);
      continue;
    }
    if (mm.mmUsers !== u) out.push(`mm: #${mm.id} mm_users ${mm.mmUsers}, but ${u} tasks use it`);
    const expect = (mm.mmUsers > 0 ? 1 : 0) + b;
    if (mm.mmCount !== expect) out.push(`mm: #${mm.id} mm_count ${mm.mmCount}, expected ${expect} (users ${mm.mmUsers}, lazy borrowers ${b})`);
    if (mm.mmUsers === 0 && mm.mapCount) out.push(`mm: #${mm.id} has no users but ${mm.mapCount} VMAs`);
  }
  const use = frameUse(k);
  const liveShmem = new Set<Inode>();
  for (const mm of mms) if (!mm.dead) checkMm1(k, mm, use, liveShmem, out);
  checkFrames(k, use, liveShmem, out);
  checkTlbs(k, out);
}

/** The VMA containing addr in a sorted array, or null (no find_vma: it would update the cache). */
function vmaAt(vmas: VmAreaStruct[], addr: number): VmAreaStruct | null {
  let lo = 0;
  let hi = vmas.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const v = vmas[mid];
    if (addr < v.vmStart) hi = mid - 1;
    else if (addr >= v.vmEnd) lo = mid + 1;
    else return v;
  }
  return null;
}

function checkMm1(k: Kernel, mm: MmStruct, use: FrameUse, liveShmem: Set<Inode>, out: string[]): void {
  const phys = k.mm.phys;
  const id = `mm #${mm.id}`;
  try {
    checkMm(mm);
  } catch (e) {
    out.push(`mm: ${id}: ${(e as Error).message}`);
    return;
  }
  const vmas = mm.vmas();
  let pages = 0;
  for (let i = 0; i < vmas.length; i++) {
    const v = vmas[i];
    pages += v.pages;
    if (v.vmFile?.inode.shmem) liveShmem.add(v.vmFile.inode);
    const n = vmas[i + 1];
    // Two neighbours vma_merge would have made one (same flags, file and
    // anon_vma, contiguous pgoff). Not for the stack: a VM_GROWSDOWN VMA
    // that grows down to a neighbour does not merge with it (expand_downwards).
    // Linux leaves unmerged neighbours after a failed munmap too (the first
    // split stays): the workloads do not make that happen.
    if (
      n &&
      v.vmEnd === n.vmStart &&
      !(n.vmFlags & VM_GROWSDOWN) &&
      !(v.vmFlags & VM_SPECIAL) &&
      isMergeableVma(v, n.vmFile, n.vmFlags, n.name) &&
      v.name === null &&
      v.vmPgoff + v.pages === n.vmPgoff &&
      isMergeableAnonVma(n.anonVma, n, v) &&
      (v.anonVma === n.anonVma || !v.anonVma || !n.anonVma)
    )
      out.push(`mm: ${id}: VMAs ${hx(v.vmStart)}-${hx(v.vmEnd)} and ${hx(n.vmStart)}-${hx(n.vmEnd)} ${flagsHex(v.vmFlags)} should have merged`);
  }
  if (mm.totalVm !== pages) out.push(`mm: ${id}: total_vm ${mm.totalVm} but the VMAs hold ${pages} pages`);
  if (mm.pgd < 0 || !(phys.flags[mm.pgd] & PG_PAGETABLE)) {
    out.push(`mm: ${id}: PGD ${mm.pgd} is not a page-table frame`);
    return;
  }
  use.tables[mm.pgd]++;
  const rss = [0, 0, 0, 0];
  const hint: { vma: VmAreaStruct | null } = { vma: null };
  let tables = 0;
  const walk = (pfn: number, level: number, base: number): void => {
    const t = phys.tables[pfn];
    if (!t) {
      out.push(`mm: ${id}: level-${level} table frame ${pfn} has no entries array`);
      return;
    }
    const span = LEVEL_SPAN[level];
    for (let i = 0; i < 1024; i += 2) {
      if ((t[i] | t[i + 1]) === 0) continue;
      const lo = t[i];
      const hi = t[i + 1];
      const va = base + (i >> 1) * span;
      if (level === 3) {
        checkPte(k, id, vmas, va, lo, hi, use, rss, hint, out);
        continue;
      }
      const child = entryPfn(lo, hi);
      if (!(lo & _PAGE_PRESENT)) out.push(`mm: ${id}: non-present level-${level} entry at ${hx(va)}`);
      else if (child >= phys.nrFrames || !(phys.flags[child] & PG_PAGETABLE)) out.push(`mm: ${id}: level-${level} entry at ${hx(va)} points to frame ${child}, not a page table`);
      else {
        use.tables[child]++;
        tables++;
        walk(child, level + 1, va);
      }
    }
  };
  walk(mm.pgd, 0, 0);
  if (mm.pgtablesBytes !== tables * PAGE_SIZE) out.push(`mm: ${id}: VmPTE ${mm.pgtablesBytes} bytes for ${tables} tables`);
  for (const i of [MM_FILEPAGES, MM_ANONPAGES, MM_SHMEMPAGES]) {
    if (mm.rssStat[i] !== rss[i]) out.push(`mm: ${id}: rss_stat[${i}] ${mm.rssStat[i]} but ${rss[i]} PTEs`);
  }
}

function checkPte(
  k: Kernel,
  id: string,
  vmas: VmAreaStruct[],
  va: number,
  lo: number,
  hi: number,
  use: FrameUse,
  rss: number[],
  hint: { vma: VmAreaStruct | null },
  out: string[],
): void {
  const phys = k.mm.phys;
  const pfn = entryPfn(lo, hi);
  // PTEs come in address order: the last VMA found is the likeliest.
  let vma = hint.vma;
  if (!vma || va < vma.vmStart || va >= vma.vmEnd) vma = hint.vma = vmaAt(vmas, va);
  if (!vma) {
    out.push(`mm: ${id} PTE ${hx(va)} maps frame ${pfn} outside any VMA`);
    return;
  }
  const flags = vma.vmFlags;
  const bad = (what: string): number => out.push(`mm: ${id} PTE ${hx(va)} ${what}`);
  if (lo & _PAGE_PRESENT) {
    if (!vmaAccessible(flags)) bad(`present under a PROT_NONE VMA`);
    if (!(lo & _PAGE_USER)) bad(`without _PAGE_USER`);
    if (lo & _PAGE_RW && !(flags & VM_WRITE)) bad(`writable in a VMA without VM_WRITE (${flagsHex(flags)})`);
    if (!(hi & _PAGE_NX_HI) && !(flags & VM_EXEC)) bad(`executable in a VMA without VM_EXEC`);
  } else if (lo & _PAGE_PROTNONE) {
    if (vmaAccessible(flags)) bad(`PROT_NONE entry under an accessible VMA`);
  } else {
    bad(`non-present entry 0x${hi.toString(16)}${lo.toString(16).padStart(8, '0')}`);
    return;
  }
  if (lo & _PAGE_SPECIAL) {
    if (pfn !== ZERO_PFN) bad(`special entry for frame ${pfn}, not the zero page`);
    if (lo & _PAGE_RW) bad(`maps the zero page writable`);
    if (vma.vmFile) bad(`maps the zero page in a file VMA`);
    return;
  }
  if (pfn < RESERVED_LOW_FRAMES || pfn >= phys.nrFrames || phys.refcount[pfn] <= 0) {
    bad(`maps frame ${pfn}, which is free or reserved`);
    return;
  }
  use.ptes[pfn]++;
  const f = phys.flags[pfn];
  if (f & PG_ANON) {
    rss[MM_ANONPAGES]++;
    // A private writable PTE must be its frame's only mapping (else a write would skip COW).
    if (lo & _PAGE_RW && !(flags & VM_SHARED) && phys.refcount[pfn] !== 1) bad(`writable but its anonymous frame ${pfn} is shared (refcount ${phys.refcount[pfn]})`);
    if (flags & VM_SHARED) bad(`anonymous frame in a shared VMA`);
  } else if (f & PG_FILE) {
    rss[vma.vmFile?.inode.shmem ? MM_SHMEMPAGES : MM_FILEPAGES]++;
    if (lo & _PAGE_RW && !(flags & VM_SHARED)) bad(`page-cache frame ${pfn} writable in a private VMA`);
    if (!vma.vmFile && vma.name !== '[vdso]') bad(`page-cache frame ${pfn} in an anonymous VMA`);
    if (vma.vmFile && vma.vmFile.inode.pages.get(vma.vmPgoff + (va - vma.vmStart) / PAGE_SIZE) !== pfn)
      bad(`maps frame ${pfn}, not the page cache's page of its file offset`);
  } else bad(`maps frame ${pfn} of kind 0x${f.toString(16)}`);
}

/** Each frame's refcount and mapcount against what maps it; leaked frames. */
function checkFrames(k: Kernel, use: FrameUse, liveShmem: Set<Inode>, out: string[]): void {
  const phys = k.mm.phys;
  const shmemPages = new Set<number>();
  for (const inode of liveShmem) for (const pfn of inode.pages.values()) shmemPages.add(pfn);
  let reported = 0;
  const bad = (s: string): void => {
    if (reported++ < 20) out.push(s);
  };
  const flags = phys.flags;
  const refcount = phys.refcount;
  const mapcount = phys.mapcount;
  for (let pfn = RESERVED_LOW_FRAMES; pfn < phys.nrFrames; pfn++) {
    const f = flags[pfn];
    const ref = refcount[pfn];
    const map = mapcount[pfn];
    const ptes = use.ptes[pfn];
    if ((f | ref | map | ptes | use.tables[pfn]) === 0) continue; // free
    if (f & PG_RESERVED) bad(`page: frame ${pfn} reserved above the low frames`);
    if (f & PG_PAGETABLE) {
      if (ref !== 1) bad(`page: table frame ${pfn} refcount ${ref}`);
      if (use.tables[pfn] !== 1) bad(`page: table frame ${pfn} used by ${use.tables[pfn]} live page-table entries (leaked if 0)`);
    } else if (use.tables[pfn]) bad(`page: frame ${pfn} (kind 0x${f.toString(16)}) used as a page table`);
    if (f & PG_ANON) {
      if (ref !== ptes || map !== ptes) bad(`page: anonymous frame ${pfn} refcount ${ref} mapcount ${map}, mapped by ${ptes} PTEs${ptes ? '' : ' (leaked)'}`);
    } else if (f & PG_FILE) {
      // The page cache holds one reference of its own.
      if (map !== ptes || ref !== ptes + 1) bad(`page: page-cache frame ${pfn} refcount ${ref} mapcount ${map}, mapped by ${ptes} PTEs`);
      const owner = phys.owner[pfn] ?? '';
      if (owner.includes('(deleted)') && !shmemPages.has(pfn)) bad(`page: shmem frame ${pfn} (${owner}) belongs to no live mapping (leaked)`);
    } else if (!(f & PG_PAGETABLE)) {
      if (ref !== 0 || map !== 0 || ptes !== 0) bad(`page: free frame ${pfn} refcount ${ref} mapcount ${map}, mapped by ${ptes} PTEs`);
    }
  }
  if (phys.refcount[ZERO_PFN] !== 1) bad(`page: zero page refcount ${phys.refcount[ZERO_PFN]}`);
  if (reported > 20) out.push(`page: ... and ${reported - 20} more frames`);
}

/** A software page walk: [pfn, lo, hi] of the PTE mapping addr, or null. */
function walkPte(k: Kernel, mm: MmStruct, addr: number): [number, number, number] | null {
  const phys = k.mm.phys;
  let pfn = mm.pgd;
  const vpn = Math.floor(addr / PAGE_SIZE);
  const idx = [Math.floor(vpn / 134217728) & 511, Math.floor(vpn / 262144) & 511, Math.floor(vpn / 512) & 511, vpn & 511];
  for (let level = 0; level < 4; level++) {
    const t = phys.tables[pfn];
    if (!t) return null;
    const lo = t[idx[level] * 2];
    const hi = t[idx[level] * 2 + 1];
    if (!(lo & _PAGE_PRESENT)) return null;
    pfn = entryPfn(lo, hi);
    if (level === 3) return [pfn, lo, hi];
  }
  return null;
}

/**
 * TLBs: each CPU has the mm of its task in CR3 (a kernel thread its
 * active_mm), and no TLB entry translates differently, or with more rights,
 * than a page walk would now — unless the CPU is lazy and marked stale.
 */
function checkTlbs(k: Kernel, out: string[]): void {
  for (const rq of k.rqs) {
    const mmu = k.mm.mmus[rq.cpu];
    const curr = rq.curr;
    const cpu = `cpu${rq.cpu}`;
    if (curr.mm) {
      if (mmu.mm !== curr.mm) out.push(`tlb: ${cpu} runs ${who(curr)} with mm #${curr.mm.id} but CR3 holds ${mmu.mm ? `mm #${mmu.mm.id}` : 'nothing'}`);
      else if (mmu.lazy) out.push(`tlb: ${cpu} runs user task ${who(curr)} in lazy TLB mode`);
    } else if (curr.activeMm && mmu.mm !== curr.activeMm) out.push(`tlb: ${cpu} runs ${who(curr)} on active_mm #${curr.activeMm.id} but CR3 holds ${mmu.mm ? `mm #${mmu.mm.id}` : 'nothing'}`);
    const mm = mmu.mm;
    if (!mm) continue;
    if (!mm.cpumask[rq.cpu]) out.push(`tlb: ${cpu} has mm #${mm.id} in CR3 but not in its mm_cpumask`);
    if (mm.dead) {
      out.push(`tlb: ${cpu} has freed mm #${mm.id} in CR3`);
      continue;
    }
    if (mmu.lazy && mmu.stale) continue; // flushed before the mm is used again
    const tlb = mmu.tlb;
    for (let i = 0; i < tlb.size; i++) {
      const vpn = tlb.tag[i];
      if (vpn !== vpn) continue;
      const pte = walkPte(k, mm, vpn * PAGE_SIZE);
      const p = tlb.perm[i];
      const at = `tlb: ${cpu} entry ${hx(vpn * PAGE_SIZE)} -> frame ${tlb.pfn[i]} (mm #${mm.id})`;
      if (!pte) out.push(`${at}: no present PTE`);
      else if (pte[0] !== tlb.pfn[i]) out.push(`${at}: the PTE maps frame ${pte[0]}`);
      else {
        if (p & TLB_W && !(pte[1] & _PAGE_RW)) out.push(`${at}: writable, the PTE is not`);
        if (p & TLB_D && !(pte[1] & _PAGE_DIRTY)) out.push(`${at}: dirty, the PTE is clean`);
        if (!(p & TLB_NX) && pte[2] & _PAGE_NX_HI) out.push(`${at}: executable, the PTE is NX`);
      }
    }
  }
}

function hx(x: number): string {
  return '0x' + x.toString(16);
}

function flagsHex(f: number): string {
  return 'flags 0x' + f.toString(16);
}
