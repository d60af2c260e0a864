// strace's filters in the console (-e trace=, -e signal=, -q): what a
// student sees for a small program that maps memory, forks, kills its
// child and waits for it, compared with strace 6.1 tracing the same
// program on Linux.
import { describe, expect, it } from 'vitest';
import { Kernel } from '../../src/kernel/kernel';
import { Console } from '../../src/console/console';
import { SYSCALL_NAMES } from '../../src/kernel/syscalls';
import { StraceFilter, qualify } from '../../src/kernel/strace-filter';
import { SYSCALL_CLASSES, SYSCALLS_64 } from '../../src/kernel/strace-sysent';
import { jobPid, setup } from './helpers';

const FMK = `#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/wait.h>

int main(void) {
  char *p = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  p[0] = 'x';
  pid_t pid = fork();
  if (pid == 0) {
    pause();
    return 0;
  }
  usleep(10000);
  kill(pid, SIGTERM);
  int status;
  waitpid(pid, &status, 0);
  printf("killed by %d\\n", WTERMSIG(status));
  munmap(p, 8192);
  return 0;
}
`;

/**
 * `script -qc "strace -f OPTS ./fmk" /dev/null` (a terminal, as the
 * console is), as root, with FMK built by gcc 12.2 (glibc 2.36, Debian 12,
 * strace 6.1). Where Linux's order varies from run to run (which task
 * strace hears from first), the run kept is one kernlab's order is.
 */
