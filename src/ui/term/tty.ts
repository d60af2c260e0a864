// The shape of a terminal as blessed sees it: a byte stream in, a byte
// stream out with a size. process.stdin/stdout, an ssh2 session channel and
// the test harness's fake streams all fit.

/** Where the keyboard's bytes come from (process.stdin, an ssh channel). */
export interface TtyInput extends NodeJS.EventEmitter {
  isTTY?: boolean; // true for a terminal; blessed only asks setRawMode then
  isRaw?: boolean; // whether raw mode is on (blessed turns it off on destroy)
  setRawMode?(mode: boolean): unknown; // raw mode switch; absent on sockets
  resume(): unknown; // start the flow of 'data' events
  pause(): unknown; // stop it (lets the process exit after the screen closes)
  destroyed?: boolean; // stream already closed: blessed will not pause it
}

/** Where the frames go (process.stdout, an ssh channel). */
export interface TtyOutput extends NodeJS.EventEmitter {
  isTTY?: boolean; // true for a terminal (otherwise blessed warns)
  columns: number; // width in cells; set it, then emit 'resize'
  rows: number; // height in cells; set it, then emit 'resize'
  writable: boolean; // blessed drops writes once this is false
  bytesWritten?: number; // blessed waits for the first flush inside tmux
  write(data: string | Uint8Array, cb?: (err?: Error | null) => void): boolean; // one chunk of escape sequences
}

/**
 * The environment of whoever sits at the terminal. For the local CLI that is
 * process.env; for a classroom student it is what their ssh client sent (not
 * the server's environment, which may be inside tmux or have NO_COLOR set).
 */
export type TerminalEnv = Readonly<Record<string, string | undefined>>;
