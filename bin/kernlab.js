#!/usr/bin/env node
// The `kernlab` command: runs the bundle that `npm ci` / `npm run build` made.
//
// Node 20 has no compile cache (module.enableCompileCache is Node 22), and
// compiling the 1 MB bundle's functions is about a fifth of a short run. So
// the build leaves V8's code cache next to the bundle (made after a real
// `exec`, so it holds the kernel's and the interpreter's compiled functions)
// and this loader hands it to V8. A cache made by another Node is rejected by
// V8 and the bundle simply compiles as usual.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const vm = require('node:vm');
const Module = require('node:module');

const file = path.join(__dirname, '..', 'dist', 'kernlab.cjs');
const cacheFile = `${file}.cache`;

let cachedData;
try {
  cachedData = fs.readFileSync(cacheFile);
} catch {
  cachedData = undefined; // no cache: compile as usual
}
const script = new vm.Script(Module.wrap(fs.readFileSync(file, 'utf8')), { filename: file, cachedData });
// scripts/build.mjs sets this for one warm-up run to write the cache.
if (process.env.KERNLAB_WRITE_CODE_CACHE === '1') {
  process.once('exit', () => fs.writeFileSync(cacheFile, script.createCachedData()));
}

const bundle = new Module(file, module);
bundle.filename = file;
bundle.paths = Module._nodeModulePaths(path.dirname(file));
Module._cache[file] = bundle;
const bundleRequire = (id) => bundle.require(id);
bundleRequire.resolve = (request, options) => Module._resolveFilename(request, bundle, false, options);
bundleRequire.main = require.main;
bundleRequire.cache = Module._cache;
script.runInThisContext().call(bundle.exports, bundle.exports, bundleRequire, bundle, file, path.dirname(file));
bundle.loaded = true;
