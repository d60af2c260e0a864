// The memory benchmarks alone: node dist/mm-bench.cjs (see bench/mm-bench.ts).
import { benchMm } from './mm-bench';

void benchMm().then((report) => process.stdout.write(report));
