// top: procps-ng 4.0.2's batch mode (top -b). The console is line
// oriented, so top always runs as `top -b`: -n frames (default 1, where
// real top -b runs until killed), -d seconds of simulated time between them.
//
// The per-task values are ps's (ps/row.ts: the same /proc fields procps
// reads); what is top's own is the interval: %CPU is the CPU time a task
// used since the previous sample, over the time that passed. The first
// frame is no exception: top samples every task, sleeps 0.15 s
// (LIB_USLEEP; strace shows the clock_nanosleep) and samples again
// (frame_make's "prime the pump"), so plain `top` lets 150 ticks pass. The arithmetic is top's single-precision
// float, printed as printf prints it. procps: src/top/top.c

import type { Kernel } from '../../kernel/kernel';
import { HZ, PAGE_SIZE } from '../../kernel/param';
import type { TaskStruct } from '../../kernel/task';
import { uptimeSeconds, USER_HZ } from '../clock';
import { Out, type Command, type ConsoleServices } from '../command';
import { memCounters } from '../meminfo';
import { kernelStat } from '../proc/kstat';
import { psRow, type PsRow } from '../ps/row';
import { processes, threadsOf } from '../tasks';
import { uptime } from './system';

/** top's LIB_USLEEP (150000 µs in 4.0.2): the pause between the priming sample and the first frame, in ticks. */
const PRIME_TICKS = (150_000 * HZ) / 1_000_000;
/** Most simulated time one top may run: its frames run inside the command, unsliced (a screen waits for it), so a minute, not tick's 10 000 s. */
const MAX_TICKS = 60_000;
/** Most frames one top prints (real top -b -n N has no limit; a console command must end). */
const MAX_FRAMES = 100;
/** MONPIDMAX: most PIDs -p may name. */
const MONPIDMAX = 20;
/** The width top assumes when output is not a terminal (terminfo's default columns). */
const DEFAULT_COLS = 80;

const f32 = Math.fround;

/** printf("%.Nf"): toFixed, except that an exact tie rounds to even, as glibc's printf does (toFixed rounds it up). */
function cFixed(v: number, digits: number): string {
  // A tie at `digits` decimals is an odd multiple of 2^-(digits+1): nothing else ends in an exact 5 in binary.
  const q = v * 2 ** (digits + 1);
  if (!Number.isInteger(q) || q % 2 === 0) return v.toFixed(digits);
  let n = (Math.abs(q) * 5 ** digits - 1) / 2; // |v| * 10^digits, rounded down
  if (n % 2 === 1) n += 1;
  const s = String(n).padStart(digits + 1, '0');
  return (v < 0 ? '-' : '') + (digits ? `${s.slice(0, -digits)}.${s.slice(-digits)}` : s);
}

/** What top remembers of one sample: the uptime it read, each task's CPU ticks, the CPUs' time. */
interface Sample {
  uptime: number; // /proc/uptime, seconds to 1/100
  tics: Map<number, number>; // tid → utime + stime, clock ticks (procps's history, keyed by tid)
  cpu: number[]; // /proc/stat's cpu line: cumulative clock ticks, user nice system idle iowait irq softirq steal guest guest_nice
}

/** What the command line asked for. */
interface TopOptions {
  frames: number; // -n
  delayTicks: number; // -d, in ticks
  threads: boolean; // -H
  idle: boolean; // show idle tasks (-i turns it off)
  pids: number[]; // -p
  sort: SortField; // -o
  ascending: boolean; // -o -FIELD
}

interface TopRow {
  r: PsRow;
  shrKb: number; // SHR: statm's shared pages
  delta: number; // CPU ticks since the previous sample
}

type SortField = (x: TopRow) => number | string;

