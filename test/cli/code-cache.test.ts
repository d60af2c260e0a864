// bin/kernlab.js starts the bundle from the V8 code cache that the build
// leaves next to it; a cache V8 would reject is as good as none.
import { readFileSync } from 'node:fs';
import Module from 'node:module';
import path from 'node:path';
import vm from 'node:vm';
import { describe, expect, it } from 'vitest';

const root = path.resolve(__dirname, '../..');
const bundle = path.join(root, 'dist/kernlab.cjs');

describe('the code cache of the kernlab command', () => {
  it('is made by the build for this bundle and this Node, so V8 accepts it', () => {
    const script = new vm.Script(Module.wrap(readFileSync(bundle, 'utf8')), { filename: bundle, cachedData: readFileSync(`${bundle}.cache`) });
    expect(script.cachedDataRejected).toBe(false);
  });
});
