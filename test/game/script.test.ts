// Scripts for `kernlab run --script`: console commands, a line "@TICK cmd"
// runs at that tick; a malformed stamp is an error naming its line.
import { describe, expect, it } from 'vitest';
import { shippedLevels } from '../../src/cli/level-files';
import { parseScript, playScript } from '../../src/game/replay';

describe('parseScript', () => {
  it('reads commands, stamps, comments and blank lines', () => {
    expect(parseScript('# solve it\nps\n\n@1000 kill 5\n@1000 ps\n@2000   tick 10 \n')).toEqual([
      { at: -1, cmd: 'ps', line: 2 },
      { at: 1000, cmd: 'kill 5', line: 4 },
      { at: 1000, cmd: 'ps', line: 5 },
      { at: 2000, cmd: 'tick 10', line: 6 },
    ]);
  });

  it('refuses a stamp that is not a tick number, names its line', () => {
    expect(() => parseScript('ps\n@abc ps')).toThrow('line 2: "@abc" is not a tick number');
    expect(() => parseScript('@-5 ps')).toThrow('line 1: "@-5" is not a tick number');
    expect(() => parseScript('@ ps')).toThrow('line 1: "@" is not a tick number');
  });

  it('refuses a stamp with no command', () => {
    expect(() => parseScript('@100')).toThrow('line 1: "@100" has no command after it');
    expect(() => parseScript('@100   ')).toThrow('has no command');
  });

  it('refuses stamps that go back in time', () => {
    expect(() => parseScript('@500 ps\n@100 ps')).toThrow('line 2: @100 is earlier than @500 above it');
  });
});

describe('playScript', () => {
  it('does not run a step whose template has no value, and says which template and why', () => {
    const level = shippedLevels().find((l) => l.spec.id === 'first-contact')!;
    const said: string[] = [];
    const g = playScript(level, 'script', parseScript('tick 1000\nkill {pid:logzp}\nkill {pid:nobody}\n'), {}, 1500, (_s, r) => said.push(r.output));
    expect(said.slice(1)).toEqual([
      'kernlab: line 2: {pid:logzp} has no value now (no label "logzp" in this level: did you mean "logzip"?); the step was not run\n',
      'kernlab: line 3: {pid:nobody} has no value now (no label "nobody" in this level); the step was not run\n',
    ]);
    expect(g.log().steps).toEqual([{ tick: 0, cmd: 'tick 1000' }]); // not logged: a replay agrees
    expect(g.transcript).toContain('$ kill {pid:logzp}\nkernlab: line 2:');
  });
});
