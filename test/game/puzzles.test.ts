// The premises of the shipped levels, as a student sees them in the
// console: what the briefing says is on the machine must be there, so that
// the puzzle can be solved by looking and not only by luck (or by a hint).
// Each check runs on two seeds.
import { describe, expect, it } from 'vitest';
import { shippedLevels } from '../../src/cli/level-files';
import { Game } from '../../src/game/game';

const levels = new Map(shippedLevels().map((l) => [l.spec.id, l]));
const SEEDS = ['alice', 'bob'];

/** A game of level `id` on `seed`, after `ticks` ticks. */
function play(id: string, seed: string, ticks: number): Game {
  const level = levels.get(id);
  if (!level) throw new Error(`no level ${id}`);
  const g = new Game(level, seed);
  g.exec(`tick ${ticks}`);
  return g;
}

/** The rows of a ps listing as objects keyed by its header. */
function psRows(g: Game, cmd: string): Record<string, string>[] {
  const lines = g.exec(cmd).output.trimEnd().split('\n');
  const head = lines.findIndex((l) => /^\s*PID\b/.test(l));
  const keys = lines[head].trim().split(/\s+/);
  return lines.slice(head + 1).map((l) => Object.fromEntries(l.trim().split(/\s+/).map((v, i) => [keys[i], v])));
}

/** Seconds in a ps TIME value ([DD-]HH:MM:SS). */
function secs(time: string): number {
  const [h, m, s] = time.split(':').map(Number);
  return h * 3600 + m * 60 + s;
}

