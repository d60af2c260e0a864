// Build: bundle the CLI and the benchmarks with esbuild into dist/.
// The CLI bundle carries its packages (blessed patched as for the standalone
// binary, scripts/package.mjs): resolving and compiling some 300 files from
// node_modules was a third of the time to the first frame. ssh2 stays
// external for its native crypto binding; the benchmarks keep all packages
// external.
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { blessedPlugin } from './package.mjs';

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  packages: 'external',
  sourcemap: 'linked',
  logLevel: 'warning',
};

await Promise.all([
  build({
    ...common,
    entryPoints: ['src/cli/main.ts'],
    outfile: 'dist/kernlab.cjs',
    packages: undefined,
    external: ['ssh2', 'term.js', 'pty.js', '*.node'],
    plugins: [blessedPlugin],
  }),
  build({ ...common, entryPoints: ['bench/main.ts'], outfile: 'dist/bench.cjs' }),
]);

// V8's code cache for bin/kernlab.js, written by one real run (see there):
// a cache of an older bundle would only be rejected, but do not leave it.
rmSync('dist/kernlab.cjs.cache', { force: true });
const warmUp = spawnSync(process.execPath, ['bin/kernlab.js', 'exec', 'levels/programs/process.c'], {
  env: { ...process.env, KERNLAB_WRITE_CODE_CACHE: '1' },
  stdio: ['ignore', 'ignore', 'inherit'],
});
if (warmUp.status !== 0) throw new Error(`build: the warm-up run for the code cache failed (status ${warmUp.status})`);
