// ps's column layout and GNU ls's columns, checked against what procps-ng
// 4.0.2 and coreutils print on the reference machine (lines captured
// there, with the same values in the row).
import { describe, expect, it } from 'vitest';
import { FORMATS } from '../../src/console/ps/format';
import { showOneProc, type PsColumn, type PsScreen } from '../../src/console/ps/layout';
import type { PsRow } from '../../src/console/ps/row';
import { lsColumns } from '../../src/console/files';
import { BOOT_EPOCH } from '../../src/console/clock';

const ARGS = [
  '/process_api',
  '--firecracker-init',
  '--addr',
  '0.0.0.0:2024',
  '--max-ws-buffer-size',
  '32768',
  '--block-local-connections',
  '--log-vsock-port',
  '5002',
  '--control-vsock-port',
  '5001',
  '--listen-vsock-port',
  '2024',
  '--tcp-readiness-only',
  '--auth-required',
];

/** PID 1 of the reference machine, as /proc showed it when the lines were captured. */
function pid1(over: Partial<PsRow> = {}): PsRow {
  return {
    tgid: 1,
    tid: 1,
    ppid: 0,
    pgrp: 0,
    session: 0,
    tpgid: -1,
    tty: '?',
    state: 'S',
    flags: 0x400100,
    nice: 0,
    priority: 20,
    nlwp: 11,
    utime: 100,
    stime: 0,
    cutime: 0,
    cstime: 0,
    startTime: 0,
    bootTics: 100 * 3600,
    vmSizeKb: 39452,
    vmRssKb: 13120,
    vmLockKb: 4,
    vmSwapableKb: 0, // not captured: no layout below shows SIZE
    vsizeBytes: 39452 * 1024,
    minFlt: 0,
    majFlt: 0,
    processor: 0,
    wchan: '',
    comm: 'process_api',
    cmdline: ARGS,
    euid: 0,
    user: 'root',
    pending: 0n,
    blocked: 0n,
    ignored: 0x1000n,
    caught: 0x4e8n,
    kthread: false,
    forest: '',
    ...over,
  };
}

function cols(list: string, pidDigits = 5): PsColumn[] {
  return list.split(',').map((item) => {
    const [name, header] = item.split('=');
    const spec = FORMATS[name];
    let width = spec.pidmax ? Math.max(pidDigits, spec.head.length) : spec.width;
    if (header !== undefined) width = Math.max(width, header.length);
    return { spec, header: header ?? spec.head, width };
  });
}

const wide: PsScreen = { cols: 0, memTotalKb: 24684092, now: BOOT_EPOCH + 3600 };
const tty80: PsScreen = { ...wide, cols: 80 };
const show = (row: PsRow | null, list: string, screen = wide) => showOneProc(row, cols(list), screen);

// STIME 09:37 on the reference machine; kernlab boots at 09:00, so start 37 minutes in.
const at0937 = { startTime: 37 * 60 * 100, bootTics: (37 + 23) * 60 * 100 };

