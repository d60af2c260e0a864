// `npm run package`: the standalone binary dist/kernlab-<os>-<arch>, which
// runs without Node.js. Offline: everything comes from node_modules and the
// `node` running this script.
//
//   1. esbuild bundles src/cli/main.ts with every package inside into one
//      CommonJS file (dist/sea/kernlab.cjs), patching blessed on the way:
//      - lib/widget.js loads widgets with require('./widgets/' + name):
//        the '.js' suffix is added so that esbuild's glob require matches;
//      - blessed's usr/xterm-256color terminfo is embedded in
//        src/ui/term/terminfo-data.ts (the EMBEDDED line is filled in);
//      - BigText's default font is required instead of read from usr/fonts;
//      - the shipped levels' YAML is parsed now and its data embedded in
//        src/game/level-data-cache.ts (the PARSED line is filled in);
//      - term.js and pty.js (the Terminal widget's optional peers) stay
//        external and are never required at run time;
//      - native addons (*.node: ssh2's optional crypto binding and
//        cpu-features) stay external: ssh2 falls back to pure JavaScript;
//      - cliui (yargs' --help layout) is taken from its CommonJS build:
//        yargs' ESM entry imports cliui's ESM build, whose own wrap cuts
//        words in two ("b" / "riefing"); the CommonJS one uses wrap-ansi.
//   2. A Node SEA blob is made from the bundle (`node --experimental-sea-config`)
//      with the game's resources (levels/**, assets/**) as SEA assets plus a
//      manifest listing them (src/cli/resources.ts reads them).
//   3. A copy of this `node` is stripped (Linux) and the blob is injected
//      with postject under the SEA sentinel fuse.
//
// Flags: --xz also writes <binary>.xz (xz -9, for the download-size figure);
//        --bundle-only stops after step 1 (used by tests and benchmarks).
// Runs on Linux (x64, arm64). macOS needs `codesign --remove-signature`
// before and `codesign --sign -` after the injection (and the Mach-O segment
// NODE_SEA); Windows needs no strip. Both are handled below but only Linux
// is tested here.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { chmodSync, copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { isDeepStrictEqual } from 'node:util';
import { build } from 'esbuild';
import { parseDocument } from 'yaml';

const require = createRequire(import.meta.url);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = path.join(root, 'dist');
const work = path.join(dist, 'sea');

/** The Node SEA sentinel fuse (the same string in every Node release). */
export const SEA_FUSE = 'NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2';
/** Folders whose files ship inside the binary (as src/cli/resources.ts). */
export const RESOURCE_ROOTS = ['levels', 'assets'];
/** SEA asset key of the resource manifest (as src/cli/resources.ts). */
export const RESOURCE_MANIFEST_KEY = '__kernlab_resources__.json';
/** blessed terminfo entries to embed (as src/ui/term/terminfo-data.ts). */
export const TERMINFO_NAMES = ['xterm-256color'];

const osName = { linux: 'linux', darwin: 'macos', win32: 'win' }[process.platform] ?? process.platform;
/** Path of the binary this machine builds. */
export const binaryPath = path.join(dist, `kernlab-${osName}-${process.arch}${process.platform === 'win32' ? '.exe' : ''}`);
/** Path of the bundle inside the binary. */
export const bundlePath = path.join(work, 'kernlab.cjs');

const log = (msg) => process.stderr.write(`package: ${msg}\n`);

/** Every shipped resource file, '/'-separated paths from the root, sorted (same rule as resources.ts). */
export function listResourceFiles() {
  const out = [];
  const walk = (abs) => {
    if (!existsSync(abs) || !statSync(abs).isDirectory()) return;
    for (const name of readdirSync(abs).sort()) {
      if (name.startsWith('.')) continue;
      const p = path.join(abs, name);
      if (statSync(p).isDirectory()) walk(p);
      else out.push(path.relative(root, p).split(path.sep).join('/'));
    }
  };
  for (const r of RESOURCE_ROOTS) walk(path.join(root, r));
  return out.sort();
}

