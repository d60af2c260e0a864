// What a terminal's environment says about the terminal, read the way
// blessed and ncurses read it — but from an explicit environment instead of
// process.env, so that each classroom student's screen follows their own
// ssh client rather than the server's shell.
import type { TerminalEnv } from './tty';

/** NO_COLOR (https://no-color.org): set and not empty means no colours. */
export function wantsNoColor(env: TerminalEnv): boolean {
  const v = env.NO_COLOR;
  return v !== undefined && v !== '';
}

/**
 * Whether the terminal takes UTF-8 (so box lines may be drawn with Unicode
 * box-drawing characters). Same test as blessed's Tput#detectUnicode.
 */
export function speaksUtf8(env: TerminalEnv): boolean {
  const locale = [env.LANG, env.LANGUAGE, env.LC_ALL, env.LC_CTYPE].join(':');
  return /utf-?8/i.test(locale);
}

/**
 * ncurses' NCURSES_NO_UTF8_ACS: when set to a non-zero number the terminal's
 * alternate character set is not trusted and lines are drawn with Unicode
 * (or ASCII) instead. Same test as blessed's Tput#detectBrokenACS for the
 * xterm-256color entry (which has no U8 capability).
 */
export function brokenAcs(env: TerminalEnv): boolean {
  const v = env.NCURSES_NO_UTF8_ACS;
  return v !== undefined && Number(v) !== 0 && !Number.isNaN(Number(v));
}

/** What blessed needs to know about an enclosing tmux. */
export interface TmuxInfo {
  inside: boolean; // $TMUX is set: the terminal is a tmux pane
  version: number; // tmux's major.minor; 2 when unknown (blessed's own default)
}

/**
 * tmux without running `tmux -V`. blessed's Program constructor runs
 * `tmux -V` synchronously (child_process.execFileSync) whenever $TMUX is
 * set, only to decide whether tmux is at least 2.0 (then it sends the
 * all-motion mouse mode raw instead of through its tmux passthrough). tmux
 * 3.2 and later export TERM_PROGRAM=tmux and TERM_PROGRAM_VERSION to every
 * pane, which answers the same question for free; tmux 1.x is long gone, so
 * "unknown" counts as 2 — the value blessed itself uses when `tmux -V` fails.
 */
export function tmuxOf(env: TerminalEnv): TmuxInfo {
  const inside = env.TMUX !== undefined && env.TMUX !== '';
  let version = 2;
  if (inside && env.TERM_PROGRAM === 'tmux') {
    const m = /^(\d+(?:\.\d+)?)/.exec(env.TERM_PROGRAM_VERSION ?? '');
    if (m) version = Number(m[1]);
  }
  return { inside, version };
}
