// Fuzzing the TUI: the real PlayApp on shipped levels, on a headless
// terminal, fed seeded random keys (console commands with random args,
// focus and scroll keys, the game's one-letter keys, help, hints, quit with
// and without confirmation) and resizes from 40x10 to 200x60, with
// simulated time between steps. After every step no exception escaped and
// the screen shows the header, the "too small" notice, or menu / briefing /
// debrief text. The plain line mode gets random lines the same way.
import { afterEach, describe, expect, it } from 'vitest';
import { shippedLevels } from '../../src/cli/level-files';
import { COMMANDS } from '../../src/console/registry';
import { PlayApp } from '../../src/ui/app';
import { FakeHost } from '../ui/fake-host';
import { openHeadlessScreen, type HeadlessScreen } from '../ui/harness/headless-screen';
import { plainSession } from '../ui/plain-session';
import { int, junk, pick, rng, scaled, seedFor, timeoutMs, type Rng } from './mutate';

const LEVELS = shippedLevels().slice(0, 3); // the first levels: unlocked from the start of the menu
const CASES = scaled(5); // app sessions
const STEPS = scaled(100); // steps per session
const PLAIN_CASES = scaled(4); // plain sessions
const PLAIN_LINES = scaled(80); // lines per plain session

const NAMES = COMMANDS.map((c) => c.name);
const ARGS = ['1', '-9', '-l', 'aux', '-o', 'pid,stat,comm', '/proc/1/maps', '0', '99999', '-1', 'x', '"', '--', '0x1000', 'self', '%1', '-f', '2', '-STOP', '-CONT'];
const KEYS = ['enter', 'tab', 'S-tab', 'up', 'down', 'left', 'right', 'pageup', 'pagedown', 'home', 'end', 'escape', 'space', '.', '+', '-', 'h', '?', 'f1', 'z', 'backspace', ':', '1', '3', '7', 'm', 'n', 'r'];
const SIZES: Array<[number, number]> = [[40, 10], [60, 20], [79, 24], [80, 23], [80, 24], [100, 30], [120, 40], [160, 50], [200, 60]];

// Anything the screen may show: the game header, the menu, briefing or debrief, the notice.
const SHOWN = /kernlab|Terminal too small|Level \d+\/\d+/;
// An overlay (help, leave?, hint, result) may cover the header and the notice; it is still usable.
const OVERLAY = /┌─ [^─]+ ─/;

/** `s` with its control characters replaced by `by` (typed text; keys are sent by name). */
function printable(s: string, by: string): string {
  return [...s].map((ch) => (ch < ' ' || ch === '\x7f' ? by : ch)).join('');
}

/** A random console line: a real command with random args, or junk. */
function commandLine(r: Rng): string {
  if (int(r, 6) === 0) return printable(junk(r, 1 + int(r, 12)), ' ');
  const words = [pick(r, NAMES)];
  for (let i = int(r, 3); i > 0; i--) words.push(pick(r, ARGS));
  return words.join(' ');
}

interface Session {
  t: HeadlessScreen;
  host: FakeHost;
  app: PlayApp;
  exited: boolean;
}
const open: Session[] = [];
afterEach(async () => {
  for (const s of open.splice(0)) {
    s.app.dispose();
    await s.t.close();
  }
});

// Errors thrown outside the key's call stack (timers, promises) fail the case too.
function captureUncaught(): { errors: unknown[]; stop(): void } {
  const errors: unknown[] = [];
  const on = (e: unknown): void => void errors.push(e);
  process.on('uncaughtException', on);
  process.on('unhandledRejection', on);
  return { errors, stop: () => (process.off('uncaughtException', on), process.off('unhandledRejection', on)) };
}

function newApp(s: Omit<Session, 'app' | 'exited'> & Partial<Session>): Session {
  const sess = s as Session;
  sess.exited = false;
  sess.app = new PlayApp({ screen: s.t.screen, host: s.host, unicode: true, onExit: () => (sess.exited = true) });
  return sess;
}