// esbuild plugin: the blessed and kernlab patches listed at the top.
export const blessedPlugin = {
  name: 'kernlab-blessed',
  setup(b) {
    const blessedDir = path.dirname(require.resolve('blessed/package.json'));
    const patch = (file, from, to) => {
      const src = readFileSync(file, 'utf8');
      if (!src.includes(from)) throw new Error(`package: cannot patch ${file}: ${JSON.stringify(from)} not found (blessed changed?)`);
      return src.replace(from, to);
    };
    b.onResolve({ filter: /^cliui$/ }, () => ({ path: require.resolve('cliui') }));
    b.onLoad({ filter: /[\\/]blessed[\\/]lib[\\/]widget\.js$/ }, (args) => ({
      contents: patch(args.path, "require('./widgets/' + file)", "require('./widgets/' + file + '.js')"),
      loader: 'js',
    }));
    b.onLoad({ filter: /[\\/]blessed[\\/]lib[\\/]widgets[\\/]bigtext\.js$/ }, (args) => ({
      contents: patch(
        args.path,
        "data = JSON.parse(fs.readFileSync(filename, 'utf8'));",
        "data = /[\\\\/]ter-u14[nb]\\.json$/.test(filename) ? require('../../usr/fonts/ter-u14n.json')" +
          " : JSON.parse(fs.readFileSync(filename, 'utf8'));",
      ),
      loader: 'js',
    }));
    b.onLoad({ filter: /[\\/]src[\\/]game[\\/]level-data-cache\.ts$/ }, (args) => ({
      contents: patch(
        args.path,
        'const PARSED: Record<string, unknown> | null = null; // @embedded-level-data',
        `const PARSED: Record<string, unknown> | null = ${JSON.stringify(parsedLevels())};`,
      ),
      loader: 'ts',
    }));
    b.onLoad({ filter: /[\\/]src[\\/]ui[\\/]term[\\/]terminfo-data\.ts$/ }, (args) => {
      const table = Object.fromEntries(
        TERMINFO_NAMES.map((n) => [n, readFileSync(path.join(blessedDir, 'usr', n)).toString('base64')]),
      );
      return {
        contents: patch(
          args.path,
          'const EMBEDDED: Record<string, string> | null = null; // @embedded-terminfo',
          `const EMBEDDED: Record<string, string> | null = ${JSON.stringify(table)};`,
        ),
        loader: 'ts',
      };
    });
  },
};

/**
 * The data of every shipped level file (levels/*.yaml) by the SHA-256 of its
 * text, as src/game/level-data-cache.ts looks it up. A file with YAML errors,
 * or whose data JSON cannot carry exactly, is left out: it is parsed at run
 * time, where its errors are reported as usual.
 */
export function parsedLevels() {
  const table = {};
  for (const rel of listResourceFiles().filter((p) => /^levels\/[^/]+\.ya?ml$/.test(p))) {
    const text = readFileSync(path.join(root, rel), 'utf8');
    const doc = parseDocument(text);
    if (doc.errors.length) continue;
    let data;
    try {
      data = doc.toJS();
    } catch {
      continue; // an unresolved alias: reported at run time
    }
    if (!isDeepStrictEqual(JSON.parse(JSON.stringify(data) ?? 'null'), data)) continue;
    table[createHash('sha256').update(text).digest('hex')] = data;
  }
  return table;
}

/**
 * Step 1: bundle everything into dist/sea/kernlab.cjs (or `entry` into
 * `outfile`, for tests); returns esbuild's metafile.
 */
export async function bundle({ entry = path.join(root, 'src/cli/main.ts'), outfile = bundlePath } = {}) {
  mkdirSync(path.dirname(outfile), { recursive: true });
  const result = await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    minifyWhitespace: true,
    minifySyntax: true,
    legalComments: 'none',
    // Native addons cannot live in a single executable: ssh2 loads its
    // optional crypto binding (and cpu-features) in a try/catch and falls
    // back to pure JavaScript when they are absent, as they are here.
    external: ['term.js', 'pty.js', '*.node'],
    plugins: [blessedPlugin],
    metafile: true,
    logLevel: 'error',
  });
  // One blessed only: blessed-contrib's require('blessed') must be ours.
  const programs = Object.keys(result.metafile.inputs).filter((p) => /(^|\/)blessed\/lib\/program\.js$/.test(p));
  if (programs.length > 1) throw new Error(`package: expected one bundled blessed, found ${programs.join(', ')}`);
  return result.metafile;
}