describe('level premises', () => {
  for (const seed of SEEDS) {
    it(`first-contact (${seed}): only the runaway is always R with its TIME growing; the others sleep`, () => {
      const g = play('first-contact', seed, 3000);
      const rows = psRows(g, 'ps -o pid,stat,time,comm').filter((r) => r.COMMAND !== 'bash');
      const busy = rows.filter((r) => r.STAT.startsWith('R') || secs(r.TIME) > 0);
      expect(busy.map((r) => r.COMMAND)).toEqual(['logzip']);
      expect(secs(busy[0].TIME)).toBeGreaterThanOrEqual(2);
      expect(rows.filter((r) => r.COMMAND !== 'logzip').every((r) => r.STAT.startsWith('S'))).toBe(true);
    });

    it(`first-contact (${seed}): the first hint's two seconds show the runaway's TIME in whole seconds`, () => {
      const g = play('first-contact', seed, 2000);
      const rows = psRows(g, 'ps');
      expect(secs(rows.find((r) => r.CMD === 'logzip')!.TIME)).toBeGreaterThanOrEqual(1);
      expect(levels.get('first-contact')!.spec.hints[0]).toContain('tick 2000');
    });

    it(`zombie-orphans (${seed}): killing the dispatcher once the first zombies show solves it; before any, it fails with its reason`, () => {
      const g = play('zombie-orphans', seed, 1000);
      expect(psRows(g, 'ps -o pid,stat,comm').filter((r) => r.STAT.startsWith('Z')).length).toBeGreaterThan(0);
      g.exec(`kill ${String(g.view.labels.get('dispatch'))}`);
      g.advance(2000);
      expect(g.status).toBe('solved');
      const early = play('zombie-orphans', seed, 10);
      early.exec(`kill ${String(early.view.labels.get('dispatch'))}`);
      early.advance(5000);
      expect(early.status).toBe('failed');
      expect(early.failReason).toContain('no zombie for init to reap');
      // The player arrives before the first one: the briefing must not say they are there already.
      const now = play('zombie-orphans', seed, 0);
      expect(psRows(now, 'ps -o pid,stat,comm').filter((r) => r.STAT.startsWith('Z'))).toEqual([]);
      expect(levels.get('zombie-orphans')!.spec.briefing).not.toMatch(/zombies are piling up/i);
    });

    it(`read-only (${seed}): the update faults in the tick that prints the table's address, so no fix can come before the fault`, () => {
      const g = play('read-only', seed, 0);
      let ticks = 0;
      while (!g.transcript.includes('sealed read-only') && ticks < 50) {
        g.exec('tick 1');
        ticks++;
      }
      expect(g.transcript).toContain('sealed read-only');
      expect(g.view.lastSegvAddr('kvstore')).toBeDefined();
      expect(g.transcript).toMatch(/SIGSEGV writing entry 150 at 0x[0-9a-f]+ \(try 1\)/);
    });

    it(`stitch-it-back (${seed}): the player starts with the fault known, and a fix made at once is solved`, () => {
      const g = play('stitch-it-back', seed, 0);
      const page = g.view.fill('{segv_page:framebuf}');
      expect(page).toMatch(/^0x[0-9a-f]+000$/);
      expect(g.checklist().find((c) => c.text.includes('one VMA again'))!.done).toBe(false); // still three VMAs
      g.exec(`mprotect ${String(g.view.labels.get('framebuf'))} ${page} 4096 rw-`);
      g.advance(1500);
      expect(g.status).toBe('solved');
    });

    it(`stitch-it-back (${seed}): unmapping the faulting page fails the level at once, saying why (no 30 s wait for the time limit)`, () => {
      const g = play('stitch-it-back', seed, 0);
      g.exec(`munmap ${String(g.view.labels.get('framebuf'))} ${g.view.fill('{segv_page:framebuf}')} 4096`);
      expect(g.status).toBe('failed');
      expect(g.failReason).toContain('The middle page was unmapped');
    });

    it(`leak-unmap (${seed}): left alone, the loss names the OOM killer; a kill of one's own does not`, () => {
      const g = play('leak-unmap', seed, 3500);
      expect(g.status).toBe('failed');
      expect(g.failReason).toMatch(/^The OOM killer chose thumbs/);
      const own = play('leak-unmap', seed, 100);
      own.exec(`kill -9 ${String(own.view.labels.get('thumbs'))}`);
      own.exec('tick 5');
      expect(own.failReason).toMatch(/^thumbs is dead/);
      const wrong = play('leak-unmap', seed, 100); // the new table unmapped: thumbs faults on its next access
      const newTable = /to (0x[0-9a-f]+) \(6144 KiB\)/.exec(wrong.transcript)![1];
      wrong.exec(`munmap ${String(wrong.view.labels.get('thumbs'))} ${newTable} 6M`);
      wrong.exec('tick 100');
      expect(wrong.failReason).toMatch(/^thumbs died of SIGSEGV/);
    });

    it(`read-only (${seed}): a hint taken before the fault says its address is not known yet, and is filled in once known`, () => {
      const g = play('read-only', seed, 0);
      g.hint();
      g.hint();
      expect(g.hint()).toContain('Not known yet: it has not happened.');
      g.advance(1100);
      const page = g.view.fill('{segv_page:kvstore}');
      expect(page).toMatch(/^0x[0-9a-f]+000$/);
      expect(g.shownHints()[2]).toContain(`mprotect ${String(g.view.labels.get('kvstore'))} ${page} 4096 rw-`);
    });

    it(`zombie-ignore and copy-on-write (${seed}): a signal sent before the program has its handlers says why it died`, () => {
      const a = play('zombie-ignore', seed, 0);
      a.exec(`kill -USR1 ${String(a.view.labels.get('spawner'))}`);
      a.advance(10);
      expect(a.status).toBe('failed');
      expect(a.failReason).toContain('had not set up its switches yet');
      const b = play('copy-on-write', seed, 0);
      b.exec(`kill -HUP ${String(b.view.labels.get('vault'))}`);
      b.advance(10);
      expect(b.failReason).toContain('had not installed its handlers yet');
      const c = play('copy-on-write', seed, 0);
      c.exec(`kill -9 ${String(c.view.labels.get('vault'))}`);
      c.advance(10);
      expect(c.failReason).toBe('The vault is dead.');
    });

    it(`zombie-ignore, copy-on-write, zombie-orphans, vfork-stuck (${seed}): the last hint, taken at once and followed to the letter, says to let time run first, and then solves it`, () => {
      for (const id of ['zombie-ignore', 'copy-on-write', 'zombie-orphans', 'vfork-stuck']) {
        const g = play(id, seed, 0); // a player who asks for every hint before running any time
        const last = g.view.fill(String(levels.get(id)!.spec.hints.at(-1)));
        const wait = /\(tick (\d+)\b/.exec(last);
        expect(wait, last).not.toBeNull();
        g.exec(`tick ${wait![1]}`);
        // "find it with `ps --ppid N` ... and `kill -USR1 PID`": the PID is the one ps shows.
        const find = /`(ps --ppid \d+)`/.exec(last);
        const pid = find ? /^\s*(\d+)/m.exec(g.exec(find[1]).output.split('\n').slice(1).join('\n'))?.[1] : undefined;
        if (find) expect(pid, `${id}: ${find[1]}`).toBeDefined();
        for (const m of last.matchAll(/\b(kill (?:-[A-Z0-9]+ )?(?:\d+|PID))\b/g)) g.exec(m[1].replace('PID', pid ?? 'PID'));
        g.exec('tick 2500');
        expect(g.status, `${id}: ${g.failReason ?? ''}`).toBe('solved');
      }
    });

    it(`adopt-orphans (${seed}): marking another ancestor (the shell) as subreaper fails with a reason once the starter is gone`, () => {
      const g = play('adopt-orphans', seed, 0);
      g.exec('prctl 19 subreaper on');
      g.advance(10000);
      expect(g.status).toBe('failed');
      expect(g.failReason).toContain("not all the supervisor's children");
      expect(g.ticks).toBeLessThan(5000);
    });

    it(`wake-the-flusher (${seed}): the first hint's ps shows the flusher's wchan whole (kthread)`, () => {
      const g = play('wake-the-flusher', seed, 0);
      const cmd = /`(ps [^`]+)`/.exec(String(levels.get('wake-the-flusher')!.spec.hints[0]))![1];
      const row = psRows(g, cmd).find((r) => r.COMMAND === 'flusher')!;
      expect(row).toMatchObject({ STAT: 'D', WCHAN: 'kthread' });
    });

    it(`whose-thread (${seed}): one thread of the photos indexer spins; every thread of the other sleeps`, () => {
      const g = play('whose-thread', seed, 1000);
      const photos = String(g.view.labels.get('photos'));
      const homes = String(g.view.labels.get('homes'));
      const rows = psRows(g, 'ps -eLo pid,lwp,stat,comm').filter((r) => r.COMMAND === 'indexer');
      expect(rows.filter((r) => r.PID === photos).length).toBe(4); // the main thread and 3 workers
      expect(rows.filter((r) => r.PID === homes).length).toBe(4);
      const spinning = rows.filter((r) => r.STAT.startsWith('R'));
      expect(spinning.length).toBe(1);
      expect(spinning[0].PID).toBe(photos);
      expect(spinning[0].LWP).not.toBe(photos);
    });

    it(`noisy-neighbours (${seed}): the player arrives with the encoder's workers running, so a mask on its process ID alone (no -a) is the trap`, () => {
      const level = levels.get('noisy-neighbours')!;
      const g = new Game(level, seed);
      const encoder = String(g.view.labels.get('encoder'));
      const workers = psRows(g, 'ps -eLo pid,lwp,stat,comm').filter((r) => r.PID === encoder && r.LWP !== encoder);
      expect(workers.length).toBe(5);
      expect(g.exec(`taskset -cp 0,1 ${encoder}`).status).toBe(0);
      expect(g.exec(`taskset -cp 2 ${String(g.view.labels.get('mixer'))}`).status).toBe(0);
      g.advance(4000); // the reference solution (with -a) is solved by 3348
      expect(g.status).toBe('playing');
    });
  }
});

