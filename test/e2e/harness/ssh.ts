// Whether the OpenSSH client is here for the tests that drive it: CI
// installs it (.ci/run); locally those tests skip, saying which.
import { execFileSync } from 'node:child_process';

/** True when `ssh` is installed; under CI its absence is an error, else `skipped` says which tests skip. */
export function requireSshOrSkip(skipped: string): boolean {
  try {
    execFileSync('sh', ['-c', 'command -v ssh'], { encoding: 'utf8' });
    return true;
  } catch {
    if (process.env.CI) throw new Error('ssh is not installed — but CI is set: .ci/run must install openssh-client');
    console.warn(`ssh (OpenSSH client) is not installed: ${skipped} skipped (apt-get install openssh-client)`);
    return false;
  }
}