/** -o FIELD: the fields kernlab can sort by, by their column names. */
const SORT_FIELDS: Record<string, SortField> = {
  PID: (x) => x.r.tid,
  PPID: (x) => x.r.ppid,
  UID: (x) => x.r.euid,
  USER: (x) => x.r.user,
  PR: (x) => x.r.priority,
  NI: (x) => x.r.nice,
  VIRT: (x) => x.r.vmSizeKb,
  RES: (x) => x.r.vmRssKb,
  SHR: (x) => x.shrKb,
  S: (x) => x.r.state,
  '%CPU': (x) => x.delta,
  '%MEM': (x) => x.r.vmRssKb,
  'TIME+': (x) => x.r.utime + x.r.stime,
  TIME: (x) => x.r.utime + x.r.stime,
  COMMAND: (x) => x.r.comm,
  PGRP: (x) => x.r.pgrp,
  SID: (x) => x.r.session,
  TGID: (x) => x.r.tgid,
  nTH: (x) => x.r.nlwp,
  P: (x) => x.r.processor,
  nMin: (x) => x.r.minFlt,
  nMaj: (x) => x.r.majFlt,
};

class TopError extends Error {}

/** getopt's message, then the newline top's bye_bye prints in batch mode; status 0, as procps 4.0.2 exits. */
class GetoptError extends Error {}

/** top -h: procps-ng 4.0.2's help text, every option of real top (kernlab's refuses the ones it lacks, by name). */
const HELP = [
  '',
  'Usage:',
  ' top [options]',
  '',
  'Options:',
  ' -b, --batch-mode                run in non-interactive batch mode',
  " -c, --cmdline-toggle            reverse last remembered 'c' state",
  ' -d, --delay =SECS [.TENTHS]     iterative delay as SECS [.TENTHS]',
  ' -E, --scale-summary-mem =SCALE  set mem as: k,m,g,t,p,e for SCALE',
  ' -e, --scale-task-mem =SCALE     set mem with: k,m,g,t,p for SCALE',
  ' -H, --threads-show              show tasks plus all their threads',
  " -i, --idle-toggle               reverse last remembered 'i' state",
  ' -n, --iterations =NUMBER        exit on maximum iterations NUMBER',
  ' -O, --list-fields               output all field names, then exit',
  ' -o, --sort-override =FIELD      force sorting on this named FIELD',
  ' -p, --pid =PIDLIST              monitor only the tasks in PIDLIST',
  " -S, --accum-time-toggle         reverse last remembered 'S' state",
  ' -s, --secure-mode               run with secure mode restrictions',
  ' -U, --filter-any-user =USER     show only processes owned by USER',
  ' -u, --filter-only-euser =USER   show only processes owned by USER',
  ' -w, --width [=COLUMNS]          change print width [,use COLUMNS]',
  " -1, --single-cpu-toggle         reverse last remembered '1' state",
  '',
  ' -h, --help                      display this help text, then exit',
  ' -V, --version                   output version information & exit',
  '',
  'For more details see top(1).',
].join('\n');

