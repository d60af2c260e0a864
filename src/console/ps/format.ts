// ps's column specifiers: header, width, justification and printer, as
// procps-ng 4.0.2 defines them (src/ps/output.c format_array), for the
// specifiers kernlab supports, and the macro formats (-f, -l, u, ...).

import { ctime, gmtime, strftime, BOOT_EPOCH, USER_HZ } from '../clock';
import type { PsRow } from './row';

/** Justification (procps CF_*). */
export enum Just {
  User = 1, // left if text, right if numeric (names here: left)
  Left = 2,
  Right = 3,
  Unlimited = 4, // the rest of the line (args, comm)
  Wchan = 5, // left if text
  Signal = 6, // 9 wide, 16 if there is room
}

/** What a printer may need besides the row. */
export interface PrCtx {
  maxRightward: number; // screen cells this column may use (procps max_rightward)
  wideSignals: boolean; // signal masks get 16 digits
  memTotalKb: number; // MemTotal, for %MEM
  now: number; // wall clock, seconds since 1970
}

/** One entry of procps's format_array. */
export interface FormatSpec {
  head: string; // default header
  width: number; // default width
  just: Just; // justification
  pidmax: boolean; // width follows the digits of pid_max (CF_PIDMAX)
  pr: (r: PsRow, c: PrCtx) => string; // the printer
}

const cut = (s: string, n: number): string => (s.length > n ? s.slice(0, Math.max(0, n)) : s);

/** cumulative CPU time, [dd-]hh:mm:ss (pr_time) */
function prTime(r: PsRow): string {
  let t = Math.floor((r.utime + r.stime) / USER_HZ);
  const ss = t % 60;
  t = Math.floor(t / 60);
  const mm = t % 60;
  t = Math.floor(t / 60);
  const hh = t % 24;
  const dd = Math.floor(t / 24);
  const p2 = (n: number) => String(n).padStart(2, '0');
  return (dd ? `${dd}-` : '') + `${p2(hh)}:${p2(mm)}:${p2(ss)}`;
}

/** elapsed seconds since the process started (TIME_ELAPSED) */
function elapsed(r: PsRow): number {
  const t = r.bootTics - r.startTime;
  return t > 0 ? Math.floor(t / USER_HZ) : 0;
}

/** [[dd-]hh:]mm:ss (pr_etime) */
function prEtime(r: PsRow): string {
  let t = elapsed(r);
  const ss = t % 60;
  t = Math.floor(t / 60);
  const mm = t % 60;
  t = Math.floor(t / 60);
  const hh = t % 24;
  const dd = Math.floor(t / 24);
  const p2 = (n: number) => String(n).padStart(2, '0');
  return (dd ? `${dd}-` : '') + (dd || hh ? `${p2(hh)}:` : '') + `${p2(mm)}:${p2(ss)}`;
}

/** UTILIZATION: % of the process's life spent on a CPU. */
function utilization(r: PsRow): number {
  const t = r.bootTics - r.startTime;
  return t > 0 ? ((r.utime + r.stime) * 100) / t : 0;
}

/** Start time in seconds since 1970. */
function started(r: PsRow): number {
  return BOOT_EPOCH + Math.floor(r.startTime / USER_HZ);
}

/** STIME: %H:%M today, %b%d this year, %Y before (pr_stime) */
function prStime(r: PsRow, c: PrCtx): string {
  const now = gmtime(c.now);
  const tm = gmtime(started(r));
  let fmt = '%H:%M';
  if (now.yday !== tm.yday) fmt = '%b%d';
  if (now.year !== tm.year) fmt = '%Y';
  return strftime(fmt, tm);
}

/** STARTED: hh:mm:ss within a day, else "  Mon dd" (pr_start) */
function prStart(r: PsRow, c: PrCtx): string {
  const t = started(r);
  const str = ctime(t).split('');
  if (str[8] === ' ') str[8] = '0';
  if (str[11] === ' ') str[11] = '0';
  const s = str.join('');
  if (t + 86400 > c.now) return s.slice(11, 19);
  return '  ' + s.slice(4, 10);
}

/** pr_bsdstart */
function prBsdstart(r: PsRow, c: PrCtx): string {
  const t = started(r);
  const s = ctime(t);
  return c.now - t > 86400 ? s.slice(4, 10) : s.slice(10, 16);
}

