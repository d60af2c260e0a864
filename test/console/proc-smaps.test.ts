// /proc/PID/smaps, /proc/PID/smaps_rollup and /proc/vmstat as cat shows
// them: Linux 6.x's lines and layout, counts from the page tables and the
// frames' reference counts (COW sharing halves Pss), the fault counter.
import { describe, expect, it } from 'vitest';
import { Console } from '../../src/console/console';
import { Kernel } from '../../src/kernel/kernel';
import { jobPid } from './helpers';

/**
 * Two private anonymous pages at a free address (the hint is taken, so the
 * VMA merges with nothing), both written; a third page only read (the zero
 * page). The child writes the first page again on SIGUSR1.
 */
const COW_C = `#include <signal.h>
#include <sys/mman.h>
#include <unistd.h>
void go(int sig)
{
}
int main(void)
{
    char *p = mmap((void *)0x10000000, 3 * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    char c;
    p[0] = 1;
    p[4096] = 1;
    c = p[8192];
    signal(SIGUSR1, go);
    if (fork() == 0) {
        pause();
        p[0] = c + 2;
        for (;;)
            pause();
    }
    for (;;)
        pause();
    return 0;
}
`;

/** A shared anonymous page, a MAP_LOCKED region and a page made PROT_NONE, then a fork. */
const KINDS_C = `#include <sys/mman.h>
#include <unistd.h>
int main(void)
{
    char *s = mmap((void *)0x20000000, 2 * 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    char *l = mmap((void *)0x30000000, 2 * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_LOCKED, -1, 0);
    char *n = mmap((void *)0x40000000, 2 * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    s[0] = 1;
    n[0] = 1;
    mprotect(n, 2 * 4096, PROT_NONE);
    l[0] = 1;
    if (fork() == 0) {
        for (;;)
            pause();
    }
    for (;;)
        pause();
    return 0;
}
`;

/**
 * The same program built with gcc on the reference machine (Linux 6.18),
 * its parent's smaps for the three regions without the lines that are 0 kB.
 * The shmem inode number is the machine's own (get_next_ino).
 */
const KINDS_LINUX = (ino: string): string => `20000000-20002000 rw-s 00000000 00:01 ${ino}`.padEnd(72) + ` /dev/zero (deleted)
Size:                  8 kB
KernelPageSize:        4 kB
MMUPageSize:           4 kB
Rss:                   4 kB
Pss:                   4 kB
Pss_Dirty:             4 kB
Private_Dirty:         4 kB
Referenced:            4 kB
THPeligible:           0
ProtectionKey:         0
VmFlags: rd wr sh mr mw me ms 
30000000-30002000 rw-p 00000000 00:00 0 
Size:                  8 kB
KernelPageSize:        4 kB
MMUPageSize:           4 kB
Rss:                   8 kB
Pss:                   4 kB
Pss_Dirty:             4 kB
Shared_Dirty:          8 kB
Referenced:            8 kB
Anonymous:             8 kB
Locked:                4 kB
THPeligible:           0
ProtectionKey:         0
VmFlags: rd wr mr mw me lo ac 
40000000-40002000 ---p 00000000 00:00 0 
Size:                  8 kB
KernelPageSize:        4 kB
MMUPageSize:           4 kB
Rss:                   4 kB
Pss:                   2 kB
Pss_Dirty:             2 kB
Shared_Dirty:          4 kB
Referenced:            4 kB
Anonymous:             4 kB
THPeligible:           0
ProtectionKey:         0
VmFlags: mr mw me ac 
`;

function setup(): { k: Kernel; sh: (line: string) => string } {
  const k = new Kernel({ cpus: 2, seed: 'test' });
  const con = new Console(k, { readFile: (p) => ({ 'cow.c': COW_C, 'kinds.c': KINDS_C })[p] ?? null });
  return { k, sh: (line) => con.exec(line).output };
}

/** The smaps block of the VMA whose maps line starts with `start`. */
function block(smaps: string, start: string): string {
  const lines = smaps.split('\n');
  const i = lines.findIndex((l) => l.startsWith(start + '-'));
  expect(i).toBeGreaterThanOrEqual(0);
  const j = lines.findIndex((l, n) => n > i && l.startsWith('VmFlags:'));
  return lines.slice(i, j + 1).join('\n') + '\n';
}

