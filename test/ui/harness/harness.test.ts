// Proves the headless harness: what blessed draws is what the tests read,
// keys arrive as a terminal sends them, and screens stay apart.
/* eslint-disable no-control-regex -- terminal output is escape sequences */
import blessed from 'blessed';
import { afterEach, describe, expect, it } from 'vitest';
import { openHeadlessScreen, type HeadlessScreen } from './headless-screen';

const open: HeadlessScreen[] = [];
async function screenOf(opts: Parameters<typeof openHeadlessScreen>[0] = {}): Promise<HeadlessScreen> {
  const t = await openHeadlessScreen(opts);
  open.push(t);
  return t;
}
afterEach(async () => {
  for (const t of open.splice(0)) await t.close();
});

describe('headless screen harness', () => {
  it('shows a bordered box with its text where blessed put it', async () => {
    const t = await screenOf({ cols: 80, rows: 24 });
    blessed.box({
      parent: t.screen,
      screen: t.screen,
      top: 2,
      left: 4,
      width: 20,
      height: 5,
      border: { type: 'line' },
      content: 'hello kernlab',
    });
    await t.render();
    const rows = t.screenText();
    expect(rows).toHaveLength(24);
    expect(rows[2]).toBe('    ┌' + '─'.repeat(18) + '┐');
    expect(rows[3]).toBe('    │hello kernlab     │');
    expect(rows[6]).toBe('    └' + '─'.repeat(18) + '┘');
    expect(rows[0]).toBe('');
    expect(t.cellAt(5, 3).char).toBe('h');
    expect(t.term.buffer.active.type).toBe('alternate');
  });

  it('draws colours, and under NO_COLOR keeps bold and inverse without colours', async () => {
    const style = { fg: 'red', bg: 'blue', bold: true };
    const colour = await screenOf();
    blessed.box({ parent: colour.screen, screen: colour.screen, top: 0, left: 0, width: 10, height: 1, content: 'RED', style });
    blessed.box({ parent: colour.screen, screen: colour.screen, top: 1, left: 0, width: 10, height: 1, content: 'SEL', style: { inverse: true } });
    await colour.render();
    expect(colour.cellAt(0, 0)).toEqual({ char: 'R', fg: 1, bg: 4, bold: true, underline: false, inverse: false });
    expect(colour.cellAt(0, 1).inverse).toBe(true);
    expect(colour.output.text()).toMatch(/\x1b\[[0-9;]*3[1];?[0-9;]*m|\x1b\[[0-9;]*;31m/);

    for (const opts of [{ noColor: true }, { env: { LANG: 'C.UTF-8', NO_COLOR: '1' } }]) {
      const plain = await screenOf(opts);
      blessed.box({ parent: plain.screen, screen: plain.screen, top: 0, left: 0, width: 10, height: 1, content: 'RED', style });
      blessed.box({ parent: plain.screen, screen: plain.screen, top: 1, left: 0, width: 10, height: 1, content: 'SEL', style: { inverse: true } });
      await plain.render();
      expect(plain.cellAt(0, 0)).toEqual({ char: 'R', fg: 'default', bg: 'default', bold: true, underline: false, inverse: false });
      expect(plain.cellAt(0, 1).inverse).toBe(true);
      // Not one colour SGR in the whole output stream.
      const sgr = [...plain.output.text().matchAll(/\x1b\[([0-9;]*)m/g)].map((m) => m[1]!.split(';'));
      for (const params of sgr) {
        for (const p of params) expect(Number(p) >= 30 && Number(p) <= 107 && p !== '').toBe(false);
      }
    }
  });

  it('an empty NO_COLOR does not strip colours', async () => {
    const t = await screenOf({ env: { LANG: 'C.UTF-8', NO_COLOR: '' } });
    blessed.box({ parent: t.screen, screen: t.screen, width: 5, height: 1, content: 'x', style: { fg: 'green' } });
    await t.render();
    expect(t.cellAt(0, 0).fg).toBe(2);
  });

  it('redraws at the new size when the window is resized', async () => {
    const t = await screenOf({ cols: 80, rows: 24 });
    blessed.box({ parent: t.screen, screen: t.screen, bottom: 0, right: 0, width: 6, height: 1, content: 'CORNER' });
    await t.render();
    expect(t.screenText()[23]).toBe(' '.repeat(74) + 'CORNER');
    await t.resize(100, 30);
    const rows = t.screenText();
    expect(rows).toHaveLength(30);
    expect(rows[29]).toBe(' '.repeat(94) + 'CORNER');
    expect(rows[23]).toBe('');
    await t.resize(40, 10);
    expect(t.screenText()[9]).toBe(' '.repeat(34) + 'CORNER');
  });

  it('delivers keys to screen.key handlers as a terminal sends them', async () => {
    const t = await screenOf();
    const seen: string[] = [];
    const names = ['up', 'down', 'left', 'right', 'home', 'end', 'tab', 'S-tab', 'f1', 'f5', 'f12', 'pageup', 'pagedown', 'enter', 'C-c', 'backspace', 'delete', 'space', 'q', '?', '.', '+', '-', 'M-x', 'S-up'];
    t.screen.key(names, (_ch: unknown, key: { full: string }) => {
      seen.push(key.full);
    });
    await t.settle();
    // blessed switched the terminal into application cursor mode (smkx) ...
    expect(t.term.modes.applicationCursorKeysMode).toBe(true);
    expect(t.input.isRaw).toBe(true);
    for (const k of names) await t.press(k);
    // ... so arrows arrive as SS3 sequences and still decode as arrows.
    expect(seen).toEqual(names);
  });

  it('types text one character at a time', async () => {
    const t = await screenOf();
    const got: string[] = [];
    t.screen.on('keypress', (ch: string | undefined) => {
      if (ch) got.push(ch);
    });
    await t.type('ps -ef');
    expect(got.join('')).toBe('ps -ef');
  });

  it('keeps two screens in one process apart', async () => {
    const a = await screenOf({ cols: 40, rows: 10 });
    const b = await screenOf({ cols: 60, rows: 12 });
    const boxA = blessed.box({ parent: a.screen, screen: a.screen, top: 0, left: 0, width: 20, height: 1, content: 'screen A' });
    blessed.box({ parent: b.screen, screen: b.screen, top: 0, left: 0, width: 20, height: 1, content: 'screen B' });
    const keysA: string[] = [];
    const keysB: string[] = [];
    a.screen.key(['x', 'y'], (_c: unknown, k: { full: string }) => {
      keysA.push(k.full);
      boxA.setContent(`A got ${k.full}`);
      a.screen.render();
    });
    b.screen.key(['x', 'y'], (_c: unknown, k: { full: string }) => void keysB.push(k.full));
    await a.render();
    await b.render();
    await a.press('x');
    await b.press('y');
    expect(keysA).toEqual(['x']);
    expect(keysB).toEqual(['y']);
    expect(a.screenText()[0]).toBe('A got x');
    expect(b.screenText()[0]).toBe('screen B');
    expect(b.screenText()).toHaveLength(12);

    await a.close();
    await b.press('x');
    expect(keysB).toEqual(['y', 'x']);
    expect(keysA).toEqual(['x']);
    await b.render();
    expect(b.screenText()[0]).toBe('screen B');
  });

  it('close() gives the terminal back and removes every listener', async () => {
    const t = await screenOf();
    t.screen.key('q', () => undefined);
    blessed.box({ parent: t.screen, screen: t.screen, content: 'bye', width: 5, height: 1 });
    await t.render();
    expect(t.input.listenerCount('data')).toBeGreaterThan(0);
    await t.close();
    expect(t.term.buffer.active.type).toBe('normal');
    const out = t.output.text();
    expect(out.lastIndexOf('\x1b[?25h')).toBeGreaterThan(out.lastIndexOf('\x1b[?25l'));
    expect(out.lastIndexOf('\x1b[?1049l')).toBeGreaterThan(out.lastIndexOf('\x1b[?1049h'));
    expect(t.input.isRaw).toBe(false);
    expect(t.input.flowing).toBe(false);
    for (const ev of ['data', 'keypress', 'newListener']) expect(t.input.listenerCount(ev)).toBe(0);
    expect(t.output.listenerCount('resize')).toBe(0);
  });
});
