// run, tick, kill and bash's job notices; program output as it is written.
import { describe, expect, it } from 'vitest';
import { SOURCES, jobPid, setup } from './helpers';
import { TASK_STOPPED } from '../../src/kernel/task';

describe('run and tick', () => {
  it('prints the job line, then the program\'s output while ticks run, then the notice before the next prompt', () => {
    const { k, con, sh } = setup();
    const r = con.exec('run hello.c');
    expect(r.status).toBe(0);
    const pid = jobPid(r.output);
    expect(r.output).toBe(`[1] ${pid}\n`);
    const t = k.findTask(pid)!;
    expect([t.realParent, t.signal.pgrp, t.uid, t.comm]).toEqual([k.shell, pid, 1000, 'hello']);
    expect(k.vfs.exists('/home/student/hello')).toBe(true);
    // bash's notice ends the output of the command during which the job ended.
    expect(sh('tick 20')).toBe(`hello from ${pid}\n[1]+  Done                    ./hello\n`);
    expect(sh('ps')).toBe(`  PID TTY          TIME CMD\n${String(k.shell.pid).padStart(5)} pts/0    00:00:00 bash\n`);
  });

  it('reports exit codes and fatal signals as bash does', () => {
    const { sh } = setup();
    sh('run hello.c x y z');
    sh('run segv.c');
    expect(sh('tick 50')).toMatch(/\n\[1\]- {2}Exit 3 {18}\.\/hello x y z\n\[2\]\+ {2}Segmentation fault {6}\.\/segv\n$/);
    const loop = jobPid(sh('run loop.c'));
    expect(sh(`kill -9 ${loop}`)).toBe('');
    expect(sh('tick 5')).toBe('[1]+  Killed                  ./loop\n');
    expect(sh('')).toBe('');
    sh('run loop.c');
    sh('kill %1');
    expect(sh('tick 5')).toBe('[1]+  Terminated              ./loop\n');
    expect(sh('jobs')).toBe(''); // reported, so forgotten
  });

  it('a stopped job is announced after a blank line and listed by jobs', () => {
    const { sh } = setup();
    sh('run loop.c');
    sh('kill -STOP %1');
    expect(sh('tick')).toBe('\n[1]+  Stopped                 ./loop\n');
    expect(sh('jobs')).toBe('[1]+  Stopped                 ./loop\n');
    sh('kill -CONT %1');
    sh('tick');
    expect(sh('jobs')).toBe('[1]+  Running                 ./loop &\n');
  });

  it('jobs takes bash\'s options and jobspecs: -l with PIDs (and the stop signal), -p, -r, -s, unknown jobs in their place', () => {
    const { con, sh } = setup();
    const a = jobPid(sh('run loop.c'));
    const b = jobPid(sh('run loop.c'));
    sh('kill -STOP %1');
    sh('kill -TSTP %2');
    sh('run loop.c');
    sh('tick');
    // As bash 5.2 on a terminal: SIGSTOP is "Stopped (signal)" in the long format, SIGTSTP plain "Stopped".
    // Stopped jobs stay current (+) and previous (-) when a running one starts, as bash's reset_current.
    expect(sh('jobs -l')).toBe(`[1]- ${String(a).padStart(5)} Stopped (signal)        ./loop\n[2]+ ${String(b).padStart(5)} Stopped                 ./loop\n[3]  ${String(b + 1).padStart(5)} Running                 ./loop &\n`);
    expect(sh('jobs -p')).toBe(`${a}\n${b}\n${b + 1}\n`);
    expect(sh('jobs -s')).toBe('[1]-  Stopped                 ./loop\n[2]+  Stopped                 ./loop\n');
    expect(sh('jobs -r')).toBe('[3]   Running                 ./loop &\n');
    expect(con.exec('jobs %2 %9 1')).toEqual({ output: '[2]+  Stopped                 ./loop\njobs: %9: no such job\n[1]-  Stopped                 ./loop\n', status: 1 });
    expect(con.exec('jobs -z')).toEqual({ output: 'jobs: -z: invalid option\njobs: usage: jobs [-lnprs] [jobspec ...] or jobs -x command [args]\n', status: 2 });
  });

  it('program output interleaves with strace lines as they come', () => {
    const { sh } = setup();
    const pid = jobPid(sh('run chatty.c'));
    sh('tick 2');
    // Attached in usleep: strace sees the sleep restart (and does not know which call it was).
    expect(sh(`strace -f -p ${pid}`)).toBe(`strace: Process ${pid} attached\nrestart_syscall(<... resuming interrupted read ...>`);
    const out = sh('tick 200');
    // The entry is printed when the call is made, the program's output lands after it, then the result: as on a terminal.
    expect(out).toContain('write(1, "line 1\\n", 7line 1\n)                 = 7\n');
    expect(out).toMatch(/strace: Process (\d+) attached\n/);
    expect(out).toMatch(/\[pid +\d+\] write\(1, "child\\n", 6child\n\) += 6\n/);
    expect(out).toContain('+++ exited with 0 +++');
  });

  it('compile errors and missing files', () => {
    const { con } = setup();
    const r = con.exec('run broken.c');
    expect(r.status).toBe(1);
    expect(r.output).toMatch(/^broken\.c:3:\d+: error: /);
    expect(con.exec('run nosuch.c')).toEqual({ output: 'run: nosuch.c: No such file or directory\n', status: 1 });
    expect(con.exec('run /bin/nosuch')).toEqual({ output: 'run: /bin/nosuch: No such file or directory\n', status: 1 });
    // A path bash cannot execute: its messages and statuses (127 not there, 126 there but not a program).
    expect(con.exec('./nosuch')).toEqual({ output: 'kernlab: ./nosuch: No such file or directory\n', status: 127 });
    con.exec('run hello.c');
    expect(con.exec('./hello.c')).toEqual({ output: 'kernlab: ./hello.c: Permission denied\n', status: 126 }); // the source beside the program
    expect(con.exec('/proc/1/status')).toEqual({ output: 'kernlab: /proc/1/status: Permission denied\n', status: 126 });
    expect(con.exec('/proc')).toEqual({ output: 'kernlab: /proc: Is a directory\n', status: 126 });
  });

  it('./NAME and run PATH start programs already on the machine; time words for tick', () => {
    const { k, con, sh } = setup();
    sh('run hello.c');
    sh('tick 20');
    const r = con.exec('./hello 1 2');
    expect(r.output).toMatch(/^\[1\] \d+\n$/);
    expect(sh('tick 1s')).toMatch(/^hello from \d+\n\[1\]\+ {2}Exit 2 {18}\.\/hello 1 2\n$/);
    expect(k.jiffies).toBeGreaterThan(1000);
    expect(con.exec('tick 250ms')).toEqual({ output: '', status: 0 });
    expect(con.exec('tick 1.5')).toEqual({ output: 'tick: 1.5: invalid number of ticks\n', status: 1 });
    expect(sh('run /home/student/hello')).toMatch(/^\[1\] \d+\n$/);
    expect(SOURCES['hello.c']).toContain('getpid');
  });
});

