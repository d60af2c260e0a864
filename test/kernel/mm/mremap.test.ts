// mremap(2): shrink, grow in place, move (the page-table entries move, the
// frames stay), MREMAP_FIXED and MREMAP_DONTUNMAP, and the errors, in
// Linux 6.1's order; and glibc's realloc of an mmap'ed chunk, which calls it.
import { describe, expect, it } from 'vitest';
import { spawnProgram } from '../../../src/kernel/boot/main';
import { MM_ANONPAGES } from '../../../src/kernel/mm/mm_types';
import { boot, groupGone, output, runUntil, start } from '../helpers';

const MREMAP_C = `#define _GNU_SOURCE
#include <stdio.h>
#include <string.h>
#include <errno.h>
#include <unistd.h>
#include <sys/mman.h>

void show(const char *what, void *r, void *base)
{
    if (r == MAP_FAILED) printf("%-28s MAP_FAILED %s\\n", what, strerror(errno));
    else printf("%-28s ok, %+ld pages from base\\n", what, ((char *)r - (char *)base) / 4096);
    errno = 0;
}

int main(void)
{
    char *p = mmap(NULL, 8 * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    munmap(p + 4 * 4096, 4 * 4096); /* a hole of 4 pages above p[0..4) */
    p[0] = 'a'; p[4096] = 'b';
    show("grow in place", mremap(p, 2 * 4096, 4 * 4096, 0), p);
    show("grow in place into hole", mremap(p, 4 * 4096, 6 * 4096, 0), p);
    show("shrink", mremap(p, 6 * 4096, 3 * 4096, 0), p);
    char *q = mmap(p + 3 * 4096, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
    show("blocker", q, p);
    show("grow blocked, no MAYMOVE", mremap(p, 3 * 4096, 5 * 4096, 0), p);
    char *r = mremap(p, 3 * 4096, 5 * 4096, MREMAP_MAYMOVE);
    show("grow blocked, MAYMOVE", r, p);
    printf("moved data: %c %c, tail zero %d\\n", r[0], r[4096], r[4 * 4096]);
    show("old address gone", mremap(p, 4096, 4096, 0), p);
    show("unaligned", mremap(r + 1, 4096, 8192, 0), r);
    show("new len 0", mremap(r, 4096, 0, 0), r);
    show("bad flags", mremap(r, 4096, 8192, 8), r);
    show("FIXED without MAYMOVE", mremap(r, 4096, 8192, MREMAP_FIXED, p), r);
    show("across VMAs", mremap(q - 4096, 8192, 16384, MREMAP_MAYMOVE), q);
    show("FIXED overlap", mremap(r, 2 * 4096, 2 * 4096, MREMAP_MAYMOVE | MREMAP_FIXED, r + 4096), r);
    char *s = mremap(r, 2 * 4096, 2 * 4096, MREMAP_MAYMOVE | MREMAP_FIXED, p);
    show("FIXED to old p", s, p);
    printf("at p: %c %c\\n", s[0], s[4096]);
    char *d = mremap(s, 2 * 4096, 2 * 4096, MREMAP_MAYMOVE | MREMAP_DONTUNMAP);
    printf("DONTUNMAP: %s, data %c %c, old reads %d\\n", d == MAP_FAILED ? strerror(errno) : "ok", d[0], d[4096], s[0]);
    show("DONTUNMAP len change", mremap(d, 4096, 8192, MREMAP_MAYMOVE | MREMAP_DONTUNMAP), d);
    show("same size", mremap(d, 8192, 8192, 0), d);
    return 0;
}
`;

describe('mremap', () => {
  it('resizes and moves as Linux 6.1 does (the same output as gcc + glibc 2.36 on Debian 12)', () => {
    const k = boot();
    const p = start(k, 'mremap', MREMAP_C);
    runUntil(k, () => groupGone(k, p));
    expect(output(k)).toBe(
      "grow in place                MAP_FAILED Cannot allocate memory\n" +
      "grow in place into hole      ok, +0 pages from base\n" +
      "shrink                       ok, +0 pages from base\n" +
      "blocker                      ok, +3 pages from base\n" +
      "grow blocked, no MAYMOVE     MAP_FAILED Cannot allocate memory\n" +
      "grow blocked, MAYMOVE        ok, -491 pages from base\n" +
      "moved data: a b, tail zero 0\n" +
      "old address gone             MAP_FAILED Bad address\n" +
      "unaligned                    MAP_FAILED Invalid argument\n" +
      "new len 0                    MAP_FAILED Invalid argument\n" +
      "bad flags                    MAP_FAILED Invalid argument\n" +
      "FIXED without MAYMOVE        MAP_FAILED Invalid argument\n" +
      "across VMAs                  MAP_FAILED Bad address\n" +
      "FIXED overlap                MAP_FAILED Invalid argument\n" +
      "FIXED to old p               ok, +0 pages from base\n" +
      "at p: a b\n" +
      "DONTUNMAP: ok, data a b, old reads 0\n" +
      "DONTUNMAP len change         MAP_FAILED Invalid argument\n" +
      "same size                    ok, +0 pages from base\n",
    );
  });

  it('a move keeps the frames: the pages written before are there, and no fault copies them', () => {
    const k = boot();
    const p = start(
      k,
      'mv',
      `#define _GNU_SOURCE
       #include <stdio.h>
       #include <sys/mman.h>
       int main(void) {
         char *a = mmap(NULL, 3 * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
         char *block = mmap(a + 3 * 4096, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
         for (int i = 0; i < 3; i++) a[i * 4096] = 'x' + i;
         char *b = mremap(a, 3 * 4096, 6 * 4096, MREMAP_MAYMOVE);
         printf("%d %c%c%c %d\\n", b != a && block != MAP_FAILED, b[0], b[4096], b[8192], b[5 * 4096]);
         for (;;) ;
       }`,
    );
    runUntil(k, () => output(k).includes('\n'));
    expect(output(k)).toBe('1 xyz 0\n');
    const mm = p.mm!;
    // 3 pages moved, 1 demand-zero page read (the zero page is not counted in RSS).
    expect(mm.rssStat[MM_ANONPAGES]).toBeGreaterThanOrEqual(3);
    const maps = k.mm.procMaps(mm).split('\n');
    // The moved VMA is 6 pages long; nothing is left at the old address but the blocker.
    expect(maps.some((l) => /^([0-9a-f]+)-([0-9a-f]+) rw-p 00000000 00:00 0 /.test(l) && parseInt(l.split('-')[1], 16) - parseInt(l.split('-')[0], 16) === 6 * 4096)).toBe(true);
  });

  it("glibc's realloc of an mmap'ed chunk: mremap(..., MREMAP_MAYMOVE), as strace shows it", () => {
    const k = boot();
    k.vfs.add('/home/student/re', `#include <stdlib.h>
int main(void) { char *p = malloc(200000); p[0] = 7; p = realloc(p, 400000); return p[0]; }`, 're.c');
    const t = spawnProgram(k, k.shell, '/home/student/re', ['./re'], undefined, true);
    if (typeof t === 'number') throw new Error('cannot start');
    runUntil(k, () => groupGone(k, t));
    const trace = output(k, 'strace');
    expect(trace).toMatch(/\nmmap\(NULL, 200704, PROT_READ\|PROT_WRITE, MAP_PRIVATE\|MAP_ANONYMOUS, -1, 0\) = (0x[0-9a-f]+)\nmremap\(\1, 200704, 401408, MREMAP_MAYMOVE\) += 0x[0-9a-f]+\nexit_group\(7\)/);
  });
});