/** The kB value of a line of a smaps block. */
const kb = (text: string, name: string): number => Number(new RegExp(`^${name}: +(\\d+) kB$`, 'm').exec(text)![1]);

/** The COW region right after fork, identical in parent and child but for Referenced (fork gives the child old PTEs). */
const afterFork = (referenced: number): string => `10000000-10003000 rw-p 00000000 00:00 0 
Size:                 12 kB
KernelPageSize:        4 kB
MMUPageSize:           4 kB
Rss:                   8 kB
Pss:                   4 kB
Pss_Dirty:             4 kB
Shared_Clean:          0 kB
Shared_Dirty:          8 kB
Private_Clean:         0 kB
Private_Dirty:         0 kB
Referenced:     ${String(referenced).padStart(8)} kB
Anonymous:             8 kB
KSM:                   0 kB
LazyFree:              0 kB
AnonHugePages:         0 kB
ShmemPmdMapped:        0 kB
FilePmdMapped:         0 kB
Shared_Hugetlb:        0 kB
Private_Hugetlb:       0 kB
Swap:                  0 kB
SwapPss:               0 kB
Locked:                0 kB
THPeligible:           0
ProtectionKey:         0
VmFlags: rd wr mr mw me ac 
`;

/** Field names of a smaps block after the maps line, as Linux 6.18 prints them on x86-64 (reference machine). */
const SMAPS_FIELDS = [
  'Size', 'KernelPageSize', 'MMUPageSize', 'Rss', 'Pss', 'Pss_Dirty', 'Shared_Clean', 'Shared_Dirty', 'Private_Clean', 'Private_Dirty',
  'Referenced', 'Anonymous', 'KSM', 'LazyFree', 'AnonHugePages', 'ShmemPmdMapped', 'FilePmdMapped', 'Shared_Hugetlb', 'Private_Hugetlb',
  'Swap', 'SwapPss', 'Locked', 'THPeligible', 'ProtectionKey', 'VmFlags',
];
const ROLLUP_FIELDS = [
  'Rss', 'Pss', 'Pss_Dirty', 'Pss_Anon', 'Pss_File', 'Pss_Shmem', 'Shared_Clean', 'Shared_Dirty', 'Private_Clean', 'Private_Dirty',
  'Referenced', 'Anonymous', 'KSM', 'LazyFree', 'AnonHugePages', 'ShmemPmdMapped', 'FilePmdMapped', 'Shared_Hugetlb', 'Private_Hugetlb',
  'Swap', 'SwapPss', 'Locked',
];

/** Starts cow.c and lets it fork: [parent, child]. */
function forked(sh: (line: string) => string): [number, number] {
  const parent = jobPid(sh('run cow.c'));
  sh('tick 20');
  const child = Number(sh(`cat /proc/${parent}/task/${parent}/children`).trim());
  expect(child).toBeGreaterThan(parent);
  return [parent, child];
}

