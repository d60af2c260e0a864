// Argument helpers shared by the kernlab debugger commands: a PID that
// must name a live task, with errno-style messages like bash's kill.

import type { TaskStruct } from '../kernel/task';
import type { ConsoleServices, Out } from './command';
import { parseUint } from './numbers';

/**
 * The task `arg` names, or null after printing "CMD: (ARG) - No such
 * process" (or "CMD: ARG: arguments must be process IDs").
 */
export function taskArg(c: ConsoleServices, cmd: string, arg: string | undefined, out: Out, usage: string): TaskStruct | null {
  if (arg === undefined) {
    out.line(`${cmd}: usage: ${usage}`);
    return null;
  }
  const pid = parseUint(arg);
  if (pid === null) {
    out.line(`${cmd}: ${arg}: arguments must be process IDs`);
    return null;
  }
  const t = c.task(pid);
  if (!t) {
    out.line(`${cmd}: (${pid}) - No such process`);
    return null;
  }
  return t;
}

/** "name(pid)" for messages. */
export function who(t: TaskStruct): string {
  return `${t.pid} (${t.comm})`;
}
