// taskset, renice, prctl, the kthread calls, the memory tools, sysctl/echo,
// uptime/free/dmesg: outputs as util-linux/procps print them, effects as
// the kernel makes them.
import { describe, expect, it } from 'vitest';
import { jobPid, setup } from './helpers';

describe('taskset', () => {
  it('shows and sets a task\'s affinity as util-linux does', () => {
    const { k, con, sh } = setup();
    const pid = jobPid(sh('run zombie.c'));
    sh('tick 20');
    const t = k.findTask(pid)!;
    expect(t.state).toBe(1); // asleep in pause()
    expect(sh(`taskset -p ${pid}`)).toBe(`pid ${pid}'s current affinity mask: 3\n`);
    expect(sh(`taskset -cp ${pid}`)).toBe(`pid ${pid}'s current affinity list: 0,1\n`);
    const other = t.cpu === 0 ? 2 : 1;
    expect(sh(`taskset -p ${other} ${pid}`)).toBe(`pid ${pid}'s current affinity mask: 3\npid ${pid}'s new affinity mask: ${other}\n`);
    expect(t.cpusAllowed).toBe(BigInt(other));
    expect(t.cpu).toBe(other === 2 ? 1 : 0); // a sleeping task wakes on an allowed CPU
    sh(`taskset -cp 0 ${pid}`);
    expect(sh(`taskset -cp 1 ${pid}`)).toBe(`pid ${pid}'s current affinity list: 0\npid ${pid}'s new affinity list: 1\n`);
    sh(`taskset -cp 0 ${pid}`);
    // A mask with no online CPU: EINVAL, after printing the current one.
    expect(con.exec(`taskset -p 4 ${pid}`)).toEqual({ output: `pid ${pid}'s current affinity mask: 1\ntaskset: failed to set pid ${pid}'s affinity: Invalid argument\n`, status: 1 });
    // Bits beyond the online CPUs are dropped, as sched_setaffinity does.
    expect(sh(`taskset -p f ${pid}`)).toBe(`pid ${pid}'s current affinity mask: 1\npid ${pid}'s new affinity mask: 3\n`);
  });

  it('refuses per-CPU kernel threads (PF_NO_SETAFFINITY) and bad input', () => {
    const { k, con } = setup();
    const mig = [...k.tasks.values()].find((t) => t.comm === 'migration/0')!;
    expect(con.exec(`taskset -p 3 ${mig.pid}`)).toEqual({ output: `pid ${mig.pid}'s current affinity mask: 1\ntaskset: failed to set pid ${mig.pid}'s affinity: Invalid argument\n`, status: 1 });
    expect(con.exec('taskset -p zz 1')).toEqual({ output: 'taskset: failed to parse CPU mask: zz\n', status: 1 });
    expect(con.exec('taskset -p 99999')).toEqual({ output: "taskset: failed to get pid 99999's affinity: No such process\n", status: 1 });
  });
});

describe('renice', () => {
  it('prints util-linux\'s line and changes the nice value and weight', () => {
    const { k, con, sh } = setup();
    const pid = jobPid(sh('run loop.c'));
    expect(sh(`renice 10 -p ${pid}`)).toBe(`${pid} (process ID) old priority 0, new priority 10\n`);
    expect(sh(`renice -n 5 ${pid}`)).toBe(`${pid} (process ID) old priority 10, new priority 5\n`);
    expect(k.findTask(pid)!.se.loadWeight).toBe(335);
    expect(sh(`cat /proc/${pid}/stat`).split(' ').slice(17, 19)).toEqual(['25', '5']);
    expect(sh(`renice -n -25 -p ${pid}`)).toBe(`${pid} (process ID) old priority 5, new priority -20\n`);
    expect(con.exec('renice 5 -p 99999')).toEqual({ output: 'renice: failed to get priority for 99999 (process ID): No such process\n', status: 1 });
    expect(con.exec('renice abc -p 1')).toEqual({ output: "renice: invalid priority 'abc'\nTry 'renice --help' for more information.\n", status: 1 });
    // util-linux 2.38.1's words for an ID that is not a number:
    expect(con.exec('renice 5 abc')).toEqual({ output: 'renice: bad process ID value: abc\n', status: 1 });
    expect(con.exec('renice 5 -g abc')).toEqual({ output: 'renice: bad process group ID value: abc\n', status: 1 });
  });

  it('-g and -u act on every thread of the group or user (PRIO_PGRP, PRIO_USER); the old value is the lowest nice', () => {
    const { k, con, sh } = setup();
    const pid = jobPid(sh('run threads.c'));
    sh('tick 20');
    const p = k.findTask(pid)!;
    sh(`renice -n 3 -p ${p.signal.threads[1].pid}`);
    expect(sh(`renice -n 7 -g ${p.signal.pgrp}`)).toBe(`${p.signal.pgrp} (process group ID) old priority 0, new priority 7\n`);
    expect(p.signal.threads.map((t) => t.nice)).toEqual(p.signal.threads.map(() => 7));
    expect(sh('renice -n 9 -u student')).toBe('1000 (user ID) old priority 0, new priority 9\n'); // the shell is student's too
    expect(p.signal.threads.every((t) => t.nice === 9)).toBe(true);
    expect(con.exec('renice -n 1 -u nobody')).toEqual({ output: 'renice: unknown user nobody\n', status: 1 });
  });
});

