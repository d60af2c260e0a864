// Whose machine looks like whose: one seed for the whole room, or a seed
// per student derived from the challenge's seed and the student's name (so
// neighbours' PIDs and addresses differ and answers cannot be copied).

import { createHash } from 'node:crypto';

/** The seed policy of a challenge. */
export type SeedPolicy =
  | { kind: 'shared'; seed: string } // every student plays the same machines
  | { kind: 'per-student'; seed: string }; // each student's seed is derived from this and the name

/**
 * The seed a student plays every level with. Shared: the challenge's seed.
 * Per student: the first 16 hex digits of sha256(seed NUL name) — stable
 * across restarts and machines, different for every name.
 */
export function studentSeed(policy: SeedPolicy, name: string): string {
  if (policy.kind === 'shared') return policy.seed;
  return createHash('sha256').update(`${policy.seed}\u0000${name}`).digest('hex').slice(0, 16);
}
