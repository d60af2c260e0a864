// The lab's examples: each compiles and prints what it printed on Linux
// (gcc, glibc 2.36, under a pseudo-terminal); `kernlab lab NAME.c` and
// `run NAME.c` find one when no file of that name is on disk.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { labExamples } from '../../src/cli/examples';
import { labPrograms } from '../../src/cli/lab';
import { Game } from '../../src/game/game';
import { labLevel } from '../../src/game/lab';
import { boot, groupGone, output, runUntil, start } from '../kernel/helpers';

/** What each printed on Linux. */
const LINUX: Record<string, string> = {
  'process.c': 'I am your father!\nNoooooooo!\nChild exit status: 0\n',
  'zombie.c': 'child: exiting with status 7\nparent: reaped the child, exit status 7\n',
  'orphan.c': 'parent: exiting, my child runs on\nchild: adopted by a new parent: yes\n',
  'threads.c': "3 threads in process: their work adds up to 150 in main's memory\neach thread had a TID of its own: yes\n",
  'cow.c': 'child: my first byte is B\nparent: my first byte is still A\nparent: now C\n',
  'hog.c': 'two hogs, for 45 s\nboth hogs killed\n',
  'segv.c': 'a read-only page; writing to it in 10 s\n', // then SIGSEGV: the shell says Segmentation fault
  'touch.c': '4 MiB reserved; touching a page every 10 ms\nall 1024 pages touched\n',
};

describe('lab examples', () => {
  const examples = labExamples();

  it('are the lecture\'s process.c first, then assets/examples, each with its expected output', () => {
    expect([...examples.keys()][0]).toBe('process.c');
    expect([...examples.keys()].sort()).toEqual(Object.keys(LINUX).sort());
  });

  it('each say in their first comment what to watch and what to try; the lecture\'s process.c below its own, as the lecture has it', () => {
    for (const [name, source] of examples) expect(/^\/\*[^]*?\*\//.exec(source)?.[0], name).toMatch(/\n \* Watch: [^]*\n \* Try: /);
    expect(examples.get('process.c')).toMatch(/\*\/\n\/\* process\.c \*\/\n#include <stdio\.h>\n/);
  });

  for (const [name, source] of examples) {
    it(`${name} prints what it printed on Linux`, () => {
      const k = boot({ cpus: 2, seed: 'examples' });
      const t = start(k, name.replace(/\.c$/, ''), source);
      runUntil(k, () => groupGone(k, t), 60_000);
      expect(output(k, 'any')).toBe(LINUX[name]);
    });
  }

  it('hog.c does what its Try says: on one CPU the hogs take turns, and nice 5 leaves one a quarter', () => {
    const g = new Game(labLevel([], { cpus: 4, seed: 's' }, { read: (p) => examples.get(p) ?? null, examples: [...examples.keys()] }), 's');
    const parent = /^\[1\] (\d+)$/m.exec(g.exec('run hog.c').output)![1];
    g.exec('tick 1000');
    const hogs = g.exec(`ps --ppid ${parent} -o pid=`).output.trim().split(/\s+/);
    expect(hogs).toHaveLength(2);
    for (const h of hogs) g.exec(`taskset -p 1 ${h}`);
    g.exec(`renice 5 -p ${hogs[1]}`);
    g.exec('tick 1000');
    const top = g.exec(`top -b -n 2 -d 1 -p ${hogs.join(',')} | tail -2`).output;
    const cpu = top.trim().split('\n').map((l) => Number(l.trim().split(/\s+/)[8]));
    expect(cpu[0]).toBeGreaterThan(70);
    expect(cpu[1]).toBeLessThan(30);
    expect(g.exec(`ps -o psr= -p ${hogs.join(',')}`).output).toMatch(/^ +0\n +0\n$/);
  });

  it('are found by kernlab lab NAME.c and run NAME.c when no such file is on disk; a file on disk comes first', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'kernlab-examples-'));
    const cwd = process.cwd();
    process.chdir(dir);
    try {
      writeFileSync('cow.c', '#include <stdio.h>\nint main(void) { printf("mine\\n"); return 0; }\n');
      const ps = labPrograms(['zombie.c', 'cow.c'], examples);
      expect(typeof ps !== 'string' && ps.map((p) => p.source)).toEqual([examples.get('zombie.c'), '#include <stdio.h>\nint main(void) { printf("mine\\n"); return 0; }\n']);
      expect(labPrograms(['nothere.c'], examples)).toBe('kernlab: nothere.c: No such file or directory');
    } finally {
      process.chdir(cwd);
    }
    const g = new Game(labLevel([], { cpus: 2, seed: 's' }, { read: (p) => examples.get(p) ?? null, examples: [...examples.keys()] }), 's');
    expect(g.level.spec.briefing).toContain('run process.c, run cow.c, run hog.c, run orphan.c, run segv.c, run threads.c, run touch.c, run zombie.c; each says in its first comment what to watch and what to try (cat NAME.c once it has run).');
    expect(g.exec('run zombie.c').output).toMatch(/^\[1\] \d+\n$/);
    expect(g.exec('tick 100').output).toBe('child: exiting with status 7\n');
    expect(g.exec('head -1 zombie.c').output).toBe(examples.get('zombie.c')!.split('\n')[0] + '\n'); // cat NAME.c once it has run
    expect(g.exec('ps -o stat,args --no-headers').output).toMatch(/^Z +\[zombie\] <defunct>$/m); // as zombie.c's comment says
    // Tab after run offers the files run can read: the examples (and the disk's, in kernlab lab).
    const tab = new Game(labLevel([], { cpus: 2, seed: 's' }, { read: (p) => examples.get(p) ?? null, list: () => ['mine.c', ...examples.keys()], examples: [...examples.keys()] }), 's');
    expect(tab.con.complete('run zo')).toEqual(['zombie.c']);
    expect(tab.con.complete('run mi')).toEqual(['mine.c']);
  });
});
