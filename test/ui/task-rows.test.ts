// The task tree rows: processes under their parents, threads as {name}
// under their process, kernel threads under kthreadd (foldable, with the
// level's own kthreads pinned), zombies still in the tree until reaped.
import { describe, expect, it } from 'vitest';
import { buildTaskRows, rowOfPid } from '../../src/ui/task-rows';
import { UNICODE_GLYPHS } from '../../src/ui/theme';
import { taskStateLetter } from '../../src/kernel/task';
import { boot, byComm, runUntil, start } from '../kernel/helpers';

const FAMILY = `
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <pthread.h>
void *spin(void *arg) { while (1) sleep(1); return 0; }
int main(void) {
  pthread_t t;
  pthread_create(&t, NULL, spin, NULL);
  if (fork() == 0) exit(3);      /* a zombie: the parent never waits */
  if (fork() == 0) { while (1) pause(); }
  while (1) pause();
  return 0;
}`;

describe('task rows', () => {
  it('draws the tree like pstree, threads grouped under their process', () => {
    const k = boot({ seed: 'rows' });
    const fam = start(k, 'fam', FAMILY);
    runUntil(k, () => byComm(k, 'fam').length === 4 && byComm(k, 'fam').some((t) => taskStateLetter(t) === 'Z'));
    const rows = buildTaskRows(k, new Set([2]), UNICODE_GLYPHS);
    const text = rows.map((r) => `${r.lines}${r.thread ? '{' + r.task.comm + '}' : r.task.comm}:${taskStateLetter(r.task)}`);
    // Roots: init and kthreadd (folded). bash under init, fam under bash.
    expect(text[0]).toBe('init:S');
    const famRow = rowOfPid(rows, fam.pid);
    expect(rows[famRow].depth).toBe(2);
    expect(rows[famRow].kids).toBe(3); // one thread, two children
    const under = rows.slice(famRow + 1, famRow + 4);
    expect(under[0].thread).toBe(true); // threads first
    expect(under[0].task.tgid).toBe(fam.pid);
    expect(under.map((r) => taskStateLetter(r.task)).sort()).toEqual(['S', 'S', 'Z']);
    expect(under[2].lines.endsWith(UNICODE_GLYPHS.last)).toBe(true);
    expect(under[0].lines.endsWith(UNICODE_GLYPHS.branch)).toBe(true);
    // kthreadd is folded: its dozens of kthreads hidden and counted.
    const kd = rows[rowOfPid(rows, 2)];
    expect(kd.collapsed).toBe(true);
    expect(kd.hidden).toBe([...k.tasks.values()].filter((t) => t.realParent === kd.task).length);
    expect(rows).toHaveLength(k.tasks.size - kd.hidden);
  });

  it('unfolds, folds user processes, and pins the level kthreads under a folded kthreadd', () => {
    const k = boot({ seed: 'rows' });
    const all = buildTaskRows(k, new Set(), UNICODE_GLYPHS);
    expect(all).toHaveLength(k.tasks.size);
    const kthreads = [...k.tasks.values()].filter((t) => t.realParent === k.kthreadd);
    const pin = kthreads[kthreads.length - 1];
    const folded = buildTaskRows(k, new Set([2]), UNICODE_GLYPHS, new Set([pin.pid]));
    const kd = rowOfPid(folded, 2);
    expect(folded[kd + 1].task).toBe(pin);
    expect(folded[kd].hidden).toBe(kthreads.length - 1);
    const bashFolded = buildTaskRows(k, new Set([1]), UNICODE_GLYPHS);
    expect(bashFolded[0].collapsed).toBe(true);
    expect(rowOfPid(bashFolded, k.shell.pid)).toBe(-1);
  });
});
