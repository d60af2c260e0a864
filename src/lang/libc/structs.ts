// The C library's structs a program can use, with glibc's x86-64 layout.
// Their unions (sigaction's handler, siginfo_t's _sifields) are members at
// the same offset, which is what glibc's `#define si_pid _sifields._kill.si_pid`
// macros amount to. The kernel's structs (kernel_sigaction, the siginfo it
// writes) are laid out in src/lang/libc/signal.ts and src/lang/cpu.ts.

import { NAMED_TYPES, T_INT, T_LONG, T_VOID, T_VOIDP, type CType, type Member, type StructDef, type StructT } from '../types';

const m = (name: string, type: CType, off: number): Member => ({ name, type, off });
const fnPtr = (params: CType[]): CType => ({ k: 'ptr', to: { k: 'fn', ret: T_VOID, params, variadic: false, noproto: false } });

/** siginfo_t (128 bytes): the fields of kill, SIGCHLD, faults and sigqueue. glibc: bits/types/siginfo_t.h */
export const SIGINFO_DEF: StructDef = {
  tag: '',
  size: 128,
  align: 8,
  members: [
    m('si_signo', T_INT, 0),
    m('si_errno', T_INT, 4),
    m('si_code', T_INT, 8),
    m('si_pid', NAMED_TYPES.pid_t, 16), // _kill, _rt, _sigchld
    m('si_uid', NAMED_TYPES.uid_t, 20),
    m('si_status', T_INT, 24), // _sigchld
    m('si_utime', T_LONG, 32),
    m('si_stime', T_LONG, 40),
    m('si_addr', T_VOIDP, 16), // _sigfault
    m('si_int', T_INT, 24), // _rt.si_sigval
    m('si_ptr', T_VOIDP, 24),
    m('si_timerid', T_INT, 16), // _timer
    m('si_overrun', T_INT, 20),
    m('si_band', T_LONG, 16), // _sigpoll
    m('si_fd', T_INT, 24),
  ],
};

export const T_SIGINFO: StructT = { k: 'struct', def: SIGINFO_DEF, name: 'siginfo_t' };

/** struct sigaction (152 bytes): the handler union, sa_mask (128 bytes), sa_flags, sa_restorer. glibc: bits/sigaction.h */
export const SIGACTION_DEF: StructDef = {
  tag: 'sigaction',
  size: 152,
  align: 8,
  members: [
    m('sa_handler', fnPtr([T_INT]), 0),
    m('sa_sigaction', fnPtr([T_INT, { k: 'ptr', to: T_SIGINFO }, T_VOIDP]), 0),
    m('sa_mask', NAMED_TYPES.sigset_t, 8),
    m('sa_flags', T_INT, 136),
    m('sa_restorer', fnPtr([]), 144),
  ],
};

/** Offsets libc's sigaction() reads. */
export const SA_HANDLER_OFF = 0;
export const SA_MASK_OFF = 8;
export const SA_FLAGS_OFF = 136;
export const SA_RESTORER_OFF = 144;

/** Struct tags every program sees (as if <signal.h> were included). */
export const LIBC_STRUCTS: Record<string, StructDef> = { sigaction: SIGACTION_DEF };

/** Typedef names of the C library's structs. */
export const LIBC_TYPEDEFS: Record<string, CType> = { siginfo_t: T_SIGINFO };