/** The STAT column: state and procps's modifiers (pr_stat). */
function prStat(r: PsRow): string {
  let s = r.state;
  if (r.nice < 0) s += '<';
  if (r.nice > 0) s += 'N';
  if (r.vmLockKb) s += 'L';
  if (r.session === r.tgid) s += 's';
  if (r.nlwp > 1) s += 'l';
  if (r.pgrp === r.tpgid) s += '+';
  return s;
}

/** args/cmd: argv joined, "[comm]" without one, "<defunct>" for zombies (pr_args). */
function prArgs(r: PsRow, c: PrCtx): string {
  let s: string;
  if (r.cmdline.length) s = r.cmdline.join(' ');
  else s = `[${r.comm}]` + (r.state === 'Z' ? ' <defunct>' : '');
  return cut(r.forest + s, c.maxRightward);
}

/** comm/ucmd: the command name (pr_comm). */
function prComm(r: PsRow, c: PrCtx): string {
  return cut(r.forest + r.comm, c.maxRightward);
}

/** A user name, cut with a '+' when it does not fit (do_pr_name). */
function prName(name: string, c: PrCtx): string {
  if (name.length <= c.maxRightward) return name;
  if (c.maxRightward >= 1) return name.slice(0, c.maxRightward - 1) + '+';
  return name;
}

/** wchan without the kernel's leading underscores, '-' when running (pr_wchan). */
function prWchan(r: PsRow, c: PrCtx): string {
  const w = r.wchan ? r.wchan.replace(/^_+/, '') : '-';
  return cut(w, c.maxRightward);
}

/** A signal mask as 9 or 16 hex digits (help_pr_sig). */
function prSig(set: bigint, c: PrCtx): string {
  const sig = BigInt.asUintN(64, set).toString(16).padStart(16, '0');
  if (c.wideSignals) return sig;
  const lead = sig.length - sig.replace(/^0+/, '').length;
  if (sig.length - lead > 8) return '<' + sig.slice(-8);
  return sig.slice(-8);
}

function groupName(uid: number): string {
  return uid === 0 ? 'root' : uid === 1000 ? 'student' : String(uid);
}

const S = (head: string, width: number, just: Just, pr: FormatSpec['pr'], pidmax = false): FormatSpec => ({ head, width, just, pidmax, pr });
const R = Just.Right;
const L = Just.Left;

const pcpu = (r: PsRow): string => {
  const v = Math.floor(utilization(r) * 10);
  return v > 999 ? `${Math.floor(v / 10)}` : `${Math.floor(v / 10)}.${v % 10}`;
};
const pmem = (r: PsRow, c: PrCtx): string => {
  let v = c.memTotalKb ? Math.floor((r.vmRssKb * 1000) / c.memTotalKb) : 0;
  if (v > 999) v = 999;
  return `${String(Math.floor(v / 10)).padStart(2, ' ')}.${v % 10}`;
};
const pc = (r: PsRow): string => String(Math.min(99, Math.floor(utilization(r)))).padStart(2, ' ');
const bsdtime = (r: PsRow): string => {
  const u = Math.floor((r.utime + r.stime) / USER_HZ);
  return `${String(Math.floor(u / 60)).padStart(3, ' ')}:${String(u % 60).padStart(2, '0')}`;
};