const LINUX: Record<string, string> = {
  '-e trace=%process':
    `execve("./fmk", ["./fmk"], 0x7fff2c113318 /* 35 vars */) = 0
clone(child_stack=NULL, flags=CLONE_CHILD_CLEARTID|CLONE_CHILD_SETTID|SIGCHLDstrace: Process 13510 attached
, child_tidptr=0x7fa6f4016a10) = 13510
[pid 13509] kill(13510, SIGTERM)        = 0
[pid 13509] wait4(13510,  <unfinished ...>
[pid 13510] --- SIGTERM {si_signo=SIGTERM, si_code=SI_USER, si_pid=13509, si_uid=0} ---
[pid 13510] +++ killed by SIGTERM +++
<... wait4 resumed>[{WIFSIGNALED(s) && WTERMSIG(s) == SIGTERM}], 0, NULL) = 13510
--- SIGCHLD {si_signo=SIGCHLD, si_code=CLD_KILLED, si_pid=13510, si_uid=0, si_status=SIGTERM, si_utime=0, si_stime=0} ---
killed by 15
exit_group(0)                           = ?
+++ exited with 0 +++
`,
  '-e trace=%memory':
    `brk(NULL)                               = 0x558775f6a000
mmap(NULL, 8192, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0) = 0x7f57679c4000
mmap(NULL, 34547, PROT_READ, MAP_PRIVATE, 3, 0) = 0x7f57679bb000
mmap(NULL, 1974096, PROT_READ, MAP_PRIVATE|MAP_DENYWRITE, 3, 0) = 0x7f57677d9000
mmap(0x7f57677ff000, 1400832, PROT_READ|PROT_EXEC, MAP_PRIVATE|MAP_FIXED|MAP_DENYWRITE, 3, 0x26000) = 0x7f57677ff000
mmap(0x7f5767955000, 339968, PROT_READ, MAP_PRIVATE|MAP_FIXED|MAP_DENYWRITE, 3, 0x17c000) = 0x7f5767955000
mmap(0x7f57679a8000, 24576, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_FIXED|MAP_DENYWRITE, 3, 0x1cf000) = 0x7f57679a8000
mmap(0x7f57679ae000, 53072, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_FIXED|MAP_ANONYMOUS, -1, 0) = 0x7f57679ae000
mmap(NULL, 12288, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0) = 0x7f57677d6000
mprotect(0x7f57679a8000, 16384, PROT_READ) = 0
mprotect(0x55875975e000, 4096, PROT_READ) = 0
mprotect(0x7f57679ff000, 8192, PROT_READ) = 0
munmap(0x7f57679bb000, 34547)           = 0
mmap(NULL, 8192, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0) = 0x7f57679c2000
strace: Process 13715 attached
[pid 13715] --- SIGTERM {si_signo=SIGTERM, si_code=SI_USER, si_pid=13714, si_uid=0} ---
[pid 13715] +++ killed by SIGTERM +++
--- SIGCHLD {si_signo=SIGCHLD, si_code=CLD_KILLED, si_pid=13715, si_uid=0, si_status=SIGTERM, si_utime=0, si_stime=0} ---
brk(NULL)                               = 0x558775f6a000
brk(0x558775f8b000)                     = 0x558775f8b000
killed by 15
munmap(0x7f57679c2000, 8192)            = 0
+++ exited with 0 +++
`,
  '-e trace=%signal':
    `strace: Process 13607 attached
[pid 13607] pause( <unfinished ...>
[pid 13606] kill(13607, SIGTERM)        = 0
[pid 13607] <... pause resumed>)        = ? ERESTARTNOHAND (To be restarted if no handler)
[pid 13607] --- SIGTERM {si_signo=SIGTERM, si_code=SI_USER, si_pid=13606, si_uid=0} ---
[pid 13607] +++ killed by SIGTERM +++
--- SIGCHLD {si_signo=SIGCHLD, si_code=CLD_KILLED, si_pid=13607, si_uid=0, si_status=SIGTERM, si_utime=0, si_stime=0} ---
killed by 15
+++ exited with 0 +++
`,
  '-e signal=none -e trace=%process':
    `execve("./fmk", ["./fmk"], 0x7ffde30925e8 /* 35 vars */) = 0
clone(child_stack=NULL, flags=CLONE_CHILD_CLEARTID|CLONE_CHILD_SETTID|SIGCHLDstrace: Process 13821 attached
, child_tidptr=0x7f519b290a10) = 13821
[pid 13820] kill(13821, SIGTERM)        = 0
[pid 13820] wait4(13821, [{WIFSIGNALED(s) && WTERMSIG(s) == SIGTERM}], 0, NULL) = 13821
killed by 15
exit_group(0)                           = ?
+++ exited with 0 +++
`,
  '-e trace=kill,wait4':
    `strace: Process 13924 attached
[pid 13923] kill(13924, SIGTERM)        = 0
[pid 13923] wait4(13924,  <unfinished ...>
[pid 13924] --- SIGTERM {si_signo=SIGTERM, si_code=SI_USER, si_pid=13923, si_uid=0} ---
[pid 13924] +++ killed by SIGTERM +++
<... wait4 resumed>[{WIFSIGNALED(s) && WTERMSIG(s) == SIGTERM}], 0, NULL) = 13924
--- SIGCHLD {si_signo=SIGCHLD, si_code=CLD_KILLED, si_pid=13924, si_uid=0, si_status=SIGTERM, si_utime=0, si_stime=0} ---
killed by 15
+++ exited with 0 +++
`,
  '-e trace=write,exit_group':
    `strace: Process 14027 attached
[pid 14027] --- SIGTERM {si_signo=SIGTERM, si_code=SI_USER, si_pid=14026, si_uid=0} ---
[pid 14027] +++ killed by SIGTERM +++
--- SIGCHLD {si_signo=SIGCHLD, si_code=CLD_KILLED, si_pid=14027, si_uid=0, si_status=SIGTERM, si_utime=0, si_stime=0} ---
write(1, "killed by 15\\n", 13killed by 15
)          = 13
exit_group(0)                           = ?
+++ exited with 0 +++
`,
  '-e signal=SIGCHLD -e trace=none':
    `strace: Process 14124 attached
--- SIGCHLD {si_signo=SIGCHLD, si_code=CLD_KILLED, si_pid=14124, si_uid=0, si_status=SIGTERM, si_utime=0, si_stime=0} ---
killed by 15
+++ exited with 0 +++
`,
  '-qq -e trace=%process -e signal=!SIGCHLD':
    `execve("./fmk", ["./fmk"], 0x7fffc020cc60 /* 35 vars */) = 0
clone(child_stack=NULL, flags=CLONE_CHILD_CLEARTID|CLONE_CHILD_SETTID|SIGCHLD, child_tidptr=0x7fb8384e5a10) = 16378
[pid 16377] kill(16378, SIGTERM)        = 0
[pid 16377] wait4(16378,  <unfinished ...>
[pid 16378] --- SIGTERM {si_signo=SIGTERM, si_code=SI_USER, si_pid=16377, si_uid=0} ---
[pid 16378] +++ killed by SIGTERM +++
<... wait4 resumed>[{WIFSIGNALED(s) && WTERMSIG(s) == SIGTERM}], 0, NULL) = 16378
killed by 15
exit_group(0)                           = ?
`,
};

/** Lines ld.so and libc's start-up make before main (kernlab runs no dynamic loader): the first 13 of Linux's -e trace=%memory. */
const LOADER_MEMORY_LINES = 13;

