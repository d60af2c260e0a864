// The console as a whole: completion, history, help, levels' allowed
// commands, errors, determinism, and that nothing a user types throws.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { jobPid, setup } from './helpers';

describe('completion', () => {
  it('command names, signal names, PIDs, /proc paths, program paths', () => {
    const { k, con, sh } = setup();
    expect(con.complete('ps')).toEqual(['ps', 'pstree']);
    expect(con.complete('kthread_')).toEqual(['kthread_create', 'kthread_run', 'kthread_stop']);
    expect(con.complete('kill -SIGK')).toEqual(['-SIGKILL']);
    expect(con.complete('kill -TE')).toEqual(['-TERM']);
    expect(con.complete('cat /proc/1/st')).toEqual(['/proc/1/stat', '/proc/1/statm', '/proc/1/status']);
    expect(con.complete('ps -e | gr')).toEqual(['grep']);
    expect(con.complete('grep Sig /proc/1/stat')).toEqual(['/proc/1/stat', '/proc/1/statm', '/proc/1/status']);
    expect(con.complete('prctl 1 s')).toEqual(['subreaper']);
    expect(con.complete('prctl 1 subreaper o')).toEqual(['off', 'on']);
    expect(con.complete('prctl ')).toContain('1');
    expect(con.complete('prctl ')).not.toContain('2'); // kthreadd: not a process prctl can mark
    expect(con.complete('ls /proc/sys/kernel/p')).toEqual(['/proc/sys/kernel/pid_max']);
    const pid = jobPid(sh('run loop.c'));
    expect(con.complete(`kill ${String(pid).slice(0, -1)}`)).toContain(String(pid));
    expect(con.complete('kill %')).toEqual(['%1']);
    expect(con.complete('renice 5 -p ')).toEqual([]);
    expect(con.complete('taskset -p ')).toContain(String(k.shell.pid));
    expect(con.complete('run lo')).toEqual(['loop', 'loop.c']);
    expect(con.complete('./lo')).toEqual(['./loop']);
    expect(con.complete('frob')).toEqual([]);
    expect(con.complete('sysctl kernel.p')).toEqual(['kernel.pid_max']);
    expect(con.complete('translate 1 0 ')).toEqual(['r', 'w', 'x']);
  });
});