describe('prctl subreaper', () => {
  it('makes orphans go to the subreaper instead of init', () => {
    const { k, con, sh } = setup();
    expect(sh(`prctl ${k.shell.pid} subreaper on`)).toBe(`${k.shell.pid} (bash): PR_SET_CHILD_SUBREAPER = 1\n`);
    expect(k.shell.signal.isChildSubreaper).toBe(true);
    const pid = jobPid(sh('run forktree.c'));
    sh('tick 50');
    const big = [...k.findTask(pid)!.children].find((c) => c.children.size === 2)!;
    const grand = [...big.children];
    sh(`kill -9 ${big.pid}`);
    sh('tick 10');
    for (const g of grand) expect(g.realParent).toBe(k.shell);
    expect(sh(`prctl ${k.shell.pid} subreaper`)).toBe(`${k.shell.pid} (bash): PR_GET_CHILD_SUBREAPER = 1\n`);
    expect(con.exec('prctl 99999 subreaper on')).toEqual({ output: 'prctl: (99999) - No such process\n', status: 1 });
  });
});

describe('kernel-thread calls', () => {
  it('kthread_create leaves it in D until wake_up_process; kthread_stop makes it exit and reports it', () => {
    const { k, con, sh } = setup();
    const r = sh('kthread_create mythread smpboot_thread_fn');
    const pid = Number(/: (\d+) \(mythread\)/.exec(r)![1]);
    expect(r).toBe(`kthread_create: ${pid} (mythread) created, asleep (D) until wake_up_process\n`);
    expect(sh(`ps -o pid=,ppid=,stat=,comm= -p ${pid}`)).toBe(`${String(pid).padStart(5)}     2 D    mythread\n`);
    expect(sh(`wake_up_process ${pid}`)).toBe(`wake_up_process(${pid} (mythread)) = 1: woken from D (disk sleep)\n`);
    sh('tick 5');
    expect(sh(`ps -o stat= -p ${pid}`)).toBe('S\n');
    expect(sh(`kthread_stop ${pid}`)).toMatch(/^kthread_stop\(\d+ \(mythread\)\): should_stop set/);
    expect(sh('tick 5')).toBe(`kthread_stop(${pid} (mythread)) = 0: the thread exited\n`);
    expect(k.findTask(pid)).toBeUndefined();
    expect(con.exec('kthread_stop 99999')).toEqual({ output: 'kthread_stop: (99999) - No such process\n', status: 1 });
    expect(con.exec(`kthread_stop ${k.shell.pid}`)).toEqual({ output: `kthread_stop: (${k.shell.pid}) - Invalid argument (bash is not a kernel thread)\n`, status: 1 });
    expect(con.exec('wake_up_process 99999')).toEqual({ output: 'wake_up_process: (99999) - No such process\n', status: 1 });
    expect(sh('wake_up_process 1')).toBe('wake_up_process(1 (init)) = 1: woken from S (sleeping)\n');
    expect(con.exec('kthread_create x nosuchfn').output).toBe('kthread_create: nosuchfn: no such function in the kernel\n');
  });
});

