// The classroom's ssh server (ssh2): students log in with their name and
// the join code, and get one interactive session each. Nothing else is
// offered: exec, subsystems (sftp), X11, agent and port forwarding are
// refused, and a connection may open one session channel only.
//
// Sockets are accepted by our own net.Server and handed to ssh2
// (injectSocket), so that every connection is counted, timed and dropped
// by us: per-address and pre-login limits, a login deadline, an idle
// timeout. Any error on one connection closes that connection; none can
// reach the process.

import net from 'node:net';
import { Server as SshServer, type AuthContext, type Connection, type ServerChannel, type Session } from 'ssh2';
import { AuthThrottle } from './auth-throttle';
import type { Classroom } from './classroom';
import { joinCodeMatches } from './data-dir';
import {
  AUTH_FAIL_DELAY_MS,
  AUTH_TIMEOUT_MS,
  AUTH_TRIES,
  DEFAULT_COLS,
  DEFAULT_ROWS,
  IDLE_TIMEOUT_MS,
  MAX_CONNECTIONS_PER_IP,
  MAX_PREAUTH,
} from './limits';
import { checkName, printable } from './names';
import { DISCONNECT, disconnectWith, refuseSocket } from './ssh-disconnect';
import { StudentSession } from './student-session';

/** How to run the server. */
export interface SshServerOptions {
  room: Classroom; // the authority
  hostKey: string; // OpenSSH private key text
  joinCode: string; // the password
  log: (line: string) => void; // the teacher's log
  now?: () => number; // wall clock (default Date.now)
  loginTimeoutMs?: number; // time to log in (default AUTH_TIMEOUT_MS; tests shorten it)
}

/** What the student's ssh prints when a connection is out of join-code tries ("Received disconnect from HOST port N:14: ..."). */
export const TOO_MANY_TRIES = 'Too many wrong join codes. Ask your teacher for the code, then run ssh again.';
/** ... and when their address is refused for a while (IP_FAIL_MAX wrong codes within IP_FAIL_WINDOW_MS). */
export const ADDRESS_BLOCKED = 'Too many wrong join codes from your address. Wait a minute, ask your teacher for the code, then run ssh again.';

/** Environment variables a client may send that mean something to the screen. */
const ENV_ALLOWED = /^(LANG|LANGUAGE|LC_[A-Z]+|NO_COLOR|COLORTERM|NCURSES_NO_UTF8_ACS|TERM_PROGRAM|TERM_PROGRAM_VERSION)$/;

/** One TCP connection, from accept to close. */
interface Conn {
  socket: net.Socket; // the TCP connection
  ip: string; // its remote address
  authed: boolean; // logged in
  user: string; // the name given at the successful login
  tried: string; // the name given at the last login attempt (for the teacher's log)
  tries: number; // wrong join codes so far
  session: StudentSession | null; // the student's session, once the shell started
  sessions: number; // session channels opened (at most one)
  timer: NodeJS.Timeout | null; // login deadline
}

export class ClassroomSshServer {
  private readonly tcp: net.Server; // accepts sockets
  private readonly ssh: SshServer; // speaks ssh on them
  private readonly conns = new Set<Conn>(); // open connections
  private readonly byIp = new Map<string, number>(); // open connections per address
  private readonly byKey = new Map<string, Conn>(); // "ip:port" -> connection (to find ours from ssh2's)
  private readonly throttle = new AuthThrottle(); // wrong codes per address
  private readonly now: () => number; // wall clock
  private heldAt = 0; // last sweep that saw the clock waiting or paused (idle counts from there)
  private sweeper: NodeJS.Timeout | null = null; // idle and throttle sweep
  private preauth = 0; // connections not logged in yet