/** Runs `strace -f OPTS fmk.c` as a job until it is done; the terminal's text without the job's own lines. */
function traced(opts: string): string {
  const k = new Kernel({ cpus: 2, seed: 'test' });
  const con = new Console(k, { readFile: (p) => (p === 'fmk.c' ? FMK : null) });
  const out = con.exec(`strace -f ${opts} fmk.c`).output + con.exec('tick 100').output;
  expect(out).toMatch(/^\[1\] \d+\n/); // the job starts; its execve line may follow at once
  expect(out).toMatch(/\[1\]\+ {2}Done {20}strace .*\n$/);
  return out.replace(/^\[1\] \d+\n/, '').replace(/\[1\]\+ {2}Done .*\n$/, '');
}

/**
 * strace's tabto: the result at column 40 (after at least one space), for
 * lines strace began (not for the rest of one the program's output or an
 * attach message broke).
 */
function retab(text: string): string {
  return text
    .split('\n')
    .map((l) => {
      const m = /^([^),].*\)) +(= .*)$/.exec(l);
      return m ? m[1] + ' '.repeat(Math.max(1, 40 - m[1].length)) + m[2] : l;
    })
    .join('\n');
}

/**
 * What must be equal: PIDs (P1, P2 in order of appearance), addresses,
 * the uid (kernlab's student is 1000, Linux's run was root) and execve's
 * path and environment differ; the result column is recomputed for them.
 */
