// Benchmarks (`npm run bench`): every part's figures, one section each.
// `npm run bench -- kernel mm` runs only the named sections. BENCHMARKS.md
// records the figures with the command that produced them.
import { benchKernel } from './kernel-bench';
import { benchCpu } from './lang-cpu';
import { benchMm } from './mm-bench';
import { benchNet } from './net-bench';
import { benchPlatform } from './platform-bench';
import { benchUi } from './ui-bench';

const SECTIONS: Record<string, () => Promise<string>> = {
  kernel: benchKernel,
  lang: benchCpu,
  mm: benchMm,
  platform: benchPlatform,
  ui: benchUi,
  net: benchNet,
};

async function main(): Promise<void> {
  const wanted = process.argv.slice(2);
  for (const [name, run] of Object.entries(SECTIONS)) {
    if (wanted.length && !wanted.includes(name)) continue;
    process.stdout.write(`== ${name}\n`);
    const report = await run();
    process.stdout.write(report.endsWith('\n') ? report : report + '\n');
  }
}

void main();
