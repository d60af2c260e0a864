// The game's data files: levels (YAML and mini-C programs) and assets (help
// text, ASCII art, themes). This is the only module that reads them.
//
// In development they are read from the repository (found by walking up from
// this module — src/cli/ under vitest, dist/ in the esbuild bundle — to the
// folder whose package.json is kernlab's). Inside the standalone binary they
// are Node SEA assets, embedded by scripts/package.mjs under the same
// relative paths, with a manifest asset listing them (Node 20's node:sea has
// no way to list assets). Both sources apply the same rule to what ships:
// every file under the RESOURCE_ROOTS folders whose name does not start
// with a dot.
//
// Paths are relative to the repository root, with '/' separators:
// 'levels/01-zombies.yaml', 'levels/programs/process.c', 'assets/help.txt'.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

/** Top-level folders whose files ship with kernlab. */
export const RESOURCE_ROOTS: readonly string[] = ['levels', 'assets'];

/** SEA asset key of the JSON array of every embedded resource path. */
export const RESOURCE_MANIFEST_KEY = '__kernlab_resources__.json';

/** Where the resources of this process come from. */
export type ResourceOrigin =
  | { kind: 'repository'; root: string } // files under this folder
  | { kind: 'embedded' }; // assets of the standalone binary

// One way of reading resources.
interface ResourceSource {
  origin: ResourceOrigin; // for messages and `kernlab --version`-like reports
  paths: readonly string[]; // every resource path, sorted
  read(rel: string): Buffer | undefined; // bytes, or undefined if absent
}

// The subset of node:sea kernlab uses (node:sea exists from Node 20.12).
interface SeaModule {
  isSea(): boolean; // running as a single executable application
  getAsset(key: string): ArrayBuffer; // a copy of an embedded asset
}

// The source, chosen on first use.
let source: ResourceSource | undefined;

/** The node:sea module when running as a standalone binary, else undefined. */
function seaModule(): SeaModule | undefined {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- node:sea is absent before Node 20.12
    const sea = require('node:sea') as SeaModule;
    return sea.isSea() ? sea : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The repository root: the nearest folder at or above `start` holding
 * kernlab's package.json. Throws if there is none (a broken install).
 */
export function findRepositoryRoot(start: string): string {
  for (let dir = path.resolve(start); ; dir = path.dirname(dir)) {
    const pkg = path.join(dir, 'package.json');
    if (existsSync(pkg)) {
      try {
        if ((JSON.parse(readFileSync(pkg, 'utf8')) as { name?: unknown }).name === 'kernlab') return dir;
      } catch {
        // not JSON: keep looking
      }
    }
    if (path.dirname(dir) === dir) throw new Error(`kernlab resources: no kernlab package.json above ${start}`);
  }
}

/**
 * Every shipped file under `absDir`, as paths relative to `root` with '/'
 * separators, sorted. Skips names starting with '.'. The same rule is
 * implemented in scripts/package.mjs (the package test compares them).
 */
function walk(root: string, absDir: string, out: string[]): string[] {
  if (!existsSync(absDir) || !statSync(absDir).isDirectory()) return out;
  for (const name of readdirSync(absDir).sort()) {
    if (name.startsWith('.')) continue;
    const abs = path.join(absDir, name);
    if (statSync(abs).isDirectory()) walk(root, abs, out);
    else out.push(path.relative(root, abs).split(path.sep).join('/'));
  }
  return out;
}

// Resources from the repository's folders.
function repositorySource(root: string): ResourceSource {
  const paths = RESOURCE_ROOTS.flatMap((r) => walk(root, path.join(root, r), [])).sort();
  const known = new Set(paths);
  return {
    origin: { kind: 'repository', root },
    paths,
    read: (rel) => (known.has(rel) ? readFileSync(path.join(root, ...rel.split('/'))) : undefined),
  };
}

// Resources embedded in the standalone binary.
function embeddedSource(sea: SeaModule): ResourceSource {
  const manifest = JSON.parse(Buffer.from(sea.getAsset(RESOURCE_MANIFEST_KEY)).toString('utf8')) as string[];
  const paths = [...manifest].sort();
  const known = new Set(paths);
  return {
    origin: { kind: 'embedded' },
    paths,
    read: (rel) => (known.has(rel) ? Buffer.from(sea.getAsset(rel)) : undefined),
  };
}

// The source for this process (the repository's file list is read once).
function current(): ResourceSource {
  if (source === undefined) {
    const sea = seaModule();
    source = sea !== undefined ? embeddedSource(sea) : repositorySource(findRepositoryRoot(__dirname));
  }
  return source;
}

/**
 * Check and normalise a resource path. A path outside RESOURCE_ROOTS, an
 * absolute one or one that climbs with '..' is a programming error: throws.
 */
function normalise(rel: string): string {
  const norm = path.posix.normalize(rel.replace(/\\/g, '/')).replace(/\/+$/, '');
  const top = norm.split('/')[0]!;
  if (path.posix.isAbsolute(norm) || norm.startsWith('..') || !RESOURCE_ROOTS.includes(top)) {
    throw new Error(`kernlab resources: ${JSON.stringify(rel)} is not under ${RESOURCE_ROOTS.join('/ or ')}/`);
  }
  return norm;
}

/** Where this process reads resources from. */
export function resourceOrigin(): ResourceOrigin {
  return current().origin;
}

/** Whether the resource file `rel` exists (false for a folder). */
export function resourceExists(rel: string): boolean {
  const norm = normalise(rel);
  return current().paths.includes(norm);
}

/**
 * The bytes of resource `rel`. Throws an Error with code 'ENOENT' if there is
 * no such file: check resourceExists() first for names a user typed.
 */
export function readResourceBytes(rel: string): Buffer {
  const norm = normalise(rel);
  const bytes = current().read(norm);
  if (bytes === undefined) {
    const where = current().origin;
    const err = new Error(
      `kernlab resources: no ${norm} (${where.kind === 'embedded' ? 'in this binary' : `under ${where.root}`})`,
    ) as NodeJS.ErrnoException;
    err.code = 'ENOENT';
    throw err;
  }
  return bytes;
}

/** The text (UTF-8) of resource `rel`; throws like readResourceBytes. */
export function readResource(rel: string): string {
  return readResourceBytes(rel).toString('utf8');
}

/**
 * Every resource file under folder `dirRel` (recursively), as full resource
 * paths, sorted; [] when there is no such folder. `listResources('levels')`
 * lists the levels and their programs.
 */
export function listResources(dirRel: string): string[] {
  const prefix = normalise(dirRel) + '/';
  return current().paths.filter((p) => p.startsWith(prefix));
}
