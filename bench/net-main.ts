// The classroom benchmarks alone: node dist/net-bench.cjs (see bench/net-bench.ts;
// needs dist/kernlab.cjs: npm run build).
import { benchNet } from './net-bench';

void benchNet().then((report) => process.stdout.write(report));
