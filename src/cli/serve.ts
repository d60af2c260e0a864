// `kernlab serve --challenge FILE`: host a timed classroom challenge over
// ssh. This file is where the classroom meets the process: argv, files,
// stdin/stdout (the teacher's dashboard or the headless log), signals and
// the clock. The classroom itself is src/net.
import { existsSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import type { CommandModule } from 'yargs';
import { DEFAULT_MAX_STUDENTS } from '../net/limits';
import { plural } from '../game/plural';
import { textNow, type LiveText } from '../ui/text';
import type { Challenge } from '../net/challenge-load';

export interface ServeArgs {
  challenge: string;
  port: number;
  host: string;
  data?: string;
  headless: boolean;
  start: boolean;
  'max-students': number;
}

export const serveCommand: CommandModule<object, ServeArgs> = {
  command: 'serve',
  describe: 'host a timed classroom challenge: students join with ssh, the teacher sees the live board',
  builder: (y) =>
    y
      .option('challenge', { type: 'string', demandOption: true, describe: 'challenge file (YAML), or the name of a shipped one (demo)' })
      .option('port', { type: 'number', default: 2222, describe: 'ssh port to listen on' })
      .option('host', { type: 'string', default: '127.0.0.1', describe: 'address to listen on (0.0.0.0: every interface, for a room)' })
      .option('data', { type: 'string', describe: 'data folder: journal, results, run logs, host key, join code (default: $XDG_DATA_HOME/kernlab/classroom/NAME, NAME: the challenge file name without .yaml; XDG_DATA_HOME defaults to ~/.local/share)' })
      .option('headless', { type: 'boolean', default: false, describe: 'no dashboard: log lines on stdout, commands on stdin (start, pause, resume, extend [MIN], end, board, status, quit)' })
      .option('start', { type: 'boolean', default: false, describe: 'with --headless: start the clock at once (else on "start" or SIGUSR1)' })
      .option('max-students', { type: 'number', default: DEFAULT_MAX_STUDENTS, describe: 'most students connected at once' }) as never,
  handler: async (a) => {
    process.exitCode = await serve(a);
  },
};

function fail(message: string): number {
  process.stderr.write(message.endsWith('\n') ? message : message + '\n');
  return 2;
}

/** The challenge file's text and where its level files are looked up. */
interface ChallengeSource {
  text: string; // the YAML
  file: string; // for messages
  readLevelFile(rel: string): { text: string; file: string; readSource(p: string): string | null } | null; // a level file named in it
}

/** A challenge named on the command line: a file, or a shipped challenge (levels/challenges/NAME.yaml). */
async function challengeSource(name: string): Promise<ChallengeSource | string> {
  if (existsSync(name)) {
    const dir = path.dirname(name);
    return {
      text: readFileSync(name, 'utf8'),
      file: name,
      readLevelFile: (rel) => {
        const p = path.resolve(dir, rel);
        if (!existsSync(p)) return null;
        const ldir = path.dirname(p);
        // Named as the teacher can reach it from here (for `kernlab validate FILE`).
        const here = path.relative(process.cwd(), p);
        return { text: readFileSync(p, 'utf8'), file: here && !here.startsWith('..') ? here : p, readSource: (s) => (existsSync(path.resolve(ldir, s)) ? readFileSync(path.resolve(ldir, s), 'utf8') : null) };
      },
    };
  }
  const { readResource, resourceExists } = await import('./resources');
  const res = `levels/challenges/${name.replace(/\.ya?ml$/, '')}.yaml`;
  if (!/^[\w.-]+$/.test(name) || !resourceExists(res)) return `kernlab: no challenge file "${name}" (and no shipped challenge of that name; try demo)`;
  return {
    text: readResource(res),
    file: res,
    readLevelFile: (rel) => {
      const p = path.posix.normalize(path.posix.join('levels/challenges', rel));
      if (!resourceExists(p)) return null;
      const ldir = path.posix.dirname(p);
      return { text: readResource(p), file: p, readSource: (s) => (resourceExists(path.posix.join(ldir, s)) ? readResource(path.posix.join(ldir, s)) : null) };
    },
  };
}

/**
 * A challenge named on the command line, with its levels (`serve`, and
 * `validate` given a challenge file). Returns a message if there is no
 * such challenge; throws LevelError for a broken challenge or level.
 */
export async function loadChallenge(name: string): Promise<{ challenge: Challenge; src: ChallengeSource } | string> {
  const [{ parseChallenge }, { closestName, parseLevel }, { shippedLevels }] = await Promise.all([import('../net/challenge-load'), import('../game/level-load'), import('./level-files')]);
  const src = await challengeSource(name);
  if (typeof src === 'string') return src;
  let shipped: ReturnType<typeof shippedLevels> | null = null;
  const challenge = parseChallenge(src.text, src.file, (level) => {
    if (level.endsWith('.yaml') || level.endsWith('.yml') || level.includes('/')) {
      const f = src.readLevelFile(level);
      if (!f) return `no level file "${level}" (paths are relative to the challenge file)`;
      return parseLevel(f.text, f.file, f.readSource);
    }
    shipped ??= shippedLevels();
    const found = shipped.find((l) => l.spec.id === level);
    if (found) return found;
    const ids = shipped.map((l) => l.spec.id);
    const longer = ids.filter((id) => id.startsWith(level)); // zombie-frozen: the start of an id
    const near = longer.length === 1 ? longer[0] : closestName(level, ids);
    return `no shipped level "${level}" (${near ? `did you mean "${near}"? ` : ''}see kernlab levels)`;
  });
  return { challenge, src };
}

/** Addresses students can reach `host` at, for the join line. */
function joinHosts(host: string): string[] {
  if (host !== '0.0.0.0' && host !== '::') return [host];
  const out: string[] = [];
  for (const list of Object.values(os.networkInterfaces())) {
    for (const a of list ?? []) if (!a.internal && a.family === 'IPv4') out.push(a.address);
  }
  return out.length ? out : [os.hostname()];
}

/**
 * In the standalone binary, ssh2 tries (in a try/catch) to require its
 * optional native crypto binding; Node then warns that an embedded script
 * can only require built-in modules. ssh2 falls back to JavaScript, so the
 * warning only clutters the teacher's terminal: drop that one.
 */
function quietSeaRequireWarning(): void {
  const printers = process.listeners('warning'); // Node's own printer (absent with --no-warnings)
  process.removeAllListeners('warning');
  process.on('warning', (w: Error) => {
    if (w.message.includes('single-executable applications only supports loading built-in modules')) return;
    for (const p of printers) p(w);
  });
}

export async function serve(a: ServeArgs): Promise<number> {
  quietSeaRequireWarning();
  const [{ LevelError }, { dataDir }, { openClassroom }, { formatDuration }, { clockText }, { stoppedLines }] = await Promise.all([
    import('../game/level-load'),
    import('./progress-store'),
    import('../net/server'),
    import('../net/challenge-schema'),
    import('../net/clock'),
    import('../net/teacher-text'),
  ]);
  if (!Number.isInteger(a.port) || a.port < 0 || a.port > 65535) return fail(`kernlab: --port ${a.port}: not a port number`);
  if (!Number.isInteger(a['max-students']) || a['max-students'] < 1) return fail(`kernlab: --max-students ${a['max-students']}: give a positive number`);
  if (!a.headless && (!process.stdin.isTTY || !process.stdout.isTTY)) {
    return fail('kernlab: the dashboard needs a terminal; use --headless for logs on stdout (and commands on stdin)');
  }

  // Everything that can fail comes before the dashboard opens.
  let loaded;
  try {
    loaded = await loadChallenge(a.challenge);
  } catch (e) {
    if (e instanceof LevelError) return fail(e.message);
    throw e;
  }
  if (typeof loaded === 'string') return fail(loaded);
  const { challenge, src } = loaded;
  const base = path.basename(src.file).replace(/\.ya?ml$/, '');
  const dir = path.resolve(a.data ?? path.join(dataDir(), 'classroom', base));

  const lines: string[] = []; // log lines before the dashboard, or all of them headless
  const stamp = (): string => new Date().toTimeString().slice(0, 8);
  let dashLog: ((line: string) => void) | null = null;
  // Whoever read our stdout went away (a closed pipe): the classroom goes
  // on without its log (the journal has everything).
  let stdoutGone = false;
  process.stdout.on('error', () => {
    stdoutGone = true;
  });
  const log = (line: string): void => {
    if (dashLog) dashLog(line);
    else if (a.headless) {
      if (!stdoutGone) process.stdout.write(`[${stamp()}] ${line}\n`);
    } else lines.push(line);
  };

  let cls;
  try {
    cls = await openClassroom({ challenge, dataDir: dir, host: a.host, port: a.port, maxStudents: a['max-students'], log });
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    if (err.code === 'EADDRINUSE') return fail(`kernlab: port ${a.port} on ${a.host} is in use (another kernlab serve?); pick another with --port`);
    if (err.code === 'EACCES') return fail(`kernlab: not allowed to listen on port ${a.port} (ports below 1024 need root); pick another with --port`);
    return fail(`kernlab: ${err.message}`);
  }
  // Every connection's errors are caught where they happen; anything that
  // still escapes is logged and the classroom carries on (its state is in
  // the journal, written before it was shown).
  let reporting = false;
  process.on('uncaughtException', (e) => {
    if (reporting) return; // an error while reporting one: do not loop
    reporting = true;
    try {
      log(`internal error (the server carries on): ${e?.stack ?? String(e)}`);
    } catch {
      // Nowhere to report it.
    } finally {
      reporting = false;
    }
  });
  const r = cls.restore;
  const joinLine = joinHosts(a.host).map((h) => `ssh -p ${cls.port} NAME@${h}`);
  // The time on the clock as it is now (extensions, also from before a restart).
  const headline = (): string => {
    const d = cls.room.clock.durationMs;
    const added = d - challenge.durationMs;
    return `kernlab classroom: "${challenge.title}" (${plural(challenge.levels.length, 'level')}, ${formatDuration(d)}${added > 0 ? ` = ${formatDuration(challenge.durationMs)} + ${formatDuration(added)} added` : ''})`;
  };
  const intro: LiveText[] = [
    headline, // read at every draw: the dashboard's first line follows the teacher's extensions
    r.records
      ? `data: ${dir} (restored: ${plural(r.students, 'student')}, ${plural(r.results, 'result')}, ${plural(r.inProgress, 'level')} in progress; clock ${r.held ? 'paused for the restart' : r.clock}, ${r.clock === 'ended' ? `${clockText(cls.room.elapsed(), 'down')} played` : `${clockText(cls.room.remaining())} left`}${r.torn ? '; a torn last journal line was dropped' : ''})`
      : `data: ${dir} (new)`,
    `students join with: ${joinLine.join('   or   ')}`,
    `join code: ${cls.joinCode}`,
    `host key: ${cls.fingerprint} (ED25519; what ssh shows students the first time)`,
  ];
  // Serving the same challenge again with the default folder resumes last
  // week's class, which is over: nobody could play. Say so at once.
  if (r.records && r.clock === 'ended') intro.push(`note: this challenge is over (students see the final board); for a new class, serve with a new --data folder`);
  // The clock ran when the server stopped: it waits while students run ssh again.
  const heldLine = `restored: the clock is paused until you resume it, once students are back (${a.headless ? 'type "resume", or send SIGUSR1' : 'press s'})`;
  if (r.held && !(a.headless && a.start)) intro.push(heldLine);

  let quitting: Promise<void> | null = null;
  const quit = (message?: string): Promise<void> => {
    quitting ??= cls.close(message);
    return quitting;
  };

  if (a.headless) {
    const { followHeadless, runCommand } = await import('../net/headless');
    for (const l of intro) process.stdout.write(textNow(l) + '\n');
    followHeadless(cls.room, log);
    const commands = createInterface({ input: process.stdin, terminal: false });
    const done = new Promise<void>((resolve) => {
      const stop = (): void => void quit().then(resolve);
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
      process.on('SIGHUP', stop);
      process.on('SIGUSR1', () => cls.room.startClock());
      process.on('SIGUSR2', () => cls.room.pauseClock());
      commands.on('line', (line) => {
        const out = runCommand(cls.room, line);
        if ('quit' in out) stop();
        else if (out.text) process.stdout.write((out.ok ? '' : 'error: ') + out.text + '\n');
      });
    });
    if (a.start) cls.room.startClock();
    else if (cls.room.clock.phase === 'waiting') log('waiting: type "start" (or send SIGUSR1) to start the clock');
    await done;
    commands.close();
    process.stdin.destroy(); // nothing else keeps the process: it exits
    for (const l of stoppedLines(cls.room, dir)) log(l);
    return 0;
  }

  const { runDashboard } = await import('../net/dashboard');
  const code = await runDashboard({
    input: process.stdin,
    output: process.stdout,
    env: process.env,
    room: cls.room,
    intro,
    joinLine: joinLine[0],
    joinCode: cls.joinCode,
    backlog: lines,
    setLog: (f) => {
      dashLog = f;
    },
    onSignal: (sig, f) => process.on(sig, f),
  });
  dashLog = null;
  await quit();
  // The intro again (the join line and code stay at hand: the dashboard's
  // screen is gone), its data line without how it started and without
  // the restart's hint (the clock may have run since), then the last
  // lines that --headless logs too.
  intro[1] = `data: ${dir}`;
  for (const l of [...intro.filter((l) => l !== heldLine), ...stoppedLines(cls.room, dir)]) process.stdout.write(textNow(l) + '\n');
  return code;
}
