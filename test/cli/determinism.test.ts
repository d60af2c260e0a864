// Same seed and same commands give the same machine, bit for bit, across
// processes: compare `state --json` after 10,000 ticks from two runs of the
// real CLI.
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

const SCRIPT = `run levels/programs/process.c
run test/fixtures/programs/busy_family.c
tick 3000
run test/fixtures/programs/busy_family.c
tick 7000
state --json
`;

function runShell(seed: string): string {
  const r = spawnSync(process.execPath, ['dist/kernlab.cjs', 'shell', '--seed', seed, '--cpus', '4', '-'], { input: SCRIPT, encoding: 'utf8' });
  expect(r.status).toBe(0);
  return r.stdout;
}

function stateOf(out: string): Record<string, unknown> {
  const json = out.slice(out.indexOf('{"'));
  return JSON.parse(json) as Record<string, unknown>;
}

describe('determinism', () => {
  it('two processes with the same seed and commands end in the same state', () => {
    const a = runShell('determinism');
    const b = runShell('determinism');
    expect(a).toContain('family done');
    expect(stateOf(a).jiffies).toBeGreaterThanOrEqual(10_000);
    expect(b).toBe(a);
  });

  it('another seed gives another machine (PIDs and addresses differ)', () => {
    const a = stateOf(runShell('determinism'));
    const c = stateOf(runShell('another'));
    expect(JSON.stringify(c)).not.toBe(JSON.stringify(a));
  });
});