describe('bg', () => {
  it('continues a stopped job with SIGCONT to its group and shows it as bash does; says so for a running or unknown job', () => {
    const { k, con, sh } = setup();
    const a = jobPid(sh('run loop.c'));
    sh('run loop.c');
    expect(con.exec('bg')).toEqual({ output: 'bg: job 2 already in background\n', status: 0 });
    sh('kill -STOP %1');
    sh('tick');
    expect(k.findTask(a)!.state).toBe(TASK_STOPPED);
    expect(con.exec('bg')).toEqual({ output: '[1]+ ./loop &\n', status: 0 });
    sh('tick');
    expect(k.findTask(a)!.state).not.toBe(TASK_STOPPED);
    expect(sh('jobs')).toBe('[1]-  Running                 ./loop &\n[2]+  Running                 ./loop &\n');
    expect(con.exec('bg %9')).toEqual({ output: 'bg: %9: no such job\n', status: 1 });
    sh('kill -9 %1 %2');
    sh('tick');
    expect(con.exec('bg')).toEqual({ output: 'bg: current: no such job\n', status: 1 });
  });
});

describe('fg', () => {
  it('answers as bash with job control off, whatever the job, and leaves the job as it was', () => {
    const { k, sh, con } = setup({ allowed: new Set(['run', 'tick']) });
    const a = jobPid(sh('run loop.c'));
    expect(con.exec('fg')).toEqual({ output: 'fg: no job control\n', status: 1 });
    expect(con.exec('fg %1')).toEqual({ output: 'fg: no job control\n', status: 1 });
    expect(con.exec('fg || echo $?')).toEqual({ output: 'fg: no job control\n1\n', status: 0 });
    sh('tick');
    expect(k.findTask(a)!.state).not.toBe(TASK_STOPPED);
    expect(con.exec('help fg').output).toContain('no job control');
  });
});

