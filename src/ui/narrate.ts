// Kernel events in words, for the --plain line mode (screen readers) and
// for anyone who wants to follow a run as a story: "zp (305) forked 306",
// "306 exited with status 0: a zombie until its parent reaps it".
//
// Narration happens as the events are emitted (a kernel event listener
// runs synchronously), so the tasks named still exist and their names can
// be read. Frequent, uneventful events (scheduling, demand paging, TLB
// hits) are left out; what a player causes or must notice is told.

import { commOf } from '../console/tasks';
import type { Stamped } from '../kernel/events';
import type { Kernel } from '../kernel/kernel';
import { SEGV_ACCERR, SEGV_MAPERR, SIGCONT, SI_KERNEL, signalName } from '../kernel/uapi/signal';
import { hex } from './text';

/** Names of tasks seen so far, so a task already released can still be named. */
export type NameCache = Map<number, string>;

/** Who a pid is: "zp (305)"; from the cache when the task is gone; else "305". */
function whoIs(k: Kernel, pid: number, names?: NameCache): string {
  if (pid === 0) return 'the kernel';
  const t = k.findTask(pid);
  if (t) {
    names?.set(pid, commOf(t));
    return `${commOf(t)} (${pid})`;
  }
  const n = names?.get(pid);
  return n ? `${n} (${pid})` : String(pid);
}

/** A wait status in words. */
function statusWords(status: number): string {
  const sig = status & 0x7f;
  if (sig === 0) return `exited with status ${(status >> 8) & 0xff}`;
  if (sig === 0x7f) return 'stopped';
  return `was killed by ${signalName(sig)}${status & 0x80 ? ' (core dumped)' : ''}`;
}

/**
 * One event as a sentence, or null for events not worth telling.
 * Must be called while the event is being emitted (from a listener);
 * `names` remembers tasks named so far (a reaped zombie is gone by then).
 */
export function narrate(k: Kernel, e: Stamped, names?: NameCache): string | null {
  const who = (k2: Kernel, pid: number): string => whoIs(k2, pid, names);
  switch (e.type) {
    case 'fork': {
      if (e.kthread) return `kthreadd created kernel thread ${who(k, e.child)}`;
      if (e.thread) return `${who(k, e.pid)} created thread ${e.child} (same process, tgid ${k.findTask(e.child)?.tgid ?? e.pid})`;
      return `${who(k, e.pid)} ${e.vfork ? 'vforked' : 'forked'} child ${e.child}${e.vfork ? ' and waits until it execs or exits' : ''}`;
    }
    case 'fork-failed':
      return `fork failed in ${who(k, e.pid)}: ${e.errno}`;
    case 'exec':
      return `${who(k, e.pid)} executed ${e.path}`;
    case 'exit': {
      const what = statusWords(e.status);
      if (e.pid !== e.tgid) return `thread ${e.pid} of process ${e.tgid} ${what}`;
      const parent = k.findTask(e.pid)?.realParent;
      return e.zombie
        ? `${who(k, e.pid)} ${what}: now a zombie (Z) until its parent${parent ? ', ' + who(k, parent.pid) + ',' : ''} reaps it`
        : `${who(k, e.pid)} ${what}`;
    }
    case 'reap':
      return e.auto ? `${who(k, e.pid)} was reaped at once (its parent ignores SIGCHLD)` : `${who(k, e.by)} reaped ${who(k, e.pid)}`;
    case 'reparent':
      return `${who(k, e.pid)} lost its parent ${e.from} and was reparented to ${who(k, e.to)}`;
    case 'signal': {
      const sig = signalName(e.signo);
      switch (e.action) {
        case 'queued':
          // force_sigsegv (no room for a signal frame) and #GP (a non-canonical address) give no address.
          if (e.signo === 11 && e.code === SI_KERNEL) return `${sig} for ${who(k, e.pid)} from the kernel (SI_KERNEL, no address)`;
          if (e.signo === 11 || e.signo === 7) {
            const why = e.code === SEGV_MAPERR ? 'no mapping there, SEGV_MAPERR' : e.code === SEGV_ACCERR ? 'permission denied, SEGV_ACCERR' : `code ${e.code}`;
            return `${sig} for ${who(k, e.pid)} at address ${hex(e.addr)} (${why})`;
          }
          return `${sig} sent to ${who(k, e.pid)} by ${who(k, e.from)}`;
        case 'handler':
          return `${who(k, e.pid)} runs its ${sig} handler`;
        case 'term':
          return `${who(k, e.pid)} is terminated by ${sig}`;
        case 'core':
          return `${who(k, e.pid)} is terminated by ${sig} (core dump)`;
        case 'stop':
          return `${who(k, e.pid)} is stopped by ${sig} (T)`;
        case 'cont':
          return `${who(k, e.pid)} continues (${sig})`;
        case 'ignored':
          // SIGCONT's default action is "ignore": its effect, continuing a
          // stopped process, happened when it was sent (the continue event).
          if (e.signo === SIGCONT) return null;
          return `${who(k, e.pid)} ignores ${sig}`;
        default:
          return null;
      }
    }
    case 'continue':
      return `${who(k, e.pid)} continues: SIGCONT woke it from the stopped state (T)`;
    case 'kthread':
      switch (e.what) {
        case 'create':
          return `kthread_create: ${who(k, e.pid)} waits for wake_up_process`;
        case 'wake':
          return `wake_up_process: ${who(k, e.pid)} is running`;
        case 'should-stop':
          return `${who(k, e.pid)}: kthread_should_stop() is true`;
        case 'stopped':
          return `kernel thread ${who(k, e.pid)} stopped (result ${e.result})`;
        default:
          return null;
      }
    case 'pid-wrap':
      return `PIDs wrapped around at pid_max ${e.pidMax}: the next PIDs start again from the bottom`;
    case 'nice':
      return `${who(k, e.pid)} now has nice ${e.nice}`;
    case 'affinity':
      return `${who(k, e.pid)} may now run on CPUs ${e.mask}`;
    case 'subreaper':
      return `${who(k, e.pid)} is ${e.on ? 'now' : 'no longer'} a child subreaper`;
    case 'pagefault':
      switch (e.kind) {
        case 'cow-copy':
          return `${who(k, e.pid)} wrote to a copy-on-write page at ${hex(e.addr)}: the page was copied`;
        case 'cow-reuse':
          return `${who(k, e.pid)} wrote to a copy-on-write page at ${hex(e.addr)}: no one else maps it, reused in place`;
        case 'maperr':
          return `${who(k, e.pid)} faulted at ${hex(e.addr)} (${e.access === 'w' ? 'write' : e.access === 'x' ? 'execute' : 'read'}): no VMA covers it`;
        case 'accerr':
          return `${who(k, e.pid)} faulted at ${hex(e.addr)} (${e.access === 'w' ? 'write' : e.access === 'x' ? 'execute' : 'read'}): the VMA does not allow it`;
        default:
          return null;
      }
    case 'vma':
      if (e.op === 'mprotect' || e.op === 'munmap') return `${e.op} on ${who(k, e.pid)}: ${hex(e.start)}-${hex(e.end)}${e.op === 'mprotect' ? ' now ' + e.prot : ''}`;
      return null;
    case 'oom':
      return e.trigger === e.pid ? `out of memory: the OOM killer picked ${who(k, e.pid)}` : `out of memory in a page fault of ${who(k, e.trigger)}: the OOM killer picked ${who(k, e.pid)}, the biggest process`;
    case 'printk':
      return `kernel: ${e.text}`;
    default:
      return null;
  }
}
