// The kernel log line of a fault that kills, as Linux 6.1 prints it:
// show_signal_msg for a page fault's SIGSEGV (error code bits: 4 user,
// 2 write, 1 the page was present), show_signal for traps; nothing when a
// handler takes the signal; at most 10 every 5 s.
import { describe, expect, it } from 'vitest';
import { boot, groupGone, runUntil, start } from './helpers';

function run(source: string, name = 'f') {
  const k = boot({ seed: 'faultmsg' });
  const t = start(k, name, source);
  runUntil(k, () => groupGone(k, t), 20_000);
  return { k, t, log: k.dmesg.join('\n') };
}

describe('fault messages in dmesg', () => {
  it('a NULL read: segfault at 0, error 4 (user, read, not present), in the program\'s text, on its CPU', () => {
    const { t, log } = run('#include <stdio.h>\nint main(void) { int *p = 0; printf("%d\\n", *p); return 0; }\n', 'nullread');
    expect(log).toMatch(new RegExp(`\\] nullread\\[${t.pid}\\]: segfault at 0 ip 0000[0-9a-f]{12} sp 00007f[0-9a-f]{10} error 4 in nullread\\[[0-9a-f]+\\+1000\\] likely on CPU (\\d) \\(core \\1, socket 0\\)$`, 'm'));
  });

  it('a write to a present read-only page: error 7; to one never touched: error 6', () => {
    const prog = (touch: string) => `#include <sys/mman.h>
int main(void)
{
    char *p = mmap(0, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    ${touch}
    p[0] = 1;
    return 0;
}
`;
    expect(run(prog('volatile char c = p[0];')).log).toMatch(/: segfault at [0-9a-f]+ ip \S+ sp \S+ error 7 in f\[/);
    expect(run(prog('')).log).toMatch(/: segfault at [0-9a-f]+ ip \S+ sp \S+ error 6 in f\[/);
  });

  it('a division by zero: traps: ... trap divide error', () => {
    const { t, log } = run('int main(int argc, char **argv) { return 10 / (argc - 1); }\n', 'div'); // 1 / x gcc makes no division (nor kernlab)
    expect(log).toMatch(new RegExp(`\\] traps: div\\[${t.pid}\\] trap divide error ip:[0-9a-f]+ sp:7f[0-9a-f]+ error:0 in div\\[[0-9a-f]+\\+1000\\]$`, 'm'));
  });

  it('nothing when a handler takes the SIGSEGV', () => {
    const { log } = run(`#include <signal.h>
#include <unistd.h>
void h(int s) { _exit(3); }
int main(void) { signal(SIGSEGV, h); *(volatile int *)0 = 1; return 0; }
`);
    expect(log).not.toContain('segfault');
  });

  it('ten in five seconds, then the rest are counted and said with the next', () => {
    const { log } = run(`#include <unistd.h>
#include <sys/wait.h>
int main(void)
{
    for (int i = 0; i < 13; i++)
        if (fork() == 0) { *(volatile int *)0 = 1; }
    while (wait(0) > 0)
        ;
    sleep(6);
    if (fork() == 0) { *(volatile int *)0 = 1; }
    wait(0);
    return 0;
}
`, 'many');
    expect(log.match(/segfault at 0/g)).toHaveLength(11);
    expect(log).toMatch(/\] show_signal_msg: 3 callbacks suppressed\n.*segfault at 0/);
  });
});
