// /proc as cat and ls show it: stat's 52 fields, status's lines in Linux's
// order, maps from the memory system, the task directories, errors.
import { describe, expect, it } from 'vitest';
import { shippedLevels } from '../../src/cli/level-files';
import { Game } from '../../src/game/game';
import { jobPid, setup } from './helpers';

/** Field names of /proc/PID/status, in order, as Linux 6.x prints them for a user task (reference machine). */
const STATUS_USER = [
  'Name', 'Umask', 'State', 'Tgid', 'Ngid', 'Pid', 'PPid', 'TracerPid', 'Uid', 'Gid', 'FDSize', 'Groups', 'NStgid', 'NSpid', 'NSpgid', 'NSsid', 'Kthread',
  'VmPeak', 'VmSize', 'VmLck', 'VmPin', 'VmHWM', 'VmRSS', 'RssAnon', 'RssFile', 'RssShmem', 'VmData', 'VmStk', 'VmExe', 'VmLib', 'VmPTE', 'VmSwap', 'HugetlbPages',
  'CoreDumping', 'THP_enabled', 'untag_mask', 'Threads', 'SigQ', 'SigPnd', 'ShdPnd', 'SigBlk', 'SigIgn', 'SigCgt', 'CapInh', 'CapPrm', 'CapEff', 'CapBnd', 'CapAmb',
  'NoNewPrivs', 'Seccomp', 'Seccomp_filters', 'Speculation_Store_Bypass', 'SpeculationIndirectBranch', 'Cpus_allowed', 'Cpus_allowed_list', 'Mems_allowed',
  'Mems_allowed_list', 'voluntary_ctxt_switches', 'nonvoluntary_ctxt_switches',
];
const NO_MM = ['VmPeak', 'VmSize', 'VmLck', 'VmPin', 'VmHWM', 'VmRSS', 'RssAnon', 'RssFile', 'RssShmem', 'VmData', 'VmStk', 'VmExe', 'VmLib', 'VmPTE', 'VmSwap', 'HugetlbPages', 'CoreDumping', 'THP_enabled', 'untag_mask'];
/** A kernel thread: no mm lines (reference machine's /proc/2/status). */
const STATUS_KTHREAD = STATUS_USER.filter((f) => !NO_MM.includes(f));
/** A zombie: no mm lines and no Umask (its fs_struct is gone). */
const STATUS_ZOMBIE = STATUS_KTHREAD.filter((f) => f !== 'Umask');

const fieldsOf = (status: string) => status.trimEnd().split('\n').map((l) => l.slice(0, l.indexOf(':')));
const value = (status: string, name: string) => status.split('\n').find((l) => l.startsWith(name + ':'))!.split(':\t')[1];

