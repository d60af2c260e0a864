// The example programs the lab offers a student with no C file of their
// own: assets/examples/*.c, and the lecture's process.c. Each says in its
// comments what to watch and what to try (the lecture's file says nothing
// of the kind: the lab gives it a first comment that does). A file on disk
// of the same name comes first (a student's own edit of one).
import path from 'node:path';
import { listResources, readResource } from './resources';

const LECTURE = 'levels/programs/process.c';

/** What to watch and try in the lecture's process.c, above its text (which stays as the lecture has it). */
const LECTURE_NOTES = `/* The lecture's process.c: fork() makes a child, which sleeps a second
 * and exits; the parent says so at once and waits for it in waitpid().
 *
 * Watch: the task tree (or ps -o pid,ppid,stat,comm): process and its
 *        child, both S for a second (the parent in waitpid, the child in
 *        sleep), then neither.
 * Try:   kill -9 the child within its second: the parent still prints
 *        exit status 0 (WEXITSTATUS of a status that holds signal 9:
 *        WIFEXITED is false); strace -f -p PID on the parent first. */
`;

/** The examples by file name (zombie.c, ...), the lecture's first. */
export function labExamples(): Map<string, string> {
  const files = [LECTURE, ...listResources('assets').filter((p) => /^assets\/examples\/[^/]+\.c$/.test(p)).sort()];
  return new Map(files.map((p) => [path.posix.basename(p), p === LECTURE ? LECTURE_NOTES + readResource(p) : readResource(p)]));
}