describe('/proc/PID/smaps', () => {
  it('after fork every written page is Shared_Dirty in both, with half its size in Pss; the zero page is not counted', () => {
    const { sh } = setup();
    const [parent, child] = forked(sh);
    expect(block(sh(`cat /proc/${parent}/smaps`), '10000000')).toBe(afterFork(8));
    expect(block(sh(`cat /proc/${child}/smaps`), '10000000')).toBe(afterFork(0));
  });

  it("a COW write makes the child's copy Private_Dirty and the parent's page private again: Pss 4 + 2", () => {
    const { sh } = setup();
    const [parent, child] = forked(sh);
    sh(`kill -USR1 ${child}`);
    sh('tick 5');
    for (const pid of [child, parent]) {
      const b = block(sh(`cat /proc/${pid}/smaps`), '10000000');
      expect([kb(b, 'Rss'), kb(b, 'Pss'), kb(b, 'Pss_Dirty'), kb(b, 'Shared_Dirty'), kb(b, 'Private_Dirty')]).toEqual([8, 6, 6, 4, 4]);
    }
    // The child's written page was accessed after fork; its other page was not.
    expect(kb(block(sh(`cat /proc/${child}/smaps`), '10000000'), 'Referenced')).toBe(4);
    // Once the child is gone, the parent has both pages to itself.
    sh(`kill -9 ${child}`);
    sh('tick 5');
    const b = block(sh(`cat /proc/${parent}/smaps`), '10000000');
    expect([kb(b, 'Pss'), kb(b, 'Shared_Dirty'), kb(b, 'Private_Dirty')]).toEqual([8, 0, 8]);
  });

  it("Linux's fields in order for every VMA, a maps line over each, the vsyscall page last", () => {
    const { sh } = setup();
    const [parent] = forked(sh);
    const smaps = sh(`cat /proc/${parent}/smaps`);
    const maps = sh(`cat /proc/${parent}/maps`).trimEnd().split('\n');
    const lines = smaps.trimEnd().split('\n');
    expect(lines.length).toBe(maps.length * (1 + SMAPS_FIELDS.length));
    maps.forEach((m, i) => {
      const b = lines.slice(i * 26, i * 26 + 26);
      expect(b[0]).toBe(m);
      expect(b.slice(1).map((l) => l.slice(0, l.indexOf(':')))).toEqual(SMAPS_FIELDS);
      for (const l of b.slice(1, 23)) expect(l).toMatch(/^[A-Za-z_]+: {1,}\d+ kB$/);
      for (const l of b.slice(1, 23)) expect(l.length).toBe(27); // a 16-column label, 8 digits, " kB"
    });
    expect(block(smaps, 'ffffffffff600000')).toContain('Rss:                   0 kB\n');
    expect(smaps.endsWith('VmFlags: ex \n')).toBe(true);
    const libc = lines.findIndex((l) => l.endsWith('/libc.so.6'));
    expect(lines[libc + 25]).toBe('VmFlags: rd mr mw me '); // libc's first VMA: read-only, private
    expect(smaps).toMatch(/\[stack\]\n(.*\n){24}VmFlags: rd wr mr mw me gd ac \n/);
  });

  it('sums to the status counters: Rss = VmRSS, Anonymous = RssAnon', () => {
    const { sh } = setup();
    const [parent, child] = forked(sh);
    for (const pid of [parent, child]) {
      const smaps = sh(`cat /proc/${pid}/smaps`);
      const status = sh(`cat /proc/${pid}/status`);
      const sum = (name: string) => [...smaps.matchAll(new RegExp(`^${name}: +(\\d+) kB$`, 'gm'))].reduce((s, m) => s + Number(m[1]), 0);
      const st = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB$`, 'm').exec(status)![1]);
      expect(sum('Rss')).toBe(st('VmRSS'));
      expect(sum('Anonymous')).toBe(st('RssAnon'));
    }
  });

  it('shared anonymous memory, MAP_LOCKED and PROT_NONE as on the reference machine', () => {
    const { sh } = setup();
    const pid = jobPid(sh('run kinds.c'));
    sh('tick 20');
    // fork does not copy a shared mapping's PTEs (the child faults them in): the shmem page stays Private.
    // Locked is the locked VMA's Pss; a PROT_NONE page keeps its frame and stays in Rss (pte_present).
    let keep = false;
    const lines = sh(`cat /proc/${pid}/smaps`)
      .split('\n')
      .filter((l) => {
        if (/^[0-9a-f]+-/.test(l)) keep = /^[234]0000000-/.test(l);
        return keep && !/ 0 kB$/.test(l);
      });
    const ino = lines[0].split(/\s+/)[4];
    expect(lines.join('\n') + '\n').toBe(KINDS_LINUX(ino));
    // pmap -x reads smaps: the same RSS and Dirty for the PROT_NONE page.
    expect(sh(`pmap -x ${pid}`)).toMatch(/^0000000040000000 {7}8 {7}4 {7}4 ----- {3}\[ anon \]$/m);
  });

  it('a kernel thread has none: smaps is empty, smaps_rollup fails with ESRCH as on Linux', () => {
    const { sh } = setup();
    expect(sh('cat /proc/2/smaps')).toBe('');
    expect(sh('cat /proc/2/smaps_rollup')).toBe('cat: /proc/2/smaps_rollup: No such process\n');
    expect(sh('grep Rss /proc/2/smaps_rollup')).toBe('grep: /proc/2/smaps_rollup: No such process\n'); // as grep says it on Linux
  });
});

describe('/proc/PID/smaps_rollup', () => {
  it('one header from the first VMA to the last (no vsyscall), the Pss split by kind, the sums of smaps', () => {
    const { sh } = setup();
    const [, child] = forked(sh);
    const smaps = sh(`cat /proc/${child}/smaps`);
    const rollup = sh(`cat /proc/${child}/smaps_rollup`);
    const lines = rollup.trimEnd().split('\n');
    const maps = sh(`cat /proc/${child}/maps`).trimEnd().split('\n');
    const first = maps[0].split('-')[0];
    const last = maps.at(-2)!.split(' ')[0].split('-')[1]; // the last VMA before [vsyscall]
    expect(lines[0]).toBe(`${first}-${last} ---p 00000000 00:00 0`.padEnd(73) + '[rollup]');
    expect(lines.slice(1).map((l) => l.slice(0, l.indexOf(':')))).toEqual(ROLLUP_FIELDS);
    const sum = (name: string) => [...smaps.matchAll(new RegExp(`^${name}: +(\\d+) kB$`, 'gm'))].reduce((s, m) => s + Number(m[1]), 0);
    for (const f of ['Rss', 'Shared_Clean', 'Shared_Dirty', 'Private_Clean', 'Private_Dirty', 'Referenced', 'Anonymous']) expect(kb(rollup, f)).toBe(sum(f));
    // Pss is summed before truncating to kB: never less than the per-VMA sum.
    expect(kb(rollup, 'Pss')).toBeGreaterThanOrEqual(sum('Pss'));
    expect(kb(rollup, 'Pss_Anon') + kb(rollup, 'Pss_File') + kb(rollup, 'Pss_Shmem')).toBeLessThanOrEqual(kb(rollup, 'Pss'));
    expect(kb(rollup, 'Pss')).toBeLessThan(kb(rollup, 'Rss')); // libc is shared with bash and the parent
  });
});

describe('/proc/vmstat', () => {
  const NAMES = [
    'nr_free_pages', 'nr_inactive_anon', 'nr_active_anon', 'nr_inactive_file', 'nr_active_file', 'nr_anon_pages', 'nr_mapped',
    'nr_file_pages', 'nr_shmem', 'nr_kernel_stack', 'nr_page_table_pages', 'pgfault', 'pgmajfault',
  ];
  const vm = (text: string, name: string): number => Number(new RegExp(`^${name} (\\d+)$`, 'm').exec(text)![1]);

  it("the counters the model keeps, in Linux's order, agreeing with /proc/meminfo", () => {
    const { sh } = setup();
    forked(sh);
    const v = sh('cat /proc/vmstat');
    expect(v.trimEnd().split('\n').map((l) => l.split(' ')[0])).toEqual(NAMES);
    for (const l of v.trimEnd().split('\n')) expect(l).toMatch(/^[a-z_]+ \d+$/);
    const mem = sh('cat /proc/meminfo');
    const mi = (name: string) => Number(new RegExp(`^${name.replace(/[()]/g, '\\$&')}:\\s+(\\d+)`, 'm').exec(mem)![1]);
    expect(vm(v, 'nr_free_pages') * 4).toBe(mi('MemFree'));
    expect(vm(v, 'nr_anon_pages') * 4).toBe(mi('AnonPages'));
    expect(vm(v, 'nr_file_pages') * 4).toBe(mi('Cached'));
    expect(vm(v, 'nr_active_file') * 4).toBe(mi('Active(file)'));
    expect(vm(v, 'nr_kernel_stack')).toBe(mi('KernelStack')); // in kB, as on Linux
    expect(vm(v, 'nr_page_table_pages') * 4).toBe(mi('PageTables'));
    expect(vm(v, 'pgmajfault')).toBe(0);
  });

  it('pgfault counts every fault of every process, start-up and COW included', () => {
    const { k, sh } = setup();
    const bash = k.findTask(k.shell.pid)!;
    const before = vm(sh('cat /proc/vmstat'), 'pgfault');
    const bashBefore = bash.minFlt;
    const [parent, child] = forked(sh);
    const faults = () => k.findTask(parent)!.minFlt + k.findTask(child)!.minFlt + bash.minFlt - bashBefore;
    expect(vm(sh('cat /proc/vmstat'), 'pgfault') - before).toBe(faults());
    sh(`kill -USR1 ${child}`);
    sh('tick 5');
    const after = vm(sh('cat /proc/vmstat'), 'pgfault');
    expect(after - before).toBe(faults());
    expect(after - before).toBeGreaterThan(48); // at least the start-up's faults
  });
});