describe('/proc/PID/stat', () => {
  it('has 52 fields in Linux\'s positions', () => {
    const { k, sh } = setup();
    const pid = jobPid(sh('run loop.c'));
    sh('tick 250');
    const t = k.findTask(pid)!;
    const f = sh(`cat /proc/${pid}/stat`).trimEnd().split(' ');
    expect(f).toHaveLength(52);
    expect(f[0]).toBe(String(pid)); // 1 pid
    expect(f[1]).toBe('(loop)'); // 2 comm
    expect(f[2]).toBe('R'); // 3 state
    expect(f[3]).toBe(String(k.shell.pid)); // 4 ppid
    expect(f[4]).toBe(String(pid)); // 5 pgrp: run puts each job in its own group
    expect(f[5]).toBe(String(k.shell.signal.session)); // 6 session
    expect(f[6]).toBe('34816'); // 7 tty_nr: pts/0 = makedev(136, 0)
    expect(f[7]).toBe(String(k.shell.signal.pgrp)); // 8 tpgid: the shell's group is in the foreground
    expect(Number(f[9])).toBe(t.minFlt); // 10 minflt
    expect(Number(f[9])).toBeGreaterThan(0);
    expect(Number(f[13])).toBe(Math.floor(t.utime / 1e7)); // 14 utime, clock ticks
    expect(Number(f[13])).toBeGreaterThan(10);
    expect(f[17]).toBe('20'); // 18 priority
    expect(f[18]).toBe('0'); // 19 nice
    expect(f[19]).toBe('1'); // 20 num_threads
    expect(Number(f[21])).toBe(Math.floor(t.startTime / 10)); // 22 starttime
    expect(Number(f[22])).toBe(t.mm!.totalVm * 4096); // 23 vsize
    expect(Number(f[23])).toBe(t.mm!.rss); // 24 rss (pages)
    expect(f[24]).toBe('18446744073709551615'); // 25 rsslim
    expect(Number(f[25])).toBe(t.mm!.startCode); // 26 startcode
    expect(f[8]).toBe(String(0x400000)); // 9 flags: PF_RANDOMIZE, set at exec with ASLR on (Linux 6.x: 4194304)
    expect(f[34]).toBe('0'); // 35 wchan: running
    expect(f[37]).toBe('17'); // 38 exit_signal SIGCHLD
    expect(f[38]).toBe(String(t.cpu)); // 39 processor
    expect(f[51]).toBe('0'); // 52 exit_code
  });

  it('a zombie: state Z, no memory, its wait status in exit_code; a kthread: no memory', () => {
    const { k, sh } = setup();
    const pid = jobPid(sh('run zombie.c'));
    sh('tick 20');
    const z = [...k.findTask(pid)!.children][0];
    const f = sh(`cat /proc/${z.pid}/stat`).trimEnd().split(' ');
    expect([f[2], f[3], f[22], f[23], f[25], f[34], f[51]]).toEqual(['Z', String(pid), '0', '0', '0', '1', String(3 << 8)]);
    // PF_EXITING|PF_POSTCOREDUMP|PF_FORKNOEXEC|PF_NOFREEZE|PF_RANDOMIZE, as a zombie child on Linux 6.x
    expect(f[8]).toBe('4227148');
    const kt = sh('cat /proc/2/stat').trimEnd().split(' ');
    expect(kt).toHaveLength(52);
    expect([kt[1], kt[3], kt[6], kt[7], kt[22], kt[25], kt[32]]).toEqual(['(kthreadd)', '0', '0', '-1', '0', '0', '2147483647']);
    // PF_KTHREAD|PF_NOFREEZE|PF_FORKNOEXEC and no exit signal (kernel_thread without SIGCHLD), as Linux 6.x
    expect([kt[8], kt[37]]).toEqual(['2129984', '0']);
    expect(sh('cat /proc/1/stat').split(' ')[37]).toBe('0'); // init: user_mode_thread(kernel_init, NULL, CLONE_FS)
    expect(sh('ps -o f= -p 1,2')).toBe('4\n1\n'); // init used root's privileges; kthreadd forked and never exec'd
  });

  it('threads: /proc/PID/task lists them; task/TID/stat has the thread\'s own counters', () => {
    const { k, sh } = setup();
    const pid = jobPid(sh('run threads.c'));
    sh('tick 20');
    const tids = k.findTask(pid)!.signal.threads.map((t) => String(t.pid));
    expect(sh(`ls -1 /proc/${pid}/task`)).toBe(tids.join('\n') + '\n');
    const th = sh(`cat /proc/${pid}/task/${tids[1]}/stat`).split(' ');
    expect([th[0], th[19], th[37]]).toEqual([tids[1], '3', '-1']);
    expect(sh(`cat /proc/${pid}/stat`).split(' ')[19]).toBe('3');
    expect(value(sh(`cat /proc/${pid}/task/${tids[2]}/status`), 'Pid')).toBe(tids[2]);
    expect(value(sh(`cat /proc/${pid}/task/${tids[2]}/status`), 'Tgid')).toBe(String(pid));
    // glibc's first pthread_create installs the SIGSETXID (33) handler: Linux shows it caught
    // (SigCgt 0000000100000000 for a threaded program without handlers of its own; stat's
    // field 34 keeps only the low 31 bits).
    expect(value(sh(`cat /proc/${pid}/status`), 'SigCgt')).toBe('0000000100000000');
    expect(sh(`cat /proc/${pid}/stat`).split(' ')[33]).toBe('0');
  });

  it("a process's times keep its dead threads' (signal->utime): in stat, in SIGCHLD's si_utime, in the parent's cutime", () => {
    // gcc on Linux: after the worker thread is joined, /proc/CHILD/stat's utime still counts it; si_utime and cutime agree.
    const { k, sh } = setup();
    const pid = jobPid(sh('run cputime.c'));
    sh('tick 20');
    const child = [...k.findTask(pid)!.children][0];
    while (child.signal.threads.length > 1) sh('tick 10');
    const utime = Number(sh(`cat /proc/${child.pid}/stat`).split(' ')[13]);
    expect(utime).toBeGreaterThanOrEqual(30); // the worker's ~0.4 s, in clock ticks
    sh('tick 1500');
    expect(sh('cat /proc/' + pid + '/stat').split(' ')[15]).toBe(String(utime)); // cutime
    expect(k.tty.since(0).map((c) => c.text).join('')).toContain(`si_utime ${utime}\n`);
  });

  it('task/TID/children lists the thread\'s children, each followed by a space; there is no /proc/PID/children', () => {
    const { k, sh } = setup();
    const pid = jobPid(sh('run forktree.c'));
    sh('tick 50');
    const p = k.findTask(pid)!;
    expect(sh(`cat /proc/${pid}/task/${pid}/children`)).toBe([...p.children].map((c) => `${c.pid} `).join(''));
    expect(p.children.size).toBeGreaterThan(0);
    expect(sh(`cat /proc/${pid}/task/${p.signal.threads[1].pid}/children`)).toBe('');
    expect(sh(`cat /proc/${pid}/children`)).toBe(`cat: /proc/${pid}/children: No such file or directory\n`);
  });
});

