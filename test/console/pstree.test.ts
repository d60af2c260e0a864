// pstree: the same program (forktree.c) was built with gcc and run on the
// reference machine; psmisc 23.6 printed the trees below for it.
import { describe, expect, it } from 'vitest';
import { jobPid, setup } from './helpers';

/** pstree PID, pstree -A PID, pstree -c -A PID, pstree -T -A PID on the reference machine. */
const REAL = {
  unicode: 'forktree─┬─forktree───2*[forktree]\n         ├─forktree\n         └─2*[{forktree}]\n',
  ascii: 'forktree-+-forktree---2*[forktree]\n         |-forktree\n         `-2*[{forktree}]\n',
  noCompact: 'forktree-+-forktree-+-forktree\n         |          `-forktree\n         |-forktree\n         |-{forktree}\n         `-{forktree}\n',
  noThreads: 'forktree-+-forktree---2*[forktree]\n         `-forktree\n',
};

function forktree() {
  const s = setup();
  const pid = jobPid(s.sh('run forktree.c'));
  s.sh('tick 50');
  return { ...s, pid };
}

describe('pstree', () => {
  it('prints a fork tree as psmisc does: sorted, merged, threads in braces', () => {
    const { sh, pid } = forktree();
    expect(sh(`pstree ${pid}`)).toBe(REAL.unicode);
    expect(sh(`pstree -A ${pid}`)).toBe(REAL.ascii);
    expect(sh(`pstree -c -A ${pid}`)).toBe(REAL.noCompact);
    expect(sh(`pstree -T -A ${pid}`)).toBe(REAL.noThreads);
  });

  it('-p shows PIDs and never merges', () => {
    const { k, sh, pid } = forktree();
    const p = k.findTask(pid)!;
    const kids = [...p.children].sort((a, b) => a.pid - b.pid);
    const big = kids.find((c) => c.children.size === 2)!;
    const small = kids.find((c) => c.children.size === 0)!;
    const grand = [...big.children].map((c) => c.pid).sort((a, b) => a - b);
    const threads = p.signal.threads.filter((t) => t !== p).map((t) => t.pid);
    const head = `forktree(${pid})-+-`;
    const pad = ' '.repeat(head.length - 2);
    const mid = `forktree(${big.pid})-+-`;
    // Children sorted by name, equal names in PID order; {forktree} sorts after forktree.
    const rows = [
      ...(big.pid < small.pid
        ? [`${head}${mid}forktree(${grand[0]})`, `${pad}|${' '.repeat(mid.length - 1)}\`-forktree(${grand[1]})`, `${pad}|-forktree(${small.pid})`]
        : [`${head}forktree(${small.pid})`, `${pad}|-${mid}forktree(${grand[0]})`, `${pad}|${' '.repeat(mid.length - 1)}\`-forktree(${grand[1]})`]),
      `${pad}|-{forktree}(${threads[0]})`,
      `${pad}\`-{forktree}(${threads[1]})`,
    ];
    expect(sh(`pstree -p -A ${pid}`)).toBe(rows.join('\n') + '\n');
  });

  it('from init by default, kthreadd\'s tree with pstree 2, nothing for a missing PID', () => {
    const { k, sh, pid } = forktree();
    expect(sh('pstree -A').split('\n')[0]).toBe('init---bash---forktree-+-forktree---2*[forktree]');
    const kt = sh('pstree -A 2').trimEnd().split('\n');
    const names = [...k.tasks.values()].filter((t) => t.realParent === k.kthreadd).map((t) => t.comm).sort();
    expect(kt[0]).toBe(`kthreadd-+-${names[0]}`);
    expect(kt.slice(1).map((l) => l.trim().replace(/^[|`]-/, ''))).toEqual(names.slice(1));
    expect(sh('pstree 99999')).toBe('');
    expect(sh(`pstree -p -A ${k.shell.pid}`).startsWith(`bash(${k.shell.pid})---forktree(${pid})-+-`)).toBe(true);
  });

  it('cuts lines at the terminal width with a + (psmisc out_char)', () => {
    const narrow = setup({ columns: 20 });
    const pid = jobPid(narrow.sh('run forktree.c'));
    narrow.sh('tick 50');
    // COLUMNS=20 pstree -A PID on the reference machine:
    expect(narrow.sh(`pstree -A ${pid}`)).toBe('forktree-+-forktree+\n         |-forktree\n         `-2*[{fork+\n');
    const lines = narrow.sh('pstree -A').split('\n');
    expect(lines[0]).toBe('init---bash---forkt+');
    expect(lines.every((l) => l.length <= 20)).toBe(true);
    expect(narrow.sh('pstree -A -l').split('\n')[0]).toBe('init---bash---forktree-+-forktree---2*[forktree]');
  });

  it('refuses unknown options', () => {
    const { con } = setup();
    const r = con.exec('pstree -x');
    expect(r.status).toBe(1);
    expect(r.output.split('\n')[0]).toBe("pstree: invalid option -- 'x'");
  });

  it('-g adds the process group (and still merges), -s shows the ancestors of a PID (psmisc 23.6 on the reference machine)', () => {
    const { k, sh, pid } = forktree();
    // Real: view2(13634)-+-3*[view2(13619)] ... for pstree -g; pstree -p -g prints (pid,pgid).
    const g = k.findTask(pid)!.signal.pgrp;
    const pad = ' '.repeat(`forktree(${g})`.length + 1);
    expect(sh(`pstree -g -A ${pid}`)).toBe(
      `forktree(${g})-+-forktree(${g})---2*[forktree(${g})]\n${pad}|-forktree(${g})\n${pad}\`-2*[{forktree}(${g})]\n`,
    );
    const big = [...k.findTask(pid)!.children].find((c) => c.children.size === 2)!;
    expect(sh(`pstree -p -g -A ${big.pid}`).split('\n')[0]).toMatch(new RegExp(`^forktree\\(${big.pid},${g}\\)-\\+-forktree\\(\\d+,${g}\\)$`));
    // Real: process_api(1)---view2(13634)---view2(13641)-+-view2(13645) for pstree -s -p 13641.
    const shell = k.findTask(pid)!.realParent!;
    expect(sh(`pstree -s -p -A ${big.pid}`).split('\n')[0]).toMatch(
      new RegExp(`^init\\(1\\)---${shell.comm}\\(${shell.pid}\\)---forktree\\(${pid}\\)---forktree\\(${big.pid}\\)-\\+-forktree\\(\\d+\\)$`),
    );
    expect(sh('pstree -s 99999')).toBe('Process 99999 not found.\n');
  });
});