  constructor(private readonly opts: SshServerOptions) {
    this.now = opts.now ?? Date.now;
    this.ssh = new SshServer(
      {
        hostKeys: [opts.hostKey],
        ident: 'kernlab',
        banner: `kernlab classroom: "${opts.room.challenge.title}". Your login name is your player name; the password is the join code.\r\n`,
        keepaliveInterval: 15_000,
        keepaliveCountMax: 4,
      },
      (client, info) => this.onClient(client, info.ip, info.port),
    );
    this.ssh.on('error', (e: Error) => opts.log(`ssh server error: ${e.message}`));
    this.tcp = net.createServer({ noDelay: true }, (socket) => this.onSocket(socket));
  }

  /** Start listening; resolves with the port (useful with port 0). */
  listen(port: number, host: string): Promise<number> {
    return new Promise((resolve, reject) => {
      const fail = (e: Error): void => reject(e);
      this.tcp.once('error', fail);
      this.tcp.listen(port, host, () => {
        this.tcp.off('error', fail);
        // Errors from here on are logged; one before (a port in use) is the
        // caller's to say, once, as a message rather than a log line too.
        this.tcp.on('error', (e: Error) => this.opts.log(`listen error: ${e.message}`));
        this.sweeper = setInterval(() => this.sweep(), 10_000);
        this.sweeper.unref();
        const a = this.tcp.address();
        resolve(typeof a === 'object' && a ? a.port : port);
      });
    });
  }

  /** Sessions open now. */
  get sessions(): number {
    let n = 0;
    for (const c of this.conns) if (c.session) n++;
    return n;
  }

  /** Connections open now (logged in or not). */
  get connections(): number {
    return this.conns.size;
  }

  /** Stop accepting; close every connection. */
  close(): Promise<void> {
    if (this.sweeper) clearInterval(this.sweeper);
    for (const c of [...this.conns]) c.socket.destroy();
    return new Promise((resolve) => this.tcp.close(() => resolve()));
  }

  // ---- sockets ----

  private onSocket(socket: net.Socket): void {
    socket.on('error', () => undefined); // ssh2 reports them too; never let one escape
    const ip = socket.remoteAddress ?? '?';
    const perIp = this.byIp.get(ip) ?? 0;
    // A whole room may come from one address (NAT): the per-address cap is
    // at least the classroom's size; the total is the classroom plus those
    // still logging in.
    const cap = this.opts.room.maxStudents + MAX_PREAUTH;
    if (perIp >= Math.max(MAX_CONNECTIONS_PER_IP, cap) || this.conns.size >= cap || this.preauth >= MAX_PREAUTH) {
      socket.destroy();
      return;
    }
    if (this.throttle.blocked(ip, this.now())) {
      refuseSocket(socket, 'SSH-2.0-kernlab', DISCONNECT.BY_APPLICATION, ADDRESS_BLOCKED);
      setTimeout(() => socket.destroy(), 1000).unref(); // if the client does not close first
      return;
    }
    const conn: Conn = { socket, ip, authed: false, user: '', tried: '', tries: 0, session: null, sessions: 0, timer: null };
    this.conns.add(conn);
    this.byIp.set(ip, perIp + 1);
    this.preauth++;
    const key = `${ip}:${socket.remotePort}`;
    this.byKey.set(key, conn);
    const deadline = this.opts.loginTimeoutMs ?? AUTH_TIMEOUT_MS;
    conn.timer = setTimeout(() => {
      if (conn.authed) return;
      // The student's ssh is most likely still at the join-code prompt: it
      // reads nothing until Enter, then says only "Connection closed by
      // HOST". The teacher at least can tell them why.
      const who = conn.tried ? `"${printable(conn.tried)}" from ${ip}` : `a connection from ${ip}`;
      this.opts.log(`${who} did not log in within ${deadlineText(deadline)}: closed (ssh says "Connection closed"; run ssh again)`);
      socket.destroy();
    }, deadline);
    socket.once('close', () => {
      if (conn.timer) clearTimeout(conn.timer);
      if (!conn.authed) this.preauth--;
      this.conns.delete(conn);
      this.byKey.delete(key);
      const n = (this.byIp.get(ip) ?? 1) - 1;
      if (n > 0) this.byIp.set(ip, n);
      else this.byIp.delete(ip);
      conn.session?.teardown();
    });
    try {
      this.ssh.injectSocket(socket);
    } catch (e) {
      this.opts.log(`connection from ${ip} failed: ${(e as Error).message}`);
      socket.destroy();
    }
  }

