// Command-line options that describe the simulated machine, shared by every
// command that boots one (exec, shell, run, play).
import type { Argv } from 'yargs';
import { DEFAULT_CPUS, NR_CPUS, PID_MAX_DEFAULT, PID_MAX_LIMIT, PID_MAX_MIN } from '../kernel/param';
import type { MachineConfig } from '../kernel/kernel';

export interface MachineArgs {
  cpus: number;
  seed: string;
  'pid-max': number;
  'debug-checks': boolean;
}

export function withMachineOptions<T>(y: Argv<T>): Argv<T & MachineArgs> {
  return y
    .option('cpus', { type: 'number', default: DEFAULT_CPUS, describe: `number of CPUs (1-${NR_CPUS})` })
    .option('seed', { type: 'string', default: 'kernlab', describe: 'seed for every random choice (same seed, same run)' })
    .option('pid-max', { type: 'number', default: PID_MAX_DEFAULT, describe: '/proc/sys/kernel/pid_max' })
    .option('debug-checks', { type: 'boolean', default: false, describe: 'check every kernel invariant after every tick; panic on a broken one (slow)' })
    .check((a) => {
      const cpus = a.cpus as number;
      const pidMax = a['pid-max'] as number;
      if (!Number.isInteger(cpus) || cpus < 1 || cpus > NR_CPUS) throw new Error(`--cpus must be an integer from 1 to ${NR_CPUS}`);
      if (!Number.isInteger(pidMax) || pidMax < PID_MAX_MIN || pidMax > PID_MAX_LIMIT)
        throw new Error(`--pid-max must be an integer from ${PID_MAX_MIN} to ${PID_MAX_LIMIT}`);
      return true;
    }) as Argv<T & MachineArgs>;
}

export function machineConfig(a: MachineArgs): Partial<MachineConfig> {
  return { cpus: a.cpus, seed: String(a.seed), pidMax: a['pid-max'], debugChecks: a['debug-checks'] === true };
}
