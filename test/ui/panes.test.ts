// Each pane of the game screen, drawn into a headless xterm from a real
// game: what a player sees in it, and that it follows the selected task.
import { plural } from '../../src/game/plural';
import { afterEach, describe, expect, it } from 'vitest';
import { pageIndices } from '../../src/kernel/mm/pgtable';
import { shippedLevels } from '../../src/cli/level-files';
import { briefingLines } from '../../src/ui/briefing';
import { debriefLines } from '../../src/ui/debrief';
import { glyphsFor } from '../../src/ui/theme';
import { expandTabs } from '../../src/ui/text';
import { Game } from '../../src/game/game';
import { fixture, openGame, type GameOnScreen } from './helpers';

const open: GameOnScreen[] = [];
async function game(name: string, cols = 120, rows = 40): Promise<GameOnScreen> {
  const g = await openGame(fixture(name), { cols, rows });
  open.push(g);
  return g;
}
afterEach(async () => {
  for (const g of open.splice(0)) await g.close();
});

/** The rows of the pane whose title starts with `title` (inside its border). */
function paneRows(g: GameOnScreen, id: keyof GameOnScreen['gs']['panes']): string[] {
  const r = g.gs.panes[id].rect!;
  return g.t
    .screenText()
    .slice(r.top + 1, r.top + r.height - 1)
    .map((l) => l.padEnd(r.left + r.width).slice(r.left + 1, r.left + r.width - 1).trimEnd());
}
const paneText = (g: GameOnScreen, id: keyof GameOnScreen['gs']['panes']): string => paneRows(g, id).join('\n');
const titleRow = (g: GameOnScreen, id: keyof GameOnScreen['gs']['panes']): string => {
  const r = g.gs.panes[id].rect!;
  return g.t.screenText()[r.top].slice(r.left, r.left + r.width);
};

describe('tasks pane', () => {
  it('shows the tree with state letters, zombies in bold red (<defunct> where the tree has room), kthreads folded', async () => {
    const g = await game('frozen-parent');
    await g.tick(1300); // the workers exit while the parent is stopped
    const parent = g.game.view.labels.get('parent')!;
    const rows = paneRows(g, 'tasks');
    const pRow = rows.findIndex((l) => l.includes(`${parent} parent`));
    expect(rows[pRow]).toMatch(/T\s*$/);
    expect(rows[pRow]).toContain('●'); // the selected task
    // At 120x40 the tree is 29 columns: the zombies keep their whole name and Z.
    const zombies = rows.filter((l) => /\d+ parent\s+Z\s*$/.test(l));
    expect(zombies).toHaveLength(3);
    expect(rows.some((l) => /kthreadd\s+\+\d+ S/.test(l))).toBe(true);
    // The zombie's row is bold and red, its letter too.
    const r = g.gs.panes.tasks.rect!;
    const y = r.top + 1 + rows.indexOf(zombies[0]!);
    const line = g.t.screenText()[y]!;
    expect(g.t.cellAt(line.indexOf('parent'), y)).toMatchObject({ bold: true, fg: 1 });
    expect(g.t.cellAt(line.lastIndexOf('Z'), y)).toMatchObject({ bold: true, fg: 1 });
    // A wider tree says <defunct> too, as ps does.
    const wide = await game('frozen-parent', 200, 50);
    await wide.tick(1300);
    expect(paneRows(wide, 'tasks').filter((l) => /\d+ parent\s+<defunct> Z\s*$/.test(l))).toHaveLength(3);
  });

  it('moves, folds and selects with the keys; the other panes follow the selection', async () => {
    const g = await game('frozen-parent');
    await g.tick(300);
    await g.keys('escape', '1'); // leave the console, focus the tasks
    expect(g.gs.focused).toBe('tasks');
    expect(titleRow(g, 'tasks')).toContain('Tasks');
    const before = paneRows(g, 'tasks').length;
    // Unfold kthreadd: go to its row (the last), then Right.
    await g.keys('end', 'right');
    const unfolded = paneRows(g, 'tasks').filter((l) => l.trim()).length;
    expect(unfolded).toBeGreaterThan(before - 5);
    expect(paneText(g, 'tasks')).toContain('ksoftirqd/0');
    // Select the shell: Home, down to bash, Enter.
    await g.keys('home', 'down', 'enter');
    const bash = g.game.k.shell;
    expect(g.gs.ctx.selectedPid).toBe(bash.pid);
    expect(titleRow(g, 'memory')).toContain(`bash (${bash.pid})`);
    expect(titleRow(g, 'source')).toContain(`bash (${bash.pid})`);
    // Left on the folded-open init row folds it; Right unfolds.
    await g.keys('home', 'left');
    expect(paneText(g, 'tasks')).not.toContain('bash');
    await g.keys('right');
    expect(paneText(g, 'tasks')).toContain('bash');
  });

  it('shows a name with a newline in it (echo foo > /proc/$$/comm) as ps does, foo?, on one row', async () => {
    const g = await game('frozen-parent');
    await g.tick(300);
    const before = paneRows(g, 'tasks');
    g.game.k.shell.comm = 'foo\n'; // what comm_write leaves
    await g.tick(1);
    const rows = paneRows(g, 'tasks');
    expect(rows.length).toBe(before.length);
    expect(rows.some((l) => /\d+ foo\? +S\s*$/.test(l))).toBe(true);
  });

  it('selects a task with a mouse click', async () => {
    const g = await game('frozen-parent');
    await g.tick(300);
    const r = g.gs.panes.tasks.rect!;
    const rows = paneRows(g, 'tasks');
    const y = r.top + 1 + rows.findIndex((l) => l.includes(' init'));
    // xterm SGR mouse: press and release at (x, y), 1-based.
    g.t.input.send(`\x1b[<0;${r.left + 5};${y + 1}M`);
    g.t.input.send(`\x1b[<0;${r.left + 5};${y + 1}m`);
    await g.t.settle();
    expect(g.gs.ctx.selectedPid).toBe(1);
    expect(g.gs.focused).toBe('tasks');
  });
});

