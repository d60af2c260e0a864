// The console's pure helpers: word splitting, number parsing, the wall
// clock, bash's signal list and job notices.
import { describe, expect, it } from 'vitest';
import { splitWords, completionWords, ShellSyntaxError } from '../../src/console/words';
import { cpuListString, kernelBitmapHex, kernelCpuList, parseAddr, parseCpuList, parseCpuMask, parseLen, parseTicks } from '../../src/console/numbers';
import { BOOT_EPOCH, ctime, gmtime, strftime } from '../../src/console/clock';
import { decodeSignal, signalList } from '../../src/console/signames';
import { JobTable } from '../../src/console/jobs';
import type { TaskStruct } from '../../src/kernel/task';
import type { Stamped } from '../../src/kernel/events';

// `kill -l` as bash 5.2 prints it on the reference machine.
const KILL_L = `${[
  ' 1) SIGHUP\t 2) SIGINT\t 3) SIGQUIT\t 4) SIGILL\t 5) SIGTRAP',
  ' 6) SIGABRT\t 7) SIGBUS\t 8) SIGFPE\t 9) SIGKILL\t10) SIGUSR1',
  '11) SIGSEGV\t12) SIGUSR2\t13) SIGPIPE\t14) SIGALRM\t15) SIGTERM',
  '16) SIGSTKFLT\t17) SIGCHLD\t18) SIGCONT\t19) SIGSTOP\t20) SIGTSTP',
  '21) SIGTTIN\t22) SIGTTOU\t23) SIGURG\t24) SIGXCPU\t25) SIGXFSZ',
  '26) SIGVTALRM\t27) SIGPROF\t28) SIGWINCH\t29) SIGIO\t30) SIGPWR',
  '31) SIGSYS\t34) SIGRTMIN\t35) SIGRTMIN+1\t36) SIGRTMIN+2\t37) SIGRTMIN+3',
  '38) SIGRTMIN+4\t39) SIGRTMIN+5\t40) SIGRTMIN+6\t41) SIGRTMIN+7\t42) SIGRTMIN+8',
  '43) SIGRTMIN+9\t44) SIGRTMIN+10\t45) SIGRTMIN+11\t46) SIGRTMIN+12\t47) SIGRTMIN+13',
  '48) SIGRTMIN+14\t49) SIGRTMIN+15\t50) SIGRTMAX-14\t51) SIGRTMAX-13\t52) SIGRTMAX-12',
  '53) SIGRTMAX-11\t54) SIGRTMAX-10\t55) SIGRTMAX-9\t56) SIGRTMAX-8\t57) SIGRTMAX-7',
  '58) SIGRTMAX-6\t59) SIGRTMAX-5\t60) SIGRTMAX-4\t61) SIGRTMAX-3\t62) SIGRTMAX-2',
  '63) SIGRTMAX-1\t64) SIGRTMAX\t',
].join('\n')}\n`;

describe('words', () => {
  it('splits like a shell: quotes, escapes, comments, one redirection', () => {
    expect(splitWords(`ps -o 'pid,comm' "a b" c\\ d # comment`).words).toEqual(['ps', '-o', 'pid,comm', 'a b', 'c d']);
    expect(splitWords('echo 4096 > /proc/sys/kernel/pid_max')).toMatchObject({ words: ['echo', '4096'], redirect: '/proc/sys/kernel/pid_max', append: false });
    expect(splitWords('echo 1 >>/x')).toMatchObject({ redirect: '/x', append: true });
    expect(splitWords('./prog 3 &')).toMatchObject({ words: ['./prog', '3'], background: true });
    expect(splitWords('  # only a comment').words).toEqual([]);
    expect(splitWords('a#b').words).toEqual(['a#b']);
  });
  it('splits a pipeline at each |, with or without spaces', () => {
    expect(splitWords('ps -e | grep -v "a b" | wc -l')).toMatchObject({ words: ['ps', '-e'], pipeline: [['grep', '-v', 'a b'], ['wc', '-l']] });
    expect(splitWords('ps -e|grep Z')).toMatchObject({ words: ['ps', '-e'], pipeline: [['grep', 'Z']] });
    expect(splitWords("grep 'a|b' /proc/1/status")).toMatchObject({ words: ['grep', 'a|b', '/proc/1/status'], pipeline: [] });
  });
  it('refuses what kernlab has no shell for, with bash\'s messages', () => {
    expect(() => splitWords("echo 'x")).toThrow(ShellSyntaxError);
    expect(() => splitWords('| grep x')).toThrow("syntax error near unexpected token `|'");
    expect(() => splitWords('ps |')).toThrow("syntax error near unexpected token `newline'");
    expect(splitWords('mprotect 1 2 3 PROT_READ|PROT_WRITE').words[4]).toBe('PROT_READ|PROT_WRITE');
    expect(() => splitWords('a; b')).toThrow("syntax error near unexpected token `;'");
    expect(() => splitWords('echo >')).toThrow("syntax error near unexpected token `newline'");
  });
  it('finds the word being completed', () => {
    expect(completionWords('kill -9 12')).toEqual({ before: ['kill', '-9'], last: '12' });
    expect(completionWords('cat ')).toEqual({ before: ['cat'], last: '' });
    expect(completionWords('ps -e | gr')).toEqual({ before: [], last: 'gr' });
    expect(completionWords('cat /proc/1/status | grep -c Sig')).toEqual({ before: ['grep', '-c'], last: 'Sig' });
  });
});