describe('/proc/PID/stat of a stopped process', () => {
  const STOPPER_C = `#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>
int main(void)
{
    pid_t c = fork();
    if (c == 0)
        for (;;)
            pause();
    sleep(1);
    kill(c, SIGSTOP);
    sleep(1);
    waitpid(c, NULL, WUNTRACED);
    for (;;)
        pause();
}
`;
  it('exit_code holds the stop signal until the parent has waited for it with WUNTRACED (Linux 6.x: T 19, then T 0)', () => {
    const { k, sh } = setup({ readFile: (p) => (p === 'stopper.c' ? STOPPER_C : null) });
    const pid = jobPid(sh('run stopper.c'));
    sh('tick 1500');
    const child = [...k.findTask(pid)!.children][0];
    const field = (n: number) => sh(`cat /proc/${child.pid}/stat`).trimEnd().split(' ')[n - 1];
    expect([field(3), field(52)]).toEqual(['T', '19']);
    sh('tick 1000');
    expect([field(3), field(52)]).toEqual(['T', '0']);
    sh(`kill -CONT ${child.pid}`);
    sh('tick 5');
    expect([field(3), field(52)]).toEqual(['S', '0']);
  });

  it('bash waits for its jobs\' stops at once (WUNTRACED): a stopped job shows exit_code 0', () => {
    const { sh } = setup();
    const pid = jobPid(sh('run zombie.c'));
    sh('tick 20');
    sh(`kill -STOP ${pid}`);
    sh('tick 5');
    const f = sh(`cat /proc/${pid}/stat`).trimEnd().split('\n').pop()!.split(' '); // after bash's 'Stopped' notice
    expect([f[2], f[51]]).toEqual(['T', '0']);
  });
});

describe('/proc/PID/status', () => {
  it('prints Linux\'s fields in Linux\'s order, tab-separated', () => {
    const { k, sh } = setup();
    const pid = jobPid(sh('run zombie.c'));
    sh('tick 20');
    const st = sh(`cat /proc/${pid}/status`);
    expect(fieldsOf(st)).toEqual(STATUS_USER);
    expect(st).toContain(`Name:\tzombie\nUmask:\t0022\nState:\tS (sleeping)\nTgid:\t${pid}\nNgid:\t0\nPid:\t${pid}\nPPid:\t${k.shell.pid}\nTracerPid:\t0\n`);
    expect(st).toContain('Uid:\t1000\t1000\t1000\t1000\n');
    expect(st).toContain('Cpus_allowed:\t3\nCpus_allowed_list:\t0-1\n');
    expect(value(st, 'VmSize')).toBe(`${String(k.findTask(pid)!.mm!.totalVm * 4).padStart(8)} kB`);
    expect(fieldsOf(sh('cat /proc/2/status'))).toEqual(STATUS_KTHREAD);
    expect(value(sh('cat /proc/2/status'), 'SigIgn')).toBe('ffffffffffffffff');
    expect(value(sh('cat /proc/2/status'), 'Kthread')).toBe('1');
    const z = [...k.findTask(pid)!.children][0];
    const zs = sh(`cat /proc/${z.pid}/status`);
    expect(fieldsOf(zs)).toEqual(STATUS_ZOMBIE);
    expect(value(zs, 'State')).toBe('Z (zombie)');
    expect(value(zs, 'FDSize')).toBe('0');
  });
});

