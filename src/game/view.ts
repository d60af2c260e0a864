// What goals, hints and templates see of a running level: the kernel, the
// labelled programs, the events since the level began, and the console's
// output. Templates like {pid:parent} or {page:victim.buf} are filled in
// from live state, so hints and solutions work whatever PIDs and addresses
// a seed produced.

import type { Image } from '../lang/abi';
import type { Stamped } from '../kernel/events';
import type { Kernel } from '../kernel/kernel';
import { PAGE_SIZE } from '../kernel/param';
import type { TaskStruct } from '../kernel/task';

/** Events too frequent to keep for goals (they are counted, not stored). */
const NOISY = new Set(['switch', 'walk', 'sleep', 'wakeup']);

/** A {kind:label.sym+offset} template in a level's text (see GameView.fill). */
export const TEMPLATE = /\{(\w+):([\w.-]+?)(?:([+-])(0x[0-9a-fA-F]+|\d+))?\}/g;

export class GameView {
  /** Label → pid of the task started for it. */
  readonly labels = new Map<string, number>();
  /** Label → the image it was started with (for symbol addresses). */
  readonly images = new Map<string, Image>();
  /** Label → wait status once it exited. */
  readonly exits = new Map<string, number>();
  /** Events since the level began, minus the noisy kinds. */
  readonly events: Stamped[] = [];
  /** Everything programs wrote to stdout and stderr since the level began. */
  output = '';
  /** What the player gave with `answer`, in order. */
  readonly answers: string[] = [];
  /** Tick at which the level began. */
  readonly start: number;

  constructor(readonly k: Kernel) {
    this.start = k.jiffies;
    k.tty.listen((c) => {
      if (c.stream === 'stdout' || c.stream === 'stderr') this.output += c.text;
    });
    k.events.listen((e) => {
      if (!NOISY.has(e.type)) this.events.push(e);
      if (e.type === 'exit') {
        for (const [label, pid] of this.labels) if (pid === e.pid) this.exits.set(label, e.status);
      }
    });
  }

  /** Ticks since the level began. */
  get ticks(): number {
    return this.k.jiffies - this.start;
  }

  label(name: string, t: TaskStruct): void {
    this.labels.set(name, t.pid);
    if (t.regs) this.images.set(name, t.regs.image);
    else if (t.kthread) this.images.set(name, t.kthread.image);
  }

  /** The task started for `label`, if it still exists. */
  task(label: string): TaskStruct | undefined {
    const pid = this.labels.get(label);
    return pid === undefined ? undefined : this.k.findTask(pid);
  }

  /** The address of global `sym` in the program started for `label`. */
  symbolAddress(label: string, sym: string): number | undefined {
    const t = this.task(label);
    const img = t?.regs?.image ?? this.images.get(label);
    const s = img?.prog.symbols.find((x) => x.name === sym);
    if (!img || !s) return undefined;
    const base = { text: img.textBase, rodata: img.rodataBase, data: img.dataBase, bss: img.bssBase }[s.section];
    return base + s.offset;
  }

  /** The si_addr of the last SIGSEGV sent to the task of `label`. */
  lastSegvAddr(label: string): number | undefined {
    const pid = this.labels.get(label);
    for (let i = this.events.length - 1; i >= 0; i--) {
      const e = this.events[i];
      if (e.type === 'signal' && e.signo === 11 && e.pid === pid && e.action === 'queued') return e.addr;
    }
    return undefined;
  }

  /** The template kinds fill() knows; each takes a label first. */
  static readonly TEMPLATE_KINDS: readonly string[] = ['pid', 'ppid', 'tgid', 'comm', 'cpu', 'thread_cpus', 'addr', 'page', 'pt_indices', 'segv_addr', 'segv_page'];

  /**
   * Fills in {kind:arg} templates: pid, ppid, tgid, comm, cpu (of a label),
   * thread_cpus (the CPUs of a label's other threads, increasing),
   * addr and page (of label.symbol; page is rounded down to 4 KiB),
   * pt_indices (the PGD PUD PMD PTE indices of label.symbol),
   * segv_addr and segv_page (the last fault of a label). A number may be
   * offset: {page:x.buf+4096}, {segv_page:x-0x1000}. Unknown values show
   * as <... unknown>, so a hint never lies.
   */
  fill(text: string): string {
    return text.replace(TEMPLATE, (_whole, kind: string, arg: string, sign?: string, off?: string) => {
      const v = this.value(kind, arg);
      if (v === undefined) return `<${kind} of ${arg} unknown>`;
      if (!sign) return v;
      // {page:x.buf+4096}: an offset from a numeric value, in its base.
      const n = Number(v) + (sign === '+' ? 1 : -1) * Number(off);
      return v.startsWith('0x') ? '0x' + n.toString(16) : String(n);
    });
  }

  private value(kind: string, arg: string): string | undefined {
    const hex = (n: number | undefined) => (n === undefined ? undefined : '0x' + n.toString(16));
    const [label, sym] = arg.split('.');
    switch (kind) {
      case 'pid':
        return this.labels.get(label)?.toString();
      case 'ppid':
        return this.task(label)?.realParent?.tgid.toString();
      case 'tgid':
        return this.task(label)?.tgid.toString();
      case 'comm':
        return this.task(label)?.comm;
      case 'cpu':
        return this.task(label)?.cpu.toString();
      case 'thread_cpus': {
        // The CPUs of the label's other threads, in increasing order.
        const t = this.task(label);
        if (!t) return undefined;
        const cpus = new Set(t.signal.threads.filter((x) => x !== t).map((x) => x.cpu));
        return [...cpus].sort((a, b) => a - b).join(' ');
      }
      case 'addr':
        return hex(this.symbolAddress(label, sym));
      case 'page': {
        const a = this.symbolAddress(label, sym);
        return hex(a === undefined ? undefined : a - (a % PAGE_SIZE));
      }
      case 'pt_indices': {
        // The four 9-bit page-table indices of the address (PGD PUD PMD PTE).
        const a = this.symbolAddress(label, sym);
        if (a === undefined) return undefined;
        return [39, 30, 21, 12].map((shift) => Math.floor(a / 2 ** shift) % 512).join(' ');
      }
      case 'segv_addr':
        return hex(this.lastSegvAddr(label));
      case 'segv_page': {
        const a = this.lastSegvAddr(label);
        return hex(a === undefined ? undefined : a - (a % PAGE_SIZE));
      }
      default:
        return undefined;
    }
  }
}