describe('CPUs pane', () => {
  it('shows each CPU with a utilisation sparkline and its runqueue by vruntime, the running task marked', async () => {
    const g = await game('read-only');
    await g.keys('escape', 'space'); // let it run: it prints, then sleeps
    g.driver.paused = false;
    await g.tick(1);
    const text = paneText(g, 'cpus');
    expect(text).toMatch(/^cpu0 [▁▂▃▄▅▆▇█ ]+ +\d+% {2}nr \d/m);
    expect(text).toMatch(/^cpu1 /m);
    const k = g.game.k;
    const rq = k.rqs.find((q) => q.curr !== q.idle);
    if (rq) {
      const curr = rq.curr;
      expect(text).toMatch(new RegExp(`▶ *${curr.pid} ${curr.comm}.* ${(curr.se.vruntime / 1e6).toFixed(3)}`));
    } else {
      expect(text).toMatch(/▶ +0 swapper\/0 \(idle\)/);
    }
    expect(titleRow(g, 'cpus')).toMatch(/CPUs · 2 · \d+ runnable · vruntime ms/); // what the task rows' numbers are
  });
});

describe('memory map pane', () => {
  it("lists the selected task's VMAs as /proc/PID/maps does, with COW-shared pages after fork", async () => {
    const g = await game('frozen-parent');
    await g.tick(300);
    const parent = g.game.view.task('parent')!;
    const maps = g.game.k.mm.procMaps(parent.mm!).trim().split('\n').slice(0, -1); // minus [vsyscall]
    const rows = paneRows(g, 'memory');
    expect(rows[0]).toMatch(/^START\s+PERM\s+(SIZE\s+)?PAGES\s+PRES\s+(FLT\s+)?NAME/);
    for (const line of maps.slice(0, 8)) {
      const [range, perms] = line.split(' ');
      const start = range.split('-')[0].padStart(12, '0');
      expect(rows.some((r) => r.startsWith(start) && r.includes(perms))).toBe(true);
    }
    // After fork the parent's stack pages are write-protected and shared: COW.
    // After fork, pages the workers did not write stay shared and
    // write-protected in both: COW ('c' in the strip, "Nc" after the count).
    await g.keys('escape', '3', 'end');
    const stack = paneRows(g, 'memory').find((r) => r.includes('[stack]'))!;
    expect(stack).toMatch(/^[0-9a-f]{12} rw-p [#c.]*c[#c.]* +\d+\/33 \d+c \[stack\]$/);
    expect(titleRow(g, 'memory')).toMatch(new RegExp(`Memory map · parent \\(${parent.pid}\\) · mm#\\d+`));
  });

  it('says a kernel thread has no mm of its own', async () => {
    const g = await game('frozen-parent');
    await g.tick(10);
    g.gs.ctx.select(2);
    await g.tick(0);
    expect(paneText(g, 'memory')).toContain('mm is NULL');
    // kthreadd has run (it forked the boot kthreads) and sleeps: no borrowed mm now.
    expect(paneText(g, 'memory').replace(/\s+/g, ' ')).toContain('Not on a CPU now: active_mm is NULL');
  });
});

describe('MMU trace pane', () => {
  it('shows the walks of the selected task, with the four indices, TLB misses and the fault it took', async () => {
    const g = await game('read-only');
    await g.tick(2900);
    // Frames of 33 ticks, as at 1x: each frame traces up to 200 walks.
    while (g.game.status === 'playing') await g.tick(33); // until the write to read-only memory: SIGSEGV
    await g.keys('escape'); // close the result box
    const victim = g.game.view.labels.get('victim')!;
    const addr = g.game.view.lastSegvAddr('victim')!;
    const text = paneText(g, 'mmu');
    // The greeting's page was read before (printf), so the write hits the
    // TLB, whose entry forbids writing: a protection fault, SIGSEGV.
    const idx = pageIndices(addr).join(' +');
    expect(text).toMatch(new RegExp(`w ${addr.toString(16).padStart(12, '0')} +${idx} +(hit|miss|H|M) +SEGV acc`));
    expect(text).toMatch(/ (hit|H) /);
    expect(g.gs.ctx.trace.entries.some((e) => e.kind === 'walk' && e.tlb === 'miss')).toBe(true);
    expect(titleRow(g, 'mmu')).toContain(`pid ${victim}`);
  });

  it('shows a repeat count whole or not at all in the narrow trace (no bare ×)', async () => {
    const level = shippedLevels().find((l) => l.spec.id === 'first-contact')!;
    const g = await openGame(level, { cols: 120, rows: 40 });
    open.push(g);
    await g.tick(500);
    // A walk repeated 12 times whose physical address leaves room for " ×" but not " ×12".
    const tr = g.gs.ctx.trace;
    tr.entries.push({ kind: 'walk', tick: 500, cpu: 0, pid: g.gs.ctx.selectedPid!, addr: 0x7ffdd1a00f71, access: 'r', tlb: 'hit', steps: [], phys: 0x37f71, fault: '', repeat: 12 });
    await g.tick(0);
    const rows = paneRows(g, 'mmu');
    expect(rows[0]).toMatch(/^C A ADDRESS/); // the narrow form
    expect(rows[rows.length - 1]).toMatch(/0 r 7ffdd1a00f71 +255 +503 +141 +0 H → 37f71$/);
  });

  it('keeps each result whole at 80x24, where the CPU column goes (it cut "SEGV acc" and the frame numbers short)', async () => {
    const level = shippedLevels().find((l) => l.spec.id === 'read-only')!;
    const g = await openGame(level, { cols: 80, rows: 24 });
    open.push(g);
    await g.tick(10); // the update's first store faults at once
    await g.keys('escape', '4');
    const rows = paneRows(g, 'mmu');
    expect(rows[0]).toMatch(/^A ADDRESS +PGD PUD PMD PTE T RESULT/);
    const addr = g.game.view.lastSegvAddr('kvstore')!;
    expect(rows).toContain(`w ${addr.toString(16).padStart(12, '0')} ${pageIndices(addr).map((x) => String(x).padStart(3)).join(' ')} - SEGV acc`);
    for (const r of rows.filter((x) => x.includes('→'))) expect(r).toMatch(/→ [0-9a-f]+$/); // no … in place of the frame's last digits
  });

  for (const [cols, rows] of [
    [120, 40],
    [80, 24],
  ] as const) {
    it(`shows a COW copy with both frames, the new one whole, at ${cols}x${rows} (it read "frame 1bc →" and stopped)`, async () => {
      // The dispatcher forks a handler every 0.4 s: each fork write-protects
      // its pages, and its next stores copy them (COW).
      const level = shippedLevels().find((l) => l.spec.id === 'zombie-orphans')!;
      const g = await openGame(level, { cols, rows });
      open.push(g);
      for (let t = 0; t < 1300; t += 33) await g.tick(33);
      if (cols === 80) await g.keys('escape', '4'); // the MMU trace in the shared slot
      const copies = new Set(g.gs.ctx.trace.entries.flatMap((e) => (e.kind === 'cow' && e.copied ? [`${e.addr.toString(16)} ${e.from.toString(16)} ${e.to.toString(16)}`] : [])));
      const rowsShown = paneRows(g, 'mmu').filter((r) => r.includes('COW copy '));
      expect(rowsShown.length).toBeGreaterThan(0);
      for (const row of rowsShown) {
        const m = /COW copy (?:of page )?([0-9a-f]+): (?:frame )?([0-9a-f]+) → ([0-9a-f]+)$/.exec(row);
        expect(m, row).not.toBeNull();
        expect(copies.has(`${m![1]} ${m![2]} ${m![3]}`), row).toBe(true); // both frames, the new one whole
      }
    });
  }

  it('keeps every page fault of the traced task, even past the per-frame budget of traced walks', async () => {
    const g = await game('read-only');
    await g.tick(3100); // one frame: the budget of traced walks runs out long before the fault
    await g.keys('escape');
    const addr = g.game.view.lastSegvAddr('victim')!;
    expect(g.gs.ctx.trace.skippedFrames).toBeGreaterThan(0);
    expect(paneText(g, 'mmu')).toMatch(new RegExp(`w ${addr.toString(16).padStart(12, '0')} +${pageIndices(addr).join(' +')} +- +SEGV acc`));
    expect(titleRow(g, 'mmu')).toContain('address space gone');
  });
});

describe('MMU trace pane, a kernel thread selected', () => {
  for (const [cols, rows] of [[120, 40], [80, 24]] as const) {
    it(`says why there is nothing to trace, in whole words, at ${cols}x${rows}`, async () => {
      const g = await game('frozen-parent', cols, rows);
      await g.tick(10);
      g.gs.ctx.select(2);
      if (cols === 80) await g.keys('escape', '4'); // the compact layout's detail slot shows the MMU trace
      await g.tick(0);
      const text = paneText(g, 'mmu').replace(/\s+/g, ' ');
      expect(text).toContain('kthreadd is a kernel thread: it makes no user-space translations.');
      expect(text).toContain('Select a user task in the task tree to trace its page-table walks.');
    });
  }
});

describe('MMU trace pane, shootdowns', () => {
  it('names each shootdown whole in the 120-column layout', async () => {
    const level = shippedLevels().find((l) => l.spec.id === 'shootdown')!;
    const g = await openGame(level, { cols: 120, rows: 40 });
    open.push(g);
    await g.tick(300);
    const pid = g.game.view.labels.get('publisher')!;
    const page = g.game.view.fill('{page:publisher.settings}');
    g.game.exec(`mprotect ${pid} ${page} 4096 r--`);
    await g.tick(0); // a frame, as after a command typed while paused
    const range = `${BigInt(page).toString(16)}-${(BigInt(page) + 4096n).toString(16)}`;
    const rows = paneRows(g, 'mmu').filter((l) => l.includes('TLB shootdown'));
    // The CPUs of the publisher's other threads (where the seed put the sensor decides which).
    expect(rows.map((l) => l.trim().split(/\s+/)[0]).sort()).toEqual(g.game.view.fill('{thread_cpus:publisher}').split(' '));
    expect(rows).toHaveLength(2);
    for (const r of rows) expect(r).toContain(`TLB shootdown ${range}`);
  });

  it('finds the shootdowns again with f at 80x24, after the threads have run on, the ticks as the header counts them', async () => {
    const level = shippedLevels().find((l) => l.spec.id === 'shootdown')!;
    const g = await openGame(level, { cols: 80, rows: 24 });
    open.push(g);
    await g.tick(300);
    const pid = g.game.view.labels.get('publisher')!;
    const page = g.game.view.fill('{page:publisher.settings}');
    g.game.exec(`mprotect ${pid} ${page} 4096 r--`);
    const at = g.game.ticks;
    g.game.exec('tick 20'); // the threads' walks push the flushes out of view
    await g.tick(0);
    await g.keys('escape', '4');
    const shootdowns = (): string[] => paneRows(g, 'mmu').filter((l) => l.includes('shootdown'));
    expect(shootdowns()).toHaveLength(0);
    expect(g.t.screenText()[23]).toContain('f faults only');
    await g.keys('f');
    expect(titleRow(g, 'mmu')).toContain('MMU trace, faults only');
    // No C column at this width: each flush row names its CPU itself (a bare number sat under "A").
    expect(paneRows(g, 'mmu')[0]).toMatch(/^A ADDRESS/);
    // Each with its range whole (cut, "5575aadc7000-5575aadc80" read as another address): "TLB" goes first.
    const range = `${BigInt(page).toString(16)}-${(BigInt(page) + 4096n).toString(16)}`;
    for (const r of shootdowns()) expect(r).toMatch(new RegExp(`^cpu\\d+ (TLB )?shootdown ${range}( \\(IPI\\))?$`));
    expect(shootdowns().map((l) => l.trim().split(/\s+/)[0].replace(/^cpu/, '')).sort()).toEqual(g.game.view.fill('{thread_cpus:publisher}').split(' '));
    expect(paneRows(g, 'mmu').slice(1).every((l) => !/ → [0-9a-f]+( ×\d+)?$/.test(l) || / (zero-fill|zero page|file page|COW|stack\+|SEGV)/.test(l))).toBe(true); // no plain walk
    // Zoomed, the wide form has a TICK column: the header's count, not the kernel's since boot.
    await g.keys('z');
    const row = paneRows(g, 'mmu').find((l) => l.includes('TLB shootdown'))!; // zoomed: room for "TLB"
    expect(Number(row.trim().split(/\s+/)[0])).toBe(at);
    await g.keys('z', 'f');
    expect(titleRow(g, 'mmu')).not.toContain('MMU trace, faults only');
    expect(g.t.screenText()[23]).toContain('f faults only');
  });
});

describe('MMU trace pane, switched off', () => {
  it('shows no page-table indices in a level that hides it (walk-the-tables asks for them)', async () => {
    const level = shippedLevels().find((l) => l.spec.id === 'walk-the-tables')!;
    expect(level.spec.hide).toEqual(['mmu']);
    const g = await openGame(level, { cols: 120, rows: 40 });
    open.push(g);
    await g.tick(1100); // the odometer has written its counter
    const addr = g.game.view.symbolAddress('odometer', 'odometer')!;
    const text = paneText(g, 'mmu');
    expect(text.replace(/\s+/g, ' ')).toContain('Switched off in this level');
    expect(text).not.toContain(pageIndices(addr).join(' '));
    expect(titleRow(g, 'mmu')).toContain('MMU trace · off');
  });
});

describe('source pane', () => {
  it("marks the selected task's line and lists the other tasks on theirs", async () => {
    const g = await game('frozen-parent');
    await g.tick(300);
    const rows = paneRows(g, 'source');
    const mine = rows.find((r) => r.startsWith('▶'))!;
    expect(mine).toMatch(/pause\(\);/);
    const kids = [...g.game.k.tasks.values()].filter((t) => t.realParent?.pid === g.game.view.labels.get('parent'));
    const workers = rows.find((r) => r.startsWith('▷'))!;
    expect(workers).toMatch(/sleep\(1\);/);
    for (const k of kids) expect(workers).toContain(String(k.pid));
    expect(titleRow(g, 'source')).toMatch(/line \d+/);
  });
});

describe('goal pane', () => {
  it('ticks off the goal as it is met, shows hints taken and the score against par', async () => {
    const g = await game('frozen-parent');
    await g.tick(1300);
    let text = paneText(g, 'goal');
    expect(text).toContain('Get the zombies reaped');
    expect(text).toMatch(/· no zombies left/);
    expect(text).toMatch(/✔ the parent is alive/);
    expect(text).toMatch(/2 hints: type hint/);
    // The fail condition's text is for after a loss: it is not shown before.
    expect(text).not.toContain('the parent died');
    await g.keys('escape', 'h');
    text = paneText(g, 'goal');
    expect(text.replace(/\s+/g, ' ')).toMatch(/Hint 1\/2: The parent is stopped/);
    await g.keys(':');
    await g.type(`kill -CONT ${g.game.view.labels.get('parent')}`);
    await g.keys('enter');
    await g.tick(50);
    await g.keys('escape');
    text = paneText(g, 'goal');
    expect(text).toMatch(/✔ no zombies left/);
    expect(titleRow(g, 'goal')).toContain('Goal · 3/3');
  });
});

describe('goal pane at 80x24', () => {
  it('keeps every clause of the checklist in view, dropping the goal sentence for room', async () => {
    const level = shippedLevels().find((l) => l.spec.id === 'zombie-frozen-parent')!;
    const g = await openGame(level, { cols: 80, rows: 24 });
    open.push(g);
    const text = paneText(g, 'goal').replace(/\s+/g, ' ');
    for (const c of g.game.checklist()) expect(text).toContain(c.text);
    expect(text).not.toContain(level.spec.goal_text);
  });

  it("shows every shipped level's clauses whole, at 80x24 and at 120x40, when there are no more clauses than rows", async () => {
    // A clause too long for the pane is cut at 80x24 (38 columns) or 120x40
    // (27 columns, nine rows): each must be short enough to be read whole.
    for (const level of shippedLevels()) {
      for (const [cols, rows] of [[80, 24], [120, 40]] as const) {
        const g = await openGame(level, { cols, rows });
        const seen = clausesIn(paneRows(g, 'goal'));
        const list = g.game.checklist();
        const h = g.gs.panes.goal.rect!.height - 2;
        expect(seen.length, level.spec.id).toBe(list.length > h ? h - 1 : list.length);
        seen.forEach((c, i) => expect(c, `${level.spec.id} at ${cols}x${rows}`).toBe(list[i].text));
        await g.close();
      }
    }
  }, 60_000);
});

describe('goal pane filled by its checklist', () => {
  it('carries the ticks against par in its title when no row is left for the notes (80x24, 120x40)', async () => {
    for (const [id, cols, rows] of [['first-contact', 80, 24], ['copy-on-write', 120, 40]] as const) {
      const level = shippedLevels().find((l) => l.spec.id === id)!;
      const g = await openGame(level, { cols, rows });
      open.push(g);
      const seen = paneRows(g, 'goal').join(' ');
      expect(seen, id).not.toMatch(/Ticks|Par /); // the checklist took every row
      expect(titleRow(g, 'goal'), id).toContain(`Goal · ${g.game.checklist().filter((c) => c.done).length}/${g.game.checklist().length} · 0/${level.spec.par.ticks} ticks`);
    }
  });

  it('keeps the plain title when the notes have their rows (120x40)', async () => {
    const level = shippedLevels().find((l) => l.spec.id === 'zombie-ignore')!;
    const g = await openGame(level, { cols: 120, rows: 40 });
    open.push(g);
    expect(titleRow(g, 'goal')).toMatch(/Goal · \d\/\d ─/);
  });
});

describe('hints once solved', () => {
  it('the briefing says they are free', () => {
    const level = fixture('frozen-parent');
    expect(briefingLines(level, 200, 1, false).join(' ')).toContain('each costs points');
    expect(briefingLines(level, 200, 1, true).join(' ')).toContain('free: you have solved this level before');
  });
});

describe('goal pane notes', () => {
  it('wraps the hint offer and the par line whole when the pane has the rows (120x40)', async () => {
    const level = shippedLevels().find((l) => l.spec.id === 'zombie-ignore')!;
    const g = await openGame(level, { cols: 120, rows: 40 });
    open.push(g);
    const text = paneRows(g, 'goal').join(' ').replace(/\s+/g, ' ');
    expect(text).toContain('3 hints: type hint (each costs points)');
    expect(text).toContain('Par 4000 ticks, 2 actions · now 0 ticks, 0 actions');
    expect(text).not.toContain('…');
  });

  it('shortens the notes, never cutting them mid-word, when the checklist needs the rows (120x40, 120x32)', async () => {
    for (const id of ['adopt-orphans', 'first-contact']) {
      const level = shippedLevels().find((l) => l.spec.id === id)!;
      const g = await openGame(level, { cols: 120, rows: 40 });
      open.push(g);
      const rows = paneRows(g, 'goal');
      const text = rows.join(' ').replace(/\s+/g, ' ');
      // Every clause whole, the short notes whole.
      for (const c of g.game.checklist()) expect(text).toContain(c.text);
      expect(text).toContain('3 hints: type hint');
      expect(text).toMatch(/Ticks \d+\/\d+ · actions 0\/\d|Par \d+ ticks, \d actions? · now \d+ ticks, 0 actions/);
      expect(text).not.toContain('…');
    }
    // Five clauses need nine rows wrapped; at 120x32 the pane has seven: some
    // are cut to one row, between words and marked …, no more of them than
    // the hint's pointer and the par line need; those two whole.
    const level = shippedLevels().find((l) => l.spec.id === 'copy-on-write')!;
    const g = await openGame(level, { cols: 120, rows: 32 });
    open.push(g);
    await g.type('hint');
    await g.keys('enter');
    const rows = paneRows(g, 'goal');
    const seen = clausesIn(rows);
    const list = g.game.checklist();
    expect(seen.length).toBe(list.length);
    list.forEach((c, i) => expectClause(seen[i], c.text));
    expect(seen.filter((c) => c.endsWith('…')).length).toBeGreaterThan(0);
    expect(seen.filter((c) => !c.endsWith('…')).length).toBeGreaterThan(0); // only as many cut as needed
    const notes = rows.filter((r) => !/^[·✔ ] /.test(r));
    for (const r of notes) expect(r).not.toContain('…');
    expect(notes[0]).toBe('Hint 1/3: see the console');
    expect(notes.join(' ')).toMatch(/Ticks \d+\/1000 · actions 0\/3/);
  });
});

/** The clauses a goal pane shows: a row with a mark starts one, an indented row continues it. */
function clausesIn(rows: string[]): string[] {
  const out: string[] = [];
  for (const r of rows) {
    if (/^[·✔] /.test(r)) out.push(r.slice(2).trimEnd());
    else if (/^ {2}\S/.test(r) && out.length) out[out.length - 1] += ' ' + r.trim();
  }
  return out;
}

/** A clause shown whole, or cut between words and marked with …. */
function expectClause(seen: string, text: string): void {
  if (!seen.endsWith('…')) return void expect(seen).toBe(text);
  const kept = seen.slice(0, -1);
  expect(text.startsWith(kept), `${seen} / ${text}`).toBe(true);
  expect(text[kept.length], `${seen} / ${text}`).toMatch(/[\s,;:(]/);
}

describe('goal pane with more than it can show (80x24)', () => {
  it('says how many clauses are below, and shows them all, whole, when focused', async () => {
    const level = shippedLevels().find((l) => l.spec.id === 'copy-on-write')!;
    const g = await openGame(level, { cols: 80, rows: 24 });
    open.push(g);
    const list = g.game.checklist();
    let rows = paneRows(g, 'goal');
    expect(rows.length).toBe(4);
    clausesIn(rows).forEach((c, i) => expectClause(c, list[i].text));
    expect(rows[3]).toBe(`+${list.length - 3} more (0 met): Esc 6 shows all`);
    await g.keys('escape', '6');
    // Focused, every clause whole, down the rows as the pane scrolls.
    const all: string[] = [];
    for (let i = 0; i < 12; i++) {
      rows = paneRows(g, 'goal');
      expect(rows.join(' ')).not.toContain('more (');
      all.push(...rows);
      await g.keys('down');
    }
    const text = all.join(' ').replace(/\s+/g, ' ');
    for (const c of list) expect(text).toContain(c.text);
  });

  it('points to the console for a hint it has no room for, rather than cutting it', async () => {
    // Three clauses of one row each leave one row: too few for the hint.
    const level = shippedLevels().find((l) => l.spec.id === 'zombie-orphans')!;
    const g = await openGame(level, { cols: 80, rows: 24 });
    open.push(g);
    for (const line of ['hint', 'hint']) {
      await g.type(line);
      await g.keys('enter');
    }
    const rows = paneRows(g, 'goal');
    expect(rows).toContain('Hint 2/3: see the console');
    const hint = g.game.shownHints()[1];
    expect(rows.join(' ')).not.toContain(hint.slice(0, 12));
    clausesIn(rows).forEach((c, i) => expectClause(c, g.game.checklist()[i].text));
    expect(paneText(g, 'console').replace(/\s+/g, ' ')).toContain(`Hint 2/3: ${hint}`);
  });
});

describe('debrief', () => {
  it('fills templates from the machine played (noisy-neighbours names the CPU the mixer got)', () => {
    const level = shippedLevels().find((l) => l.spec.id === 'noisy-neighbours')!;
    const game = new Game(level, 'alice');
    game.exec('taskset -a -cp 1,2 ' + String(game.view.labels.get('encoder')));
    game.exec('taskset -cp 0 ' + String(game.view.labels.get('mixer')));
    game.advance(7000);
    expect(game.status).toBe('solved');
    const text = debriefLines(game, { runFile: null, newBest: false, warning: '' }, glyphsFor(true), 200, 0).join(' ');
    expect(text).toContain('the mixer has CPU 0 to itself');
    expect(text).not.toContain('{cpu:');
  });
});

describe('result box', () => {
  for (const [cols, rows] of [[80, 24], [120, 40]] as const) {
    it(`wraps a long failure reason whole at ${cols}x${rows}`, async () => {
      const level = shippedLevels().find((l) => l.spec.id === 'adopt-orphans')!;
      const g = await openGame(level, { cols, rows });
      open.push(g);
      g.game.exec('tick 6000');
      await g.tick(1);
      expect(g.game.status).toBe('failed');
      const reason = g.game.failReason;
      expect(reason.length).toBeGreaterThan(70);
      const screen = g.t.screenText();
      const top = screen.findIndex((l) => l.includes('Level failed'));
      const left = screen[top].lastIndexOf('┌', screen[top].indexOf('Level failed'));
      const right = screen[top].indexOf('┐', left);
      const inner: string[] = [];
      for (let y = top + 1; !screen[y].slice(left, right + 1).startsWith('└'); y++) inner.push(screen[y].slice(left + 1, right));
      const text = inner.join(' ').replace(/\s+/g, ' ');
      expect(text).toContain(`Failed: ${reason}`);
      expect(text).toContain('Enter see the debrief');
    });
  }
});

describe('kthread_stop on the game screen', () => {
  it("shows the stopped thread's return value when it exits, even when that ends the level", async () => {
    const level = shippedLevels().find((l) => l.spec.id === 'wake-the-flusher')!;
    const g = await openGame(level);
    open.push(g);
    const flusher = String(g.game.view.labels.get('flusher'));
    g.game.exec('tick 200');
    g.game.exec(`wake_up_process ${flusher}`);
    g.game.exec('tick 1300');
    g.game.exec(`kthread_stop ${flusher}`);
    await g.tick(50);
    expect(g.game.status).toBe('solved');
    expect(paneText(g, 'console')).toMatch(new RegExp(`kthread_stop\\(${flusher} \\(flusher\\)\\) = -?\\d+: the thread exited`));
  });
});

describe('kthread_stop from the prompt', () => {
  it("prints the thread's return value under the tick that ended the level, before 'Level solved'", async () => {
    const level = shippedLevels().find((l) => l.spec.id === 'wake-the-flusher')!;
    const g = await openGame(level);
    open.push(g);
    const flusher = String(g.game.view.labels.get('flusher'));
    for (const line of ['tick 200', `wake_up_process ${flusher}`, 'tick 1300', `kthread_stop ${flusher}`, 'tick 500']) {
      await g.type(line);
      await g.keys('enter');
    }
    expect(g.game.status).toBe('solved');
    const rows = paneRows(g, 'console');
    const tick = rows.lastIndexOf('kernlab# tick 500');
    const told = rows.findIndex((r) => new RegExp(`^kthread_stop\\(${flusher} \\(flusher\\)\\) = 64: the thread exited`).test(r));
    const solved = rows.findIndex((r) => r.startsWith('Level solved'));
    expect(tick).toBeGreaterThanOrEqual(0);
    expect(told).toBeGreaterThan(tick);
    expect(solved).toBeGreaterThan(told);
  });
});

describe('briefing', () => {
  it('names each allowed command once (a level listing tick did not get it twice)', () => {
    const level = shippedLevels().find((l) => l.spec.id === 'zombie-frozen-parent')!;
    expect(level.spec.tools).toContain('tick');
    const text = briefingLines(level, 200, 1).join(' ');
    expect(text).toContain('Commands allowed: ps, pstree, cat, ls, kill, strace, jobs, bg (and help, tick, state, hint; help lists every one you may use).');
  });

  it('lists answer among the commands of a level that asks a question, and sets par apart', () => {
    const level = shippedLevels().find((l) => l.spec.id === 'walk-the-tables')!;
    const lines = briefingLines(level, 200, 1);
    const at = lines.findIndex((l) => l.startsWith('Commands allowed:'));
    expect(lines[at]).toBe('Commands allowed: ps, cat, ls, pmap, printf, echo (and help, tick, state, hint, answer; help lists every one you may use).');
    expect(lines[at + 1]).toBe('');
    expect(lines[at + 2]).toMatch(/^Par: 100 ticks/);
  });
});

describe('console pane, an output longer than the pane (80x24)', () => {
  it('says in its title how many rows of the last command are above the view', async () => {
    const g = await game('frozen-parent', 80, 24);
    await g.type('cat /proc/1/status');
    await g.keys('enter');
    const body = g.gs.panes.console.rect!.height - 3; // inside the border, above the prompt
    const w = g.gs.panes.console.rect!.width - 2;
    const lines = g.game.con.exec('cat /proc/1/status').output.trimEnd().split('\n');
    const rows = lines.reduce((n, l) => n + Math.max(1, Math.ceil(expandTabs(l).length / w)), 1); // and the command's own line
    expect(rows).toBeGreaterThan(body);
    expect(titleRow(g, 'console')).toContain(`Console · ${rows - body} more row${rows - body === 1 ? '' : 's'} above (PgUp; Home: its start)`);
    await g.keys('pageup');
    expect(titleRow(g, 'console')).toMatch(/Console · scrolled back \d+ rows/);
    await g.keys('end');
    await g.type('uptime');
    await g.keys('enter');
    expect(titleRow(g, 'console')).toMatch(/─ Console ─/);
  });
});

describe('console pane, Home on an empty line (80x24)', () => {
  it("shows the last command's start: top's header and its busiest task, then the oldest row; End the bottom", async () => {
    const level = shippedLevels().find((l) => l.spec.id === 'first-contact')!;
    const g = await openGame(level, { cols: 80, rows: 24 });
    open.push(g);
    await g.type('top');
    await g.keys('enter');
    const runaway = g.game.view.labels.get('logzip')!;
    expect(paneText(g, 'console')).not.toContain('PID USER'); // six rows: only the idle tail of the frame shows
    await g.keys('home');
    const rows = paneRows(g, 'console');
    expect(rows[0]).toBe('kernlab# top');
    expect(rows.some((r) => /^top - \d\d:\d\d:\d\d up/.test(r))).toBe(true); // logzip's own lines may come first
    expect(titleRow(g, 'console')).toMatch(/Console · scrolled back \d+ rows/);
    const back = Number(/scrolled back (\d+)/.exec(titleRow(g, 'console'))![1]);
    // PgDn from there reaches the header and the runaway under it, busiest first, before the idle tail.
    const busiest = new RegExp(`PID USER[^\\n]*\\n\\s*${runaway} student .* R +\\d+\\.\\d .* logzip`);
    let seen = busiest.test(paneText(g, 'console'));
    for (let i = 0; i < 3 && !seen; i++) {
      await g.keys('pagedown');
      seen = busiest.test(paneText(g, 'console'));
    }
    expect(seen).toBe(true);
    await g.keys('home');
    await g.keys('home'); // from the command's start: the oldest row (the greeting)
    expect(Number(/scrolled back (\d+)/.exec(titleRow(g, 'console'))![1])).toBeGreaterThan(back);
    await g.keys('end');
    expect(paneRows(g, 'console').at(-1)).toMatch(/^kernlab#/);
    expect(titleRow(g, 'console')).toContain('above (PgUp; Home: its start)');
  });
});

describe('console pane, a command that does not exist', () => {
  it('says once where the list of commands is', async () => {
    const g = await game('frozen-parent', 80, 24);
    for (const line of ['iotop', 'htop parent']) {
      await g.type(line);
      await g.keys('enter');
    }
    const text = paneText(g, 'console');
    expect(text).toContain('kernlab: iotop: command not found');
    expect(text).toContain('kernlab: htop: command not found');
    const note = 'help lists the commands this level has; help COMMAND shows how to use one.';
    expect(text.replace(/\s+/g, ' ').split(note)).toHaveLength(2); // once
    expect(text.replace(/\s+/g, ' ')).toMatch(new RegExp(`command not found ${note.replace(/[.;]/g, '.')} kernlab# htop`));
  });
});

describe('console pane', () => {
  it('shows a long tick on the screen before it runs, with what it is doing', async () => {
    const g = await game('frozen-parent', 120, 50);
    let before = '';
    const exec = g.game.exec.bind(g.game);
    g.game.exec = (line: string) => {
      before = g.t.output.text(); // what the terminal had received when the command started
      return exec(line);
    };
    await g.type('tick 3000');
    await g.keys('enter');
    expect(before).toContain('tick 3000');
    expect(before).toContain('Running 3000 ticks (3 s of simulated time)…');
    // A short one just runs.
    await g.type('tick 10');
    await g.keys('enter');
    expect(paneText(g, 'console')).not.toContain('Running 10 ticks');
  });

  it('expands tabs to the next tab stop, as a terminal does (/proc/PID/status)', async () => {
    const g = await game('frozen-parent', 120, 50);
    g.gs.console.print('Name:\tparent\nVmData:\t     120 kB\nCpus_allowed_list:\t0-1\n');
    await g.tick(0);
    const text = paneText(g, 'console');
    expect(text).toMatch(/^Name: {3}parent$/m); // the tab ends at column 8
    expect(text).toMatch(/^VmData: {6}120 kB$/m);
    expect(text).toMatch(/^Cpus_allowed_list: {6}0-1$/m); // column 18 to 24
  });

  it('runs commands, completes with Tab, recalls history, shows errors and program output as it arrives', async () => {
    const g = await game('frozen-parent', 120, 50);
    expect(g.gs.focused).toBe('console');
    await g.type('ps -o pid,stat,comm');
    await g.keys('enter');
    let text = paneText(g, 'console');
    expect(text).toMatch(/kernlab# ps -o pid,stat,comm\n\s+PID STAT COMMAND/);
    // Tab completes a command name, and lists choices.
    await g.type('pstr');
    await g.keys('tab');
    expect(g.gs.console.editor.text).toBe('pstree ');
    await g.keys('C-u');
    await g.type('kthread_');
    await g.keys('tab');
    for (const name of ['kthread_create', 'kthread_run', 'kthread_stop']) expect(paneText(g, 'console')).toContain(name);
    await g.keys('C-u');
    // History: up brings back the ps line.
    await g.keys('up');
    expect(g.gs.console.editor.text).toBe('ps -o pid,stat,comm');
    await g.keys('C-u');
    // An error, errno style, in red.
    await g.type('kill 99999');
    await g.keys('enter');
    text = paneText(g, 'console');
    expect(text).toContain('kill: (99999) - No such process');
    const r = g.gs.panes.console.rect!;
    const rows = g.t.screenText();
    const y = rows.findIndex((l, i) => i > r.top && l.includes('No such process'));
    expect(g.t.cellAt(rows[y].indexOf('kill: ('), y).fg).toBe(1);
    // Program output shows as the ticks run, before any command.
    await g.tick(1600);
    expect(paneText(g, 'console')).toContain('parent 20: 3 children started'.replace('20', String(g.game.view.labels.get('parent'))));
    // Printable keys, even h, q and space, go to the prompt.
    await g.type('h q .');
    expect(g.gs.console.editor.text).toBe('h q .');
    expect(g.game.hintsShown).toBe(0);
  });

  it("wraps kernlab's own messages between words, and program output at the last column as a terminal does", async () => {
    const g = await game('frozen-parent', 120, 40);
    const rows = paneRows(g, 'console');
    const w = g.gs.panes.console.rect!.width - 2;
    // The greeting is longer than the pane: no row ends inside a word.
    const note = rows.filter((r) => r.trim()).slice(-4, -1);
    expect(note.join(' ')).toContain('Esc leaves the console');
    expect(note.length).toBeGreaterThan(1);
    for (const word of 'Type commands here (help lists them). Esc leaves the console; F1 shows every key.'.split(' ')) {
      expect(note.some((r) => r.split(' ').includes(word)), word).toBe(true);
    }
    await g.type(`cat /proc/${g.game.view.labels.get('parent')}/maps`);
    await g.keys('enter');
    // A maps line longer than the pane is cut at its last column, the rest on the next row.
    const long = g.gs.console.transcript().filter((l) => /^[0-9a-f]{12}-/.test(l) && l.length > w);
    expect(long.length).toBeGreaterThan(0);
    const shown = paneRows(g, 'console');
    for (const l of long.slice(-3)) expect(shown).toContain(l.slice(0, w));
  });

  it('names, at the idle prompt, only keys that bring you there from the panes (Tab did so only from the goal pane)', async () => {
    const g = await game('frozen-parent');
    await g.keys('escape'); // the panes: the tasks pane has the keys
    expect(g.gs.focused).toBe('tasks');
    const prompt = paneRows(g, 'console').find((r) => r.includes('to type a command'))!;
    const keys = /\(press (.+) to type a command\)/.exec(prompt)![1].split(' or ');
    expect(keys.length).toBeGreaterThan(0);
    for (const k of keys) {
      await g.keys('escape', '1'); // back to the tasks pane
      await g.keys(k === 'Tab' ? 'tab' : k);
      expect(g.gs.focused, `${k} from the tasks pane`).toBe('console');
    }
  });

  it('goes round the panes with Tab, not into the console (where Tab completes, so it never came out)', async () => {
    const g = await game('frozen-parent');
    await g.keys('escape', '1');
    const seen: string[] = [];
    for (let i = 0; i < 6; i++) {
      await g.keys('tab');
      seen.push(g.gs.focused);
    }
    expect(seen).toEqual(['cpus', 'memory', 'mmu', 'source', 'goal', 'tasks']);
    await g.keys('S-tab');
    expect(g.gs.focused).toBe('goal');
  });

  it('reads Esc and a key sent together (Meta+key) as Esc, then the key', async () => {
    const g = await game('frozen-parent');
    g.t.input.send('\x1b3'); // what a terminal sends for Esc then 3 in one read
    await g.t.settle();
    expect(g.gs.focused).toBe('memory');
    expect(g.gs.console.editor.text).toBe('');
  });

  it('takes the screen commands: pause, go, step, speed', async () => {
    const g = await game('frozen-parent');
    for (const [line, want] of [
      ['pause', /Paused/],
      ['step', /Tick \d+/],
      ['speed 0.1', /speed 0.1x/],
      ['speed fast', /not a speed/],
      ['go', /Running at 0.1x/],
    ] as const) {
      await g.type(line);
      await g.keys('enter');
      expect(paneText(g, 'console')).toMatch(want);
    }
    expect(g.driver.paused).toBe(false);
    expect(g.driver.speed).toBe(0.1);
    // Not recorded as commands of the level.
    expect(g.game.commands).toBe(0);
  });
});

describe('debrief counts', () => {
  it('says "1 tick", not "1 ticks", for a level lost on its first tick', () => {
    const level = shippedLevels().find((l) => l.spec.id === 'read-only')!;
    const game = new Game(level, 'alice');
    expect(game.score().ticks).toBe(0);
    game.exec('kill -9 ' + String(game.view.labels.get('kvstore')));
    game.advance(1);
    expect(game.status).toBe('failed');
    const text = debriefLines(game, { runFile: null, newBest: false, warning: '' }, glyphsFor(true), 200, 0).join('\n');
    expect(text).toContain('Time   1 tick (par');
  });
});

describe('CPUs pane with more rows than it can show (80x24)', () => {
  it('says in its title how many rows are cut off below, then above once scrolled', async () => {
    const level = shippedLevels().find((l) => l.spec.id === 'noisy-neighbours')!;
    const g = await openGame(level, { cols: 80, rows: 24 });
    open.push(g);
    await g.tick(300); // five encoder threads and the mixer: two busy tasks per CPU
    const rows = paneRows(g, 'cpus');
    expect(rows.join('\n')).not.toMatch(/^cpu2 /m); // the last CPU does not fit...
    const cut = 9 - rows.length; // 3 CPU headers + 6 busy tasks
    expect(cut).toBeGreaterThan(0);
    expect(titleRow(g, 'cpus')).toContain(`CPUs · 3 · 6 runnable · ${plural(cut, 'row')} below`); // ...and the title says so
    await g.keys('escape', '2', ...Array<string>(cut).fill('down'));
    expect(paneText(g, 'cpus')).toMatch(/^cpu2 /m);
    expect(titleRow(g, 'cpus')).toContain(`${plural(cut, 'row')} above`);
    expect(titleRow(g, 'cpus')).not.toContain('below');
  });
});