describe('the other /proc files', () => {
  it('cmdline, comm, wchan, maps', () => {
    const { k, sh } = setup();
    const pid = jobPid(sh('run hello.c a b'));
    const z = jobPid(sh('run zombie.c'));
    expect(sh('tick 20')).toMatch(/^hello from \d+\n\[1\]- {2}Exit 2 {18}\.\/hello a b\n$/); // bash's notice before the next prompt
    expect(sh(`cat /proc/${k.shell.pid}/cmdline`)).toBe('-bash'); // NULs are invisible on a terminal
    expect(sh('cat /proc/1/comm')).toBe('init\n');
    expect(sh(`cat /proc/${z}/wchan`)).toBe('__do_sys_pause');
    expect(sh(`cat /proc/${z}/maps`)).toBe(k.mm.procMaps(k.findTask(z)!.mm!));
    expect(sh('cat /proc/2/maps')).toBe('');
    expect(sh(`cat /proc/${pid}/stat`)).toBe(`cat: /proc/${pid}/stat: No such file or directory\n`);
  });

  it("limits: Linux's table, with the RLIMIT_NPROC fork checks, the stack's RLIMIT_STACK and status's SigQ limit", () => {
    const { k, sh } = setup();
    const pid = jobPid(sh('run zombie.c'));
    sh('tick 5');
    const text = sh(`cat /proc/${pid}/limits`);
    const lines = text.split('\n');
    expect(lines[0]).toBe('Limit                     Soft Limit           Hard Limit           Units     ');
    expect(lines[4]).toBe('Max stack size            8388608              unlimited            bytes     ');
    const nproc = k.findTask(pid)!.signal.rlimitNproc;
    expect(lines[7]).toBe(`Max processes             ${String(nproc).padEnd(20)} ${String(nproc).padEnd(20)} processes `);
    const sigq = /SigQ:\t\d+\/(\d+)/.exec(sh(`cat /proc/${pid}/status`))![1];
    expect(lines[12]).toBe(`Max pending signals       ${sigq.padEnd(20)} ${sigq.padEnd(20)} signals   `);
    expect(lines[14]).toBe('Max nice priority         0                    0                    ');
    expect(lines.length).toBe(18); // header, 16 limits, the final newline
    expect(sh(`cat /proc/${pid}/task/${pid}/limits`)).toBe(text);
  });

  it("limits shows a level's RLIMIT_NPROC (fork-bomb: 32)", () => {
    const g = new Game(shippedLevels().find((l) => l.spec.id === 'fork-bomb')!, 'limits');
    expect(g.exec(`grep processes /proc/${g.view.labels.get('httpd')!}/limits`).output).toBe(
      'Max processes             32                   32                   processes \n',
    );
  });

  it('sysctl files, loadavg, uptime, meminfo', () => {
    const { k, sh } = setup();
    expect(sh('cat /proc/sys/kernel/pid_max')).toBe('32768\n');
    expect(sh('cat /proc/sys/kernel/threads-max')).toBe(`${k.maxThreads}\n`);
    expect(sh('cat /proc/loadavg')).toMatch(/^\d+\.\d\d \d+\.\d\d \d+\.\d\d \d+\/\d+ \d+\n$/);
    expect(sh('cat /proc/uptime')).toMatch(/^\d+\.\d\d \d+\.\d\d\n$/);
    const mi = sh('cat /proc/meminfo');
    expect(mi.split('\n')[0]).toBe(`MemTotal:       ${String(k.config.memoryMiB * 1024).padStart(8)} kB`);
    expect(mi).toMatch(/^MemFree: {7} *\d+ kB$/m);
    expect(mi).toContain('HugePages_Total:       0\n');
  });

  it('errors as cat and ls print them', () => {
    const { con } = setup();
    expect(con.exec('cat /proc/99999/stat')).toEqual({ output: 'cat: /proc/99999/stat: No such file or directory\n', status: 1 });
    expect(con.exec('cat /proc/1')).toEqual({ output: 'cat: /proc/1: Is a directory\n', status: 1 });
    expect(con.exec('cat /proc/1/stat/x')).toEqual({ output: 'cat: /proc/1/stat/x: Not a directory\n', status: 1 });
    expect(con.exec('ls /proc/99999')).toEqual({ output: "ls: cannot access '/proc/99999': No such file or directory\n", status: 2 });
  });

  it('ls /proc: PIDs then the files, in C-locale order and columns', () => {
    const { k, sh } = setup({ columns: 0 });
    const names = sh('ls /proc').trimEnd().split('\n');
    const pids = [...k.tasks.values()].filter((t) => t.isLeader).map((t) => String(t.pid));
    expect(names).toEqual([...pids, 'interrupts', 'loadavg', 'meminfo', 'self', 'stat', 'sys', 'thread-self', 'uptime', 'vmstat'].sort());
    expect(names.indexOf('interrupts')).toBe(pids.length);
    expect(sh('ls /proc/1')).toBe('cmdline\ncomm\nlimits\nmaps\noom_score\noom_score_adj\nsched\nsmaps\nsmaps_rollup\nstat\nstatm\nstatus\ntask\nwchan\n');
    // GNU ls 9.1 -C -w80 prints the same names so (checked on the reference machine).
    expect(setup().sh('ls /proc/1')).toBe('cmdline  limits  oom_score\tsched  smaps_rollup  statm   task\ncomm\t maps\t oom_score_adj\tsmaps  stat\t     status  wchan\n');
  });
});

