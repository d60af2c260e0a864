// vmstat: procps-ng 4.0.2's report of processes, memory, swap, I/O,
// interrupts and CPU time (the default "new format"). procps: src/vmstat.c
// new_format, new_header
//
// The first line is the average since boot, as vmstat computes it: the
// rates of `in` and `cs` are over all CPUs' ticks (its Div is the sum of
// /proc/stat's cpu line, not the seconds since boot, so on N CPUs they are
// per CPU-second). Each later line comes DELAY seconds of simulated time
// later and gives that interval: deltas of /proc/stat (proc/kstat.ts) over
// DELAY. What the model lacks is 0: swap (swpd si so), block I/O (bi bo,
// pgpgin/pgpgout), steal and guest time, and b (procs_blocked counts tasks
// waiting on I/O). r counts only the machine's tasks: the console's vmstat
// is no task, where a real vmstat counts itself.

import { HZ } from '../../kernel/param';
import { Out, type Command, type ConsoleServices } from '../command';
import { memCounters } from '../meminfo';
import { kernelStat, type KernelStat } from '../proc/kstat';
import { USER_HZ } from '../clock';

/** Most simulated time one vmstat may run: its lines run inside the command (as top's), so a minute. */
const MAX_TICKS = 60_000;
/** winhi() when stdout has no window size: 24 rows; a header every rows - 3 lines. */
const HEADER_EVERY = 24 - 3;

const HEADER = 'procs -----------memory---------- ---swap-- -----io---- -system-- ------cpu-----';
const WIDE_HEADER =
  '--procs-- -----------------------memory---------------------- ---swap-- -----io---- -system-- ----------cpu----------';
/** The field widths of format/wide_format ("%2lu %2lu %6lu ..."); the narrow one has no gu, which 4.0.2 computes but only -w prints. */
const WIDTHS = [2, 2, 6, 6, 6, 6, 4, 4, 5, 5, 4, 4, 2, 2, 2, 2, 2];
const WIDE_WIDTHS = [4, 4, 12, 12, 12, 12, 4, 4, 5, 5, 4, 4, 3, 3, 3, 3, 3, 3];

interface VmstatOptions {
  active: boolean; // -a: inact/active instead of buff/cache
  forks: boolean; // -f
  oneHeader: boolean; // -n
  wide: boolean; // -w
  noFirst: boolean; // -y
  delay: number; // seconds; 0: one line
  count: number; // num_updates; Infinity while DELAY without COUNT
}

class VmstatError extends Error {}
/** getopt's complaint or too many arguments: usage on stderr, status 1. */
class UsageError extends Error {}

const USAGE = [
  '',
  'Usage:',
  ' vmstat [options] [delay [count]]',
  '',
  'Options:',
  ' -a, --active           active/inactive memory',
  ' -f, --forks            number of forks since boot',
  ' -m, --slabs            slabinfo',
  ' -n, --one-header       do not redisplay header',
  ' -s, --stats            event counter statistics',
  ' -d, --disk             disk statistics',
  ' -D, --disk-sum         summarize disk statistics',
  ' -p, --partition <dev>  partition specific statistics',
  ' -S, --unit <char>      define display unit',
  ' -w, --wide             wide output',
  ' -t, --timestamp        show timestamp',
  ' -y, --no-first         skips first line of output',
  '',
  ' -h, --help     display this help and exit',
  ' -V, --version  output version information and exit',
  '',
  'For more details see vmstat(8).',
].join('\n');

/** strtol_or_err: an optionally signed decimal integer with nothing after it. */
function strtolOrErr(s: string): number {
  if (!/^\s*[+-]?\d+$/.test(s)) throw new VmstatError(`failed to parse argument: '${s}'`);
  return Number(s);
}

