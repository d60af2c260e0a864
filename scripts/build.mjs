// Build: bundle the CLI and the benchmarks with esbuild into dist/.
// Packages stay external here (node_modules is next to dist/); the
// standalone binary has its own bundle step (scripts/package.mjs).
import { build } from 'esbuild';

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
  build({ ...common, entryPoints: ['src/cli/main.ts'], outfile: 'dist/kernlab.cjs' }),
  build({ ...common, entryPoints: ['bench/main.ts'], outfile: 'dist/bench.cjs' }),
]);
