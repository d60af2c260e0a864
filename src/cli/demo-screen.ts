// Hidden commands that exercise the terminal platform on its own, before
// and beside the game: the standalone binary's tests and benchmarks use
// them, and a user can run `kernlab __demo-screen` to check a terminal.
//
//   kernlab __demo-screen [--once]   a blessed screen with a box; q quits
//   kernlab __resource PATH          print an embedded resource
//   kernlab __resource --list DIR    list the resources under DIR
import '../ui/term/quiet';
import type { CommandModule } from 'yargs';
import type { TtyInput, TtyOutput, TerminalEnv } from '../ui/term/tty';
import { listResources, readResource, resourceExists, resourceOrigin } from './resources';

/** The resource the demo screen shows in its box. */
export const DEMO_TEXT = 'assets/platform/demo-screen.txt';

/** Streams and environment of the terminal the demo runs on. */
export interface DemoScreenIo {
  input: TtyInput; // keyboard
  output: TtyOutput; // terminal
  env: TerminalEnv; // the terminal owner's environment
  once?: boolean; // draw one frame, then close (for startup benchmarks)
}

/**
 * Show the demo screen until q, Escape or Ctrl-C (or after the first frame
 * with `once`). Resolves with the exit status once the terminal is restored.
 */
export async function runDemoScreen(io: DemoScreenIo): Promise<number> {
  // Loaded here, not at the top: `kernlab --help` should not pay for blessed.
  const [{ default: blessed }, { createScreen, destroyScreen }, { default: contribDonut }] = await Promise.all([
    import('blessed'),
    import('../ui/term/screen'),
    import('blessed-contrib/lib/widget/donut.js'),
  ]);
  // Everything that can fail comes before the screen: an error printed on
  // the alternate screen vanishes when the terminal is restored.
  const text = readResource(DEMO_TEXT).trimEnd();
  const screen = createScreen({ input: io.input, output: io.output, env: io.env, title: 'kernlab' });
  const lines = text.split('\n');
  const box = blessed.box({
    parent: screen,
    screen,
    top: 1,
    left: 'center',
    width: Math.max(...lines.map((l) => l.length)) + 4,
    height: lines.length + 2,
    border: { type: 'line' },
    label: ' kernlab ',
    padding: { left: 1, right: 1 },
    tags: false,
    content: text,
    style: { border: { fg: 'cyan' }, label: { bold: true } },
  });
  // A blessed-contrib canvas widget: proves that contrib bundles with the
  // same blessed and that its deprecated Buffer() calls stay off the screen.
  const donut = contribDonut({
    screen,
    top: lines.length + 4,
    left: 'center',
    width: 24,
    height: 10,
    radius: 8,
    arcWidth: 3,
    remainColor: 'black',
    data: [{ percent: 100, label: 'terminal ok', color: 'green' }],
  });
  screen.append(donut);
  const status = blessed.box({
    parent: screen,
    screen,
    bottom: 0,
    left: 0,
    width: '100%',
    height: 1,
    content: `${screen.width}x${screen.height}  last key: none`,
    style: { inverse: true },
  });
  screen.on('resize', () => {
    status.setContent(`${screen.width}x${screen.height}  resized`);
    screen.render();
  });

  return new Promise<number>((resolve) => {
    const close = (): void => {
      destroyScreen(screen);
      resolve(0);
    };
    screen.on('keypress', (_ch: unknown, key: { full?: string }) => {
      const name = key.full ?? '?';
      if (name === 'q' || name === 'escape' || name === 'C-c') {
        close();
        return;
      }
      status.setContent(`${screen.width}x${screen.height}  last key: ${name}`);
      screen.render();
    });
    box.focus();
    screen.render();
    if (io.once) {
      (screen.program as unknown as { flush(): void }).flush();
      close();
    }
  });
}

// `kernlab __demo-screen`
const demoScreenCommand: CommandModule<object, { once: boolean }> = {
  command: '__demo-screen',
  describe: false,
  builder: (y) => y.option('once', { type: 'boolean', default: false, describe: 'close after the first frame' }),
  handler: async (argv) => {
    process.exitCode = await runDemoScreen({
      input: process.stdin,
      output: process.stdout,
      env: process.env,
      once: argv.once,
    });
  },
};

// `kernlab __resource PATH` / `kernlab __resource --list DIR`
const resourceCommand: CommandModule<object, { path: string; list: boolean }> = {
  command: '__resource <path>',
  describe: false,
  builder: (y) =>
    y
      .positional('path', { type: 'string', demandOption: true })
      .option('list', { type: 'boolean', default: false, describe: 'list the resources under PATH' }),
  handler: (argv) => {
    if (argv.list) {
      const origin = resourceOrigin();
      process.stderr.write(`resources: ${origin.kind === 'embedded' ? 'embedded' : origin.root}\n`);
      for (const p of listResources(argv.path)) process.stdout.write(p + '\n');
      return;
    }
    if (!resourceExists(argv.path)) {
      process.stderr.write(`kernlab: no resource ${argv.path}\n`);
      process.exitCode = 1;
      return;
    }
    process.stdout.write(readResource(argv.path));
  },
};

/** The hidden platform commands, for main.ts: `.command(platformCommands)`. */
export const platformCommands = [demoScreenCommand, resourceCommand] as CommandModule[];
