// init's death panics the kernel, as do_exit does for the last thread of
// the global init ("Attempted to kill init!"); after it nothing runs.
import { describe, expect, it } from 'vitest';
import { Console } from '../../src/console/console';
import { boot, start } from './helpers';

const ORPHAN = `
#include <unistd.h>
int main(void)
{
    if (fork() == 0) { sleep(1); return 0; }
    return 0;
}`;

describe('kernel panic', () => {
  it('comes when init dies (of the SIGSEGV for a stack it cannot write its SIGCHLD frame on); then time stands still', () => {
    const k = boot({ seed: 'panic' });
    const con = new Console(k);
    expect(con.exec('kill -9 1').status).toBe(0); // SIGKILL from user space: init is unkillable
    k.run(10);
    expect(k.panicked).toBe(null);
    const stack = /^(\w+)-(\w+) .*\[stack\]$/m.exec(con.exec('cat /proc/1/maps').output)!;
    const len = parseInt(stack[2], 16) - parseInt(stack[1], 16);
    expect(con.exec(`munmap 1 0x${stack[1]} ${len}`).output).toBe('');
    start(k, 'orphan', ORPHAN);
    k.run(1100); // the orphan, now init's, exits after a second: init's handler has no stack
    expect(k.panicked).toBe('Attempted to kill init! exitcode=0x0000000b');
    expect(con.exec('dmesg').output).toMatch(/\] Kernel panic - not syncing: Attempted to kill init! exitcode=0x0000000b\n.*\] ---\[ end Kernel panic - not syncing: Attempted to kill init! exitcode=0x0000000b \]---\n$/);
    const at = k.jiffies;
    k.run(100);
    k.tick();
    expect(k.jiffies).toBe(at);
    expect(k.quiescent).toBe(true);
  });
});
