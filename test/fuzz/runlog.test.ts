// Fuzzing the run-log reader (parseRunLog, then replay) and the script
// reader (parseScript, then playScript): real logs and scripts, mutated as
// JSON (fields dropped, added, of the wrong type, steps out of order) and as
// text, and random bytes. Every outcome is a value or an Error whose message
// says what is wrong and where ("not a kernlab run log: steps.2.tick: ...",
// "line 3: ..."), never a TypeError or RangeError, and never a replay that
// runs without end.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseLevel, type Level } from '../../src/game/level-load';
import { parseScript, playScript, replay, solutionSteps } from '../../src/game/replay';
import { parseRunLog } from '../../src/game/runlog-parse';
import type { RunLog } from '../../src/game/runlog';
import { int, junk, mutate, pick, rng, scaled, seedFor, type Rng, timeoutMs } from './mutate';

const LEVELS_DIR = path.join(__dirname, '../../levels');
const LEVEL_IDS = ['zombie-orphans', 'walk-the-tables', 'nice-guys', 'copy-on-write'];
const LOG_CASES = scaled(1500);
const REPLAYS = scaled(12);
const SCRIPT_CASES = scaled(1500);
const PLAYS = scaled(12);
const TIME_LIMIT = 3000; // replays and plays run on copies of the levels with this limit: bounded time

function loadLevel(id: string): Level {
  const file = `levels/${id}.yaml`;
  return parseLevel(readFileSync(path.join(LEVELS_DIR, `${id}.yaml`), 'utf8'), file, (rel) => readFileSync(path.join(LEVELS_DIR, rel), 'utf8'));
}

/** The level with a short time limit, so a replay or play of any log is over quickly. */
function quick(level: Level): Level {
  return { ...level, spec: { ...level.spec, machine: { ...level.spec.machine, time_limit: TIME_LIMIT } } };
}

const WRONG: unknown[] = [null, true, false, 'x', '', -1, 0, 1.5, 1e300, -0, 2 ** 53 + 2, [], {}, [1], { tick: 1 }, '1', 'hint'];

/** A JSON-aware edit of a log: a field dropped, added, retyped; a step dropped, duplicated, moved. */
function mutateLog(r: Rng, log: RunLog): unknown {
  const o = structuredClone(log) as unknown as Record<string, unknown> & { steps: Record<string, unknown>[] };
  const keys = ['kernlab', 'level', 'seed', 'steps', 'end', 'freeHints'];
  switch (int(r, 8)) {
    case 0:
      delete o[pick(r, keys)];
      break;
    case 1:
      o[pick(r, keys)] = pick(r, WRONG);
      break;
    case 2:
      o[pick(r, ['extra', '__proto__', 'log', 'Steps'])] = pick(r, WRONG);
      break;
    case 3:
    case 4: {
      if (!o.steps.length) break;
      const s = o.steps[int(r, o.steps.length)];
      const k = pick(r, ['tick', 'cmd', 'hint', 'extra']);
      if (int(r, 3) === 0) delete s[k];
      else s[k] = pick(r, [...WRONG, 99999999, 2 ** 40, -5, 'kill -9 1', 'tick 9999999', '\u0000', 'hint']);
      break;
    }
    case 5: {
      if (!o.steps.length) break;
      const i = int(r, o.steps.length);
      const j = int(r, o.steps.length);
      [o.steps[i], o.steps[j]] = [o.steps[j], o.steps[i]]; // out of order
      break;
    }
    case 6:
      o.steps.splice(int(r, o.steps.length + 1), 0, { tick: int(r, 2) ? int(r, 4000) : 2 ** 40, ...(int(r, 2) ? { cmd: pick(r, ['ps', 'tick 10', 'kill -9 -1', 'hint', 'answer 1 2']) } : { hint: 1 + int(r, 5) }) });
      break;
    default:
      o.end = pick(r, [0, 1, 2999, 3000, 3001, 2 ** 31, 2 ** 53, 1e20, -1]);
  }
  return o;
}