describe('memory tools', () => {
  function mapper() {
    const s = setup();
    const pid = jobPid(s.sh('run mapper.c'));
    const out = s.sh('tick 20');
    const addr = parseInt(/0x([0-9a-f]+)/.exec(out)![1], 16);
    return { ...s, pid, addr };
  }
  const hex = (x: number) => x.toString(16);

  it('find_vma: the VMA containing ADDR, or the next one, or none', () => {
    const { k, sh, pid, addr } = mapper();
    const mm = k.findTask(pid)!.mm!;
    const line = (a: number) => k.mm.procMaps(mm).split('\n').find((l) => l.startsWith(hex(a).padStart(8, '0') + '-'))!;
    expect(sh(`find_vma ${pid} 0x${hex(addr + 10)}`)).toBe(`${line(addr)}\n0x${hex(addr + 10)} is inside this VMA [0x${hex(addr)}, 0x${hex(mm.vmas().find((v) => v.vmStart === addr)!.vmEnd)})\n`);
    const first = mm.vmas()[0];
    expect(sh(`find_vma ${pid} 0x1000`).split('\n')[0]).toBe(line(first.vmStart));
    expect(sh(`find_vma ${pid} 0x1000`).split('\n')[1]).toMatch(/^0x1000 is NOT inside it/);
    expect(sh(`find_vma ${pid} 7ffffffff000`)).toBe('no VMA at or above 0x7ffffffff000: find_vma returns NULL\n');
  });

  it('mprotect splits and merges; errors as the syscall\'s', () => {
    const { k, con, sh, pid, addr } = mapper();
    const mm = k.findTask(pid)!.mm!;
    const count = mm.mapCount;
    expect(con.exec(`mprotect ${pid} ${hex(addr + 4096)} 4k r--`)).toEqual({ output: '', status: 0 });
    expect(mm.mapCount).toBe(count + 2);
    expect(sh(`cat /proc/${pid}/maps`)).toContain(`${hex(addr + 4096)}-${hex(addr + 8192)} r--p 00000000 00:00 0 \n`);
    sh(`mprotect ${pid} ${hex(addr + 4096)} 4096 PROT_READ|PROT_WRITE`);
    expect(mm.mapCount).toBe(count);
    expect(con.exec(`mprotect ${pid} ${hex(addr + 1)} 4096 rw-`)).toEqual({ output: `mprotect: Invalid argument (0x${hex(addr + 1)} is not page-aligned: its page starts at 0x${hex(addr)})\n`, status: 1 });
    expect(con.exec(`munmap ${pid} ${hex(addr + 0x123)} 4096`)).toEqual({ output: `munmap: Invalid argument (0x${hex(addr + 0x123)} is not page-aligned: its page starts at 0x${hex(addr)})\n`, status: 1 });
    expect(con.exec(`munmap ${pid} ${hex(addr)} 0`)).toEqual({ output: 'munmap: Invalid argument\n', status: 1 });
    expect(con.exec(`mprotect ${pid} 0x100000 4096 rw-`)).toEqual({ output: 'mprotect: Cannot allocate memory (0x100000-0x101000 is not mapped: no VMA there to change)\n', status: 1 });
    expect(con.exec(`mprotect ${pid} ${hex(addr)} 4096 rwz`)).toEqual({ output: "mprotect: invalid protection 'rwz'\n", status: 1 });
    expect(con.exec(`mprotect 2 ${hex(addr)} 4096 r--`)).toEqual({ output: 'mprotect: 2 (kthreadd) is a kernel thread: it has no address space (mm is NULL)\n', status: 1 });
    // A hole inside the range: ENOMEM names it, and (as Linux) the VMAs before it got the new protection.
    sh(`munmap ${pid} ${hex(addr + 4096)} 4096`);
    expect(con.exec(`mprotect ${pid} ${hex(addr)} 0x3000 r--`)).toEqual({
      output: `mprotect: Cannot allocate memory (0x${hex(addr + 4096)}-0x${hex(addr + 8192)} is not mapped: no VMA there to change; 0x${hex(addr)}-0x${hex(addr + 4096)} before it got the new protection)\n`,
      status: 1,
    });
    expect(sh(`cat /proc/${pid}/maps`)).toContain(`${hex(addr)}-${hex(addr + 4096)} r--p `);
  });

  it('munmap of the middle page leaves two VMAs; translate walks the tables', () => {
    const { k, sh, pid, addr } = mapper();
    const mm = k.findTask(pid)!.mm!;
    const count = mm.mapCount;
    expect(sh(`munmap ${pid} ${hex(addr + 4096)} 0x1000`)).toBe('');
    expect(mm.mapCount).toBe(count + 1);
    expect(sh(`find_vma ${pid} ${hex(addr + 4096)}`).split('\n')[1]).toMatch(/is NOT inside it/);
    const tr = sh(`translate ${pid} ${hex(addr)} w`);
    expect(tr).toBe(k.mm.formatTranslate(k.mm.translate(mm, addr, 'w')) + (tr.endsWith('\n') && !k.mm.formatTranslate(k.mm.translate(mm, addr, 'w')).endsWith('\n') ? '\n' : ''));
    expect(tr).toContain('PGD');
    expect(sh(`translate ${pid} 0`)).toMatch(/SEGV_MAPERR/);
  });

  it('pmap as procps prints it; a kernel thread has only a total', () => {
    const { k, con, sh, pid } = mapper();
    expect(sh(`pmap ${pid}`)).toBe(k.mm.pmap(pid, './mapper', k.findTask(pid)!.mm!));
    expect(sh('pmap 2')).toBe('2:   [kthreadd]\n total                0K\n');
    expect(con.exec('pmap 99999')).toEqual({ output: '', status: 42 });
  });

  it('pmap reads PIDs as procps does: a word that is not one is a usage error before anything is printed', () => {
    const { con, sh, pid } = mapper();
    const usage = '\nUsage:\n pmap [options] PID [PID ...]\n\nkernlab supports pmap [-x] PID... (the default and the extended format).\n';
    expect(con.exec('pmap abc')).toEqual({ output: usage, status: 1 });
    expect(con.exec('pmap')).toEqual({ output: usage, status: 1 });
    expect(con.exec(`pmap ${pid} abc`)).toEqual({ output: usage, status: 1 });
    expect(con.exec('pmap 12abc')).toEqual({ output: usage, status: 1 });
    expect(con.exec('pmap 0')).toEqual({ output: usage, status: 1 });
    // strtoul(.., 0): hex and /proc/PID name the same process.
    expect(sh(`pmap 0x${pid.toString(16)}`)).toBe(sh(`pmap ${pid}`));
    expect(sh(`pmap /proc/${pid}`)).toBe(sh(`pmap ${pid}`));
    expect(sh(`pmap -- ${pid}`)).toBe(sh(`pmap ${pid}`));
    expect(sh(`pmap ${pid} -x`)).toBe(sh(`pmap -x ${pid}`)); // getopt permutes
    expect(con.exec('pmap -- -x')).toEqual({ output: usage, status: 1 });
    expect(con.exec('pmap /proc/self')).toEqual({ output: 'pmap: library failed pids statistics\n', status: 1 });
  });
});