describe('the console', () => {
  it('keeps a history of the lines given to it', () => {
    const { con } = setup();
    con.exec('ps');
    con.exec('');
    con.exec('tick 2');
    expect(con.history).toEqual(['ps', 'tick 2']);
  });

  it('help lists every command with a summary, and each command\'s usage', () => {
    const { con } = setup();
    const all = con.exec('help').output;
    for (const name of con.commandNames()) expect(all).toMatch(new RegExp(`^  ${name} +\\S`, 'm'));
    expect(all).toMatch(/acts as\s+root/);
    expect(con.help('kill')).toMatch(/^kill: kill \[-SIG\|-s SIG\|-n N\] PID/);
    expect(con.exec('help frob')).toEqual({ output: "help: no help topics match `frob'.\n", status: 1 });
    // Every help text fits an 80-column terminal.
    for (const name of [undefined, ...con.commandNames()]) for (const line of con.help(name).split('\n')) expect(line.length).toBeLessThanOrEqual(80);
    // And a narrower one (the game's console pane): filled to its width, not cut at 80 and wrapped again.
    con.resize(50);
    // (The synopsis line is left whole, and a word alone may be longer.)
    for (const name of [undefined, ...con.commandNames()]) {
      for (const line of con.help(name).split('\n').slice(name ? 1 : 0)) if (line.trim().includes(' ')) expect(line.length, line).toBeLessThanOrEqual(50);
    }
    expect(con.help('kill').split('\n').slice(1, 3)).toEqual(['    send a signal to processes, process groups', '    (-PGID), all (-1) or jobs (%N)']);
    expect(con.commandNames()).toEqual(expect.arrayContaining(['ps', 'pstree', 'cat', 'kill', 'strace', 'taskset', 'renice', 'prctl', 'wake_up_process', 'kthread_stop', 'pmap', 'translate', 'mprotect', 'munmap', 'find_vma', 'sysctl', 'dmesg', 'uptime', 'free', 'state', 'help', 'run', 'tick', 'echo', 'ls']));
  });

  it('bad input: command not found, shell syntax errors, redirections', () => {
    const { con } = setup();
    expect(con.exec('frobnicate')).toEqual({ output: 'kernlab: frobnicate: command not found\n', status: 127 });
    expect(con.exec("echo 'x")).toEqual({ output: "kernlab: unexpected EOF while looking for matching `''\n", status: 2 });
    expect(con.exec('ps | | grep bash')).toEqual({ output: "kernlab: syntax error near unexpected token `|'\n", status: 2 });
    expect(con.exec('|| grep bash')).toEqual({ output: "kernlab: syntax error near unexpected token `||'\n", status: 2 });
    expect(con.exec('ps < /dev/null')).toEqual({ output: "kernlab: syntax error near unexpected token `<'\n", status: 2 });
    expect(con.exec('ps > /tmp/out').status).toBe(1);
    expect(con.exec('# a comment')).toEqual({ output: '', status: 0 });
  });

  it('a level\'s allowed commands; help always works', () => {
    const { con } = setup({ allowed: new Set(['ps', 'tick']) });
    expect(con.exec('kill 1')).toEqual({ output: 'kernlab: kill: not allowed in this level\n', status: 126 });
    expect(con.exec('./prog')).toEqual({ output: 'kernlab: run: not allowed in this level\n', status: 126 });
    expect(con.exec('ps -p 1').status).toBe(0);
    expect(con.commandNames()).toEqual(expect.arrayContaining(['tick', 'ps', 'grep', 'head', 'tail', 'wc', 'clear', 'help', 'echo', 'printf', 'pgrep', 'pidof', 'ulimit', 'nproc', 'fg', 'unset'])); // help, clear, the filters, echo, printf, pgrep, pidof, ulimit, nproc, fg and unset: always
    expect(con.commandNames()).toHaveLength(16);
    // echo prints in every level; writing into /proc/sys needs a level that lists echo.
    expect(con.exec('ps -p 1 | wc -l && echo alive')).toEqual({ output: '2\nalive\n', status: 0 });
    expect(con.exec('echo alive')).toEqual({ output: 'alive\n', status: 0 });
    // Assignments change only the shell's variables: allowed everywhere.
    expect(con.exec('A=1; echo $A; unset A')).toEqual({ output: '1\n', status: 0 });
    expect(con.exec('echo 500 > /proc/sys/kernel/pid_max')).toEqual({ output: 'kernlab: /proc/sys/kernel/pid_max: writing files is not allowed in this level (echo only prints here)\n', status: 126 });
    expect(con.exec('help').output).not.toMatch(/^ {2}kill/m);
    expect(con.complete('k')).toEqual([]);
  });

  it('tick goes through the level engine\'s advance hook when one is given', () => {
    const steps: number[] = [];
    const { k, con } = setup({
      advance: (n) => {
        steps.push(n);
        k.run(n);
        return n;
      },
    });
    const j0 = k.jiffies;
    con.exec('tick 12000');
    expect(k.jiffies - j0).toBe(12000);
    expect(steps).toEqual([12000]); // the kernel samples the load average itself
  });

  it('shows output written while someone else ran the machine before the command\'s own, and the job notice after it', () => {
    const { k, sh } = setup();
    const pid = jobPid(sh('run hello.c'));
    k.run(20); // a screen's own loop
    // As bash: a job that ended while it waited at the prompt is reported before the next prompt.
    expect(sh('echo x')).toBe(`hello from ${pid}\nx\n[1]+  Done                    ./hello\n`);
  });

  it('never throws, whatever the line', () => {
    const { con } = setup();
    const words = ['ps', 'pstree', 'cat', 'ls', 'kill', 'strace', 'taskset', 'renice', 'prctl', 'wake_up_process', 'kthread_stop', 'kthread_create', 'pmap', 'translate', 'mprotect', 'munmap', 'find_vma', 'sysctl', 'echo', 'state', 'help', 'jobs', 'tick', 'uptime', 'free', 'dmesg', 'run'];
    const args = ['-e', '-f', '-p', '-o', 'pid,comm', '--ppid', '2', '1', '0', '-1', '99999', '%1', '-9', '-s', 'KILL', '/proc/1/stat', '/proc', '0x1000', '4k', 'rw-', 'subreaper', 'on', 'kernel.pid_max=500', '-cp', 'zz', "'", '"', '|', '>', '&', 'aux', '-L', 'x', ';', '&&', '||', ';;', '$?', '$(', ')', '`', '$((1+', '))', '#'];
    const line = fc.tuple(fc.constantFrom(...words, 'frob', './x', ''), fc.array(fc.oneof(fc.constantFrom(...args), fc.string({ maxLength: 6 })), { maxLength: 5 })).map(([w, a]) => [w, ...a].join(' '));
    fc.assert(
      fc.property(line, (l) => {
        const r = con.exec(l);
        con.complete(l); // never throws either
        return typeof r.output === 'string' && Number.isInteger(r.status) && !r.output.includes('internal error');
      }),
      { numRuns: 600, seed: 42 },
    );
    expect(con.exec('ps -p 1').status).toBe(0);
    expect(() => con.complete("kill '")).not.toThrow();
  });

  it('state --json is the same for two machines given the same seed and commands', () => {
    const script = ['run forktree.c', 'run zombie.c', 'tick 30', 'renice 5 -p 20', 'kill -STOP %1', 'tick 7', 'run mapper.c', 'tick 40'];
    const run = () => {
      const s = setup();
      for (const l of script) s.sh(l);
      return s.sh('state --json');
    };
    const a = run();
    const b = run();
    expect(a).toBe(b);
    const st = JSON.parse(a);
    expect(Object.keys(st)).toEqual(['jiffies', 'cpus', 'nr_threads', 'total_forks', 'pid_max', 'last_pid', 'tasks', 'rqs', 'mms', 'tlb']);
    expect(Object.keys(st.tasks[0])).toEqual(expect.arrayContaining(['pid', 'tgid', 'ppid', 'state', 'comm', 'cpu', 'nice', 'flags', 'threads', 'uid', 'minflt']));
    expect(st.tasks.find((t: { comm: string; state: string }) => t.comm === 'forktree' && t.state === 'T')).toBeDefined();
    expect(st.rqs[0]).toMatchObject({ cpu: 0, nr_running: expect.any(Number) });
    expect(st.mms[0]).toMatchObject({ pids: expect.any(Array), map_count: expect.any(Number), vmas: expect.any(Array) });
    expect(st.tlb).toHaveLength(2);
    const c = setup();
    for (const l of script.slice(0, -1)) c.sh(l);
    expect(c.sh('state --json')).not.toBe(a);
  });

  it('state without --json: a short summary', () => {
    const { sh } = setup();
    sh('run loop.c');
    sh('tick 3');
    expect(sh('state')).toMatch(/^jiffies \d+ \([\d.]+ s\), 2 CPUs, \d+ tasks: .*running.*\ncpu0: curr .*\ncpu1: curr .*\nmemory: \d+ kB free of 262144 kB, \d+ address spaces\n$/);
  });
});

describe('between ticks', () => {
  it('a program run on an idle machine is on a CPU at once (the IPI switches the idle CPU), not queued behind idle', () => {
    const { k, sh } = setup();
    const a = jobPid(sh('run loop.c'));
    const b = jobPid(sh('run loop.c'));
    expect(k.rqs.filter((rq) => rq.curr === rq.idle && rq.cfs.nrRunning > 0)).toEqual([]);
    expect(new Set(k.rqs.map((rq) => rq.curr.pid))).toEqual(new Set([a, b]));
    expect(sh('state')).toMatch(new RegExp(`cpu\\d: curr loop\\(${a}\\)`));
  });
});