function parseArgs(args: string[]): VmstatOptions | 'help' | 'version' {
  const o: VmstatOptions = { active: false, forks: false, oneHeader: false, wide: false, noFirst: false, delay: 0, count: 1 };
  const LONG: Record<string, string> = {
    active: 'a',
    forks: 'f',
    'one-header': 'n',
    wide: 'w',
    'no-first': 'y',
    help: 'h',
    version: 'V',
    slabs: 'm',
    stats: 's',
    disk: 'd',
    'disk-sum': 'D',
    partition: 'p',
    unit: 'S',
    timestamp: 't',
  };
  const flags: string[] = [];
  const words: string[] = [];
  let dashdash = false;
  for (const a of args) {
    if (dashdash || a === '-' || !a.startsWith('-')) words.push(a);
    else if (a === '--') dashdash = true;
    else if (a.startsWith('--')) {
      const name = a.slice(2).split('=')[0];
      const opt = LONG[name];
      if (!opt) throw new UsageError(`unrecognized option '${a}'`);
      flags.push(opt);
    } else for (const ch of a.slice(1)) flags.push(ch);
  }
  for (const f of flags) {
    switch (f) {
      case 'a':
        o.active = true;
        break;
      case 'f':
        o.forks = true;
        break;
      case 'n':
        o.oneHeader = true;
        break;
      case 'w':
        o.wide = true;
        break;
      case 'y':
        o.noFirst = true;
        break;
      case 'h':
        return 'help';
      case 'V':
        return 'version';
      default:
        if ('msdDpSt'.includes(f)) throw new VmstatError(`-${f}: kernlab's vmstat has -a, -f, -n, -w and -y only`);
        throw new UsageError(`invalid option -- '${f}'`);
    }
  }
  if (words.length > 2) throw new UsageError('');
  if (words.length > 0) {
    const d = strtolOrErr(words[0]);
    if (d < 1) throw new VmstatError('delay must be positive integer');
    if (d > 0xffffffff) throw new VmstatError('too large delay value');
    o.delay = d;
    o.count = Infinity;
  }
  if (words.length > 1) {
    const n = strtolOrErr(words[1]);
    o.count = n < 0 ? Infinity : n; // unsigned long: a negative count is a huge one
  }
  if (o.noFirst) o.count++; // the first line is skipped, not one fewer printed
  return o;
}

/** The simulated time a vmstat runs: DELAY between its lines. */
function ticksOf(o: VmstatOptions): number {
  if (o.forks || o.count <= 1) return 0;
  return (o.count - 1) * o.delay * HZ;
}

/**
 * The ticks `vmstat ARGS` would run inside the command, or null when it
 * refuses its arguments or would run without end (the classroom server
 * checks this as it checks topTicks).
 */
export function vmstatTicks(argv: string[]): number | null {
  try {
    const o = parseArgs(argv.slice(1));
    if (typeof o === 'string') return 0;
    const t = ticksOf(o);
    return t > MAX_TICKS ? null : t;
  } catch (e) {
    if (e instanceof VmstatError || e instanceof UsageError) return null;
    throw e;
  }
}

function header(o: VmstatOptions): string {
  const names = ['r', 'b', 'swpd', 'free', ...(o.active ? ['inact', 'active'] : ['buff', 'cache'])];
  names.push('si', 'so', 'bi', 'bo', 'in', 'cs', 'us', 'sy', 'id', 'wa', 'st');
  if (o.wide) names.push('gu');
  const widths = o.wide ? WIDE_WIDTHS : WIDTHS;
  return `${o.wide ? WIDE_HEADER : HEADER}\n${names.map((n, i) => n.padStart(widths[i])).join(' ')}\n`;
}

/** unitConvert at the default unit (-S k): through a float, kB in, kB out. */
function unitConvert(kb: number): number {
  return Math.floor(Math.fround(Math.fround(Math.fround(kb) / 1024) * 1024));
}

/** vmstat's Div: the ticks of user, nice, system, irq, softirq, idle, iowait and steal (guest is inside user); 1 if none. */
function cpuDiv(cpu: number[]): { div: number; idle: number } {
  const [user, nice, system, idle, iowait, irq, softirq, steal] = cpu;
  const div = user + nice + system + irq + softirq + idle + iowait + steal;
  return div ? { div, idle } : { div: 1, idle: 1 };
}

/** One line: the counts now, the interrupt and switch rates, the CPU split of `cpu` (/proc/stat's cpu fields, since boot or an interval). */
function line(c: ConsoleServices, o: VmstatOptions, st: KernelStat, rates: { intr: number; ctxt: number }, cpu: number[]): string {
  const m = memCounters(c.k);
  const [user, nice, system, , iowait, irq, softirq, steal, guest, guestNice] = cpu;
  let use = user + nice;
  const sys = system + irq + softirq;
  const { div, idle: idl } = cpuDiv(cpu);
  const divo2 = Math.floor(div / 2);
  const gue = guest + guestNice;
  use = use >= gue ? use - gue : 0; // guest time is inside user time
  const pct = (v: number) => Math.floor((100 * v + divo2) / div);
  const fields = [
    st.procsRunning,
    st.procsBlocked,
    unitConvert(0), // swpd: SwapTotal - SwapFree
    unitConvert(m.free),
    unitConvert(o.active ? m.inactiveFile : 0), // Inactive, or Buffers
    unitConvert(o.active ? m.activeAnon + m.activeFile : m.cached), // Active, or Cached + SReclaimable
    0, // si
    0, // so
    0, // bi
    0, // bo
    rates.intr,
    rates.ctxt,
    pct(use),
    pct(sys),
    pct(idl),
    pct(iowait),
    pct(steal),
    pct(gue),
  ];
  const widths = o.wide ? WIDE_WIDTHS : WIDTHS;
  return (
    widths
      .map((w, i) => String(fields[i]).padStart(w))
      .join(' ') + '\n'
  );
}

