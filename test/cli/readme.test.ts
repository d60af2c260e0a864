// The README's "Try it" examples are what kernlab prints: each `$ kernlab
// ...` line is run through sh (kernlab being the built CLI) and its output
// compared with the lines under it.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

interface Example {
  command: string; // the shell line after "$ "
  expected: string; // the lines printed under it
}

// The fenced block after the "### Try it" heading, split at its "$ " lines.
function tryItExamples(): Example[] {
  const readme = readFileSync('README.md', 'utf8');
  const block = /### Try it\n+```\n([\s\S]*?)```/.exec(readme);
  if (!block) throw new Error('README.md has no "### Try it" block');
  const examples: Example[] = [];
  for (const line of block[1]!.split('\n')) {
    if (line.startsWith('$ ')) examples.push({ command: line.slice(2), expected: '' });
    else if (examples.length) examples[examples.length - 1]!.expected += line + '\n';
  }
  return examples;
}

describe('README', () => {
  const examples = tryItExamples();

  it('has examples to try', () => {
    expect(examples.length).toBeGreaterThanOrEqual(3);
  });

  for (const ex of examples) {
    it(`prints what it says for: ${ex.command}`, () => {
      const r = spawnSync('sh', ['-c', `kernlab() { "${process.execPath}" bin/kernlab.js "$@"; }\n${ex.command}`], { encoding: 'utf8' });
      expect(r.stdout.replace(/\n*$/, '\n')).toBe(ex.expected.replace(/\n*$/, '\n'));
    });
  }
});
