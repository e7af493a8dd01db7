#!/usr/bin/env node
'use strict';
// Runs a TypeScript entry point (demo, bench, infra) without a build step.
const path = require('node:path');
process.env.TZ = process.env.TZ || 'UTC';
require('@swc-node/register');
const [, , entry, ...rest] = process.argv;
if (!entry) {
  process.stderr.write('usage: run-ts <file.ts> [args...]\n');
  process.exit(2);
}
process.argv = [process.argv[0], path.resolve(entry), ...rest];
require(path.resolve(entry));