/** The command line, left to right as top's getopt loop reads it: -h and -V end it. */
function parseArgs(args: string[]): TopOptions | 'help' | 'version' {
  const o: TopOptions = { frames: 1, delayTicks: 3 * HZ, threads: false, idle: true, pids: [], sort: SORT_FIELDS['%CPU'], ascending: false };
  const LONG: Record<string, string> = {
    'batch-mode': 'b',
    delay: 'd',
    'threads-show': 'H',
    'idle-toggle': 'i',
    iterations: 'n',
    'sort-override': 'o',
    pid: 'p',
    help: 'h',
    version: 'V',
  };
  const withArg = 'dnop';
  const take = (opt: string, value: string): void => {
    switch (opt) {
      case 'd': {
        if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(value)) throw new TopError(`bad delay interval '${value}'`);
        const secs = Number(value);
        if (secs < 0) throw new TopError('-d requires positive argument');
        const ticks = Math.round(secs * HZ);
        if (!Number.isSafeInteger(ticks)) throw new TopError(`bad delay interval '${value}'`); // beyond any clock; a long but real one is refused below, with -n
        o.delayTicks = ticks;
        return;
      }
      case 'n': {
        const n = /^\+?\d+$/.test(value) ? Number(value) : NaN;
        if (!(n >= 1)) throw new TopError(`bad iterations argument '${value}'`);
        o.frames = n;
        return;
      }
      case 'o': {
        let name = value;
        o.ascending = false;
        if (name.startsWith('+')) name = name.slice(1);
        else if (name.startsWith('-')) {
          name = name.slice(1);
          o.ascending = true;
        }
        const f = SORT_FIELDS[name];
        if (!f) throw new TopError(`unrecognized field name '${name}'`);
        o.sort = f;
        return;
      }
      case 'p':
        for (const s of value.split(',')) {
          if (!/^\d+$/.test(s) || Number(s) <= 0) throw new TopError(`bad pid '${s}'`);
          if (o.pids.length >= MONPIDMAX) throw new TopError(`pid limit (${MONPIDMAX}) exceeded`);
          o.pids.push(Number(s));
        }
        return;
      case 'H':
        o.threads = true;
        return;
      case 'i':
        o.idle = !o.idle;
        return;
      default: // b: the console's top is always in batch mode
        return;
    }
  };
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a.startsWith('--')) {
      const [name, value] = a.slice(2).split(/=(.*)/s, 2);
      const opt = LONG[name];
      if (!opt) throw new GetoptError(`unrecognized option '${a}'`);
      if (opt === 'h') return 'help';
      if (opt === 'V') return 'version';
      if (withArg.includes(opt)) {
        const v = value ?? args[++i];
        if (v === undefined) throw new GetoptError(`option '--${name}' requires an argument`);
        take(opt, v);
      } else take(opt, '');
      continue;
    }
    if (!a.startsWith('-') || a === '-') throw new TopError(`unknown option '${a}'`);
    for (let j = 1; j < a.length; j++) {
      const ch = a[j];
      if (ch === 'h') return 'help';
      if (ch === 'V') return 'version';
      if (!'bdHinop'.includes(ch)) {
        if ('cEeOSsUuw1'.includes(ch)) throw new TopError(`-${ch}: kernlab's top has -b, -d, -H, -i, -n, -o and -p only`);
        throw new GetoptError(`invalid option -- '${ch}'`);
      }
      if (!withArg.includes(ch)) {
        take(ch, '');
        continue;
      }
      const v = j + 1 < a.length ? a.slice(j + 1) : args[++i];
      if (v === undefined) throw new GetoptError(`option requires an argument -- '${ch}'`);
      take(ch, v);
      break;
    }
  }
  return o;
}

/** The tasks top lists: every process (or, with -H, every thread), as /proc lists them; -p narrows them. */
function selectedRows(k: Kernel, o: TopOptions): { r: PsRow; t: TaskStruct }[] {
  const out: { r: PsRow; t: TaskStruct }[] = [];
  for (const p of processes(k)) {
    if (o.pids.length && !o.pids.includes(p.tgid)) continue;
    if (o.threads) for (const t of threadsOf(p)) out.push({ r: psRow(k, p, t), t });
    else out.push({ r: psRow(k, p, null), t: p });
  }
  return out;
}

function sample(k: Kernel, o: TopOptions): Sample {
  const tics = new Map<number, number>();
  for (const { r } of selectedRows(k, o)) tics.set(r.tid, r.utime + r.stime);
  return { uptime: uptimeSeconds(k), tics, cpu: kernelStat(k).cpu };
}

/** SHR: the third number of /proc/PID/statm (file and shmem pages), in kB. */
function shrKb(k: Kernel, t: TaskStruct): number {
  const mm = t.mm ?? t.groupLeader.mm;
  return mm ? Number(k.mm.statm(mm).split(' ')[2]) * (PAGE_SIZE / 1024) : 0;
}

// ---- formatting (top.c's make_num, scale_mem, scale_pcnt, scale_tics) ----

/** scale_mem at KiB: the largest unit that fits the width. */
function scaleMem(kb: number, width: number): string {
  let n = f32(kb);
  let s = cFixed(n, 0);
  if (s.length <= width) return s;
  for (const sfx of 'mgtp') {
    n = f32(n / 1024);
    s = `${cFixed(n, 1)}${sfx}`;
    if (s.length <= width) return s;
  }
  return '?';
}

/** scale_pcnt: one decimal if it fits, else none. */
function scalePcnt(v: number, width: number): string {
  const s = cFixed(v, 1);
  if (s.length <= width) return s;
  const w = cFixed(v, 0);
  return w.length <= width ? w : '?';
}

