// The splash while the levels are read: keys pressed meanwhile are not lost.
import { afterEach, describe, expect, it } from 'vitest';
import { showSplash } from '../../src/ui/splash';
import { openHeadlessScreen, type HeadlessScreen } from './harness/headless-screen';

const open: HeadlessScreen[] = [];
afterEach(async () => {
  for (const t of open.splice(0)) await t.close();
});

describe('splash', () => {
  it('holds the keys pressed while it is up and hands them over when removed', async () => {
    const t = await openHeadlessScreen({ cols: 80, rows: 24 });
    open.push(t);
    const remove = showSplash(t.screen);
    await t.settle();
    expect(t.text()).toContain('reading the levels');
    await t.press('enter', 'p', 's');
    const got: string[] = [];
    t.screen.on('keypress', (_ch: string | undefined, key: { full: string }) => got.push(key.full));
    expect(got).toEqual([]);
    remove();
    expect(got.filter((k) => k !== 'return')).toEqual(['enter', 'p', 's']);
    // Once removed it holds nothing more: keys go straight to the listener.
    await t.press('q');
    expect(got[got.length - 1]).toBe('q');
    await t.render();
    expect(t.text()).not.toContain('reading the levels');
  });
});