describe('the machine\'s programs', () => {
  it('ls lists the directories the programs live in; cat prints a program\'s source', () => {
    const { sh } = setup();
    sh('run hello.c');
    expect(sh('ls /')).toBe('bin  home  proc  sbin\n');
    // The binary and its source, as after gcc -o hello hello.c; cat of either prints the source.
    expect(sh('ls')).toBe('hello  hello.c\n');
    expect(sh('ls /home/student/hello')).toBe('/home/student/hello\n');
    expect(sh('cat hello')).toContain('printf("hello from %d\\n", getpid());');
    expect(sh('cat /home/student/hello.c')).toBe(sh('cat hello'));
    expect(sh('ls /home/student/hello/x')).toBe("ls: cannot access '/home/student/hello/x': Not a directory\n");
    expect(sh('cat hello.c/x')).toBe('cat: hello.c/x: Not a directory\n');
    expect(sh('cat /bin/bash.c')).toBe('cat: /bin/bash.c: No such file or directory\n');
  });

  it("a level's program: cat /home/student/spawner.c, as a playtester typed it", () => {
    const g = new Game(shippedLevels().find((l) => l.spec.id === 'zombie-ignore')!, 'src');
    const src = g.exec('cat /home/student/spawner.c');
    expect(src.status).toBe(0);
    expect(src.output).toBe(g.exec('cat /home/student/spawner').output);
    expect(g.exec('ls /home/student').output).toBe('spawner  spawner.c\n');
  });
});

/** A thread spins on one CPU while main, on the other, unmaps a page of their mm. */
const SHOOT = `#include <pthread.h>
#include <sys/mman.h>
#include <unistd.h>
volatile int stop;
void *spin(void *arg)
{
    while (!stop)
        ;
    return NULL;
}
int main(void)
{
    pthread_t t;
    char *p = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    p[0] = 1;
    pthread_create(&t, NULL, spin, NULL);
    usleep(10000);
    munmap(p, 4096);
    pause();
    return 0;
}
`;

