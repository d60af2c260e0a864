// The example programs the lab offers a student with no C file of their
// own: assets/examples/*.c, and the lecture's process.c. Each says in its
// comments what to watch and what to try. A file on disk of the same name
// comes first (a student's own edit of one).
import path from 'node:path';
import { listResources, readResource } from './resources';

const LECTURE = 'levels/programs/process.c';

/** The examples by file name (zombie.c, ...), the lecture's first. */
export function labExamples(): Map<string, string> {
  const files = [LECTURE, ...listResources('assets').filter((p) => /^assets\/examples\/[^/]+\.c$/.test(p)).sort()];
  return new Map(files.map((p) => [path.posix.basename(p), readResource(p)]));
}
