// The mini-C benchmarks alone (see bench/lang-cpu.ts for how to run them).
import { benchCpu } from './lang-cpu';

void benchCpu().then((report) => process.stdout.write(report));