/** The counts of one /proc/interrupts row (LOC, RES, CAL, TLB), one per CPU. */
function irqRow(g: Game, row: string): number[] {
  const line = g.exec('cat /proc/interrupts').output.split('\n').find((l) => l.trimStart().startsWith(`${row}:`))!;
  return line.trim().split(/\s+/).slice(1).filter((w) => /^\d+$/.test(w)).map(Number);
}

// What the hints and debriefs say the console's tools show, on every seed.
describe('level tools, as the hints use them', () => {
  for (const seed of SEEDS) {
    it(`walk-the-tables (${seed}): the hints' printf $(( )) gives the worked example, and on the odometer's address the answer`, () => {
      const g = play('walk-the-tables', seed, 10);
      const hints = levels.get('walk-the-tables')!.spec.hints.map(String);
      const example = /Worked example: (printf .*?\)\)) prints/.exec(hints[2])![1];
      expect(g.exec(example).output).toBe('254 72 418 359\n');
      const addr = g.view.fill('{addr:odometer.odometer}');
      expect(g.transcript).toContain(addr);
      const mine = example.replaceAll('0x7f1234567890', addr);
      const r = g.exec(mine);
      expect(r.status).toBe(0);
      expect(r.output.trim()).toBe(g.view.fill('{pt_indices:odometer.odometer}'));
    });

    it(`shootdown (${seed}): /proc/interrupts' TLB row grows on exactly the CPUs named by the answer`, () => {
      const g = play('shootdown', seed, 300);
      const before = irqRow(g, 'TLB');
      const calBefore = irqRow(g, 'CAL');
      g.exec(`mprotect ${String(g.view.labels.get('publisher'))} ${g.view.fill('{page:publisher.settings}')} 4096 r--`);
      const after = irqRow(g, 'TLB');
      const cal = irqRow(g, 'CAL');
      const got = after.map((n, cpu) => (n > before[cpu] ? cpu : -1)).filter((cpu) => cpu >= 0);
      expect(got.join(' ')).toBe(g.view.fill('{thread_cpus:publisher}'));
      expect(cal.map((n, cpu) => n - calBefore[cpu])).toEqual(after.map((n, cpu) => n - before[cpu]));
      expect(after[Number(g.view.fill('{cpu:publisher}'))]).toBe(before[Number(g.view.fill('{cpu:publisher}'))]);
    });

    it(`noisy-neighbours (${seed}): once solved, the mixer's CPU ticks less than the busy ones (its idle tick stops)`, () => {
      const level = levels.get('noisy-neighbours')!;
      const g = new Game(level, seed);
      g.exec(`taskset -a -cp 0,1 ${String(g.view.labels.get('encoder'))}`);
      g.exec(`taskset -cp 2 ${String(g.view.labels.get('mixer'))}`);
      const before = irqRow(g, 'LOC');
      g.advance(4000);
      expect(g.status).toBe('solved');
      const loc = irqRow(g, 'LOC').map((n, cpu) => n - before[cpu]);
      const mixer = Number(g.view.fill('{cpu:mixer}'));
      expect(mixer).toBe(2);
      expect(loc[2]).toBeLessThan(Math.min(loc[0], loc[1]));
    });

    it(`zombie-ignore and zombie-orphans (${seed}): strace -e trace=%process shows clone() and no wait4()`, () => {
      for (const [id, label] of [['zombie-ignore', 'spawner'], ['zombie-orphans', 'dispatch']]) {
        const g = play(id, seed, 1000);
        const hints = levels.get(id)!.spec.hints.map((h) => g.view.fill(String(h)));
        const cmd = /`(strace [^`]+)`/.exec(hints.join(' '))![1];
        expect(cmd).toContain(`-p ${String(g.view.labels.get(label))}`);
        g.exec(cmd);
        const out = g.exec('tick 1500').output;
        expect(out).toMatch(/clone\(/);
        expect(out).not.toMatch(/wait4|read\(|write\(|nanosleep/);
      }
    });
  }
});

describe('level text, as a Linux user takes it at its word', () => {
  it('points at a program\'s source as NAME.c, which is there: cat of the binary itself would print ELF bytes on Linux', () => {
    for (const level of levels.values()) {
      const s = level.spec;
      const text = [s.briefing, ...s.hints.map(String), s.debrief ?? ''].join('\n');
      const named = [...text.matchAll(/(?:cat |source,? (?:is )?|source \()(\/home\/student\/[\w.-]*\w)/g)].map((m) => m[1]);
      const g = new Game(level, SEEDS[0]);
      const files = g.exec('ls -1 /home/student').output.split('\n').filter(Boolean);
      for (const path of named) {
        expect(path, `${s.id}: ${path}`).toMatch(/\.c$/);
        expect(files, `${s.id}: ${path}`).toContain(path.slice('/home/student/'.length));
      }
    }
  });

  it('does not call a program that starts stopped (T) "running" in its checklist: it reads as done while it is not', () => {
    const clauses = (p: unknown): { alive: string; text?: string }[] => {
      if (!p || typeof p !== 'object') return [];
      const o = p as Record<string, unknown>;
      if ('alive' in o) return [o as { alive: string; text?: string }];
      return [...(Array.isArray(o.all) ? o.all : []), ...(Array.isArray(o.any) ? o.any : []), ...(o.not ? [o.not] : [])].flatMap(clauses);
    };
    let checked = 0;
    for (const level of levels.values()) {
      const g = new Game(level, SEEDS[0]);
      for (const c of clauses(level.spec.goal)) {
        const t = g.view.task(c.alive);
        if (!t || !/running/.test(c.text ?? '')) continue;
        checked++;
        const stat = g.exec(`ps -o stat= -p ${t.pid}`).output.trim();
        expect(stat, `${level.spec.id}: "${c.text}"`).not.toMatch(/^T/);
      }
    }
    expect(checked).toBeGreaterThan(0);
  });
});