describe('numbers', () => {
  it('addresses: hex with or without 0x; maps-style digit runs are hex; short decimals', () => {
    expect(parseAddr('0x555555554000')).toBe(0x555555554000);
    expect(parseAddr('555555554000')).toBe(0x555555554000);
    expect(parseAddr('7ffd')).toBe(0x7ffd);
    expect(parseAddr('00400000')).toBe(0x400000);
    expect(parseAddr('4096')).toBe(4096);
    expect(parseAddr('0xzz')).toBeNull();
    expect(parseAddr('-1')).toBeNull();
  });
  it('lengths and ticks', () => {
    expect([parseLen('4096'), parseLen('0x1000'), parseLen('4k'), parseLen('2M'), parseLen('1G')]).toEqual([4096, 4096, 4096, 2 << 20, 1 << 30]);
    expect(parseLen('4kb')).toBeNull();
    expect([parseTicks('5'), parseTicks('250ms'), parseTicks('1s'), parseTicks('1.5s')]).toEqual([5, 250, 1000, 1500]);
    expect(parseTicks('1.5')).toBeNull();
    expect(parseTicks('-1')).toBeNull();
  });
  it('CPU masks and lists as util-linux and the kernel print them', () => {
    expect(parseCpuMask('0x3')).toBe(3n);
    expect(parseCpuMask('ff,ffffffff')).toBe(0xffffffffffn);
    expect(parseCpuMask('zz')).toBeNull();
    expect(parseCpuList('0-3,5', 8)).toBe(0b101111n);
    expect(parseCpuList('0-7:2', 8)).toBe(0x55n);
    expect(parseCpuList('3-1', 8)).toBeNull();
    // util-linux: two CPUs are "0,1", three or more a range
    expect([cpuListString(1n), cpuListString(3n), cpuListString(0xfn), cpuListString(0b1011101n)]).toEqual(['0', '0,1', '0-3', '0,2-4,6']);
    // the kernel's %*pbl and %*pb
    expect([kernelCpuList(3n), kernelCpuList(0b1101n)]).toEqual(['0-1', '0,2-3']);
    expect([kernelBitmapHex(3n, 2), kernelBitmapHex(1n, 8), kernelBitmapHex(0xfn, 36), kernelBitmapHex(2n ** 64n - 1n, 64)]).toEqual(['3', '01', '0,0000000f', 'ffffffff,ffffffff']);
  });
});

describe('clock', () => {
  it('boots on Monday 2 September 2024 at 09:00 UTC', () => {
    expect(ctime(BOOT_EPOCH)).toBe('Mon Sep  2 09:00:00 2024');
    expect(strftime('%b%d %Y', gmtime(BOOT_EPOCH + 86400 * 40))).toBe('Oct12 2024');
    expect(gmtime(951782400).yday).toBe(59); // 29 Feb 2000
    expect(ctime(0)).toBe('Thu Jan  1 00:00:00 1970');
  });
});

describe('signals (bash)', () => {
  it('kill -l prints bash\'s table byte for byte', () => {
    expect(signalList()).toBe(KILL_L);
  });
  it('decodes names in any case, with or without SIG, and numbers', () => {
    expect([decodeSignal('KILL'), decodeSignal('sigkill'), decodeSignal('9'), decodeSignal('RTMIN+3'), decodeSignal('SIGRTMAX-1'), decodeSignal('IO')]).toEqual([9, 9, 9, 37, 63, 29]);
    expect([decodeSignal('FOO'), decodeSignal('65'), decodeSignal('9x')]).toEqual([-1, -1, -1]);
  });
});

