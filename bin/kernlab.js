#!/usr/bin/env node
// The `kernlab` command: runs the bundle that `npm ci` / `npm run build` made.
require('../dist/kernlab.cjs');
