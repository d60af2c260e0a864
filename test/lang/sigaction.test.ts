// sigaction() and SA_SIGINFO handlers: glibc's struct sigaction copied into
// the kernel's (strace shows what it shows for a gcc-built program on
// Linux 6.x with strace 6.1), and the siginfo_t a three-argument handler gets.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tracedRun } from '../kernel/helpers';
import { runC } from './harness';

/** The program's terminal under `strace -f` (kernlab exec --strace), user addresses as ADDR. */
function straced(source: string): string {
  return tracedRun(source, { seed: 'sigaction' })
    .text.replace(/0x(?!ffffffff00000000)[0-9a-f]{9,}/g, 'ADDR'); // not sa_flags' high half
}

const program = (name: string): string => readFileSync(path.join(__dirname, '../fidelity/programs', name), 'utf8');

describe('sigaction', () => {
  it('copies struct sigaction into the kernel as glibc does: SA_RESTORER and its restorer added, the old action copied back', () => {
    const text = straced(program('signals_sigaction.c'));
    // Checked against strace 6.1 of the gcc build on Linux 6.1.
    expect(text).toContain(
      'rt_sigaction(SIGUSR1, NULL, {sa_handler=ADDR, sa_mask=[USR1], sa_flags=SA_RESTORER|SA_RESTART, sa_restorer=ADDR}, 8) = 0\n',
    );
    expect(text).toContain(
      'rt_sigaction(SIGUSR2, NULL, {sa_handler=SIG_DFL, sa_mask=~[INT KILL STOP RTMIN RT_1], sa_flags=SA_RESTORER|SA_RESETHAND, sa_restorer=ADDR}, 8) = 0\n',
    );
    expect(text).toContain('rt_sigaction(SIGUSR1, {sa_handler=ADDR, sa_mask=[], sa_flags=SA_RESTORER|SA_SIGINFO, sa_restorer=ADDR}, NULL, 8) = 0\n');
    expect(text).toContain(
      'rt_sigaction(SIGSTOP, {sa_handler=ADDR, sa_mask=[], sa_flags=SA_RESTORER|SA_SIGINFO, sa_restorer=ADDR}, NULL, 8) = -1 EINVAL (Invalid argument)\n',
    );
    // SA_RESETHAND is bit 31 of glibc's int sa_flags, sign-extended into the kernel's unsigned long; the kernel
    // keeps only the flags it knows (UAPI_SA_FLAGS), so the high half shows going in, not coming back.
    expect(text).toMatch(/rt_sigaction\(SIGUSR2, \{[^}]*sa_flags=SA_RESTORER\|SA_RESETHAND\|0xffffffff00000000, /);
    expect(text).not.toMatch(/rt_sigaction\([^{]*NULL, \{[^}]*0xffffffff00000000/);
    // glibc refuses signal 65 itself: no system call.
    expect(text).not.toMatch(/rt_sigaction\(65/);
    expect(text).toContain('h3 sig 10 code 0 pid-ok 1\n');
  });

  it('gives an SA_SIGINFO handler the fault address and si_code of a SIGSEGV', () => {
    const text = straced(program('signals_siginfo_segv.c'));
    expect(text).toContain('rt_sigaction(SIGSEGV, {sa_handler=ADDR, sa_mask=[], sa_flags=SA_RESTORER|SA_SIGINFO, sa_restorer=ADDR}, NULL, 8) = 0\n');
    expect(text).toMatch(/--- SIGSEGV \{si_signo=SIGSEGV, si_code=SEGV_MAPERR, si_addr=0x10\} ---/);
    expect(text).toMatch(/--- SIGSEGV \{si_signo=SIGSEGV, si_code=SEGV_ACCERR, si_addr=ADDR\} ---/);
    expect(text).toContain('si_code SEGV_MAPERR, si_addr is the pointer, ucontext set\n');
    expect(text).toContain('si_code SEGV_ACCERR, si_addr is the pointer, ucontext set\n');
  });

  it('SA_NOCLDWAIT: the children are reaped as they exit and wait fails with ECHILD once they are gone', () => {
    const text = straced(program('signals_siginfo_chld.c'));
    expect(text).toContain('rt_sigaction(SIGCHLD, {sa_handler=SIG_DFL, sa_mask=[], sa_flags=SA_RESTORER|SA_NOCLDWAIT, sa_restorer=ADDR}, NULL, 8) = 0\n');
    expect(text).toMatch(/wait4\(-1, +<unfinished \.\.\.>[\s\S]*<\.\.\. wait4 resumed>ADDR, 0, NULL\) = -1 ECHILD \(No child processes\)\n/);
    expect(text).toContain('SA_NOCLDWAIT: wait returns -1, errno ECHILD\n');
  });

  it("lays out siginfo_t, struct sigaction and sigset_t as glibc does on x86-64 (gcc's sizes and offsets)", () => {
    const r = runC("#include <signal.h>\n#include <stddef.h>\n#include <stdio.h>\nint main(void) {\n  printf(\"siginfo_t %zu: signo %zu errno %zu code %zu pid %zu uid %zu status %zu utime %zu stime %zu addr %zu int %zu ptr %zu\\n\", sizeof(siginfo_t),\n         offsetof(siginfo_t, si_signo), offsetof(siginfo_t, si_errno), offsetof(siginfo_t, si_code), offsetof(siginfo_t, si_pid),\n         offsetof(siginfo_t, si_uid), offsetof(siginfo_t, si_status), offsetof(siginfo_t, si_utime), offsetof(siginfo_t, si_stime),\n         offsetof(siginfo_t, si_addr), offsetof(siginfo_t, si_int), offsetof(siginfo_t, si_ptr));\n  printf(\"struct sigaction %zu: handler %zu sigaction %zu mask %zu flags %zu restorer %zu\\n\", sizeof(struct sigaction),\n         offsetof(struct sigaction, sa_handler), offsetof(struct sigaction, sa_sigaction), offsetof(struct sigaction, sa_mask),\n         offsetof(struct sigaction, sa_flags), offsetof(struct sigaction, sa_restorer));\n  sigset_t set, copy;\n  sigfillset(&set);\n  copy = set;\n  sigdelset(&copy, SIGUSR1);\n  printf(\"sigset_t %zu, sa_mask %zu: %d %d %d\\n\", sizeof(sigset_t), sizeof(((struct sigaction *)0)->sa_mask), sigismember(&set, SIGUSR1),\n         sigismember(&copy, SIGUSR1), sigismember(&copy, SIGUSR2));\n  printf(\"%d %d %d %d %d %d\\n\", SEGV_MAPERR, SEGV_ACCERR, CLD_EXITED, CLD_KILLED, SI_USER, SI_TKILL);\n  return 0;\n}\n");
    expect(r.stdout).toBe("siginfo_t 128: signo 0 errno 4 code 8 pid 16 uid 20 status 24 utime 32 stime 40 addr 16 int 24 ptr 24\nstruct sigaction 152: handler 0 sigaction 0 mask 8 flags 136 restorer 144\nsigset_t 128, sa_mask 128: 1 0 1\n1 2 1 2 0 -6\n");
  });
});
