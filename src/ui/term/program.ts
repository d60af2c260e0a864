// The blessed Program under each screen: the low-level terminal driver that
// owns the input listeners, the output buffer and the compiled terminfo.
//
// We build it ourselves (and hand it to blessed.screen) instead of letting
// the Screen build one, so that the terminal's facts come from an explicit
// environment, `tmux -V` is never run, and the terminfo is always blessed's
// own xterm-256color.
import blessed from 'blessed';
import { useBlessedTerminfo } from './terminfo';
import { brokenAcs, speaksUtf8, tmuxOf } from './terminal-env';
import type { TerminalEnv, TtyInput, TtyOutput } from './tty';

/** The terminal type every kernlab screen speaks. */
export const TERMINAL = 'xterm-256color';

// The parts of blessed's compiled Tput we set per screen.
interface TputFeatures {
  unicode: boolean; // UTF-8 output allowed (else non-ASCII is replaced)
  brokenACS: boolean; // draw lines without the alternate character set
  features: { unicode: boolean; brokenACS: boolean }; // the same, as detected
}

/** The untyped parts of blessed's Program that kernlab reads or sets. */
export interface ProgramInternals {
  input: TtyInput; // the keyboard stream
  output: TtyOutput; // the terminal stream
  tput: TputFeatures; // the compiled terminfo entry
  tmux: boolean; // inside tmux: some sequences go through DCS passthrough
  tmuxVersion: number; // tmux version (only `>= 2` is ever tested)
  isOSXTerm: boolean; // Apple Terminal
  isiTerm2: boolean; // iTerm2
  isXFCE: boolean; // xfce4-terminal
  isTerminator: boolean; // Terminator
  isVTE: boolean; // a VTE-based terminal (gnome-terminal, ...)
  isRxvt: boolean; // rxvt/urxvt
  destroyed?: boolean; // set by Program#destroy
  flush(): void; // write out the buffered escape sequences now
}

/** What createProgram needs. */
export interface ProgramOptions {
  input: TtyInput; // keyboard stream
  output: TtyOutput; // terminal stream
  env: TerminalEnv; // the terminal owner's environment
  unicode?: boolean; // override the locale's answer to "UTF-8?"
}

/**
 * Run `make` with $TMUX hidden from process.env, so that blessed's Program
 * constructor skips its synchronous `tmux -V` (see tmuxOf). The constructor
 * is synchronous, so nothing else can observe the missing variable.
 */
function withoutTmuxProbe<T>(make: () => T): T {
  const saved = process.env.TMUX;
  if (saved === undefined) return make();
  delete process.env.TMUX;
  try {
    return make();
  } finally {
    process.env.TMUX = saved;
  }
}

/**
 * Create a blessed Program on the given streams, configured from `env`.
 * It starts listening on `input` at once (keypress decoding) and owns a
 * 'resize' listener on `output`; Program#destroy (via Screen#destroy)
 * releases them. Never spawns a process.
 */
export function createProgram(opts: ProgramOptions): blessed.BlessedProgram {
  useBlessedTerminfo();
  const { env } = opts;
  const program = withoutTmuxProbe(() =>
    blessed.program({
      input: opts.input,
      output: opts.output,
      terminal: TERMINAL,
      tput: true,
      buffer: true,
      zero: true,
    } as unknown as blessed.Widgets.IScreenOptions),
  );
  const p = program as unknown as ProgramInternals;

  // Facts blessed read from process.env in its constructor: re-read them
  // from the terminal owner's environment.
  const tmux = tmuxOf(env);
  p.tmux = tmux.inside;
  p.tmuxVersion = tmux.version;
  p.isOSXTerm = env.TERM_PROGRAM === 'Apple_Terminal';
  p.isiTerm2 = env.TERM_PROGRAM === 'iTerm.app' || !!env.ITERM_SESSION_ID;
  p.isXFCE = /xfce/i.test(env.COLORTERM ?? '');
  p.isTerminator = !!env.TERMINATOR_UUID;
  p.isVTE = !!env.VTE_VERSION || p.isXFCE || p.isTerminator;
  p.isRxvt = /rxvt/i.test(env.COLORTERM ?? '');

  // Facts the terminfo compiler read from process.env.
  const unicode = opts.unicode ?? speaksUtf8(env);
  const acs = brokenAcs(env);
  p.tput.unicode = unicode;
  p.tput.features.unicode = unicode;
  p.tput.brokenACS = acs;
  p.tput.features.brokenACS = acs;
  return program;
}