/** scale_tics as TICS_AS_SECS: minutes:seconds.hundredths, then coarser until it fits. */
function scaleTics(tics: number, width: number): string {
  let nt = Math.floor((tics * 100) / USER_HZ);
  const cc = nt % 100;
  nt = Math.floor(nt / 100);
  let nn = nt % 60;
  nt = Math.floor(nt / 60);
  const p2 = (x: number) => String(x).padStart(2, '0');
  for (const s of [`${nt}:${p2(nn)}.${p2(cc)}`, `${nt}:${p2(nn)}`]) if (s.length <= width) return s;
  nn = nt % 60;
  nt = Math.floor(nt / 60);
  const hours = nt;
  for (const s of [`${nt},${p2(nn)}`, `${hours}h`, `${Math.floor(hours / 24)}d`, `${Math.floor(hours / 24 / 7)}w`]) if (s.length <= width) return s;
  return '?';
}

interface Column {
  head: string;
  width: number;
  left: boolean; // left-justified (USER, COMMAND)
  text: (x: TopRow, f: FrameCtx) => string;
}

/** What a frame's rows share: the interval's scale and the limits on %CPU. */
interface FrameCtx {
  etscale: number; // Frame_etscale: 100 / (Hertz * elapsed seconds), Irix mode
  pmax: number; // Cpu_pmax
  memTotal: number; // MemTotal, kB
  varcolsz: number; // COMMAND's width
}

/** The default fields (PID USER PR NI VIRT RES SHR S %CPU %MEM TIME+ COMMAND) and their widths. */
function columns(pidWidth: number): Column[] {
  return [
    { head: 'PID', width: pidWidth, left: false, text: (x) => String(x.r.tid) },
    { head: 'USER', width: 8, left: true, text: (x) => x.r.user },
    { head: 'PR', width: 3, left: false, text: (x) => (x.r.priority < -99 || x.r.priority > 999 ? 'rt' : String(x.r.priority)) },
    { head: 'NI', width: 3, left: false, text: (x) => String(x.r.nice) },
    { head: 'VIRT', width: 7, left: false, text: (x) => scaleMem(x.r.vmSizeKb, 7) },
    { head: 'RES', width: 6, left: false, text: (x) => scaleMem(x.r.vmRssKb, 6) },
    { head: 'SHR', width: 6, left: false, text: (x) => scaleMem(x.shrKb, 6) },
    { head: 'S', width: 1, left: false, text: (x) => x.r.state },
    {
      head: '%CPU',
      width: 5,
      left: false,
      text: (x, f) => {
        let u = f32(f32(x.delta) * f.etscale);
        // A process cannot use more than its threads can (top.c, after Jaromir Capik).
        if (u > 100.0 * x.r.nlwp) u = 100.0 * x.r.nlwp;
        if (u > f.pmax) u = f.pmax;
        return scalePcnt(u, 5);
      },
    },
    { head: '%MEM', width: 5, left: false, text: (x, f) => scalePcnt(f32(f32(f32(x.r.vmRssKb) * 100) / f32(f.memTotal)), 5) },
    { head: 'TIME+', width: 9, left: false, text: (x) => scaleTics(x.r.utime + x.r.stime, 9) },
    {
      head: 'COMMAND',
      width: 0,
      left: true,
      // A name wider than the column is cut and ends in '+' (make_str).
      text: (x, f) => (x.r.comm.length <= f.varcolsz ? x.r.comm : x.r.comm.slice(0, Math.max(0, f.varcolsz - 1)) + '+'),
    },
  ];
}

/**
 * calibrate_fields: each field with its trailing space while it fits the
 * screen; COMMAND takes what is left.
 */
function fitColumns(cols: Column[], screenCols: number): { shown: Column[]; varcolsz: number } {
  const shown: Column[] = [];
  let used = 0;
  for (const c of cols) {
    const len = (c.width || c.head.length) + 1;
    if (screenCols < used + len) break;
    used += len;
    shown.push(c);
  }
  const varcolsz = screenCols - used + 'COMMAND'.length;
  return { shown, varcolsz };
}

const cell = (s: string, c: Column, f: FrameCtx): string => {
  const w = c.width || f.varcolsz;
  return c.left ? s.padEnd(w) : s.padStart(w);
};