/** One random step: keys, a command, a resize or time. Returns what it did, for the failure message. */
async function step(r: Rng, s: Session): Promise<string> {
  const k = r();
  const gs = s.app.gameScreen;
  if (k < 0.25) {
    const line = commandLine(r);
    await s.t.type(':' + line);
    await s.t.press('enter');
    return `type :${line}⏎`;
  }
  if (k < 0.6) {
    const key = pick(r, KEYS);
    await s.t.press(key);
    return key;
  }
  if (k < 0.68) {
    const text = printable(junk(r, 1 + int(r, 5)), 'a');
    await s.t.type(text);
    return `type ${JSON.stringify(text)}`;
  }
  if (k < 0.74) {
    const [c, rows] = pick(r, SIZES);
    await s.t.resize(c, rows);
    return `resize ${c}x${rows}`;
  }
  if (k < 0.79) {
    // Quit, confirmed or not (q in the game asks; C-c twice leaves).
    const first = pick(r, ['q', 'C-c']);
    const then = pick(r, ['y', 'n', 'escape', 'm', 'C-c', '']);
    await s.t.press(first, ...(then ? [then] : []));
    return `${first} ${then}`;
  }
  if (k < 0.84) {
    // A mouse click (SGR 1006 and X10 as xterm sends it), anywhere on the screen.
    const x = 1 + int(r, s.t.term.cols);
    const y = 1 + int(r, s.t.term.rows);
    s.t.input.send(`\x1b[<0;${x};${y}M\x1b[<0;${x};${y}m`);
    await s.t.settle();
    return `click ${x},${y}`;
  }
  const n = 1 + int(r, 60);
  if (gs && s.host.drivers.length) s.host.driver.tick(n);
  await s.t.settle();
  return `tick ${n}`;
}

describe('fuzz: the TUI under random keys and resizes', () => {
  it(`${CASES} sessions of ${STEPS} random steps on shipped levels: no exception, a readable screen, a clean quit`, { timeout: timeoutMs() }, async () => {
    const cap = captureUncaught();
    let inGame = 0; // steps that ended on the game screen
    let exits = 0; // times the player quit the app
    try {
      for (let c = 0; c < CASES; c++) {
        const r = rng(seedFor(`kernlab-fuzz-tui-${c}`));
        const [cols, rows] = pick(r, SIZES);
        const t = await openHeadlessScreen({ cols, rows });
        const s = newApp({ t, host: new FakeHost(LEVELS) });
        open.push(s);
        await t.settle();
        // Start in the game most of the time: Enter on the menu, Enter on the briefing.
        if (int(r, 4) > 0) await t.press('enter', 'enter');
        const trail: string[] = [];
        for (let i = 0; i < STEPS; i++) {
          let did = '';
          try {
            did = await step(r, s);
          } catch (e) {
            throw new Error(`case ${c} step ${i}: threw ${String(e)}\n${trail.slice(-12).join(' | ')}`, { cause: e });
          }
          trail.push(did);
          expect(cap.errors, `case ${c} step ${i} (${did})`).toEqual([]);
          if (s.exited) {
            // The player quit: the app is gone; a new one starts on the same screen.
            exits++;
            trail.push('(exited; new app)');
            s.app.dispose();
            newApp(s);
            await t.settle();
            continue;
          }
          if (s.app.gameScreen) inGame++;
          const text = t.text();
          expect(text.trim(), `case ${c} step ${i} (${did}): blank screen`).not.toBe('');
          const fits = t.term.cols >= 80 && t.term.rows >= 24;
          if (!fits && !text.includes('Terminal too small') && !OVERLAY.test(text)) throw new Error(`case ${c} step ${i} (${did}): ${t.term.cols}x${t.term.rows} without the notice:\n${text}`);
          if (fits && !/kernlab/.test(t.screenText()[0] ?? '') && !OVERLAY.test(text)) throw new Error(`case ${c} step ${i} (${did}): no header at the top:\n${text}\n${trail.slice(-12).join(' | ')}`);
          if (!SHOWN.test(text) && !OVERLAY.test(text)) throw new Error(`case ${c} step ${i} (${did}): screen shows neither header nor notice:\n${text}\n${trail.slice(-12).join(' | ')}`);
        }
        // Back to a size that fits: the notice goes away, then a clean quit.
        await t.resize(120, 40);
        expect(t.text()).not.toContain('Terminal too small');
        if (!s.exited) {
          // Ctrl-C then y leaves from anywhere; at a half-typed prompt the first Ctrl-C drops the line, as in bash.
          await t.press('C-c');
          if (s.app.gameScreen && s.app.gameScreen.overlayKind === null) await t.press('C-c');
          await t.press('y');
          if (!s.exited) throw new Error(`case ${c}: Ctrl-C, y did not quit:\n${t.text()}\n${trail.slice(-12).join(' | ')}`);
        }
        expect(s.exited).toBe(true);
        s.app.dispose();
        await t.close();
        open.splice(open.indexOf(s), 1);
      }
      // The fuzz reaches the game screen and the quit path, not only the menu.
      expect(inGame).toBeGreaterThan((CASES * STEPS) / 4);
      expect(exits).toBeGreaterThan(0);
    } finally {
      cap.stop();
    }
  });

  it('below 80x24 every screen shows the notice, and recovers at 80x24', async () => {
    const t = await openHeadlessScreen({ cols: 120, rows: 40 });
    const s = newApp({ t, host: new FakeHost(LEVELS) });
    open.push(s);
    await t.settle();
    for (const go of [[], ['enter'], ['enter']]) {
      await t.press(...go);
      for (const [c, rows] of [[40, 10], [79, 24], [80, 23]] as const) {
        await t.resize(c, rows);
        expect(t.text()).toContain('Terminal too small');
      }
      await t.resize(80, 24);
      expect(t.text()).not.toContain('Terminal too small');
      expect(t.text()).toMatch(SHOWN);
    }
  });
});