/** Step 2: the SEA blob with the bundle and the resources; returns its path. */
function seaBlob() {
  const resources = listResourceFiles();
  const manifest = path.join(work, RESOURCE_MANIFEST_KEY);
  writeFileSync(manifest, JSON.stringify(resources));
  const assets = { [RESOURCE_MANIFEST_KEY]: manifest };
  for (const rel of resources) assets[rel] = path.join(root, ...rel.split('/'));
  const blob = path.join(work, 'kernlab.blob');
  const config = path.join(work, 'sea-config.json');
  writeFileSync(
    config,
    JSON.stringify(
      {
        main: bundlePath,
        output: blob,
        disableExperimentalSEAWarning: true,
        useCodeCache: true,
        useSnapshot: false,
        assets,
      },
      null,
      2,
    ),
  );
  execFileSync(process.execPath, ['--experimental-sea-config', config], { cwd: work, stdio: ['ignore', 'ignore', 'inherit'] });
  log(`blob with ${resources.length} resources`);
  return blob;
}

/** Step 3: copy node, strip it, inject the blob. */
async function inject(blob) {
  rmSync(binaryPath, { force: true });
  copyFileSync(process.execPath, binaryPath);
  chmodSync(binaryPath, 0o755);
  if (process.platform === 'linux') execFileSync('strip', [binaryPath], { stdio: 'inherit' });
  if (process.platform === 'darwin') execFileSync('codesign', ['--remove-signature', binaryPath], { stdio: 'inherit' });
  const { inject: postject } = require('postject');
  // postject (LIEF) warns about node's many ELF notes on stderr; the
  // injection is checked by running the binary, so keep its output quiet.
  const warn = console.warn;
  console.warn = () => undefined;
  try {
    await postject(binaryPath, 'NODE_SEA_BLOB', readFileSync(blob), {
      sentinelFuse: SEA_FUSE,
      machoSegmentName: process.platform === 'darwin' ? 'NODE_SEA' : undefined,
    });
  } finally {
    console.warn = warn;
  }
  if (process.platform === 'darwin') execFileSync('codesign', ['--sign', '-', binaryPath], { stdio: 'inherit' });
}

/** The whole pipeline; returns the binary's path. */
export async function packageBinary({ xz = false } = {}) {
  const t0 = performance.now();
  const [major, minor] = process.versions.node.split('.').map(Number);
  if (major < 20 || (major === 20 && minor < 12)) {
    throw new Error(`package: Node ${process.version} cannot embed SEA assets; use Node 20.12 or later`);
  }
  await bundle();
  log(`bundle ${(statSync(bundlePath).size / 1024).toFixed(0)} KiB`);
  await inject(seaBlob());
  // The binary must start: --version through the embedded bundle.
  const version = execFileSync(binaryPath, ['--version'], { encoding: 'utf8', env: { PATH: '/usr/bin:/bin' } }).trim();
  log(`${path.relative(root, binaryPath)} ${(statSync(binaryPath).size / 2 ** 20).toFixed(1)} MiB, version ${version}`);
  if (xz) {
    const out = `${binaryPath}.xz`;
    execFileSync('sh', ['-c', 'xz -9 -T0 -c "$1" > "$2"', 'xz', binaryPath, out], { stdio: 'inherit' });
    log(`${path.relative(root, out)} ${(statSync(out).size / 2 ** 20).toFixed(1)} MiB`);
  }
  log(`done in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  return binaryPath;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = new Set(process.argv.slice(2));
  if (args.has('--bundle-only')) await bundle();
  else await packageBinary({ xz: args.has('--xz') });
}