function runVmstat(c: ConsoleServices, argv: string[], out: Out): number {
  let parsed: VmstatOptions | 'help' | 'version';
  try {
    parsed = parseArgs(argv.slice(1));
  } catch (e) {
    if (e instanceof UsageError) {
      if (e.message) out.line(`vmstat: ${e.message}`);
      out.line(USAGE);
      return 1;
    }
    if (!(e instanceof VmstatError)) throw e;
    out.line(`vmstat: ${e.message}`);
    return 1;
  }
  if (parsed === 'help') {
    out.line(USAGE);
    return 0;
  }
  if (parsed === 'version') {
    out.line('vmstat from procps-ng 4.0.2');
    return 0;
  }
  const o = parsed;
  const k = c.k;
  if (o.forks) {
    out.line(`${String(k.totalForks).padStart(13)} forks`);
    return 0;
  }
  if (o.count === Infinity) {
    out.line(`vmstat: ${o.delay} with no count: kernlab's vmstat must end; give a COUNT (at most ${MAX_TICKS / HZ} s in all)`);
    return 1;
  }
  if (ticksOf(o) > MAX_TICKS) {
    out.line(`vmstat: ${o.count - (o.noFirst ? 1 : 0)} lines ${o.delay} s apart: more than kernlab lets one vmstat run (${MAX_TICKS / HZ} s)`);
    return 1;
  }
  out.write(header(o));
  let prev = kernelStat(k);
  if (!o.noFirst) {
    // The average since boot: counts * hz / all CPUs' ticks (Div, rounded).
    const div = cpuDiv(prev.cpu).div;
    const perBoot = (n: number) => Math.floor((n * USER_HZ + Math.floor(div / 2)) / div);
    out.write(line(c, o, prev, { intr: perBoot(prev.intr), ctxt: perBoot(prev.ctxt) }, prev.cpu));
  }
  const half = Math.floor(o.delay / 2);
  for (let i = 1; i < o.count; i++) {
    c.runTicks(o.delay * HZ);
    if (!o.oneHeader && i % HEADER_EVERY === 0) out.write(header(o));
    const cur = kernelStat(k);
    const delta = cur.cpu.map((v, j) => v - prev.cpu[j]);
    const per = (n: number) => Math.floor((n + half) / o.delay);
    out.write(line(c, o, cur, { intr: per(cur.intr - prev.intr), ctxt: per(cur.ctxt - prev.ctxt) }, delta));
    prev = cur;
  }
  return 0;
}

export const vmstat: Command = {
  name: 'vmstat',
  summary: 'processes, memory and CPU time, since boot and per interval (procps-ng 4.0.2)',
  usage: 'vmstat [-a] [-n] [-w] [-y] [-f] [DELAY [COUNT]]',
  details: [
    'The first line is the average since boot; then one line every DELAY seconds of simulated time, COUNT lines in all',
    `(at most ${MAX_TICKS / HZ} s in one command; a DELAY without COUNT, which real vmstat repeats until killed, is refused).`,
    'r: runnable tasks (procs_running), b: tasks waiting on I/O (none here), free/buff/cache: /proc/meminfo in kB,',
    'in/cs: interrupts and context switches per second, us/sy/id/wa/st: /proc/stat\'s CPU time as percentages.',
    'kernlab has no swap and no disk: swpd, si, so, bi, bo are 0. -a inactive/active memory, -n one header,',
    '-w wide columns, -y skip the since-boot line, -f forks since boot.',
  ].join(' '),
  run: (c, argv, out) => runVmstat(c, argv, out),
  complete: (_c, _before, word) =>
    word.startsWith('-') ? ['-a', '-f', '-n', '-w', '-y', '-h', '-V'].filter((x) => x.startsWith(word)) : [],
};