describe('TUI bugs the fuzzer found', () => {
  it('Ctrl-C in the help box asks to leave, as everywhere else (it was ignored there)', async () => {
    const t = await openHeadlessScreen({ cols: 120, rows: 40 });
    const s = newApp({ t, host: new FakeHost(LEVELS) });
    open.push(s);
    await t.press('enter', 'enter', 'f1');
    expect(t.text()).toContain('─ Help ─');
    await t.press('C-c');
    expect(t.text()).toContain('─ Leave? ─');
    expect(t.text()).not.toContain('─ Help ─');
    await t.press('y');
    expect(s.exited).toBe(true);
  });
});

describe('fuzz: the plain line mode under random lines', () => {
  it(`${PLAIN_CASES} sessions of ${PLAIN_LINES} random lines: no exception, output keeps coming, it ends cleanly`, { timeout: timeoutMs() }, async () => {
    const cap = captureUncaught();
    const SCREEN = ['go', 'pause', 'step', 'speed 2', 'speed 0', 'speed x', 'hint', 'status', 'clear', 'help', '', '1', '2', '3', '99', 'q', 'quit', 'n', 'r', 'm', 'y'];
    try {
      for (let c = 0; c < PLAIN_CASES; c++) {
        const r = rng(seedFor(`kernlab-fuzz-plain-${c}`));
        const p = plainSession(LEVELS);
        for (let i = 0; i < PLAIN_LINES && !p.ended(); i++) {
          const k = r();
          const line = k < 0.4 ? pick(r, SCREEN) : k < 0.85 ? commandLine(r) : junk(r, int(r, 20)).replace(/[\r\n]/g, ' ');
          const said = (await p.line(line)) + (await p.wait(int(r, 500)));
          expect(cap.errors, `plain case ${c} line ${i}: ${JSON.stringify(line)}`).toEqual([]);
          if (!p.ended()) expect(said.length, `plain case ${c} line ${i}: ${JSON.stringify(line)} got no answer`).toBeGreaterThan(0);
        }
        p.end();
        await p.flush();
        await p.wait(1000);
        expect(p.ended()).toBe(true);
        expect(p.host.clock.pending, 'a timer left running after the end').toBe(0);
      }
    } finally {
      cap.stop();
    }
  });
});
