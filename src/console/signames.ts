// Signal names as bash prints and reads them (kill -l, kill -SIG).
// linux: include/uapi/asm-generic/signal.h; bash: siglist.c, trap.c

import { SIGNAL_NAMES, NSIG, SIGIO } from '../kernel/uapi/signal';

/** bash's signal_name: "SIGHUP", ..., "SIGRTMIN+3", "SIGRTMAX-2"; "" for 32 and 33 (glibc's). */
export function bashSignalName(sig: number): string {
  if (sig === SIGIO) return 'SIGIO';
  if (sig >= 1 && sig < SIGNAL_NAMES.length) return 'SIG' + SIGNAL_NAMES[sig];
  if (sig === 34) return 'SIGRTMIN';
  if (sig === 64) return 'SIGRTMAX';
  if (sig > 34 && sig <= 49) return `SIGRTMIN+${sig - 34}`;
  if (sig >= 50 && sig < 64) return `SIGRTMAX-${64 - sig}`;
  return '';
}

/**
 * bash's decode_signal: a number 0..64, or a name with or without "SIG",
 * in any case. Returns -1 for an invalid specification.
 */
export function decodeSignal(spec: string): number {
  if (/^\d+$/.test(spec)) {
    const n = Number(spec);
    return n >= 0 && n <= NSIG ? n : -1;
  }
  const up = spec.toUpperCase();
  for (let s = 1; s <= NSIG; s++) {
    const name = bashSignalName(s);
    if (!name) continue;
    if (up === name || up === name.slice(3)) return s;
  }
  return -1;
}

/** `kill -l`: five per line, "%2d) %s" separated by tabs. */
export function signalList(): string {
  let out = '';
  let column = 0;
  for (let i = 1; i <= NSIG; i++) {
    const name = bashSignalName(i);
    if (!name) continue;
    out += `${String(i).padStart(2)}) ${name}`;
    if (++column < 5) out += '\t';
    else {
      out += '\n';
      column = 0;
    }
  }
  if (column !== 0) out += '\n';
  return out;
}

/** Every name, for completion ("-KILL", "-SIGKILL", ...). */
export function signalNames(): string[] {
  const out: string[] = [];
  for (let s = 1; s <= NSIG; s++) {
    const n = bashSignalName(s);
    if (n) out.push(n.slice(3), n);
  }
  return out;
}

/** Tab completion of a `-SIG` option (kill, pkill, killall): -KILL, -SIGKILL, ... */
export function completeSignalOption(word: string): string[] {
  return signalNames()
    .map((n) => '-' + n)
    .filter((n) => n.startsWith(word));
}