  /** Idle sessions out; old throttle entries away (every 10 s; tests may call it). */
  sweep(): void {
    const now = this.now();
    this.throttle.sweep(now);
    // Idle counts only while the clock runs: before the start and through
    // a pause there is nothing to type, and a room that listens to the
    // teacher for 20 minutes must not find itself logged out.
    const phase = this.opts.room.clock.phase;
    if (phase === 'waiting' || phase === 'paused') this.heldAt = now;
    for (const c of this.conns) {
      if (c.session && now - Math.max(c.session.lastInput, this.heldAt) > IDLE_TIMEOUT_MS) {
        c.session.close(`Closed after ${Math.round(IDLE_TIMEOUT_MS / 60_000)} minutes without a key. Your progress is saved: log in again to carry on.`);
      }
    }
  }

  // ---- ssh ----

  private onClient(client: Connection, ip: string, port: number): void {
    const conn = this.byKey.get(`${ip}:${port}`);
    client.on('error', () => conn?.socket.destroy());
    if (!conn) {
      client.end();
      return;
    }
    client.on('authentication', (ctx) => {
      try {
        this.onAuth(conn, client, ctx);
      } catch (e) {
        this.opts.log(`login error from ${ip}: ${(e as Error).message}`);
        conn.socket.destroy();
      }
    });
    client.on('ready', () => {
      conn.authed = true;
      this.preauth--;
      if (conn.timer) clearTimeout(conn.timer);
      conn.timer = null;
    });
    client.on('session', (accept, reject) => {
      if (conn.sessions >= 1) return reject();
      conn.sessions++;
      client.noMoreSessions = true;
      this.onSession(conn, client, accept());
    });
    // Nothing but the game: no port forwarding either way, no unix sockets.
    client.on('tcpip', (_accept, reject) => reject());
    client.on('openssh.streamlocal', (_accept, reject) => reject());
    client.on('request', (_accept, reject) => reject?.());
  }

  private onAuth(conn: Conn, client: Connection, ctx: AuthContext): void {
    conn.tried = ctx.username;
    const methods: Array<'keyboard-interactive' | 'password'> = ['keyboard-interactive', 'password'];
    if (conn.tries >= AUTH_TRIES) {
      conn.socket.destroy(); // out of tries: nothing more is checked on this connection
      return;
    }
    if (this.throttle.blocked(conn.ip, this.now())) {
      disconnectWith(client, conn.socket, DISCONNECT.BY_APPLICATION, ADDRESS_BLOCKED);
      setTimeout(() => conn.socket.destroy(), 200).unref();
      return;
    }
    const check = (typed: string): void => {
      if (joinCodeMatches(this.opts.joinCode, typed)) {
        conn.user = ctx.username;
        ctx.accept();
        return;
      }
      conn.tries++;
      this.throttle.fail(conn.ip, this.now());
      this.opts.log(`wrong join code for "${printable(ctx.username)}" from ${conn.ip} (${conn.tries}/${AUTH_TRIES})`);
      // Answer late: guessing codes is slow.
      setTimeout(() => {
        try {
          if (conn.tries >= AUTH_TRIES) {
            // No "try another method": the connection ends here (OpenSSH would
            // otherwise ask for a password that nobody checks any more), with
            // a reason the student's ssh prints.
            disconnectWith(client, conn.socket, DISCONNECT.NO_MORE_AUTH_METHODS_AVAILABLE, TOO_MANY_TRIES);
            setTimeout(() => conn.socket.destroy(), 200).unref();
          } else ctx.reject(methods);
        } catch {
          conn.socket.destroy();
        }
      }, AUTH_FAIL_DELAY_MS);
    };
    switch (ctx.method) {
      case 'password':
        return check(ctx.password);
      case 'keyboard-interactive': {
        const who = checkName(ctx.username);
        const again = conn.tries > 0 ? `That was not the join code (try ${conn.tries + 1} of ${AUTH_TRIES}). ` : '';
        // A bad name is said now, not after the student has typed the code for nothing.
        const hello = again + (who.ok ? `Player ${who.name}: type the join code your teacher gave you.` : `${who.reason[0].toUpperCase()}${who.reason.slice(1)}. Press Ctrl-C and log in again with another name.`);
        // No name for the prompt: OpenSSH prints it as a line of its own, under
        // the banner that already says "kernlab classroom".
        ctx.prompt([{ prompt: 'Join code: ', echo: false }], '', hello, (answers) => check(answers[0] ?? ''));
        return;
      }
      default:
        ctx.reject(methods);
    }
  }

