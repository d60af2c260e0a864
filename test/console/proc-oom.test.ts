// /proc/PID/oom_score and oom_score_adj, as on Linux: the score scaled to
// 0..2000 (666 for a small process at adj 0, 0 for init), the adjustment
// written with echo (kstrtoint's forms, -1000..1000, else EINVAL),
// shared by the process's threads and inherited by its children.
import { describe, expect, it } from 'vitest';
import { jobPid, setup } from './helpers';

describe('/proc/PID/oom_score_adj', () => {
  it('reads 0, takes what kstrtoint takes in -1000..1000, and moves oom_score with it', () => {
    const { sh } = setup();
    const pid = jobPid(sh('run zombie.c'));
    sh('tick 10');
    expect(sh(`cat /proc/${pid}/oom_score_adj`)).toBe('0\n');
    const score = Number(sh(`cat /proc/${pid}/oom_score`));
    expect(score).toBeGreaterThanOrEqual(666); // (1000 + its share of memory in thousandths) * 2/3
    expect(score).toBeLessThan(700);
    expect(sh(`echo 500 > /proc/${pid}/oom_score_adj; cat /proc/${pid}/oom_score_adj`)).toBe('500\n');
    expect(Number(sh(`cat /proc/${pid}/oom_score`))).toBeGreaterThanOrEqual(1000);
    for (const bad of ['1001', '-1001', 'abc', '1.5', '']) {
      expect(sh(`echo "${bad}" > /proc/${pid}/oom_score_adj`)).toBe('kernlab: echo: write error: Invalid argument\n');
    }
    expect(sh(`cat /proc/${pid}/oom_score_adj`)).toBe('500\n');
    expect(sh(`echo " +0x10 " > /proc/${pid}/oom_score_adj; cat /proc/${pid}/oom_score_adj`)).toBe('16\n');
    expect(sh(`echo -010 > /proc/${pid}/oom_score_adj; cat /proc/${pid}/oom_score_adj`)).toBe('-8\n');
    // -1000: the OOM killer never picks it, and its score says so.
    expect(sh(`echo -1000 > /proc/${pid}/oom_score_adj; cat /proc/${pid}/oom_score`)).toBe('0\n');
    expect(sh('cat /proc/1/oom_score')).toBe('0\n');
  });

  it('belongs to the process: its threads and children see the same, set from any of them', () => {
    const { sh } = setup();
    const pid = jobPid(sh('run zombie.c'));
    sh('tick 10');
    sh(`echo 300 > /proc/${pid}/oom_score_adj`);
    expect(sh(`cat /proc/${pid}/task/${pid}/oom_score_adj`)).toBe('300\n');
    expect(sh(`ls -l /proc/${pid}/ | grep oom`)).toMatch(/^-r--r--r-- 1 student student 0 .* oom_score\n-rw-r--r-- 1 student student 0 .* oom_score_adj\n$/);
    sh(`echo 200 > /proc/$$/oom_score_adj`);
    const child = jobPid(sh('run zombie.c'));
    expect(sh(`cat /proc/${child}/oom_score_adj`)).toBe('200\n'); // forked from the shell: copy_signal
  });
});