describe('ps layout (procps show_one_proc)', () => {
  it('ps -l', () => {
    const f = 'f,s,uid,pid,ppid,c,opri,ni,addr_1,sz,wchan,tname,time,ucmd';
    expect(show(null, f)).toBe('F S   UID   PID  PPID  C PRI  NI ADDR SZ WCHAN  TTY          TIME CMD\n');
    expect(show(pid1({ vmSizeKb: 39452 }), f)).toBe('4 S     0     1     0  0  80   0 -  9863 -      ?        00:00:01 process_api\n');
  });

  it('ps -f, ps -eLf and aux rows', () => {
    const f = 'uid_hack,pid,ppid,c,stime,tname,time,cmd';
    expect(show(null, f)).toBe('UID        PID  PPID  C STIME TTY          TIME CMD\n');
    expect(show(pid1(at0937), f)).toBe(`root         1     0  0 09:37 ?        00:00:01 ${ARGS.join(' ')}\n`);
    const lf = 'uid_hack,pid,ppid,lwp,c,nlwp,stime,tname,time,cmd';
    expect(show(null, lf)).toBe('UID        PID  PPID   LWP  C NLWP STIME TTY          TIME CMD\n');
    expect(show(pid1(at0937), lf)).toBe(`root         1     0     1  0   11 09:37 ?        00:00:01 ${ARGS.join(' ')}\n`);
    const u = 'user,pid,pcpu,pmem,vsz,rss,tname,stat,start_time,bsdtime,args';
    expect(show(null, u)).toBe('USER       PID %CPU %MEM    VSZ   RSS TTY      STAT START   TIME COMMAND\n');
    const row = pid1({ ...at0937, vmSizeKb: 39192, vmRssKb: 12984, utime: 1, bootTics: 23 * 60 * 100 + at0937.startTime });
    expect(show(row, u)).toBe(`root         1  0.0  0.0  39192 12984 ?        SLl  09:37   0:00 ${ARGS.join(' ')}\n`);
  });

  it('a wide value pushes the next column, which wins the space back', () => {
    const f = 'pid,ppid,stat,comm,args';
    expect(show(null, f)).toBe('  PID  PPID STAT COMMAND         COMMAND\n');
    const z = pid1({ tgid: 12286, ppid: 12285, state: 'S', nlwp: 3, comm: 'z', cmdline: ['./z'], session: 10552, vmLockKb: 0 });
    expect(show(z, f)).toBe('12286 12285 Sl   z               ./z\n');
    const zombie = { ...z, tgid: 12288, ppid: 12286, state: 'Z', nlwp: 1, cmdline: [] };
    expect(show(zombie, f)).toBe('12288 12286 Z    z               [z] <defunct>\n');
  });

  it('empty headers (pid=) and a header that is not last', () => {
    expect(show(null, 'comm=,pid')).toBe('                  PID\n');
    expect(show(pid1(), 'comm=,pid')).toBe('process_api         1\n');
    expect(show(null, 'pid,comm=')).toBe('  PID \n');
  });

  it('cuts the last column at the terminal width, and a non-last args at its width', () => {
    expect(show(pid1(at0937), 'uid_hack,pid,ppid,c,stime,tname,time,cmd', tty80)).toBe('root         1     0  0 09:37 ?        00:00:01 /process_api --firecracker-init \n');
    expect(show(pid1(), 'pid,args,comm', tty80)).toBe('    1 /process_api --firecracker- process_api\n');
    expect(show(pid1(), 'args,pid', tty80)).toBe('/process_api --firecracker-     1\n');
    expect(show(pid1(), 'pid,user,args', tty80)).toBe('    1 root     /process_api --firecracker-init --addr 0.0.0.0:2024 --max-ws-buff\n');
  });

  it('signal masks are 16 digits when there is room (ps s), 8 on an 80-column terminal', () => {
    const f = 'uid,pid,pending,sig_block,sig_ignore,caught,stat,tname,bsdtime,args';
    expect(show(null, f)).toBe('  UID   PID          PENDING          BLOCKED          IGNORED           CAUGHT STAT TTY        TIME COMMAND\n');
    expect(show(pid1({ utime: 200 }), f).slice(0, 100)).toBe('    0     1 0000000000000000 0000000000000000 0000000000001000 00000000000004e8 SLl  ?          0:02');
    expect(show(null, f, tty80)).toBe('  UID   PID   PENDING   BLOCKED   IGNORED    CAUGHT STAT TTY        TIME COMMAND\n');
    expect(show(pid1({ utime: 200 }), f, tty80)).toBe('    0     1  00000000  00000000  00001000  000004e8 SLl  ?          0:02 /proces\n');
  });

  it('PID columns widen with pid_max', () => {
    const c = cols('pid,comm', String(4194304).length);
    expect(showOneProc(null, c, wide)).toBe('    PID COMMAND\n');
  });
});

describe('ls columns (coreutils print_many_per_line)', () => {
  it('fills down then across with tabs, like ls -C -w 80', () => {
    const names = ['1', '12', '13', '14', '15', '16', '17', '18', '19', '2', '20', '21', '22', '23', '24', '25', '26', '27', '28', '29', '30', '31', '312', '320', 'loadavg', 'meminfo', 'sys', 'uptime'];
    expect(lsColumns(names, 80)).toBe(
      '1   13\t15  17\t19  20\t22  24\t26  28\t30  312  loadavg  sys\n' + '12  14\t16  18\t2   21\t23  25\t27  29\t31  320  meminfo  uptime\n',
    );
    const files = ['cmdline', 'comm', 'maps', 'stat', 'status', 'task', 'wchan'];
    expect(lsColumns(files, 80)).toBe('cmdline  comm  maps  stat  status  task  wchan\n');
    expect(lsColumns(files, 20)).toBe('cmdline  status\ncomm\t task\nmaps\t wchan\nstat\n');
    expect(lsColumns(files, 0)).toBe(files.join('\n') + '\n');
  });
});