/** One frame, as top -b writes it: the summary, a blank line, the header and a line per task (no newline after the last). */
function frame(c: ConsoleServices, o: TopOptions, prev: Sample, cur: Sample): string {
  const k = c.k;
  const screenCols = c.columns > 0 ? c.columns : DEFAULT_COLS;
  const up = new Out();
  uptime.run(c, ['uptime'], up, null); // top's first line is uptime's (procps_uptime_sprint in both)
  let s = `top -${up.text.replace(/\n$/, '')}\n`;

  const tasks = selectedRows(k, o);
  let running = 0;
  let stopped = 0;
  let zombie = 0;
  for (const { r } of tasks) {
    if (r.state === 'R') running++;
    else if (r.state === 'T' || r.state === 't') stopped++;
    else if (r.state === 'Z') zombie++;
  }
  const n3 = (v: number) => String(v).padStart(3);
  const sleeping = tasks.length - running - stopped - zombie; // S, D and I alike
  s += `${o.threads ? 'Threads' : 'Tasks'}: ${n3(tasks.length)} total, ${n3(running)} running, ${n3(sleeping)} sleeping, ${n3(stopped)} stopped, ${n3(zombie)} zombie\n`;

  // cpus_refresh/sum_tics: each category's share of the interval's ticks
  // (negative deltas count as 0, TRIMz); the total leaves out guest and
  // guest_nice, already inside user and nice.
  const [us, ni, sy, id, wa, hi, si, st] = cur.cpu.map((v, i) => Math.max(0, v - prev.cpu[i]));
  let idle = id;
  let tot = us + ni + sy + id + wa + hi + si + st;
  if (tot < 1) idle = tot = 1;
  const scale = f32(100.0 / f32(tot));
  const pc = (v: number) => cFixed(f32(f32(v) * scale), 1).padStart(5);
  s += `%Cpu(s):${pc(us)} us,${pc(sy)} sy,${pc(ni)} ni,${pc(idle)} id,${pc(wa)} wa,${pc(hi)} hi,${pc(si)} si,${pc(st)} st \n`;

  // do_memory: MiB, "%#.1f " in 9 columns; used is total - available (procps 4.0's meminfo).
  const m = memCounters(k);
  const mib = (kb: number) => {
    let b = `${cFixed(f32(kb) / 1024, 1)} `;
    if (b.length > 9) b = b.slice(0, 8) + '+';
    return b.padStart(9);
  };
  s += `MiB Mem : ${mib(m.total)}total, ${mib(m.free)}free, ${mib(m.total - m.available)}used, ${mib(m.cached)}buff/cache     \n`;
  s += `MiB Swap: ${mib(0)}total, ${mib(0)}free, ${mib(0)}used. ${mib(m.available)}avail Mem \n`;

  // procs_refresh: the elapsed time, and each task's ticks since the last sample (all of them for a new task).
  let et = f32(cur.uptime - prev.uptime);
  if (et < 0.01) et = f32(0.005);
  const ncpu = k.rqs.length;
  let pmax = f32(99.9);
  if (ncpu > 1 && !o.threads) pmax = Math.min(100.0 * ncpu, ncpu > 10 ? 99999.0 : 999.9);
  const pidWidth = Math.max(5, String(k.pids.pidMax - 1).length);
  const { shown, varcolsz } = fitColumns(columns(pidWidth), screenCols);
  const f: FrameCtx = { etscale: f32(100 / f32(f32(USER_HZ) * et)), pmax, memTotal: m.total, varcolsz };
  let rows: TopRow[] = tasks.map(({ r, t }) => {
    const tics = r.utime + r.stime;
    return { r, shrKb: shrKb(k, t), delta: tics - (prev.tics.get(r.tid) ?? 0) };
  });
  const dir = o.ascending ? 1 : -1;
  rows = rows.slice().sort((a, b) => {
    const x = o.sort(a);
    const y = o.sort(b);
    return x < y ? -dir : x > y ? dir : 0;
  }); // stable: ties stay in /proc order, as glibc's merge sort leaves them
  if (!o.idle) rows = rows.filter((x) => x.delta > 0); // -i: only tasks that used CPU since the last frame

  // The summary is cut at the screen's width (show_special); the task lines lose their trailing blanks (PUFF).
  s = s
    .split('\n')
    .map((line) => line.slice(0, screenCols))
    .join('\n');
  const trim = (line: string) => line.replace(/ +$/, '');
  s += '\n' + trim(shown.map((col) => cell(col.head, col, f)).join(' '));
  for (const x of rows) s += '\n' + trim(shown.map((col) => cell(col.text(x, f), col, f)).join(' '));
  return s;
}

