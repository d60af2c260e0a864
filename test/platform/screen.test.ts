// createScreen's promises that the harness tests do not cover: blessed's
// own terminfo, no `tmux -V`, the terminal owner's environment per screen.
import { chmodSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import blessed from 'blessed';
import { afterEach, describe, expect, it } from 'vitest';
import { createScreen, destroyScreen } from '../../src/ui/term/screen';
import { FakeTtyInput, FakeTtyOutput } from '../ui/harness/fake-tty';
import { openHeadlessScreen, type HeadlessScreen } from '../ui/harness/headless-screen';

const open: HeadlessScreen[] = [];
afterEach(async () => {
  for (const t of open.splice(0)) await t.close();
});

// A screen with one bordered box, rendered, for the line-drawing tests.
async function boxedScreen(env: Record<string, string>): Promise<HeadlessScreen> {
  const t = await openHeadlessScreen({ cols: 20, rows: 5, env });
  open.push(t);
  blessed.box({ parent: t.screen, screen: t.screen, top: 0, left: 0, width: 6, height: 3, border: { type: 'line' } });
  await t.render();
  return t;
}

describe('createScreen', () => {
  it('uses blessed’s own xterm-256color terminfo with 256 colours', async () => {
    const t = await openHeadlessScreen();
    open.push(t);
    const tput = t.screen.tput as unknown as { info: { file: string; name: string }; colors: number };
    expect(tput.info.file).toBe('/blessed/usr/xterm-256color');
    expect(tput.info.name).toBe('xterm-256color');
    expect(tput.colors).toBe(256);
  });

  it('never runs `tmux -V` inside tmux, and still knows it is in tmux', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'kernlab-tmuxprobe-'));
    const marker = path.join(dir, 'ran');
    const fake = path.join(dir, 'tmux');
    writeFileSync(fake, `#!/bin/sh\necho "$@" >> '${marker}'\necho 'tmux 3.3a'\n`);
    chmodSync(fake, 0o755);
    const saved = { PATH: process.env.PATH, TMUX: process.env.TMUX };
    process.env.PATH = `${dir}:${saved.PATH}`;
    process.env.TMUX = '/tmp/tmux-0/default,1,0';
    try {
      const env = { TMUX: '/tmp/tmux-0/default,1,0', TERM_PROGRAM: 'tmux', TERM_PROGRAM_VERSION: '3.3a', LANG: 'C.UTF-8' };
      const screen = createScreen({ input: new FakeTtyInput(), output: new FakeTtyOutput(80, 24, () => undefined), env });
      const program = screen.program as unknown as { tmux: boolean; tmuxVersion: number };
      expect(program.tmux).toBe(true);
      expect(program.tmuxVersion).toBe(3.3);
      destroyScreen(screen);
      expect(process.env.TMUX).toBe('/tmp/tmux-0/default,1,0');
      expect(existsSync(marker)).toBe(false);

      // Control: blessed left to itself does run it (so the check above can fail).
      const raw = blessed.program({
        input: new FakeTtyInput(),
        output: new FakeTtyOutput(80, 24, () => undefined),
        terminal: 'xterm-256color',
      } as unknown as blessed.Widgets.IScreenOptions);
      raw.destroy();
      expect(existsSync(marker)).toBe(true);
    } finally {
      process.env.PATH = saved.PATH;
      if (saved.TMUX === undefined) delete process.env.TMUX;
      else process.env.TMUX = saved.TMUX;
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('follows each terminal’s own environment for line drawing', async () => {
    // Default: DEC alternate character set, which the terminal shows as box lines.
    const acs = await boxedScreen({ LANG: 'C.UTF-8' });
    expect(acs.output.text()).toContain('\x1b(0');
    expect(acs.screenText().slice(0, 3)).toEqual(['┌────┐', '│    │', '└────┘']);
    // NCURSES_NO_UTF8_ACS with UTF-8: Unicode box drawing, no ACS switch.
    const utf = await boxedScreen({ LANG: 'C.UTF-8', NCURSES_NO_UTF8_ACS: '1' });
    expect(utf.output.text()).not.toContain('\x1b(0');
    expect(utf.screenText().slice(0, 3)).toEqual(['┌────┐', '│    │', '└────┘']);
    // NCURSES_NO_UTF8_ACS in a non-UTF-8 locale: plain ASCII.
    const ascii = await boxedScreen({ LANG: 'C', NCURSES_NO_UTF8_ACS: '1' });
    expect(ascii.screenText().slice(0, 3)).toEqual(['+----+', '|    |', '+----+']);
  });

  it('runs on one duplex stream without raw mode, as an ssh channel is', async () => {
    const { Terminal } = await import('@xterm/headless');
    const term = new Terminal({ cols: 50, rows: 8, allowProposedApi: true });
    // An ssh2 session channel: one stream both ways, a pty size, no setRawMode.
    class Channel extends FakeTtyOutput {
      flowing = false;
      resume(): this {
        this.flowing = true;
        return this;
      }
      pause(): this {
        this.flowing = false;
        return this;
      }
    }
    const channel = new Channel(50, 8, (d) => term.write(d));
    const screen = createScreen({ input: channel, output: channel, env: { LANG: 'en_GB.UTF-8' } });
    const keys: string[] = [];
    screen.key(['up', 'q'], (_c: unknown, k: { full: string }) => void keys.push(k.full));
    blessed.box({ parent: screen, screen, top: 1, left: 1, width: 20, height: 1, content: 'student one' });
    screen.render();
    (screen.program as unknown as { flush(): void }).flush();
    channel.emit('data', Buffer.from('\x1bOAq'));
    await new Promise<void>((r) => term.write('', r));
    const row = term.buffer.active.getLine(1)!.translateToString(true);
    expect(row).toBe(' student one');
    expect(keys).toEqual(['up', 'q']);
    destroyScreen(screen);
    for (const ev of ['data', 'keypress', 'newListener', 'resize']) expect(channel.listenerCount(ev)).toBe(0);
  });

  it('draws a blessed-contrib widget given `screen` then appended, not one given `parent`', async () => {
    const { default: donut } = await import('blessed-contrib/lib/widget/donut.js');
    const t = await openHeadlessScreen({ cols: 40, rows: 12 });
    open.push(t);
    const data = [{ percent: 50, label: 'half', color: 'green' }];
    const ok = donut({ screen: t.screen, top: 0, left: 0, width: 20, height: 10, radius: 6, arcWidth: 2, data });
    t.screen.append(ok);
    await t.render();
    expect(t.text()).toMatch(/50%/);
    expect(t.text()).toMatch(/half/);
    // With `parent`, 'attach' fires inside the constructor, before contrib
    // listens for it: no canvas, and setData throws.
    const broken = donut({ parent: t.screen, screen: t.screen, top: 0, left: 20, width: 20, height: 10, data: [] });
    expect(() => broken.setData(data)).toThrow(/canvas context does not exist/);
  });

  it('sets the window title after entering the alternate screen', async () => {
    const t = await openHeadlessScreen({ title: 'kernlab' });
    open.push(t);
    const out = t.output.text();
    expect(out.indexOf('\x1b]0;kernlab\x07')).toBeGreaterThan(out.indexOf('\x1b[?1049h'));
  });

  it('switches Node’s deprecation warnings off before blessed can trigger them', () => {
    expect(process.noDeprecation).toBe(true);
  });
});