/** The supported specifiers, by name. */
export const FORMATS: Record<string, FormatSpec> = {
  '%cpu': S('%CPU', 4, R, pcpu),
  '%mem': S('%MEM', 4, R, pmem),
  addr: S('ADDR', 4, R, () => '-'),
  addr_1: S('ADDR', 1, L, () => '-'),
  args: S('COMMAND', 27, Just.Unlimited, prArgs),
  blocked: S('BLOCKED', 9, Just.Signal, (r, c) => prSig(r.blocked, c)),
  bsdstart: S('START', 6, R, prBsdstart),
  bsdtime: S('TIME', 6, R, bsdtime),
  c: S('C', 2, R, pc),
  caught: S('CAUGHT', 9, Just.Signal, (r, c) => prSig(r.caught, c)),
  class: S('CLS', 3, L, () => 'TS'),
  cls: S('CLS', 3, R, () => 'TS'),
  cmd: S('CMD', 27, Just.Unlimited, prArgs),
  comm: S('COMMAND', 15, Just.Unlimited, prComm),
  command: S('COMMAND', 27, Just.Unlimited, prArgs),
  cpu: S('CPU', 3, R, (r) => `${r.processor}`),
  cputime: S('TIME', 8, R, prTime),
  cputimes: S('TIME', 8, R, (r) => `${Math.floor((r.utime + r.stime) / USER_HZ)}`),
  egid: S('EGID', 5, R, (r) => `${r.euid}`),
  // /proc/PID/stat's kstkeip and kstkesp: 0 on Linux >= 5.x unless the task is dumping core.
  eip: S('EIP', 16, R, () => '0000000000000000'),
  esp: S('ESP', 16, R, () => '0000000000000000'),
  egroup: S('EGROUP', 8, Just.User, (r, c) => prName(groupName(r.euid), c)),
  etime: S('ELAPSED', 11, R, prEtime),
  etimes: S('ELAPSED', 7, R, (r) => `${elapsed(r)}`),
  euid: S('EUID', 5, R, (r) => `${r.euid}`),
  euser: S('EUSER', 8, Just.User, (r, c) => prName(r.user, c)),
  f: S('F', 1, R, (r) => ((r.flags >>> 6) & 7).toString(8)),
  flag: S('F', 1, R, (r) => ((r.flags >>> 6) & 7).toString(8)),
  flags: S('F', 1, R, (r) => ((r.flags >>> 6) & 7).toString(8)),
  gid: S('GID', 5, R, (r) => `${r.euid}`),
  group: S('GROUP', 8, Just.User, (r, c) => prName(groupName(r.euid), c)),
  ignored: S('IGNORED', 9, Just.Signal, (r, c) => prSig(r.ignored, c)),
  intpri: S('PRI', 3, R, (r) => `${60 + r.priority}`),
  lstart: S('STARTED', 24, R, (r) => ctime(started(r))),
  lwp: S('LWP', 5, R, (r) => `${r.tid}`, true),
  maj_flt: S('MAJFL', 6, R, (r) => `${r.majFlt}`),
  majflt: S('MAJFLT', 6, R, (r) => `${r.majFlt}`),
  min_flt: S('MINFL', 6, R, (r) => `${r.minFlt}`),
  minflt: S('MINFLT', 6, R, (r) => `${r.minFlt}`),
  ni: S('NI', 3, R, (r) => `${r.nice}`),
  nice: S('NI', 3, R, (r) => `${r.nice}`),
  nlwp: S('NLWP', 4, R, (r) => `${r.nlwp}`),
  opri: S('PRI', 3, R, (r) => `${60 + r.priority}`),
  pcpu: S('%CPU', 4, R, pcpu),
  pending: S('PENDING', 9, Just.Signal, (r, c) => prSig(r.pending, c)),
  pgid: S('PGID', 5, R, (r) => `${r.pgrp}`, true),
  pgrp: S('PGRP', 5, R, (r) => `${r.pgrp}`, true),
  pid: S('PID', 5, R, (r) => `${r.tgid}`, true),
  pmem: S('%MEM', 4, R, pmem),
  policy: S('POL', 3, L, () => 'TS'),
  ppid: S('PPID', 5, R, (r) => `${r.ppid}`, true),
  pri: S('PRI', 3, R, (r) => `${39 - r.priority}`),
  priority: S('PRI', 3, R, (r) => `${r.priority}`),
  psr: S('PSR', 3, R, (r) => `${r.processor}`),
  rgid: S('RGID', 5, R, (r) => `${r.euid}`),
  rgroup: S('RGROUP', 8, Just.User, (r, c) => prName(groupName(r.euid), c)),
  rss: S('RSS', 5, R, (r) => `${r.vmRssKb}`),
  rssize: S('RSS', 5, R, (r) => `${r.vmRssKb}`),
  rsz: S('RSZ', 5, R, (r) => `${r.vmRssKb}`),
  rtprio: S('RTPRIO', 6, R, () => '-'),
  ruid: S('RUID', 5, R, (r) => `${r.euid}`),
  ruser: S('RUSER', 8, Just.User, (r, c) => prName(r.user, c)),
  s: S('S', 1, L, (r) => r.state),
  sched: S('SCH', 3, R, () => '0'),
  sess: S('SESS', 5, R, (r) => `${r.session}`, true),
  session: S('SESS', 5, R, (r) => `${r.session}`, true),
  sid: S('SID', 5, R, (r) => `${r.session}`, true),
  sig: S('PENDING', 9, Just.Signal, (r, c) => prSig(r.pending, c)),
  sigcatch: S('CAUGHT', 9, Just.Signal, (r, c) => prSig(r.caught, c)),
  sigignore: S('IGNORED', 9, Just.Signal, (r, c) => prSig(r.ignored, c)),
  sigmask: S('BLOCKED', 9, Just.Signal, (r, c) => prSig(r.blocked, c)),
  spid: S('SPID', 5, R, (r) => `${r.tid}`, true),
  start: S('STARTED', 8, R, prStart),
  start_time: S('START', 5, R, prStime),
  stat: S('STAT', 4, L, prStat),
  state: S('S', 1, L, (r) => r.state),
  stime: S('STIME', 5, R, prStime),
  svgid: S('SVGID', 5, R, (r) => `${r.euid}`),
  svuid: S('SVUID', 5, R, (r) => `${r.euid}`),
  size: S('SIZE', 5, R, (r) => `${r.vmSwapableKb}`),
  sz: S('SZ', 5, R, (r) => `${Math.floor(r.vmSizeKb / 4)}`),
  tgid: S('TGID', 5, R, (r) => `${r.tgid}`, true),
  thcount: S('THCNT', 5, R, (r) => `${r.nlwp}`),
  tid: S('TID', 5, R, (r) => `${r.tid}`, true),
  time: S('TIME', 8, R, prTime),
  times: S('TIME', 8, R, (r) => `${Math.floor((r.utime + r.stime) / USER_HZ)}`),
  tname: S('TTY', 8, L, (r) => r.tty),
  tpgid: S('TPGID', 5, R, (r) => `${r.tpgid}`, true),
  tt: S('TT', 8, L, (r) => r.tty),
  tty: S('TT', 8, L, (r) => r.tty),
  tty8: S('TTY', 8, L, (r) => r.tty),
  ucmd: S('CMD', 15, Just.Unlimited, prComm),
  ucomm: S('COMMAND', 15, Just.Unlimited, prComm),
  uid: S('UID', 5, R, (r) => `${r.euid}`),
  uid_hack: S('UID', 8, Just.User, (r, c) => prName(r.user, c)),
  uname: S('USER', 8, Just.User, (r, c) => prName(r.user, c)),
  user: S('USER', 8, Just.User, (r, c) => prName(r.user, c)),
  vsize: S('VSZ', 6, R, (r) => `${r.vmSizeKb}`),
  vsz: S('VSZ', 6, R, (r) => `${r.vmSizeKb}`),
  wchan: S('WCHAN', 6, Just.Wchan, prWchan),
  wname: S('WCHAN', 6, Just.Wchan, prWchan),
};