  private onSession(conn: Conn, client: Connection, session: Session): void {
    let pty: { cols: number; rows: number } | null = null;
    const env: Record<string, string> = {};
    let envCount = 0;
    let shell = false;
    session.on('pty', (accept, _reject, info) => {
      pty = { cols: info.cols || DEFAULT_COLS, rows: info.rows || DEFAULT_ROWS };
      accept?.();
    });
    session.on('window-change', (accept, _reject, info) => {
      if (pty) pty = { cols: info.cols, rows: info.rows };
      conn.session?.resize(info.cols, info.rows);
      accept?.();
    });
    session.on('env', (accept, reject, info) => {
      envCount++;
      if (envCount <= 32 && ENV_ALLOWED.test(info.key) && typeof info.val === 'string' && info.val.length <= 256) {
        env[info.key] = info.val;
        accept?.();
      } else reject?.();
    });
    session.on('shell', (accept, reject) => {
      if (shell) return reject?.();
      shell = true;
      const channel = accept();
      if (!channel) return;
      this.startSession(conn, client, channel, pty, env);
    });
    // Refused outright: there is nothing to run, copy or forward here.
    for (const ev of ['exec', 'subsystem', 'sftp', 'x11', 'auth-agent']) {
      session.on(ev, (_accept: unknown, reject?: () => void) => reject?.());
    }
    session.on('signal', (accept?: () => void) => accept?.());
  }

  private startSession(conn: Conn, client: Connection, channel: ServerChannel, pty: { cols: number; rows: number } | null, env: Record<string, string>): void {
    channel.on('error', () => undefined);
    const bye = (text: string): void => {
      try {
        channel.write(`kernlab: ${text}\r\n`);
        channel.exit(1);
        channel.end();
      } catch {
        // Gone already.
      }
      setTimeout(() => client.end(), 100).unref();
    };
    const who = checkName(conn.user);
    if (!who.ok) return bye(who.reason);
    if (!pty) return bye('the classroom is a full-screen game and needs a terminal: connect with `ssh -t` (and without a command).');
    const session = new StudentSession(this.opts.room, {
      channel,
      name: who.name,
      cols: pty.cols,
      rows: pty.rows,
      env,
      now: this.now,
      log: this.opts.log,
      onClose: () => {
        if (conn.session === session) conn.session = null;
        setTimeout(() => client.end(), 100).unref();
      },
    });
    conn.session = session;
    session.open();
  }
}

/** "2 minutes", "90 seconds": the login deadline in words. */
function deadlineText(ms: number): string {
  const s = Math.round(ms / 1000);
  return s % 60 === 0 ? `${s / 60} minute${s === 60 ? '' : 's'}` : `${s} second${s === 1 ? '' : 's'}`;
}