describe('kill', () => {
  it('takes a job by name as bash does (%NAME, %?TEXT), and says when a name fits more than one', () => {
    const { sh, con } = setup();
    sh('run loop.c');
    sh('run hello.c');
    expect(con.exec('kill %?ell')).toEqual({ output: '', status: 0 });
    expect(sh('tick 5')).toBe('[2]+  Terminated              ./hello\n');
    sh('run hello.c 1');
    expect(con.exec('kill %./')).toEqual({ output: 'kill: ./: ambiguous job spec\n', status: 1 });
    expect(con.exec('jobs %?o')).toEqual({ output: 'jobs: o: ambiguous job spec\njobs: %?o: no such job\n', status: 1 });
    expect(con.exec('kill -STOP %./loop')).toEqual({ output: '', status: 0 });
    expect(sh('tick')).toMatch(/\[1\]. {2}Stopped {17}\.\/loop\n/);
  });

  it('errors as bash prints them', () => {
    const { con } = setup();
    expect(con.exec('kill 99999')).toEqual({ output: 'kill: (99999) - No such process\n', status: 1 });
    expect(con.exec('kill -s FOO 1')).toEqual({ output: 'kill: FOO: invalid signal specification\n', status: 1 });
    expect(con.exec('kill -SIGFOO 1')).toEqual({ output: 'kill: SIGFOO: invalid signal specification\n', status: 1 });
    expect(con.exec('kill abc')).toEqual({ output: 'kill: abc: arguments must be process or job IDs\n', status: 1 });
    expect(con.exec('kill %3')).toEqual({ output: 'kill: %3: no such job\n', status: 1 });
    expect(con.exec('kill -s')).toEqual({ output: 'kill: -s: option requires an argument\n', status: 1 });
    const usage = 'kill: usage: kill [-s sigspec | -n signum | -sigspec] pid | jobspec ... or kill -l [sigspec]\n';
    expect(con.exec('kill')).toEqual({ output: usage, status: 2 });
    expect(con.exec('kill -9')).toEqual({ output: usage, status: 2 });
    expect(con.exec('kill -- -99999')).toEqual({ output: 'kill: (-99999) - No such process\n', status: 1 });
    expect(con.exec('kill -l 9').output).toBe('KILL\n');
    expect(con.exec('kill -l 137').output).toBe('KILL\n');
    expect(con.exec('kill -l sigterm').output).toBe('15\n');
  });

  it('parses its options as bash 5.2 does (outputs taken from bash -c)', () => {
    const { con } = setup();
    const gone = { output: 'kill: (99999) - No such process\n', status: 1 };
    expect(con.exec('kill -n TERM 99999')).toEqual(gone); // -n takes names too
    expect(con.exec('kill -sTERM 99999')).toEqual(gone);
    expect(con.exec('kill -n9 99999')).toEqual(gone);
    expect(con.exec('kill -EXIT 99999')).toEqual(gone); // EXIT is signal 0
    expect(con.exec('kill -sigterm 99999')).toEqual({ output: 'kill: igterm: invalid signal specification\n', status: 1 });
    expect(con.exec('kill -nTERM 99999')).toEqual({ output: 'kill: nTERM: invalid signal specification\n', status: 1 });
    expect(con.exec('kill -l 0')).toEqual({ output: 'EXIT\n', status: 0 });
    expect(con.exec('kill -l EXIT')).toEqual({ output: '0\n', status: 0 });
    expect(con.exec('kill -l 32')).toEqual({ output: '', status: 0 });
    expect(con.exec('kill -l +9 192')).toEqual({ output: 'KILL\nRTMAX\n', status: 0 });
    expect(con.exec('kill -l 9 -9')).toEqual({ output: 'KILL\nkill: -9: invalid signal specification\n', status: 1 });
    expect(con.exec('kill -l -9').output).toMatch(/^ 1\) SIGHUP\t/); // -9 is taken as the signal; the list follows
    expect(con.exec('kill -l -- 9').output).toBe('KILL\n');
    expect(con.exec('kill -?').status).toBe(2);
  });

  it('sends as root from the shell: si_pid is the shell\'s pid; -PGID signals a group', () => {
    const { k, sh } = setup();
    const a = jobPid(sh('run loop.c'));
    sh('tick 2');
    let seen: { from: number; signo: number } | null = null;
    k.events.listen((e) => {
      if (e.type === 'signal' && e.pid === a && e.action === 'queued') seen = { from: e.from, signo: e.signo };
    });
    expect(sh(`kill -USR1 ${a}`)).toBe('');
    expect(seen).toEqual({ from: k.shell.pid, signo: 10 });
    expect(sh('tick 5')).toBe('[1]+  User defined signal 1   ./loop\n');
    const b = jobPid(sh('run loop.c'));
    sh('tick 2');
    sh(`kill -- -${b}`);
    expect(sh('tick 5')).toBe('[1]+  Terminated              ./loop\n');
    expect(k.findTask(b)).toBeUndefined();
    expect(sh('kill -0 1')).toBe('');
  });

  it('the interactive shell survives SIGINT (caught) and SIGTERM (ignored), as bash does; its jobs do not', () => {
    const { k, sh } = setup();
    const job = jobPid(sh('run loop.c'));
    sh('tick 2');
    const bash = k.shell.pid;
    expect(sh(`kill -INT ${bash}`)).toBe('');
    expect(sh(`kill -TERM ${bash}`)).toBe('');
    sh('tick 5');
    expect(k.findTask(bash)?.exitState).toBe(0);
    expect(sh(`grep -E 'SigIgn|SigCgt' /proc/${bash}/status`)).toBe('SigIgn:\t0000000000384004\nSigCgt:\t0000000000010002\n');
    sh(`kill -INT ${job}`);
    expect(sh('tick 5')).toBe('[1]+  Interrupt               ./loop\n');
  });
});

