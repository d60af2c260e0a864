// ps on a running machine: selection, formats, states, threads and errors.
import { describe, expect, it } from 'vitest';
import { jobPid, setup } from './helpers';

describe('ps', () => {
  it('-o size is VmData + VmStk in KiB (procps\' pr_swapable); esp and eip are 0 on a 6.x kernel', () => {
    const { sh } = setup();
    const pid = jobPid(sh('run loop.c'));
    sh('tick 5');
    const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB$`, 'm').exec(sh(`cat /proc/${pid}/status`))![1]);
    expect(kb('VmData') + kb('VmStk')).toBeGreaterThan(0);
    expect(sh(`ps -o size,esp,eip -p ${pid}`)).toBe(
      ` SIZE              ESP              EIP\n${String(kb('VmData') + kb('VmStk')).padStart(5)} 0000000000000000 0000000000000000\n`,
    );
  });

  it('plain ps shows the processes of pts/0, in procps\'s default format', () => {
    const { k, sh } = setup();
    const pid = jobPid(sh('run loop.c'));
    sh('tick 5');
    const out = sh('ps');
    const lines = out.trimEnd().split('\n');
    expect(lines[0]).toBe('  PID TTY          TIME CMD');
    expect(lines.slice(1)).toEqual([`${String(k.shell.pid).padStart(5)} pts/0    00:00:00 bash`, `${String(pid).padStart(5)} pts/0    00:00:00 loop`]);
  });

  it('ps -e lists init, kthreadd and the kernel threads; ps --ppid 2 only the kernel threads', () => {
    const { k, sh } = setup();
    const all = sh('ps -e');
    expect(all).toMatch(/^ {4}1 \? {8}00:00:00 init$/m);
    expect(all).toMatch(/^ {4}2 \? {8}00:00:00 kthreadd$/m);
    const kthreads = sh('ps --ppid 2 -o pid=,comm=')
      .trimEnd()
      .split('\n')
      .map((l) => l.trim().split(/\s+/)[1]);
    const expected = [...k.tasks.values()].filter((t) => t.realParent === k.kthreadd).map((t) => t.comm);
    expect(kthreads).toEqual(expected);
    expect(kthreads).toEqual(expect.arrayContaining(['migration/0', 'migration/1', 'ksoftirqd/0', 'cpuhp/1', 'kworker/0:0H']));
    expect(kthreads).not.toContain('bash');
    // Each sleeps where its Linux namesake does (ps strips wchan's leading underscores).
    const wchans = sh('ps --ppid 2 -o wchan:24=,comm=');
    for (const [fn, comm] of [['smpboot_thread_fn', 'migration/0'], ['worker_thread', 'kworker/0:0H'], ['devtmpfs_work_loop', 'kdevtmpfs'], ['watchdog', 'khungtaskd'], ['oom_reaper', 'oom_reaper'], ['kswapd', 'kswapd0'], ['kcompactd', 'kcompactd0']])
      expect(wchans).toMatch(new RegExp(`^${fn} +${comm.replace('/', '\\/')}$`, 'm'));
  });

  it('ps -ef shows kernel threads in brackets and a zombie as <defunct> with Z', () => {
    const { sh } = setup();
    const pid = jobPid(sh('run zombie.c'));
    sh('tick 20');
    const ef = sh('ps -ef');
    expect(ef.split('\n')[0]).toBe('UID        PID  PPID  C STIME TTY          TIME CMD');
    expect(ef).toMatch(/^root {9}2 {5}0 {2}0 09:00 \? {8}00:00:00 \[kthreadd\]$/m);
    expect(ef).toMatch(new RegExp(`^student +\\d+ +${pid} +0 09:00 pts/0 +00:00:00 \\[zombie\\] <defunct>$`, 'm'));
    const st = sh(`ps -o pid=,stat=,comm= --ppid ${pid}`);
    expect(st).toMatch(/^ *\d+ Z {4}zombie$/m);
    expect(sh(`ps -o stat= -p ${pid}`)).toBe('S\n');
  });

  it('STAT modifiers: s session leader, + foreground group, l threads, N and < nice', () => {
    const { k, sh } = setup();
    const pid = jobPid(sh('run threads.c'));
    sh('tick 20');
    expect(sh(`ps -o stat= -p ${k.shell.pid}`)).toBe('Ss+\n');
    expect(sh(`ps -o stat=,nlwp= -p ${pid}`)).toBe('Sl      3\n');
    sh(`renice 5 -p ${pid}`);
    expect(sh(`ps -o stat= -p ${pid}`)).toBe('SNl\n');
    sh(`renice -n -3 ${pid}`);
    expect(sh(`ps -o stat=,ni= -p ${pid}`)).toBe('S<l   -3\n');
  });

  it('-L shows one line per thread with LWP and NLWP (-Lf), -T with SPID', () => {
    const { k, sh } = setup();
    const pid = jobPid(sh('run threads.c'));
    sh('tick 20');
    const tids = k.findTask(pid)!.signal.threads.map((t) => t.pid);
    expect(tids).toHaveLength(3);
    const l = sh(`ps -L -p ${pid}`).trimEnd().split('\n');
    expect(l[0]).toBe('  PID   LWP TTY          TIME CMD');
    expect(l.slice(1).map((x) => x.trim().split(/\s+/).slice(0, 2).map(Number))).toEqual(tids.map((t) => [pid, t]));
    const lf = sh(`ps -Lf -p ${pid}`).trimEnd().split('\n');
    expect(lf[0]).toBe('UID        PID  PPID   LWP  C NLWP STIME TTY          TIME CMD');
    expect(lf[2]).toMatch(new RegExp(`^student +${pid} +${k.shell.pid} +${tids[1]} +0 +3 09:00 pts/0 +00:00:00 \\./threads$`));
    expect(sh(`ps -T -p ${pid}`).split('\n')[0]).toBe('  PID  SPID TTY          TIME CMD');
    expect(sh(`ps -eLf`)).toContain(`${tids[2]}  0    3 09:00 pts/0`);
  });

  it("-L: the leader's row has the whole process's CPU time and faults (procps reads /proc/PID/stat for it), the others their own", () => {
    // Linux 6.x, procps 4.0.2: main thread in pause(), a second one too, a third spinning:
    //   LWP     TIME  MINFL STAT  C
    //  1571 00:00:01    132 Sl   99
    //  1573 00:00:00      1 Sl    0
    //  1574 00:00:01      1 Rl   99
    const { k, sh } = setup({
      readFile: (p) =>
        p === 'spin3.c'
          ? `#include <pthread.h>
#include <unistd.h>
void *idle(void *a) { for (;;) pause(); return a; }
void *spin(void *a) { for (;;) ; return a; }
int main(void)
{
    pthread_t x, y;
    pthread_create(&x, NULL, idle, NULL);
    pthread_create(&y, NULL, spin, NULL);
    for (;;)
        pause();
}
`
          : null,
    });
    const pid = jobPid(sh('run spin3.c'));
    sh('tick 1200');
    const [lead, idle, spin] = k.findTask(pid)!.signal.threads;
    const rows = sh(`ps -L -o lwp=,time=,min_flt=,stat=,c= -p ${pid}`).trimEnd().split('\n').map((r) => r.trim().split(/\s+/));
    expect(rows.map((r) => [r[0], r[1], r[3], r[4]])).toEqual([
      [String(lead.pid), '00:00:01', 'Sl', '99'],
      [String(idle.pid), '00:00:00', 'Sl', '0'],
      [String(spin.pid), '00:00:01', 'Rl', '99'],
    ]);
    expect(Number(rows[0][2])).toBe(lead.minFlt + idle.minFlt + spin.minFlt);
    expect(Number(rows[2][2])).toBe(spin.minFlt);
  });

  it("PENDING is the process's shared pending set (ShdPnd), not a thread's own (Linux: raise'd USR1 not shown)", () => {
    const { sh } = setup({
      readFile: (p) =>
        p === 'pend.c'
          ? `#include <signal.h>
#include <unistd.h>
int main(void)
{
    sigset_t s;
    sigemptyset(&s);
    sigaddset(&s, SIGUSR1);
    sigaddset(&s, SIGUSR2);
    sigprocmask(SIG_BLOCK, &s, NULL);
    raise(SIGUSR1);
    kill(getpid(), SIGUSR2);
    for (;;)
        pause();
}
`
          : null,
    });
    const pid = jobPid(sh('run pend.c'));
    sh('tick 50');
    expect(sh(`ps -o pending=,blocked= -p ${pid}`)).toBe('0000000000000800 0000000000000a00\n');
    expect(sh(`cat /proc/${pid}/stat`).split(' ')[30]).toBe('512'); // stat's signal field: the thread's own (USR1)
  });

  it('highpri and reclaim workers run at nice -20 (Linux: I< -20 39 for rcu_gp and kworker/N:0H)', () => {
    const { sh } = setup();
    const rows = sh('ps -e -o stat=,ni=,pri=,comm=').split('\n').filter((l) => /rcu_gp|rcu_par_gp|kworker\/0:0H|ksoftirqd\/0/.test(l));
    expect(rows.map((l) => l.trim().split(/\s+/))).toEqual([
      ['I<', '-20', '39', 'rcu_gp'],
      ['I<', '-20', '39', 'rcu_par_gp'],
      ['S', '0', '19', 'ksoftirqd/0'],
      ['I<', '-20', '39', 'kworker/0:0H'],
    ]);
  });

  it('-o with the common specifiers; pid= hides the header; widths follow pid_max', () => {
    const { k, sh } = setup();
    const pid = jobPid(sh('run loop.c'));
    sh('tick 300');
    const t = k.findTask(pid)!;
    const header = sh(`ps -o pid,ppid,tgid,tid,lwp,nlwp,stat,state,s,psr,ni,nice,pri,comm,cmd,tty,time,uid,user,vsz,rss,wchan,pgid,sid,c,%cpu,%mem -p ${pid}`).split('\n')[0];
    expect(header).toBe(
      '  PID  PPID  TGID   TID   LWP NLWP STAT S S PSR  NI  NI PRI COMMAND         CMD                         TT           TIME   UID USER        VSZ   RSS WCHAN   PGID   SID  C %CPU %MEM',
    );
    const row = sh(`ps -o pid=,ppid=,stat=,psr=,ni=,pri=,uid=,user=,pgid=,sid=,c=,%cpu= -p ${pid}`).trim().split(/\s+/);
    expect(row).toEqual([String(pid), String(k.shell.pid), 'R', String(t.cpu), '0', '19', '1000', 'student', String(pid), String(k.shell.pid), expect.stringMatching(/^\d+$/), expect.stringMatching(/^\d+\.\d$/)]);
    expect(Number(row[10])).toBeGreaterThan(50);
    expect(sh(`ps -o vsz=,rss= -p ${pid}`).trim().split(/\s+/).map(Number)).toEqual([(t.mm!.totalVm * 4096) / 1024, (t.mm!.rss * 4096) / 1024]);
    expect(sh('ps -o pid:8,comm=NAME -p 1')).toBe('     PID NAME\n       1 init\n');
    sh('sysctl kernel.pid_max=4194304');
    expect(sh('ps -o pid,comm -p 1').split('\n')[0]).toBe('    PID COMMAND');
    expect(k.pids.pidMax).toBe(4194304);
  });

  it('BSD aux: every process, user format', () => {
    const { sh } = setup();
    const out = sh('ps aux').split('\n');
    expect(out[0]).toBe('USER       PID %CPU %MEM    VSZ   RSS TTY      STAT START   TIME COMMAND');
    expect(out[1]).toMatch(/^root {9}1 {2}0\.0 {2}\d\.\d +\d+ +\d+ \? {8}Ss {3}09:00 {3}0:00 \/sbin\/init$/);
    expect(out.some((l) => /^root +2 +0\.0 +0\.0 +0 +0 \? +\S+ +09:00 +0:00 \[kthreadd\]$/.test(l))).toBe(true);
  });

  it('any BSD option (a bare PID list, p, h, f, k, w) makes the default format BSD\'s, as procps 4.0.2 does', () => {
    const { sh } = setup();
    // Real: ps 10436, ps p 10436, ps f -p ..., ps k pid -p ... all print PID TTY STAT TIME COMMAND.
    const BSD = '  PID TTY      STAT   TIME COMMAND';
    for (const cmd of ['ps 1', 'ps p 1', 'ps f -p 1', 'ps k pid -p 1', 'ps w -p 1']) expect(sh(cmd).split('\n')[0]).toBe(BSD);
    expect(sh('ps h -p 1')).toMatch(/^ {4}1 \? +Ss +0:00 \/sbin\/init\n$/);
    expect(sh('ps --pid 1').split('\n')[0]).toBe('  PID TTY          TIME CMD');
    expect(sh('ps o pid -p 1').split('\n')[0]).toBe('  PID');
    // Real: ps -O ppid -p 10436 prints '  PID  PPID S TTY          TIME COMMAND'; -g SID selects by session.
    expect(sh('ps -O ppid -p 1')).toMatch(/^ {2}PID {2}PPID S TTY {10}TIME COMMAND\n {4}1 {5}0 S \? {8}00:00:00 \/sbin\/init\n$/);
    expect(sh('ps -g 1 -o pid=')).toBe('    1\n');
  });

  it('refuses options it does not know, with procps\'s messages', () => {
    const { con } = setup();
    const r = con.exec('ps -Y');
    expect(r.status).toBe(1);
    expect(r.output).toBe(
      "error: unsupported SysV option\n\nUsage:\n ps [options]\n\n Try 'ps --help <simple|list|output|threads|misc|all>'\n  or 'ps --help <s|l|o|t|m|a>'\n for additional help text.\n\nFor more details see ps(1).\n",
    );
    expect(con.exec('ps Q').output.split('\n')[0]).toBe('error: unsupported option (BSD syntax)');
    expect(con.exec('ps --foo').output.split('\n')[0]).toBe('error: unknown gnu long option');
    expect(con.exec('ps -o foo').output.split('\n')[0]).toBe('error: unknown user-defined format specifier "foo"');
    expect(con.exec('ps -o PID').output.split('\n')[0]).toBe('error: unknown user-defined format specifier "PID"');
    expect(con.exec('ps -p').output.split('\n')[0]).toBe('error: list of process IDs must follow -p');
    expect(con.exec('ps -p abc').output.split('\n')[0]).toBe('error: process ID list syntax error');
    const none = con.exec('ps -p 99999');
    expect(none).toEqual({ output: '  PID TTY          TIME CMD\n', status: 1 });
  });
});

describe('ps --sort', () => {
  it('sorts by the data of each key, - for descending, several keys in order', () => {
    const { con, sh } = setup();
    const busy = jobPid(sh('run loop.c'));
    sh('run zombie.c');
    sh('tick 300');
    const top = sh('ps -e --sort=-%cpu -o pid=').trim().split(/\s+/).map(Number);
    expect(top[0]).toBe(busy);
    const byPid = sh('ps -e --sort=-pid -o pid=').trim().split(/\s+/).map(Number);
    expect(byPid).toEqual(byPid.slice().sort((a, b) => b - a));
    const two = sh('ps -e --sort=ppid,-pid -o ppid=,pid=').trim().split('\n').map((l) => l.trim().split(/\s+/).map(Number));
    for (let i = 1; i < two.length; i++) {
      const [pp0, p0] = two[i - 1];
      const [pp1, p1] = two[i];
      expect(pp0 < pp1 || (pp0 === pp1 && p0 > p1)).toBe(true);
    }
    expect(con.exec('ps --sort=foo').output.split('\n')[0]).toBe('error: unknown sort specifier');
    expect(con.exec('ps --sort').output.split('\n')[0]).toBe('error: long sort specification must follow --sort');
  });
});

describe('ps forests', () => {
  // `ps f -o comm,args` and `ps -H -o comm,args` for forktree.c on the reference machine.
  const REAL_F = 'COMMAND         COMMAND\nforktree        ./forktree\n \\_ forktree     \\_ ./forktree\n |   \\_ forktre  |   \\_ ./forktree\n |   \\_ forktre  |   \\_ ./forktree\n \\_ forktree     \\_ ./forktree\n';
  const REAL_H = 'COMMAND         COMMAND\nforktree        ./forktree\n  forktree        ./forktree\n    forktree        ./forktree\n    forktree        ./forktree\n  forktree        ./forktree\n';

  it('draws the process tree in the command columns as procps does', () => {
    const { k, sh } = setup();
    const pid = jobPid(sh('run forktree.c'));
    sh('tick 50');
    const p = k.findTask(pid)!;
    const family = [p, ...p.children, ...[...p.children].flatMap((c) => [...c.children])].map((t) => t.pid).join(',');
    expect(sh(`ps f -o comm,args -p ${family}`)).toBe(REAL_F);
    expect(sh(`ps -H -o comm,args -p ${family}`)).toBe(REAL_H);
    expect(sh(`ps --forest -o comm,args -p ${family}`)).toBe(REAL_F);
    // From the shell: bash is the root, the job one level down.
    expect(sh(`ps f -o comm -s ${k.shell.pid}`).split('\n').slice(1, 3)).toEqual(['bash', ' \\_ forktree']);
    // Kernel threads under kthreadd in ps axjf.
    expect(sh('ps axjf')).toMatch(/^ {4}2 {5}3 .* \\_ \[rcu_gp\]$/m);
  });
});
