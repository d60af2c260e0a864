// /proc/meminfo and free count pages as Linux does: each page once however
// many processes map it, shared anonymous memory as page cache (Shmem), and
// Committed_AS as the memory promised, not the address space.
// Reference (this machine, 100 MB mappings, 10 MB touched): private rw
// +102400 kB Committed_AS; private r and MAP_NORESERVE +0; MAP_SHARED
// anonymous +102400 Committed_AS, and touching 10 MB of it +10 MB Shmem,
// Mapped and Cached; fork doubles Committed_AS of private writable memory
// but not AnonPages.
import { describe, expect, it } from 'vitest';
import { Console } from '../../../src/console/console';
import { Kernel } from '../../../src/kernel/kernel';
import { memCounters } from '../../../src/console/meminfo';
import { MAP_ANONYMOUS, MAP_PRIVATE, PROT_READ, PROT_WRITE } from '../../../src/kernel/uapi/mman';
import { machine, spawn, task } from './helpers';

const SRC = `#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
int main(void)
{
    char *s = mmap(0, 100 << 20, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    char *p = mmap(0, 100 << 20, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    char *r = mmap(0, 100 << 20, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    char *n = mmap(0, 100 << 20, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    sleep(1);
    memset(s, 1, 10 << 20);
    memset(p, 1, 10 << 20);
    sleep(1);
    if (fork() == 0)
        pause();
    pause();
    return 0;
}
`;

describe('meminfo', () => {
  it('counts shmem, commitments and anonymous pages as Linux does', () => {
    const k = new Kernel({ cpus: 2, seed: 'test', memoryMiB: 256 });
    const con = new Console(k, { readFile: (p) => (p === 'm.c' ? SRC : null) });
    const m0 = memCounters(k);
    con.exec('run m.c');
    con.exec('tick 500');
    const m1 = memCounters(k);
    // A new process: ld.so's private writable pages and the stack are promised, plus the 200 MB.
    expect(m1.committed - m0.committed).toBeGreaterThan(200 * 1024);
    expect(m1.committed - m0.committed).toBeLessThan(201 * 1024);
    con.exec('tick 1000');
    const m2 = memCounters(k);
    expect(m2.shmem - m1.shmem).toBe(10 * 1024);
    expect(m2.anon - m1.anon).toBe(10 * 1024);
    expect(m2.cached - m1.cached).toBe(10 * 1024);
    expect(m2.mapped - m1.mapped).toBe(10 * 1024);
    expect(m2.committed).toBe(m1.committed);
    con.exec('tick 1000');
    const m3 = memCounters(k);
    expect(m3.anon - m2.anon).toBeLessThan(1024); // the child shares the 10 MB: only its own new pages
    expect(m3.committed - m2.committed).toBeGreaterThan(100 * 1024); // the child's private writable 100 MB again
    expect(m3.shmem).toBe(m2.shmem);
    const mi = con.exec('cat /proc/meminfo').output;
    expect(mi).toMatch(/^Shmem: {10} *10240 kB$/m);
    expect(con.exec('free').output.split('\n')[1]).toMatch(/^Mem: +\d+ +\d+ +\d+ +10240 +\d+ +\d+$/);
  });

  it('frameCounts counts a page shared after fork once', () => {
    const m = machine();
    const { mm, t } = spawn(m);
    const z = m.ms.doMmap(mm, 0, 10 * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0, t);
    for (let i = 0; i < 10; i++) m.ms.cpu(0).store8(z + i * 4096, 1);
    const before = m.ms.frameCounts();
    const child = m.ms.dupMm(mm, task(101));
    expect(typeof child).toBe('object');
    const after = m.ms.frameCounts();
    expect(after.anon).toBe(before.anon);
    expect(after.file).toBe(before.file);
    expect(after.pageTables).toBeGreaterThan(before.pageTables);
  });
});