describe('sysctl, echo, uptime, free, dmesg', () => {
  it('reads and sets pid_max; rejects values out of range with EINVAL', () => {
    const { k, con, sh } = setup();
    expect(sh('sysctl kernel.pid_max')).toBe('kernel.pid_max = 32768\n');
    expect(sh('sysctl -n kernel.threads-max')).toBe(`${k.maxThreads}\n`);
    expect(sh('sysctl kernel.pid_max=4096')).toBe('kernel.pid_max = 4096\n');
    expect(k.pids.pidMax).toBe(4096);
    expect(con.exec('sysctl kernel.pid_max=100')).toEqual({ output: 'sysctl: setting key "kernel.pid_max": Invalid argument\n', status: 1 });
    expect(con.exec('sysctl kernel.foo')).toEqual({ output: 'sysctl: cannot stat /proc/sys/kernel/foo: No such file or directory\n', status: 1 });
    expect(con.exec('echo 5000 > /proc/sys/kernel/pid_max')).toEqual({ output: '', status: 0 });
    expect(sh('cat /proc/sys/kernel/pid_max')).toBe('5000\n');
    expect(con.exec('echo 1 > /proc/sys/kernel/pid_max')).toEqual({ output: 'kernlab: echo: write error: Invalid argument\n', status: 1 });
    // As bash as root on the reference machine:
    expect(con.exec('echo x > /proc/1/stat')).toEqual({ output: 'kernlab: echo: write error: Invalid argument\n', status: 1 });
    expect(con.exec('echo x > /proc/loadavg')).toEqual({ output: 'kernlab: echo: write error: Input/output error\n', status: 1 });
    expect(con.exec('echo x > /proc/99999/stat')).toEqual({ output: 'kernlab: /proc/99999/stat: No such file or directory\n', status: 1 });
    expect(con.exec('echo abc > /proc/sys/kernel/pid_max')).toEqual({ output: 'kernlab: echo: write error: Invalid argument\n', status: 1 });
    expect(sh('echo hello   world')).toBe('hello world\n');
  });

  it('uptime, free and dmesg in their tools\' formats', () => {
    const { con, sh } = setup();
    sh('tick 65s');
    expect(sh('uptime')).toBe(' 09:01:05 up 1 min,  1 user,  load average: 0.00, 0.00, 0.00\n');
    expect(sh('uptime -p')).toBe('up 1 minute\n');
    expect(sh('uptime -s')).toBe('2024-09-02 09:00:00\n');
    sh('tick 3600s');
    expect(sh('uptime --pretty')).toBe('up 1 hour, 1 minute\n');
    // procps 4.0.2: an unknown option is named, then the usage (status 1); it was ignored.
    const u = con.exec('uptime -x');
    expect(u.status).toBe(1);
    expect(u.output).toMatch(/^uptime: invalid option -- 'x'\n\nUsage:\n uptime \[options\]\n/);
    const free = sh('free').split('\n');
    expect(free[0]).toBe('               total        used        free      shared  buff/cache   available');
    expect(free[1]).toMatch(/^Mem: {10}262144( +\d+){5}$/);
    expect(free[1]).toHaveLength(80);
    const [total, used, , , , avail] = free[1].split(/ +/).slice(1).map(Number);
    expect(used).toBe(total - avail); // procps 4.0.2's used, as free prints it on the reference machine
    expect(free[2]).toBe('Swap:              0           0           0');
    expect(sh('free -h').split('\n')[1]).toMatch(/^Mem: {11}256Mi/);
    expect(sh('dmesg')).toBe('');
    // util-linux 2.38 and procps 4.0.2 refuse what they do not take (kernlab ignored it):
    expect(con.exec('dmesg foo')).toEqual({ output: "dmesg: bad usage\nTry 'dmesg --help' for more information.\n", status: 1 });
    expect(con.exec('dmesg -z')).toEqual({ output: "dmesg: invalid option -- 'z'\nTry 'dmesg --help' for more information.\n", status: 1 });
    expect(con.exec('dmesg -T').status).toBe(1); // a real option kernlab does not implement: refused, not ignored
    expect(con.exec('free 3')).toEqual({ output: '\nUsage:\n free [options]\n', status: 1 });
  });

  it('the load average follows runnable tasks', () => {
    const { sh } = setup();
    sh('run loop.c');
    sh('tick 10s');
    const [one, five, fifteen] = sh('cat /proc/loadavg').split(' ').slice(0, 3).map(Number);
    // One always-runnable task, sampled twice (every 5 s): 1 - (1884/2048)^2 of the way to 1.0.
    expect(one).toBeGreaterThan(0.12);
    expect(one).toBeLessThan(0.18);
    expect(five).toBeLessThan(one);
    expect(fifteen).toBeLessThan(five);
  });
});

