// The OOM killer kills the process whose death frees the most memory, not
// the one whose page fault found no free frame (Linux: oom_badness), and
// the oom_reaper frees the victim's pages so that the fault succeeds.
import { describe, expect, it } from 'vitest';
import { boot, byComm, output, runUntil, start } from './helpers';
import { oomScore } from '../../src/kernel/oom_kill';

// Maps and touches argv[1] MiB, says so, and with a second argument stays.
const HOG = `#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

int main(int argc, char *argv[])
{
    long mib = atol(argv[1]);
    char *p = mmap(NULL, mib << 20, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED) {
        perror("mmap");
        return 1;
    }
    memset(p, 1, mib << 20);
    printf("%s: %ld MiB touched\\n", argv[0], mib);
    if (argc > 2)
        pause();
    return 0;
}
`;

describe('the OOM killer', () => {
  it('kills the biggest process, not the one that faulted; the faulting one carries on', () => {
    const k = boot({ memoryMiB: 16 });
    const big = start(k, 'big', HOG, ['9', 'stay']);
    runUntil(k, () => output(k).includes('big: 9 MiB touched'));
    const small = start(k, 'small', HOG, ['7']);
    runUntil(k, () => output(k).includes('small: 7 MiB touched'));
    runUntil(k, () => byComm(k, 'big').length === 0 && byComm(k, 'small').length === 0);
    const oom = k.events.since(0).filter((e) => e.type === 'oom');
    expect(oom).toEqual([expect.objectContaining({ pid: big.pid, trigger: small.pid })]);
    const log = k.dmesg.join('\n');
    expect(log).toContain('small invoked oom-killer: gfp_mask=0x100dca(GFP_HIGHUSER_MOVABLE|__GFP_ZERO), order=0, oom_score_adj=0');
    expect(log).toMatch(new RegExp(`Out of memory: Killed process ${big.pid} \\(big\\) total-vm:\\d+kB, anon-rss:9\\d{3}kB, file-rss:\\d+kB, shmem-rss:0kB, UID:1000 pgtables:\\d+kB oom_score_adj:0`));
    expect(log).toMatch(new RegExp(`oom_reaper: reaped process ${big.pid} \\(big\\), now anon-rss:0kB`));
  });

  it('kills the faulting process when it is the biggest', () => {
    const k = boot({ memoryMiB: 16 });
    const other = start(k, 'other', HOG, ['2', 'stay']);
    runUntil(k, () => output(k).includes('other: 2 MiB touched'));
    const greedy = start(k, 'greedy', HOG, ['14']);
    runUntil(k, () => byComm(k, 'greedy').length === 0);
    expect(output(k)).not.toContain('greedy: 14 MiB touched');
    expect(k.events.since(0).filter((e) => e.type === 'oom')).toEqual([expect.objectContaining({ pid: greedy.pid, trigger: greedy.pid })]);
    expect(byComm(k, 'other').map((t) => t.pid)).toEqual([other.pid]); // still there, still paused
  });

  it('spares a process whose oom_score_adj is -1000 and prefers one at +1000; children inherit it', () => {
    const k = boot({ memoryMiB: 16 });
    const big = start(k, 'big', HOG, ['9', 'stay']);
    runUntil(k, () => output(k).includes('big: 9 MiB touched'));
    const plain = oomScore(k, big);
    expect(plain).toBeGreaterThan(666); // (1000 + 9 MiB of 16 in thousandths) * 2/3
    big.signal.oomScoreAdj = -1000; // echo -1000 > /proc/PID/oom_score_adj
    expect(oomScore(k, big)).toBe(0);
    expect(oomScore(k, k.init)).toBe(0);
    k.shell.signal.oomScoreAdj = 1000;
    const small = start(k, 'small', HOG, ['7']); // the shell's child: +1000 too
    expect(small.signal.oomScoreAdj).toBe(1000);
    runUntil(k, () => byComm(k, 'small').length === 0);
    // big, the biggest, is spared; of the rest small (+1000, and bigger than the shell at +1000) goes.
    const oom = k.events.since(0).filter((e) => e.type === 'oom');
    expect(oom).toEqual([expect.objectContaining({ pid: small.pid, trigger: small.pid })]);
    expect(k.dmesg.join('\n')).toContain('small invoked oom-killer: gfp_mask=0x100dca(GFP_HIGHUSER_MOVABLE|__GFP_ZERO), order=0, oom_score_adj=1000');
    expect(byComm(k, 'big').map((t) => t.pid)).toEqual([big.pid]);
  });
});
