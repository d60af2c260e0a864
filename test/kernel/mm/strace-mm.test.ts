// The memory system calls as strace 6.1 prints them (compared with strace
// of the same C program on the reference machine): the map type first
// (MAP_FILE when it is 0, MAP_SHARED_VALIDATE for 3), MAP_HUGE bits as
// N<<MAP_HUGE_SHIFT, PROT_SEM/PROT_GROWSDOWN by name, unknown PROT and
// MADV values with strace's ??? comment, and no call for an unaligned
// offset (glibc refuses it).
import { describe, expect, it } from 'vitest';
import { Console } from '../../../src/console/console';
import { Kernel } from '../../../src/kernel/kernel';

const SRC = `#include <sys/mman.h>
int main(void)
{
    char *p = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    mmap(NULL, 4096, PROT_READ, MAP_ANONYMOUS, -1, 0);
    mmap(NULL, 4096, PROT_READ, MAP_PRIVATE | MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    mmap(NULL, 4096, PROT_READ, MAP_SHARED_VALIDATE | MAP_ANONYMOUS | 0x4000000, -1, 0);
    mmap(NULL, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 100);
    mprotect(p, 4096, 0x10);
    mprotect(p, 4096, PROT_READ | 0x8);
    mprotect(p, 4096, PROT_READ | PROT_GROWSDOWN);
    madvise(p, 4096, 12345);
    madvise(p, 4096, MADV_DONTNEED);
    return 0;
}
`;

describe('strace of the memory calls', () => {
  it('prints mmap flags, prot and advice as strace 6.1 does', () => {
    const k = new Kernel({ cpus: 2, seed: 'test' });
    const con = new Console(k, { readFile: (p) => (p === 'm.c' ? SRC : null) });
    const out = con.exec('strace m.c').output + con.exec('tick 200').output;
    const calls = out.split('\n').filter((l) => /^(mmap|mprotect|madvise)\(/.test(l)).map((l) => l.replace(/0x[0-9a-f]{6,}/g, 'ADDR').replace(/\) +=/, ') ='));
    expect(calls).toEqual([
      'mmap(NULL, 4096, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0) = ADDR',
      'mmap(NULL, 4096, PROT_READ, MAP_FILE|MAP_ANONYMOUS, -1, 0) = -1 EINVAL (Invalid argument)',
      'mmap(NULL, 4096, PROT_READ, MAP_SHARED_VALIDATE|MAP_ANONYMOUS, -1, 0) = -1 EINVAL (Invalid argument)',
      'mmap(NULL, 4096, PROT_READ, MAP_SHARED_VALIDATE|MAP_ANONYMOUS|1<<MAP_HUGE_SHIFT, -1, 0) = -1 EINVAL (Invalid argument)',
      'mprotect(ADDR, 4096, 0x10 /* PROT_??? */) = -1 EINVAL (Invalid argument)',
      'mprotect(ADDR, 4096, PROT_READ|PROT_SEM) = 0',
      'mprotect(ADDR, 4096, PROT_READ|PROT_GROWSDOWN) = -1 EINVAL (Invalid argument)',
      'madvise(ADDR, 4096, 0x3039 /* MADV_??? */) = -1 EINVAL (Invalid argument)',
      'madvise(ADDR, 4096, MADV_DONTNEED) = 0',
    ]);
  });
});
