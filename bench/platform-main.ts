// `npm run bench:platform`: the platform benchmarks alone.
import { benchPlatform } from './platform-bench';

void benchPlatform().then((report) => process.stdout.write(report));