function normalize(text: string): string {
  const pids = new Set<string>();
  for (const m of text.matchAll(/\[pid +(\d+)\]|Process (\d+) attached|si_pid=(\d+)/g)) pids.add(m[1] ?? m[2] ?? m[3]);
  const order = [...text.matchAll(/\d+/g)].map((m) => m[0]).filter((n, i, all) => pids.has(n) && all.indexOf(n) === i);
  return retab(
    text
      .replace(/\[pid +(\d+)\]/g, '[pid $1]')
      .replace(/\b\d+\b/g, (n) => (order.includes(n) ? `P${order.indexOf(n) + 1}` : n))
      .replace(/0x[0-9a-f]+/g, '0xADDR')
      .replace(/si_uid=\d+/g, 'si_uid=UID')
      .replace(/execve\("[^"]*", \[[^\]]*\], 0xADDR \/\* \d+ vars \*\/\)/g, 'execve(PROG)'),
  );
}

describe('strace -e: the same lines as strace 6.1 on Linux for the same program', () => {
  for (const opts of Object.keys(LINUX)) {
    it(`strace -f ${opts}`, () => {
      const kernlab = traced(opts);
      expect(retab(kernlab)).toBe(kernlab); // results at strace's column with kernlab's own PIDs
      let linux = LINUX[opts];
      if (opts === '-e trace=%memory') linux = linux.split('\n').slice(LOADER_MEMORY_LINES).join('\n');
      expect(normalize(kernlab)).toBe(normalize(linux));
    });
  }

  it('with no filter, every call and signal, as before', () => {
    const all = traced('');
    for (const call of ['execve(', 'mmap(', 'clone(', 'clock_nanosleep(', 'kill(', 'wait4(', 'write(1, "killed by 15\\n"', 'munmap(', 'exit_group(0)'])
      expect(all).toContain(call);
    expect(all).toContain('--- SIGCHLD {');
    expect(traced('-e trace=all -e signal=all')).toBe(all);
  });

  it('numbers, /regex, legacy class names and ?name pick calls as names do', () => {
    const killWait = traced('-e trace=kill,wait4');
    expect(traced('-e trace=62,61')).toBe(killWait); // x86_64's numbers
    expect(traced("-e 'trace=/^(kill|wait4)$'")).toBe(killWait);
    expect(traced('-e trace=kill@64,?nosuchcall,wait4')).toBe(killWait);
    expect(traced('--trace=process')).toBe(traced('-e trace=%process'));
    expect(traced('-e %process')).toBe(traced('-e trace=%process'));
  });

  it('! negates the set: trace=!%memory,write shows everything else', () => {
    const out = traced('-e trace=!%memory,write');
    expect(out).not.toMatch(/^(\[pid +\d+\] )?(mmap|munmap|brk|write)\(/m);
    for (const call of ['execve(', 'clone(', 'clock_nanosleep(', 'kill(', 'wait4(', 'newfstatat(1, ""', 'exit_group(0)']) expect(out).toContain(call);
    expect(out).toContain('killed by 15\n'); // the program's own output still reaches the terminal
  });

  it('-qq also drops "+++ exited with N +++" (not "+++ killed by"); -q only the attach message', () => {
    const q = traced('-q -e trace=%process');
    expect(q).not.toContain('attached');
    expect(q).toContain('+++ exited with 0 +++');
    const qq = traced('-qq -e trace=%process');
    expect(qq).not.toContain('+++ exited with');
    expect(qq).toContain('+++ killed by SIGTERM +++');
    expect(traced('-e quiet=attach,exit -e trace=%process')).toBe(qq);
    expect(traced('-fqq -etrace=%process')).toBe(qq); // clustered short options, as getopt takes them
  });
});

describe('strace -e: bad input gets strace\'s own message, status 1, and no job', () => {
  // Each checked against strace 6.1: `strace -f ARGS ./fmk; echo $?`.
  const cases: [string, string][] = [
    ['-e trace=foo', "strace: invalid system call 'foo'\n"],
    ['-e foo', "strace: invalid system call 'foo'\n"],
    ['-e foo=bar', "strace: invalid system call 'foo=bar'\n"],
    ['-e trace=%foo', "strace: invalid system call '%foo'\n"],
    ['-e trace=', "strace: invalid system call ''\n"],
    ['-e trace=open,foo', "strace: invalid system call 'foo'\n"],
    ['-e trace=!foo', "strace: invalid system call 'foo'\n"],
    ['-e trace=999', "strace: invalid system call '999'\n"],
    ['-e trace=%all', "strace: invalid system call '%all'\n"],
    ['-e trace=Kill', "strace: invalid system call 'Kill'\n"],
    ['-e trace=newfstatat@32', "strace: invalid system call 'newfstatat@32'\n"],
    ['-e trace=kill@foo', "strace: incorrect personality designator 'foo' in qualification 'kill@foo'\nTry 'strace -h' for more information.\n"],
    ['-e trace=/(', "strace: regcomp: (: Unmatched ( or \\(\n"],
    ['-e signal=FOO', "strace: invalid signal 'FOO'\n"],
    ['-e signal=SIGPOLL', "strace: invalid signal 'SIGPOLL'\n"],
    ['-e signal=chld,!term', "strace: invalid signal '!term'\n"],
    ['-e signal=256', "strace: invalid signal '256'\n"],
    ['-e signal=', "strace: invalid signal ''\n"],
    ['-e quiet=foo', "strace: invalid quiet 'foo'\n"],
    ['--quiet=foo', "strace: invalid quiet 'foo'\n"],
    ['--trace=', "strace: invalid system call ''\n"],
    ['--foo', "strace: unrecognized option '--foo'\nTry 'strace -h' for more information.\n"],
  ];
  for (const [opts, message] of cases) {
    it(`strace ${opts} fmk.c`, () => {
      const { con, sh } = setup();
      expect(con.exec(`strace ${opts} hello.c`)).toEqual({ output: message, status: 1 });
      expect(sh('jobs')).toBe(''); // nothing started; the console goes on
    });
  }

  it('a missing argument, as getopt says it', () => {
    const { con } = setup();
    const help = "Try 'strace -h' for more information.\n";
    expect(con.exec('strace -e')).toEqual({ output: `strace: option requires an argument -- 'e'\n${help}`, status: 1 });
    expect(con.exec('strace -fe')).toEqual({ output: `strace: option requires an argument -- 'e'\n${help}`, status: 1 });
    expect(con.exec('strace --trace')).toEqual({ output: `strace: option '--trace' requires an argument\n${help}`, status: 1 });
    expect(con.exec('strace --signal')).toEqual({ output: `strace: option '--signals' requires an argument\n${help}`, status: 1 }); // sic, strace 6.1
  });

  it('what strace accepts is accepted: i386 names, numbers of any personality, signal names in any case', () => {
    const { con } = setup();
    for (const opts of ['-e trace=waitpid', '-e trace=socketcall', '-e trace=?foo', '-e trace=435', '-e trace=512@x32', '-e trace=kill@32', '-e trace=!!kill', '-e trace=kill,,', '-e trace=,kill', '--trace kill', '-e signal=term', '-e signal=sigchld', '-e signal=rt_2', '-e signal=SIGRTMIN', '-e signal=IO', '-e signal=255', '-e signal=0', '-e quiet=none', '--quiet', '-e t=kill', '-e s=none', '-e q=all'])
      expect(con.exec(`strace ${opts} hello.c`).output).toMatch(/^\[\d+\] \d+\n/); // a job, not an error
  });

  it('qualifiers kernlab does not filter with are named, not silently ignored', () => {
    const { con } = setup();
    expect(con.exec('strace -e verbose=all hello.c')).toEqual({ output: "strace: -e verbose=: kernlab's strace filters with trace=, signal= and quiet= only\n", status: 1 });
  });
});

describe('strace -e on a running process (-p)', () => {
  it('attached with -qq -e trace=write: only the writes and signals, no attach or exit messages, children included (-f)', () => {
    const { sh } = setup();
    const pid = jobPid(sh('run chatty.c'));
    sh('tick 2');
    // Attached in usleep: its restart (restart_syscall) is not a write.
    expect(sh(`strace -f -qq -e trace=write -p ${pid}`)).toBe('');
    const out = sh('tick 200');
    const lines = out.split('\n').filter((l) => l && !/^line \d|^child$|^\[1\]/.test(l));
    expect(lines.length).toBeGreaterThan(0);
    for (const l of lines) expect(l).toMatch(/^(\[pid +\d+\] )?(write\(1, "(line \d|child)\\n", \d+(line \d|child)|\) +=|--- SIGCHLD \{)/);
    expect(out).toMatch(/\[pid +\d+\] write\(1, "child\\n", 6child\n\) += 6\n/);
    expect(out).not.toContain('attached');
    expect(out).not.toContain('+++');
  });

  it('-q: no attach or detach message; trace=none still shows the signals and the death; signal=none hides them', () => {
    const { sh } = setup();
    const a = jobPid(sh('run mapper.c'));
    const b = jobPid(sh('run mapper.c'));
    sh('tick 5');
    expect(sh(`strace -q -e trace=none -p ${a}`)).toBe('');
    expect(sh(`strace --detach -p ${a}`)).toBe(''); // the quiet strace's task: no "Process N detached"
    expect(sh(`strace -e trace=none -p ${a}`)).toBe(`strace: Process ${a} attached\n`);
    expect(sh(`strace -q -e trace=none -e signal=none -p ${b}`)).toBe('');
    sh(`kill -USR1 ${a} ${b}`);
    const out = sh('tick 5');
    const pre = `(\\[pid +${a}\\] )?`; // one strace per process on Linux: no prefix (kernlab's one tracer counts both)
    expect(out).toMatch(new RegExp(`^${pre}--- SIGUSR1 \\{si_signo=SIGUSR1, si_code=SI_USER, si_pid=\\d+, si_uid=\\d+\\} ---\n${pre}\\+\\+\\+ killed by SIGUSR1 \\+\\+\\+\n`));
    expect(out.match(/SIGUSR1 \{/g)).toHaveLength(1); // b's strace shows no signal
    expect(out.match(/User defined signal 1/g)).toHaveLength(2);
  });
});

describe("strace's classes for the calls kernlab makes", () => {
  const members = (cls: string): string[] => {
    const f = new StraceFilter();
    expect(qualify(f, `trace=${cls}`)).toBeNull();
    return SYSCALL_NAMES.filter((n) => f.traces(n)).sort();
  };

  it('every call kernlab makes is one strace knows, with its class', () => {
    for (const n of SYSCALL_NAMES) {
      expect(SYSCALLS_64).toContain(n);
      expect(SYSCALL_CLASSES[n]).toBeTypeOf('number');
    }
  });

  it('as in strace 6.1 src/linux/x86_64/syscallent.h (TP, TM, TS, TD, TF, TC, PU)', () => {
    expect(members('%process')).toEqual(['clone', 'clone3', 'execve', 'exit', 'exit_group', 'fork', 'kill', 'tgkill', 'tkill', 'vfork', 'wait4', 'waitid']);
    expect(members('%memory')).toEqual(['brk', 'madvise', 'mmap', 'mprotect', 'mremap', 'munmap']);
    expect(members('%signal')).toEqual(['kill', 'pause', 'rt_sigaction', 'rt_sigpending', 'rt_sigprocmask', 'rt_sigsuspend', 'tgkill', 'tkill']);
    expect(members('%desc')).toEqual(['close', 'dup', 'dup2', 'fcntl', 'ioctl', 'mmap', 'newfstatat', 'pipe2', 'read', 'write', 'writev']);
    expect(members('%file')).toEqual(['execve', 'newfstatat']);
    expect(members('%creds')).toEqual(['geteuid', 'getuid', 'prctl']);
    expect(members('%pure')).toEqual(['geteuid', 'getpgrp', 'getpid', 'getppid', 'gettid', 'getuid']);
    expect(members('%network')).toEqual([]);
    expect(members('%ipc')).toEqual([]);
    expect(members('%fstat')).toEqual(['newfstatat']);
  });
});