describe('/proc/interrupts', () => {
  /** A row's count for each CPU. */
  const irqRow = (text: string, name: string): number[] => {
    const m = new RegExp(`^${name}: (.*) {2}[A-Z].*$`, 'm').exec(text);
    expect(m).not.toBeNull();
    return m![1].match(/.{11}/g)!.map((f) => Number(f));
  };

  it('has Linux\'s header and LOC, RES, CAL, TLB rows, byte for byte', () => {
    const { k, con } = setup();
    // A fresh machine: only the boot's few ticks; no IPI yet.
    expect(con.exec('cat /proc/interrupts').output).toMatch(
      /^ {11}CPU0 {7}CPU1 {7}\nLOC: +\d+ +\d+ {3}Local timer interrupts\nRES: {10}0 {10}0 {3}Rescheduling interrupts\nCAL: {10}0 {10}0 {3}Function call interrupts\nTLB: {10}0 {10}0 {3}TLB shootdowns\n$/,
    );
    // The reference machine's counts (2 CPUs, Linux 6.18) print as it printed them.
    const ref = [
      [8673638, 1487072, 4508443, 712906],
      [8483531, 1447190, 4225790, 718291],
    ];
    k.irqStat.forEach((s, cpu) => {
      [s.apicTimerIrqs, s.irqReschedCount, s.irqCallCount, s.irqTlbCount] = ref[cpu];
    });
    expect(con.exec('cat /proc/interrupts')).toEqual({
      output:
        '           CPU0       CPU1       \n' +
        'LOC:    8673638    8483531   Local timer interrupts\n' +
        'RES:    1487072    1447190   Rescheduling interrupts\n' +
        'CAL:    4508443    4225790   Function call interrupts\n' +
        'TLB:     712906     718291   TLB shootdowns\n',
      status: 0,
    });
    expect(con.exec('echo 1 > /proc/interrupts')).toEqual({ output: 'kernlab: echo: write error: Input/output error\n', status: 1 });
  });

  it('counts the shootdown IPI (TLB, and CAL: it is a function call) on the CPU that received it, not on the one that changed the mapping', () => {
    const { k, sh } = setup({ readFile: (p) => (p === 'shoot.c' ? SHOOT : null) });
    const pid = jobPid(sh('run shoot.c'));
    sh('tick 5');
    const [main, spinner] = k.findTask(pid)!.signal.threads;
    expect(main.cpu).not.toBe(spinner.cpu); // main asleep in usleep, the spinner running on the other CPU
    const before = sh('cat /proc/interrupts');
    sh('tick 20'); // main wakes and calls munmap
    const after = sh('cat /proc/interrupts');
    for (const name of ['TLB', 'CAL']) {
      expect(irqRow(after, name)[spinner.cpu]).toBe(irqRow(before, name)[spinner.cpu] + 1);
      expect(irqRow(after, name)[main.cpu]).toBe(irqRow(before, name)[main.cpu]); // its own flush is local: no interrupt
    }
    // The spinner's CPU took every tick; main's, asleep, only the timer that woke it.
    expect(irqRow(after, 'LOC')[spinner.cpu]).toBe(irqRow(before, 'LOC')[spinner.cpu] + 20);
    expect(irqRow(after, 'LOC')[main.cpu]).toBe(irqRow(before, 'LOC')[main.cpu] + 1);
  });

  it('state --json gives each CPU the same counts, next to its TLB', () => {
    const { sh } = setup({ readFile: (p) => (p === 'shoot.c' ? SHOOT : null) });
    sh('run shoot.c');
    sh('tick 30');
    const text = sh('cat /proc/interrupts');
    const { tlb } = JSON.parse(sh('state --json')) as { tlb: { cpu: number; shootdowns: number; irq_stat: Record<string, number> }[] };
    expect(tlb.map((t) => t.irq_stat)).toEqual(
      [0, 1].map((cpu) => ({
        apic_timer_irqs: irqRow(text, 'LOC')[cpu],
        irq_resched_count: irqRow(text, 'RES')[cpu],
        irq_call_count: irqRow(text, 'CAL')[cpu],
        irq_tlb_count: irqRow(text, 'TLB')[cpu],
      })),
    );
    expect(tlb.map((t) => t.shootdowns)).toEqual(irqRow(text, 'TLB'));
    expect(irqRow(text, 'TLB').some((n) => n > 0)).toBe(true);
  });
});
