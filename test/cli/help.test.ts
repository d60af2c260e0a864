// `kernlab --help` as a user reads it in an 80-column terminal: yargs'
// layout wraps descriptions between words, never inside one.
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

function help(args: string[]): string {
  const r = spawnSync(process.execPath, ['bin/kernlab.js', ...args], { encoding: 'utf8' });
  expect(r.status).toBe(0);
  return r.stdout;
}

/** The description column of yargs' table, its wrapped lines joined by spaces. */
function descriptions(text: string): string {
  return text
    .split('\n')
    .map((l) => l.replace(/^ {2}kernlab \S+(?: \S+)*? {2,}| {30,}/, '').trim())
    .join(' ');
}

describe('kernlab --help', () => {
  it('fits 80 columns and wraps at word boundaries', () => {
    const out = help(['--help']);
    for (const line of out.split('\n')) expect(line.length).toBeLessThanOrEqual(80);
    expect(descriptions(out)).toContain('play the levels in the full-screen game (menu, briefing, game, debrief); --plain for a line mode');
    expect(descriptions(help(['run', '--help']))).toContain('without it, time runs to the limit');
  });
});