describe('sleep and nproc', () => {
  it('sleep lets seconds pass as tick does (units add up, a part of a tick rounds up) and shows what programs print; no task is made for it', () => {
    const { k, con, sh } = setup();
    const pid = jobPid(sh('run hello.c'));
    const next = k.jiffies;
    expect(sh('sleep 0.5')).toBe(`hello from ${pid}\n[1]+  Done                    ./hello\n`);
    expect(k.jiffies).toBe(next + 500);
    sh('sleep 1m 1.5 .0001');
    expect(k.jiffies).toBe(next + 500 + 61_500 + 1);
    const pids = k.tasks.size;
    expect(con.exec('sleep')).toEqual({ output: "sleep: missing operand\nTry 'sleep --help' for more information.\n", status: 1 });
    expect(con.exec('sleep 1x')).toEqual({ output: "sleep: invalid time interval '1x'\nTry 'sleep --help' for more information.\n", status: 1 });
    expect(con.exec('sleep 1d').status).toBe(1); // past tick's limit: nothing runs
    expect(k.jiffies).toBe(next + 62_001);
    expect(k.tasks.size).toBe(pids);
  });

  it('nproc counts the shell\'s allowed CPUs (what a program started here inherits); --all the machine\'s', () => {
    const { k, con, sh } = setup();
    expect(sh('nproc')).toBe('2\n');
    sh(`taskset -p 1 ${k.shell.pid}`);
    expect(sh('nproc')).toBe('1\n');
    expect(sh('nproc --all')).toBe('2\n');
    expect(sh('nproc --all --ignore=1')).toBe('1\n');
    expect(sh('nproc --all --ignore 5')).toBe('1\n'); // never fewer than one
    expect(con.exec('nproc 3')).toEqual({ output: "nproc: extra operand '3'\nTry 'nproc --help' for more information.\n", status: 1 });
    expect(con.exec('nproc --ignore=x')).toEqual({ output: "nproc: invalid number: 'x'\n", status: 1 });
  });
});
