// The bundler's patches to blessed, checked on a bundle run far from
// node_modules (what the standalone binary runs, without the SEA step).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const root = path.resolve(__dirname, '../..');
const dir = mkdtempSync(path.join(tmpdir(), 'kernlab-bundle-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('bundle with the blessed plugin', () => {
  it('loads every widget, BigText’s font, contrib on the same blessed, and the embedded terminfo', async () => {
    const packager = (await import(path.join(root, 'scripts/package.mjs'))) as {
      bundle(o: { entry: string; outfile: string }): Promise<{ inputs: Record<string, unknown> }>;
    };
    const outfile = path.join(dir, 'probe.cjs');
    const meta = await packager.bundle({ entry: path.join(root, 'test/platform/fixtures/bundle-probe.ts'), outfile });
    // blessed-contrib's require('blessed') resolved to the one blessed.
    expect(Object.keys(meta.inputs).filter((p) => p.endsWith('blessed/lib/program.js'))).toHaveLength(1);
    // The terminfo went in as data; no path into node_modules is left to read.
    const code = readFileSync(outfile, 'utf8');
    expect(code).not.toContain('@embedded-terminfo');
    const result = JSON.parse(execFileSync(process.execPath, [outfile], { cwd: dir, encoding: 'utf8', env: { PATH: process.env.PATH } })) as Record<string, unknown>;
    expect(result).toEqual({
      widgets: result.classes,
      classes: expect.any(Number),
      terminfo: '/blessed/usr/xterm-256color',
      colors: 256,
      bigtextGlyphs: expect.any(Number),
      donutIsBlessedBox: true,
      drewDonut: true,
      noDeprecation: true,
    });
    expect(result.classes as number).toBeGreaterThan(30);
    expect(result.bigtextGlyphs as number).toBeGreaterThan(90);
  });
});
