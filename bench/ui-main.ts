// The game screen's benchmarks alone:
//   npx esbuild bench/ui-main.ts --bundle --platform=node --packages=external --outfile=dist/bench-ui.cjs && node dist/bench-ui.cjs
import { benchUi } from './ui-bench';

void benchUi().then((report) => process.stdout.write(report));
