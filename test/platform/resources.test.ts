// Resources in development: read from the repository, with the same rule
// for what ships as the binary's packager (scripts/package.mjs).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  findRepositoryRoot,
  listResources,
  readResource,
  readResourceBytes,
  resourceExists,
  resourceOrigin,
} from '../../src/cli/resources';

const root = path.resolve(__dirname, '../..');

describe('resources (development)', () => {
  it('come from the repository root, found from the module’s folder', () => {
    expect(resourceOrigin()).toEqual({ kind: 'repository', root });
    expect(findRepositoryRoot(path.join(root, 'src/cli'))).toBe(root);
    expect(findRepositoryRoot(path.join(root, 'dist'))).toBe(root);
    expect(() => findRepositoryRoot('/')).toThrow(/no kernlab package.json/);
  });

  it('read the file’s bytes and text', () => {
    const rel = 'assets/platform/demo-screen.txt';
    const disk = readFileSync(path.join(root, rel));
    expect(readResourceBytes(rel).equals(disk)).toBe(true);
    expect(readResource(rel)).toBe(disk.toString('utf8'));
    expect(readResource('assets//platform/./demo-screen.txt')).toBe(disk.toString('utf8'));
  });

  it('list the same files as the packager embeds', async () => {
    const packager = (await import(path.join(root, 'scripts/package.mjs'))) as { listResourceFiles(): string[] };
    const all = packager.listResourceFiles();
    expect(all).toContain('assets/platform/demo-screen.txt');
    expect([...listResources('levels'), ...listResources('assets')].sort()).toEqual(all);
    expect(listResources('assets/platform')).toEqual(all.filter((p) => p.startsWith('assets/platform/')));
    expect(listResources('assets/no-such-folder')).toEqual([]);
    expect(all.every((p) => !p.split('/').some((part) => part.startsWith('.')))).toBe(true);
  });

  it('tell what exists, and a missing file is ENOENT', () => {
    expect(resourceExists('assets/platform/demo-screen.txt')).toBe(true);
    expect(resourceExists('assets/platform')).toBe(false); // a folder is not a resource
    expect(resourceExists('assets/platform/nope.txt')).toBe(false);
    expect(() => readResource('assets/platform/nope.txt')).toThrow(expect.objectContaining({ code: 'ENOENT' }));
  });

  it('refuse paths outside levels/ and assets/', () => {
    for (const bad of ['../package.json', '/etc/passwd', 'src/cli/main.ts', 'assets/../package.json', 'package.json']) {
      expect(() => readResource(bad), bad).toThrow(/is not under levels\/ or assets\//);
    }
  });
});