/** The simulated time one top lets pass: the priming pause, then the delay before each later frame. */
function ticksOf(o: TopOptions): number {
  return (o.frames - 1) * o.delayTicks + PRIME_TICKS;
}

/**
 * The ticks `top ARGS` would run inside the command (its frames cannot
 * be cut into slices as `tick N` can), or null when top refuses its
 * options. The classroom server checks this before letting top run.
 */
export function topTicks(argv: string[]): number | null {
  try {
    const o = parseArgs(argv.slice(1));
    if (typeof o === 'string') return 0;
    return o.frames > MAX_FRAMES ? null : ticksOf(o);
  } catch (e) {
    if (e instanceof TopError || e instanceof GetoptError) return null;
    throw e;
  }
}

function runTop(c: ConsoleServices, argv: string[], out: Out): number {
  let o: TopOptions | 'help' | 'version';
  try {
    o = parseArgs(argv.slice(1));
  } catch (e) {
    if (e instanceof GetoptError) {
      out.line(`top: ${e.message}`);
      out.line();
      return 0;
    }
    if (!(e instanceof TopError)) throw e;
    out.line(`top: ${e.message}`);
    return 1;
  }
  if (o === 'help') {
    out.line(HELP);
    return 0;
  }
  if (o === 'version') {
    out.line('top from procps-ng 4.0.2');
    return 0;
  }
  if (o.frames > MAX_FRAMES) {
    out.line(`top: -n ${o.frames}: kernlab's top prints at most ${MAX_FRAMES} frames`);
    return 1;
  }
  if (ticksOf(o) > MAX_TICKS) {
    out.line(`top: -n ${o.frames} frames ${o.delayTicks / HZ} s apart: more than kernlab lets one top run (${MAX_TICKS / HZ} s)`);
    return 1;
  }
  let prev = sample(c.k, o);
  c.runTicks(PRIME_TICKS);
  for (let i = 0; i < o.frames; i++) {
    if (i > 0) {
      out.write('\n\n');
      c.runTicks(o.delayTicks);
    }
    const cur = sample(c.k, o);
    out.write(frame(c, o, prev, cur));
    prev = cur;
  }
  out.write('\n'); // bye_bye's newline after the last frame
  return 0;
}

export const top: Command = {
  name: 'top',
  summary: 'the busiest tasks, CPU and memory (procps-ng 4.0.2 top -b)',
  usage: 'top [-b] [-n FRAMES] [-d SECS] [-p PID,...] [-H] [-i] [-o [+|-]FIELD]',
  details: [
    'The console shows lines, not a live screen: top prints batch frames (top -b) and returns, one frame unless -n says more.',
    "Like procps's top, the first frame measures %CPU over 0.15 s (it samples, sleeps, samples again), so top lets 150 ticks pass;",
    '-d SECS (default 3) of simulated time pass between frames. %CPU is per CPU (Irix mode: a task spinning on one CPU shows 100.0).',
    '-p PID,... only those processes; -H one line per thread; -i only tasks that ran; -o FIELD sorts by a column',
    '(PID, USER, PR, NI, VIRT, RES, SHR, S, %CPU, %MEM, TIME+, COMMAND, ...; -FIELD low to high). The default sort is %CPU.',
  ].join(' '),
  run: (c, argv, out) => runTop(c, argv, out),
  complete: (c, before, word) => {
    const prev = before[before.length - 1];
    if (prev === '-o') return Object.keys(SORT_FIELDS).filter((x) => x.startsWith(word));
    if (prev === '-p')
      return processes(c.k)
        .map((p) => String(p.pid))
        .filter((x) => x.startsWith(word));
    if (word.startsWith('-')) return ['-b', '-n', '-d', '-p', '-H', '-i', '-o', '-h', '-V'].filter((x) => x.startsWith(word));
    return [];
  },
};

