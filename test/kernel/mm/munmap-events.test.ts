// Which unmappings are told as munmap events (narrated, seen by goals): a
// program's munmap and the console's, not the ranges a MAP_FIXED mapping
// replaces nor the loader's at exec (a run narrated a dozen
// "munmap on bash" lines before the program's first statement).
import { describe, expect, it } from 'vitest';
import { boot, output, runUntil, start } from '../helpers';

describe('munmap events', () => {
  it('come from munmap(2) only, not from exec or a MAP_FIXED mmap over a mapping', () => {
    const k = boot({ seed: 'munmap-events' });
    const unmaps: [number, number][] = [];
    k.events.listen((e) => {
      if (e.type === 'vma' && e.op === 'munmap') unmaps.push([e.start, e.end]);
    });
    start(k, 'maps', `
#include <stdio.h>
#include <sys/mman.h>
int main(void)
{
    char *p = mmap(NULL, 4 * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    mmap(p + 4096, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
    munmap(p + 2 * 4096, 4096);
    printf("%p\\n", p);
    return 0;
}`);
    runUntil(k, () => output(k).endsWith('\n'));
    const base = parseInt(output(k), 16);
    expect(unmaps.map(([s, e]) => [s - base, e - base])).toEqual([[2 * 4096, 3 * 4096]]);
  });
});
