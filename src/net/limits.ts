// Limits of the classroom server, in one place (as xv6's param.h). Every
// number a hostile or careless client could push against is bounded here.

// ---- names and logins ----
export const NAME_MAX = 24; // longest player name (after case folding)
export const NAME_PATTERN = /^[a-z0-9_-]{1,24}$/; // what a name may hold
export const AUTH_TRIES = 3; // wrong join codes per connection before it is dropped
export const AUTH_FAIL_DELAY_MS = 400; // a wrong join code is answered this much later
export const IP_FAIL_MAX = 12; // wrong join codes per address within IP_FAIL_WINDOW_MS ...
export const IP_FAIL_WINDOW_MS = 60_000; // ... before the address is refused until the window clears
export const AUTH_TIMEOUT_MS = 120_000; // a connection must log in within this time (OpenSSH's LoginGraceTime): it runs from the ssh command, through the host key question and the typing of the code
export const JOIN_CODE_LENGTH = 8; // characters of a join code (without the dash)

// ---- connections ----
export const DEFAULT_MAX_STUDENTS = 200; // concurrent student sessions (--max-students)
export const MAX_PREAUTH = 32; // connections still logging in, at once
export const MAX_CONNECTIONS_PER_IP = 64; // sockets from one address at once, at least (raised to the classroom's size: a lab behind NAT shares one)
export const IDLE_TIMEOUT_MS = 20 * 60_000; // a session without a key for this long is closed
export const OUTPUT_BACKLOG_MAX = 1 << 20; // bytes queued to a client that does not read, before it is dropped

// ---- input ----
export const INPUT_BYTES_PER_SEC = 2048; // sustained keyboard bytes per session
export const INPUT_BURST = 8192; // bytes a session may send at once (a paste)
export const INPUT_DROP_MAX = 256 * 1024; // bytes discarded over the rate before the session is dropped
export const LINE_MAX = 512; // characters in one console line

// ---- terminal sizes a client may claim ----
export const DEFAULT_COLS = 80; // when the pty request says 0
export const DEFAULT_ROWS = 24;
export const MAX_COLS = 500; // larger claims are clamped
export const MAX_ROWS = 200;

// ---- the simulation loop ----
export const LOOP_MS = 50; // the server loop's period: clock, simulation, frames
export const FRAME_MS = 200; // a playing student's screen is redrawn at most this often (5 fps)
export const SLICE_MS = 8; // simulation runs in slices this long, then lets I/O in
export const PASS_BUDGET_MS = 30; // most simulation time per loop period (the rest serves keys)
export const MAX_OWED_SECONDS = 1; // simulated time owed to a student is capped at this much wall time
export const MAX_INLINE_TICKS = 5_000; // most ticks one command may run inside itself (top's frames), unsliced: everyone waits while it runs

// ---- the journal and the clock ----
export const TICK_MARK_MS = 10_000; // a playing student's tick is journaled this often
export const CLOCK_MARK_MS = 5_000; // the running clock is journaled this often
export const EXTEND_MS = 5 * 60_000; // `e` adds this much time
export const MAX_DURATION_MS = 24 * 3600_000; // longest challenge