/** A task stand-in with what the job table reads. */
function fakeTask(pid: number): TaskStruct {
  return { pid, exitCode: 0, signal: { flags: 0, groupExitCode: 0 } } as unknown as TaskStruct;
}

function reap(t: TaskStruct, status: number, by = 100): Stamped {
  t.exitCode = status;
  return { type: 'reap', pid: t.pid, by, auto: false, seq: 0, tick: 0 };
}

describe('bash job notices', () => {
  it('numbers jobs, marks + and -, and formats Done/Exit/signals as bash does', () => {
    const jobs = new JobTable(() => 100);
    const a = fakeTask(200);
    const b = fakeTask(201);
    expect(jobs.add(a, './ex 0').id).toBe(1);
    expect(jobs.add(b, './ex 1').id).toBe(2);
    jobs.onEvent(reap(a, 0));
    jobs.onEvent(reap(b, 1 << 8));
    expect(jobs.notices()).toBe('[1]-  Done                    ./ex 0\n[2]+  Exit 1                  ./ex 1\n');
    expect(jobs.notices()).toBe('');
    const c = fakeTask(202);
    expect(jobs.add(c, './ex -11').id).toBe(1);
    jobs.onEvent(reap(c, 11));
    expect(jobs.notices()).toBe('[1]+  Segmentation fault      ./ex -11\n');
  });
  it('a stopped job becomes current and is announced after a blank line', () => {
    const jobs = new JobTable(() => 100);
    const s = fakeTask(300);
    jobs.add(s, './ex -19');
    jobs.onEvent({ type: 'stop', pid: 300, signo: 19, seq: 0, tick: 0 });
    expect(jobs.notices()).toBe('\n[1]+  Stopped                 ./ex -19\n');
    // New jobs while [1] is stopped: [1] stays current, the newest running is '-'.
    const x = fakeTask(301);
    const y = fakeTask(302);
    const z = fakeTask(303);
    jobs.add(x, './ex 2');
    jobs.add(y, './ex 0');
    jobs.add(z, './ex 0');
    jobs.onEvent(reap(x, 2 << 8));
    jobs.onEvent(reap(y, 0));
    jobs.onEvent(reap(z, 0));
    expect(jobs.notices()).toBe('[2]   Exit 2                  ./ex 2\n[3]   Done                    ./ex 0\n[4]-  Done                    ./ex 0\n');
    expect(jobs.list()).toBe('[1]+  Stopped                 ./ex -19\n');
    // A reap by someone other than the shell is not the shell's business.
    jobs.onEvent(reap(s, 9, 1));
    expect(jobs.notices()).toBe('');
  });
  it('finds jobs by %N, %%, %+ and %-', () => {
    const jobs = new JobTable(() => 100);
    jobs.add(fakeTask(10), 'a');
    jobs.add(fakeTask(11), 'b');
    const pid = (spec: string) => {
      const j = jobs.lookup(spec);
      return typeof j === 'object' ? j.pid : j;
    };
    expect([pid('%1'), pid('%%'), pid('%+'), pid('%-'), pid('%9')]).toEqual([10, 11, 11, 10, undefined]);
  });
  it('finds jobs by name as bash does: %NAME a prefix of the command, %?TEXT any part of it, ambiguous if more than one fits', () => {
    const jobs = new JobTable(() => 100);
    jobs.add(fakeTask(10), './backup');
    jobs.add(fakeTask(11), './logzip');
    jobs.add(fakeTask(12), 'indexer /srv/photos');
    const pid = (spec: string) => {
      const j = jobs.lookup(spec);
      return typeof j === 'object' ? j.pid : j;
    };
    expect([pid('%./log'), pid('%?zip'), pid('%indexer'), pid('%?photos'), pid('%log'), pid('%?nope')]).toEqual([11, 11, 12, 12, undefined, undefined]);
    expect([pid('%./'), pid('%?o')]).toEqual(['ambiguous', 'ambiguous']);
    expect([JobTable.ambiguous('%./'), JobTable.ambiguous('%?o')]).toEqual(['./: ambiguous job spec', 'o: ambiguous job spec']);
  });
});