/** What parseRunLog gave: the log, or the Error; a TypeError, RangeError... fails the test. */
function tryParseLog(text: string): RunLog | Error {
  try {
    return parseRunLog(text);
  } catch (e) {
    if (e instanceof Error && e.constructor === Error) return e;
    throw new Error(`parseRunLog threw ${String(e)} for ${text.slice(0, 300)}`, { cause: e });
  }
}

describe('fuzz: run logs', () => {
  const logs: { level: Level; log: RunLog }[] = [];
  beforeAll(() => {
    for (const id of LEVEL_IDS) {
      const level = loadLevel(id);
      const g = playScript(quick(level), String(level.spec.machine.seed), solutionSteps(level.spec.solution));
      logs.push({ level, log: g.log() });
    }
  });

  it(`${LOG_CASES} mutated logs parse or say which field is wrong; ${REPLAYS} that parse replay within the time limit`, { timeout: timeoutMs() }, () => {
    const r = rng(seedFor('kernlab-fuzz-runlog-1'));
    let parsed = 0;
    let refused = 0;
    let replayed = 0;
    for (let i = 0; i < LOG_CASES; i++) {
      const base = pick(r, logs);
      const kind = int(r, 10);
      const text = kind < 6 ? JSON.stringify(mutateLog(r, base.log)) : kind < 9 ? mutate(r, JSON.stringify(base.log, null, 2)) : junk(r, int(r, 80));
      const out = tryParseLog(text);
      if (out instanceof Error) {
        refused++;
        // The field at fault ("steps.3.tick", "end", "(top)"), or why it is not JSON.
        expect(out.message).toMatch(/^not a kernlab run log: \S/);
        continue;
      }
      parsed++;
      let last = 0;
      for (const s of out.steps) {
        expect(s.tick).toBeGreaterThanOrEqual(last);
        last = s.tick;
      }
      expect(out.end).toBeGreaterThanOrEqual(last);
      if (replayed < REPLAYS && int(r, 4) === 0) {
        replayed++;
        try {
          const g = replay(quick(base.level), out);
          expect(g.ticks).toBeLessThanOrEqual(TIME_LIMIT);
        } catch (e) {
          if (!(e instanceof Error) || e.constructor !== Error) throw new Error(`replay threw ${String(e)} for ${text}`, { cause: e });
          expect(e.message).toMatch(/^the log (is for level "[^"]*", not "[\w-]+"|ends at tick \d+, after the level's time limit \(3000\))/);
        }
      }
    }
    expect(parsed).toBeGreaterThan(LOG_CASES / 10);
    expect(refused).toBeGreaterThan(LOG_CASES / 10);
    expect(replayed).toBe(REPLAYS);
  });

  it('the unmutated logs replay to the same game', () => {
    for (const { level, log } of logs) {
      const g = replay(quick(level), log);
      expect(g.log()).toEqual(log);
    }
  });
});

describe('run-log bugs the fuzzer found', () => {
  const level = () => loadLevel('zombie-orphans');
  const log = (over: Partial<RunLog>): string => JSON.stringify({ kernlab: 1, level: 'zombie-orphans', seed: 's', steps: [], end: 10, ...over });

  it('steps out of time order, or after the end, are refused (replay ran them at the wrong ticks)', () => {
    expect(() => parseRunLog(log({ steps: [{ tick: 50, cmd: 'ps' }, { tick: 20, cmd: 'ps' }], end: 60 }))).toThrow(
      'not a kernlab run log: steps.1.tick: 20 is earlier than the step before it (50)',
    );
    expect(() => parseRunLog(log({ steps: [{ tick: 50, cmd: 'ps' }], end: 10 }))).toThrow('not a kernlab run log: end: 10 is earlier than the last step (tick 50)');
  });

  it('a log that ends after the time limit is refused, not replayed for 2^40 ticks (replay does not stop at the limit)', () => {
    const l = parseRunLog(log({ steps: [{ tick: 2 ** 40, cmd: 'ps' }], end: 2 ** 40 }));
    expect(() => replay(level(), l)).toThrow(`the log ends at tick ${2 ** 40}, after the level's time limit (30000): it is not a run of this level`);
  });

  it('an idle machine given a huge tick stops at the time limit (the game, and its log, ran on to the tick asked for)', () => {
    const lv = level();
    const g = playScript(lv, 's', parseScript('kill -STOP -1\ntick 9000000\n'));
    expect(g.status).toBe('failed');
    expect(g.ticks).toBe(lv.spec.machine.time_limit);
    expect(g.log().end).toBe(lv.spec.machine.time_limit);
    expect(replay(lv, g.log()).ticks).toBe(lv.spec.machine.time_limit);
  });
});

/** A random script line: stamps good and bad, commands, comments, blanks. */
function scriptLine(r: Rng, tick: { now: number }): string {
  switch (int(r, 12)) {
    case 0:
    case 1:
    case 2:
      tick.now += int(r, 200);
      return `@${tick.now} ${pick(r, ['ps', 'tick 5', 'kill -9 {pid:parent}', 'hint', 'answer 1', 'pstree -p'])}`;
    case 3:
      return pick(r, ['ps', 'tick 3', 'hint', 'cat /proc/1/stat', 'kill %1']);
    case 4:
      return pick(r, ['', '   ', '# comment', '#@5 ps', '\t# x']);
    case 5:
      return pick(r, ['@', '@ ps', '@x ps', '@-1 ps', '@1.5 ps', '@1e3 ps', '@0x10 ps', '@NaN ps', '@Infinity ps', '@99999999999999999999 ps', '@5', '@5   ', `@${int(r, 50)} ps`]);
    case 6:
      return `@${Math.max(0, tick.now - 1 - int(r, 100))} ps`; // earlier than the one before
    case 7:
      return junk(r, int(r, 30));
    case 8:
      return `${pick(r, ['@10', 'ps', '@3 tick'])}\r`;
    default:
      return `@${tick.now} ${junk(r, 1 + int(r, 10))}`;
  }
}

describe('fuzz: scripts', () => {
  it(`${SCRIPT_CASES} random scripts parse to ordered steps or fail on the line at fault; ${PLAYS} that parse play within the time limit`, { timeout: timeoutMs() }, () => {
    const r = rng(seedFor('kernlab-fuzz-script-1'));
    const level = quick(loadLevel('zombie-orphans'));
    let ok = 0;
    let bad = 0;
    let played = 0;
    for (let i = 0; i < SCRIPT_CASES; i++) {
      const tick = { now: 0 };
      const lines = Array.from({ length: 1 + int(r, 8) }, () => scriptLine(r, tick));
      const text = int(r, 5) === 0 ? mutate(r, lines.join('\n')) : lines.join('\n');
      const all = text.split('\n');
      let steps;
      try {
        steps = parseScript(text);
      } catch (e) {
        if (!(e instanceof Error) || e.constructor !== Error) throw new Error(`parseScript threw ${String(e)} for ${JSON.stringify(text)}`, { cause: e });
        bad++;
        // "line N: ...", N a stamped line of the script.
        const m = /^line (\d+): "?@\S*"? /.exec(e.message);
        expect(m, `${e.message} for ${JSON.stringify(text)}`).not.toBeNull();
        expect(all[Number(m![1]) - 1].trim().startsWith('@')).toBe(true);
        continue;
      }
      ok++;
      let last = 0;
      for (const s of steps) {
        expect(Number.isInteger(s.at) && s.at >= -1).toBe(true);
        if (s.at >= 0) {
          expect(s.at).toBeGreaterThanOrEqual(last);
          last = s.at;
        }
        expect(s.cmd).toBe(s.cmd.trim());
        expect(s.cmd).not.toBe('');
        expect(all[s.line - 1]).toContain(s.cmd);
      }
      if (played < PLAYS && int(r, 5) === 0) {
        played++;
        const g = playScript(level, `fuzz-${i}`, steps);
        expect(g.status).not.toBe('playing');
        expect(g.ticks).toBeLessThanOrEqual(TIME_LIMIT);
      }
    }
    expect(ok).toBeGreaterThan(SCRIPT_CASES / 10);
    expect(bad).toBeGreaterThan(SCRIPT_CASES / 10);
    expect(played).toBe(PLAYS);
  });
});
