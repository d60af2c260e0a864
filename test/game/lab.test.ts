// The lab: a machine of the student's own, played as a level with no goal.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Game } from '../../src/game/game';
import { LAB_ID, labLevel, type LabProgram } from '../../src/game/lab';
import { labPrograms } from '../../src/cli/lab';
import { shippedLevels } from '../../src/cli/level-files';
import { labExamples } from '../../src/cli/examples';

const FORKER = `#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <sys/wait.h>
int main(int argc, char **argv)
{
    int n = argc > 1 ? atoi(argv[1]) : 1;
    for (int i = 0; i < n; i++)
        if (fork() == 0) { pause(); return 0; }
    printf("forked %d\\n", n);
    for (;;)
        pause();
    return 0;
}
`;

const prog = (name: string, args: string[] = [], source = FORKER): LabProgram => ({ name, file: `${name}.c`, source, args });

describe('the lab', () => {
  it('starts the programs at boot as jobs of the shell, with their arguments, on a machine like exec\'s', () => {
    const g = new Game(labLevel([prog('forker', ['3'])], { cpus: 3, seed: 's' }), 's');
    expect(g.k.rqs.length).toBe(3);
    const out = g.exec('tick 50').output;
    expect(out).toBe('forked 3\n');
    const ps = g.exec('ps -o ppid,comm,args --no-headers').output.trim().split('\n');
    expect(ps.filter((l) => l.includes('./forker 3'))).toHaveLength(4);
    expect(g.exec('jobs').output).toBe('[1]+  Running                 ./forker 3 &\n');
    // PIDs as on a machine that has been up a while (exec's and shell's), not right after boot.
    expect(Number(g.exec('pgrep -o forker').output)).toBeGreaterThanOrEqual(300);
  });

  it('is never decided by time or goal: only a kernel panic ends it', () => {
    const g = new Game(labLevel([prog('forker')], { cpus: 2, seed: 's' }), 's');
    g.exec('tick 200s'); // past any level's time limit
    expect(g.status).toBe('playing');
    expect(g.hint()).toMatch(/^run FILE\.c/);
    expect(g.score().solved).toBe(false);
  });

  it('runs FILE.c from the student\'s disk through readFile, and every command is allowed', () => {
    const files: Record<string, string> = { 'again.c': '#include <stdio.h>\nint main(void) { printf("again\\n"); return 0; }\n' };
    const g = new Game(labLevel([], { cpus: 2, seed: 's' }, { read: (p) => files[p] ?? null }), 's');
    expect(g.exec('run again.c').output).toMatch(/^\[1\] \d+\n$/);
    expect(g.exec('tick 5').output).toBe('again\n[1]+  Done                    ./again\n');
    expect(g.exec('run nothere.c').output).toBe('run: nothere.c: No such file or directory\n');
    expect(g.exec('sysctl kernel.pid_max').status).toBe(0);
  });

  it('panics as its last tip says, typed as it says: init\'s stack unmapped, then orphan.c', () => {
    const examples = labExamples();
    const g = new Game(labLevel([], { cpus: 2, seed: 's' }, { read: (p) => examples.get(p) ?? null, examples: [...examples.keys()] }), 's');
    const tip = g.level.spec.hints.at(-1)!;
    expect(typeof tip === 'string' ? tip : tip.text).toContain('munmap 1 START $((0xEND - 0xSTART))');
    const [, start, end] = /^(\w+)-(\w+) .*\[stack\]$/.exec(g.exec('grep stack /proc/1/maps').output.trim())!;
    expect(g.exec(`munmap 1 ${start} $((0x${end} - 0x${start}))`).status).toBe(0);
    expect(g.exec('grep -c stack /proc/1/maps').output).toBe('0\n');
    g.exec('run orphan.c');
    g.exec('tick 5000');
    expect(g.k.panicked).toMatch(/Attempted to kill init!/);
  });

  it('refuses two programs that would have one name; its id is no shipped level\'s', () => {
    expect(() => labLevel([prog('a'), prog('a')], { cpus: 2, seed: 's' })).toThrow('two programs would both be /home/student/a');
    expect(shippedLevels().map((l) => l.spec.id)).not.toContain(LAB_ID);
  });

  it('reads FILE.c words from the command line: arguments follow their file; unreadable or broken files say why', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'kernlab-lab-'));
    const ok = path.join(dir, 'ok.c');
    const bad = path.join(dir, 'bad.c');
    writeFileSync(ok, FORKER);
    writeFileSync(bad, 'int main(void) { return 1/; }\n');
    const ps = labPrograms([ok, '2', 'x', ok]);
    expect(typeof ps !== 'string' && ps.map((p) => [p.name, p.args])).toEqual([
      ['ok', ['2', 'x']],
      ['ok', []],
    ]);
    expect(labPrograms(['2'])).toBe('kernlab: lab: 2: not a kernlab C file (FILE.c); the words after a FILE.c are its arguments');
    expect(labPrograms([path.join(dir, 'none.c')])).toBe(`kernlab: ${path.join(dir, 'none.c')}: No such file or directory`);
    expect(labPrograms([bad])).toBe(`${bad}:1:27: error: expected expression before ';' token`);
  });
});