/** Macro formats (procps macro_array) for the options kernlab supports. */
export const MACROS: Record<string, string> = {
  DefSysV: 'pid,tname,time,ucmd', // plain ps
  Std_f: 'uid_hack,pid,ppid,c,stime,tname,time,cmd', // -f
  Std_fl: 'f,s,uid_hack,pid,ppid,c,opri,ni,addr_1,sz,wchan,stime,tname,time,cmd', // -fl
  Std_l: 'f,s,uid,pid,ppid,c,opri,ni,addr_1,sz,wchan,tname,time,ucmd', // -l
  Std_F: 'uid_hack,pid,ppid,c,sz,rss,psr,stime,tname,time,cmd', // -F
  Std_j: 'pid,pgid,sid,tname,time,ucmd', // -j
  Std_jf: 'uid_hack,pid,ppid,pgid,sid,c,stime,tname,time,cmd', // -jf
  DefBSD: 'pid,tname,stat,bsdtime,args', // BSD x, a
  OL_u: 'user,pid,pcpu,pmem,vsz,rss,tname,stat,start_time,bsdtime,args', // BSD u
  OL_l: 'flags,uid,pid,ppid,priority,nice,vsz,rss,wchan,stat,tname,bsdtime,args', // BSD l
  OL_j: 'ppid,pid,pgid,sid,tname,tpgid,stat,uid,bsdtime,args', // BSD j
  OL_s: 'uid,pid,pending,sig_block,sig_ignore,caught,stat,tname,bsdtime,args', // BSD s
};

// Aliases that print the same thing under another name.
FORMATS.sig_block = S('BLOCKED', 9, Just.Signal, (r, c) => prSig(r.blocked, c));
FORMATS.sig_ignore = S('IGNORED', 9, Just.Signal, (r, c) => prSig(r.ignored, c));
FORMATS.sig_catch = S('CATCHED', 9, Just.Signal, (r, c) => prSig(r.caught, c));
FORMATS.sig_pend = S('SIGNAL', 9, Just.Signal, (r, c) => prSig(r.pending, c));
