#!/usr/bin/env node
'use strict';
// `npm start`: compile (SWC, about a second) and run the embedded all-in-one.
const { execFileSync } = require('node:child_process');
const path = require('node:path');

process.env.TZ = process.env.TZ || 'UTC';
require('./check-node').exitUnlessSupported();
execFileSync(process.execPath, [path.join(__dirname, 'build.js')], { stdio: 'inherit' });
require(path.join(__dirname, '..', 'dist', 'apps', 'standalone', 'src', 'main.js'));