describe('strace', () => {
  it('attaches, follows forks with -f, detaches with --detach; refuses what Linux refuses', () => {
    const { k, con, sh } = setup();
    const pid = jobPid(sh('run forktree.c'));
    sh('tick 50');
    // strace 6.1: one line for the process and its threads, then each thread's pause() again, the newest first.
    const [t0, t1, t2] = k.findTask(pid)!.signal.threads;
    expect(sh(`strace -f -p ${pid}`)).toBe(
      `strace: Process ${pid} attached with 3 threads\n[pid ${String(t2.pid).padStart(5)}] pause( <unfinished ...>\n` +
        `[pid ${String(t1.pid).padStart(5)}] pause( <unfinished ...>\n[pid ${String(t0.pid).padStart(5)}] pause(`,
    );
    expect(k.findTask(pid)!.signal.threads.every((t) => t.traced && t.traceFollowForks)).toBe(true);
    expect(con.exec(`strace -p ${pid}`)).toEqual({ output: `strace: attach: ptrace(PTRACE_SEIZE, ${pid}): Operation not permitted\n`, status: 1 });
    expect(sh(`strace --detach -p ${pid}`)).toBe(`strace: Process ${t0.pid} detached\n <detached ...>\nstrace: Process ${t1.pid} detached\nstrace: Process ${t2.pid} detached\n`);
    expect(k.findTask(pid)!.signal.threads.some((t) => t.traced)).toBe(false);
    expect(con.exec('strace -p 99999')).toEqual({ output: 'strace: attach: ptrace(PTRACE_SEIZE, 99999): No such process\n', status: 1 });
    expect(con.exec('strace -p 2')).toEqual({ output: 'strace: attach: ptrace(PTRACE_SEIZE, 2): Operation not permitted\n', status: 1 });
    expect(con.exec('strace').status).toBe(1);
  });

  it('refuses a zombie as ptrace_attach does (EPERM: it has exited), not as a missing pid', () => {
    const { k, con, sh } = setup();
    const parent = jobPid(sh('run zombie.c'));
    sh('tick 50');
    const z = [...k.findTask(parent)!.children][0];
    expect(z.exitState).toBeTruthy();
    expect(con.exec(`strace -p ${z.pid}`)).toEqual({ output: `strace: attach: ptrace(PTRACE_SEIZE, ${z.pid}): Operation not permitted\n`, status: 1 });
  });

  it('strace -f PROG starts a traced job from its execve, as the lecture\'s strace -f ./process', () => {
    const { con, sh } = setup();
    const r = con.exec('strace -f hello.c 7');
    const pid = jobPid(r.output);
    expect(r.output).toMatch(new RegExp(`^\\[1\\] ${pid}\\nexecve\\("/home/student/hello", \\["\\./hello", "7"\\], 0x[0-9a-f]+ /\\* \\d+ vars \\*/\\) = 0\\n$`));
    const out = sh('tick 50');
    expect(out).toContain(`getpid()                                = ${pid}\n`);
    expect(out).toContain(`write(1, "hello from ${pid}\\n", 16hello from ${pid}\n)       = 16\n`);
    expect(out.endsWith('exit_group(1)                           = ?\n+++ exited with 1 +++\n[1]+  Exit 1                  strace -f hello.c 7\n')).toBe(true);
    expect(con.exec('strace ./nosuch')).toEqual({ output: 'strace: ./nosuch: No such file or directory\n', status: 1 });
  });
});
