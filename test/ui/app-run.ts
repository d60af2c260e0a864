// A PlayApp on a headless terminal, for the app's screen tests: start one,
// read its screen, and close every one started after each test.
import { afterEach } from 'vitest';
import type { Level } from '../../src/game/level-load';
import { PlayApp } from '../../src/ui/app';
import { FakeHost } from './fake-host';
import { openHeadlessScreen, type HeadlessOptions, type HeadlessScreen } from './harness/headless-screen';

export interface AppRun {
  t: HeadlessScreen;
  app: PlayApp;
  host: FakeHost;
  exited: () => boolean;
}

const open: AppRun[] = [];
afterEach(async () => {
  for (const r of open.splice(0)) {
    r.app.dispose();
    await r.t.close();
  }
});

/** The app over `levels` at 120x40 (unless `screen` says otherwise); `start`: straight to that level's briefing. */
export async function startApp(levels: Level[], opts: { screen?: HeadlessOptions; start?: Level; setup?: (h: FakeHost) => void } = {}): Promise<AppRun> {
  const t = await openHeadlessScreen({ cols: 120, rows: 40, ...opts.screen });
  const host = new FakeHost(levels);
  opts.setup?.(host);
  let exited = false;
  const app = new PlayApp({ screen: t.screen, host, unicode: opts.screen?.unicode ?? true, start: opts.start, onExit: () => (exited = true) });
  await t.settle();
  const run = { t, app, host, exited: () => exited };
  open.push(run);
  return run;
}
