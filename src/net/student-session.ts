// One student's ssh session: the shell channel becomes a terminal, the
// terminal gets its own blessed screen (createScreen on the channel's
// streams, with the student's environment), and the screen shows the
// StudentApp. Everything that can go wrong here closes this session only.

import type blessed from 'blessed';
import type { ServerChannel } from 'ssh2';
import { createScreen, destroyScreen } from '../ui/term/screen';
import { speaksUtf8 } from '../ui/term/terminal-env';
import type { TerminalEnv } from '../ui/term/tty';
import type { Key } from '../ui/panes/pane';
import { ChannelInput, ChannelOutput } from './channel-tty';
import type { Classroom, SessionHandle } from './classroom';
import { InputGuard } from './input-guard';
import { OUTPUT_BACKLOG_MAX } from './limits';
import { StudentApp } from './student-app';

/** What a session starts from. */
export interface SessionStart {
  channel: ServerChannel; // the shell channel
  name: string; // the student, checked and folded
  cols: number; // from pty-req
  rows: number;
  env: TerminalEnv; // what the client sent with `env` requests (TERM from pty-req is not used)
  now: () => number; // wall clock
  log: (line: string) => void; // the teacher's log
  onClose: (s: StudentSession) => void; // the session is over (for the server's bookkeeping)
}

export class StudentSession implements SessionHandle {
  readonly name: string; // the student
  lastInput: number; // wall time of the last key (idle timeout)
  private readonly input = new ChannelInput(); // keyboard side of the terminal
  private readonly output: ChannelOutput; // screen side
  private readonly guard: InputGuard; // rate limit
  private screen: blessed.Widgets.Screen | null = null; // the student's screen
  private app: StudentApp | null = null; // what it shows
  private closed = false; // close() ran
  private loggedIn = false; // the classroom accepted the login

  constructor(
    private readonly room: Classroom,
    private readonly start: SessionStart,
  ) {
    this.name = start.name;
    this.lastInput = start.now();
    this.guard = new InputGuard(start.now());
    const ch = start.channel;
    this.output = new ChannelOutput(ch as unknown as { write(d: string | Uint8Array): boolean; writableLength?: number }, start.cols, start.rows, () => this.drop('not reading its output'), OUTPUT_BACKLOG_MAX);
    ch.on('data', (d: Buffer) => this.onData(d));
    ch.on('error', () => this.teardown());
    ch.on('close', () => this.teardown());
    ch.on('end', () => this.teardown());
  }

  /** Log in and open the screen; or print why not and close. */
  open(): void {
    const refused = this.room.login(this);
    if (refused) return this.refuse(refused);
    this.loggedIn = true;
    const env: TerminalEnv = { ...this.start.env, TERM: 'xterm-256color' };
    try {
      const screen = createScreen({ input: this.input, output: this.output, env, title: `kernlab: ${this.room.challenge.title}` });
      this.screen = screen;
      this.app = new StudentApp({ screen, room: this.room, name: this.name, unicode: speaksUtf8(env), disconnect: (m) => this.close(m) });
      screen.on('keypress', (ch: string | undefined, key: Key) => this.app?.key(ch, key));
      screen.on('resize', () => this.app?.resize());
    } catch (e) {
      this.start.log(`cannot open ${this.name}'s screen: ${(e as Error)?.stack ?? String(e)}`);
      this.close('Sorry: the server could not open your screen.');
    }
  }

  /** Keyboard bytes from the client, within the limits. */
  private onData(d: Buffer): void {
    if (this.closed) return;
    const now = this.start.now();
    this.lastInput = now;
    const ok = this.guard.admit(d, now);
    if (ok === null) return this.close('Too much input: the session was closed.');
    if (ok.length) this.input.push(ok);
  }

  /** window-change from the client. */
  resize(cols: number, rows: number): void {
    if (!this.closed) this.output.resize(cols, rows);
  }

  /** Print a refusal on the plain terminal and close. */
  private refuse(message: string): void {
    this.start.log(`refused ${this.name}: ${message}`);
    this.writePlain(`kernlab: ${message}\r\n`);
    this.endChannel(1);
  }

  private writePlain(text: string): void {
    try {
      if (this.output.writable) this.start.channel.write(text);
    } catch {
      // The client is gone.
    }
  }

  private endChannel(status: number): void {
    this.closed = true;
    const ch = this.start.channel;
    try {
      ch.exit(status);
      ch.end();
    } catch {
      // The client is gone.
    }
    this.teardown();
  }

  /** Close the screen (the terminal is restored), print `message`, and end the session. */
  close(message: string): void {
    if (this.closed) return;
    this.closeScreen();
    this.writePlain(`${message}\r\n`);
    this.endChannel(0);
  }

  /** SessionHandle: the classroom closes the session (shutdown). */
  kick(message: string): void {
    this.close(message);
  }

  /** The client misbehaved: drop it without ceremony. */
  drop(why: string): void {
    if (this.closed) return;
    this.start.log(`dropped ${this.name}: ${why}`);
    this.output.writable = false;
    this.closed = true;
    try {
      this.start.channel.destroy();
    } catch {
      // Already gone.
    }
    this.teardown();
  }

  private closeScreen(): void {
    const app = this.app;
    const screen = this.screen;
    this.app = null;
    this.screen = null;
    try {
      app?.destroy();
    } catch (e) {
      this.start.log(`error closing ${this.name}'s screen: ${(e as Error)?.message}`);
    }
    try {
      if (screen) destroyScreen(screen);
    } catch (e) {
      this.start.log(`error closing ${this.name}'s screen: ${(e as Error)?.message}`);
    }
  }

  private tornDown = false; // teardown() ran

  /** The channel is gone (or closing): release everything. Idempotent. */
  teardown(): void {
    if (this.tornDown) return;
    this.tornDown = true;
    this.closed = true;
    this.output.writable = false;
    this.input.destroyed = true;
    this.closeScreen();
    if (this.loggedIn) this.room.logout(this.name, this);
    this.start.onClose(this);
  }
}
